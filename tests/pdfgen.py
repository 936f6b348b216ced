"""Build test PDFs of the "Connection Ports and Protocols" document family.

A ``DocSpec`` describes a document (sections of tables, prose, bullets, address lists
and a change history); ``build_pdf`` lays it out the way a Word author or an HTML
exporter would, drawing on a reportlab canvas directly so the geometry is ours: cells
wrap at word boundaries (long URLs and hostnames by hyphen or by character), every
printed fragment of a URL gets its own link annotation, rows that do not fit split
across pages with the header row repeated. ``spec_truth`` turns the same spec into the
truth format of ``/work/shared/corpus/README.md`` so an extraction can be scored, and
``sample_spec`` is a realistic fictional document (example.* names, RFC 5737/3849
addresses). Hostile and broken files live in ``pdfgen_bad``.
"""

from __future__ import annotations

import io
import math
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import BinaryIO, Literal

from reportlab.lib.pagesizes import A4, LETTER
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

Style = Literal["word", "html", "booktabs", "plain", "smalltables", "centred"]
Color = tuple[float, float, float]
BLACK: Color = (0.0, 0.0, 0.0)
LINK_BLUE: Color = (0.02, 0.39, 0.76)


# --------------------------------------------------------------------------- spec


@dataclass
class PortTable:
    """One table. ``rows[i][j]`` is a cell's text; ``"\\n"`` is an explicit line break."""

    columns: list[str]
    rows: list[list[str]]
    merged: dict[int, tuple[int, int]] = field(default_factory=dict)  # row -> (first, last)
    widths: list[float] | None = None  # relative column widths
    split_row: int | None = None  # force a page break in the middle of this row


@dataclass
class Paragraphs:
    texts: list[str]
    bold: bool = False  # body-size bold lines: sub-headings such as "IP addresses"


@dataclass
class Bullets:
    items: list[str]


@dataclass
class AddressBlock:
    addresses: list[str]
    layout: Literal["columns", "borderless", "comma"] = "columns"
    ncols: int = 3


@dataclass
class HistoryTable:
    rows: list[tuple[str, str, str]]  # (date as printed, version, description)


Block = PortTable | Paragraphs | Bullets | AddressBlock | HistoryTable


@dataclass
class Section:
    title: str
    blocks: list[Block]
    numbered: str | None = None  # "4" -> heading "4. Title", "4.1" -> "4.1 Title"


@dataclass
class DocSpec:
    title: str
    running_header: str
    sections: list[Section]
    footer: str = "Version {version}    Page {page} of {pages}"
    version: str = "1.0"
    product: str = ""  # shown on the cover page
    date: str = ""  # shown on the cover page; default: the newest history date


def history_rows(spec: DocSpec) -> list[tuple[str, str, str]]:
    """Every change-history row of the document, in printed order."""
    return [
        r for s in spec.sections for b in s.blocks if isinstance(b, HistoryTable) for r in b.rows
    ]


# --------------------------------------------------------------------------- text


_STANDARD = {
    "Helvetica": ("Helvetica", "Helvetica-Bold"),
    "Times-Roman": ("Times-Roman", "Times-Bold"),
    "Courier": ("Courier", "Courier-Bold"),
}


def _font_pair(font: str) -> tuple[str, str]:
    """(regular, bold) font names for a standard family or a .ttf path (its bold is the
    sibling ``<stem>-Bold.ttf`` when there is one)."""
    if font in _STANDARD:
        return _STANDARD[font]
    path = Path(font)
    if path.suffix.lower() != ".ttf" or not path.is_file():
        raise ValueError(f"font {font!r}: use {sorted(_STANDARD)} or the path of a .ttf file")
    bold_path = path.with_name(path.stem + "-Bold.ttf")
    names = []
    for p in (path, bold_path if bold_path.is_file() else path):
        if p.stem not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(p.stem, str(p)))
        names.append(p.stem)
    return names[0], names[1]


# Printed as a gap of a tenth of the font size (justified text that closed the gap to
# a hair): narrower than pdfplumber's word tolerance, so the two sides read as one word.
TIGHT = "\u200a"


URL_PATTERN = re.compile(r"https?://[^\s,;)]+[^\s,;).]")


@dataclass
class _Line:
    text: str
    links: list[tuple[str, int, int]] = field(default_factory=list)  # (uri, start, end)


def _break_points(text: str, pos: int, slashes: set[int]):
    """Where a line may end after ``pos``: before a space, after a hyphen, after one of
    the ``slashes`` allowed to break, at the end."""
    n = len(text)
    for i in range(pos + 1, n + 1):
        if i == n or text[i] == " " or (text[i - 1] == "-" and text[i] != " ") or i - 1 in slashes:
            yield i


def _break_spans(text: str, width: float, font: str, size: float, slashes: set[int]):
    """Greedy line breaking; a segment wider than the line is broken by characters."""
    spans: list[tuple[int, int]] = []
    pos, n = 0, len(text)

    def fits(a: int, b: int) -> bool:
        return pdfmetrics.stringWidth(text[a:b].rstrip(" "), font, size) <= width

    while True:
        while pos < n and text[pos] == " ":
            pos += 1
        if pos >= n:
            return spans
        best = None
        for i in _break_points(text, pos, slashes):
            if not fits(pos, i):
                break
            best = i
        if best is None:  # one token wider than the cell: break by characters
            best = pos + 1
            while best < n and fits(pos, best + 1):
                best += 1
        end = best
        while end > pos and text[end - 1] == " ":
            end -= 1
        spans.append((pos, end))
        pos = best


def wrap(text: str, width: float, font: str, size: float) -> list[_Line]:
    """Wrap ``text`` (``"\\n"`` = hard break) to ``width`` the way Word does: at spaces and
    after hyphens; a word wider than the line also after a slash between letters
    (``UDP/`` ``TCP``), else by characters (URLs, long hostnames). URLs become link spans."""
    lines: list[_Line] = []
    for para in text.split("\n"):
        urls = [(m.group(0), m.start(), m.end()) for m in URL_PATTERN.finditer(para)]
        slashes = {
            m.start() + k
            for m in re.finditer(r"\S+", para)
            if "://" not in m.group(0) and pdfmetrics.stringWidth(m.group(0), font, size) > width
            for k in range(1, len(m.group(0)) - 1)
            if m.group(0)[k] == "/" and m.group(0)[k - 1].isalpha() and m.group(0)[k + 1].isalpha()
        }
        for s, e in _break_spans(para, width, font, size, slashes) or [(0, 0)]:
            links = [(u, max(a, s) - s, min(b, e) - s) for u, a, b in urls if a < e and b > s]
            lines.append(_Line(para[s:e], links))
    return lines


# --------------------------------------------------------------------------- layout

_Op = tuple  # ("text", x, baseline, s, font, size, color) | ("line", ...) | ("link", ...)


@dataclass
class _Look:
    """What differs between a Word author and an HTML exporter."""

    size: float
    heading_size: float
    heading_color: Color
    margin: float
    body_top: float
    body_bottom: float  # distance from the page bottom
    address_pitch: float  # line pitch factor of address lists
    ruled: bool  # every cell ruled (word) or horizontal rules only (html)
    row_rules: bool = True  # html: a rule under every row
    header_rule: bool = True  # html: a rule under the header row
    table_size: float | None = None  # tables set smaller than the running text
    # LibreOffice's HTML import: no rules, each header cell shaded on its own, cells
    # set vertically centred (lines of short cells fall between those of tall ones),
    # rows padded apart.
    centred: bool = False


LOOKS = {
    "word": _Look(10, 14, (0.21, 0.37, 0.60), 56.7, 72, 72, 2.0, True),
    "html": _Look(9, 14, (0.12, 0.31, 0.47), 51.4, 56, 64, 1.15, False),
    # A rule under the header only ("booktabs"), and no rules at all (plain text tables).
    "booktabs": _Look(9, 13, (0.1, 0.1, 0.1), 54, 60, 64, 1.2, False, row_rules=False),
    "plain": _Look(10, 13, (0.1, 0.1, 0.1), 54, 60, 64, 1.2, False, False, False),
    # Running text 11 pt, tables 8 pt: tables hold most of the characters.
    "smalltables": _Look(11, 15, (0.2, 0.3, 0.5), 56.7, 72, 72, 1.6, True, table_size=8),
    "centred": _Look(10, 14, (0.1, 0.1, 0.1), 56.7, 60, 64, 1.2, False, False, False, centred=True),
}
SHADE: Color = (0.87, 0.89, 0.93)


class _Layout:
    def __init__(self, spec: DocSpec, style: Style, pagesize, fonts, *, links, repeat_header):
        self.spec, self.style, self.look = spec, style, LOOKS[style]
        self.page_w, self.page_h = pagesize
        self.regular, self.bold = fonts
        self.links, self.repeat_header = links, repeat_header
        self.left = self.look.margin
        self.right = self.page_w - self.look.margin
        self.bottom = self.page_h - self.look.body_bottom
        self.leading = self.look.size * 1.15
        self.pages: list[list[_Op]] = []
        self.y = 0.0
        self.fresh_y = -1.0  # where a continued table's first row starts on a fresh page

    # primitives ------------------------------------------------------------
    def new_page(self) -> None:
        self.pages.append([])
        self.y = self.look.body_top

    def room(self) -> float:
        return self.bottom - self.y

    def ensure(self, height: float) -> None:
        if height > self.room() and self.y > self.look.body_top:
            self.new_page()

    def text(self, x, baseline, s, font=None, size=None, color=BLACK) -> None:
        self.pages[-1].append(
            ("text", x, baseline, s, font or self.regular, size or self.look.size, color)
        )

    def hline(self, x0, x1, y, width=0.5, color=BLACK) -> None:
        self.pages[-1].append(("line", x0, y, x1, y, width, color))

    def vline(self, x, y0, y1) -> None:
        self.pages[-1].append(("line", x, y0, x, y1, 0.5, BLACK))

    def draw_line(self, x: float, baseline: float, line: _Line, font: str) -> None:
        """One printed line; URL fragments blue, underlined and linked (when links)."""
        if not (self.links and line.links):
            self.text(x, baseline, line.text, font)
            return

        def at(k: int) -> float:
            return x + pdfmetrics.stringWidth(line.text[:k], font, self.look.size)

        pos = 0
        for uri, s, e in [*line.links, ("", len(line.text), len(line.text))]:
            if s > pos:
                self.text(at(pos), baseline, line.text[pos:s], font)
            if uri:
                self.text(at(s), baseline, line.text[s:e], font, color=LINK_BLUE)
                self.hline(at(s), at(e), baseline + 1.2, color=LINK_BLUE)
                top, bottom = baseline - self.look.size * 0.9, baseline + self.look.size * 0.25
                self.pages[-1].append(("link", uri, at(s), top, at(e), bottom))
            pos = e

    # blocks ----------------------------------------------------------------
    def heading(self, section: Section) -> None:
        size = self.look.heading_size
        title, number = section.title, section.numbered
        if number:
            title = f"{number} {title}" if "." in number else f"{number}. {title}"
        if self.y > self.look.body_top:
            self.y += size * 0.9
        self.ensure(size * 1.3 + 4 * self.leading)
        self.text(self.left, self.y + size * 0.85, title, self.bold, size, self.look.heading_color)
        self.y += size * 1.25 + (2 if self.style == "word" else 8)

    def paragraph(
        self, text: str, indent: float = 0.0, bullet: bool = False, font: str | None = None
    ) -> None:
        font = font or self.regular
        lines = wrap(text, self.right - self.left - indent, font, self.look.size)
        for k, line in enumerate(lines):
            self.ensure(self.leading)
            baseline = self.y + self.look.size * 0.85
            if bullet and k == 0:  # standard fonts lack a decodable bullet: Word uses Symbol
                glyph_font = "Symbol" if self.regular in _STANDARD else self.regular
                self.text(
                    self.left + indent - (18 if self.style == "word" else 8),
                    baseline,
                    "•",
                    glyph_font,
                )
            self.draw_line(self.left + indent, baseline, line, font)
            self.y += self.leading

    def paragraphs(self, block: Paragraphs) -> None:
        for text in block.texts:
            self.paragraph(text, font=self.bold if block.bold else None)
            self.y += self.look.size * 0.6

    def bullets(self, block: Bullets) -> None:
        self.y += self.look.size * 0.4
        for item in block.items:
            self.paragraph(item, indent=24 if self.style == "word" else 30, bullet=True)
        self.y += self.look.size * 0.8

    def addresses(self, block: AddressBlock) -> None:
        if block.layout == "comma":
            self.paragraph(", ".join(block.addresses))
            self.y += self.look.size
            return
        pitch = self.leading * (self.look.address_pitch if block.layout == "columns" else 1.5)
        col_w = (self.right - self.left) / block.ncols
        items, i = block.addresses, 0
        while i < len(items):
            fit = int(self.room() // pitch)
            if fit < 1:
                self.new_page()
                continue
            rows = min(fit, math.ceil((len(items) - i) / block.ncols))
            chunk = items[i : i + rows * block.ncols]
            if block.layout == "columns":  # newspaper: down column 1, then column 2, ...
                cells = [(k // rows, k % rows, a) for k, a in enumerate(chunk)]
            else:  # borderless table: row by row
                cells = [(k % block.ncols, k // block.ncols, a) for k, a in enumerate(chunk)]
            for col, row, address in cells:
                self.text(
                    self.left + col * col_w, self.y + row * pitch + self.look.size * 0.85, address
                )
            i += len(chunk)
            self.y += rows * pitch
            if i < len(items):
                self.new_page()
        self.y += self.look.size * 0.5

    def history(self, block: HistoryTable) -> None:
        """Word: a narrow date column, so "Oct-2018" prints as "Oct-" / "2018"."""
        rows = [list(r) for r in block.rows]
        if self.style == "word":
            self.table(PortTable(["Date", "Vers", "Description"], rows, widths=[8, 7, 85]))
        else:
            self.table(PortTable(["Date", "Version", "Description"], rows, widths=[14, 10, 76]))

    # tables ----------------------------------------------------------------
    def table(self, t: PortTable) -> None:
        if self.look.table_size is None:
            self._table(t)
            return
        look, leading = self.look, self.leading
        self.look = replace(look, size=look.table_size)
        self.leading = self.look.size * 1.15
        try:
            self._table(t)
        finally:
            self.look, self.leading = look, leading

    def _table(self, t: PortTable) -> None:
        ncol = len(t.columns)
        if any(len(r) != ncol for r in t.rows):
            raise ValueError(f"table {t.columns}: every row needs {ncol} cells")
        widths = t.widths or [1.0] * ncol
        total = self.right - self.left
        xs = [self.left]
        for w in widths:
            xs.append(xs[-1] + total * w / sum(widths))
        pad = 5.0 if self.style == "word" else 2.0

        def cells(texts: list[str], merged: tuple[int, int] | None, font: str):
            spans = [(j, j) for j in range(ncol)]
            if merged:
                a, b = merged
                spans = [(j, j) for j in range(a)] + [(a, b)] + [(j, j) for j in range(b + 1, ncol)]
            return [
                (a, b, wrap(texts[a], xs[b + 1] - xs[a] - 2 * pad, font, self.look.size))
                for a, b in spans
            ]

        header = cells(t.columns, None, self.bold)
        rows = [cells(r, t.merged.get(i), self.regular) for i, r in enumerate(t.rows)]
        self.y += 2
        self.ensure(self._row_height(header) + self._row_height([(0, 0, [_Line("")])]))
        self._draw_row(xs, pad, header, 0, None, header=True)
        for i, row in enumerate(rows):
            self._place_row(xs, pad, header, row, forced=(i == t.split_row))
        self.y += self.look.size * 1.6

    def _row_height(self, row, n: int | None = None) -> float:
        if n is None:
            n = max(len(lines) for _, _, lines in row)
        return n * self.leading + 4

    def _place_row(self, xs, pad, header, row, *, forced: bool) -> None:
        """Draw ``row``, splitting it over pages: the lines that fit stay, the rest
        continue on the next page after the repeated header. ``forced``: end the page
        after the first half of the row's lines."""
        total = max(len(lines) for _, _, lines in row)
        if forced and total < 2:
            raise ValueError("split_row: that row has one line, it cannot break across pages")
        done = 0
        while done < total:
            fit = int((self.room() - 4) // self.leading)
            want = max(1, total // 2) if forced and done == 0 else total - done
            fresh = self.y <= self.fresh_y
            if fit < 1 and fresh:
                raise ValueError("page too small: the header row leaves no room for a line")
            if fit < 1 or (fit < want and forced and done == 0 and not fresh):
                self._continue_table(xs, pad, header)
                continue
            take = min(want, fit)
            self._draw_row(xs, pad, row, done, done + take)
            done += take
            if done < total:
                self._continue_table(xs, pad, header)

    def _continue_table(self, xs, pad, header) -> None:
        self.new_page()
        if self.repeat_header:
            self._draw_row(xs, pad, header, 0, None, header=True)
        self.fresh_y = self.y

    def _draw_row(self, xs, pad, row, first: int, last: int | None, header: bool = False) -> None:
        """Lines ``first:last`` of every cell of ``row`` as one row fragment."""
        n = max(len(lines[first:last]) for _, _, lines in row)
        height = self._row_height(row, max(n, 1))
        top, bottom = self.y, self.y + height
        font = self.bold if header else self.regular
        for a, b, lines in row:
            shown = lines[first:last]
            # Centred: a cell of fewer lines starts lower, by half a line per line less.
            offset = (n - len(shown)) * self.leading / 2 if self.look.centred else 0.0
            if header and self.look.centred:
                # Shading behind the cell's text only: taller under a wrapped header.
                y0, y1 = top + offset, top + offset + len(shown) * self.leading + 4
                self.pages[-1].append(("fill", xs[a] + 1, y0, xs[b + 1] - 1, y1, SHADE))
            for k, line in enumerate(shown):
                baseline = top + 2 + offset + k * self.leading + self.look.size * 0.85
                self.draw_line(xs[a] + pad, baseline, line, font)
        if self.look.centred:
            self.y = bottom + self.look.size * 1.2  # rows padded apart, no rules
            return
        if self.look.ruled:
            self.hline(xs[0], xs[-1], top)
            self.hline(xs[0], xs[-1], bottom)
            for x in sorted({xs[a] for a, _, _ in row} | {xs[-1]}):
                self.vline(x, top, bottom)
        elif header:
            if self.look.header_rule:
                self.hline(xs[0], xs[-1], bottom, 1.0, self.look.heading_color)
        elif self.look.row_rules:
            self.hline(xs[0], xs[-1], bottom, 0.5, (0.6, 0.6, 0.6))
        else:
            self.y = bottom + self.look.size * 0.5  # row spacing instead of a rule
            return
        self.y = bottom

    # document --------------------------------------------------------------
    def document(self) -> list[list[_Op]]:
        """Pages of drawing operations. The title is printed as the first heading unless
        the first section already carries it (as in the vendor documents)."""
        self.new_page()
        if not self.spec.sections or self.spec.sections[0].title != self.spec.title:
            self.heading(Section(self.spec.title, []))
        for section in self.spec.sections:
            self.heading(section)
            for block in section.blocks:
                if isinstance(block, PortTable):
                    self.table(block)
                elif isinstance(block, HistoryTable):
                    self.history(block)
                elif isinstance(block, Paragraphs):
                    self.paragraphs(block)
                elif isinstance(block, Bullets):
                    self.bullets(block)
                else:
                    self.addresses(block)
        return self.pages


# --------------------------------------------------------------------------- render


def _cover(spec: DocSpec, page_w: float, page_h: float, bold: str, regular: str) -> list[_Op]:
    date = spec.date or next((d for d, _, _ in reversed(history_rows(spec))), "")
    ops: list[_Op] = []
    for text, font, size, top in (
        (spec.title, bold, 28, page_h * 0.35),
        (spec.product, regular, 18, page_h * 0.35 + 44),
        (date, regular, 14, page_h * 0.35 + 74),
    ):
        x = (page_w - pdfmetrics.stringWidth(text, font, size)) / 2
        ops.append(("text", x, top, text, font, size, BLACK))
    return ops


def _render(
    pages: list[list[_Op]],
    spec: DocSpec,
    target: str | BinaryIO,
    *,
    style: Style,
    pagesize: tuple[float, float],
    fonts: tuple[str, str],
    cover: bool,
    password: str | None,
) -> None:
    """Draw the pages, adding running header and "Page N of M" footer (not on a cover)."""
    page_w, page_h = pagesize
    regular, bold = fonts
    canvas = Canvas(target, pagesize=pagesize, invariant=1, encrypt=password)
    canvas.setTitle(spec.title)
    canvas.setCreator(f"portdoc tests/pdfgen ({style} layout)")
    look = LOOKS[style]
    if cover:
        pages = [_cover(spec, page_w, page_h, bold, regular), *pages]
    for number, ops in enumerate(pages, start=1):
        if not (cover and number == 1):
            footer = spec.footer.format(version=spec.version, page=number, pages=len(pages))
            if style == "word":
                ops = [
                    ("text", look.margin, 44, spec.running_header, regular, 10, BLACK),
                    ("text", look.margin, page_h - 40, footer, regular, 10, BLACK),
                    *ops,
                ]
            else:
                x = page_w - look.margin - pdfmetrics.stringWidth(footer, "Times-Roman", 8)
                ops = [
                    ("text", look.margin - 6, 30, spec.running_header, "Times-Roman", 8, BLACK),
                    ("text", x, page_h - 30, footer, "Times-Roman", 8, BLACK),
                    *ops,
                ]
        for op in ops:
            if op[0] == "text":
                _, x, baseline, s, font, size, color = op
                canvas.setFillColorRGB(*color)
                canvas.setFont(font, size)
                for piece in s.split(TIGHT):
                    canvas.drawString(x, page_h - baseline, piece)
                    x += pdfmetrics.stringWidth(piece, font, size) + 0.1 * size
            elif op[0] == "fill":
                _, x0, top, x1, bottom, color = op
                canvas.setFillColorRGB(*color)
                canvas.rect(x0, page_h - bottom, x1 - x0, bottom - top, stroke=0, fill=1)
            elif op[0] == "line":
                _, x0, y0, x1, y1, width, color = op
                canvas.setStrokeColorRGB(*color)
                canvas.setLineWidth(width)
                canvas.line(x0, page_h - y0, x1, page_h - y1)
            else:
                _, uri, x0, top, x1, bottom = op
                canvas.linkURL(
                    uri, (x0, page_h - bottom, x1, page_h - top), relative=0, thickness=0
                )
        canvas.showPage()
    canvas.save()


def build_pdf(
    spec: DocSpec,
    path: Path | BinaryIO,
    *,
    style: Style = "word",
    pagesize: Literal["A4", "Letter"] = "A4",
    links: bool = True,
    repeat_header: bool = True,
    cover_page: bool = False,
    font: str = "Helvetica",
    password: str | None = None,
) -> Path | BinaryIO:
    """Lay ``spec`` out and write the PDF to ``path`` (a path or a binary file object).

    ``font`` is "Helvetica", "Times-Roman", "Courier" or a .ttf path; ``password``
    encrypts the file with that user password."""
    size = {"A4": A4, "Letter": LETTER}[pagesize]
    fonts = _font_pair(font)
    pages = _Layout(spec, style, size, fonts, links=links, repeat_header=repeat_header).document()
    target = str(path) if isinstance(path, Path) else path
    _render(
        pages,
        spec,
        target,
        style=style,
        pagesize=size,
        fonts=fonts,
        cover=cover_page,
        password=password,
    )
    return path


def pdf_bytes(spec: DocSpec, **options) -> bytes:
    """``build_pdf`` into memory."""
    buf = io.BytesIO()
    build_pdf(spec, buf, **options)
    return buf.getvalue()
