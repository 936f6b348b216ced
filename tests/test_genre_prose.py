"""Firewall data outside port tables (issue 16 items 5, 10, 11; issue 17 item 3),
printed by Chromium (with and without its own header and footer), Word via LibreOffice
and reportlab, extracted and scored fact by fact with the shared ``score.py genre``
against the truth of the same spec (tests/genreprose.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from corpus import needs_shared
from genreprose import PROSE_KINDS, PROSE_VARIANTS
from test_genre_producers import score

pytestmark = needs_shared


@pytest.fixture(scope="module")
def prose_printed(tmp_path_factory: pytest.TempPathFactory) -> dict:
    from genregen import print_variants

    folder = tmp_path_factory.mktemp("genre-prose")
    return print_variants(folder, list(PROSE_VARIANTS), PROSE_VARIANTS, PROSE_KINDS)


@pytest.mark.parametrize("name", list(PROSE_VARIANTS))
def test_printed_prose_document_scores_every_fact(
    name: str, prose_printed: dict, tmp_path: Path
) -> None:
    pdf, truth, missing = prose_printed[name]
    if pdf is None:
        pytest.skip(missing)
    assert pdf.is_file(), f"{PROSE_VARIANTS[name][1]} printed no PDF for {name}"
    result = score(pdf, truth, tmp_path)
    assert "(100.0%) extra: 0" in result, result
