"""Issue 17, items 1-3 and 7: what the feed tells a firewall is what the page says.

A page like the one the issue was filed with (a flow matrix, a port-first table whose
purpose text names peers, a host list and an address list under lead-ins that name
ports, a table no reader takes), printed by reportlab and by Chromium, extracted,
published, and the feed files read line by line as a firewall script would: no value on
a side the page does not give it, the lead-ins' ports in ports/, every printed host and
address in a list or an error.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from browser import print_to_pdf
from htmlgen import spec_html
from pdfgen import Bullets, DocSpec, HistoryTable, Paragraphs, PortTable, Section, build_pdf
from test_publish import run, write_source

from pipeline.diff import diff_documents, diff_lines
from pipeline.extract import extract_document
from pipeline.families.scope import read_scope
from pipeline.model.errors import PublishRefusedError
from pipeline.model.models import Document, HostList, Peer, Port, Rule
from pipeline.release.render import port_lists
from pipeline.values.sides import scope_side, word_sides

# A value inside a sentence of prose is a mention, not firewall data: no list, no error.
MENTION = "Do not point the gateway at public resolvers such as 8.8.8.8 for lookups."
PAGE = DocSpec(
    title="Fabrikam Gateway Network Requirements",
    running_header="Fabrikam Gateway  Network Requirements",
    version="2.0",
    sections=[
        Section(
            "Flows",
            [
                PortTable(
                    ["Source", "Destination", "Protocol", "Port", "Purpose"],
                    [
                        ["Admin workstation", "Gateway", "TCP", "443", "Web console"],
                        ["Gateway", "syslog.example.com", "UDP", "514", "Syslog"],
                    ],
                )
            ],
        ),
        Section(
            "Ports",
            [
                PortTable(
                    ["Port", "Protocol", "Direction", "Required for"],
                    [
                        # The side in a direction column (and in words that agree).
                        [
                            "161",
                            "UDP",
                            "Inbound",
                            "SNMP polling from the monitoring server 198.51.100.20",
                        ],
                        ["162", "UDP", "Outbound", "SNMP traps to the station 198.51.100.30"],
                        # The side in words only.
                        ["8443", "TCP", "", "Remote support sessions from support.example.com"],
                        ["6514", "TCP", "", "Log export to the collector 203.0.113.40"],
                        # In neither.
                        ["3479", "UDP", "", "Media relay 203.0.113.50"],
                    ],
                )
            ],
        ),
        Section(
            "Update servers",
            [
                Paragraphs(["Allow HTTPS (TCP 443) from the gateway to these hostnames:"]),
                Bullets(["a.example.net", "b.example.net"]),
            ],
        ),
        Section(
            "Media ranges",
            [
                Paragraphs(["The following ranges must be reachable on TCP 443 and UDP 3478:"]),
                Bullets(["192.0.2.0/25", "2001:db8:5::/48"]),
            ],
        ),
        Section(
            "Partners",
            [
                # A table no reader takes: its addresses reach no list.
                PortTable(
                    ["Service", "Notes"], [["Partner relay", "Relays 192.0.2.200, 192.0.2.201"]]
                )
            ],
        ),
        Section("Notes", [Paragraphs([MENTION])]),
        Section(
            "Change history",
            [
                HistoryTable(
                    [("May-2025", "2.0", "Media ranges added"), ("Jan-2025", "1.0", "First")]
                )
            ],
        ),
    ],
)
VALUE = re.compile(
    r"\b(?:[a-z0-9-]+\.)+(?:net|com)\b|\b\d+\.\d+\.\d+\.\d+(?:/\d+)?|2001:db8:[0-9a-f:]*/\d+"
)


def printed_values(spec: DocSpec) -> set[str]:
    """Every hostname and address the page prints (the history prints none)."""
    texts = [
        cell
        for section in spec.sections
        for block in section.blocks
        for cell in (
            [c for row in block.rows for c in row]
            if isinstance(block, PortTable)
            else block.items
            if isinstance(block, Bullets)
            else block.texts
            if isinstance(block, Paragraphs)
            else []
        )
    ]
    return {m for text in texts for m in VALUE.findall(text)}


CHROMIUM = pytest.param("chromium", marks=pytest.mark.slow)  # prints with a browser


@pytest.fixture(scope="module", params=["reportlab", CHROMIUM])
def extracted(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Document:
    folder = tmp_path_factory.mktemp(request.param)
    pdf = folder / "page.pdf"
    if request.param == "reportlab":
        build_pdf(PAGE, pdf)
    else:
        (folder / "page.html").write_text(spec_html(PAGE))
        print_to_pdf(folder / "page.html", pdf, folder / "profile")
    return extract_document(pdf)


@pytest.fixture(scope="module")
def published(extracted: Document, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("feed")
    extracted.document.vendor = "Fabrikam"
    write_source(root / "sources", "gateway", [extracted])
    with pytest.raises(PublishRefusedError, match=r"error issues.*unlisted-value \(page 1\)"):
        run(root / "sources", root / "refused")  # the table no reader took is an error
    run(root / "sources", root / "output", allow_invalid=True)
    return root / "output" / "gateway" / "2.0"


def lines(path: Path) -> list[str]:
    return path.read_text().splitlines()


def sides_of(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_sides_are_read_from_the_row(extracted: Document) -> None:
    peers = {p.value: (p.side, p.by) for rule in extracted.rules for p in rule.peers}
    assert peers == {
        "syslog.example.com": ("destination", "column"),
        "198.51.100.20": ("source", "direction"),
        "198.51.100.30": ("destination", "direction"),
        "support.example.com": ("source", "words"),
        "203.0.113.40": ("destination", "words"),
        "203.0.113.50": (None, None),
    }


def test_per_port_lists_say_which_side_they_hold(published: Path) -> None:
    ports = published / "ports"
    # "161 | UDP | Inbound | SNMP polling from ... 198.51.100.20": the peer is the source.
    assert sides_of(ports / "udp-161") == ["source"]
    assert lines(ports / "udp-161" / "source" / "ipv4.txt") == ["198.51.100.20"]
    assert lines(ports / "udp-162" / "destination" / "ipv4.txt") == ["198.51.100.30"]
    assert sides_of(ports / "tcp-8443") == ["source"]
    assert lines(ports / "tcp-8443" / "source" / "hosts.txt") == ["support.example.com"]
    assert lines(ports / "tcp-6514" / "destination" / "ipv4.txt") == ["203.0.113.40"]
    # Nothing says on which side the media relay is.
    assert sides_of(ports / "udp-3479") == ["side-unknown"]
    assert lines(ports / "udp-3479" / "side-unknown" / "ipv4.txt") == ["203.0.113.50"]
    assert lines(ports / "udp-514" / "destination" / "hosts.txt") == ["syslog.example.com"]


def test_lead_ins_bind_their_lists_to_ports(published: Path, extracted: Document) -> None:
    lists = {h.title: h for h in extracted.host_lists}
    assert [p.key for p in lists["Update servers"].ports] == ["tcp/443"]
    assert [p.key for p in lists["Media ranges"].ports] == ["tcp/443", "udp/3478"]
    assert {h.side for h in lists.values()} == {"destination"}
    https = published / "ports" / "tcp-443"
    assert sides_of(https) == ["destination"]
    assert lines(https / "destination" / "hosts.txt") == ["a.example.net", "b.example.net"]
    assert lines(https / "destination" / "ipv4.txt") == ["192.0.2.0/25"]
    assert lines(https / "destination" / "ipv6.txt") == ["2001:db8:5::/48"]
    assert lines(published / "ports" / "udp-3478" / "destination" / "ipv4.txt") == ["192.0.2.0/25"]
    assert not (published / "ports" / "udp-3478" / "destination" / "hosts.txt").read_text()


def test_flows_put_no_value_on_a_side_the_page_does_not_give(published: Path) -> None:
    flows = list(csv.DictReader(io.StringIO((published / "flows.csv").read_text())))
    by_port = {(f["protocol"], f["port"]): f for f in flows}
    snmp = by_port[("udp", "161")]
    assert (snmp["source_type"], snmp["source"], snmp["destination"]) == (
        "address",
        "198.51.100.20",
        "",
    )
    relay = by_port[("udp", "3479")]
    assert (relay["side_unknown_type"], relay["side_unknown"]) == ("address", "203.0.113.50")
    assert (relay["source"], relay["destination_type"], relay["destination"]) == ("", "", "")
    for flow in flows:  # never both a destination and a side-unknown endpoint in one row
        assert not (flow["destination"] and flow["side_unknown"])


def test_every_printed_value_is_in_a_list_or_an_error(published: Path, extracted: Document) -> None:
    listed = set()
    for name in ("hosts.txt", "ipv4.txt", "ipv6.txt"):
        listed |= set(lines(published / name))
    errors = [i for i in extracted.issues if i.code == "unlisted-value"]
    assert all(i.severity == "error" and i.page == 1 for i in errors)
    named = {v for i in errors for v in VALUE.findall(i.message)}
    assert named == {"192.0.2.200", "192.0.2.201"}
    assert printed_values(PAGE) == listed | named | {"8.8.8.8"}
    assert not listed & named


def test_every_value_has_a_box(extracted: Document) -> None:
    snmp = next(r for r in extracted.rules if r.ports and r.ports[0].key == "udp/161")
    boxes = {e.field: e for e in snmp.evidence}
    assert {"service", "ports", "protocol", "direction", "addresses"} <= set(boxes)
    assert boxes["ports"].value == "udp/161" and boxes["direction"].value == "in"
    assert boxes["protocol"].value == "udp" and boxes["service"].value.startswith("SNMP polling")
    row = snmp.provenance.box
    assert row is not None
    for evidence in snmp.evidence:  # inside the row, and left to right as printed
        assert row.top - 1 <= evidence.box.top and evidence.box.bottom <= row.bottom + 1
    assert boxes["ports"].box.x1 < boxes["protocol"].box.x0 < boxes["direction"].box.x0
    media = next(h for h in extracted.host_lists if h.title == "Media ranges")
    assert {e.field for e in media.evidence} == {"addresses", "scope", "ports"}


# --- the words, alone -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "side"),
    [
        ("SNMP polling from the monitoring server 192.0.2.20", "source"),
        ("Syslog to 192.0.2.20", "destination"),
        ("Replication between 192.0.2.20", "both"),
        ("Signature updates from 192.0.2.20", None),  # where data comes from: no side
        ("Sent from the appliance. Collector 192.0.2.20", None),  # a new sentence forgets
        ("Media relay 192.0.2.20", None),
    ],
)
def test_word_sides(text: str, side: str | None) -> None:
    words = text.split()
    assert word_sides(words, [w[0].isdigit() for w in words])[-1] == side


@pytest.mark.parametrize(
    ("text", "ports", "side", "unbound"),
    [
        (
            "Allow HTTPS (TCP 443) from the gateway to these hostnames:",
            ["tcp/443"],
            "destination",
            [],
        ),
        (
            "The following ranges must be reachable on TCP 443 and UDP 3478",
            ["tcp/443", "udp/3478"],
            "destination",
            [],
        ),
        ("Allow connections from these networks on 8443/tcp:", ["tcp/8443"], "source", []),
        ("Open port 443 to these hosts:", [], "destination", ["port 443"]),
        ("Allow the following networks for tenants in Europe:", [], None, []),
    ],
)
def test_read_scope(text: str, ports: list[str], side: str | None, unbound: list[str]) -> None:
    scope = read_scope(text)
    assert ([p.key for p in scope.ports], scope.side, scope.unbound) == (ports, side, unbound)
    assert scope_side(text) == side


def test_a_side_or_a_lead_in_that_moves_is_a_change(extracted: Document) -> None:
    new = extracted.model_copy(deep=True)
    new.document.version = "2.1"
    snmp = next(r for r in new.rules if r.ports and r.ports[0].key == "udp/161")
    snmp.peers[0].side, snmp.peers[0].by = None, None  # the direction was dropped
    media = next(h for h in new.host_lists if h.title == "Media ranges")
    media.ports = media.ports[:1]
    diff = diff_documents(extracted, new)
    [rule] = diff.rules
    assert rule.sides is not None
    assert (rule.sides.added, rule.sides.removed) == (
        ["side-unknown 198.51.100.20"],
        ["source 198.51.100.20"],
    )
    [listed] = diff.host_lists
    assert listed.ports is not None and listed.ports.removed == ["udp/3478"]
    assert any("sides +side-unknown 198.51.100.20" in line for line in diff_lines(diff))


# Lists no reader takes today (a list under a port table in the same section; a
# Region | IPv4 | IPv6 table printed without rules): whichever reader takes them one
# day, each value is in a record or in an error, never silently gone.
LEFT_BEHIND = DocSpec(
    title="Contoso Relay Network Requirements",
    running_header="Contoso Relay",
    version="2.0",
    sections=[
        Section(
            "Ports",
            [
                PortTable(
                    ["Port", "Protocol", "Direction", "Required for"],
                    [["443", "TCP", "Outbound", "Updates"]],
                ),
                Paragraphs(["Also allow these hosts:"]),
                Bullets(["c.example.net", "192.0.2.77"]),
            ],
        ),
        Section(
            "Regional ranges",
            [
                PortTable(
                    ["Region", "IPv4", "IPv6"],
                    [
                        ["Europe", "198.51.100.128/26", "2001:db8:e::/48"],
                        ["Asia", "198.51.100.192/26", "2001:db8:f::/48"],
                    ],
                )
            ],
        ),
        Section(
            "Change history",
            [HistoryTable([("May-2025", "2.0", "Ranges"), ("Jan-2025", "1.0", "First")])],
        ),
    ],
)


@pytest.mark.parametrize("producer", ["reportlab", CHROMIUM])
def test_what_no_reader_takes_is_an_error(producer: str, tmp_path: Path) -> None:
    pdf = tmp_path / "page.pdf"
    if producer == "reportlab":
        build_pdf(LEFT_BEHIND, pdf)
    else:
        (tmp_path / "page.html").write_text(spec_html(LEFT_BEHIND))
        print_to_pdf(tmp_path / "page.html", pdf, tmp_path / "profile")
    doc = extract_document(pdf)
    held = {v for r in doc.rules for v in [*r.hosts, *r.addresses]}
    held |= {v for h in doc.host_lists for v in [*h.hosts, *h.addresses]}
    errors = [i for i in doc.issues if i.code == "unlisted-value"]
    assert all(i.severity == "error" and i.page for i in errors)
    named = {v for i in errors for v in VALUE.findall(i.message)}
    assert printed_values(LEFT_BEHIND) == held | named


def test_port_lists_by_side_from_records() -> None:
    """Both ways is both sides; a host list a rule refers to takes the rule's direction,
    else its own lead-in's side; a lead-in with ports and no side is side unknown."""
    tcp = Port(protocol="tcp", port=5432)
    doc = Document(
        rules=[
            Rule(
                id="db",
                service="Replication",
                ports=[tcp],
                direction="both",
                addresses=["192.0.2.9"],
                peers=[Peer(value="192.0.2.9", side="both", by="direction")],
            ),
            Rule(
                id="mon",
                service="Polling",
                ports=[Port(protocol="udp", port=161)],
                direction="in",
                host_lists=["pollers"],
            ),
        ],
        host_lists=[
            HostList(id="pollers", title="Pollers", addresses=["198.51.100.9"], side="destination"),
            HostList(
                id="cdn",
                title="CDN",
                hosts=["cdn.example.net"],
                ports=[Port(protocol="tcp", port=443)],
            ),
        ],
    )
    files = {k: v.decode().splitlines() for k, v in port_lists(doc).items()}
    assert (
        files["tcp-5432/destination/ipv4.txt"] == files["tcp-5432/source/ipv4.txt"] == ["192.0.2.9"]
    )
    assert files["udp-161/source/ipv4.txt"] == ["198.51.100.9"]  # inbound beats the list's side
    assert "udp-161/destination/ipv4.txt" not in files
    assert files["tcp-443/side-unknown/hosts.txt"] == ["cdn.example.net"]
    assert {k.split("/")[1] for k in files if k.startswith("tcp-443/")} == {"side-unknown"}
