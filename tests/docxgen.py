"""A DocSpec written as a Word document (python-docx), for printing with LibreOffice:
the path most vendor PDFs take (an office document exported to PDF).

Tables get the chosen Word table style, a shaded header row repeated on every page, and
an empty paragraph after them (two tables with nothing between are one table in Word).
Address lists are one paragraph per address; headings use Word's heading styles.
"""

from __future__ import annotations

from pathlib import Path

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from pdfgen import AddressBlock, Bullets, DocSpec, HistoryTable, Paragraphs, PortTable


def _set(element, tag: str, **attributes: str) -> None:
    child = OxmlElement(tag)
    for name, value in attributes.items():
        child.set(qn(f"w:{name}"), value)
    element.append(child)


def _table(document, columns: list[str], rows: list[list[str]], merged: dict, style: str) -> None:
    table = document.add_table(rows=1 + len(rows), cols=len(columns))
    table.style = style
    for cell, header in zip(table.rows[0].cells, columns, strict=True):
        cell.text = header
        for run in cell.paragraphs[0].runs:
            run.bold = True
        _set(cell._tc.get_or_add_tcPr(), "w:shd", val="clear", color="auto", fill="DDE4EE")
    _set(table.rows[0]._tr.get_or_add_trPr(), "w:tblHeader", val="true")
    for i, (row, texts) in enumerate(zip(table.rows[1:], rows, strict=True)):
        span = merged.get(i)
        for j, text in enumerate(texts):
            if not (span and span[0] < j <= span[1]):
                row.cells[j].text = text
        if span:
            row.cells[span[0]].merge(row.cells[span[1]])
            row.cells[span[0]].text = texts[span[0]]
    document.add_paragraph("")


def build_docx(spec: DocSpec, path: Path, *, table_style: str = "Table Grid") -> Path:
    document = docx.Document()
    document.styles["Normal"].font.size = Pt(10)
    document.add_heading(spec.title, level=0)
    for section in spec.sections:
        number = f"{section.numbered}. " if section.numbered else ""
        document.add_heading(number + section.title, level=1)
        for block in section.blocks:
            if isinstance(block, PortTable):
                _table(document, block.columns, block.rows, block.merged, table_style)
            elif isinstance(block, HistoryTable):
                rows = [list(r) for r in block.rows]
                _table(document, ["Date", "Version", "Description"], rows, {}, table_style)
            elif isinstance(block, Paragraphs):
                for text in block.texts:
                    paragraph = document.add_paragraph(text)
                    for run in paragraph.runs:
                        run.bold = block.bold
            elif isinstance(block, Bullets):
                for item in block.items:
                    document.add_paragraph(item, style="List Bullet")
            elif isinstance(block, AddressBlock):
                if block.layout == "comma":
                    document.add_paragraph(", ".join(block.addresses))
                else:
                    for address in block.addresses:
                        document.add_paragraph(address)
            else:
                raise TypeError(f"no Word form for {type(block).__name__}")
    document.save(str(path))
    return path
