"""What a publish tells the maintainer and the consumer besides the data (issue 17): each
revision's errors, warnings and text not placed, printed and in ``index.json``; fixture
sources published for a local trial only when asked, and marked so."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_publish import EXAMPLECORP, relay, run, write_source
from truthdoc import CLEARSWIFT, truth_document

from pipeline.model.errors import PublishRefusedError
from pipeline.model.models import Document, Issue
from pipeline.release.publish import report_text
from pipeline.release.schemas import schema_errors

pytestmark = pytest.mark.skipif(
    not EXAMPLECORP.is_dir(), reason="../shared/corpus is not beside the project"
)


def _issues(doc: Document, *codes: tuple[str, str]) -> Document:
    for n, (code, severity) in enumerate(codes):
        doc.issues.append(Issue(code=code, severity=severity, message=f"m{n}", page=n + 1))
    return doc


def test_counts_are_printed_and_in_the_index(tmp_path: Path) -> None:
    unclean = _issues(
        relay("1.1"),
        ("unplaced-value", "warning"),
        ("unplaced-value", "warning"),
        ("unknown-table", "warning"),
        ("missing-service", "warning"),
        ("bad-port", "error"),
    )
    write_source(tmp_path / "sources", "relay", [relay("1.0"), unclean])
    lines: list[str] = []
    report = run(
        tmp_path / "sources", tmp_path / "output", progress=lines.append, allow_invalid=True
    )
    assert lines == [
        "[1/2] relay 1.0: 44 rules, 2 host lists; 0 errors, 0 warnings, 0 not placed",
        "[2/2] relay 1.1: 44 rules, 2 host lists; 1 error, 4 warnings, 3 not placed",
    ]
    assert report.not_clean == ["relay 1.1: 1 error, 4 warnings, 3 not placed"]
    text = report_text(report)
    assert (
        "\nnot clean (see `portdoc review`):\n  relay 1.1: 1 error, 4 warnings, 3 not placed\n"
        in (text)
    )
    index = json.loads((tmp_path / "output" / "index.json").read_text())
    assert schema_errors("index", index) == []
    versions = index["sources"][0]["versions"]
    counts = [(v["errors"], v["warnings"], v["not_placed"], v["valid"]) for v in versions]
    assert counts == [(0, 0, 0, True), (1, 4, 3, False)]
    # The stand-ins are the corpus's example data (let through for these tests): marked.
    assert index["sources"][0]["fixture"] is True


def test_a_clean_publish_lists_nothing_as_not_clean(tmp_path: Path) -> None:
    clearswift = truth_document(CLEARSWIFT, "3.3")
    write_source(tmp_path / "sources", "clearswift-seg", [clearswift], vendor="Clearswift")
    report = run(tmp_path / "sources", tmp_path / "output", allow_example_data=False)
    assert report.not_clean == [] and "not clean" not in report_text(report)
    index = json.loads((tmp_path / "output" / "index.json").read_text())
    assert index["sources"][0]["fixture"] is False


@pytest.mark.parametrize("meta", [{}, {"fixture": True}, {"vendor": "ExampleCorp"}])
def test_allow_fixtures_publishes_a_trial_marked_as_fixture(
    meta: dict[str, object], tmp_path: Path
) -> None:
    # The corpus's own document: example names, documentation-range addresses.
    write_source(tmp_path / "sources", "relay", [truth_document(EXAMPLECORP, "1.0")], **meta)
    out = tmp_path / "output"
    with pytest.raises(PublishRefusedError, match="--allow-fixtures"):
        run(tmp_path / "sources", out, allow_example_data=False)
    run(tmp_path / "sources", out, allow_example_data=False, allow_fixtures=True)
    index = json.loads((out / "index.json").read_text())
    assert [(s["id"], s["fixture"]) for s in index["sources"]] == [("relay", True)]
    assert (out / "relay" / "1.0" / "hosts.txt").read_text()
