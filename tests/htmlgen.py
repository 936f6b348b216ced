"""A ``DocSpec`` as an HTML page, for printing to PDF with headless Chromium.

Vendors publish these documents as web pages too, and "Save as PDF" from a browser is
how many of them reach a firewall team: a PDF producer (Skia) whose text runs, fonts,
table borders and link annotations differ from reportlab's and from Word's. The page is
plain semantic HTML (headings, paragraphs, lists, bordered tables, links), styled the
way a vendor's knowledge-base article usually is.
"""

from __future__ import annotations

import html
import re

from pdfgen import (
    AddressBlock,
    Bullets,
    DocSpec,
    HistoryTable,
    Paragraphs,
    PortTable,
    Section,
)

STYLE = """
body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 10pt; margin: 0; }
h1 { font-size: 20pt; } h2 { font-size: 14pt; margin-top: 16pt; }
table { border-collapse: collapse; width: 100%; margin: 6pt 0; }
th, td { border: 1px solid #444; padding: 3pt 5pt; text-align: left; vertical-align: top; }
th { background: #dde4ee; font-weight: bold; }
td { overflow-wrap: anywhere; }
.columns { column-count: 3; }
a { color: #0563c1; }
"""

URL = re.compile(r"https?://\S+")


def _text(text: str) -> str:
    """Escaped text with URLs as links and printed line breaks kept."""
    out, last = [], 0
    for m in URL.finditer(text):
        out.append(html.escape(text[last : m.start()]))
        url = m.group(0)
        out.append(f'<a href="{html.escape(url)}">{html.escape(url)}</a>')
        last = m.end()
    out.append(html.escape(text[last:]))
    return "".join(out).replace("\n", "<br>")


def _table(columns: list[str], rows: list[list[str]], merged: dict[int, tuple[int, int]]) -> str:
    head = "".join(f"<th>{html.escape(c)}</th>" for c in columns)
    body = []
    for i, row in enumerate(rows):
        first, last = merged.get(i, (-1, -1))
        cells = []
        for j, cell in enumerate(row):
            if first < j <= last:
                continue
            span = f' colspan="{last - first + 1}"' if j == first else ""
            cells.append(f"<td{span}>{_text(cell)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _block(block: object) -> str:
    if isinstance(block, PortTable):
        return _table(block.columns, block.rows, block.merged)
    if isinstance(block, HistoryTable):
        rows = [[date, version, text] for date, version, text in block.rows]
        return _table(["Date", "Version", "Description"], rows, {})
    if isinstance(block, Paragraphs):
        tag = ("<p><b>", "</b></p>") if block.bold else ("<p>", "</p>")
        return "".join(f"{tag[0]}{_text(t)}{tag[1]}" for t in block.texts)
    if isinstance(block, Bullets):
        return "<ul>" + "".join(f"<li>{_text(item)}</li>" for item in block.items) + "</ul>"
    if isinstance(block, AddressBlock):
        if block.layout == "comma":
            return f"<p>{html.escape(', '.join(block.addresses))}</p>"
        lines = "".join(f"<div>{html.escape(a)}</div>" for a in block.addresses)
        return f'<div class="columns">{lines}</div>'
    raise TypeError(f"no HTML for {type(block).__name__}")


def _section(section: Section) -> str:
    number = f"{section.numbered}. " if section.numbered else ""
    title = f"<h2>{html.escape(number + section.title)}</h2>"
    return title + "".join(_block(b) for b in section.blocks)


def spec_html(spec: DocSpec) -> str:
    sections = "".join(_section(s) for s in spec.sections)
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(spec.title)}</title><style>{STYLE}</style></head>"
        f"<body><h1>{html.escape(spec.title)}</h1>{sections}</body></html>"
    )
