"""Pure pieces of the genre reading: port-cell segments, header roles, and the
version and date a title page or running footer states."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.families.portcells import port_segments
from pipeline.layout.headers import cell_role
from pipeline.values import normalize as nz
from pipeline.values.normalize_versions import document_version_date, version_date


@pytest.mark.parametrize(
    ("text", "segments"),
    [
        ("TCP 80, UDP 53", ["TCP 80,", "UDP 53"]),
        ("53/udp 53/tcp", ["53/udp", "53/tcp"]),
        ("TCP/UDP 53", ["TCP/UDP 53"]),
        ("TCP 389, 3268 (LDAP)", ["TCP 389, 3268 (LDAP)"]),
        ("20/21", ["20/21"]),
        ("TCP: 443 UDP: 53", ["TCP: 443", "UDP: 53"]),
    ],
)
def test_port_segments(text: str, segments: list[str]) -> None:
    assert port_segments(text) == segments


@given(st.text(alphabet="TCPUDtcpud0123456789 ,/:-()", max_size=40))
def test_port_segments_keep_every_word_in_order(text: str) -> None:
    assert " ".join(port_segments(text)).split() == text.split()


@pytest.mark.parametrize(
    ("header", "role"),
    [
        ("Required for", "service"),
        ("Source Port", "source_port"),
        ("Destination Port(s)", "port"),
        ("Source Component", "source"),  # a "Source" band over "Component"
        ("Destination IP", "destination"),
        ("Target", "destination"),
        ("Listener", "destination"),
        ("Initiator", "source"),
        ("From", "source"),
        ("To", "destination"),
        ("Protocol/Port", "port"),
        ("UDP/TCP", "protocol"),
        ("Network Protocol", "protocol"),
        ("IP Address", "address"),
        ("Region", "region"),
        ("Frobnication", None),
        # Real documentation (issue 16): a header holding "port" is a port column first.
        ("Port Range", "port"),
        ("Default port", "port"),
        ("Listening port", "port"),
        ("Outbound port", "port"),
        ("HCP-managed port", "port"),
        ("Port and protocol", "port"),
        ("Port name", "notes"),  # the port's label, beside what it is for
        ("Used By", "source"),  # who opens the connection
        ("Client(s)", "source"),
        ("Consumer", "source"),
        ("Default status", None),
        ("Service tag", None),  # a label for address ranges, not what the row is for
        ("Port description", "description"),
        ("Service port", "port"),
    ],
)
def test_header_roles(header: str, role: str | None) -> None:
    assert cell_role(header) == role


@pytest.mark.parametrize(
    ("text", "ports"),
    [
        ("67 and 68", [(67, 67), (68, 68)]),
        ("80 or 8530", [(80, 80), (8530, 8530)]),
        ("443/8531", [(443, 443), (8531, 8531)]),
    ],
)
def test_two_ports_in_one_cell(text: str, ports: list[tuple[int, int]]) -> None:
    assert nz.ports(text) == ports


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Version 7.2 · Last updated: 14 May 2025", ("7.2", "2025-05-14")),
        ("Revision 3.1 · November 2024", ("3.1", "2024-11")),
        ("Issue 2.0 — March 2025", ("2.0", "2025-03")),
        ("Secure Email Gateway 4.7.2 — Firewall ports", ("4.7.2", None)),
        ("Last updated: 12 March 2024", (None, "2024-03-12")),
        ("Issue 3", ("3", None)),
        ("Published 2024-03-12", (None, "2024-03-12")),
        ("Updated March 12, 2024", (None, "2024-03-12")),
        ("Requires IPv4 and TCP port 443", (None, None)),
        ("Allow 192.0.2.1 - the relay", (None, None)),
        ("© 2025 Example Ltd.", (None, None)),
    ],
)
def test_version_and_date_in_front_matter(text: str, found: tuple[str | None, str | None]) -> None:
    assert tuple(version_date(text)) == found


def test_first_stated_version_and_date_win() -> None:
    lines = ["Product 5 — Port Matrix", "Last updated: 2 September 2025", "Version 5.4"]
    assert tuple(document_version_date(lines)) == ("5.4", "2025-09-02")


@given(st.text(max_size=80))
def test_version_and_date_never_raise(text: str) -> None:
    version, date = version_date(text)
    assert version is None or version[0].isdigit()
    assert date is None or len(date) == 7
