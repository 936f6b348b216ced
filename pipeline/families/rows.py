"""One row of a port table -> a ``Rule``: each cell read by its column's role.

The roles come from the header words (``pipeline.layout.headers``); nothing here knows a
vendor. A service or notes cell may name hosts and addresses inside its text (a
help page's "updates from: a.example.net, b.example.net"): they are taken as values
and the text stays as printed, less a trailing list. Source and destination cells
hold endpoints: roles as printed ("Admin workstation"), hostnames, addresses, "Any".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from pipeline.families.tables import (
    bad_address,
    cell_roles,
    line_box,
    make_issue,
    row_provenance,
    stray_space_issues,
    table_roles,
    token_box,
    whole_rows,
)
from pipeline.layout import cells as cl
from pipeline.layout.blocks import Cell, Row, Table
from pipeline.model.models import Box, Evidence, Issue, Port, Rule
from pipeline.values import normalize as nz
from pipeline.values import vocabulary as vocab
from pipeline.values.normalize_endpoints import token_value
from pipeline.values.normalize_ports import protocol_cell

TYPED_ROLES = {"protocol", "port", "source_port", "direction"}  # short values, never prose
ENDPOINT_ROLES = {"source", "destination"}
PROTO_IN_PORT = re.compile(r"(?i)\b(tcp|udp|icmp|sctp)\b")
PORT_NUMBER = re.compile(r"\d{1,5}(?:-\d{1,5})?")  # "443", "7400-7410": a whole word
PORT_NAME = re.compile(r"\(([^()]*[A-Za-z][^()]*)\)")
# Footnote marks printed after a value: "25*", "443¹", "8443†".
_SIGNS = re.escape("".join(m for m in vocab.FOOTNOTE_MARKS if not m.isdigit()))
_RAISED = "".join(m for m in vocab.FOOTNOTE_MARKS if m.isdigit())
# Footnote marks printed after a value: "25*", "443¹", "8443†" (a run of one kind).
FOOTNOTE_MARK = re.compile(rf"(?<=[\w)])([{_SIGNS}]+|[{_RAISED}]+)$")
OPEN_ENDED = re.compile(r"(>\s*|≥\s*)?(\d{1,5})(\+|\s+and\s+(?:above|higher|up))?")
PORT_KEYS = {"protocol", "port"}  # a row split by a page break goes on with these empty
# A reference to a footnote or note printed in a port cell: "Note 2", "(see note 1)".
NOTE_REF = re.compile(r"(?i)\(?\b(?:see\s+)?notes?\s*\d+\b\)?")
# A port cell that sends the reader to another column: "see comments", "refer to notes".
SEE_OTHER = re.compile(r"(?i)^\(?(?:see|refer\s+to)\s+(?:the\s+)?([a-z]+)\b")
# Ports a comments cell lists as ports: "SOCKS4, SOCKS5: 1081, 1080" (after a colon).
_ONE = r"\d{1,5}(?:\s*[-–]\s*\d{1,5})?"
LISTED_PORTS = re.compile(rf":\s*({_ONE}(?:\s*(?:,|\band\b|\bor\b)\s*{_ONE})*)(?![\d.:])")


@dataclass
class RowValues:
    """What one row's cells say, before it becomes a Rule."""

    service: str = ""
    protocol_lines: list[list[str]] = field(default_factory=list)
    port_lines: list[list[tuple[int, int]]] = field(default_factory=list)
    port_line_protocols: list[list[str]] = field(default_factory=list)
    source_port_lines: list[list[tuple[int, int]]] = field(default_factory=list)
    source_port_line_protocols: list[list[str]] = field(default_factory=list)
    directions: list[str] = field(default_factory=list)
    hosts: list[str] = field(default_factory=list)
    addresses: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)  # address sources (URLs)
    source: list[str] = field(default_factory=list)  # source endpoints
    destination: list[str] = field(default_factory=list)
    any_destination: bool = False
    notes: list[str] = field(default_factory=list)
    footnotes: list[str] = field(default_factory=list)  # marks printed on the row's values
    # The row's protocols have no ports (ICMP): its port cell holds ICMP types.
    portless: bool = False
    see_other: cl.LogicalLine | None = None  # "see comments" in the port cell
    dynamic: bool = False  # "DYNAMIC": ports chosen at run time, none printed
    evidence: list[Evidence] = field(default_factory=list)
    cells: dict[str, str] = field(default_factory=dict)  # each column as printed


def _add(values: list[str], value: str) -> None:
    if value not in values:
        values.append(value)


# --- protocols and ports -----------------------------------------------------------------


def _protocols_in(text: str) -> tuple[list[str], str, list[str]]:
    """Transports printed in a port cell ("TCP 443", "443/tcp"), or else those of an
    application name standing in for one ("HTTPS 443"); the rest of the text; and the
    application names taken out of it."""
    protos = [p.lower() for p in PROTO_IN_PORT.findall(text)]
    rest = nz.collapse_ws(PROTO_IN_PORT.sub(" ", text))
    apps = [
        w
        for w in re.findall(r"(?<![(\w])[A-Za-z][A-Za-z0-9-]*(?![\w)])", rest)
        if vocab.application_transports(w)
    ]
    for app in apps:
        if not protos:
            protos += vocab.application_transports(app) or ()
        rest = re.sub(rf"(?<![(\w]){re.escape(app)}(?![\w)])", " ", rest, count=1)
    return list(dict.fromkeys(protos)), nz.collapse_ws(rest).strip(" /:"), apps


def port_segments(text: str) -> list[str]:
    """A port-cell line -> its protocol/port groups: "TCP 80, UDP 53" -> ["TCP 80,",
    "UDP 53"]; "53/udp 53/tcp" -> ["53/udp", "53/tcp"]; "TCP/UDP 53" stays whole."""
    words = text.split()
    postfix = bool(words) and words[0][:1].isdigit()
    segments: list[list[str]] = [[]]
    seen_number = False
    for word in words:
        is_proto = PROTO_IN_PORT.search(word) is not None
        if is_proto and seen_number and not postfix:
            segments.append([])  # "TCP 80, UDP 53": a protocol after a number starts anew
            seen_number = False
        segments[-1].append(word)
        seen_number = seen_number or any(c.isdigit() for c in PROTO_IN_PORT.sub("", word))
        if is_proto and postfix and seen_number:
            segments.append([])  # "53/udp 53/tcp": a protocol after its number ends it
            seen_number = False
    return [" ".join(s) for s in segments if s]


def _read_protocols(lines: list[cl.LogicalLine], rv: RowValues, issues: list[Issue]) -> None:
    for line in lines:
        cell = protocol_cell(line.text)
        protocols = list(cell.transports)
        unknown = cell.unknown[0] if cell.unknown else None
        if unknown and protocols:
            # "TCP/SIP-TLS", "UDP/SRTP": the transport is printed; the name beside it
            # is a label the vocabulary need not know, kept in notes.
            rv.notes += list(cell.unknown)
        elif unknown:
            issues.append(
                make_issue(
                    "bad-protocol",
                    "error",
                    f"{unknown!r} is neither a transport protocol nor an application with a "
                    f"known transport (in {line.text!r})",
                    line_box(line),
                    line.text,
                )
            )
        if protocols:
            rv.protocol_lines.append(protocols)


def _strip_footnote(token: str, rv: RowValues) -> str:
    mark = FOOTNOTE_MARK.search(token)
    if not mark:
        return token
    _add(rv.footnotes, mark.group(1))
    return token[: mark.start()]


def _port_ranges(
    lines: list[cl.LogicalLine],
    rv: RowValues,
    issues: list[Issue],
    out: tuple[list[list[tuple[int, int]]], list[list[str]]],
    header: str = "",
) -> None:
    """Port lines ("443", "8443, 22", "TCP 25 (SMTP)", "TCP/UDP 53", "25*", "Any") ->
    ranges, each line with the protocols printed on it, else the ones its column's
    header names ("TCP ports" | "UDP ports")."""
    ranges_out, protos_out = out
    destination = ranges_out is rv.port_lines
    if destination and rv.portless:
        # ICMP "0, 8": the types of a protocol without ports, not ports; kept as printed.
        rv.notes.append(f"{header}: {cl.join_text(lines)}" if header else cl.join_text(lines))
        return
    above: list[str] = list(dict.fromkeys(p.lower() for p in PROTO_IN_PORT.findall(header)))
    if destination:
        # "Outbound port": the header says every row's direction.
        words = re.findall(r"[a-z]+", header.lower())
        rv.directions += [vocab.HEADER_DIRECTIONS[w] for w in words if w in vocab.HEADER_DIRECTIONS]
    see = SEE_OTHER.match(cl.join_text(lines))
    if destination and see and see[1].lower() in vocab.SEE_TARGETS:
        rv.see_other = lines[0]  # the ports are in another column of the row
        return
    for line, segment in ((ln, s) for ln in lines for s in port_segments(ln.text)):
        if NOTE_REF.search(segment):
            rv.notes += [m.strip("() ") for m in NOTE_REF.findall(segment)]
            segment = NOTE_REF.sub(" ", segment)
        direction, rest = nz.find_direction(segment)
        if direction:
            rv.directions.append(direction)
        protos, rest, apps = _protocols_in(rest)
        rv.notes.extend(f"({app})" for app in apps)
        if protos and any(c.isdigit() for c in rest):
            # "TCP/SIP-TLS 5061": where the transport is printed, a name the vocabulary
            # does not know is a label, kept in notes.
            labels = [w for w in rest.split() if w[:1].isalpha() and not PORT_NAME.search(w)]
            labels = [w for w in labels if w.strip("/,:").lower() not in vocab.LIST_WORDS]
            rv.notes += [w.strip("/,:") for w in labels]
            rest = " ".join(w for w in rest.split() if w not in labels).strip(" /:")
        # "TCP 389," / "3268 (LDAP)": a wrapped list goes on under the line's protocol.
        protos, above = protos or above, protos or above
        # "80 (HTTP)": a parenthesised name beside the number is a note, not a port.
        named = PORT_NAME.findall(rest)
        if named:
            rv.notes.extend(f"({n})" for n in named)
            rest = nz.collapse_ws(PORT_NAME.sub(" ", rest))
        rest = " ".join(_strip_footnote(t, rv) for t in rest.split())
        if not rest:
            if protos:
                rv.protocol_lines.append(protos)
            continue
        if vocab.is_none(rest):
            if protos:
                rv.protocol_lines.append(protos)
            continue  # "N/A", "-": the cell says there is no port (ICMP)
        if vocab.is_any(rest):
            ranges_out.append([(1, 65535)])  # "Any" port: the whole range, as printed
            protos_out.append(protos)
            continue
        if destination and vocab.is_dynamic(rest):
            # "DYNAMIC": the server picks its port at run time; no number to allow.
            rv.dynamic = True
            if protos:
                rv.protocol_lines.append(protos)
            issues.append(
                make_issue(
                    "dynamic-ports",
                    "info",
                    f"{rest!r}: ports chosen at run time, no port number printed (no port read)",
                    line_box(line),
                    line.text,
                )
            )
            continue
        bound = OPEN_ENDED.fullmatch(rest)
        if vocab.is_ephemeral(rest) or (bound and (bound[1] or bound[3])):
            # "1024+", "> 1023", "ephemeral": ports up to the last; said in an issue,
            # since the document gives words (or a bound), not the range.
            first = 1024 if not bound else int(bound[2]) + (bound[1] or "").startswith(">")
            ranges_out.append([(min(first, 65535), 65535)])
            protos_out.append(protos)
            issues.append(
                make_issue(
                    "open-ended-ports",
                    "info",
                    f"{rest!r} read as ports {min(first, 65535)}-65535",
                    line_box(line),
                    line.text,
                )
            )
            continue
        try:
            ranges_out.append(nz.ports(rest))
            protos_out.append(protos)
        except nz.InvalidValue as e:
            issues.append(make_issue("bad-port", "error", str(e), line_box(line), line.text))


def _read_directions(lines: list[cl.LogicalLine], rv: RowValues, issues: list[Issue]) -> None:
    for line in lines:
        try:
            rv.directions.append(nz.direction(line.text))
            continue
        except nz.InvalidValue as e:
            problem = str(e)
        # "Inbound to the appliance": the direction word, the rest kept as notes.
        direction, _ = nz.find_direction(line.text)
        if direction:
            rv.directions.append(direction)
        else:
            issues.append(
                make_issue("bad-direction", "warning", problem, line_box(line), line.text)
            )
        rv.notes.append(line.text)


# --- hosts, addresses and endpoints ------------------------------------------------------


def _take_value(tok: cl.Token, kind: str, rv: RowValues, *, url_host: bool) -> str | None:
    """A value token into hosts / addresses (with evidence); returns the value."""
    text = cl.strip_punct(tok.text)
    box = token_box(tok)
    if kind == "address":
        value = nz.address(text)
        _add(rv.addresses, value)
        rv.evidence.append(Evidence(field="addresses", value=value, text=tok.text, box=box))
        return value
    if kind == "hostname":
        value = nz.hostname(text)
        _add(rv.hosts, value)
        rv.evidence.append(Evidence(field="hosts", value=value, text=tok.text, box=box))
        return value
    if kind == "url" and url_host:
        host = urlsplit(nz.find_urls(text)[0]).hostname or ""
        if nz.is_hostname(host):
            value = nz.hostname(host)
            _add(rv.hosts, value)
            rv.evidence.append(Evidence(field="hosts", value=value, text=tok.text, box=box))
            return value
    return None


# A hostname's characters from the start of a token: what follows them, if anything but
# closing punctuation, is not part of any name.
_NAME_START = re.compile(r"[a-z0-9*][a-z0-9.-]*", re.I | re.ASCII)
_AROUND = "()[]{}<>\"'`‘’“”,;:.!?"


def broken_hostname(text: str) -> str | None:
    """Why a token in a hostname column is a hostname with more run into it
    (``evil.com/../../etc``, ``update.example.com;rm``), or None: prose words and
    names in brackets or quotes are not (they stay notes, as printed)."""
    word = text.strip(_AROUND).removesuffix("'s").removesuffix("’s")
    start = _NAME_START.match(word)
    name = start[0].rstrip(".-") if start else ""
    if not name or name == word or "." not in name or not nz.is_hostname(name):
        return None
    return (
        f"{text!r} in a hostname column is not a hostname ({name!r} followed by "
        f"{word[len(name) :]!r}): no destination taken from it, kept as printed"
    )


def _check_hostname(tok: cl.Token, issues: list[Issue]) -> None:
    why = broken_hostname(tok.text)
    if why:
        issues.append(make_issue("bad-hostname", "error", why, token_box(tok), tok.text))


def _read_destinations(
    lines: list[cl.LogicalLine], roles: set[str], rv: RowValues, issues: list[Issue]
) -> None:
    """Host / address cells (or one merged across both): values by their kind, the rest
    is notes; URLs in an address cell are where the vendor publishes the addresses."""
    prose: list[cl.LogicalLine] = []
    issues.extend(stray_space_issues(lines))
    for line in lines:
        if any(cl.classify(t.text) == "url" for t in line.tokens):
            prose.append(line)  # a URL is text to keep in notes, wherever it stands
        if not cl.is_value_line(line):
            if prose[-1:] != [line]:
                prose.append(line)
            if "address" in roles:
                for url in nz.find_urls(line.text):
                    _add(rv.sources, url)
                    rv.evidence.append(
                        Evidence(field="address_sources", value=url, text=url, box=line_box(line))
                    )
            for tok in line.tokens:
                kind = cl.classify(tok.text)
                if kind == "bad-address":
                    issues.append(bad_address(tok))
                elif kind == "address" or (
                    kind == "hostname" and cl.has_known_tld(cl.strip_punct(tok.text))
                ):
                    # "Servers at 192.0.2.1", "hostname:a.example.com": the line is
                    # notes, its values are values all the same. A name in a sentence
                    # needs a common top-level domain: "Cloudfront.IPs can be found"
                    # is a sentence missing a space after its full stop.
                    _take_value(tok, kind, rv, url_host=False)
                elif "host" in roles:
                    _check_hostname(tok, issues)
            continue
        for tok in line.tokens:
            _read_value(tok, roles, rv, issues)
    if prose:
        rv.notes.append(cl.join_text(prose))


def _read_value(tok: cl.Token, roles: set[str], rv: RowValues, issues: list[Issue]) -> None:
    kind = cl.classify(tok.text)
    box = token_box(tok)
    if kind in ("address", "hostname"):
        _take_value(tok, kind, rv, url_host=False)
    elif kind == "any":
        rv.any_destination = True
        rv.evidence.append(Evidence(field="any_destination", value="true", text=tok.text, box=box))
    elif kind == "url":
        if "host" in roles and "address" not in roles:
            # A URL in the Hostname column names its host as the destination.
            _take_value(tok, kind, rv, url_host=True)
        if "address" in roles:
            url = nz.find_urls(cl.strip_punct(tok.text))[0]
            _add(rv.sources, url)
            rv.evidence.append(Evidence(field="address_sources", value=url, text=tok.text, box=box))
    elif kind == "bad-address":
        issues.append(bad_address(tok))


def _wrapped(prev: cl.LogicalLine, nxt: cl.LogicalLine, cell: Cell) -> bool:
    """The previous line was full: the next line's first word would not have fitted after
    it, so the two are one phrase wrapped by the cell ("Session border" / "controller")."""
    right = cell.text_x1 if cell.text_x1 is not None else cell.x1
    pad = max(0.0, prev.box()[0] - cell.x0)  # the right padding taken equal to the left
    return cl.line_was_full(prev.tokens[-1], nxt.tokens[0], right - pad)


def _phrase_goes_on(
    words: list[cl.Token], prev: cl.LogicalLine, line: cl.LogicalLine, known: frozenset[str]
) -> bool:
    """A full line's role goes on in the next line when that starts in lower case
    ("Session border" / "controller") or right under it, as the next line of the same
    paragraph ("Edge Transport" / "Server"); a capital after a paragraph's spacing, or
    a bullet, starts the next role ("Contact server" / "Recording node"), unless the
    two together are a role the table prints whole."""
    first = line.tokens[0].text
    if not first[:1].isupper():
        return True
    if not cl.BULLET.match(first) and _same_paragraph(prev, line):
        return True
    joined = " ".join([*(t.text for t in words), *(t.text for t in line.tokens)])
    return nz.collapse_ws(joined).casefold() in known


def _same_paragraph(prev: cl.LogicalLine, line: cl.LogicalLine) -> bool:
    """``line`` is set right under ``prev``, at the spacing of a paragraph's lines
    (a new paragraph or list item stands further down), or goes on after a page break
    that cut the cell (the full line above it says the text did not end there)."""
    _, top0, _, bottom0 = prev.box()
    _, top1, _, _ = line.box()
    height = bottom0 - top0
    return line.page != prev.page or top1 - bottom0 < 0.35 * height


def endpoint_items(
    lines: list[cl.LogicalLine], cell: Cell, known: frozenset[str] = frozenset()
) -> list[list[cl.Token]]:
    """A source/destination cell -> its endpoints, each the tokens of one entry: every
    value (hostname, address, URL, Any) is an entry; the words between values form role
    entries, one per line unless the line wrapped, split at commas and semicolons.
    ``known``: roles (case-folded) the table prints whole in a cell of one line."""
    items: list[list[cl.Token]] = []
    words: list[cl.Token] = []
    prev: cl.LogicalLine | None = None

    def close() -> None:
        if words:
            items.append(list(words))
            words.clear()

    for line in lines:
        if prev is not None and not (
            words and _wrapped(prev, line, cell) and _phrase_goes_on(words, prev, line, known)
        ):
            close()
        for tok in line.tokens:
            kind = cl.classify(tok.text)
            if kind in cl.VALUE_CLASSES:
                close()
                items.append([tok])
            elif kind == "connector" and (not words or tok.text.strip() in (",", ";")):
                close()
            else:
                words.append(tok)
                if tok.text.endswith((",", ";")):
                    close()
        prev = line
    close()
    return items


def _read_endpoints(
    cell: Cell,
    lines: list[cl.LogicalLine],
    side: str,
    rv: RowValues,
    issues: list[Issue],
    known: frozenset[str],
) -> None:
    endpoints = rv.source if side == "source" else rv.destination
    issues.extend(stray_space_issues(lines))
    for item in endpoint_items(lines, cell, known):
        tok = item[0]
        kind = cl.classify(tok.text) if len(item) == 1 else "word"
        if kind == "any":
            _add(endpoints, "any")
            if side == "destination":
                rv.any_destination = True
            rv.evidence.append(Evidence(field=side, value="any", text=tok.text, box=token_box(tok)))
            continue
        if kind == "bad-address":
            issues.append(bad_address(tok))
            continue
        if len(item) == 1 and kind == "word":
            _check_hostname(tok, issues)  # a role is words, not a name with more run in
            # "192.0.2.10-192.0.2.20": an address range is the networks that cover it.
            if (found := token_value(tok.text)).kind == "address":
                for network in found.values:
                    _add(endpoints, network)
                    _add(rv.addresses, network)
                    rv.evidence += [
                        Evidence(field=f, value=network, text=tok.text, box=token_box(tok))
                        for f in (side, "addresses")
                    ]
                continue
        value = _take_value(tok, kind, rv, url_host=True) if len(item) == 1 else None
        if kind == "url":
            rv.notes.append(cl.strip_punct(tok.text))  # the host is the endpoint; keep the URL
        if value is None:  # a role, as printed
            value = nz.collapse_ws(" ".join(t.text for t in item)).strip(" ,;")
            if not value:
                continue
            if side == "destination" and any(vocab.is_any(q) for q in PORT_NAME.findall(value)):
                # "Internet (any)": a role the document says is any destination.
                rv.any_destination = True
                rv.evidence.append(
                    Evidence(field="any_destination", value="true", text=value, box=token_box(tok))
                )
        _add(endpoints, value)
        box = token_box(tok) if len(item) == 1 else line_box(cl.LogicalLine(item))
        rv.evidence.append(Evidence(field=side, value=value, text=value, box=box))


def _values_in_text(
    lines: list[cl.LogicalLine], rv: RowValues, issues: list[Issue], *, url_host: bool
) -> str:
    """Hostnames and addresses written inside a service or notes cell become values;
    returns the cell's text without a trailing list of them (the text says what the row
    is for; the list is data)."""
    tokens = [tok for line in lines for tok in line.tokens]
    # Read as prose: a file name, an e-mail address or "ASP.NET" is no host to allow.
    found = [token_value(tok.text, prose=True) for tok in tokens]
    taken = [False] * len(tokens)
    for i, (tok, value) in enumerate(zip(tokens, found, strict=True)):
        if value.kind == "bad-address":
            issues.append(bad_address(tok))
        elif value.kind in ("address", "hostname") or (value.kind == "url" and url_host):
            for each in value.values:
                field = "addresses" if nz.is_address(each) else "hosts"
                _add(rv.addresses if field == "addresses" else rv.hosts, each)
                rv.evidence.append(
                    Evidence(field=field, value=each, text=tok.text, box=token_box(tok))
                )
            taken[i] = bool(value.values)
    end = len(tokens)
    while end and (taken[end - 1] or found[end - 1].kind == "glue"):
        end -= 1
    if end == len(tokens) or not any(taken[end:]):
        return cl.join_text(lines)
    kept = [cl.LogicalLine(tokens[:end])] if end else []
    return cl.join_text(kept).rstrip(" ,;:")


def one_line_roles(table: Table) -> set[str]:
    """The text of the table's one-line source/destination cells, case-folded: roles as
    the table prints them whole (they tell two roles on two lines from one wrapped)."""
    return {
        nz.collapse_ws(cell.text).casefold()
        for row in table.rows
        for cell in row.cells
        if len(cell.lines) == 1 and cell_roles(table, cell) & ENDPOINT_ROLES
    }


def _portless_row(table: Table, row: Row) -> bool:
    """Every protocol the row's protocol cells print has no ports (ICMP, ESP)."""
    printed = [
        p
        for cell in row.cells
        if cell_roles(table, cell) == {"protocol"}
        for p in protocol_cell(cell.text).transports
    ]
    return bool(printed) and all(p in vocab.PORTLESS for p in printed)


def _ports_from_other_column(table: Table, row: Row, rv: RowValues, issues: list[Issue]) -> None:
    """A port cell saying "see comments": the ports the row's comments list as ports
    ("SOCKS4, SOCKS5: 1081, 1080"), with the transports the comments name; an error
    naming the row when they list none."""
    assert rv.see_other is not None
    cells = [c for c in row.cells if c.lines and cell_roles(table, c) & {"notes", "purpose"}]
    text = " ".join(cl.join_text(cl.cell_lines(c)) for c in cells)
    named = ", ".join(table.columns[c.first].header for c in cells) or "other columns"
    protos = list(dict.fromkeys(p.lower() for p in PROTO_IN_PORT.findall(text)))
    found = False
    for listed in LISTED_PORTS.findall(text):
        try:
            rv.port_lines.append(nz.ports(listed))
        except nz.InvalidValue:
            continue
        rv.port_line_protocols.append(protos)
        found = True
    line = rv.see_other
    if found:
        issues.append(
            make_issue(
                "ports-from-notes",
                "info",
                f"the port cell says {line.text!r}: the ports are those listed in the "
                f"row's {named}",
                line_box(line),
                line.text,
            )
        )
    else:
        issues.append(
            make_issue(
                "bad-port",
                "error",
                f"the port cell says {line.text!r}, but the row's {named} list no ports "
                f"(row {rv.service!r})",
                line_box(line),
                line.text,
            )
        )


def read_row(
    table: Table, row: Row, issues: list[Issue], known: frozenset[str] = frozenset()
) -> RowValues:
    rv = RowValues()
    rv.portless = _portless_row(table, row)
    for cell in row.cells:
        roles = cell_roles(table, cell)
        lines = cl.cell_lines(cell, typed=bool(roles) and roles <= TYPED_ROLES)
        header = table.columns[cell.first].header or f"column {cell.first + 1}"
        rv.cells[header] = cl.join_text(lines)
        if not lines:
            continue
        if "service" in roles:
            rv.service = _strip_footnote(_values_in_text(lines, rv, issues, url_host=True), rv)
            extra = roles - {"service"}
            if extra:
                issues.append(
                    make_issue(
                        "merged-cell",
                        "warning",
                        f"service cell also spans {sorted(extra)}",
                        line_box(lines[0]),
                        cl.join_text(lines),
                    )
                )
        elif roles == {"protocol"}:
            _read_protocols(lines, rv, issues)
        elif roles == {"port"} or roles == {"protocol", "port"}:
            _port_ranges(lines, rv, issues, (rv.port_lines, rv.port_line_protocols), header)
        elif roles == {"source_port"}:
            _port_ranges(
                lines, rv, issues, (rv.source_port_lines, rv.source_port_line_protocols), header
            )
        elif roles == {"direction"}:
            _read_directions(lines, rv, issues)
        elif len(roles) == 1 and roles <= ENDPOINT_ROLES:
            _read_endpoints(cell, lines, next(iter(roles)), rv, issues, known)
        elif roles & {"host", "address"}:
            _read_destinations(lines, roles, rv, issues)
        elif not roles:
            # A column no header word names: its text is kept; the parser says so once
            # per table (``unknown_columns``), not once per row.
            rv.notes.append(cl.join_text(lines))
        elif roles <= {"notes", "purpose"}:
            # The text stays whole; a URL in a purpose column names a host the row needs.
            _values_in_text(lines, rv, issues, url_host="purpose" in roles)
            rv.notes.append(cl.join_text(lines))
        else:
            text = cl.join_text(lines)
            rv.notes.append(text)
            issues.append(
                make_issue(
                    "unplaced-text",
                    "warning",
                    f"text in a column with no known role ({sorted(roles) or 'unnamed'}) "
                    "kept in notes",
                    line_box(lines[0]),
                    text,
                )
            )
    if rv.see_other is not None and not rv.port_lines:
        _ports_from_other_column(table, row, rv, issues)
    return rv


def pair_ports(
    protos: list[list[str]],
    ports: list[list[tuple[int, int]]],
    line_protos: list[list[str]],
    box: Box,
    service: str,
    issues: list[Issue],
) -> list[Port]:
    """Protocol lines x port lines, as the document pairs them."""
    pairs: list[tuple[list[str], list[tuple[int, int]]]] = []
    if all(line_protos) and line_protos:
        pairs = list(zip(line_protos, ports, strict=True))
    elif len(protos) == len(ports):
        pairs = list(zip(protos, ports, strict=True))
    elif len(protos) == 1 or (ports and len(ports) == 1):
        every = [p for line in protos for p in line]
        pairs = [(every, [r for line in ports for r in line])]
    elif ports:
        every = list(dict.fromkeys(p for line in protos for p in line))
        pairs = [(every, [r for line in ports for r in line])]
        issues.append(
            make_issue(
                "ambiguous-ports",
                "warning",
                f"{len(protos)} protocol lines beside {len(ports)} port lines: every protocol "
                "applied to every port",
                box,
                service,
            )
        )
    result: list[Port] = []
    for proto_list, ranges in pairs:
        if not proto_list:
            shown = ", ".join(f"{a}-{b}" if a != b else str(a) for a, b in ranges)
            issues.append(
                make_issue(
                    "missing-protocol", "error", f"port(s) {shown} with no protocol", box, service
                )
            )
            continue
        for proto in proto_list:
            for first, last in ranges:
                port = Port(protocol=proto, port=first, port_end=last if last != first else None)
                if port not in result:
                    result.append(port)
    return sorted(result, key=lambda p: (p.protocol, p.port or 0, p.port_end or 0))


def fold_direction(directions: list[str]) -> str | None:
    found = set(directions)
    if not found:
        return None
    if "both" in found or {"in", "out"} <= found:
        return "both"
    return found.pop()


def rule_from_row(
    table: Table,
    row: Row,
    kind: str | None,
    section_title: str,
    issues: list[Issue],
    known: frozenset[str] = frozenset(),
) -> tuple[Rule, RowValues]:
    """One whole row of a port table (see ``RowJoiner``) -> its rule, and what its cells
    said (the caller attaches footnotes)."""
    rv = read_row(table, row, issues, known)
    prov = row_provenance(table, row)
    text = " ".join(c.text for c in row.cells)
    if not rv.service and "service" in table_roles(table):
        # (A table with no column naming its rows, one row under a heading that names
        # it, leaves the service empty: nothing is missing.)
        issues.append(
            make_issue("missing-service", "warning", "row with no service name", prov.box, text)
        )
    assert prov.box is not None
    ports = pair_ports(
        rv.protocol_lines, rv.port_lines, rv.port_line_protocols, prov.box, rv.service, issues
    )
    # Without a protocol column, source ports go with the transports of the row's ports.
    port_protocols = [list(dict.fromkeys(p.protocol for p in ports))] if ports else []
    source_ports = pair_ports(
        rv.protocol_lines or port_protocols,
        rv.source_port_lines,
        rv.source_port_line_protocols,
        prov.box,
        rv.service,
        issues,
    )
    portless = [p for line in rv.protocol_lines for p in line if p in vocab.PORTLESS]
    if not ports and not rv.port_lines and portless:
        # ICMP, ESP, AH, GRE have no ports: the protocol alone is the rule's.
        ports = [Port(protocol=p) for p in dict.fromkeys(portless)]
    if not ports and not rv.dynamic:
        issues.append(
            make_issue(
                "no-ports",
                "warning",
                f"row on page {prov.box.page} has no valid port: {nz.collapse_ws(text)[:80]!r}",
                prov.box,
                text,
            )
        )
    rule = Rule(
        id="",
        section=kind,  # type: ignore[arg-type]
        section_title=section_title,
        service=rv.service,
        ports=ports,
        source_ports=source_ports,
        direction=fold_direction(rv.directions),  # type: ignore[arg-type]
        source=rv.source,
        destination=rv.destination,
        hosts=rv.hosts,
        addresses=rv.addresses,
        address_sources=rv.sources,
        any_destination=rv.any_destination,
        notes=nz.collapse_ws(" ".join(rv.notes)),
        cells=rv.cells,
        provenance=prov,
        evidence=rv.evidence,
    )
    return rule, rv


def rules_from_table(
    table: Table, kind: str | None, section_title: str, issues: list[Issue]
) -> list[Rule]:
    """The rules of a whole table given at once."""
    return [
        rule_from_row(t, row, kind, section_title, issues)[0]
        for t, row in whole_rows(table, PORT_KEYS, issues)
    ]


def unknown_columns(table: Table) -> list[str]:
    """Headers of a port table's columns that no vocabulary word names."""
    roles = table_roles(table)
    return [
        c.header or f"column {c.index + 1}"
        for c, r in zip(table.columns, roles, strict=True)
        if r is None
    ]
