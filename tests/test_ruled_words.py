"""Words parted by a vertical rule: a ruled table with little cell padding (wkhtmltopdf's
``<table border=1>``) sets "Protocol" and "Direction" within pdfplumber's word gap of
each other, with the column rule between them. Two cells, two words; a word that
overflows its cell and runs across the rule with no gap stays one word."""

from __future__ import annotations

import itertools
from pathlib import Path

from reportlab.pdfgen.canvas import Canvas

from pipeline.pdf.pdfmodel import read_pdf
from pipeline.pdf.words import Glyph, words


def run(text: str, x0: float, width: float = 5.0) -> list[Glyph]:
    return [
        Glyph(c, x0 + k * width, 100.0, x0 + (k + 1) * width, 110.0, "Helvetica", 10.0, True)
        for k, c in enumerate(text)
    ]


def test_a_rule_in_the_gap_parts_two_words() -> None:
    left = run("Protocol", 10.0)  # ends at 50
    right = run("Direction", 51.5)  # a 1.5 pt gap: one word to pdfplumber
    assert [w.text for w in words(left + right)] == ["ProtocolDirection"]
    rule = (50.75, 90.0, 120.0)
    assert [w.text for w in words(left + right, walls=[rule])] == ["Protocol", "Direction"]
    # A rule above or below the line, or beyond the gap, parts nothing.
    for elsewhere in [(50.75, 0.0, 60.0), (50.75, 130.0, 200.0), (80.0, 90.0, 120.0)]:
        assert [w.text for w in words(left + right, walls=[elsewhere])] == ["ProtocolDirection"]


def test_a_word_running_across_a_rule_stays_whole() -> None:
    # An overflowing hostname: its letters touch, the rule crosses between two of them.
    name = run("updates.example.net", 10.0)
    assert [w.text for w in words(name, walls=[(50.0, 90.0, 120.0)])] == ["updates.example.net"]


def test_a_tightly_ruled_table_reads_its_header_words_apart(tmp_path: Path) -> None:
    path = tmp_path / "tight.pdf"
    canvas = Canvas(str(path), pagesize=(400, 200))
    canvas.setFont("Helvetica", 10)
    x = 20.0
    cells = []
    for text in ["Port", "Protocol", "Direction", "Used by"]:
        width = canvas.stringWidth(text, "Helvetica", 10)
        canvas.drawString(x, 150, text)
        cells.append((x, x + width))
        x += width + 1.6  # the next cell's text 1.6 pt on: within pdfplumber's 2 pt
    for (_, right), (left, _) in itertools.pairwise(cells):
        canvas.line((right + left) / 2, 140, (right + left) / 2, 165)
    canvas.save()
    page = read_pdf(path).pages[0]
    assert [w.text for w in page.words] == ["Port", "Protocol", "Direction", "Used", "by"]
