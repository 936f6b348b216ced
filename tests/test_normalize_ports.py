"""Tests for pipeline.values.normalize_ports: protocol, port and protocol+port cells of any
vendor's table -> transports and port ranges. Example tables first, then properties."""

from __future__ import annotations

import doctest

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.values import normalize as n
from pipeline.values import normalize_ports as np
from pipeline.values import vocabulary as v

# --- protocol cells --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "transports", "applications"),
    [
        ("TCP", ["tcp"], []),
        ("UDP/TCP", ["udp", "tcp"], []),
        ("TCP / UDP", ["tcp", "udp"], []),
        ("TCP or UDP", ["tcp", "udp"], []),
        ("FTP", ["tcp"], ["FTP"]),
        ("FTPS (explicit)", ["tcp"], ["FTPS (explicit)"]),
        ("FTPS (exp)", ["tcp"], ["FTPS (exp)"]),
        ("FTPS\n(explicit)", ["tcp"], ["FTPS (explicit)"]),
        ("TCP/HTTPS", ["tcp"], ["HTTPS"]),
        ("TCP (HTTPS)", ["tcp"], ["HTTPS"]),
        ("HTTPS/TCP", ["tcp"], ["HTTPS"]),
        ("DNS", ["udp", "tcp"], ["DNS"]),
        ("DNS (UDP)", ["udp"], ["DNS"]),
        ("TCP/DNS", ["tcp"], ["DNS"]),
        ("NTP", ["udp"], ["NTP"]),
        ("SNMP", ["udp"], ["SNMP"]),
        ("SNMPv3", ["udp"], ["SNMPv3"]),
        ("SNMP trap", ["udp"], ["SNMP trap"]),
        ("Syslog", ["udp"], ["Syslog"]),
        ("Kerberos", ["udp", "tcp"], ["Kerberos"]),
        ("LDAP / LDAPS", ["tcp"], ["LDAP", "LDAPS"]),
        ("SFTP", ["tcp"], ["SFTP"]),
        ("ICMP", ["icmp"], []),
        ("TACACS+", ["tcp"], ["TACACS"]),
        ("HTTP(S)", ["tcp"], ["HTTP", "HTTPS"]),
        ("LDAP(S)/TCP", ["tcp"], ["LDAP", "LDAPS"]),
        ("TLS", ["tcp"], ["TLS"]),  # a conferencing page's SIP-over-TLS row
        ("SRTP", ["udp"], ["SRTP"]),
        ("DTLS", ["udp"], ["DTLS"]),
        ("N/A", [], []),
        ("", [], []),
        ("  ", [], []),
    ],
)
def test_protocol_cell(text: str, transports: list[str], applications: list[str]) -> None:
    cell = np.protocol_cell(text)
    assert list(cell.transports) == transports
    assert list(cell.applications) == applications
    assert cell.unknown == ()


@pytest.mark.parametrize(
    ("text", "transports", "unknown"),
    [
        ("Gopher", [], ["Gopher"]),  # an unknown application is reported, not dropped
        ("TCP/Gopher", ["tcp"], ["Gopher"]),
        ("Both", [], ["Both"]),
        ("TCP 443", ["tcp"], ["443"]),  # a port has no place in a protocol cell
        ("UDP%", ["udp"], ["%"]),
    ],
)
def test_protocol_cell_unknown(text: str, transports: list[str], unknown: list[str]) -> None:
    cell = np.protocol_cell(text)
    assert list(cell.transports) == transports
    assert list(cell.unknown) == unknown


def test_protocol_cell_label() -> None:
    assert np.protocol_cell("TCP/HTTPS").label == "HTTPS"
    assert np.protocol_cell("LDAP / LDAPS").label == "LDAP / LDAPS"
    assert np.protocol_cell("UDP").label is None


# --- port cells ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "ports", "marks"),
    [
        ("8443, 22", [(8443, 8443), (22, 22)], []),
        ("8443 / 8444", [(8443, 8443), (8444, 8444)], []),
        ("1024-65535", [(1024, 65535)], []),
        ("1024–65535", [(1024, 65535)], []),
        ("1024 - 65535", [(1024, 65535)], []),
        ("1024 to 65535", [(1024, 65535)], []),
        ("25*", [(25, 25)], ["*"]),
        ("25 *", [(25, 25)], ["*"]),
        ("443¹", [(443, 443)], ["¹"]),
        ("8443²", [(8443, 8443)], ["²"]),
        ("80†, 443‡", [(80, 80), (443, 443)], ["†", "‡"]),
        ("25**", [(25, 25)], ["**"]),
        ("Port 443", [(443, 443)], []),
        ("389,\n3268", [(389, 389), (3268, 3268)], []),
        ("80 and 443", [(80, 80), (443, 443)], []),
        ("n/a", [], []),
        ("–", [], []),
        ("", [], []),
    ],
)
def test_port_cell(text: str, ports: list[tuple[int, int]], marks: list[str]) -> None:
    cell = np.port_cell(text)
    assert list(cell.ports) == ports
    assert list(cell.marks) == marks
    assert (cell.unknown, cell.problems, cell.any_port, cell.ephemeral) == ((), (), False, False)


@pytest.mark.parametrize(
    ("text", "any_port", "ephemeral", "ports"),
    [
        ("Any", True, False, []),
        ("*", True, False, []),
        ("all", True, False, []),
        ("All ports", True, False, []),
        ("ephemeral", False, True, []),
        ("Dynamic", False, True, []),
        ("High ports", False, True, []),
        ("1024-65535 (ephemeral)", False, True, [(1024, 65535)]),
    ],
)
def test_port_cell_markers(
    text: str, any_port: bool, ephemeral: bool, ports: list[tuple[int, int]]
) -> None:
    cell = np.port_cell(text)
    assert (cell.any_port, cell.ephemeral, list(cell.ports)) == (any_port, ephemeral, ports)
    assert cell.unknown == () and cell.problems == ()


@pytest.mark.parametrize(
    ("text", "ports", "unknown", "problem"),
    [
        ("8443, 70000", [(8443, 8443)], [], "out of range"),
        ("443-80", [], [], "reversed"),
        ("0", [], [], "out of range"),
        ("8o", [], ["8o"], None),
        ("443 TCP", [(443, 443)], ["TCP"], None),  # a protocol is no port: protocol_ports
    ],
)
def test_port_cell_bad(
    text: str, ports: list[tuple[int, int]], unknown: list[str], problem: str | None
) -> None:
    cell = np.port_cell(text)
    assert list(cell.ports) == ports
    assert list(cell.unknown) == unknown
    if problem:
        assert any(problem in p for p in cell.problems), cell.problems
    else:
        assert cell.problems == ()


# --- protocol+port cells ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("TCP 22 (SSH)", [("tcp", 22, 22)]),
        ("TCP 22\n(SSH)", [("tcp", 22, 22)]),
        ("TCP/UDP 53", [("tcp", 53, 53), ("udp", 53, 53)]),
        ("UDP 500, 4500", [("udp", 500, 500), ("udp", 4500, 4500)]),
        ("TCP 80/443", [("tcp", 80, 80), ("tcp", 443, 443)]),
        ("tcp/443", [("tcp", 443, 443)]),
        ("443/tcp", [("tcp", 443, 443)]),
        ("443 (TCP)", [("tcp", 443, 443)]),
        ("TCP 1024-65535", [("tcp", 1024, 65535)]),
        ("TCP\n9000-9010", [("tcp", 9000, 9010)]),
        ("TCP 389,\n3268\n(LDAP)", [("tcp", 389, 389), ("tcp", 3268, 3268)]),
        ("TCP 80, UDP 53", [("tcp", 80, 80), ("udp", 53, 53)]),
        ("53/udp, 53/tcp", [("udp", 53, 53), ("tcp", 53, 53)]),
        ("443/tcp/udp", [("tcp", 443, 443), ("udp", 443, 443)]),
        ("HTTPS 443", [("tcp", 443, 443)]),
        ("22 (SSH)", [("tcp", 22, 22)]),
        ("DNS 53", [("udp", 53, 53), ("tcp", 53, 53)]),
        ("TCP: 8443", [("tcp", 8443, 8443)]),
        (
            "TCP/UDP 5060, 5061",
            [("tcp", 5060, 5060), ("tcp", 5061, 5061), ("udp", 5060, 5060), ("udp", 5061, 5061)],
        ),
    ],
)
def test_protocol_ports(text: str, expected: list[tuple[str, int, int]]) -> None:
    cell = np.protocol_ports(text)
    assert list(cell.ports) == expected
    assert (cell.unknown, cell.problems) == ((), ())


def test_protocol_ports_keeps_labels_and_marks() -> None:
    cell = np.protocol_ports("TCP 25* (SMTP)")
    assert cell.applications == ("SMTP",) and cell.marks == ("*",)
    assert list(cell.ports) == [("tcp", 25, 25)]


def test_protocol_ports_takes_the_protocol_column() -> None:
    # A port cell beside a protocol column: its ports take that column's transports.
    assert list(np.protocol_ports("8080, 8443", ("tcp",)).ports) == [
        ("tcp", 8080, 8080),
        ("tcp", 8443, 8443),
    ]
    assert list(np.protocol_ports("53", ("udp", "tcp")).ports) == [
        ("udp", 53, 53),
        ("tcp", 53, 53),
    ]
    # A protocol printed in the cell itself wins over the column's, the column's over
    # the one an application name in the cell stands for.
    assert list(np.protocol_ports("UDP 514", ("tcp",)).ports) == [("udp", 514, 514)]
    assert list(np.protocol_ports("53 (DNS)", ("udp",)).ports) == [("udp", 53, 53)]
    assert list(np.protocol_ports("HTTPS 443", ("tcp",)).ports) == [("tcp", 443, 443)]


def test_protocol_ports_problems() -> None:
    assert any("no protocol" in p for p in np.protocol_ports("443").problems)
    assert any("no port" in p for p in np.protocol_ports("TCP").problems)
    icmp = np.protocol_ports("ICMP")  # ICMP has no ports: nothing is missing
    assert icmp.problems == () and icmp.bare_protocols == ("icmp",)
    assert np.protocol_ports("TCP Gopher 22").unknown == ("Gopher",)
    assert list(np.protocol_ports("TCP Any").ports) == [] and np.protocol_ports("TCP Any").any_port


# --- footnotes -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("* Outbound port 25 is not needed.", ("*", "Outbound port 25 is not needed.")),
        ("¹ Only when the API is enabled", ("¹", "Only when the API is enabled")),
        ("**Only in clusters", ("**", "Only in clusters")),
        ("† Optional", ("†", "Optional")),
        ("Port 25 is needed", None),
        ("*", None),
        ("", None),
    ],
)
def test_footnote(text: str, expected: tuple[str, str] | None) -> None:
    assert np.footnote(text) == expected


@given(st.sampled_from(list(v.FOOTNOTE_MARKS)), st.integers(1, 65535))
def test_a_mark_taken_off_a_port_finds_its_footnote(mark: str, port: int) -> None:
    (taken,) = np.protocol_ports(f"TCP {port}{mark}").marks
    assert np.footnote(f"{mark} Only for port {port}") == (taken, f"Only for port {port}")


# --- properties ------------------------------------------------------------------------

CELL_TEXT = st.lists(
    st.sampled_from(
        [*"0123456789./:-–,;&+()*¹† \n\u00a0", "TCP", "udp", "SSH", "DNS", "Any", "and"]
    ),
    max_size=30,
).map("".join)
ANY_TEXT = st.one_of(st.text(), CELL_TEXT)
PARSERS = [np.protocol_cell, np.port_cell, np.protocol_ports, np.footnote]


@pytest.mark.parametrize("fn", PARSERS, ids=lambda f: f.__name__)
@given(text=ANY_TEXT)
def test_never_raises(fn: object, text: str) -> None:
    fn(text)  # type: ignore[operator]


@given(CELL_TEXT)
def test_port_cell_agrees_with_ports(text: str) -> None:
    # Where the old one-line port parser accepts a cell, the new one reads the same.
    try:
        old = n.ports(text)
    except n.InvalidValue:
        return
    cell = np.port_cell(text)
    assert list(cell.ports) == old and cell.problems == () and cell.unknown == ()


@given(
    st.lists(st.tuples(st.integers(1, 65535), st.integers(0, 3)), min_size=1, max_size=5),
    st.sampled_from([", ", " / ", " ", ",\n", " and "]),
    st.sampled_from(["-", "–", " - ", " to "]),
)
def test_port_cell_round_trip(values: list[tuple[int, int]], sep: str, dash: str) -> None:
    pairs = [(p, min(p + d, 65535)) for p, d in values]
    text = sep.join(f"{a}{dash}{b}" if a != b else str(a) for a, b in pairs)
    assert list(np.port_cell(text).ports) == pairs


@given(
    st.lists(st.tuples(st.integers(1, 65535), st.integers(0, 3)), min_size=1, max_size=5),
    st.sampled_from([", ", " ", " and "]),
    st.sampled_from(["-", "–", " - ", " to ", " through ", " TO "]),
)
def test_ports_reads_ranges_printed_in_words(
    values: list[tuple[int, int]], sep: str, dash: str
) -> None:
    pairs = [(p, min(p + d, 65535)) for p, d in values]
    text = sep.join(f"{a}{dash}{b}" if a != b else str(a) for a, b in pairs)
    assert n.ports(text) == pairs


@given(
    st.lists(st.sampled_from(v.TRANSPORTS[:3]), min_size=1, max_size=2, unique=True),
    st.lists(st.integers(1, 65535), min_size=1, max_size=3, unique=True),
    st.booleans(),
)
def test_protocol_ports_round_trip(protos: list[str], ports: list[int], postfix: bool) -> None:
    names = "/".join(p.upper() for p in protos)
    numbers = ", ".join(map(str, ports))
    text = f"{numbers}/{names}" if postfix and len(ports) == 1 else f"{names} {numbers}"
    expected = [(p, port, port) for p in protos for port in ports]
    assert list(np.protocol_ports(text).ports) == expected


@given(st.sampled_from(sorted(v.APPLICATIONS)), st.sampled_from(["", " (explicit)", "/TCP"]))
def test_every_application_stands_for_its_transports(name: str, tail: str) -> None:
    cell = np.protocol_cell(name.upper() + tail)
    printed = ("tcp",) if tail == "/TCP" else v.APPLICATIONS[name]
    assert cell.transports == printed and cell.unknown == ()


def test_docstring_examples() -> None:
    # The examples in the docstrings are what the functions do.
    result = doctest.testmod(np, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0 and result.attempted > 0
