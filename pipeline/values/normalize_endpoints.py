"""Endpoint cells and prose -> roles, hostnames, addresses and "any".

Pure functions on ``str`` that never raise. A flow matrix's Source/Destination cell lists
endpoints: roles as printed ("Admin workstation"), hostnames, addresses or networks,
"Any". Purpose and notes text names hosts too ("…updates from: a.example.net and
b.example.net"): those are found, and a list that ends the text is taken out of it.
What looks like an address but is not a valid one comes back in ``problems``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit

from pipeline.values import vocabulary as vocab
from pipeline.values.normalize import (
    InvalidValue,
    address,
    address_range,
    collapse_ws,
    hostname,
    is_address,
    is_hostname,
    looks_like_address,
    url,
    without_footnote_mark,
)

EndpointKind = Literal["role", "hostname", "address", "any"]
ValueKind = Literal["hostname", "address", "url", "bad-address", "glue", "word"]


@dataclass(frozen=True, slots=True)
class Value:
    """One whitespace-separated token of a cell or of prose, classified.

    ``values``: the canonical hostnames or addresses it stands for (a URL its host, an
    address range its networks); ``problem``: why a value-shaped token is not valid."""

    kind: ValueKind
    text: str
    values: tuple[str, ...] = ()
    problem: str | None = None


# Punctuation around a value in running text: "(a.example.net)," "b.example.net."
_OPEN = "(\"'[<“‘"
_CLOSE = ")\"']>”’,;:.!?"
# List glue that is no word: bullets (Symbol/Wingdings ones in the private use area too)
# and dashes.
_BULLETS = "&/—" + vocab.BULLET_GLYPHS
_SCHEME = re.compile(r"(?i)(?:https?|ftp)://([^/\s?#:]+)")
_HOST_PORT = re.compile(r"(.+?):([0-9]{1,5})", re.ASCII)
_RANGE = re.compile(r"([0-9a-fA-F.:]+)\s*-\s*([0-9a-fA-F.:]+)", re.ASCII)


def _host(text: str, prose: bool) -> str:
    """A hostname as cells and prose print one: not a file name ("config.xml"), and in
    prose not a product name ("ASP.NET")."""
    name = hostname(text)
    tld = text.rstrip(".").rsplit(".", 1)[-1]
    if tld.lower() in vocab.FILE_EXTENSIONS:
        raise InvalidValue(f"{text!r} is a file name")
    if prose and tld.isupper():
        raise InvalidValue(f"{text!r} is a product name, not a host")
    return name


def split_host_port(text: str) -> tuple[str, int] | None:
    """A host or address printed with its port -> the two; None for anything else (an
    IPv6 address's colons are its own).

    >>> split_host_port("relay.example.net:8443"), split_host_port("192.0.2.9:25")
    (('relay.example.net', 8443), ('192.0.2.9', 25))
    >>> split_host_port("[2001:db8::1]:443")
    ('2001:db8::1', 443)
    >>> [split_host_port(t) for t in ("2001:db8::1", "Note:25", "a.example.net:70000")]
    [None, None, None]
    """
    if ":" not in text or is_address(text):
        return None
    found = _HOST_PORT.fullmatch(text)
    if found is None:
        return None
    host, port = found[1], int(found[2])
    if host.startswith("[") and host.endswith("]") and ":" in host:
        host = host[1:-1]  # "[2001:db8::1]:443": an IPv6 address with its port
    if 0 < port <= 65535 and (is_address(host) or ("." in host and is_hostname(host))):
        return host, port
    return None


def token_value(token: str, *, prose: bool = False) -> Value:
    """One token -> what it is: a hostname, address (or range), URL, list glue or word.

    >>> token_value("a.example.net,").values, token_value("192.0.2.0/24").kind
    (('a.example.net',), 'address')
    >>> token_value("https://x.example.com/p").values
    ('x.example.com',)
    >>> token_value("config.xml").kind, token_value("7.2").kind, token_value("and").kind
    ('word', 'word', 'glue')
    """
    core = token.lstrip(_OPEN)
    if scheme := _SCHEME.match(core):
        try:
            link = url(core)
            host = urlsplit(link).hostname or ""
            value = address(host) if looks_like_address(host) else hostname(host)
        except (InvalidValue, ValueError):
            # "https://*.cdn.example.net/": no URL, but a wildcard host to allow
            host = scheme[1].rstrip(_CLOSE)
            try:
                return Value("hostname", host, (_host(host, prose),))
            except InvalidValue:
                return Value("word", token)
        return Value("url", link, (value,))
    core = core.rstrip(_CLOSE.replace(":", ""))
    if not is_address(core):  # "2001:db8::" ends in colons of its own
        core = core.rstrip(_CLOSE)
    core = without_footnote_mark(core)  # "192.0.2.0/24*": a mark is no part of it
    if not core or core.lower() in vocab.LIST_WORDS or not core.strip(_BULLETS):
        return Value("glue", token)
    if "@" in core:
        return Value("word", token)  # an email address: not a host to allow
    candidates = [core]
    if m := _HOST_PORT.fullmatch(core):
        candidates.append(m[1])  # "relay.example.net:25"
    if "/" in core and not looks_like_address(core):
        head = core.split("/", 1)[0]
        if looks_like_address(head):
            # "192.0.2.0/24x": a network printed wrong, never its first address alone.
            return Value("bad-address", core, problem=f"{core!r} is not an address or network")
        candidates.append(head)  # "ranges.example.com/list.json"
    for candidate in candidates:
        try:
            return Value("address", core, (address(candidate),))
        except InvalidValue:
            pass
        try:
            return Value("hostname", core, (_host(candidate, prose),))
        except InvalidValue:
            pass
    if looks_like_address(core):
        try:
            address(core)
        except InvalidValue as e:
            return Value("bad-address", core, problem=str(e))
    if _RANGE.fullmatch(core) and core.count(".") + core.count(":") >= 4:
        try:
            return Value("address", core, tuple(address_range(core)))
        except InvalidValue as e:
            return Value("bad-address", core, problem=str(e))
    return Value("word", token)


# --- endpoint cells --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Endpoint:
    """One endpoint: ``kind``; ``value`` (a role as printed, a hostname lower case, an
    address canonical, "any"); ``text`` as printed."""

    kind: EndpointKind
    value: str
    text: str


@dataclass(frozen=True, slots=True)
class Endpoints:
    endpoints: tuple[Endpoint, ...] = ()
    problems: tuple[str, ...] = ()


_ITEM_SEP = re.compile(r"\s*[,;]\s*|\s+(?:and|or|&|/)\s+", re.IGNORECASE)


def _item_endpoints(item: str) -> tuple[list[Endpoint], list[str]]:
    out: list[Endpoint] = []
    problems: list[str] = []
    words: list[str] = []

    def role() -> None:
        if words:
            text = " ".join(words).strip(" ,;:")
            if vocab.is_any(text):
                out.append(Endpoint("any", "any", text))
            elif text:
                out.append(Endpoint("role", text, text))
            words.clear()

    for token in item.split():
        v = token_value(token)
        if v.kind in ("hostname", "address", "url"):
            role()
            out += [
                Endpoint("address" if looks_like_address(value) else "hostname", value, v.text)
                for value in v.values
            ]
        elif v.kind == "bad-address":
            role()
            problems.append(v.problem or v.text)
        elif words or v.kind != "glue" or vocab.is_any(token):  # not a bullet before a role
            words.append(token)
    role()
    return out, problems


def endpoints(lines: str | Sequence[str]) -> Endpoints:
    """An endpoint cell's lines -> its endpoints, one each, in printed order.

    Each line is one or more endpoints: several split at commas, semicolons, "and",
    "or" and a spaced "/"; hostnames and addresses also at spaces.

    >>> [(e.kind, e.value) for e in endpoints(["Call server", "Media node"]).endpoints]
    [('role', 'Call server'), ('role', 'Media node')]
    >>> [(e.kind, e.value) for e in endpoints("Any").endpoints]
    [('any', 'any')]
    >>> [e.value for e in endpoints("dnsbl1.Example.org, 192.0.2.0/24").endpoints]
    ['dnsbl1.example.org', '192.0.2.0/24']
    """
    out: list[Endpoint] = []
    problems: list[str] = []
    for line in [lines] if isinstance(lines, str) else lines:
        for item in _ITEM_SEP.split(collapse_ws(line)):
            found, bad = _item_endpoints(item)
            out += found
            problems += bad
    return Endpoints(tuple(out), tuple(problems))


# --- values in prose -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ProseValues:
    """What a purpose or notes text names.

    ``text``: the text (whitespace collapsed) without a list of values that ends it and
    without the colon before that list; a value named in passing stays in it.
    ``hosts``: hostnames, lower case, wildcards kept, URLs' hosts included; ``addresses``:
    canonical; ``urls``: as printed; ``problems``: address-shaped words that are not valid.
    Values in an example ("e.g. mail.example.com") are not taken.
    """

    text: str
    hosts: tuple[str, ...] = ()
    addresses: tuple[str, ...] = ()
    urls: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()


_VALUE_KINDS = ("hostname", "address", "url", "bad-address")


def _is_example_word(tokens: list[str], i: int) -> bool:
    for phrase in vocab.EXAMPLE_WORDS:
        words = phrase.split()
        got = [t.lower().lstrip(_OPEN).rstrip(",:") for t in tokens[i : i + len(words)]]
        if got == [w.rstrip(",:") for w in words]:
            return True
    return False


def _classified(tokens: list[str]) -> list[Value]:
    """Tokens -> values, with those in an example clause made plain words."""
    out: list[Value] = []
    in_example = False
    for i, token in enumerate(tokens):
        if _is_example_word(tokens, i):
            in_example = True
        v = token_value(token, prose=True)
        if in_example and v.kind in _VALUE_KINDS:
            v = Value("word", token)
        if in_example and token.endswith((")", ";", ".")) and not _is_example_word(tokens, i):
            in_example = False  # the clause ends here
        out.append(v)
    return out


def values_in_text(text: str) -> ProseValues:
    """Hostnames, addresses and URLs written in prose -> the values, and the text
    without a list of them at its end.

    >>> found = values_in_text("Rule updates from: a.example.net, b.example.net and c.example.net")
    >>> found.text, found.hosts
    ('Rule updates from', ('a.example.net', 'b.example.net', 'c.example.net'))
    >>> found = values_in_text("Smart host relay.example.net; TLS required.")
    >>> found.text, found.hosts
    ('Smart host relay.example.net; TLS required.', ('relay.example.net',))
    """
    tokens = collapse_ws(text).split(" ") if text.strip() else []
    values = _classified(tokens)
    # The list that ends the text: values and list glue back to the last plain word.
    cut = len(values)
    while cut > 0 and values[cut - 1].kind in (*_VALUE_KINDS, "glue"):
        cut -= 1
    if any(v.kind in _VALUE_KINDS for v in values[cut:]):
        # Only what token_value() strips from a word too, so the text reads the same again.
        rest = " ".join(tokens[:cut]).rstrip(" :,;")
    else:
        rest = " ".join(tokens)
    hosts: list[str] = []
    addresses: list[str] = []
    for v in values:
        for value in v.values:
            (addresses if looks_like_address(value) else hosts).append(value)
    return ProseValues(
        text=rest,
        hosts=tuple(dict.fromkeys(hosts)),
        addresses=tuple(dict.fromkeys(addresses)),
        urls=tuple(dict.fromkeys(v.text for v in values if v.kind == "url")),
        problems=tuple(v.problem for v in values if v.problem),
    )
