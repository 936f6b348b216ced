"""Turned pages are read as a reader turns them to read (issue 20, item 14): a
/Rotate 90 or 270 page (Word's landscape pages), content drawn upside down with or
without /Rotate 180, and content skewed by 3° all read as the same document upright."""

from __future__ import annotations

from pathlib import Path

import pdfgen_bad as bad
import pytest
from pdfgen import build_pdf
from pdfgen_truth import sample_spec

from pipeline.extract import extract_here
from pipeline.model.models import Document
from pipeline.pdf.pdfmodel import read_pdf
from pipeline.pdf.turn import reading_angle


def facts(doc: Document) -> list[tuple]:
    return [
        (r.section, r.service, [p.key for p in r.ports], r.direction, r.hosts, r.addresses, r.notes)
        for r in doc.rules
    ]


@pytest.fixture(scope="module")
def uprights(tmp_path_factory: pytest.TempPathFactory) -> dict[bool, Document]:
    """The sample read upright, with and without link annotations."""
    folder = tmp_path_factory.mktemp("up")
    return {
        links: extract_here(build_pdf(sample_spec(), folder / f"{links}.pdf", links=links))
        for links in (True, False)
    }


@pytest.mark.parametrize("how", bad.TURNS)
def test_a_turned_document_reads_as_the_upright_one(
    how: str, uprights: dict[bool, Document], tmp_path: Path
) -> None:
    upright = uprights[how != "skew-3"]
    doc = extract_here(bad.write_turned(tmp_path / f"{how}.pdf", how))
    assert facts(doc) == facts(upright)
    assert [h.model_dump(exclude={"provenance", "evidence"}) for h in doc.host_lists] == [
        h.model_dump(exclude={"provenance", "evidence"}) for h in upright.host_lists
    ]
    assert (doc.document.version, doc.document.date) == ("2.1", upright.document.date)
    assert doc.issues == upright.issues == []


def test_a_quarter_turn_swaps_the_page_box(tmp_path: Path) -> None:
    page = read_pdf(bad.write_turned(tmp_path / "q.pdf", "upside-down")).pages[0]
    assert (round(page.width), round(page.height)) == (595, 842)
    assert all(0 <= w.x0 < w.x1 <= page.width and 0 <= w.top < page.height for w in page.words)


def test_reading_angle_needs_most_glyphs() -> None:
    assert reading_angle([]) == 0.0
    assert reading_angle([0.0] * 5 + [90.0] * 4) == 0.0
    assert reading_angle([90.0] * 5 + [0.0] * 4) == 90.0
    assert reading_angle([3.0] * 3) == pytest.approx(3.0)
    assert reading_angle([0.2] * 3) == 0.0  # too little to turn
    assert reading_angle([180.0] * 3) == 180.0
