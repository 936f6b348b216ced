"""Cells that hold more than their header says, each shape printed by ``pdfgen`` into a
ruled table: a docs page's "IP Addresses and Port" column ("IP address: 192.0.2.10" /
"Port: 443"), a "Protocol and Port" column printing "UDP port 123" or "HTTPS over TCP" /
"port 443" over two lines, "443 (TCP)"; hosts printed with their port
("relay.example.com:8443") under an "Endpoint" header beside a protocol column; a
hostname in a protocol cell; a direction word alone in a column no header word names.
The values are the row's, labels are no values, a port printed with no protocol is an
error (never a guessed TCP), and a value no reader takes is an ``unlisted-value``
error, never a silent drop."""

from __future__ import annotations

from pathlib import Path

from pdfgen import Bullets, DocSpec, Paragraphs, PortTable, Section, build_pdf

from pipeline.extract import extract_here
from pipeline.model.models import Document
from pipeline.pdf.pdfmodel import read_pdf
from pipeline.reviewmarks import text_marks


def extract_sections(tmp_path: Path, *sections: Section) -> Document:
    """A document of ``sections`` under one title, extracted."""
    spec = DocSpec(
        title="Agent Cloud network access",
        running_header="Agent Cloud",
        version="2.0",
        sections=list(sections),
    )
    return extract_here(build_pdf(spec, tmp_path / "doc.pdf"))  # type: ignore[arg-type]


def extract_table(tmp_path: Path, columns: list[str], rows: list[list[str]]) -> Document:
    """One ruled table under a heading, extracted."""
    table = PortTable(columns, rows, widths=[1.0] * len(columns))
    return extract_sections(tmp_path, Section("Required resources", [table]))


# A port table, for documents whose other section is the one looked at.
PORTS = Section("Ports", [PortTable(["Port", "Protocol", "Purpose"], [["443", "TCP", "Uploads"]])])


def ports(doc: Document) -> list[list[tuple[str, int | None]]]:
    return [[(p.protocol, p.port) for p in r.ports] for r in doc.rules]


def test_addresses_in_a_port_column_are_the_rows_and_labels_are_no_ports(
    tmp_path: Path,
) -> None:
    doc = extract_table(
        tmp_path,
        ["FQDN", "IP Addresses and Port", "Usage"],
        [
            ["upload.agent.example.net", "IP address: 192.0.2.10\nPort: TCP 443", "Data upload"],
            [
                "cdn.agent.example.net",
                "IP address: 198.51.100.7, 203.0.113.0/28\nPort: 443",
                "Installers",
            ],
        ],
    )
    assert [r.hosts for r in doc.rules] == [["upload.agent.example.net"], ["cdn.agent.example.net"]]
    assert [r.addresses for r in doc.rules] == [["192.0.2.10"], ["198.51.100.7", "203.0.113.0/28"]]
    assert ports(doc) == [[("tcp", 443)], []]
    # Each address keeps where it was printed.
    boxes = [e.box for r in doc.rules for e in r.evidence if e.field == "addresses"]
    assert len(boxes) == 3 and all(b is not None and b.page == 1 for b in boxes)
    problems = [(i.code, i.severity) for i in doc.issues if i.severity != "info"]
    # Port 443 of the second row has no protocol: said, never defaulted; no label and
    # no address is taken for a port, and no address is left out of the feed.
    assert ("missing-protocol", "error") in problems
    assert not [i for i in doc.issues if i.code in ("bad-port", "unlisted-value")]


def test_port_words_and_a_transport_wrapped_above_its_port(tmp_path: Path) -> None:
    doc = extract_table(
        tmp_path,
        ["FQDN", "Protocol and Port", "Description"],
        [
            ["time.agent.example.net", "UDP port 123", "Clock synchronisation"],
            ["store.agent.example.net", "HTTPS over TCP\nport 443", "Upgrades"],
            ["logs.agent.example.net", "TCP ports 6514 and 10514", "Log forwarding"],
            ["metrics.agent.example.net", "443 (TCP), 9100 (TCP)", "Metrics"],
            ["dns.agent.example.net", "53 (TCP+UDP)", "Name lookups"],
            ["sip.agent.example.net", "5060 (TCP and UDP)", "Calls"],
        ],
    )
    assert ports(doc) == [
        [("udp", 123)],
        [("tcp", 443)],
        [("tcp", 6514), ("tcp", 10514)],
        [("tcp", 443), ("tcp", 9100)],
        [("tcp", 53), ("udp", 53)],
        [("tcp", 5060), ("udp", 5060)],
    ]
    assert [r.notes for r in doc.rules] == ["", "(HTTPS)", "", "", "", ""]
    assert not [i for i in doc.issues if i.severity == "error"]


def test_a_direction_word_alone_in_an_unnamed_column_is_the_rows_direction(
    tmp_path: Path,
) -> None:
    # A ports site's "Classification" column: a direction word where the row has one,
    # anything else (a scope) is no direction and stays in notes only.
    doc = extract_table(
        tmp_path,
        ["Service Description", "Port / Protocol", "Classification"],
        [
            ["Web client listener", "443 TCP", "Incoming"],
            ["Directory lookups", "389 TCP", "Outgoing"],
            ["Cluster heartbeat", "8182 UDP", "Intra-cluster"],
        ],
    )
    assert [r.direction for r in doc.rules] == ["in", "out", None]
    assert [r.notes for r in doc.rules] == ["Incoming", "Outgoing", "Intra-cluster"]
    said = [e for r in doc.rules for e in r.evidence if e.field == "direction"]
    assert [(e.value, e.text) for e in said] == [("in", "Incoming"), ("out", "Outgoing")]


def test_a_type_column_of_transports_is_the_protocol_column(tmp_path: Path) -> None:
    # "Source | Destination | Type | Port | Details": "Type" heads address kinds in
    # other documents; here its cells are transports, so it is the ports' protocol.
    columns = ["Source", "Destination", "Type", "Port", "Details"]
    doc = extract_table(
        tmp_path,
        columns,
        [
            ["Controller", "Storefront", "TCP", "80, 443", "Enumeration"],
            ["Client", "Session host", "TCP/UDP", "2598", "Session reliability"],
        ],
    )
    assert ports(doc) == [[("tcp", 80), ("tcp", 443)], [("tcp", 2598), ("udp", 2598)]]
    assert not [i for i in doc.issues if i.severity == "error"]
    # Cells that are not all transports leave "Type" what its header says: no protocol.
    other = extract_table(
        tmp_path,
        columns,
        [
            ["Controller", "Storefront", "TCP", "443", "Enumeration"],
            ["Client", "Session host", "Optional", "2598", "Session reliability"],
        ],
    )
    assert ports(other) == [[], []]
    assert [i.code for i in other.issues].count("missing-protocol") == 2


def test_a_hostname_in_a_protocol_cell_is_the_rows(tmp_path: Path) -> None:
    doc = extract_table(
        tmp_path,
        ["Protocol", "Transport", "Port", "From", "To"],
        [
            ["SSL (*.sensor.example.net)", "TCP", "443", "Sensor", "Cloud service"],
            ["DNS", "TCP and UDP", "53", "Sensor", "DNS servers"],
        ],
    )
    assert [r.hosts for r in doc.rules] == [["*.sensor.example.net"], []]
    assert ports(doc) == [[("tcp", 443)], [("tcp", 53), ("udp", 53)]]
    said = [e for e in doc.rules[0].evidence if e.field == "hosts"]
    assert [e.text for e in said] == ["(*.sensor.example.net)"]
    assert not [i for i in doc.issues if i.severity == "error"]


def test_hosts_printed_with_their_ports_under_an_endpoint_header(tmp_path: Path) -> None:
    doc = extract_table(
        tmp_path,
        ["Purpose", "Endpoint", "Protocol"],
        [
            ["Telemetry upload", "ingest.agent.example.com:443", "TCP"],
            ["Legacy relay", "relay.agent.example.com:8443, 192.0.2.9:8443", "TCP"],
            ["Policy download", "https://policy.agent.example.com/v2/", "TCP"],
        ],
    )
    assert [r.hosts for r in doc.rules] == [
        ["ingest.agent.example.com"],
        ["relay.agent.example.com"],
        ["policy.agent.example.com"],
    ]
    assert doc.rules[1].addresses == ["192.0.2.9"]
    # The URL's port is not printed: none is read (a warning says so).
    assert ports(doc) == [[("tcp", 443)], [("tcp", 8443)], []]
    assert not [i for i in doc.issues if i.severity == "error"]
    marks = [e.text for e in doc.rules[0].evidence if e.field == "ports"]
    assert marks == ["ingest.agent.example.com:443"]


def test_a_host_with_its_port_that_no_reader_takes_is_an_error(tmp_path: Path) -> None:
    # A column no header word names is kept in notes; a name it prints with its port
    # is data no reader took: the feed would miss it, and the extraction says so.
    doc = extract_table(
        tmp_path,
        ["Port", "Protocol", "Fallback"],
        [["443", "TCP", "relay.example.com:8443"]],
    )
    assert doc.rules[0].hosts == []
    unlisted = [i.message for i in doc.issues if i.code == "unlisted-value"]
    assert len(unlisted) == 1 and unlisted[0].startswith("relay.example.com printed")


def test_a_host_table_takes_urls_and_hosts_with_ports_and_says_what_it_left(
    tmp_path: Path,
) -> None:
    # "Purpose | Endpoint" with no protocol column: each row a named host list. A URL
    # names its host; a port printed with a host names no protocol, so the list gets
    # no port from it, and a warning says which.
    endpoints = PortTable(
        ["Purpose", "Endpoint"],
        [
            ["Policy", "https://policy.example.com/v2/"],
            ["Relay", "relay.example.com:8443, 192.0.2.9:8443"],
            ["Agents", "https://*.agents.example.com"],
        ],
    )
    doc = extract_sections(tmp_path, PORTS, Section("Endpoints", [endpoints]))
    lists = {h.title: (h.hosts, h.addresses, h.ports) for h in doc.host_lists}
    assert lists == {
        "Policy": (["policy.example.com"], [], []),
        "Relay": (["relay.example.com"], ["192.0.2.9"], []),
        "Agents": (["*.agents.example.com"], [], []),
    }
    warned = [i.message for i in doc.issues if i.code == "host-port"]
    assert len(warned) == 2 and all("names no protocol" in m for m in warned)
    assert not [i for i in doc.issues if i.severity == "error"]


def test_listed_networks_keep_their_footnote_marks_out(tmp_path: Path) -> None:
    listed = ["198.51.100.0/24*", "203.0.113.0/25†", "192.0.2.0/26", "2001:db8::/32*"]
    section = Section(
        "IP subnets for media services",
        [Bullets(listed), Paragraphs(["* Hosted in a partner data centre."])],
    )
    doc = extract_sections(tmp_path, PORTS, section)
    (subnets,) = doc.host_lists
    assert subnets.addresses == [
        "198.51.100.0/24",
        "203.0.113.0/25",
        "192.0.2.0/26",
        "2001:db8::/32",
    ]
    assert not [i for i in doc.issues if i.severity == "error"]


def test_a_printed_transport_outweighs_an_applications_usual_ones(tmp_path: Path) -> None:
    # "Protocol | Transport protocol": SIP stands for UDP and TCP, but the row prints
    # TCP; a row that prints no transport keeps the application's (DNS: UDP and TCP).
    doc = extract_table(
        tmp_path,
        ["Protocol", "Transport protocol", "Destination port", "Purpose"],
        [
            ["SIP", "TCP", "5060, 5061", "Signalling"],
            ["DNS", "", "53", "Lookups"],
            ["SIP", "UDP", "5060", "Media signalling"],
        ],
    )
    assert ports(doc) == [
        [("tcp", 5060), ("tcp", 5061)],
        [("tcp", 53), ("udp", 53)],
        [("udp", 5060)],
    ]
    said = [[e.text for e in r.evidence if e.field == "protocol"] for r in doc.rules]
    assert said == [["TCP"], ["DNS", "DNS"], ["UDP"]]
    assert [r.cells["Protocol"] for r in doc.rules] == ["SIP", "DNS", "SIP"]


def test_a_column_named_as_no_part_of_a_rule_is_said_once_per_table(tmp_path: Path) -> None:
    # "Access type" reads as an address list's "Type" column: in a port table it is
    # no part of a rule, kept in notes like a column no header word names.
    doc = extract_table(
        tmp_path,
        ["Protocol", "Port", "Access type", "Comments"],
        [["UDP", "5004", "Media", "Preferred"], ["TCP", "5004", "Media (fallback)", "Blocked UDP"]],
    )
    assert [r.notes for r in doc.rules] == ["Media Preferred", "Media (fallback) Blocked UDP"]
    codes = [i.code for i in doc.issues if i.severity != "info"]
    assert codes.count("unknown-column") == 1 and "unplaced-text" not in codes


def test_a_note_across_the_table_is_prose_not_a_heading(tmp_path: Path) -> None:
    table = PortTable(
        ["Service", "Protocol", "Port"],
        [
            ["Web UI", "TCP", "443"],
            ["Note: ports below 1024 need root on Linux.", "", ""],
            ["Management", "", ""],
            ["RPC", "TCP", "49152-65535"],
        ],
        merged={1: (0, 2), 2: (0, 2)},
    )
    doc = extract_sections(tmp_path, Section("Local ports", [table]))
    # The note is the section's text; the row after it still stands under the section,
    # the sub-heading row ("Management") heads the rows below it.
    assert [(r.service, r.section_title) for r in doc.rules] == [
        ("Web UI", "Local ports"),
        ("RPC", "Management"),
    ]
    assert [s.text for s in doc.sections if s.title == "Local ports"] == [
        "Note: ports below 1024 need root on Linux."
    ]


def test_ranges_printed_apart_are_read_whole(tmp_path: Path) -> None:
    doc = extract_table(
        tmp_path,
        ["Service", "Protocol", "Port", "Destination"],
        [
            ["RPC", "TCP", "1024 to 65535", "192.0.2.10 - 192.0.2.20"],
            ["Passive FTP", "TCP", "50000 through 50100", "198.51.100.0/24"],
        ],
    )
    assert ports(doc) == [[("tcp", 1024)], [("tcp", 50000)]]
    assert [[p.port_end for p in r.ports] for r in doc.rules] == [[65535], [50100]]
    covering = ["192.0.2.10/31", "192.0.2.12/30", "192.0.2.16/30", "192.0.2.20/32"]
    # The range's networks, on its side and in the row's addresses; not its two ends.
    assert doc.rules[0].addresses == covering and doc.rules[0].destination == covering
    assert not [i for i in doc.issues if i.severity == "error"]


def test_a_hostname_to_fill_in_is_said_and_not_listed(tmp_path: Path) -> None:
    doc = extract_table(
        tmp_path,
        ["Service", "Protocol", "Port", "Hostname"],
        [
            ["Autodiscover", "TCP", "443", "autodiscover.<tenant>.example.com"],
            ["Regional API", "TCP", "443", "{region}.api.example.net, api.example.net"],
        ],
    )
    assert [r.hosts for r in doc.rules] == [[], ["api.example.net"]]
    # The name was wrapped inside its placeholder's label ("….<tenant>.e" / "xample
    # .com"): rejoined, no "xample.com" is read as a host.
    warned = [i.text for i in doc.issues if i.code == "template-hostname"]
    assert warned == ["autodiscover.<tenant>.example.com", "{region}.api.example.net"]
    assert "<tenant>" in doc.rules[0].notes and "{region}" in doc.rules[1].notes


def test_labelled_address_items_are_lists_named_by_their_labels(tmp_path: Path) -> None:
    # "Hooks: 192.0.2.0/26, …": a list item naming a list and giving its values (a docs
    # page's "IP addresses by service"); a sentence naming an address stays prose.
    items = Section(
        "IP addresses by service",
        [
            Bullets(
                [
                    "Hooks: 192.0.2.0/26, 198.51.100.0/27, 2001:db8:100::/48",
                    "Git over SSH: 203.0.113.128/27",
                    "Web: hub.example.com, *.hub.example.com",
                ]
            ),
            Paragraphs(["Note: the status page runs at 192.0.2.200 and is not needed."]),
        ],
    )
    doc = extract_sections(tmp_path, PORTS, items)
    lists = {h.title: (h.hosts, h.addresses) for h in doc.host_lists}
    assert lists == {
        "Hooks": ([], ["192.0.2.0/26", "198.51.100.0/27", "2001:db8:100::/48"]),
        "Git over SSH": ([], ["203.0.113.128/27"]),
        "Web": (["hub.example.com", "*.hub.example.com"], []),
    }
    assert not [i for i in doc.issues if i.severity == "error"]
    # Each label is its list's title: where the list came from (the review places it).
    pdf = read_pdf(tmp_path / "doc.pdf")
    assert [m.label for m in text_marks(pdf, doc) if m.kind == "unplaced"] == []


def test_listed_values_with_a_remark_are_values(tmp_path: Path) -> None:
    # "• 203.0.113.5 (status page)": a list item, the remark its note (the hostname was
    # left out of the list, unsaid).
    items = Section(
        "Allow these destinations",
        [Bullets(["203.0.113.5 (status page)", "api.example.com (REST API)", "192.0.2.0/28"])],
    )
    doc = extract_sections(tmp_path, items)
    (listed,) = doc.host_lists
    assert (listed.hosts, listed.addresses) == (
        ["api.example.com"],
        ["203.0.113.5", "192.0.2.0/28"],
    )
    assert "status page" in listed.description and "REST API" in listed.description
    assert not [i for i in doc.issues if i.severity == "error"]


def test_an_unknown_name_beside_a_printed_transport_is_a_label(tmp_path: Path) -> None:
    # "Application protocol | Protocol": "Global Catalog" is no protocol the vocabulary
    # knows, but the row prints TCP: a label, kept in notes. With no transport printed
    # ("Gopher" alone) the name is all there is: an error, as before.
    doc = extract_table(
        tmp_path,
        ["Service name", "Application protocol", "Protocol", "Ports"],
        [
            ["Directory", "Global Catalog", "TCP", "3268"],
            ["Directory", "RPC", "TCP", "135"],
            ["Archive", "Gopher", "", "70"],
        ],
    )
    assert ports(doc) == [[("tcp", 3268)], [("tcp", 135)], []]
    assert "Global Catalog" in doc.rules[0].notes and "RPC" in doc.rules[1].notes
    bad = [i.text for i in doc.issues if i.code == "bad-protocol"]
    assert bad == ["Gopher"]


def test_a_hostname_a_sentence_names_with_a_protocol_is_said(tmp_path: Path) -> None:
    # "Also allow telemetry.example.com over TCP 443": an instruction no reader of
    # sentences takes. Not made data (a sentence is no row), but never silent; a name
    # mentioned with no protocol is a mention.
    notes = Section(
        "Notes",
        [
            Paragraphs(
                [
                    "Note: also allow telemetry.agent.example.net over TCP 443 when "
                    "diagnostics are enabled.",
                    "See docs.agent.example.net for the release notes.",
                ]
            )
        ],
    )
    # Under a host list its text is the list's description, where nothing else said it.
    ranges = Section(
        "Address ranges",
        [
            Paragraphs(["Allow these ranges for outbound TCP 443:"]),
            Bullets(["203.0.113.0/25", "198.51.100.64/26"]),
            Paragraphs(["Also allow relay.agent.example.net over TCP 443."]),
        ],
    )
    doc = extract_sections(tmp_path, PORTS, notes, ranges)
    named = [i for i in doc.issues if i.code == "unplaced-value" and "sentence" in i.message]
    assert [(i.severity, i.message.split()[0]) for i in named] == [
        ("warning", "telemetry.agent.example.net"),
        ("warning", "relay.agent.example.net"),
    ]
    assert [(h.title, h.addresses) for h in doc.host_lists] == [
        ("Address ranges", ["203.0.113.0/25", "198.51.100.64/26"])
    ]
    assert all("telemetry" not in h for r in doc.rules for h in r.hosts)
