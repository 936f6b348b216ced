"""Hostile text (issue 13, items 11, 13, 14): a document JSON given to ``portdoc diff``
is checked like any input, networks that allow everything never reach the feeds, and a
hostname cell that holds no hostname is reported, not moved to notes in silence.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from truthdoc import EXAMPLECORP, truth_document

from pipeline.cli import main
from pipeline.diff import load_document
from pipeline.errors import UnusableInputError
from pipeline.models import Document

needs_corpus = pytest.mark.skipif(
    not EXAMPLECORP.is_dir(), reason="../shared/corpus is not beside the project"
)


def relay(version: str = "1.1") -> Document:
    return truth_document(EXAMPLECORP, version)


def _side(tmp_path: Path, data: Any, name: str = "side.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data))
    return path


# --- 14: a document JSON as a diff side -------------------------------------------------


def _edited(change: Any) -> dict[str, Any]:
    data = relay().model_dump(mode="json")
    change(data)
    return data


@needs_corpus
@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.clear(), r"no schema_version, generator, document"),
        (lambda d: d.pop("document"), r"no document"),
        (lambda d: d.update(schema_version="1.0"), r"schema_version 1\.0.*extract the PDF again"),
        (lambda d: d["rules"][0]["hosts"].append("evil.com/../../etc"), r"rules/0/hosts/\d+: "),
        (lambda d: d["rules"][0]["hosts"].append("update.example.com;rm"), r"rules/0/hosts/"),
        (
            lambda d: d["rules"][1]["addresses"].append("10.0.0.1/8"),
            r"rules/1/addresses/.*host bits",
        ),
        (lambda d: d["host_lists"][0]["addresses"].append("999.1.1.1"), r"host_lists/0/addresses/"),
        (lambda d: d["history"][0]["retired_addresses"].append("x"), r"history/0/retired_addr"),
        (lambda d: d["rules"][0]["address_sources"].append("javascript:x"), r"address_sources"),
        (lambda d: d["rules"][0].update(service="Web\x1b[2J"), r"rules/0/service: control"),
        (lambda d: d["rules"][0].update(ports="tcp/80"), r"rules/0/ports: 'tcp/80' is not"),
    ],
)
def test_a_json_side_that_is_not_a_document_is_refused(
    change: Any, message: str, tmp_path: Path
) -> None:
    path = _side(tmp_path, _edited(change))
    with pytest.raises(
        UnusableInputError, match=rf"^side\.json: not a portdoc document JSON .*{message}"
    ):
        load_document(path)


@needs_corpus
def test_a_document_as_written_is_read_back(tmp_path: Path) -> None:
    path = _side(tmp_path, relay().model_dump(mode="json"))
    assert load_document(path) == relay()


@needs_corpus
def test_diff_of_an_empty_object_exits_2_in_one_line(tmp_path: Path, capsys) -> None:
    empty = _side(tmp_path, {}, "empty.json")
    real = _side(tmp_path, relay().model_dump(mode="json"), "real.json")
    assert main(["diff", str(empty), str(real)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1 and "empty.json" in captured.err
