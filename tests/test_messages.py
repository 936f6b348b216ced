"""Messages a maintainer can act on (issue 12): each names where, what was printed and
what to do."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pdfgen import DocSpec, HistoryTable, Paragraphs, PortTable, Section, build_pdf

from pipeline.cli import build_parser, main
from pipeline.extract import extract_document


@pytest.fixture(scope="module")
def odd_rows(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A port table with a nameless row whose port is unreadable and a row whose ports
    have no protocol."""
    header = ["Item", "UDP/TCP", "Port", "Hostname", "IP Address"]
    rows = [
        ["Mail transfer", "TCP", "25", "mx.vendor-a.com", ""],
        ["", "TCP", "n/a", "relay.vendor-a.com", ""],
        ["Licensing", "", "8443 / 9443", "lic.vendor-a.com", ""],
    ]
    spec = DocSpec(
        title="Connection Ports and Protocols",
        running_header="Vendor A    Connection Ports and Protocols",
        sections=[
            Section("Connection Ports and Protocols", [Paragraphs(["Intro."])]),
            Section("External Connections", [PortTable(header, rows, widths=[30, 12, 14, 24, 20])]),
            Section("Change History", [HistoryTable([("Jan-2024", "1.0", "First.")])]),
        ],
    )
    path = tmp_path_factory.mktemp("odd") / "odd.pdf"
    build_pdf(spec, path)
    return path


def test_a_row_with_no_valid_port_names_its_page_and_printed_text(odd_rows: Path) -> None:
    issue = next(i for i in extract_document(odd_rows).issues if i.code == "no-ports")
    assert issue.page == 1
    assert "row ''" not in issue.message
    assert "page 1" in issue.message and "n/a" in issue.message
    assert "relay.vendor-a.com" in issue.message


def test_missing_protocol_names_the_ports(odd_rows: Path) -> None:
    issue = next(i for i in extract_document(odd_rows).issues if i.code == "missing-protocol")
    assert "8443" in issue.message and "9443" in issue.message
    assert issue.text == "Licensing"


def _subcommands() -> dict[str, object]:
    parser = build_parser()
    action = next(a for a in parser._actions if a.dest == "command")
    return dict(action.choices)  # type: ignore[arg-type]


@pytest.mark.parametrize("command", sorted(_subcommands()))
def test_every_command_help_lists_its_exit_codes(command: str, capsys) -> None:
    with pytest.raises(SystemExit) as stop:
        main([command, "--help"])
    assert stop.value.code == 0
    out = capsys.readouterr().out
    assert "exit codes" in out
    assert re.search(r"\b0\b", out.split("exit codes", 1)[1]), out


def test_review_sources_help_explains_its_options(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["review-sources", "--help"])
    out = capsys.readouterr().out
    for option in ("--sources", "--output"):
        line = next(ln for ln in out.splitlines() if ln.strip().startswith(option))
        assert len(line.split(option, 1)[1].strip()) > 10, line  # more than the metavar


def test_schema_check_says_missing_for_a_missing_file(tmp_path: Path, capsys) -> None:
    main(["schema", "--output", str(tmp_path)])
    (tmp_path / "diff.schema.json").unlink()
    (tmp_path / "index.schema.json").write_text("{}")
    capsys.readouterr()
    assert main(["schema", "--output", str(tmp_path), "--check"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert f"{tmp_path / 'diff.schema.json'}: missing; run `portdoc schema`" in err
    assert f"{tmp_path / 'index.schema.json'}: out of date; run `portdoc schema`" in err
