"""Tests for pipeline.values.normalize_endpoints: endpoint cells -> roles, hostnames, addresses,
"any"; hostnames, addresses and URLs inside prose -> the values and the text without
their list. Example tables first, then properties."""

from __future__ import annotations

import doctest
import ipaddress

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.values import normalize_endpoints as ne

# --- endpoint cells --------------------------------------------------------------------


def kinds(cell: ne.Endpoints) -> list[tuple[str, str]]:
    return [(e.kind, e.value) for e in cell.endpoints]


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        ("Admin workstation", [("role", "Admin workstation")]),
        ("Internet", [("role", "Internet")]),  # a role, not "any"
        ("• Call server", [("role", "Call server")]),
        ("Call server - primary", [("role", "Call server - primary")]),
        ("Any", [("any", "any")]),
        ("ANY", [("any", "any")]),
        ("*", [("any", "any")]),
        ("sip.example.com", [("hostname", "sip.example.com")]),
        ("Update.Example.COM", [("hostname", "update.example.com")]),
        ("*.cdn.example.net", [("hostname", "*.cdn.example.net")]),
        ("192.0.2.0/24", [("address", "192.0.2.0/24")]),
        ("2001:DB8:10::/48", [("address", "2001:db8:10::/48")]),
        (
            ["Call server", "Media node", "Voicemail server"],
            [("role", "Call server"), ("role", "Media node"), ("role", "Voicemail server")],
        ),
        (
            "dnsbl1.example.org, dnsbl2.example.org",
            [("hostname", "dnsbl1.example.org"), ("hostname", "dnsbl2.example.org")],
        ),
        (
            ["update.example.com,", "support.example.com"],
            [("hostname", "update.example.com"), ("hostname", "support.example.com")],
        ),
        (
            ["192.0.2.64/27,", "2001:db8:64::/64"],
            [("address", "192.0.2.64/27"), ("address", "2001:db8:64::/64")],
        ),
        ("Call server and Media node", [("role", "Call server"), ("role", "Media node")]),
        ("Call server / Media node", [("role", "Call server"), ("role", "Media node")]),
        (
            "a.example.net b.example.net",
            [("hostname", "a.example.net"), ("hostname", "b.example.net")],
        ),
        (
            "Log server (192.0.2.5)",
            [("role", "Log server"), ("address", "192.0.2.5")],
        ),
        ("https://api.example.com/v1", [("hostname", "api.example.com")]),
        ("https://*.cdn.example.net/", [("hostname", "*.cdn.example.net")]),
        ("relay.example.net:25", [("hostname", "relay.example.net")]),
        (["", "  "], []),
    ],
)
def test_endpoints(lines: str | list[str], expected: list[tuple[str, str]]) -> None:
    cell = ne.endpoints(lines)
    assert kinds(cell) == expected
    assert cell.problems == ()


def test_endpoint_keeps_printed_text() -> None:
    (host,) = ne.endpoints("Update.Example.COM,").endpoints
    assert host.text == "Update.Example.COM"
    (net,) = ne.endpoints("2001:DB8:10::/48").endpoints
    assert net.text == "2001:DB8:10::/48"


def test_endpoint_address_range() -> None:
    cell = ne.endpoints("192.0.2.10-192.0.2.17")
    assert kinds(cell) == [
        ("address", "192.0.2.10/31"),
        ("address", "192.0.2.12/30"),
        ("address", "192.0.2.16/31"),
    ]
    assert {e.text for e in cell.endpoints} == {"192.0.2.10-192.0.2.17"}


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("192.0.2.300", "> 255"),
        ("192.0.2.1/24", "host bits"),
        ("192.0.2.20-192.0.2.10", "reversed"),
    ],
)
def test_endpoint_problems(text: str, problem: str) -> None:
    cell = ne.endpoints(text)
    assert cell.endpoints == ()
    assert any(problem in p for p in cell.problems), cell.problems


# --- values in prose -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "rest", "hosts", "addresses"),
    [
        (
            "Access to rule updates: sn12.example.net db11.example.net",
            "Access to rule updates",
            ["sn12.example.net", "db11.example.net"],
            [],
        ),
        (
            "Anti-spam rule updates from: a.example.net, b.example.net and c.example.net",
            "Anti-spam rule updates from",
            ["a.example.net", "b.example.net", "c.example.net"],
            [],
        ),
        (
            "Time synchronisation with: ntp1.example.org,\nntp2.example.org",
            "Time synchronisation with",
            ["ntp1.example.org", "ntp2.example.org"],
            [],
        ),
        (
            "Signature downloads from http://rules1.example.org and http://rules2.example.org",
            "Signature downloads from",
            ["rules1.example.org", "rules2.example.org"],
            [],
        ),
        (
            "Licence activation and renewal at https://licensing.example.com/activate",
            "Licence activation and renewal at",
            ["licensing.example.com"],
            [],
        ),
        (
            "Web console assets (fonts, scripts and help pages) are loaded from: *.cdn.example.net",
            "Web console assets (fonts, scripts and help pages) are loaded from",
            ["*.cdn.example.net"],
            [],
        ),
        (
            "Submission to the cloud sandbox at 198.51.100.64/26 and 2001:db8:4e::/48",
            "Submission to the cloud sandbox at",
            [],
            ["198.51.100.64/26", "2001:db8:4e::/48"],
        ),
        ("\uf0b7 sn12.example.net", "", ["sn12.example.net"], []),  # a bulleted list's line
        ("• 192.0.2.128/27", "", [], ["192.0.2.128/27"]),
        (
            "Updates from a.example.net and b.example.net.",
            "Updates from",
            ["a.example.net", "b.example.net"],
            [],
        ),
        # A hostname in passing: the text stays whole, the host is still found.
        (
            "Smart host relay.example.net; TLS required.",
            "Smart host relay.example.net; TLS required.",
            ["relay.example.net"],
            [],
        ),
        (
            "portal.example.net and the regional portal host.",
            "portal.example.net and the regional portal host.",
            ["portal.example.net"],
            [],
        ),
        # No values: nothing changes.
        ("Name resolution", "Name resolution", [], []),
        (
            "Only when IMAP is enabled for the tenant.",
            "Only when IMAP is enabled for the tenant.",
            [],
            [],
        ),
        ("", "", [], []),
    ],
)
def test_values_in_text(text: str, rest: str, hosts: list[str], addresses: list[str]) -> None:
    found = ne.values_in_text(text)
    assert (found.text, list(found.hosts), list(found.addresses)) == (rest, hosts, addresses)


def test_values_in_text_keeps_urls() -> None:
    found = ne.values_in_text("Licence activation at https://licensing.example.com/activate.")
    assert found.urls == ("https://licensing.example.com/activate",)


@pytest.mark.parametrize(
    "text",
    [
        "Upload config.xml and setup.exe to the appliance",  # file names
        "Requires MailFilter 7.2.1 or later",  # a version
        "Point the MX record (e.g. mail.example.com) at the appliance",  # an example
        "Your relay, for example smtp.example.org, must accept TLS",
        "Built on ASP.NET and Node.js",
        "Mail to support@example.com",  # an email address, not a host to allow
        "At 10:30 each day, see section 4.2.",
    ],
)
def test_values_in_text_ignores(text: str) -> None:
    found = ne.values_in_text(text)
    assert (found.hosts, found.addresses, found.text) == ((), (), " ".join(text.split()))


def test_values_in_text_reports_bad_addresses() -> None:
    found = ne.values_in_text("Allow 192.0.2.300 for updates")
    assert found.addresses == () and any("> 255" in p for p in found.problems)


# --- properties ------------------------------------------------------------------------

PROSE = st.lists(
    st.sampled_from(
        [
            "Updates",
            "from:",
            "from",
            "a.example.net,",
            "b.example.org",
            "and",
            "or",
            "192.0.2.1",
            "2001:db8::/32",
            "https://x.example.com/p",
            "(e.g.",
            "c.example.com)",
            "*.cdn.example.net",
            "Call server",
            "Any",
            ";",
            ".",
            "7.2",
            "x.json",
            "999.1.1.1",
        ]
    ),
    max_size=12,
).map(" ".join)
ANY_TEXT = st.one_of(st.text(), PROSE)


@given(ANY_TEXT)
def test_values_in_text_never_raises_and_is_idempotent(text: str) -> None:
    once = ne.values_in_text(text)
    twice = ne.values_in_text(once.text)
    assert twice.text == once.text
    # What stays in the text is found again; what was cut is not lost.
    assert set(twice.hosts) <= set(once.hosts) and set(twice.addresses) <= set(once.addresses)


@given(st.one_of(ANY_TEXT, st.lists(ANY_TEXT, max_size=4)))
def test_endpoints_never_raise(lines: str | list[str]) -> None:
    cell = ne.endpoints(lines)
    for e in cell.endpoints:
        assert e.kind in ("role", "hostname", "address", "any") and e.value and e.text


@st.composite
def host_names(draw: st.DrawFn) -> str:
    label = st.from_regex(r"[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?", fullmatch=True)
    labels = draw(st.lists(label, min_size=1, max_size=3))
    return ".".join([*labels, draw(st.sampled_from(["com", "net", "org", "de"]))])


@given(
    st.lists(host_names(), min_size=1, max_size=4, unique=True),
    st.sampled_from([", ", " ", " and ", ",\n"]),
)
def test_listed_hosts_round_trip(hosts: list[str], sep: str) -> None:
    found = ne.values_in_text("Updates from: " + sep.join(hosts))
    assert (found.text, list(found.hosts)) == ("Updates from", hosts)
    assert [e.value for e in ne.endpoints(sep.join(hosts).split("\n")).endpoints] == hosts


@given(st.ip_addresses())
def test_endpoint_address_round_trip(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> None:
    (e,) = ne.endpoints(str(ip).upper()).endpoints
    assert (e.kind, ipaddress.ip_address(e.value)) == ("address", ip)


@given(host_names(), st.integers(1, 65535), st.ip_addresses(v=4), st.integers(65536, 99999))
def test_a_host_with_its_port_splits_back(
    host: str, port: int, ip: ipaddress.IPv4Address, beyond: int
) -> None:
    assert ne.split_host_port(f"{host}:{port}") == (host, port)
    assert ne.split_host_port(f"{ip}:{port}") == (str(ip), port)
    assert ne.split_host_port(host) is None
    assert ne.split_host_port(f"{host}:{beyond}") is None  # no port: not split


@given(st.ip_addresses(v=6), st.integers(1, 65535))
def test_an_ipv6_address_has_its_port_only_in_brackets(
    ip: ipaddress.IPv6Address, port: int
) -> None:
    assert ne.split_host_port(str(ip)) is None
    assert ne.split_host_port(f"[{ip}]:{port}") == (str(ip), port)


@given(
    st.ip_addresses(v=4),
    st.integers(8, 32),
    st.sampled_from(["*", "†", "¹", "*,"]),
    st.sampled_from(list("xa_")),
)
def test_a_network_is_read_whole_or_not_at_all(
    ip: ipaddress.IPv4Address, prefix: int, mark: str, junk: str
) -> None:
    network = str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False))
    # A footnote mark after it is no part of it.
    assert ne.token_value(network + mark).values == (network,)
    # A network printed wrong is a bad address, never its first address alone.
    assert ne.token_value(network + junk).kind == "bad-address"


def test_docstring_examples() -> None:
    result = doctest.testmod(ne, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0 and result.attempted > 0
