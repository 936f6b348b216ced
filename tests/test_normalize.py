"""Tests for pipeline.values.normalize: example tables per function, then hypothesis properties."""

from __future__ import annotations

import contextlib
import datetime
import ipaddress
import re
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.values import normalize as n
from pipeline.values.normalize import InvalidValue

# --- collapse_ws / slug ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a  b", "a b"),
        ("  a\u00a0b\tc\nd  ", "a b c d"),
        ("Multiple\r\nservers   exist", "Multiple servers exist"),
        ("", ""),
        (" \n\t\u00a0", ""),
    ],
)
def test_collapse_ws(text: str, expected: str) -> None:
    assert n.collapse_ws(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Spam Rule updates", "spam-rule-updates"),
        ("Section 4 – Spam Rule Updates!", "section-4-spam-rule-updates"),
        ("  Äpfel & Birnen  ", "apfel-birnen"),
        ("ﬁle", "file"),
        ("already-a-slug", "already-a-slug"),
        ("", "x"),
        ("!!!", "x"),
        ("日本語", "x"),
    ],
)
def test_slug(text: str, expected: str) -> None:
    assert n.slug(text) == expected


# --- protocols -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("TCP", ["tcp"]),
        ("UDP", ["udp"]),
        ("UDP/TCP", ["udp", "tcp"]),
        ("TCP/UDP", ["tcp", "udp"]),
        ("TCP & UDP", ["tcp", "udp"]),
        ("TCP, UDP", ["tcp", "udp"]),
        ("tcp+udp", ["tcp", "udp"]),
        ("UDP / TCP", ["udp", "tcp"]),
        ("TCP/TCP", ["tcp"]),
        (" ICMP ", ["icmp"]),
        ("ICMPv6", ["icmpv6"]),
        ("SCTP", ["sctp"]),
        ("ESP", ["esp"]),
        ("AH", ["ah"]),
        ("GRE", ["gre"]),
    ],
)
def test_protocols(text: str, expected: list[str]) -> None:
    assert n.protocols(text) == expected


@pytest.mark.parametrize("text", ["Both", "Any", "", "  ", "HTTP", "TCP/", "TCP/Any", "T CP"])
def test_protocols_invalid(text: str) -> None:
    with pytest.raises(InvalidValue):
        n.protocols(text)


def test_protocols_message_names_the_token() -> None:
    with pytest.raises(InvalidValue, match="'Both' is not a protocol"):
        n.protocols("Both")


# --- ports -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("53", [(53, 53)]),
        ("20/21", [(20, 20), (21, 21)]),
        ("990/21", [(990, 990), (21, 21)]),
        ("7400-7410", [(7400, 7410)]),
        ("7400–7410", [(7400, 7410)]),
        ("7400 - 7410", [(7400, 7410)]),
        ("443, 8443", [(443, 443), (8443, 8443)]),
        ("443 8443", [(443, 443), (8443, 8443)]),
        ("80;443", [(80, 80), (443, 443)]),
        ("1024-65535", [(1024, 65535)]),
        ("1", [(1, 1)]),
        ("65535", [(65535, 65535)]),
        ("25-25", [(25, 25)]),
        ("443,", [(443, 443)]),  # a cell that wrapped after the comma
    ],
)
def test_ports(text: str, expected: list[tuple[int, int]]) -> None:
    assert n.ports(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("70000", "port 70000 is out of range 1-65535"),
        ("0", "port 0 is out of range 1-65535"),
        ("8o", "'8o' is not a port number"),
        ("80a", "'80a' is not a port number"),
        ("0x50", "'0x50' is not a port number"),
        ("7410-7400", "reversed"),
        ("", "no port number"),
        ("   ", "no port number"),
        ("53 (in/out)", "is not a port number"),
        ("7400-", "is not a port number"),
        ("-5", "is not a port number"),
        ("1-99999", "port 99999 is out of range"),
        ("٥٣", "is not a port number"),  # Arabic-Indic digits are not port numbers
    ],
)
def test_ports_invalid(text: str, message: str) -> None:
    with pytest.raises(InvalidValue, match=message.replace("(", r"\(").replace(")", r"\)")):
        n.ports(text)


# --- direction -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("In", "in"),
        ("in", "in"),
        ("Out", "out"),
        ("In/Out", "both"),
        ("In/out", "both"),
        ("(in/out)", "both"),
        ("in / out", "both"),
        ("Out/In", "both"),
        ("Both", "both"),
        ("Bidirectional", "both"),
        ("Inbound", "in"),
        ("Outbound", "out"),
        ("Incoming", "in"),
        ("Outgoing", "out"),
        ("In & Out", "both"),
        ("(In)", "in"),
        ("OUT", "out"),
    ],
)
def test_direction(text: str, expected: str) -> None:
    assert n.direction(text) == expected


@pytest.mark.parametrize("text", ["", "()", "Any", "up", "in/any", "inside"])
def test_direction_invalid(text: str) -> None:
    with pytest.raises(InvalidValue):
        n.direction(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("53 (in/out)", ("both", "53")),
        ("53 (In/Out)", ("both", "53")),
        ("53\n(in/out)", ("both", "53")),
        ("25 In", ("in", "25")),
        ("443 (Outbound)", ("out", "443")),
        ("20/21 ( in / out )", ("both", "20/21")),
        ("In 25", ("in", "25")),
        ("53 (in) 80 (out)", ("both", "53 80")),
        ("53", (None, "53")),
        ("7400 - 7410", (None, "7400 - 7410")),
        ("", (None, "")),
        ("Login 53", (None, "Login 53")),  # "in" inside a word is no marker
    ],
)
def test_find_direction(text: str, expected: tuple[str | None, str]) -> None:
    assert n.find_direction(text) == expected


def test_find_direction_then_ports() -> None:
    found, rest = n.find_direction("53, (in/out)")
    assert found == "both"
    assert n.ports(rest) == [(53, 53)]


# --- hostname --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("www.example.com", "www.example.com"),
        ("  WWW.Example.COM  ", "www.example.com"),
        ("www.example.com.", "www.example.com"),
        ("*.example.com", "*.example.com"),
        ("0.pool.example.org", "0.pool.example.org"),
        ("kav-update-8-1.example.net", "kav-update-8-1.example.net"),
        ("bücher.example", "xn--bcher-kva.example"),
        ("BÜCHER.example", "xn--bcher-kva.example"),
        ("xn--bcher-kva.example", "xn--bcher-kva.example"),
        ("shop.example.xn--p1ai", "shop.example.xn--p1ai"),
        ("пример.рф", "xn--e1afmkfd.xn--p1ai"),
        ("a." + "b" * 63 + ".com", "a." + "b" * 63 + ".com"),
    ],
)
def test_hostname(text: str, expected: str) -> None:
    assert n.hostname(text) == expected
    assert n.is_hostname(text)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("localhost", "two labels"),
        ("Any", "two labels"),
        ("www.example.com..", "label ''"),
        ("_dmarc.example.com", "label '_dmarc'"),
        ("-a.example.com", "label '-a'"),
        ("a-.example.com", "label 'a-'"),
        ("a." + "b" * 64 + ".com", "1-63"),
        ("example.123", "TLD"),
        ("example.c", "TLD"),
        ("host.example.com000", "TLD"),  # a name run into the number printed below it
        ("host.example.b2b", "TLD"),
        ("www.*.com", "label '\\*'"),
        ("www.example .com", "space"),
        ("www.exa mple.com", "space"),
        ("192.0.2.1", "IP address"),
        ("23.185.0.301", "IP address"),
        ("2001:db8::18", "IP address"),
        ("http://example.com", "label"),
        ("example.com/path", "label"),
        (".".join(["a" * 63] * 4) + ".com", "253"),
    ],
)
def test_hostname_invalid(text: str, message: str) -> None:
    with pytest.raises(InvalidValue, match=message):
        n.hostname(text)
    assert not n.is_hostname(text)


# --- address ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("192.0.2.1", "192.0.2.1"),
        (" 198.51.100.77 ", "198.51.100.77"),
        ("2001:DB8::18", "2001:db8::18"),
        ("2001:0db8:0000:0000:0000:0000:0000:0018", "2001:db8::18"),
        ("192.0.2.0/24", "192.0.2.0/24"),
        ("192.0.2.1/32", "192.0.2.1/32"),
        ("2001:db8::/32", "2001:db8::/32"),
        ("0.0.0.0", "0.0.0.0"),
        # IPv4-mapped: the IPv4 part dotted, whatever Python prints (3.13 changed it)
        ("::ffff:c000:201", "::ffff:192.0.2.1"),
        ("::FFFF:192.0.2.1", "::ffff:192.0.2.1"),
        ("::ffff:192.0.2.0/120", "::ffff:192.0.2.0/120"),
    ],
)
def test_address(text: str, expected: str) -> None:
    assert n.address(text) == expected
    assert n.is_address(text)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("192.0.2.1/24", "host bits set; the network is 192.0.2.0/24"),
        ("2001:db8::1/32", "the network is 2001:db8::/32"),
        ("010.1.1.1", "leading zero"),
        ("23.185.0.301", "octet 301 > 255"),
        ("1.2.3.4/33", "prefix /33 > 32"),
        ("2001:db8::/129", "not a valid IP"),
        ("1.2.3", "not a valid IP"),
        ("fe80::1%eth0", "zone id"),
        ("www.example.com", "not a valid IP"),
        ("", "empty"),
        ("1.2.3.4 5", "not a valid IP"),
    ],
)
def test_address_invalid(text: str, message: str) -> None:
    with pytest.raises(InvalidValue, match=message):
        n.address(text)
    assert not n.is_address(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("23.185.0.301", True),
        ("1.2.3.4/33", True),
        ("192.0.2.1", True),
        ("010.1.1.1", True),
        ("2001:db8::18", True),
        ("2001:db8:18", True),
        ("2001:db8::zz", False),
        ("::1", True),
        ("2.3", False),
        ("4.11", False),
        ("1.0.1", False),
        ("10:30", False),
        ("10:30:15", False),
        ("22/11/18", False),
        ("1.2.3.4.5", False),
        ("www.example.com", False),
        ("", False),
    ],
)
def test_looks_like_address(text: str, expected: bool) -> None:
    assert n.looks_like_address(text) is expected


# --- URLs ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("https://example.com", "https://example.com"),
        ("https://example.com/Ip-Ranges.JSON", "https://example.com/Ip-Ranges.JSON"),
        ("https://example.com/a.", "https://example.com/a"),
        ("https://example.com/a).", "https://example.com/a"),
        ("https://example.com/a,;:", "https://example.com/a"),
        ("https://en.wikipedia.org/wiki/Foo_(bar)", "https://en.wikipedia.org/wiki/Foo_(bar)"),
        ("HTTP://Example.com/X", "HTTP://Example.com/X"),
        ("ftp://ftp.example.org/pub/file.txt", "ftp://ftp.example.org/pub/file.txt"),
        ("http://192.0.2.1:8080/x?y=1#z", "http://192.0.2.1:8080/x?y=1#z"),
        ("http://[2001:db8::1]/", "http://[2001:db8::1]/"),
    ],
)
def test_url(text: str, expected: str) -> None:
    assert n.url(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "example.com",
        "mailto:a@example.com",
        "file:///etc/passwd",
        "http://",
        "https://localhost/",
        "http://exa mple.com",
        "http://example.com:99999/",
        "http://example.com:ab/",
        "http://[::1",
        "http://*.example.com/",
        "javascript:alert(1)",
    ],
)
def test_url_invalid(text: str) -> None:
    with pytest.raises(InvalidValue):
        n.url(text)


def test_find_urls() -> None:
    text = (
        "See https://ip-ranges.amazonaws.com/ip-ranges.json. Also (http://example.com/a), "
        "ftp://ftp.example.org/x; and https://en.wikipedia.org/wiki/Foo_(bar) and http://bad"
    )
    assert n.find_urls(text) == [
        "https://ip-ranges.amazonaws.com/ip-ranges.json",
        "http://example.com/a",
        "ftp://ftp.example.org/x",
        "https://en.wikipedia.org/wiki/Foo_(bar)",
    ]
    assert n.find_urls("no links here, just www.example.com") == []


# --- dates -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Oct-2018", "2018-10"),
        ("Oct 2018", "2018-10"),
        ("October 2018", "2018-10"),
        ("April-2019", "2019-04"),
        ("Sept 2020", "2020-09"),
        ("Sep-20", "2020-09"),
        ("2018-10", "2018-10"),
        ("10/2018", "2018-10"),
        ("Jan-2023", "2023-01"),
        ("Oct–2018", "2018-10"),
        ("oct. 2018", "2018-10"),
        ("Oct-\n2018", "2018-10"),
        ("April-\n2019", "2019-04"),
        ("Oct\n2018", "2018-10"),
        ("22/11/18", "2018-11-22"),
        ("22/11/2018", "2018-11-22"),
        ("2018-11-22", "2018-11-22"),
        ("22 November 2018", "2018-11-22"),
        ("22nd Nov 2018", "2018-11-22"),
        ("November 22, 2018", "2018-11-22"),
        ("29/02/2020", "2020-02-29"),
    ],
)
def test_date(text: str, expected: str) -> None:
    assert n.date(text) == expected


def test_date_monthfirst() -> None:
    assert n.date("11/22/18", dayfirst=False) == "2018-11-22"
    with pytest.raises(InvalidValue, match="month 22"):
        n.date("11/22/18")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("31/11/2018", "day 31 does not exist in 2018-11"),
        ("29/02/2019", "day 29"),
        ("13/2018", "month 13"),
        ("2018-13", "month 13"),
        ("00/2018", "month 0"),
        ("Octember 2018", "'Octember' is not a month name"),
        ("Oct-1850", "year 1850"),
        ("", "not a date"),
        ("2.3", "not a date"),
        ("yesterday", "not a date"),
    ],
)
def test_date_invalid(text: str, message: str) -> None:
    with pytest.raises(InvalidValue, match=message):
        n.date(text)


# --- versions --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2.3", "2.3"),
        ("v2.3", "2.3"),
        ("V 2.3", "2.3"),
        ("Rev 2.3", "2.3"),
        ("Version 2.3", "2.3"),
        ("3", "3"),
        ("1.0.1", "1.0.1"),
        (" 3.3 ", "3.3"),
    ],
)
def test_version(text: str, expected: str) -> None:
    assert n.version(text) == expected


@pytest.mark.parametrize("text", ["abc", "", "2.3 draft", "2.", ".3", "2..3", "v", "2,3"])
def test_version_invalid(text: str) -> None:
    with pytest.raises(InvalidValue):
        n.version(text)


def test_version_key() -> None:
    assert n.version_key("2.10") > n.version_key("2.9")
    assert n.version_key("Rev 3.3") == (3, 3)
    versions = ["2.10", "0.9", "1.0", "2.9", "1.1", "10"]
    assert sorted(versions, key=n.version_key) == ["0.9", "1.0", "1.1", "2.9", "2.10", "10"]


# --- properties ------------------------------------------------------------------------

Fn = Callable[[str], object]
EVERY_FUNCTION: list[Fn] = [
    n.collapse_ws,
    n.slug,
    n.protocols,
    n.ports,
    n.is_ports,
    n.direction,
    n.find_direction,
    n.hostname,
    n.is_hostname,
    n.address,
    n.is_address,
    n.looks_like_address,
    n.url,
    n.find_urls,
    n.date,
    lambda s: n.date(s, dayfirst=False),
    n.version,
    n.version_key,
]

# Plain text rarely reaches deep paths, so also fuzz with the characters these cells use.
CELL_TEXT = st.text(
    alphabet=st.sampled_from(list("0123456789./:-–,;&+()* \n\u00a0abcdefinoutTCPUDPxvOct%_ü")),
    max_size=30,
)
ANY_TEXT = st.one_of(
    st.text(),
    CELL_TEXT,
    st.text(st.characters(codec=None, categories=["Cs", "Nd", "Lu", "Zs"])),
)


@pytest.mark.parametrize("fn", EVERY_FUNCTION, ids=lambda f: getattr(f, "__name__", "fn"))
@given(text=ANY_TEXT)
def test_only_invalid_value_escapes(fn: Fn, text: str) -> None:
    with contextlib.suppress(InvalidValue):
        fn(text)


@given(ANY_TEXT)
def test_idempotent(text: str) -> None:
    for fn in (n.collapse_ws, n.slug, n.hostname, n.address, n.url, n.date, n.version):
        try:
            once = fn(text)
        except InvalidValue:
            continue
        assert fn(once) == once, fn.__name__


@given(st.text())
def test_slug_shape(text: str) -> None:
    s = n.slug(text)
    assert s and all(c in "abcdefghijklmnopqrstuvwxyz0123456789-" for c in s)
    assert not s.startswith("-") and not s.endswith("-") and "--" not in s


@given(st.ip_addresses())
def test_address_round_trip(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> None:
    text = n.address(str(ip))
    assert ipaddress.ip_address(text) == ip  # the same address, written canonically
    assert n.address(str(ip).upper()) == text == n.address(ip.exploded) == n.address(text)
    assert text == text.lower() and text == n.ip_text(ip)
    assert n.looks_like_address(str(ip))


@st.composite
def networks(draw: st.DrawFn) -> ipaddress.IPv4Network | ipaddress.IPv6Network:
    ip = draw(st.ip_addresses())
    prefix = draw(st.integers(0, ip.max_prefixlen))
    return ipaddress.ip_network(f"{ip}/{prefix}", strict=False)


@given(networks())
def test_network_round_trip(net: ipaddress.IPv4Network | ipaddress.IPv6Network) -> None:
    text = n.address(str(net))
    assert ipaddress.ip_network(text) == net and n.address(text) == text == n.ip_text(net)


@given(networks(), st.data())
def test_host_bits_name_the_network(
    net: ipaddress.IPv4Network | ipaddress.IPv6Network, data: st.DataObject
) -> None:
    if net.num_addresses < 2:
        return
    host = net.network_address + data.draw(st.integers(1, net.num_addresses - 1))
    with pytest.raises(InvalidValue, match=f"the network is {re.escape(n.ip_text(net))}"):
        n.address(f"{host}/{net.prefixlen}")


@given(st.integers(1, 65535), st.integers(1, 65535), st.sampled_from(["-", "–", " - "]))
def test_port_range_round_trip(a: int, b: int, dash: str) -> None:
    first, last = min(a, b), max(a, b)
    assert n.ports(f"{first}{dash}{last}") == [(first, last)]
    if first < last:
        with pytest.raises(InvalidValue, match="reversed"):
            n.ports(f"{last}-{first}")


@given(st.lists(st.integers(1, 65535), min_size=1, max_size=6), st.sampled_from(["/", ", ", " "]))
def test_port_list_round_trip(values: list[int], sep: str) -> None:
    assert n.ports(sep.join(map(str, values))) == [(v, v) for v in values]


@given(st.one_of(st.integers(max_value=0), st.integers(min_value=65536)))
def test_port_out_of_range(value: int) -> None:
    with pytest.raises(InvalidValue):
        n.ports(str(value))


@given(st.lists(st.integers(0, 10**6), min_size=1, max_size=5))
def test_version_key_is_tuple_of_ints(parts: list[int]) -> None:
    v = ".".join(map(str, parts))
    assert n.version(v) == v
    assert n.version_key(v) == tuple(parts)
    assert n.version_key(f"Rev {v}") == tuple(parts)


@given(
    st.lists(st.integers(0, 99), min_size=1, max_size=4),
    st.lists(st.integers(0, 99), min_size=1, max_size=4),
)
def test_version_key_ordering(a: list[int], b: list[int]) -> None:
    va, vb = ".".join(map(str, a)), ".".join(map(str, b))
    assert (n.version_key(va) < n.version_key(vb)) == (tuple(a) < tuple(b))


@given(st.dates(datetime.date(1900, 1, 1), datetime.date(2099, 12, 31)))
def test_date_round_trip(d: datetime.date) -> None:
    iso = d.isoformat()
    assert n.date(iso) == iso
    assert n.date(d.strftime("%d/%m/%Y")) == iso
    assert n.date(d.strftime("%m/%d/%Y"), dayfirst=False) == iso
    assert n.date(f"{d.day} {d.strftime('%B')} {d.year}") == iso
    assert n.date(d.strftime("%b-%Y")) == iso[:7]
    assert n.date(d.strftime("%B-\n%Y")) == iso[:7]


@given(CELL_TEXT)
def test_is_ports_says_whether_ports_parses(text: str) -> None:
    try:
        n.ports(text)
    except n.InvalidValue:
        assert not n.is_ports(text)
    else:
        assert n.is_ports(text)


def _outcome(parse: Any, text: str, **options: Any) -> tuple[str, str]:
    try:
        return "value", parse(text, **options)
    except InvalidValue as e:
        return "refused", str(e)


@given(st.one_of(st.from_regex(r"[0-9a-f.:/%]{0,20}", fullmatch=True), st.text(max_size=30)))
def test_remembered_answers_are_the_parsers_own(text: str) -> None:
    """address and hostname keep their answers (a document checks a cell's text many
    times): asked twice, each gives what the parser itself gives, refusals included."""
    for parse, options in ((n.address, {}), (n.hostname, {}), (n.hostname, {"registered": False})):
        fresh = _outcome(parse.__wrapped__, text, **options)  # type: ignore[attr-defined]
        assert _outcome(parse, text, **options) == fresh
        assert _outcome(parse, text, **options) == fresh
