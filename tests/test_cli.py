"""The command line: help for every command, schemas in sync, diff through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from corpus import CORPUS, ROOT, run_score

from pipeline import cli
from pipeline.cli import build_parser, main
from pipeline.extract import extract_document
from pipeline.release.schemas import check_schemas, schema_errors

COMMANDS = [
    "add",
    "extract",
    "diff",
    "fetch",
    "publish",
    "remove",
    "review",
    "review-sources",
    "schema",
]


def test_every_command_has_help(capsys) -> None:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    assert sorted(sub.choices) == sorted(COMMANDS)
    assert sorted(cli.COMMANDS) == sorted(COMMANDS)  # each command parsed is run
    for command in COMMANDS:
        with pytest.raises(SystemExit) as stop:
            main([command, "--help"])
        assert stop.value.code == 0
        out = capsys.readouterr().out
        assert f"portdoc {command}" in out and len(out) > 200
    for command in COMMANDS:
        main_help = parser._subparsers._group_actions[0].choices[command].format_help()
        assert "exit codes" in main_help


def test_checked_in_schemas_match_the_models() -> None:
    assert check_schemas(ROOT / "schema") == [], "run `portdoc schema` and commit schema/"


def test_extracted_documents_validate_against_the_schema(shared: Path) -> None:
    for pdf in sorted(CORPUS.glob("*/*.pdf")):
        doc = extract_document(pdf).model_dump(mode="json")
        assert schema_errors("document", doc) == [], pdf.name


@pytest.mark.parametrize(("old", "new"), [("1.0", "1.1"), ("1.1", "2.0")])
def test_diff_command_on_pdfs_scores_every_fact(old, new, tmp_path: Path, shared: Path) -> None:
    folder = CORPUS / "examplecorp-relay"
    out = tmp_path / "diff.json"
    code = main(
        [
            "diff",
            str(folder / f"connection-ports-and-protocols-{old}.pdf"),
            str(folder / f"connection-ports-and-protocols-{new}.pdf"),
            "-o",
            str(out),
        ]
    )
    assert code == 0
    diff = json.loads(out.read_text())
    assert schema_errors("diff", diff) == []
    result = run_score("diff", diff, folder / f"diff-{old}-{new}.truth.json", tmp_path)
    assert result.returncode == 0, result.stdout


def test_diff_text_summarises_changes(tmp_path: Path, capsys, shared: Path) -> None:
    folder = CORPUS / "examplecorp-relay"
    code = main(
        [
            "diff",
            str(folder / "connection-ports-and-protocols-1.1.pdf"),
            str(folder / "connection-ports-and-protocols-2.0.pdf"),
            "--format",
            "text",
            "--exit-code",
        ]
    )
    assert code == 1
    out = capsys.readouterr().out
    assert "Sandbox detonation service" in out and "News feed" in out


def test_extract_writes_stdout_without_output_option(capsys, shared: Path) -> None:
    pdf = CORPUS / "clearswift-seg" / "connection-ports-and-protocols-3.3.pdf"
    assert main(["extract", str(pdf), "-q"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["document"]["version"] == "3.3" and len(doc["rules"]) == 44


def test_unwritable_output_exits_2_in_one_line(tmp_path: Path, capsys) -> None:
    pdf = CORPUS / "clearswift-seg" / "connection-ports-and-protocols-3.3.pdf"
    out = tmp_path / "no-such-folder" / "out.json"
    (tmp_path / "no-such-folder").write_text("a file where a folder should be")
    assert main(["extract", str(pdf), "-q", "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("portdoc extract: ") and "no-such-folder" in err
    assert "internal error" not in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("command", ["extract", "diff"])
def test_output_into_a_missing_folder_exits_2_and_creates_nothing(
    command: str, tmp_path: Path, capsys
) -> None:
    # README: a folder that can't be written is exit 2; portdoc does not make it.
    pdf = CORPUS / "examplecorp-relay" / "connection-ports-and-protocols-1.0.pdf"
    out = tmp_path / "missing" / "dir" / "out.json"
    sides = [str(pdf)] if command == "extract" else [str(pdf), str(pdf)]
    assert main([command, *sides, "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"portdoc {command}: ") and str(out.parent) in err
    assert len(err.strip().splitlines()) == 1 and "internal error" not in err
    assert not (tmp_path / "missing").exists()


def test_missing_file_exits_2(tmp_path: Path, capsys) -> None:
    assert main(["extract", str(tmp_path / "nope.pdf")]) == 2
    assert "nope.pdf" in capsys.readouterr().err
