"""Protocol, port and protocol+port cells as vendors print them -> transports and ports.

Pure functions on ``str`` that never raise: what a cell holds that is not a valid value
comes back in the result (``unknown`` words, ``problems`` messages) for the caller to
turn into an ``Issue``; nothing printed is dropped without a trace.

A cell is read as tokens: transports (TCP, UDP…), application names standing for their
usual transports (``pipeline.values.vocabulary.APPLICATIONS``), port numbers and ranges with
footnote marks, words for any port or the ephemeral ports, list glue. Protocols and ports
pair up in the order printed ("TCP 80, UDP 53", "443/tcp"); what stands in parentheses
only labels the value before it ("TCP 22 (SSH)").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from pipeline.values import vocabulary as vocab
from pipeline.values.normalize import _DASHES, InvalidValue, _port, _q, collapse_ws

PortRange = tuple[int, int]
ProtocolPort = tuple[str, int, int]

_MARKS = re.escape(vocab.FOOTNOTE_MARKS)
_TOKEN = re.compile(
    rf"""(?P<open>[(\[])|(?P<close>[)\]])
    |(?P<num>[0-9][0-9A-Za-z]*(?:-[0-9][0-9A-Za-z]*)?)(?P<marks>[{_MARKS}]*)
    |(?P<word>[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*)
    |(?P<sep>[,;/&+:|])
    |(?P<mark>[{_MARKS}]+)
    |(?P<other>[^\s,;/&+:|()\[\]{_MARKS}]+)""",
    re.VERBOSE | re.ASCII,
)
_KINDS = ("open", "close", "num", "word", "sep", "mark", "other")
_RANGE = re.compile(r"([0-9]+)(?:-([0-9]+))?", re.ASCII)
_RANGE_WORDS = frozenset({"to", "through", "thru", "until"})
_PORT_WORDS = frozenset({"port", "ports", "portnumber"})
_APP_VERSION = re.compile(r"(.+?)v[0-9][0-9a-z]*", re.IGNORECASE | re.ASCII)  # SNMPv2c
_PORTLESS = vocab.PORTLESS


@dataclass(frozen=True, slots=True)
class _Tok:
    kind: str  # transport app num any ephemeral qualifier glue range mark unknown
    text: str
    in_parens: bool
    transports: tuple[str, ...] = ()
    ports: tuple[PortRange, ...] = ()
    marks: tuple[str, ...] = ()
    problem: str | None = None


_OPTIONAL_S = re.compile(r"\b([A-Za-z][A-Za-z0-9]*)\(([sS])\)")


def _prepare(text: str) -> str:
    """Dashes to '-', spaces around a range's dash dropped ("1024 – 65535"), one space,
    "HTTP(S)" spelt out as "HTTP / HTTPS"; a cell that says it holds nothing ("N/A") is
    empty."""
    if vocab.is_none(text):
        return ""
    s = re.sub(r"(?<=[0-9])\s*-\s*(?=[0-9])", "-", collapse_ws(text.translate(_DASHES)))
    return _OPTIONAL_S.sub(r"\1 / \1\2", s)


def _number(text: str, marks: str, in_parens: bool) -> _Tok:
    m = _RANGE.fullmatch(text)
    if not m:
        return _Tok("unknown", text + marks, in_parens)
    try:
        first = _port(m[1])
        last = _port(m[2]) if m[2] else first
        if first > last:
            raise InvalidValue(f"port range {first}-{last} is reversed (first > last)")
    except InvalidValue as e:
        return _Tok("num", text, in_parens, marks=_marks(marks), problem=str(e))
    return _Tok("num", text, in_parens, ports=((first, last),), marks=_marks(marks))


def _marks(marks: str) -> tuple[str, ...]:
    return (marks,) if marks else ()  # "**" and "¹²" are one mark each


def _application(name: str) -> tuple[str, ...] | None:
    found = vocab.application_transports(name)
    if found is None and (m := _APP_VERSION.fullmatch(name)):
        found = vocab.application_transports(m[1])  # "SNMPv3", "SSHv2"
    return found


def _word(words: list[str], in_parens: bool) -> tuple[_Tok, int]:
    """The longest vocabulary phrase at the start of ``words`` -> token, words used."""
    for size in (3, 2, 1):
        if len(words) < size:
            continue
        phrase = " ".join(words[:size])
        key = phrase.lower()
        if size == 1 and vocab.is_transport(key):
            return _Tok("transport", phrase, in_parens, transports=(key,)), 1
        if (found := _application(phrase)) is not None:
            return _Tok("app", phrase, in_parens, transports=found), size
        if vocab.is_any(key):
            return _Tok("any", phrase, in_parens), size
        if vocab.is_ephemeral(key):
            return _Tok("ephemeral", phrase, in_parens), size
        if size == 1 and key in vocab.APPLICATION_QUALIFIERS:
            return _Tok("qualifier", phrase, in_parens), 1
        if size == 1 and (key in vocab.LIST_WORDS or key in _PORT_WORDS):
            return _Tok("glue", phrase, in_parens), 1
        if size == 1 and key in _RANGE_WORDS:
            return _Tok("range", phrase, in_parens), 1
    return _Tok("unknown", words[0], in_parens), 1


def _tokens(text: str) -> list[_Tok]:
    raw: list[tuple[str, str, str, bool]] = []  # kind, text, footnote marks, in parentheses
    depth = 0
    for m in _TOKEN.finditer(_prepare(text)):
        kind = next(k for k in _KINDS if m[k] is not None)
        if kind == "open":
            depth += 1
        elif kind == "close":
            depth = max(0, depth - 1)
        else:
            raw.append((kind, m["num"] or m[0], m["marks"] or "", depth > 0))
    out: list[_Tok] = []
    i = 0
    while i < len(raw):
        kind, tok, marks, paren = raw[i]
        used = 1
        if kind == "num":
            out.append(_number(tok, marks, paren))
        elif kind == "word":
            run = [tok]
            while (
                len(run) < 3
                and i + len(run) < len(raw)
                and raw[i + len(run)][0] == "word"
                and raw[i + len(run)][3] == paren
            ):
                run.append(raw[i + len(run)][1])
            word, used = _word(run, paren)
            out.append(word)
        elif kind == "mark":
            out.append(_Tok("mark", tok, paren, marks=_marks(tok)))
        elif kind == "sep":
            out.append(_Tok("glue", tok, paren))
        else:
            out.append(_Tok("unknown", tok, paren))
        i += used
    return _join_ranges(_attach_marks(out))


def _attach_marks(toks: list[_Tok]) -> list[_Tok]:
    """A lone mark after a number is its footnote ("25 *"); a lone "*" elsewhere is any."""
    out: list[_Tok] = []
    for t in toks:
        if t.kind == "mark":
            if out and out[-1].kind == "num":
                prev = out[-1]
                out[-1] = _Tok(
                    "num",
                    prev.text,
                    prev.in_parens,
                    ports=prev.ports,
                    marks=prev.marks + t.marks,
                    problem=prev.problem,
                )
                continue
            if vocab.is_any(t.text):
                out.append(_Tok("any", t.text, t.in_parens))
                continue
        out.append(t)
    return out


def _join_ranges(toks: list[_Tok]) -> list[_Tok]:
    """ "1024 to 65535" -> one range."""
    out: list[_Tok] = []
    i = 0
    while i < len(toks):
        t = toks[i]
        if (
            t.kind == "range"
            and out
            and out[-1].kind == "num"
            and i + 1 < len(toks)
            and toks[i + 1].kind == "num"
            and out[-1].ports
            and toks[i + 1].ports
        ):
            a, b = out[-1], toks[i + 1]
            joined = _number(f"{a.ports[0][0]}-{b.ports[-1][1]}", "", a.in_parens)
            out[-1] = _Tok(
                "num",
                f"{a.text} {t.text} {b.text}",
                a.in_parens,
                ports=joined.ports,
                marks=a.marks + b.marks,
                problem=joined.problem,
            )
            i += 2
            continue
        out.append(t if t.kind != "range" else _Tok("unknown", t.text, t.in_parens))
        i += 1
    return out


def _dedupe(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


# --- protocol cells --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ProtocolCell:
    """What a protocol column's cell says.

    ``transports``: lower case, printed order, the printed ones winning over those an
    application name stands for. ``applications``: application names as printed, with
    their qualifier ("FTPS (explicit)"). ``unknown``: words that are neither, as printed:
    the caller reports them. ``any_protocol``: the cell says "Any".
    """

    transports: tuple[str, ...] = ()
    applications: tuple[str, ...] = ()
    unknown: tuple[str, ...] = ()
    any_protocol: bool = False

    @property
    def label(self) -> str | None:
        """The application names as one text ("LDAP / LDAPS"), or None."""
        return " / ".join(self.applications) or None


def _labels(toks: Sequence[_Tok]) -> tuple[list[str], list[str]]:
    """Application labels with their qualifiers attached, and qualifiers left over."""
    labels: list[str] = []
    loose: list[str] = []
    for t in toks:
        if t.kind == "app":
            labels.append(t.text)
        elif t.kind == "qualifier":
            if labels:
                labels[-1] += f" ({t.text})" if t.in_parens else f" {t.text}"
            else:
                loose.append(t.text)
    return labels, loose


def _transports(toks: Sequence[_Tok], column: Sequence[str] = ()) -> tuple[str, ...]:
    """Transports printed win over the protocol column's, which win over those an
    application name stands for ("53 (DNS)" beside "UDP" is udp alone)."""
    printed = [p for t in toks if t.kind == "transport" for p in t.transports]
    implied = [p for t in toks if t.kind == "app" for p in t.transports]
    return _dedupe(printed or [p.lower() for p in column] or implied)


def protocol_cell(text: str) -> ProtocolCell:
    """A protocol column's cell -> transports, application labels and unknown words.

    >>> protocol_cell("UDP/TCP").transports
    ('udp', 'tcp')
    >>> cell = protocol_cell("FTPS (explicit)")
    >>> cell.transports, cell.applications, cell.unknown
    (('tcp',), ('FTPS (explicit)',), ())
    >>> protocol_cell("TCP (HTTPS)").transports, protocol_cell("DNS").transports
    (('tcp',), ('udp', 'tcp'))
    >>> protocol_cell("Gopher").unknown
    ('Gopher',)
    """
    toks = _tokens(text)
    labels, loose = _labels(toks)
    known = ("transport", "app", "qualifier", "glue", "any")
    unknown = [t.text for t in toks if t.kind not in known]
    return ProtocolCell(
        _transports(toks),
        tuple(labels),
        tuple(loose + unknown),
        any_protocol=any(t.kind == "any" for t in toks),
    )


# --- port and protocol+port cells ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ProtocolPorts:
    """What a port or protocol+port cell says.

    ``ports``: (protocol, first, last), protocol-major within each printed group, no
    duplicates. ``bare_protocols``: protocols printed with no port that have none (ICMP,
    ESP…). ``applications``: application names as printed ("SSH"). ``marks``: footnote
    marks taken off the numbers ("*", "¹"), for the caller to attach the footnote's
    text. ``any_port`` / ``ephemeral``: the cell says "Any" / "ephemeral" (markers, no
    numbers). ``unknown``: words that are no port, protocol or marker, as printed.
    ``problems``: why a value was left out (out of range, reversed, no protocol, no
    port), one message each.
    """

    ports: tuple[ProtocolPort, ...] = ()
    bare_protocols: tuple[str, ...] = ()
    applications: tuple[str, ...] = ()
    marks: tuple[str, ...] = ()
    any_port: bool = False
    ephemeral: bool = False
    notes: tuple[str, ...] = ()
    unknown: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()


@dataclass
class _Group:
    toks: list[_Tok] = field(default_factory=list)
    port_first: bool = False

    def has(self, *kinds: str) -> bool:
        return any(t.kind in kinds for t in self.toks)


_PORTISH = ("num", "any", "ephemeral")
_PROTOCOLISH = ("transport", "app")


def _starts_group(g: _Group, t: _Tok, prev: _Tok | None) -> bool:
    """Whether the protocol or port ``t`` begins a new pair after the group ``g``."""
    if t.in_parens:
        return False  # "(SSH)", "(TCP)" label the value before them
    if t.kind in _PROTOCOLISH:
        if not g.has(*_PORTISH):
            return False  # "TCP/UDP 53": protocols before their ports
        if not g.port_first:
            return True  # "TCP 80, UDP 53"
        # "443/tcp/udp": the protocols of the ports printed first; "53/udp, 53/tcp": a
        # protocol after another pair's port begins the next pair.
        return g.has(*_PROTOCOLISH) and not (prev and prev.kind in _PROTOCOLISH)
    return g.port_first and g.has(*_PROTOCOLISH)  # "53/udp, 53/tcp": the second 53


def _groups(toks: list[_Tok]) -> list[_Group]:
    """Tokens -> groups of protocols with their ports, in the order printed.

    "TCP 80, 443" is one group, "TCP 80, UDP 53" two; "53/udp, 53/tcp" two (ports
    first, then their protocol). What stands in parentheses never starts a group."""
    groups = [_Group()]
    prev: _Tok | None = None
    for t in toks:
        if t.kind not in (*_PROTOCOLISH, *_PORTISH):
            groups[-1].toks.append(t)  # glue, qualifiers, unknown words
            continue
        if _starts_group(groups[-1], t, prev):
            groups.append(_Group())
        g = groups[-1]
        if t.kind in _PORTISH and not t.in_parens and not g.has(*_PROTOCOLISH, *_PORTISH):
            g.port_first = True
        g.toks.append(t)
        prev = t
    return [g for g in groups if g.toks]


def protocol_ports(text: str, protocols: Sequence[str] = ()) -> ProtocolPorts:
    """A port or protocol+port cell -> (protocol, first, last) list and what else it says.

    ``protocols``: the transports of the row's protocol column, for ports printed with
    none of their own.

    >>> protocol_ports("TCP 22 (SSH)").ports
    (('tcp', 22, 22),)
    >>> protocol_ports("TCP/UDP 53").ports
    (('tcp', 53, 53), ('udp', 53, 53))
    >>> protocol_ports("443/tcp").ports, protocol_ports("8080, 8443", ["tcp"]).ports
    ((('tcp', 443, 443),), (('tcp', 8080, 8080), ('tcp', 8443, 8443)))
    >>> protocol_ports("25*", ["tcp"]).marks
    ('*',)
    """
    toks = _tokens(text)
    ports: list[ProtocolPort] = []
    bare: list[str] = []
    problems: list[str] = []
    for g in _groups(toks):
        transports = _transports(g.toks, protocols)
        ranges = [r for t in g.toks if t.kind == "num" for r in t.ports]
        problems += [t.problem for t in g.toks if t.problem]
        if ranges and not transports:
            shown = ", ".join(t.text for t in g.toks if t.kind == "num")
            problems.append(f"no protocol for port {_q(shown)}")
        elif transports and not g.has(*_PORTISH):
            bare += [p for p in transports if p in _PORTLESS]
            if missing := [p for p in transports if p not in _PORTLESS]:
                problems.append(f"no port for {'/'.join(missing).upper()} in {_q(text)}")
        ports += [(p, first, last) for p in transports for first, last in ranges]
    labels, loose = _labels(toks)
    return ProtocolPorts(
        ports=tuple(dict.fromkeys(ports)),
        bare_protocols=_dedupe(bare),
        applications=tuple(labels),
        marks=_dedupe(m for t in toks for m in t.marks),
        any_port=any(t.kind == "any" for t in toks),
        ephemeral=any(t.kind == "ephemeral" for t in toks),
        notes=tuple(loose),
        unknown=tuple(t.text for t in toks if t.kind == "unknown"),
        problems=_dedupe(problems),
    )


@dataclass(frozen=True, slots=True)
class PortCell:
    """What a port cell says: ``ports`` as (first, last); the rest as ``ProtocolPorts``."""

    ports: tuple[PortRange, ...] = ()
    marks: tuple[str, ...] = ()
    any_port: bool = False
    ephemeral: bool = False
    unknown: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()


def port_cell(text: str) -> PortCell:
    """A port cell with no protocol in it -> port ranges, footnote marks, markers.

    Reads what ``normalize.ports`` reads the same way, and more: footnote marks, "Any",
    "ephemeral", "1024 to 65535", "and" between ports. A protocol in the cell is an
    unknown word here (``protocol_ports`` reads it).

    >>> port_cell("8443 / 8444").ports
    ((8443, 8443), (8444, 8444))
    >>> port_cell("25*").ports, port_cell("25*").marks
    (((25, 25),), ('*',))
    >>> port_cell("Any").any_port, port_cell("ephemeral").ephemeral
    (True, True)
    """
    toks = _tokens(text)
    unknown = [t.text for t in toks if t.kind not in ("num", "any", "ephemeral", "glue")]
    return PortCell(
        ports=tuple(r for t in toks if t.kind == "num" for r in t.ports),
        marks=_dedupe(m for t in toks for m in t.marks),
        any_port=any(t.kind == "any" for t in toks),
        ephemeral=any(t.kind == "ephemeral" for t in toks),
        unknown=tuple(unknown),
        problems=_dedupe(t.problem for t in toks if t.problem),
    )


_FOOTNOTE = re.compile(rf"([{_MARKS}]+)\s*(\S.*)", re.DOTALL)


def footnote(text: str) -> tuple[str, str] | None:
    """A footnote's line -> (mark, its text), or None when it starts with no mark.

    The caller pairs it with a mark taken off a value (``ProtocolPorts.marks``): a line
    starting with "*" may as well be a bullet where no value carries that mark.

    >>> footnote("¹ Only when the management API is enabled.")
    ('¹', 'Only when the management API is enabled.')
    >>> footnote("* Outbound port 25 is not needed"), footnote("Port 25")
    (('*', 'Outbound port 25 is not needed'), None)
    """
    m = _FOOTNOTE.fullmatch(collapse_ws(text))
    return (m[1], m[2]) if m else None
