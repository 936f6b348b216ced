"""One row of a port table -> a ``Rule``: each cell read by its column's role.

The roles come from the header words (``pipeline.layout.headers``); nothing here knows a
vendor. A service or notes cell may name hosts and addresses inside its text (a
help page's "updates from: a.example.net, b.example.net"): they are taken as values
and the text stays as printed, less a trailing list. Source and destination cells
hold endpoints: roles as printed ("Admin workstation"), hostnames, addresses, "Any".
Port, protocol and direction cells are read by ``pipeline.families.portcells``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import urlsplit

from pipeline.families.peers import rule_peers
from pipeline.families.portcells import (
    PORT_NAME,
    port_ranges,
    portless_row,
    ports_from_other_column,
    read_directions,
    read_protocols,
)
from pipeline.families.rowvalues import RowValues, add_value, strip_footnote
from pipeline.families.ruleparts import (
    fold_direction,
    lines_box,
    note_word_sides,
    pair_ports,
    port_evidence,
)
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
from pipeline.families.valuecells import broken_hostname, list_line_issues, template_issue
from pipeline.layout import cells as cl
from pipeline.layout.blocks import Cell, Row, Table
from pipeline.layout.headers import cell_role
from pipeline.model.models import Evidence, Issue, Port, Rule
from pipeline.values import normalize as nz
from pipeline.values import vocabulary as vocab
from pipeline.values.normalize_endpoints import split_host_port, token_value

TYPED_ROLES = {"protocol", "port", "source_port", "direction"}  # short values, never prose
ENDPOINT_ROLES = {"source", "destination"}
# The roles a port table's cells are read by; a column of another ("Type", "Region")
# is kept in notes like one no header word names.
ROW_ROLES = {"service", "purpose", "protocol", "port", "source_port", "direction", "notes"}
ROW_ROLES |= ENDPOINT_ROLES | {"host", "address"}
PORT_KEYS = {"protocol", "port"}  # a row split by a page break goes on with these empty


# --- hosts, addresses and endpoints ------------------------------------------------------


def _take_value(tok: cl.Token, kind: str, rv: RowValues, *, url_host: bool) -> str | None:
    """A value token into hosts / addresses (with evidence); returns the value."""
    text = cl.strip_punct(tok.text)
    box = token_box(tok)
    if kind in ("address", "address-range", "hostname"):
        text = text.strip("()")  # "(*.api.example.com)" beside what it is for
    if kind in ("address", "address-range"):
        values = nz.addresses(text)  # a range: the networks that cover it
        for value in values:
            add_value(rv.addresses, value)
            rv.evidence.append(Evidence(field="addresses", value=value, text=tok.text, box=box))
        return values[0]
    if kind == "hostname":
        value = nz.hostname(text)
        add_value(rv.hosts, value)
        rv.evidence.append(Evidence(field="hosts", value=value, text=tok.text, box=box))
        return value
    if kind == "url" and url_host:
        host = urlsplit(nz.find_urls(text)[0]).hostname or ""
        if nz.is_hostname(host):
            value = nz.hostname(host)
            add_value(rv.hosts, value)
            rv.evidence.append(Evidence(field="hosts", value=value, text=tok.text, box=box))
            return value
    return None


def _check_hostname(tok: cl.Token, issues: list[Issue]) -> None:
    why = broken_hostname(tok.text)
    if why:
        issues.append(make_issue("bad-hostname", "error", why, token_box(tok), tok.text))


def _lines_without(
    lines: list[cl.LogicalLine], taken: Callable[[cl.Token], bool]
) -> list[cl.LogicalLine]:
    """``lines`` less the tokens ``taken`` took (it records each one itself)."""
    kept: list[cl.LogicalLine] = []
    for line in lines:
        tokens = [tok for tok in line.tokens if not taken(tok)]
        if len(tokens) == len(line.tokens):
            kept.append(line)
        elif tokens:
            kept.append(cl.LogicalLine(tokens))
    return kept


def _host_ports_out(lines: list[cl.LogicalLine], rv: RowValues) -> list[cl.LogicalLine]:
    """Hosts printed with their port in a host or address cell: the host is the row's,
    the port one of its port lines (its protocol the row's protocol cell gives); the
    lines keep the rest."""

    def taken(tok: cl.Token) -> bool:
        found = split_host_port(cl.strip_punct(tok.text))
        if found is None:
            return False
        host, port = found
        _take_value(cl.Token(host, tok.words), cl.classify(host), rv, url_host=False)
        rv.port_lines.append([(port, port)])
        rv.port_line_protocols.append([])
        rv.port_marks.append((token_box(tok), tok.text))
        return True

    return _lines_without(lines, taken)


def _read_destinations(
    lines: list[cl.LogicalLine], roles: set[str], rv: RowValues, issues: list[Issue]
) -> None:
    """Host / address cells (or one merged across both): values by their kind, the rest
    is notes; URLs in an address cell are where the vendor publishes the addresses."""
    lines = _host_ports_out(lines, rv)
    prose: list[cl.LogicalLine] = []
    issues.extend(stray_space_issues(lines))
    note_word_sides([tok for line in lines for tok in line.tokens], rv.word_sides)
    for line in lines:
        if any(cl.classify(t.text) == "url" for t in line.tokens):
            prose.append(line)  # a URL is text to keep in notes, wherever it stands
        if not cl.is_value_line(line):
            if prose[-1:] != [line]:
                prose.append(line)
            if "address" in roles:
                for url in nz.find_urls(line.text):
                    add_value(rv.sources, url)
                    rv.evidence.append(
                        Evidence(field="address_sources", value=url, text=url, box=line_box(line))
                    )
            for tok in line.tokens:
                kind = cl.classify(tok.text)
                if kind == "bad-address":
                    issues.append(bad_address(tok))
                elif kind in ("address", "address-range") or (
                    kind == "hostname" and cl.has_known_tld(cl.strip_punct(tok.text))
                ):
                    # "Servers at 192.0.2.1", "hostname:a.example.com": the line is
                    # notes, its values are values all the same. A name in a sentence
                    # needs a common top-level domain: "Cloudfront.IPs can be found"
                    # is a sentence missing a space after its full stop.
                    _take_value(tok, kind, rv, url_host=False)
                elif (template := template_issue(tok)) is not None:
                    # "autodiscover.<tenant>.example.com" in any host or address cell.
                    issues.append(template)
                elif "host" in roles:
                    _check_hostname(tok, issues)
            # A list of names with one that is none: an issue, not silent notes.
            flagged = {i.text for i in issues}
            issues += [i for i in list_line_issues(line, roles) if i.text not in flagged]
            continue
        for tok in line.tokens:
            _read_value(tok, roles, rv, issues)
    if prose:
        rv.notes.append(cl.join_text(prose))


def _read_value(tok: cl.Token, roles: set[str], rv: RowValues, issues: list[Issue]) -> None:
    kind = cl.classify(tok.text)
    box = token_box(tok)
    if kind in ("address", "address-range", "hostname"):
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
            add_value(rv.sources, url)
            rv.evidence.append(Evidence(field="address_sources", value=url, text=tok.text, box=box))
    elif kind == "bad-address":
        issues.append(bad_address(tok))


def _direction_cell(lines: list[cl.LogicalLine], rv: RowValues) -> None:
    """A cell that is one direction word ("Incoming", "Outbound") in a column no header
    word names ("Classification"): the row prints its direction."""
    text = cl.join_text(lines)
    direction = vocab.HEADER_DIRECTIONS.get(text.strip().lower())
    if direction:
        rv.directions.append(direction)
        rv.evidence.append(
            Evidence(field="direction", value=direction, text=text, box=lines_box(lines))
        )


# Labels that say what the value after them is: "IP address:", "Port:", "FQDN:".
LABEL_ROLES = {"address", "host", "port"}


def _values_out_of_typed_cell(
    lines: list[cl.LogicalLine], rv: RowValues, issues: list[Issue]
) -> list[cl.LogicalLine]:
    """A port or protocol cell that also prints the row's addresses or hostnames ("IP
    Addresses and Port": "IP address: 192.0.2.10" / "Port: 443"; "SSL
    (*.api.example.com)"): they are the row's, as in an address cell; a label naming a
    value kind ("IP address:", "Port:") is dropped; the lines keep the rest for the port
    and protocol readers. An address is never a port, a hostname never a protocol."""

    def taken(tok: cl.Token) -> bool:
        bare = cl.strip_punct(tok.text).strip("()")
        kind = cl.classify(bare)
        if kind in ("address", "address-range") or (kind == "hostname" and cl.has_known_tld(bare)):
            _take_value(tok, kind, rv, url_host=False)
            return True
        if kind == "bad-address":
            issues.append(bad_address(tok))
            return True
        return False

    return [ln for line in _lines_without(lines, taken) if (ln := _unlabelled(line))]


def _unlabelled(line: cl.LogicalLine) -> cl.LogicalLine | None:
    """A line less a label naming a value kind before its value ("IP address:"); None
    when the label was all that was left of it."""
    tokens = line.tokens
    labelled = next((i for i, t in enumerate(tokens) if t.text.endswith(":")), None)
    if labelled is None:
        return line
    label = " ".join(t.text for t in tokens[: labelled + 1]).rstrip(":")
    if cell_role(label) not in LABEL_ROLES:
        return line
    rest = tokens[labelled + 1 :]
    return cl.LogicalLine(rest) if rest else None


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
    ("Session border" / "controller"), when the two together are a role the table
    prints whole, or when the next line stands right under it as the same paragraph
    ("Edge Transport" / "Server") unless the text above is a role the table prints whole
    and the line below starts one ("Contact server" / "Recording" / "node": two roles).
    A capital after a paragraph's spacing, or a bullet, starts the next role."""
    first = line.tokens[0].text
    if not first[:1].isupper():
        return True
    above = nz.collapse_ws(" ".join(t.text for t in words)).casefold()
    below = nz.collapse_ws(line.text).casefold()
    if any(role.startswith(f"{above} {below}") for role in known):
        return True  # "Edge" / "Transport" / "server": a role printed whole elsewhere
    if above in known and any(role.startswith(below) for role in known):
        return False  # a whole role above, the start of another below
    return not cl.BULLET.match(first) and _same_paragraph(prev, line)


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
            add_value(endpoints, "any")
            if side == "destination":
                rv.any_destination = True
            rv.evidence.append(Evidence(field=side, value="any", text=tok.text, box=token_box(tok)))
            continue
        if kind == "bad-address":
            issues.append(bad_address(tok))
            continue
        if len(item) == 1 and kind in ("word", "address-range"):
            if kind == "word":
                _check_hostname(tok, issues)  # a role is words, not a name with more run in
            # "192.0.2.10-192.0.2.20": an address range is the networks that cover it.
            if (found := token_value(tok.text)).kind == "address":
                for network in found.values:
                    add_value(endpoints, network)
                    add_value(rv.addresses, network)
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
        add_value(endpoints, value)
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
    note_word_sides(tokens, rv.word_sides, found)
    taken = [False] * len(tokens)
    for i, (tok, value) in enumerate(zip(tokens, found, strict=True)):
        if value.kind == "bad-address":
            issues.append(bad_address(tok))
        elif value.kind in ("address", "hostname") or (value.kind == "url" and url_host):
            for each in value.values:
                field = "addresses" if nz.is_address(each) else "hosts"
                add_value(rv.addresses if field == "addresses" else rv.hosts, each)
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


def read_row(
    table: Table, row: Row, issues: list[Issue], known: frozenset[str] = frozenset()
) -> RowValues:
    rv = RowValues()
    rv.portless = portless_row(table, row)
    # A protocol cell that names no transport ("SIP", "Global Catalog") beside one that
    # prints it ("TCP"): its lines, their evidence and its unknown names, set aside.
    implied: list[int] = []
    implied_evidence: list[Evidence] = []
    held: list[Issue] = []  # the issues such a cell raised, said once the row is read
    printed = False
    for cell in row.cells:
        roles = cell_roles(table, cell)
        lines = cl.cell_lines(cell, typed=bool(roles) and roles <= TYPED_ROLES)
        header = table.columns[cell.first].header or f"column {cell.first + 1}"
        rv.cells[header] = cl.join_text(lines)
        if not lines:
            continue
        if "service" in roles:
            rv.service = strip_footnote(_values_in_text(lines, rv, issues, url_host=True), rv)
            if rv.service:
                box = lines_box(lines)
                text = rv.cells[header]
                rv.evidence.append(Evidence(field="service", value=rv.service, text=text, box=box))
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
            before, seen = len(rv.protocol_lines), len(rv.evidence)
            lines = _values_out_of_typed_cell(lines, rv, issues)
            if _prints_transport(rv.cells[header]):
                printed = True
                read_protocols(lines, rv, issues)
            else:
                read_protocols(lines, rv, held)
                implied += range(before, len(rv.protocol_lines))
                implied_evidence += [e for e in rv.evidence[seen:] if e.field == "protocol"]
        elif roles == {"port"} or roles == {"protocol", "port"}:
            lines = _values_out_of_typed_cell(lines, rv, issues)
            port_ranges(
                lines, rv, issues, (rv.port_lines, rv.port_line_protocols, rv.port_marks), header
            )
        elif roles == {"source_port"}:
            port_ranges(
                lines,
                rv,
                issues,
                (rv.source_port_lines, rv.source_port_line_protocols, rv.source_port_marks),
                header,
            )
        elif roles == {"direction"}:
            read_directions(lines, rv, issues)
        elif len(roles) == 1 and roles <= ENDPOINT_ROLES:
            _read_endpoints(cell, lines, next(iter(roles)), rv, issues, known)
        elif roles & {"host", "address"}:
            _read_destinations(lines, roles, rv, issues)
        elif not roles & ROW_ROLES:
            # A column no header word names, or names as no part of a rule ("Access
            # type", "Region" in a port table): its text is kept; the parser says so
            # once per table (``unknown_columns``), not once per row.
            rv.notes.append(cl.join_text(lines))
            _direction_cell(lines, rv)
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
    if printed:
        # A protocol column naming an application ("SIP": UDP and TCP) beside one
        # printing the transport ("TCP"): the printed transport is the row's; the
        # application's usual ones are not added (its name stays in the row's cells),
        # and a name the vocabulary does not know ("Global Catalog") is a label, kept
        # in notes, not a bad protocol.
        rv.protocol_lines = [p for k, p in enumerate(rv.protocol_lines) if k not in implied]
        rv.evidence = [e for e in rv.evidence if not any(e is i for i in implied_evidence)]
        rv.notes += [i.text for i in held if i.code == "bad-protocol"]
        held = [i for i in held if i.code != "bad-protocol"]
    issues += held
    if rv.see_other is not None and not rv.port_lines:
        ports_from_other_column(table, row, rv, issues)
    return rv


def _prints_transport(text: str) -> bool:
    return any(vocab.is_transport(w) for w in re.split(r"[\s/,;()]+", text) if w)


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
    direction = fold_direction(rv.directions)
    rv.evidence += port_evidence(
        "ports", ports, rv.port_lines, rv.port_marks, rv.port_line_protocols
    )
    rv.evidence += port_evidence(
        "source_ports",
        source_ports,
        rv.source_port_lines,
        rv.source_port_marks,
        rv.source_port_line_protocols,
    )
    peers = rule_peers(
        [*rv.hosts, *rv.addresses],
        rv.source,
        rv.destination,
        direction,
        rv.word_sides,
        prov.box,
        issues,
    )
    rule = Rule(
        id="",
        section=kind,  # type: ignore[arg-type]
        section_title=section_title,
        service=rv.service,
        ports=ports,
        source_ports=source_ports,
        direction=direction,  # type: ignore[arg-type]
        source=rv.source,
        destination=rv.destination,
        hosts=rv.hosts,
        addresses=rv.addresses,
        peers=peers,
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
    """Headers of a port table's columns that no vocabulary word names as a part of a
    rule."""
    roles = table_roles(table)
    return [
        c.header or f"column {c.index + 1}"
        for c, r in zip(table.columns, roles, strict=True)
        if r not in ROW_ROLES
    ]
