"""Other vendors' port documentation (issue 10): the shared genre samples in
``../shared/genres/`` (a browser-printed help page, a Word flow matrix with a change
history, a function table with row spans, an address-range document) extract through
``portdoc extract`` with every fact of their truth right and nothing extra, scored with
the shared ``score.py genre`` as acceptance scores them.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from corpus import SHARED, run_score

GENRES = SHARED / "genres"
PDFS = sorted(GENRES.glob("*.pdf")) if GENRES.is_dir() else []
MISSING = (
    f"needs the genre samples, ../shared/genres, beside the project (looked in {GENRES}; "
    "PORTDOC_SHARED names another folder)"
)
# Without them, one parameter that skips saying so (not pytest's "empty parameter set").
PARAMS = PDFS or [pytest.param(None, id="no-genre-samples", marks=pytest.mark.skip(reason=MISSING))]


def portdoc_extract(pdf: Path, out: Path) -> subprocess.CompletedProcess:
    """The command line, as acceptance runs it."""
    return subprocess.run(
        [sys.executable, "-m", "pipeline.cli", "extract", "-q", str(pdf), "-o", str(out)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> dict[Path, dict]:
    """Each sample's document JSON (None where extract wrote none), extracted once."""
    folder = tmp_path_factory.mktemp("genres")
    found: dict[Path, dict] = {}
    for pdf in PDFS:
        out = folder / f"{pdf.stem}.json"
        result = portdoc_extract(pdf, out)
        found[pdf] = {
            "returncode": result.returncode,
            "stderr": result.stderr,
            "doc": json.loads(out.read_text(encoding="utf-8")) if out.is_file() else None,
        }
    return found


@pytest.mark.parametrize("pdf", PARAMS, ids=lambda p: p.stem)
def test_genre_sample_scores_every_fact(
    pdf: Path, extracted: dict[Path, dict], tmp_path: Path, shared: Path
) -> None:
    got = extracted[pdf]
    assert got["returncode"] in (0, 1) and got["doc"] is not None, got["stderr"]
    truth = pdf.with_name(pdf.stem + ".truth.json")
    result = run_score("genre", got["doc"], truth, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "(100.0%) extra: 0" in result.stdout, result.stdout


@pytest.mark.parametrize("pdf", PARAMS, ids=lambda p: p.stem)
def test_genre_sample_has_no_false_error(pdf: Path, extracted: dict[Path, dict]) -> None:
    """Every value of the samples is valid: an error would be a false alarm (a qualifier
    wrapped onto its own line of a protocol cell, "FTPS" / "(explicit)", was a
    bad-protocol error and exit 1)."""
    got = extracted[pdf]
    errors = [i for i in got["doc"]["issues"] if i["severity"] == "error"]
    assert got["returncode"] == 0 and errors == [], errors


@pytest.mark.parametrize("pdf", PARAMS, ids=lambda p: p.stem)
def test_genre_sample_title_is_its_whole_first_heading(
    pdf: Path, extracted: dict[Path, dict]
) -> None:
    """The document's title is its largest heading whole, also where it wraps over two
    lines (the Contoso sample's "…Network functions and" / "ports"); each sample's
    truth title is the part after its dash."""
    doc = extracted[pdf]["doc"]
    truth = json.loads(pdf.with_name(pdf.stem + ".truth.json").read_text(encoding="utf-8"))
    assert doc["document"]["title"].endswith(truth["document"]["title"])


@pytest.mark.parametrize("pdf", PARAMS[:1], ids=lambda p: p.stem)
def test_the_scorer_run_in_process_fails_what_the_script_fails(pdf: Path, tmp_path: Path) -> None:
    """``run_score`` runs score.py in this process: a document missing the truth's facts
    exits 1 and prints the misses, as ``python3 score.py`` does."""
    truth = pdf.with_name(pdf.stem + ".truth.json")
    empty = {"rules": [], "host_lists": [], "history": [], "issues": []}
    in_process = run_score("genre", empty, truth, tmp_path)
    script = subprocess.run(
        [sys.executable, *in_process.args[1:]], capture_output=True, text=True, check=False
    )
    assert (in_process.returncode, in_process.stdout) == (script.returncode, script.stdout)
    assert in_process.returncode == 1 and "  miss: " in in_process.stdout
