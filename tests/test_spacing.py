"""Spacing that misleads: values run into a word by tight spacing ("and54.254.98.96",
"hostname:a.example.com") are split off and kept, the text staying as printed; a
stray space inside a hostname ("ra.swiss sign.net") is a warning that shows the line
(issue 11, points 2 and 4)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pdfgen import TIGHT, Bullets, DocSpec, HistoryTable, PortTable, Section, build_pdf
from reportlab.pdfbase.pdfmetrics import stringWidth

from pipeline.extract import extract_document
from pipeline.layout import cells as cl
from pipeline.layout.blocks import TextLine
from pipeline.pdf.pdfmodel import Word


def tokens(*texts: str) -> tuple[list[str], str]:
    x, words = 5.0, []
    for text in texts:
        words.append(Word(text, x, 10, x + 5 * len(text), 20, 10.0, False, 1))
        x += 5 * len(text) + 3
    (line,) = cl.logical_lines([TextLine(words)], [], 1000)
    return [t.text for t in line.tokens], line.text


@pytest.mark.parametrize(
    ("printed", "pieces"),
    [
        ("and54.254.98.96", ["and", "54.254.98.96"]),
        ("at192.0.2.1,", ["at", "192.0.2.1,"]),
        ("hostname:a.example.com", ["hostname:", "a.example.com"]),
        ("IP:2001:db8::1", ["IP:", "2001:db8::1"]),
        ("192.0.2.1,192.0.2.2", ["192.0.2.1,", "192.0.2.2"]),
        ("a.example.com;b.example.net", ["a.example.com;", "b.example.net"]),
        ("and23.185.0.301", ["and", "23.185.0.301"]),  # reported as a bad address
    ],
)
def test_a_value_glued_to_a_word_is_its_own_token(printed: str, pieces: list[str]) -> None:
    assert tokens("retired", printed) == (["retired", *pieces], f"retired {printed}")


@pytest.mark.parametrize(
    "printed",
    ["v1.2.3.4", "Version:2.1", "andhost", "a,b", "10:30:15", "https://a.example.com/x", "TCP/443"],
)
def test_words_that_hold_no_glued_value_stay_whole(printed: str) -> None:
    assert tokens(printed) == ([printed], printed)


def test_a_glued_tokens_box_is_its_share_of_the_word() -> None:
    word = Word("and54.254.98.96", 10, 10, 85, 20, 10.0, False, 1)
    (line,) = cl.logical_lines([TextLine([word])], [], 1000)
    first, value = line.tokens
    assert first.box()[0] == 10 and value.box()[2] == 85
    assert first.box()[2] == pytest.approx(value.box()[0]) == pytest.approx(25)


def test_justified_text_that_closes_the_gap_before_an_address(tmp_path: Path) -> None:
    retiring = (
        f"Add new reputation servers; these will be retired on 22/11/18: 192.0.2.9 and{TIGHT}"
        f"198.51.100.7, 203.0.113.5 at{TIGHT}203.0.113.6"
    )
    spec = DocSpec(
        "Connection Ports and Protocols",
        "ExampleCorp Relay",
        [
            Section(
                "External Connections",
                [PortTable(["Item", "UDP/TCP", "Port"], [["Updates", "TCP", "443"]])],
            ),
            Section(
                "Document history",
                [HistoryTable([("Oct 2018", "1.1", retiring), ("Jan 2018", "1.0", "First")])],
            ),
        ],
    )
    doc = extract_document(build_pdf(spec, tmp_path / "doc.pdf"))
    entry = next(e for e in doc.history if e.version == "1.1")
    assert entry.retired_addresses == ["192.0.2.9", "198.51.100.7", "203.0.113.5", "203.0.113.6"]
    assert "and198.51.100.7" in entry.description  # the text as printed
    # The value's box is its own share of the printed word, not the word's.
    box = next(e.box for e in entry.evidence if e.value == "198.51.100.7")
    printed = stringWidth("198.51.100.7", "Helvetica", 10)
    assert box.x1 - box.x0 == pytest.approx(printed, rel=0.2)


def host_table_doc(tmp_path: Path, hosts: str) -> list:
    spec = DocSpec(
        "Connection Ports and Protocols",
        "ExampleCorp Relay",
        [
            Section(
                "External Connections",
                [
                    PortTable(
                        ["Item", "UDP/TCP", "Port", "Hostname"],
                        [["Certificate checks", "TCP", "443", hosts]],
                        widths=[25, 10, 10, 55],
                    )
                ],
            ),
            Section("Document history", [HistoryTable([("Jan 2018", "1.0", "First")])]),
        ],
    )
    return extract_document(build_pdf(spec, tmp_path / "doc.pdf"))


@pytest.mark.parametrize(
    ("cell", "line"),
    [
        ("ocsp.examplesign.net\nra.example sign.net\ncrl.examplesign.net", "ra.example sign.net"),
        ("ra.swiss sign.net\nocsp.example.net", "ra.swiss sign.net"),
    ],
)
def test_a_host_cell_with_a_stray_space_is_a_warning(tmp_path: Path, cell: str, line: str) -> None:
    doc = host_table_doc(tmp_path, cell)
    (rule,) = doc.rules
    first, second = line.split()
    assert {first, second} <= set(rule.hosts)  # kept as printed, and flagged
    (issue,) = [i for i in doc.issues if i.code == "split-hostname"]
    assert issue.severity == "warning" and issue.text == line and line in issue.message
    assert issue.page == 1


def test_two_names_on_a_line_of_a_host_cell_are_no_warning(tmp_path: Path) -> None:
    doc = host_table_doc(tmp_path, "a.example.com b.example.net\nc.example.net")
    assert [i.code for i in doc.issues] == []
    assert doc.rules[0].hosts == ["a.example.com", "b.example.net", "c.example.net"]


def test_values_glued_to_words_in_host_and_address_cells_are_kept(tmp_path: Path) -> None:
    spec = DocSpec(
        "Connection Ports and Protocols",
        "ExampleCorp Relay",
        [
            Section(
                "External Connections",
                [
                    PortTable(
                        ["Item", "UDP/TCP", "Port", "Hostname", "IP Address"],
                        [
                            [
                                "Relay",
                                "TCP",
                                "25",
                                "hostname:relay.example.com",
                                f"at{TIGHT}192.0.2.1",
                            ],
                            ["Updates", "TCP", "443", "", "Served by a CDN.IPs are listed here"],
                        ],
                        widths=[20, 10, 10, 35, 25],
                    )
                ],
            ),
            Section("Document history", [HistoryTable([("Jan 2018", "1.0", "First")])]),
        ],
    )
    rule, cdn = extract_document(build_pdf(spec, tmp_path / "doc.pdf")).rules
    assert (rule.hosts, rule.addresses) == (["relay.example.com"], ["192.0.2.1"])
    assert "hostname:relay.example.com" in rule.notes and "at192.0.2.1" in rule.notes
    # A sentence missing the space after its full stop names no host ("CDN.IPs").
    assert cdn.hosts == [] and "CDN.IPs" in cdn.notes


def test_a_stray_space_in_an_endpoint_cell_is_a_warning_too(tmp_path: Path) -> None:
    spec = DocSpec(
        "Connection Ports and Protocols",
        "ExampleCorp Relay",
        [
            Section(
                "Network flows",
                [
                    PortTable(
                        ["Source", "Destination", "Protocol", "Port", "Description"],
                        [["Appliance", "ra.swiss sign.net", "TCP", "443", "Certificate checks"]],
                        widths=[20, 30, 10, 10, 30],
                    )
                ],
            ),
            Section("Document history", [HistoryTable([("Jan 2018", "1.0", "First")])]),
        ],
    )
    doc = extract_document(build_pdf(spec, tmp_path / "doc.pdf"))
    assert [(i.code, i.text) for i in doc.issues] == [("split-hostname", "ra.swiss sign.net")]


def test_a_stray_space_in_a_host_list_is_a_warning_too(tmp_path: Path) -> None:
    spec = DocSpec(
        "Connection Ports and Protocols",
        "ExampleCorp Relay",
        [
            Section(
                "External Connections",
                [PortTable(["Item", "UDP/TCP", "Port"], [["Updates", "TCP", "443"]])],
            ),
            Section(
                "Certificate servers",
                [Bullets(["ocsp.examplesign.net", "ra.example sign.net", "crl.examplesign.net"])],
            ),
            Section("Document history", [HistoryTable([("Jan 2018", "1.0", "First")])]),
        ],
    )
    doc = extract_document(build_pdf(spec, tmp_path / "doc.pdf"))
    (host_list,) = doc.host_lists
    assert {"ra.example", "sign.net"} <= set(host_list.hosts)
    (issue,) = doc.issues
    assert issue.code == "split-hostname" and "ra.example sign.net" in issue.text
