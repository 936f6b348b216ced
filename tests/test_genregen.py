"""The genre generators themselves (tests/genrespec.py, tests/genregen.py): each truth
can be scored to 100% by an extraction that reads it exactly, and each printed variant is
on the paper asked for, from the producer asked for, and prints every fact of its truth.
"""

from __future__ import annotations

import json
from pathlib import Path

import pdfplumber
import pytest
from corpus import run_score
from genregen import MAKERS, VARIANTS, page_mm
from genrespec import TALL_SERVICE

PRODUCERS = {"chromium": "Skia", "word": "LibreOffice", "reportlab": "ReportLab"}


def as_extracted(truth: dict) -> dict:
    """The document JSON a perfect extraction of ``truth`` would give."""

    def ports(pairs: list) -> list[dict]:
        return [
            {"protocol": p, "port": a} | ({"port_end": b} if b != a else {}) for p, a, b in pairs
        ]

    rules = [
        r | {"ports": ports(r["ports"]), "source_ports": ports(r["source_ports"])}
        for r in truth["rules"]
    ]
    return {**truth, "rules": rules}


@pytest.mark.parametrize("kind", sorted(MAKERS))
def test_truth_scores_full_marks_against_itself(kind: str, tmp_path: Path, shared: Path) -> None:
    """No two truth rules are alike to the scorer, so a right extraction gets 100%."""
    truth = tmp_path / "truth.json"
    doc = MAKERS[kind]()
    truth.write_text(json.dumps(doc.truth), encoding="utf-8")
    result = run_score("genre", as_extracted(doc.truth), truth, tmp_path)
    assert "(100.0%) extra: 0" in result.stdout, result.stdout


def test_variants_cover_producers_papers_and_orientations() -> None:
    """Every kind in two producers or more; A4 and Letter, portrait and landscape."""
    producers: dict[str, set[str]] = {}
    for kind, producer, _, _ in VARIANTS.values():
        family = "flow-matrix" if kind.startswith("flow-matrix") else kind
        producers.setdefault(family, set()).add(producer)
    assert set(producers) == {
        *("help-page", "flow-matrix", "function-table", "address-ranges"),
        *("port-reference", "protocol-columns", "mail-flow"),  # tests/realspec.py
    }
    assert all(len(p) >= 2 for p in producers.values()), producers
    assert {v[2] for v in VARIANTS.values()} == {"a4", "letter"}
    assert {v[3] for v in VARIANTS.values()} == {"portrait", "landscape"}


@pytest.mark.parametrize("name", list(VARIANTS))
def test_printed_variant_is_what_was_asked(name: str, genre_printed: dict) -> None:
    pdf, truth_path, missing = genre_printed[name]
    if pdf is None:
        pytest.skip(missing)
    _, producer, paper, orientation = VARIANTS[name]
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    words: list[str] = []
    stacked: list[tuple[int, int, float, str]] = []  # (left edge, page, top, text)
    with pdfplumber.open(pdf) as document:
        assert PRODUCERS[producer] in (document.metadata.get("Producer") or "")
        width, height = (v * 72 / 25.4 for v in page_mm(paper, orientation))
        for number, page in enumerate(document.pages):
            assert abs(page.width - width) < 2 and abs(page.height - height) < 2
            for w in page.extract_words():
                words.append(w["text"].lower())
                stacked.append((round(w["x0"] / 2), number, w["top"], w["text"].lower()))
    # A value wrapped inside its cell goes on at the cell's left edge on the next line.
    down_columns = "".join(text for *_, text in sorted(stacked))
    printed = {word.strip(",.:;") for word in words}
    for rule in truth["rules"]:
        assert {w.strip(",.:;") for w in rule["service"].lower().split()} <= printed, rule
    values = [v for r in truth["rules"] + truth["host_lists"] for v in r["hosts"] + r["addresses"]]
    for value in values:
        assert value.lower() in words or value.lower() in down_columns, value


def test_a_tall_row_breaks_over_a_page(genre_printed: dict) -> None:
    """In some print of the three-site matrix a page break falls inside the tall row: a
    page holds its first word more often than its last."""
    first, last = TALL_SERVICE.split()[0], TALL_SERVICE.split()[-1]
    pdfs = [pdf for name, (pdf, _, _) in genre_printed.items() if pdf and "3-sites" in name]
    if not pdfs:
        pytest.skip("no producer of the three-site matrix is installed")
    cut = []
    for pdf in pdfs:
        with pdfplumber.open(pdf) as document:
            for page in document.pages:
                words = [w["text"] for w in page.extract_words()]
                if words.count(first) > words.count(last):
                    cut.append((pdf.name, page.page_number))
    assert cut
