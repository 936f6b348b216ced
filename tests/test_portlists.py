"""Ports listed outside tables (issue 16 item 5): which list items are port items and
what each says; a sentence that mentions a port stays prose."""

from __future__ import annotations

import doctest

import pytest

from pipeline.families import portlists
from pipeline.layout.blocks import TextLine
from pipeline.pdf.pdfmodel import Word


def test_docstring_examples() -> None:
    result = doctest.testmod(portlists, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0 and result.attempted > 0


@pytest.mark.parametrize(
    ("text", "label", "ports", "direction", "notes"),
    [
        ("Console: 9443 (TCP, HTTPS with client certificates)", "Console",
         [("tcp", 9443, 9443)], None, "HTTPS with client certificates"),
        ("• Heartbeat: 7400-7410 UDP", "Heartbeat", [("udp", 7400, 7410)], None, ""),
        ("2. Heartbeat: 7400-7410 UDP", "Heartbeat", [("udp", 7400, 7410)], None, ""),
        ("b) Relay: 3478/udp", "Relay", [("udp", 3478, 3478)], None, ""),
        ("Export: 6514 (TCP, outgoing)", "Export", [("tcp", 6514, 6514)], "out", ""),
        ("Lookups: 636 (incoming, TCP)", "Lookups", [("tcp", 636, 636)], "in", ""),
        ("TCP 8080 – Health probe", "Health probe", [("tcp", 8080, 8080)], None, ""),
        ("3478/udp - Media relay", "Media relay", [("udp", 3478, 3478)], None, ""),
        ("Web: ports 80 and 443 (TCP)", "Web", [("tcp", 80, 80), ("tcp", 443, 443)], None, ""),
        ("Portal: 443 (HTTPS)", "Portal", [("tcp", 443, 443)], None, ""),
        ("Ping: ICMP (echo request)", "Ping", [("icmp", None, None)], None, "echo request"),
        ("Web: 80 (TCP), 443 (TCP)", "Web", [("tcp", 80, 80), ("tcp", 443, 443)], None, ""),
        ("Cluster: UDP 5405 to 5412", "Cluster", [("udp", 5405, 5412)], None, ""),
        ("Syslog: 514 (UDP or TCP)", "Syslog", [("udp", 514, 514), ("tcp", 514, 514)], None, ""),
        ("Name service: TCP/UDP 53", "Name service",
         [("tcp", 53, 53), ("udp", 53, 53)], None, ""),
        # The label is the protocol: no service is printed.
        ("TCP: 80, 443, 8443", "", [("tcp", 80, 80), ("tcp", 443, 443), ("tcp", 8443, 8443)],
         None, ""),
        ("• UDP: 53 and 123", "", [("udp", 53, 53), ("udp", 123, 123)], None, ""),
    ],
)  # fmt: skip
def test_port_items_are_read(text, label, ports, direction, notes) -> None:
    item = portlists.read_item(text)
    assert item is not None
    assert (item.label, list(item.ports), item.direction, item.notes) == (
        label,
        ports,
        direction,
        notes,
    )


@pytest.mark.parametrize(
    "text",
    [
        "The service listens on TCP 8006 by default.",
        "Keep port 8443 closed unless the legacy console is enabled.",
        "Note: port 8006 (TCP) must stay open during upgrades",
        "Retention: 30 days",  # a number, no protocol
        "version 9.1.3, Thu, 30 Apr 2026 15:44:52 +0200",
        "Console: 9443",  # no protocol printed: not guessed
        "443/tcp – 8443/tcp",  # two values, no label
        "Web: 80 (TCP), listens on the first address",
    ],
)
def test_sentences_and_other_lines_are_no_port_items(text: str) -> None:
    assert portlists.read_item(text) is None


@pytest.mark.parametrize(
    ("text", "ports", "direction"),
    [
        ("• The SNMP agent answers on UDP 161.", [("udp", 161, 161)], None),
        ("TCP port 8006 for the web interface", [("tcp", 8006, 8006)], None),
        ("Port 22/tcp is used for SSH.", [("tcp", 22, 22)], None),
        ("Outbound TCP 25 to the mail relay", [("tcp", 25, 25)], "out"),
        ("Ports 80 and 443 (TCP) serve the portal", [("tcp", 80, 80), ("tcp", 443, 443)], None),
    ],
)
def test_a_sentence_per_item_is_read(text: str, ports: list, direction: str | None) -> None:
    item = portlists.read_sentence(text)
    assert item is not None
    assert (list(item.ports), item.direction) == (ports, direction)
    assert item.label == text.lstrip("• ").rstrip(".")


@pytest.mark.parametrize(
    "text",
    [
        "over TCP 8443 from the admin network and",  # the middle of a paragraph
        "Agents connect over TCP 9443 from the data network once they are enrolled; the",
        "Allow HTTPS (TCP 443) from the gateway to these hostnames:",  # a lead-in
        "The agents use UDP 5405-5412 and TCP 22.",  # two values: which is the item's?
        "Keep port 8443 closed unless the legacy console is enabled.",  # no protocol
    ],
)
def test_sentences_that_are_no_item(text: str) -> None:
    assert portlists.read_sentence(text) is None


def _line(text: str, x0: float, top: float) -> TextLine:
    words, x = [], x0
    for part in text.split():
        words.append(Word(part, x, top, x + 6 * len(part), top + 10, 10, False, 1))
        x += 6 * len(part) + 3
    return TextLine(words)


def test_a_definition_list_gives_the_term_its_ports_and_the_definition_its_service() -> None:
    lines = [
        _line("Port 22 (TCP)", 40, 100),
        _line("SSH access for administrators.", 60, 112),
        _line("Direction: inbound.", 60, 124),
        _line("Port 8443 (TCP)", 40, 138),
        _line("Web console.", 60, 150),
        _line("Port 9000 (TCP)", 40, 164),  # no definition under it: no item
        _line("The appliance restarts after an upgrade.", 40, 176),
    ]
    items, rest = portlists.port_items(lines)
    said = [(i.label, list(i.ports), i.direction, len(lns)) for i, lns in items]
    assert said == [
        ("SSH access for administrators. Direction: inbound.", [("tcp", 22, 22)], "in", 3),
        ("Web console.", [("tcp", 8443, 8443)], None, 2),
    ]
    assert [ln.text for ln in rest] == [
        "Port 9000 (TCP)",
        "The appliance restarts after an upgrade.",
    ]


def test_a_host_term_over_a_port_item_is_the_items_host() -> None:
    # A docs page's <dl>: the term a hostname or address, the definition a port item.
    lines = [
        _line("api.connect.example.com", 40, 100),
        _line("TCP 443 – REST API and web console", 60, 112),
        _line("relay.connect.example.com 192.0.2.7", 40, 126),
        _line("UDP 3478-3481 – media relay", 60, 138),
        _line("docs.connect.example.com", 40, 152),  # a term with no port item: stays
        _line("Product documentation.", 60, 164),
        _line("updates.connect.example.com", 40, 178),  # not set in: no term of it
        _line("TCP 8443 – Updates", 40, 190),
        _line("TCP 8444 – Telemetry", 40, 202),
    ]
    items, rest = portlists.port_items(lines)
    rules = [portlists.item_rule(item, lns, None, "Endpoints") for item, lns in items]
    assert [(r.service, [p.key for p in r.ports], r.hosts, r.addresses) for r in rules] == [
        ("REST API and web console", ["tcp/443"], ["api.connect.example.com"], []),
        ("media relay", ["udp/3478-3481"], ["relay.connect.example.com"], ["192.0.2.7"]),
        ("Updates", ["tcp/8443"], [], []),
        ("Telemetry", ["tcp/8444"], [], []),
    ]
    assert [ln.text for ln in rest] == [
        "docs.connect.example.com",
        "Product documentation.",
        "updates.connect.example.com",
    ]
    evidence = {(e.field, e.value) for r in rules for e in r.evidence}
    assert {("hosts", "api.connect.example.com"), ("addresses", "192.0.2.7")} <= evidence
