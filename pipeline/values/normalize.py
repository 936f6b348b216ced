"""Normalise the values printed in port tables: ports, protocols, hosts, addresses, dates.

Pure functions on ``str``, no I/O. Every normaliser either returns the canonical form or
raises :class:`InvalidValue` with a message saying what is wrong; no other exception
escapes for any ``str`` input, so callers can turn one ``except InvalidValue`` into an
``Issue`` record.
"""

from __future__ import annotations

import calendar
import ipaddress
import re
import unicodedata
from collections.abc import Callable
from functools import cache, lru_cache, wraps
from typing import Any, Literal, ParamSpec, TypeVar
from urllib.parse import urlsplit

import idna
from publicsuffixlist import PSLFILE

from pipeline.values import vocabulary

Direction = Literal["in", "out", "both"]

# re.ASCII everywhere: \d, \w and \s must not match Arabic digits, Kelvin signs and the
# like, which int() or .lower() would then treat differently from the regex.
_FLAGS = re.IGNORECASE | re.ASCII
_DASHES = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"))


class InvalidValue(ValueError):
    """A value is present but not valid; the message says why."""


T = TypeVar("T")
P = ParamSpec("P")


def remembered(parse: Callable[P, T]) -> Callable[P, T]:
    """``parse`` keeping its last few thousand answers, refusals included: a document
    checks the same cell text many times (its rows, its host lists, the accounting
    pass), and each answer is a pure function of the arguments."""

    call: Callable[..., T] = parse

    @lru_cache(maxsize=4096)
    def answer(args: tuple[Any, ...], options: tuple[tuple[str, Any], ...]) -> tuple[bool, Any]:
        try:
            return True, call(*args, **dict(options))
        except InvalidValue as e:
            return False, str(e)

    @wraps(parse)
    def parse_remembered(*args: P.args, **options: P.kwargs) -> T:
        ok, value = answer(args, tuple(sorted(options.items())))
        if ok:
            return value  # type: ignore[no-any-return]
        raise InvalidValue(value)

    return parse_remembered


def _q(text: str, limit: int = 40) -> str:
    """Quote a value for an error message without dumping pages of garbage into it."""
    return repr(text if len(text) <= limit else text[:limit] + "…")


def collapse_ws(text: str) -> str:
    """Collapse every run of whitespace (NBSP, tabs, newlines included) to one space."""
    return " ".join(text.split())


def without_footnote_mark(text: str) -> str:
    """A value less a footnote mark printed after it ("192.0.2.0/24*",
    "relay.example.com¹"); a word or a bare number keeps its last character."""
    bare = text.rstrip(vocabulary.FOOTNOTE_MARKS)
    return bare if bare != text and ("." in bare or ":" in bare) else text


def slug(text: str) -> str:
    """Lowercase ASCII slug for ids; never empty, idempotent. Apostrophes join words
    ("Gateway’s" -> "gateways") rather than split them."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    folded = re.sub(r"['’‘`´]", "", folded)
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-") or "x"


# --- protocols, ports, direction -------------------------------------------------------

_PROTOCOLS = vocabulary.TRANSPORTS
_PROTO_SEP = re.compile(r"\s*(?:[/&,+;]|\band\b)\s*|\s+", _FLAGS)


def _accepts(parse: Callable[[str], object], text: str) -> bool:
    """``parse`` takes ``text`` without an ``InvalidValue``: the ``is_*`` predicates."""
    try:
        parse(text)
    except InvalidValue:
        return False
    return True


def is_protocols(text: str) -> bool:
    return _accepts(protocols, text)


def protocols(text: str) -> list[str]:
    """Protocol cell -> names: "UDP/TCP" -> ["udp", "tcp"], in printed order, deduplicated."""
    out: list[str] = []
    for token in _PROTO_SEP.split(text.strip()):
        name = token.lower()
        if name not in _PROTOCOLS:
            what = "empty protocol" if not token else f"{_q(token)} is not a protocol"
            raise InvalidValue(f"{what} in {_q(text)}; expected one of {', '.join(_PROTOCOLS)}")
        if name not in out:
            out.append(name)
    return out


_PORT_SEP = re.compile(r"\s*[,;/]\s*|\s+")
_PORT_TOKEN = re.compile(r"([0-9]+)(?:-([0-9]+))?", re.ASCII)


def _port(digits: str) -> int:
    # Length check first: int() refuses strings over 4300 digits with a plain ValueError.
    if len(digits) > 5 or not 1 <= int(digits) <= 65535:
        shown = digits if len(digits) <= 12 else digits[:12] + "…"
        raise InvalidValue(f"port {shown} is out of range 1-65535")
    return int(digits)


_RANGE_WORDS = re.compile(r"(?i)(?<=\d)\s+(?:to|through|thru)\s+(?=\d)")


def join_range_words(text: str) -> str:
    """A range printed in words -> with a dash: "1024 to 65535" -> "1024-65535"."""
    return _RANGE_WORDS.sub("-", text)


def ports(text: str) -> list[tuple[int, int]]:
    """One port-cell line -> [(first, last), ...] in printed order.

    Separators at the line edges are tolerated ("443," / "8443") because cells wrap
    between ports; a range split over two lines is the caller's to join.
    """
    line = re.sub(r"\s*-\s*", "-", join_range_words(collapse_ws(text.translate(_DASHES))))
    # "67 and 68", "80 or 8530": list words between numbers join a list.
    tokens = [t for t in _PORT_SEP.split(line) if t and t.lower() not in vocabulary.LIST_WORDS]
    if not tokens:
        raise InvalidValue(f"no port number in {_q(text)}")
    out: list[tuple[int, int]] = []
    for token in tokens:
        m = _PORT_TOKEN.fullmatch(token)
        if not m:
            raise InvalidValue(f"{_q(token)} is not a port number")
        first = _port(m[1])
        last = _port(m[2]) if m[2] else first
        if first > last:
            raise InvalidValue(f"port range {first}-{last} is reversed (first > last)")
        out.append((first, last))
    return out


_IN = {"in", "inbound", "incoming", "ingress"}
_OUT = {"out", "outbound", "outgoing", "egress"}
_BOTH = {"both", "bidirectional", "bi-directional"}
_DIR_WORD = r"(?:inbound|incoming|ingress|in|outbound|outgoing|egress|out|both|bi-?directional)"
_DIR_MARK = rf"{_DIR_WORD}(?:\s*(?:/|&|\band\b)\s*{_DIR_WORD})*"
_DIR_SEP = re.compile(r"\s*(?:[/&,]|\band\b)\s*|\s+")
_DIR_FIND = re.compile(rf"\(\s*{_DIR_MARK}\s*\)|(?<![\w-]){_DIR_MARK}(?![\w-])", _FLAGS)


def direction(text: str) -> Direction:
    """Direction text -> in/out/both: "Inbound" -> in, "(in/out)", "In & Out", "Both" -> both."""
    bare = text.lower().replace("(", " ").replace(")", " ")
    words = [w for w in _DIR_SEP.split(bare) if w]
    if not words:
        raise InvalidValue(f"no direction in {_q(text)}")
    found: set[str] = set()
    for word in words:
        if word in _IN:
            found.add("in")
        elif word in _OUT:
            found.add("out")
        elif word in _BOTH:
            found.update(("in", "out"))
        else:
            raise InvalidValue(f"{_q(word)} is not a direction (expected In, Out or In/Out)")
    return "both" if len(found) == 2 else "in" if "in" in found else "out"


def find_direction(text: str) -> tuple[Direction | None, str]:
    """Pull a direction marker out of a port cell: "53 (in/out)" -> ("both", "53").

    Several markers in one cell combine (in + out -> both): a rule has one direction.
    """
    found: set[str] = set()
    for m in _DIR_FIND.finditer(text):
        d = direction(m[0])
        found.update(("in", "out") if d == "both" else (d,))
    if not found:
        return None, collapse_ws(text)
    rest = collapse_ws(_DIR_FIND.sub(" ", text))
    return ("both" if len(found) == 2 else "in" if "in" in found else "out"), rest


# --- hostnames and addresses -----------------------------------------------------------

_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?", re.ASCII)
_IPV4ISH = re.compile(
    r"([0-9]{1,3})\.([0-9]{1,3})\.([0-9]{1,3})\.([0-9]{1,3})(?:/([0-9]{1,3}))?", re.ASCII
)
_IPV6ISH = re.compile(r"[0-9a-f:.]*:[0-9a-f:.]*(?:/[0-9]{1,3})?", _FLAGS)
_TIME = re.compile(r"[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?", re.ASCII)


def _idna_label(label: str) -> str:
    """Non-ASCII label -> punycode by IDNA 2008 with the UTS #46 mapping (the ``idna``
    package: the rules browsers and resolvers apply, not Python's IDNA 2003 codec)."""
    try:
        return idna.encode(label, uts46=True, std3_rules=True).decode("ascii")
    except (idna.IDNAError, UnicodeError, ValueError) as e:
        raise InvalidValue(f"label {_q(label)} cannot be IDNA-encoded: {e}") from e


@cache
def _top_level_labels() -> frozenset[str]:
    """The last label of every rule of the Public Suffix List bundled with
    ``publicsuffixlist`` (read offline, once; IDN labels in their xn-- form). Only the
    top-level label is checked, so a set of them is all that is needed: building the
    whole list's lookup tree cost more than most small documents' reading."""
    labels = set()
    with open(PSLFILE, encoding="utf-8") as rules:
        for line in rules:
            rule = line.strip()
            if not rule or rule.startswith("//"):
                continue
            label = rule.split()[0].lstrip("!").rsplit(".", 1)[-1].lower()
            if not label.isascii():
                try:
                    label = idna.encode(label).decode("ascii")
                except (idna.IDNAError, UnicodeError, ValueError):
                    continue
            labels.add(label)
    return frozenset(labels)


# The shape of a top-level label, whether or not a registry knows it: letters, or an
# IDNA xn-- label. What a fragment of a name broken over lines must have to go on.
_TLD_SHAPE = re.compile(r"[a-z]{2,63}|xn--[a-z0-9-]{1,59}")


def is_tld(label: str) -> bool:
    """A top-level label a hostname can end in: in the Public Suffix List (ASCII or its
    xn-- form) or a special-use name (``vocabulary.SPECIAL_USE_TLDS``)."""
    label = label.lower()
    if label in vocabulary.SPECIAL_USE_TLDS:
        return True
    if not (label.isascii() and label.replace("-", "").isalnum()):
        return False
    return label in _top_level_labels()


def _first_label_ok(label: str) -> bool:
    """The first label may be a wildcard: ``*`` alone, or glued to the label as printed
    (``*cdn`` of ``*cdn.onenote.net``)."""
    if label == "*":
        return True
    rest = label.removeprefix("*")
    return bool(_LABEL.fullmatch(rest))


@remembered
def hostname(text: str, *, registered: bool = True) -> str:
    """Validate a DNS hostname; return it lowercased, trailing dot dropped, IDNA as xn--.

    The top-level label must be one the Public Suffix List knows (or a special-use
    name): "example.com000" is a name run into the number printed below it, and
    "AzureFrontDoor.Frontend" a service tag, not hostnames. With ``registered`` False
    only its shape is checked (letters, or xn--, whose printed form is letters): the
    test a name's first fragments pass while a cell's lines are rejoined
    ("d7uri8nf" + "7uskq.cloudfr" + "ont.net")."""
    name = text.strip()
    if not name:
        raise InvalidValue("empty hostname")
    if any(c.isspace() for c in name):
        raise InvalidValue(f"hostname {_q(name)} contains a space")
    name = name.removesuffix(".")
    if is_address(name) or looks_like_address(name):
        raise InvalidValue(f"{_q(name)} looks like an IP address, not a hostname")
    name = name.lower()
    printed = name.split(".")
    if len(printed) < 2:
        raise InvalidValue(f"hostname {_q(name)} needs at least two labels (e.g. host.example)")
    labels = [lab if lab.isascii() else _idna_label(lab) for lab in printed]
    for i, lab in enumerate(labels):
        if not (_LABEL.fullmatch(lab) or (i == 0 and _first_label_ok(lab))):
            raise InvalidValue(
                f"label {_q(lab)} of {_q(name)} is not 1-63 characters of a-z, 0-9 and '-'"
                " (not starting or ending with '-')"
            )
    tld = labels[-1]
    shaped = _TLD_SHAPE.fullmatch(tld) and (
        printed[-1].isascii() or all(unicodedata.category(c)[0] in "LM" for c in printed[-1])
    )
    if not shaped or (registered and not is_tld(tld)):
        raise InvalidValue(
            f"top-level label {_q(tld)} of {_q(name)} is not a valid TLD "
            "(in no Public Suffix List entry)"
        )
    result = ".".join(labels)
    if len(result) > 253:
        raise InvalidValue(f"hostname {_q(result)} is longer than 253 characters")
    return result


def mixed_scripts(name: str) -> list[str]:
    """The labels of a hostname (printed or xn--) that mix letters of several scripts
    (``сmd`` with a Cyrillic с among Latin letters): a look-alike of another name.
    Scripts as the Unicode data of ``confusable_homoglyphs`` names them; digits and
    hyphens belong to none."""
    # Its Unicode data is loaded when a name is first checked, not by every import.
    from confusable_homoglyphs import categories

    mixed = []
    for label in name.lower().split("."):
        try:
            shown = idna.decode(label) if label.startswith("xn--") else label
        except (idna.IDNAError, UnicodeError, ValueError):
            continue
        scripts = categories.unique_aliases(shown) - {"COMMON", "INHERITED"}
        if len(scripts) > 1:
            mixed.append(shown)
    return mixed


def is_hostname(text: str, *, registered: bool = True) -> bool:
    return _accepts(lambda t: hostname(t, registered=registered), text)


def ip_text(
    value: ipaddress.IPv4Address
    | ipaddress.IPv6Address
    | ipaddress.IPv4Network
    | ipaddress.IPv6Network,
) -> str:
    """An address or network as text, the same on every Python version: compressed,
    lower case, an IPv4-mapped IPv6 address with its IPv4 part dotted (RFC 5952, 5);
    Python before 3.13 prints ::ffff:192.0.2.1 as ::ffff:c000:201."""
    if isinstance(value, (ipaddress.IPv4Network, ipaddress.IPv6Network)):
        return f"{ip_text(value.network_address)}/{value.prefixlen}"
    if isinstance(value, ipaddress.IPv6Address) and value.ipv4_mapped is not None:
        return f"::ffff:{value.ipv4_mapped}"
    return value.compressed


@remembered
def address(text: str) -> str:
    """IPv4/IPv6 address or network in canonical compressed form."""
    s = text.strip()
    if not s:
        raise InvalidValue("empty address")
    if hidden := [c for c in s if unicodedata.category(c) == "Cf"]:
        raise InvalidValue(
            f"{_q(s)} holds an invisible character U+{ord(hidden[0]):04X}; not an address"
        )
    if "%" in s:  # ipaddress accepts IPv6 zone ids; a firewall document never means one
        raise InvalidValue(f"{_q(s)} has a zone id; not a firewall address")
    if m := _IPV4ISH.fullmatch(s):
        for octet in m.groups()[:4]:
            if len(octet) > 1 and octet.startswith("0"):
                raise InvalidValue(f"{_q(s)}: octet {octet} has a leading zero (octal?)")
            if int(octet) > 255:
                raise InvalidValue(f"{_q(s)}: octet {octet} > 255")
        if m[5] and int(m[5]) > 32:
            raise InvalidValue(f"{_q(s)}: prefix /{m[5]} > 32")
    try:
        return ip_text(ipaddress.ip_network(s) if "/" in s else ipaddress.ip_address(s))
    except ValueError as e:
        error = e
    if "/" in s:
        try:
            net = ipaddress.ip_network(s, strict=False)
        except ValueError:
            pass
        else:
            raise InvalidValue(f"{_q(s)} has host bits set; the network is {ip_text(net)}")
    raise InvalidValue(f"{_q(s)} is not a valid IP address or network: {error}") from error


# The shortest prefix one holder is ever given: an IPv4 /8 (the old class A blocks) and,
# for IPv6, /16 (RIRs hold /12s and hand out at most a few /19-/24s to one network).
# Anything shorter is a large part of the whole Internet: in a firewall feed it means
# "allow everything" (0.0.0.0/0, ::/0), which a vendor's list never means to say.
BROAD_PREFIX = {4: 8, 6: 16}


def is_broad_network(text: str) -> bool:
    """True for a valid network broader than ``BROAD_PREFIX`` of its family; an IPv6
    network of IPv4-mapped addresses (``::ffff:0:0/96``) counts by its IPv4 part."""
    try:
        network = ipaddress.ip_network(address(text))
    except (InvalidValue, ValueError):
        return False
    prefix = network.prefixlen
    if isinstance(network, ipaddress.IPv6Network) and prefix >= 96:
        mapped = network.network_address.ipv4_mapped
        if mapped is not None:
            return prefix - 96 < BROAD_PREFIX[4]
    return prefix < BROAD_PREFIX[network.version]


def is_ports(text: str) -> bool:
    return _accepts(ports, text)


def is_address(text: str) -> bool:
    return _accepts(address, text)


_HEX_V4 = re.compile(r"(?:0x[0-9a-f]*|[0-9]+)(?:\.(?:0x[0-9a-f]*|[0-9]+)){1,3}", _FLAGS)
_ZONE = re.compile(r"%[0-9a-z._-]+", _FLAGS)


def looks_like_address(text: str) -> bool:
    """True for a clear attempt at an IP address, valid or not, so it can be reported.

    "1.2.3.4"-shaped (4 groups of 1-3 digits), the hex forms some resolvers accept
    ("0x7f.0.0.1"), or hex-and-colons with >= 2 colons (with a zone id: "fe80::1%eth0");
    clock times ("10:30:15") are excluded, versions and dates never match. Invisible
    format characters (U+200B after an address) do not hide the attempt.
    """
    s = "".join(c for c in text.strip() if unicodedata.category(c) != "Cf")
    if _IPV4ISH.fullmatch(s):
        return True
    if "0x" in s.lower() and _HEX_V4.fullmatch(s):
        return True
    s = _ZONE.sub("", s) if "%" in s else s
    return bool(_IPV6ISH.fullmatch(s)) and s.count(":") >= 2 and not _TIME.fullmatch(s)


_RANGE = re.compile(r"([0-9a-f.:]+)\s*-\s*([0-9a-f.:]+)", _FLAGS)


def address_range(text: str) -> list[str]:
    """A range of addresses printed as one value ("192.0.2.9-192.0.2.20") -> the
    networks that cover exactly that range, in order (what a feed of networks can
    hold): ["192.0.2.9/32", "192.0.2.10/31", "192.0.2.12/30", "192.0.2.16/30",
    "192.0.2.20/32"]. At most 62 networks for IPv4, 254 for IPv6."""
    m = _RANGE.fullmatch(collapse_ws(text.translate(_DASHES)))
    if not m:
        raise InvalidValue(f"{_q(text)} is not a range of addresses (first-last)")
    # Each side is one address (the pattern has no '/'), so ip_address takes it.
    first, last = (ipaddress.ip_address(address(side)) for side in m.groups())
    if first.version != last.version:
        raise InvalidValue(f"{_q(text)} mixes an IPv4 and an IPv6 address")
    if int(first) > int(last):
        raise InvalidValue(f"address range {_q(text)} is reversed (first > last)")
    return [ip_text(net) for net in ipaddress.summarize_address_range(first, last)]  # type: ignore[arg-type]


def is_address_range(text: str) -> bool:
    return _accepts(address_range, text)


def addresses(text: str) -> list[str]:
    """An address or network (one), or a range of them (its networks)."""
    try:
        return [address(text)]
    except InvalidValue:
        if _RANGE.fullmatch(collapse_ws(text.translate(_DASHES))):
            return address_range(text)
        raise


# --- URLs ------------------------------------------------------------------------------

_URL_FIND = re.compile(r"\b(?:https?|ftp)://[^\s<>\"'`{}|\\^\[\]]+", _FLAGS)
_TRAILING = ".,;:!?"


def _strip_trailing(s: str) -> str:
    """Drop sentence punctuation after a URL; keep ')' that closes a '(' in the URL."""
    while s:
        if s[-1] in _TRAILING or (s[-1] == ")" and s.count(")") > s.count("(")):
            s = s[:-1]
        else:
            break
    return s


def url(text: str, *, registered: bool = True) -> str:
    """Validate an absolute http/https/ftp URL; return it as printed minus trailing
    punctuation (``registered``: as for ``hostname``)."""
    s = _strip_trailing(text.strip())
    if any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in s):
        raise InvalidValue(f"URL {_q(s)} contains whitespace or control characters")
    try:
        parts = urlsplit(s)
        host = parts.hostname or ""
        parts.port  # noqa: B018 -- raises ValueError for a non-numeric or out-of-range port
    except ValueError as e:
        raise InvalidValue(f"{_q(s)} is not a valid URL: {e}") from e
    if parts.scheme.lower() not in ("http", "https", "ftp"):
        raise InvalidValue(f"{_q(s)} is not an http, https or ftp URL")
    if "*" in host or not (is_hostname(host, registered=registered) or is_address(host)):
        raise InvalidValue(f"URL {_q(s)} has no valid host")
    return s


def find_urls(text: str, *, registered: bool = True) -> list[str]:
    """Every valid http(s)/ftp URL in free text, in order; invalid ones are skipped."""
    out = []
    for m in _URL_FIND.finditer(text):
        try:
            out.append(url(m[0], registered=registered))
        except InvalidValue:
            continue
    return out


# --- dates and versions ----------------------------------------------------------------

_MONTHS = vocabulary.MONTHS
_ORD = r"(?:st|nd|rd|th)?"
_DATE_FORMS = [
    re.compile(p, _FLAGS)
    for p in (
        r"(?P<m>[a-z]+)\.?(?:[-/ ]|, ?)?(?P<y>[0-9]{4}|[0-9]{2})",  # Oct-2018, Sep-20
        rf"(?P<d>[0-9]{{1,2}}){_ORD}[- ](?P<m>[a-z]+)\.?(?:-|,? )(?P<y>[0-9]{{4}}|[0-9]{{2}})",
        rf"(?P<m>[a-z]+)\.? (?P<d>[0-9]{{1,2}}){_ORD},? (?P<y>[0-9]{{4}})",  # November 22, 2018
        r"(?P<y>[0-9]{4})([-/.])(?P<m>[0-9]{1,2})(?:\2(?P<d>[0-9]{1,2}))?",  # 2018-10(-22)
        r"(?P<m>[0-9]{1,2})[-/.](?P<y>[0-9]{4})",  # 10/2018
    )
]
_NUMERIC_DMY = re.compile(r"([0-9]{1,2})([-/.])([0-9]{1,2})\2([0-9]{4}|[0-9]{2})", re.ASCII)


def _month(token: str) -> int:
    if token.isascii() and token.isdigit():
        return int(token)
    if token.lower() not in _MONTHS:
        raise InvalidValue(f"{_q(token)} is not a month name")
    return _MONTHS[token.lower()]


def _ymd(y: str, m: int, d: str | None) -> str:
    year = 2000 + int(y) if len(y) == 2 else int(y)
    if not 1900 <= year <= 2099:
        raise InvalidValue(f"year {year} is out of range 1900-2099")
    if not 1 <= m <= 12:
        raise InvalidValue(f"month {m} is out of range 1-12")
    if d is None:
        return f"{year:04d}-{m:02d}"
    if not 1 <= int(d) <= calendar.monthrange(year, m)[1]:
        raise InvalidValue(f"day {int(d)} does not exist in {year:04d}-{m:02d}")
    return f"{year:04d}-{m:02d}-{int(d):02d}"


def date(text: str, *, dayfirst: bool = True) -> str:
    """Month-year -> "YYYY-MM"; full date -> "YYYY-MM-DD". Two-digit years are 20yy.

    Spaces around '-' and '/' are dropped first, so a cell that wrapped as "Oct-" /
    "2018" reads as "Oct-2018".
    """
    s = re.sub(r"\s*([-/])\s*", r"\1", collapse_ws(text.translate(_DASHES)))
    if m := _NUMERIC_DMY.fullmatch(s):
        day, month = (m[1], m[3]) if dayfirst else (m[3], m[1])
        return _ymd(m[4], int(month), day)
    for form in _DATE_FORMS:
        if m := form.fullmatch(s):
            parts = m.groupdict()
            return _ymd(parts["y"], _month(parts["m"]), parts.get("d"))
    raise InvalidValue(f"{_q(text)} is not a date (expected e.g. Oct-2018 or 22/11/2018)")


# A full date written inside prose ("will be retired on 22/11/18", "from 1 March 2019").
_DATE_IN_TEXT = re.compile(
    r"(?<![\w/.-])(?:[0-9]{1,2}[-/.][0-9]{1,2}[-/.](?:[0-9]{4}|[0-9]{2})"
    rf"|[0-9]{{1,2}}{_ORD}[- ][a-z]+\.?(?:-|,? )[0-9]{{4}}"
    rf"|[a-z]+\.? [0-9]{{1,2}}{_ORD},? [0-9]{{4}}"
    r"|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2})(?![\w/-])",
    _FLAGS,
)


def date_in_text(text: str, not_before: str | None = None) -> str | None:
    """The first full date written in prose, as YYYY-MM-DD, or None.

    ``22/11/18`` can only be day first; for ``03/04/19`` the reading on or after
    ``not_before`` (the YYYY-MM the text was written, e.g. its history entry's date)
    wins, else day first: an announced date does not lie before its announcement.
    """
    for m in _DATE_IN_TEXT.finditer(collapse_ws(text.translate(_DASHES))):
        readings = []
        for dayfirst in (True, False):
            try:
                readings.append(date(m[0], dayfirst=dayfirst))
            except InvalidValue:
                continue
        readings = [r for r in readings if len(r) == 10]
        later = [r for r in readings if not_before is None or r[:7] >= not_before[:7]]
        if later or readings:
            return (later or readings)[0]
    return None


_VERSION = re.compile(
    r"(?:(?:v|ver|version|rev|revision|release|issue)\.?\s*)?([0-9]{1,9}(?:\.[0-9]{1,9})*)",
    _FLAGS,
)


def version(text: str) -> str:
    """Version cell -> digits: "Rev 2.3", "v2.3", "2.3" -> "2.3"; drafts and words raise."""
    m = _VERSION.fullmatch(collapse_ws(text))
    if not m:
        raise InvalidValue(f"{_q(text)} is not a version number (expected e.g. 2.3)")
    return m[1]


def version_key(v: str) -> tuple[int, ...]:
    """Numeric sort key, so that "2.10" sorts after "2.9"."""
    return tuple(int(part) for part in version(v).split("."))
