"""Every cell of a hostname column is a hostname or an issue; every cell of an address
column an address, a range or a network, or an issue (issue 20 items 11-12, issue 16
item 9). Each shape is printed by ``pdfgen`` into a ruled port table, one row each."""

from __future__ import annotations

from pathlib import Path

import pytest
from pdfgen import DocSpec, Paragraphs, PortTable, Section, build_pdf

from pipeline.extract import extract_here
from pipeline.model.models import Document

GOOD_HOST = "cmd.vendorcloud.net"
# Shapes that are meant as a hostname and are none: each an error naming it.
BAD_HOSTS = [
    "=cmd.vendorcloud.net",
    "+cmd.vendorcloud.net",
    "@cmd.vendorcloud.net",
    "(cmd.vendorcloud.net)",
    "'cmd.vendorcloud.net'",
    "cmd..vendorcloud.net",
    "_srv.cmd.vendorcloud.net",
    "cmd.vendorcloud.c0m",
    "user@cmd.vendorcloud.net",
    "*.*.vendorcloud.net",
    "cmd-.vendorcloud.net",
    "%63md.vendorcloud.net",
]
BAD_ADDRESSES = ["0x7f.0.0.1", "1.2.3", "fe80::1%eth0", "192.0.2.7\u200b"]


# A font with Cyrillic letters and a zero-width space (Helvetica has neither).
TTF = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
needs_ttf = pytest.mark.skipif(not TTF.is_file(), reason=f"needs {TTF}")


def table_pdf(path: Path, rows: list[list[str]], font: str = "Helvetica") -> Path:
    spec = DocSpec(
        title="Connection Ports and Protocols",
        running_header="VendorCloud Agent  Connection Ports and Protocols",
        version="1.0",
        sections=[
            Section("Overview", [Paragraphs(["The agent needs these connections."])]),
            Section(
                "External Connections",
                [
                    PortTable(
                        ["Item", "UDP/TCP", "Port", "Hostname", "IP Address"],
                        rows,
                        widths=[18, 9, 8, 40, 25],
                    )
                ],
            ),
        ],
    )
    return build_pdf(spec, path, font=font)  # type: ignore[return-value]


def extract_rows(
    tmp_path: Path, hosts: list[str], addresses: list[str], font: str = "Helvetica"
) -> Document:
    rows = [
        [f"Check {k + 1}", "TCP", "443", h, a]
        for k, (h, a) in enumerate(zip(hosts, addresses, strict=True))
    ]
    return extract_here(table_pdf(tmp_path / "table.pdf", rows, font))


def issues(doc: Document, code: str) -> list[tuple[str, str]]:
    return [(i.severity, i.text) for i in doc.issues if i.code == code]


def test_every_host_cell_is_a_hostname_or_an_error(tmp_path: Path) -> None:
    doc = extract_rows(tmp_path, [GOOD_HOST, *BAD_HOSTS], [""] * (1 + len(BAD_HOSTS)))
    assert [r.hosts for r in doc.rules] == [[GOOD_HOST]] + [[]] * len(BAD_HOSTS)
    assert issues(doc, "bad-hostname") == [("error", h) for h in BAD_HOSTS]
    # kept as printed, in the notes
    assert [r.notes for r in doc.rules[1:]] == BAD_HOSTS


def test_wildcards_templates_and_service_tags(tmp_path: Path) -> None:
    hosts = [
        "*cdn.onenote.net",  # a wildcard glued to its label: a host as printed
        "autodiscover.<tenant>.onmicrosoft.com",  # a template
        "AzureFrontDoor.Frontend",  # a service tag
    ]
    doc = extract_rows(tmp_path, hosts, [""] * 3)
    assert [r.hosts for r in doc.rules] == [["*cdn.onenote.net"], [], []]
    assert issues(doc, "template-hostname") == [("info", hosts[1])]
    assert issues(doc, "unknown-tld") == [("warning", hosts[2])]
    assert [doc.rules[1].notes, doc.rules[2].notes] == hosts[1:]
    assert not issues(doc, "bad-hostname")


@needs_ttf
def test_a_mixed_script_hostname_is_a_warning(tmp_path: Path) -> None:
    lookalike = "\u0441md.vendorcloud.net"  # Cyrillic es, then Latin
    doc = extract_rows(tmp_path, [lookalike, "bücher.example.com"], ["", ""], str(TTF))
    assert [r.hosts for r in doc.rules] == [
        ["xn--md-nmc.vendorcloud.net"],
        ["xn--bcher-kva.example.com"],
    ]
    assert issues(doc, "mixed-script-hostname") == [("warning", lookalike)]


@needs_ttf
def test_every_address_cell_is_an_address_range_network_or_error(tmp_path: Path) -> None:
    addresses = ["192.0.2.9-192.0.2.20", "198.51.100.0/24", *BAD_ADDRESSES]
    doc = extract_rows(tmp_path, [""] * len(addresses), addresses, str(TTF))
    assert doc.rules[0].addresses == [
        "192.0.2.9/32",
        "192.0.2.10/31",
        "192.0.2.12/30",
        "192.0.2.16/30",
        "192.0.2.20/32",
    ]
    assert doc.rules[1].addresses == ["198.51.100.0/24"]
    assert [r.addresses for r in doc.rules[2:]] == [[]] * len(BAD_ADDRESSES)
    found = issues(doc, "bad-address")
    assert [text.strip("\u200b") for _, text in found] == [a.strip("\u200b") for a in BAD_ADDRESSES]
    assert {severity for severity, _ in found} == {"error"}


@pytest.mark.parametrize("sentence", ["See Cloudfront.IPs for the list", "Version 1.2.3 only"])
def test_a_sentence_in_a_value_column_stays_notes(sentence: str, tmp_path: Path) -> None:
    doc = extract_rows(tmp_path, [sentence], [sentence])
    assert not [i for i in doc.issues if i.severity == "error"], doc.issues


def test_a_port_broken_by_a_narrow_cell_is_one_number(tmp_path: Path) -> None:
    """Issue 20 item 13: '65536' wrapped as '6553' / '6' in a narrow Port column is one
    number, out of range (an error), not the ports 6553 and 6; '3268 3269' stays two."""
    spec = DocSpec(
        title="Connection Ports and Protocols",
        running_header="VendorCloud Agent  Connection Ports and Protocols",
        version="1.0",
        sections=[
            Section(
                "External Connections",
                [
                    PortTable(
                        ["Item", "UDP/TCP", "Port", "Hostname"],
                        [
                            ["Sync", "TCP", "65536", GOOD_HOST],
                            ["Relay", "TCP", "99999", GOOD_HOST],
                            ["Catalogue", "TCP", "3268 3269", GOOD_HOST],
                            ["Web", "TCP", "44300", GOOD_HOST],
                        ],
                        widths=[30, 12, 6, 52],
                    )
                ],
            ),
        ],
    )
    doc = extract_here(build_pdf(spec, tmp_path / "narrow.pdf"))
    ports = [[(p.port, p.port_end) for p in r.ports] for r in doc.rules]
    assert ports == [[], [], [(3268, None), (3269, None)], [(44300, None)]]
    assert [i.text for i in doc.issues if i.code == "bad-port"] == ["65536", "99999"]
