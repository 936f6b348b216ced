"""Other vendors' port documentation (issue 10), printed by several producers.

Each kind of tests/genrespec.py (a port-first help page, a flow matrix with a banded or
a From/To header, a function table with row spans, an address-range document) is
printed by at least two producers (tests/genregen.py: Chromium, Word via LibreOffice,
reportlab), on A4 and Letter, portrait and landscape, then extracted and scored fact by
fact with the shared ``score.py genre`` against the truth of the same spec. The printed
PDFs are made once per session.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from corpus import needs_shared, run_score
from genregen import VARIANTS

from pipeline.extract import extract_document
from pipeline.model.errors import PortdocError

pytestmark = needs_shared  # before the session's prints are made


def score(pdf: Path, truth: Path, tmp_path: Path) -> str:
    """score.py genre's summary line for the extraction of ``pdf``, or why it failed."""
    try:
        doc = extract_document(pdf).model_dump(mode="json")
    except PortdocError as e:
        return f"extract refused the file (exit 2): {e}"
    return run_score("genre", doc, truth, tmp_path).stdout


@pytest.mark.parametrize("name", list(VARIANTS))
def test_printed_genre_document_scores_every_fact(
    name: str, shared: Path, genre_printed: dict, tmp_path: Path
) -> None:
    pdf, truth, missing = genre_printed[name]
    if pdf is None:
        pytest.skip(missing)
    assert pdf.is_file(), f"{VARIANTS[name][1]} printed no PDF for {name}"
    result = score(pdf, truth, tmp_path)
    assert "(100.0%) extra: 0" in result, result
