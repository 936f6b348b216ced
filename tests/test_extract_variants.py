"""Layouts unlike the corpus: other header words, protocol and port in one column,
comma-separated hosts, wildcards, networks, IPv6, port ranges, numbered headings,
day-first dates, "v" version prefixes. Expected values are written out by hand."""

from __future__ import annotations

from pathlib import Path

import pytest
from pdfgen import (
    AddressBlock,
    Bullets,
    DocSpec,
    HistoryTable,
    Paragraphs,
    PortTable,
    Section,
    build_pdf,
)

from pipeline.extract import extract_document

SPEC = DocSpec(
    title="Network Requirements",
    running_header="Acme Filter  Network Requirements",
    version="4.0",
    sections=[
        Section("Overview", [Paragraphs(["The Acme Filter needs these connections."])]),
        Section(
            "Outbound connections",
            [
                PortTable(
                    ["Service", "Port(s)", "Destination", "Notes"],
                    [
                        ["Updates", "TCP 443", "updates.example.com\n*.cdn.example.net", "Signed"],
                        ["DNS", "53/udp\n53/tcp", "Any", ""],
                        ["Telemetry", "TCP/8443", "t1.example.com, t2.example.com", "Optional"],
                        ["Passive FTP", "TCP 1024-65535", "ftp.example.org", "Data channel"],
                        ["Web portal", "TCP 443 (HTTPS)", "https://portal.example.com/a", ""],
                    ],
                    widths=[25, 20, 35, 20],
                )
            ],
            numbered="2",
        ),
        Section(
            "Inbound connections",
            [
                PortTable(
                    ["Function", "Protocol", "Port", "Source", "IP Address"],
                    [
                        [
                            "Management UI",
                            "TCP",
                            "443\n8443",
                            "admin.example.com",
                            "192.0.2.0/24\n2001:db8::/32",
                        ],
                        ["Syslog", "UDP", "514", "", "198.51.100.7"],
                    ],
                    widths=[25, 12, 13, 25, 25],
                )
            ],
            numbered="3",
        ),
        Section(
            "Revision history",
            [HistoryTable([("22/11/2020", "v3.9", "Earlier"), ("March 2021", "4.0", "FTP")])],
            numbered="4",
        ),
    ],
)


def small_document(*sections: Section) -> DocSpec:
    """A minimal document of the family: the given sections and a one-entry history."""
    history = Section("Change History", [HistoryTable([("Jan-2024", "1.0", "First")])])
    return DocSpec(
        title="Connection Ports and Protocols",
        running_header="Acme  Ports",
        version="1.0",
        sections=[*sections, history],
    )


EXPECTED = {
    "outbound-connections/updates": (
        [("tcp", 443)],
        ["updates.example.com", "*.cdn.example.net"],
        [],
        False,
    ),
    "outbound-connections/dns": ([("tcp", 53), ("udp", 53)], [], [], True),
    "outbound-connections/telemetry": (
        [("tcp", 8443)],
        ["t1.example.com", "t2.example.com"],
        [],
        False,
    ),
    "outbound-connections/passive-ftp": ([("tcp", 1024, 65535)], ["ftp.example.org"], [], False),
    "outbound-connections/web-portal": ([("tcp", 443)], ["portal.example.com"], [], False),
    "inbound-connections/management-ui": (
        [("tcp", 443), ("tcp", 8443)],
        ["admin.example.com"],
        ["192.0.2.0/24", "2001:db8::/32"],
        False,
    ),
    "inbound-connections/syslog": ([("udp", 514)], [], ["198.51.100.7"], False),
}


@pytest.mark.parametrize("style", ["word", "html"])
def test_other_vocabulary_and_cell_shapes(style: str, tmp_path: Path) -> None:
    doc = extract_document(build_pdf(SPEC, tmp_path / "v.pdf", style=style))
    got = {
        r.id: (
            [
                (p.protocol, p.port) if p.port_end is None else (p.protocol, p.port, p.port_end)
                for p in r.ports
            ],
            r.hosts,
            r.addresses,
            r.any_destination,
        )
        for r in doc.rules
    }
    assert got == EXPECTED
    assert all(r.direction is None for r in doc.rules)  # none is printed: none invented
    assert (doc.document.version, doc.document.date) == ("4.0", "2021-03")
    # Dates keep the precision printed (issue 17 item 5): the day where it is printed.
    assert [(h.version, h.date) for h in doc.history] == [
        ("3.9", "2020-11-22"),
        ("4.0", "2021-03"),
    ]
    assert doc.document.title == "Network Requirements"
    assert doc.issues == []
    portal = next(r for r in doc.rules if r.service == "Web portal")
    assert "(HTTPS)" in portal.notes and "https://portal.example.com/a" in portal.notes


def test_rule_refers_to_a_host_list_by_its_section_number(tmp_path: Path) -> None:
    spec = small_document(
        Section(
            "External Connections",
            [
                PortTable(
                    ["Item", "Protocol", "Port", "Hostname", "IP Address"],
                    [["Rule updates", "TCP", "80", "See the servers in Section 3", ""]],
                    merged={0: (3, 4)},
                )
            ],
            numbered="2",
        ),
        Section(
            "Update mirrors",
            [Bullets(["m1.example.org"]), AddressBlock(["192.0.2.10", "192.0.2.11"])],
            numbered="3",
        ),
    )
    doc = extract_document(build_pdf(spec, tmp_path / "n.pdf"))
    (rule,) = doc.rules
    assert rule.host_lists == ["update-mirrors"]
    assert doc.host_lists[0].hosts == ["m1.example.org"]
    assert doc.host_lists[0].addresses == ["192.0.2.10", "192.0.2.11"]


def test_value_labels_inside_a_host_list_do_not_split_it(tmp_path: Path) -> None:
    spec = small_document(
        Section(
            "External Connections",
            [
                PortTable(
                    ["Item", "Protocol", "Port", "Hostname", "IP Address"],
                    [["Feeds", "TCP", "443", "See Section 3 – Feed servers", ""]],
                    merged={0: (3, 4)},
                )
            ],
        ),
        Section(
            "Feed servers",
            [
                Paragraphs(["The product fetches feeds from these servers."]),
                Paragraphs(["Hostnames"], bold=True),
                Bullets(["f1.example.org", "f2.example.org"]),
                Paragraphs(["IP addresses:"], bold=True),
                AddressBlock(["192.0.2.20", "2001:db8::20"]),
            ],
        ),
    )
    doc = extract_document(build_pdf(spec, tmp_path / "s.pdf"))
    assert [h.title for h in doc.host_lists] == ["Feed servers"]
    assert doc.host_lists[0].hosts == ["f1.example.org", "f2.example.org"]
    assert doc.host_lists[0].addresses == ["192.0.2.20", "2001:db8::20"]
    assert doc.rules[0].host_lists == ["feed-servers"]


@pytest.mark.parametrize("style", ["word", "html"])
def test_first_column_without_a_header_names_the_rows(style: str, tmp_path: Path) -> None:
    spec = small_document(
        Section(
            "External Connections",
            [
                PortTable(
                    ["", "Protocol", "Port", "Hostname"],
                    [
                        ["Licensing", "TCP", "443", "lic.example.com"],
                        ["Time", "UDP", "123", "ntp.example.org"],
                    ],
                    widths=[30, 20, 15, 35],
                )
            ],
        ),
    )
    doc = extract_document(build_pdf(spec, tmp_path / "u.pdf", style=style))
    assert [(r.service, r.ports[0].key, r.hosts) for r in doc.rules] == [
        ("Licensing", "tcp/443", ["lic.example.com"]),
        ("Time", "udp/123", ["ntp.example.org"]),
    ]
    assert doc.issues == []


@pytest.mark.parametrize("style", ["word", "html"])
def test_port_list_cut_at_a_narrow_cell_edge_is_rejoined(style: str, tmp_path: Path) -> None:
    """A wrapped port list must not become wrong ports ("9" + "443" for "9443")."""
    spec = small_document(
        Section(
            "External Connections",
            [
                PortTable(
                    ["Item", "Protocol", "Port", "Hostname"],
                    [
                        ["Web", "TCP", "443,8443,9443", "web.example.com"],
                        ["Keys", "TCP", "443\n11371", "keys.example.com"],
                    ],
                    widths=[30, 16, 9, 45],
                )
            ],
        ),
    )
    pdf = build_pdf(spec, tmp_path / "w.pdf", style=style)
    doc = extract_document(pdf)
    assert [[p.key for p in r.ports] for r in doc.rules] == [
        ["tcp/443", "tcp/8443", "tcp/9443"],
        ["tcp/443", "tcp/11371"],
    ], [r.cells["Port"] for r in doc.rules]


@pytest.mark.parametrize("style", ["word", "html", "plain"])
def test_host_list_printed_as_a_table(style: str, tmp_path: Path) -> None:
    spec = small_document(
        Section(
            "External Connections",
            [
                PortTable(
                    ["Item", "Protocol", "Port", "Hostname"],
                    [["Rule updates", "TCP", "80", "Servers listed in Mirror servers"]],
                )
            ],
        ),
        Section(
            "Mirror servers",
            [
                Paragraphs(["These servers host the updates."]),
                PortTable(
                    ["Hostname", "IP Address"],
                    [
                        ["m1.example.org", "192.0.2.10"],
                        ["m2.example.org", "192.0.2.11\n2001:db8::11"],
                    ],
                ),
            ],
        ),
    )
    doc = extract_document(build_pdf(spec, tmp_path / "h.pdf", style=style))
    (mirrors,) = doc.host_lists
    assert mirrors.hosts == ["m1.example.org", "m2.example.org"]
    assert mirrors.addresses == ["192.0.2.10", "192.0.2.11", "2001:db8::11"]
    assert mirrors.description == "These servers host the updates."
    assert doc.rules[0].host_lists == ["mirror-servers"]
    assert doc.issues == []


def test_bold_hostnames_are_values_not_headings(tmp_path: Path) -> None:
    spec = small_document(
        Section(
            "External Connections",
            [PortTable(["Item", "Protocol", "Port", "Hostname"], [["Feeds", "TCP", "443", ""]])],
        ),
        Section(
            "Feed servers",
            [
                Paragraphs(["The product fetches feeds from these servers."]),
                Paragraphs(["feeds1.example.org", "feeds2.example.org"], bold=True),
                AddressBlock(["192.0.2.30"]),
            ],
        ),
    )
    doc = extract_document(build_pdf(spec, tmp_path / "b.pdf"))
    (feeds,) = doc.host_lists
    assert feeds.title == "Feed servers"
    assert feeds.hosts == ["feeds1.example.org", "feeds2.example.org"]
    assert feeds.addresses == ["192.0.2.30"]
