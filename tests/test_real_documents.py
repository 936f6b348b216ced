"""Real vendor documentation (issue 16): the shared samples in ``../shared/real/`` whose
ports are in tables (a docs site printed by a browser, a Word export) extract through
``portdoc extract`` with every fact of their truth right, nothing extra and no error,
scored with the shared ``score.py genre`` as acceptance scores them.

(The sample whose ports are a bulleted list, not a table, is issue 16's item 5.)
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from corpus import SHARED, run_score
from test_genres import portdoc_extract

REAL = SHARED / "real"
TABLES = ["kubernetes-ports-and-protocols", "consul-ports-reference", "exchange-2019-network-ports"]


@pytest.mark.parametrize("stem", TABLES)
def test_real_document_scores_every_fact(stem: str, tmp_path: Path, shared: Path) -> None:
    pdf = REAL / f"{stem}.pdf"
    if not pdf.is_file():
        pytest.skip(f"needs the real samples in {REAL} (PORTDOC_SHARED names another folder)")
    out = tmp_path / f"{stem}.json"
    result = portdoc_extract(pdf, out)
    assert result.returncode == 0, result.stderr  # no value failed validation
    doc = json.loads(out.read_text(encoding="utf-8"))
    scored = run_score("genre", doc, REAL / f"{stem}.truth.json", tmp_path)
    assert "(100.0%) extra: 0" in scored.stdout, scored.stdout
    # Not scored, but a reviewer reads it: each row under the heading the truth names (a
    # bold "Notes:" label over a list is no heading; a one-row table's is its item's).
    truth = json.loads((REAL / f"{stem}.truth.json").read_text(encoding="utf-8"))
    assert [r["section_title"] for r in doc["rules"]] == [r["section"] for r in truth["rules"]]
