"""Hostile text (issue 13, items 11, 13, 14): a document JSON given to ``portdoc diff``
is checked like any input, networks that allow everything never reach the feeds, and a
hostname cell that holds no hostname is reported, not moved to notes in silence.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from truthdoc import EXAMPLECORP, truth_document

from pipeline.cli import main
from pipeline.document_json import load_document
from pipeline.model.errors import UnusableInputError
from pipeline.model.models import Document

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
        (
            lambda d: d["rules"][0].update(ports="tcp/80"),
            r'rules/0/ports: "tcp/80" is not of type "array"',
        ),
        (  # a side for a value the rule does not hold
            lambda d: d["rules"][0]["peers"].append({"value": "0.0.0.0/0", "side": "source"}),
            r"rules/0/peers/0: '0\.0\.0\.0/0' is in neither",
        ),
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


# --- 11 and 13: hostile cells in a port table -----------------------------------------

HOSTILE_ROWS = [
    ["Web updates", "TCP", "443", "updates.example.com", "0.0.0.0/0"],
    ["Any outbound", "TCP", "8443", "Any", "0.0.0.0/0"],
    ["Mirror", "TCP", "80", "evil.com/../../etc", "192.0.2.1"],
    ["Feed", "TCP", "21", "update.example.com;rm", ""],
    ["IPv6 all", "TCP", "444", "", "::/0"],
    ["IPv6 range", "TCP", "445", "", "2001:db8::/32"],
    ["Wide", "TCP", "446", "", "8.0.0.0/7"],
    ["Relay", "TCP", "25", "To the customer's mail server (see mx.example.com)", "10.0.0.0/8"],
]


def hostile_spec(rows: list[list[str]]):
    from pdfgen import DocSpec, HistoryTable, PortTable, Section

    return DocSpec(
        title="Connection Ports and Protocols",
        running_header="Relaytest Mail Relay",
        sections=[
            Section(
                "External Connections",
                [
                    PortTable(
                        ["Item", "UDP/TCP", "Port", "Hostname", "IP Address"],
                        rows,
                        widths=[16, 9, 7, 44, 24],  # no cell wraps: the text is read whole
                    )
                ],
            ),
            Section("Document History", [HistoryTable([("Jan-2021", "1.0", "First release")])]),
        ],
    )


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Document:
    from pdfgen import build_pdf

    from pipeline.extract import extract_document

    pdf = tmp_path_factory.mktemp("hostile") / "hostile.pdf"
    build_pdf(hostile_spec(HOSTILE_ROWS), pdf)
    return extract_document(pdf)


def _rule(doc: Document, service: str):
    return next(rule for rule in doc.rules if rule.service == service)


def _issues(doc: Document, code: str) -> list[tuple[str, str, int | None]]:
    return sorted((i.text, i.severity, i.page) for i in doc.issues if i.code == code)


def test_hostname_cells_that_are_not_hostnames_are_errors(hostile: Document) -> None:
    assert _issues(hostile, "bad-hostname") == [
        ("evil.com/../../etc", "error", 1),
        ("update.example.com;rm", "error", 1),
    ]
    assert _rule(hostile, "Mirror").hosts == [] and _rule(hostile, "Feed").hosts == []
    assert "evil.com/../../etc" in _rule(hostile, "Mirror").notes  # kept as printed
    # Prose naming a host in brackets is notes, not a broken name.
    assert "mx.example.com)" in _rule(hostile, "Relay").notes


def test_networks_that_allow_everything_are_left_out_with_an_error(hostile: Document) -> None:
    assert _issues(hostile, "broad-network") == [
        ("0.0.0.0/0", "error", 1),  # Web updates
        ("0.0.0.0/0", "warning", 1),  # Any outbound: the row says Any
        ("8.0.0.0/7", "error", 1),
        ("::/0", "error", 1),
    ]
    for service in ("Web updates", "Any outbound", "IPv6 all", "Wide"):
        assert _rule(hostile, service).addresses == []
        assert all(e.field != "addresses" for e in _rule(hostile, service).evidence)
    assert _rule(hostile, "Any outbound").any_destination
    # Networks an organisation holds are kept.
    assert _rule(hostile, "IPv6 range").addresses == ["2001:db8::/32"]
    assert _rule(hostile, "Relay").addresses == ["10.0.0.0/8"]
    assert not hostile.valid


def test_an_allow_all_network_never_reaches_a_feed(hostile: Document, tmp_path: Path) -> None:
    from pipeline.release.render import addresses_txt

    assert b"0.0.0.0/0" not in addresses_txt(hostile, 4)
    assert b"8.0.0.0/7" not in addresses_txt(hostile, 4)
    assert b"::/0" not in addresses_txt(hostile, 6)


@pytest.mark.parametrize(
    ("name", "text", "problem"),
    [
        ("ipv4.txt", "192.0.2.1\n0.0.0.0/0\n", r"ipv4\.txt: line 2: 0\.0\.0\.0/0 does not belong"),
        ("ipv6.txt", "::/0\n", r"ipv6\.txt: line 1: ::/0 does not belong"),
        ("ipv4.txt", "2001:db8::1\n", r"does not belong"),
        ("hosts.txt", "evil.com/../../etc\n", r"hosts\.txt: line 1: label"),
    ],
)
def test_the_last_gate_refuses_a_feed_line_that_is_not_its_kind(
    name: str, text: str, problem: str
) -> None:
    from pipeline.release.treecheck import file_problems

    [message] = file_problems(f"relay/1.0/{name}", text.encode(), {})
    assert re.search(problem, message)


@pytest.mark.parametrize(
    ("text", "broad"),
    [
        ("0.0.0.0/0", True),
        ("8.0.0.0/7", True),
        ("10.0.0.0/8", False),
        ("192.0.2.1", False),
        ("::/0", True),
        ("2000::/3", True),
        ("2001::/16", False),
        ("2001:db8::/32", False),
        ("::ffff:0.0.0.0/96", True),  # every IPv4 address, written as IPv6
        ("::ffff:10.0.0.0/104", False),
        ("not an address", False),
    ],
)
def test_is_broad_network(text: str, broad: bool) -> None:
    from pipeline.values.normalize import is_broad_network

    assert is_broad_network(text) is broad


@pytest.mark.parametrize(
    ("text", "broken"),
    [
        ("evil.com/../../etc", True),
        ("update.example.com;rm", True),
        ("www.example.com/downloads", True),
        ("host.example.com$(id)", True),
        ("mx.example.com)", False),  # closing punctuation: a name in brackets
        ("“mx.example.com”,", False),
        ("example.com's", False),
        ("e.g.", False),
        ("v2.0/3.1", False),
        ("servers", False),
        ("mx.example.com", False),  # a hostname: read as one elsewhere
    ],
)
def test_broken_hostname(text: str, broken: bool) -> None:
    from pipeline.families.rows import broken_hostname

    assert (broken_hostname(text) is not None) is broken
