"""Print tests/genrespec.py's documents the ways vendors do (issue 10).

- ``genre_html``: a web page for headless Chromium (tests/browser.py), the page size and
  running footer set by CSS ``@page`` (its margin box), header rows repeated by
  ``<thead>``, ``rowspan`` / ``colspan`` cells;
- ``build_genre_docx``: a Word document (python-docx) for LibreOffice to export, with
  merged cells, header rows repeated on each page, a page footer;
- ``build_genre_pdf``: reportlab's platypus, its tables split between rows and inside
  them, the header rows repeated, a footer drawn on every page.

Each takes the paper (``a4`` / ``letter``) and orientation (``portrait`` /
``landscape``). Rows are allowed to break over a page everywhere.
"""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path
from typing import Literal

from genrespec import (
    KINDS,
    Block,
    Bullets,
    GenreDoc,
    Heading,
    Para,
    Row,
    SubHeading,
    Table,
    Title,
    flow_matrix,
)
from realspec import KINDS as REAL_KINDS

Paper = Literal["a4", "letter"]
Orientation = Literal["portrait", "landscape"]
PAPER_MM = {"a4": (210.0, 297.0), "letter": (215.9, 279.4)}
MARGIN_MM = 18.0
URL = re.compile(r"https?://[^\s,;]+[^\s,;.]")


def page_mm(paper: Paper, orientation: Orientation) -> tuple[float, float]:
    width, height = PAPER_MM[paper]
    return (height, width) if orientation == "landscape" else (width, height)


def header_rows(table: Table) -> int:
    return 2 if table.bands else 1


# --------------------------------------------------------------------------- HTML

CSS = """
@page {{ size: {size}; margin: 16mm 15mm 20mm 15mm; {footer} }}
body {{ font-family: "DejaVu Sans", Arial, sans-serif; font-size: 9.5pt; margin: 0; }}
h1 {{ font-size: 19pt; color: #1d3f6e; margin: 4pt 0; }}
h2 {{ font-size: 13pt; color: #1d3f6e; margin: 14pt 0 4pt; }}
p.meta {{ color: #555; font-size: 8.5pt; margin-top: 0; }}
p.note {{ font-size: 8pt; margin: 2pt 0; }}
table {{ border-collapse: collapse; width: 100%; margin: 6pt 0; }}
th, td {{ border: 1px solid #9aa; padding: 3pt 5pt; text-align: left; vertical-align: top; }}
th {{ background: #e3e9f2; }}
td.sub {{ background: #f2f4f7; font-weight: bold; }}
td {{ overflow-wrap: anywhere; }}
a {{ color: #0563c1; }}
table.rules th, table.rules td {{ border: none; border-bottom: 1px solid #ccc; background: none; }}
table.rules th {{ border-bottom: 1.5px solid #888; vertical-align: bottom; }}
td.middle {{ vertical-align: middle; }}
code.pill {{ font-family: "DejaVu Sans Mono", monospace; font-size: 8pt; background: #eef0f3;
  border-radius: 4px; padding: 1px 4px; }}
"""


def _text(text: str) -> str:
    """Escaped, URLs as links, line breaks kept."""
    out, last = [], 0
    for m in URL.finditer(text):
        out += [html.escape(text[last : m.start()]), f'<a href="{m[0]}">{html.escape(m[0])}</a>']
        last = m.end()
    out.append(html.escape(text[last:]))
    return "".join(out).replace("\n", "<br>")


def _html_header(table: Table) -> str:
    if not table.bands:
        return "<tr>" + "".join(f"<th>{html.escape(c)}</th>" for c in table.columns) + "</tr>"
    top, under, column = [], [], 0
    for text, span in table.bands:
        if span == 1:
            top.append(f'<th rowspan="2">{html.escape(table.columns[column])}</th>')
        else:
            top.append(f'<th colspan="{span}">{html.escape(text)}</th>')
            under += [f"<th>{html.escape(c)}</th>" for c in table.columns[column : column + span]]
        column += span
    return f"<tr>{''.join(top)}</tr><tr>{''.join(under)}</tr>"


def _html_row(row: Row | SubHeading, table: Table) -> str:
    if isinstance(row, SubHeading):
        ncols = len(table.columns)
        return f'<tr><td class="sub" colspan="{ncols}">{html.escape(row.text)}</td></tr>'
    cells = []
    for j, cell in enumerate(row.cells):
        if cell is not None:
            span = f' rowspan="{row.spans[j]}"' if j in row.spans else ""
            text = f'<code class="pill">{_text(cell)}</code>' if j in table.pills else _text(cell)
            cells.append(f'<td{span} class="{table.valign}">{text}</td>')
    return "<tr>" + "".join(cells) + "</tr>"


def _html_block(block: Block) -> str:
    if isinstance(block, Title):
        return f"<h1>{html.escape(block.text)}</h1>"
    if isinstance(block, Heading):
        return f"<h2>{html.escape(block.text)}</h2>"
    if isinstance(block, Para):
        return f'<p class="{block.style}">{_text(block.text)}</p>'
    if isinstance(block, Bullets):
        return "<ul>" + "".join(f"<li>{_text(i)}</li>" for i in block.items) + "</ul>"
    widths = "".join(f'<col style="width:{w / sum(block.widths):.1%}">' for w in block.widths)
    body = "".join(_html_row(r, block) for r in block.rows)
    return (
        f'<table class="{block.look}"><colgroup>{widths}</colgroup>'
        f"<thead>{_html_header(block)}</thead><tbody>{body}</tbody></table>"
    )


def genre_html(doc: GenreDoc, paper: Paper = "a4", orientation: Orientation = "portrait") -> str:
    footer = doc.footer.replace("\\", "\\\\").replace('"', '\\"')
    # Without a footer of its own the page leaves the margin to the browser's.
    box = f'@bottom-left {{ content: "{footer}"; font-size: 8pt; color: #555; }}'
    css = CSS.format(size=f"{paper} {orientation}", footer=box if footer else "")
    body = "".join(_html_block(b) for b in doc.blocks)
    title = next(b.text for b in doc.blocks if isinstance(b, Title))
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title><style>{css}</style></head>"
        f"<body>{body}</body></html>"
    )


# --------------------------------------------------------------------------- Word


def _shade(cell, fill: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shading = OxmlElement("w:shd")
    for name, value in (("val", "clear"), ("color", "auto"), ("fill", fill)):
        shading.set(qn(f"w:{name}"), value)
    cell._tc.get_or_add_tcPr().append(shading)


def _repeat_header(row) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    mark = OxmlElement("w:tblHeader")
    mark.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(mark)


def _set_text(cell, text: str, *, bold: bool = False, pill: bool = False) -> None:
    """A cell's text, "\n" a line break inside its paragraph (python-docx writes <w:br/>);
    a pill: monospace on a shaded run."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = cell.paragraphs[0].add_run(text)
    run.bold = bold
    if pill:
        run.font.name = "DejaVu Sans Mono"
        shading = OxmlElement("w:shd")
        for name, value in (("val", "clear"), ("color", "auto"), ("fill", "EEF0F3")):
            shading.set(qn(f"w:{name}"), value)
        run._r.get_or_add_rPr().append(shading)


def _rule_below(cell) -> None:
    """Only a rule under the cell (a docs site's table: horizontal rules only)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    borders = OxmlElement("w:tcBorders")
    for side in ("top", "left", "right", "bottom"):
        edge = OxmlElement(f"w:{side}")
        for name, value in (
            ("val", "single" if side == "bottom" else "nil"),
            ("sz", "6"),
            ("color", "AAAAAA"),
        ):
            edge.set(qn(f"w:{name}"), value)
        borders.append(edge)
    cell._tc.get_or_add_tcPr().append(borders)


def _docx_table(document, table: Table, width_mm: float) -> None:
    from docx.shared import Mm

    top = header_rows(table)
    grid = document.add_table(rows=top + len(table.rows), cols=len(table.columns))
    grid.style = "Table Grid"
    grid.autofit = False
    total = sum(table.widths)
    for j, w in enumerate(table.widths):  # LibreOffice reads the grid, Word the cells
        grid.columns[j].width = Mm(width_mm * w / total)
        for cell in grid.columns[j].cells:
            cell.width = Mm(width_mm * w / total)
    for i in range(top):
        _repeat_header(grid.rows[i])
    column = 0
    for text, span in table.bands:
        first = grid.cell(0, column)
        if span == 1:
            merged = first.merge(grid.cell(1, column))
            _set_text(merged, table.columns[column], bold=True)
        else:
            merged = first.merge(grid.cell(0, column + span - 1))
            _set_text(merged, text, bold=True)
        column += span
    for j, word in enumerate(table.columns):
        cell = grid.cell(top - 1, j)
        if not table.bands or cell.text == "":
            _set_text(cell, word, bold=True)
    for i in range(top):
        for cell in grid.rows[i].cells:
            if table.look == "grid":
                _shade(cell, "E3E9F2")
    for i, row in enumerate(table.rows, start=top):
        if isinstance(row, SubHeading):
            merged = grid.cell(i, 0).merge(grid.cell(i, len(table.columns) - 1))
            _set_text(merged, row.text, bold=True)
            _shade(merged, "F2F4F7")
            continue
        for j, text in enumerate(row.cells):
            if text is None:
                continue
            cell = grid.cell(i, j)
            if j in row.spans:
                cell = cell.merge(grid.cell(i + row.spans[j] - 1, j))
            _set_text(cell, text, pill=j in table.pills)
    if table.look == "rules" or table.valign == "middle":
        from docx.enum.table import WD_ALIGN_VERTICAL

        for i, grid_row in enumerate(grid.rows):
            for cell in grid_row.cells:
                if table.look == "rules":
                    _rule_below(cell)
                if table.valign == "middle" and i >= top:
                    cell.vertical_alignment = WD_ALIGN_VERTICAL.CENTER
    document.add_paragraph("")


def build_genre_docx(
    doc: GenreDoc, path: Path, paper: Paper = "a4", orientation: Orientation = "portrait"
) -> Path:
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm, Pt

    document = docx.Document()
    document.styles["Normal"].font.size = Pt(9.5)
    section = document.sections[0]
    width, height = page_mm(paper, orientation)
    section.orientation = WD_ORIENT.LANDSCAPE if orientation == "landscape" else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(width), Mm(height)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(MARGIN_MM))
    section.footer.paragraphs[0].text = doc.footer
    for block in doc.blocks:
        if isinstance(block, Title):
            document.add_heading(block.text, level=0)
        elif isinstance(block, Heading):
            document.add_heading(block.text, level=1)
        elif isinstance(block, Para):
            paragraph = document.add_paragraph(block.text)
            if block.style != "body":
                for run in paragraph.runs:
                    run.font.size = Pt(8)
        elif isinstance(block, Bullets):
            for item in block.items:
                document.add_paragraph(item, style="List Bullet")
        else:
            _docx_table(document, block, width - 2 * MARGIN_MM)
    document.save(str(path))
    return path


# --------------------------------------------------------------------------- reportlab


def build_genre_pdf(
    doc: GenreDoc, path: Path, paper: Paper = "a4", orientation: Orientation = "portrait"
) -> Path:
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import ListFlowable, Paragraph, SimpleDocTemplate, Spacer
    from reportlab.platypus import Table as PdfTable

    width, height = (v * mm for v in page_mm(paper, orientation))
    body = ParagraphStyle("body", fontName="Helvetica", fontSize=9.5, leading=12, spaceAfter=5)
    styles = {
        "body": body,
        "meta": ParagraphStyle("meta", parent=body, fontSize=8.5, textColor=colors.grey),
        "note": ParagraphStyle("note", parent=body, fontSize=8, leading=10, spaceAfter=2),
        "title": ParagraphStyle(
            "title", parent=body, fontName="Helvetica-Bold", fontSize=18, leading=22, spaceAfter=6
        ),
        "heading": ParagraphStyle(
            "heading",
            parent=body,
            fontName="Helvetica-Bold",
            fontSize=13,
            leading=16,
            spaceBefore=10,
        ),
        "cell": ParagraphStyle("cell", parent=body, fontSize=8.5, leading=10.5, spaceAfter=0),
        "head": ParagraphStyle(
            "head", parent=body, fontName="Helvetica-Bold", fontSize=8.5, leading=10.5, spaceAfter=0
        ),
    }

    def para(text: str, style: str, pill: bool = False) -> Paragraph:
        escaped = html.escape(text).replace("\n", "<br/>")
        if pill:  # a shaded box around the value
            escaped = f'<font face="Courier" backColor="#eef0f3">{escaped}</font>'
        return Paragraph(escaped, styles[style])

    def table(block: Table) -> PdfTable:
        top, ncols = header_rows(block), len(block.columns)
        grid: list[list] = [[""] * ncols for _ in range(top)]
        commands: list[tuple] = (
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#99aaaa")),
                ("BACKGROUND", (0, 0), (-1, top - 1), colors.HexColor("#e3e9f2")),
            ]
            if block.look == "grid"
            else [("LINEBELOW", (0, 0), (-1, -1), 0.5, colors.HexColor("#aaaaaa"))]
        )
        commands += [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("VALIGN", (0, top), (-1, -1), block.valign.upper()),
        ]
        column = 0
        for text, span in block.bands:
            if span == 1:
                grid[0][column] = para(block.columns[column], "head")
                commands.append(("SPAN", (column, 0), (column, 1)))
            else:
                grid[0][column] = para(text, "head")
                commands.append(("SPAN", (column, 0), (column + span - 1, 0)))
                for j in range(column, column + span):
                    grid[1][j] = para(block.columns[j], "head")
            column += span
        if not block.bands:
            grid[0] = [para(c, "head") for c in block.columns]
        for i, row in enumerate(block.rows, start=top):
            if isinstance(row, SubHeading):
                grid.append([para(row.text, "head")] + [""] * (ncols - 1))
                commands += [
                    ("SPAN", (0, i), (-1, i)),
                    ("BACKGROUND", (0, i), (-1, i), colors.HexColor("#f2f4f7")),
                ]
                continue
            grid.append(
                [
                    "" if c is None else para(c, "cell", j in block.pills)
                    for j, c in enumerate(row.cells)
                ]
            )
            commands += [("SPAN", (j, i), (j, i + n - 1)) for j, n in row.spans.items()]
        usable = width - 2 * MARGIN_MM * mm
        widths = [usable * w / sum(block.widths) for w in block.widths]
        return PdfTable(grid, colWidths=widths, repeatRows=top, style=commands, splitInRow=1)

    flow: list = []
    for block in doc.blocks:
        if isinstance(block, Title):
            flow.append(para(block.text, "title"))
        elif isinstance(block, Heading):
            flow.append(para(block.text, "heading"))
        elif isinstance(block, Para):
            flow.append(para(block.text, block.style))
        elif isinstance(block, Bullets):
            items = [para(item, "body") for item in block.items]
            flow.append(ListFlowable(items, bulletType="bullet", start="•", leftIndent=12))
        else:
            flow += [table(block), Spacer(1, 6)]

    def footer(canvas, _doc) -> None:
        canvas.setFont("Helvetica", 8)
        canvas.drawString(MARGIN_MM * mm, 10 * mm, doc.footer)
        canvas.drawRightString(width - MARGIN_MM * mm, 10 * mm, f"Page {canvas.getPageNumber()}")

    template = SimpleDocTemplate(
        str(path),
        pagesize=(width, height),
        leftMargin=MARGIN_MM * mm,
        rightMargin=MARGIN_MM * mm,
        topMargin=MARGIN_MM * mm,
        bottomMargin=MARGIN_MM * mm,
        title=next(b.text for b in doc.blocks if isinstance(b, Title)),
    )
    template.build(flow, onFirstPage=footer, onLaterPages=footer)
    return path


# --------------------------------------------------------------------------- variants

# name -> (kind, producer, paper, orientation)
VARIANTS = {
    "help-page-chromium-a4": ("help-page", "chromium", "a4", "portrait"),
    "help-page-word-letter": ("help-page", "word", "letter", "portrait"),
    "help-page-reportlab-a4-landscape": ("help-page", "reportlab", "a4", "landscape"),
    "flow-matrix-bands-word-a4-landscape": ("flow-matrix-bands", "word", "a4", "landscape"),
    "flow-matrix-bands-reportlab-letter": ("flow-matrix-bands", "reportlab", "letter", "portrait"),
    "flow-matrix-from-to-chromium-letter-landscape": (
        "flow-matrix-from-to",
        "chromium",
        "letter",
        "landscape",
    ),
    "flow-matrix-from-to-word-letter": ("flow-matrix-from-to", "word", "letter", "portrait"),
    "flow-matrix-client-listener-reportlab-letter-landscape": (
        "flow-matrix-client-listener",
        "reportlab",
        "letter",
        "landscape",
    ),
    "flow-matrix-client-listener-chromium-a4": (
        "flow-matrix-client-listener",
        "chromium",
        "a4",
        "portrait",
    ),
    # Three sites' rows over several pages: tall rows and sub-heading rows cut by breaks.
    "flow-matrix-3-sites-chromium-a4": ("flow-matrix-3-sites", "chromium", "a4", "portrait"),
    "flow-matrix-3-sites-word-letter": ("flow-matrix-3-sites", "word", "letter", "portrait"),
    "flow-matrix-3-sites-reportlab-a4": ("flow-matrix-3-sites", "reportlab", "a4", "portrait"),
    "function-table-chromium-a4": ("function-table", "chromium", "a4", "portrait"),
    "function-table-word-letter-landscape": ("function-table", "word", "letter", "landscape"),
    "function-table-reportlab-letter": ("function-table", "reportlab", "letter", "portrait"),
    "address-ranges-word-a4": ("address-ranges", "word", "a4", "portrait"),
    "address-ranges-chromium-letter": ("address-ranges", "chromium", "letter", "portrait"),
    "address-ranges-reportlab-a4-landscape": ("address-ranges", "reportlab", "a4", "landscape"),
    # Real documentation's table classes (tests/realspec.py, issue 16).
    "port-reference-chromium-a4": ("port-reference", "chromium", "a4", "portrait"),
    "port-reference-word-letter": ("port-reference", "word", "letter", "portrait"),
    "port-reference-reportlab-letter": ("port-reference", "reportlab", "letter", "portrait"),
    "protocol-columns-word-letter": ("protocol-columns", "word", "letter", "portrait"),
    "protocol-columns-chromium-letter": ("protocol-columns", "chromium", "letter", "portrait"),
    "protocol-columns-reportlab-a4": ("protocol-columns", "reportlab", "a4", "portrait"),
    "mail-flow-word-a4": ("mail-flow", "word", "a4", "portrait"),
    "mail-flow-chromium-a4": ("mail-flow", "chromium", "a4", "portrait"),
    "mail-flow-reportlab-letter": ("mail-flow", "reportlab", "letter", "portrait"),
}
MAKERS = {
    **KINDS,
    **REAL_KINDS,
    "flow-matrix-3-sites": lambda: flow_matrix("bands", sites=3),
}


def print_variants(
    folder: Path,
    names: list[str],
    variants: dict[str, tuple[str, str, str, str]] = VARIANTS,
    makers: dict = MAKERS,
) -> dict[str, tuple[Path | None, Path, str]]:
    """Print each variant: name -> (pdf, or None when its producer is missing; truth;
    why it is missing). ``chromium-header`` prints with the browser's own running
    header and footer (print date, title, file URL, page x/y)."""
    from browser import chromium, print_to_pdf
    from test_libreoffice_pdfs import _convert

    printed: dict[str, tuple[Path | None, Path, str]] = {}
    office = shutil.which("soffice") or shutil.which("libreoffice")
    documents: list[tuple[str, Path]] = []
    for name in names:
        kind, producer, paper, orientation = variants[name]
        doc = makers[kind]()
        truth = folder / f"{name}.truth.json"
        truth.write_text(json.dumps(doc.truth), encoding="utf-8")
        pdf = folder / f"{name}.pdf"
        if producer == "reportlab":
            printed[name] = (build_genre_pdf(doc, pdf, paper, orientation), truth, "")
        elif producer.startswith("chromium"):
            if chromium() is None:
                printed[name] = (None, truth, "no chromium binary (Debian package chromium)")
                continue
            page = folder / f"{name}.html"
            header = producer == "chromium-header"
            if header:
                doc.footer = ""  # the browser's own footer instead
            page.write_text(genre_html(doc, paper, orientation), encoding="utf-8")
            printed[name] = (
                print_to_pdf(page, pdf, folder / "profile", header_footer=header),
                truth,
                "",
            )
        else:
            if office is None:
                printed[name] = (None, truth, "no soffice (Debian libreoffice-writer-nogui)")
                continue
            documents.append(
                (name, build_genre_docx(doc, folder / f"{name}.docx", paper, orientation))
            )
            printed[name] = (pdf, truth, "")
    if documents and office:  # one soffice run for every Word document
        _convert(office, folder, [path for _, path in documents], "pdf")
    return printed
