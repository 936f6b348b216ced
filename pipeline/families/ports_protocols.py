"""The "Connection Ports and Protocols" family: blocks -> Document parts.

Sections are found by their headings. A section holding a table with protocol/port
columns gives rules (its heading says external or internal); a table with date and
version columns gives the change history; a section whose lines are hostnames and
addresses (bullets, newspaper columns, borderless tables, comma lists) gives a host
list; anything else is kept as titled prose.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from pipeline import cells as cl
from pipeline import normalize as nz
from pipeline.blocks import Block, Heading, Row, Table, TextLine, group_lines
from pipeline.families.history import HISTORY_KEYS, history_entry
from pipeline.families.hostlists import HostListBuilder, link_host_lists, page_boxes
from pipeline.families.tables import (
    RowJoiner,
    bad_address,
    cell_roles,
    is_history_table,
    is_host_table,
    is_port_table,
    line_box,
    make_box,
    make_issue,
    row_provenance,
    token_box,
    whole_rows,
)
from pipeline.ids import rule_ids
from pipeline.models import (
    Box,
    Evidence,
    HistoryEntry,
    HostList,
    Issue,
    Port,
    Provenance,
    Rule,
    TextSection,
)

FAMILY = "connection-ports-and-protocols"
NUMBERING = re.compile(r"^\s*(?:section\s+)?(\d+(?:\.\d+)*)[.)]?\s*[-–—:]?\s+(?=\S)", re.I)


@dataclass
class Parsed:
    rules: list[Rule] = field(default_factory=list)
    host_lists: list[HostList] = field(default_factory=list)
    history: list[HistoryEntry] = field(default_factory=list)
    sections: list[TextSection] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    title: str | None = None
    port_tables: int = 0
    section_numbers: dict[str, str] = field(default_factory=dict)  # host-list id -> "4"


def heading_title(text: str) -> str:
    """ "4. Spam Rule Updates" -> "Spam Rule Updates"."""
    return nz.collapse_ws(NUMBERING.sub("", text, count=1))


# A minor heading that only labels the kind of values below it ("Hostnames", "IP
# addresses") belongs to the section it stands in, not a section of its own.
VALUE_LABEL = re.compile(
    r"(?i)^(host\s*names?|hosts|servers?|domains?|urls?|fqdns?|dns names?|"
    r"ip(v[46])?(\s*(addresses|address|ranges|networks|subnets))?|addresses|networks|"
    r"subnets|(address|ip) ranges)\s*[:.]?$"
)


def _is_values(line: TextLine) -> bool:
    return cl.is_value_line(cl.logical_lines([line], [], line.x1 + 1000)[0])


def _continues_heading(first: Heading, second: Heading) -> bool:
    a, b = first.line, second.line
    return a.page == b.page and abs(a.size - b.size) < 0.5 and 0 <= b.top - a.bottom < 0.5 * a.size


def section_kind(title: str) -> str | None:
    t = title.lower()
    if re.search(r"\binternal\b|\binbound\b|\blan\b|\blocal\b", t):
        return "internal"
    if re.search(r"\bexternal\b|\boutbound\b|\binternet\b|\bcloud\b|\bwan\b", t):
        return "external"
    return None


# --- tables --------------------------------------------------------------------------


@dataclass
class RowValues:
    """What one row's cells say, before it becomes a Rule."""

    service: str = ""
    protocol_lines: list[list[str]] = field(default_factory=list)
    port_lines: list[list[tuple[int, int]]] = field(default_factory=list)
    port_line_protocols: list[list[str]] = field(default_factory=list)
    directions: list[str] = field(default_factory=list)
    hosts: list[str] = field(default_factory=list)
    addresses: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    any_destination: bool = False
    notes: list[str] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    cells: dict[str, str] = field(default_factory=dict)  # each column as printed


def _add(values: list[str], value: str) -> None:
    if value not in values:
        values.append(value)


def _read_protocols(lines: list[cl.LogicalLine], rv: RowValues, issues: list[Issue]) -> None:
    for line in lines:
        try:
            rv.protocol_lines.append(nz.protocols(line.text))
        except nz.InvalidValue as e:
            issues.append(make_issue("bad-protocol", "error", str(e), line_box(line), line.text))


TYPED_ROLES = {"protocol", "port", "direction"}  # cells of short values, never prose
PROTO_IN_PORT = re.compile(r"(?i)\b(tcp|udp|icmp|sctp)\b")
PORT_NUMBER = re.compile(r"\d{1,5}(?:-\d{1,5})?")  # "443", "7400-7410": a whole word
PORT_NAME = re.compile(r"\(([^()]*[A-Za-z][^()]*)\)")


def _read_ports(lines: list[cl.LogicalLine], rv: RowValues, issues: list[Issue]) -> None:
    for line in lines:
        direction, rest = nz.find_direction(line.text)
        if direction:
            rv.directions.append(direction)
        protos = [p.lower() for p in PROTO_IN_PORT.findall(rest)]
        rest = nz.collapse_ws(PROTO_IN_PORT.sub(" ", rest)).strip(" /:")
        # "80 (HTTP)": a parenthesised name beside the number is a note, not a port.
        named = PORT_NAME.findall(rest)
        if named:
            rv.notes.extend(f"({n})" for n in named)
            rest = nz.collapse_ws(PORT_NAME.sub(" ", rest))
        if not rest:
            if protos:
                rv.protocol_lines.append(protos)
            continue
        if rest.lower() in ("any", "all", "*", "any port", "all ports"):
            rv.port_lines.append([(1, 65535)])  # "Any" port: the whole range, as printed
            rv.port_line_protocols.append(protos)
            continue
        try:
            rv.port_lines.append(nz.ports(rest))
            rv.port_line_protocols.append(protos)
        except nz.InvalidValue as e:
            issues.append(make_issue("bad-port", "error", str(e), line_box(line), line.text))


def _read_directions(lines: list[cl.LogicalLine], rv: RowValues, issues: list[Issue]) -> None:
    for line in lines:
        try:
            rv.directions.append(nz.direction(line.text))
        except nz.InvalidValue as e:
            issues.append(make_issue("bad-direction", "warning", str(e), line_box(line), line.text))
            rv.notes.append(line.text)


def _read_destinations(
    lines: list[cl.LogicalLine], roles: set[str], rv: RowValues, issues: list[Issue]
) -> None:
    """Host / address cells (or one merged across both): values by their kind, the rest
    is notes; URLs in an address cell are where the vendor publishes the addresses."""
    prose: list[cl.LogicalLine] = []
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
                if cl.classify(tok.text) == "bad-address":
                    issues.append(bad_address(tok))
            continue
        for tok in line.tokens:
            _read_value(tok, roles, rv, issues)
    if prose:
        rv.notes.append(cl.join_text(prose))


def _read_value(tok: cl.Token, roles: set[str], rv: RowValues, issues: list[Issue]) -> None:
    kind = cl.classify(tok.text)
    text = cl.strip_punct(tok.text)
    box = token_box(tok)
    if kind == "address":
        value = nz.address(text)
        _add(rv.addresses, value)
        rv.evidence.append(Evidence(field="addresses", value=value, text=tok.text, box=box))
    elif kind == "hostname":
        value = nz.hostname(text)
        _add(rv.hosts, value)
        rv.evidence.append(Evidence(field="hosts", value=value, text=tok.text, box=box))
    elif kind == "any":
        rv.any_destination = True
        rv.evidence.append(Evidence(field="any_destination", value="true", text=tok.text, box=box))
    elif kind == "url":
        url = nz.find_urls(text)[0]
        host = urlsplit(url).hostname or ""
        if "host" in roles and "address" not in roles and nz.is_hostname(host):
            # A URL in the Hostname column names its host as the destination.
            value = nz.hostname(host)
            _add(rv.hosts, value)
            rv.evidence.append(Evidence(field="hosts", value=value, text=tok.text, box=box))
        if "address" in roles:
            _add(rv.sources, url)
            rv.evidence.append(Evidence(field="address_sources", value=url, text=tok.text, box=box))
    elif kind == "bad-address":
        issues.append(bad_address(tok))


def read_row(table: Table, row: Row, issues: list[Issue]) -> RowValues:
    rv = RowValues()
    for cell in row.cells:
        roles = cell_roles(table, cell)
        lines = cl.cell_lines(cell, typed=bool(roles) and roles <= TYPED_ROLES)
        header = table.columns[cell.first].header or f"column {cell.first + 1}"
        rv.cells[header] = cl.join_text(lines)
        if not lines:
            continue
        if "service" in roles:
            rv.service = cl.join_text(lines)
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
            _read_ports(lines, rv, issues)
        elif roles == {"direction"}:
            _read_directions(lines, rv, issues)
        elif roles & {"host", "address"}:
            _read_destinations(lines, roles, rv, issues)
        elif roles <= {"notes"} and roles:
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
    return rv


def pair_ports(rv: RowValues, box: Box, issues: list[Issue]) -> list[Port]:
    """Protocol lines x port lines, as the document pairs them."""
    protos, ports = rv.protocol_lines, rv.port_lines
    pairs: list[tuple[list[str], list[tuple[int, int]]]] = []
    if all(rv.port_line_protocols) and rv.port_line_protocols:
        pairs = list(zip(rv.port_line_protocols, ports, strict=True))
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
                rv.service,
            )
        )
    result: list[Port] = []
    for proto_list, ranges in pairs:
        if not proto_list:
            issues.append(
                make_issue("missing-protocol", "error", "ports with no protocol", box, rv.service)
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


PORT_KEYS = {"protocol", "port"}  # a row split by a page break goes on with these empty


def rules_from_table(
    table: Table, kind: str, section_title: str, issues: list[Issue]
) -> list[Rule]:
    """The rules of a whole table."""
    return [
        rule_from_row(t, row, kind, section_title, issues)
        for t, row in whole_rows(table, PORT_KEYS)
    ]


def rule_from_row(
    table: Table, row: Row, kind: str, section_title: str, issues: list[Issue]
) -> Rule:
    """One whole row of a port table (see ``RowJoiner``)."""
    rv = read_row(table, row, issues)
    prov = row_provenance(table, row)
    if not rv.service:
        issues.append(
            make_issue(
                "missing-service",
                "warning",
                "row with no service name",
                prov.box,
                " ".join(c.text for c in row.cells),
            )
        )
    ports = pair_ports(rv, prov.box, issues)  # type: ignore[arg-type]
    if not ports:
        issues.append(
            make_issue(
                "no-ports",
                "warning",
                f"row {rv.service!r} has no valid port",
                prov.box,
                " ".join(c.text for c in row.cells),
            )
        )
    return Rule(
        id="",
        section=kind,  # type: ignore[arg-type]
        section_title=section_title,
        service=rv.service,
        ports=ports,
        direction=fold_direction(rv.directions),  # type: ignore[arg-type]
        hosts=rv.hosts,
        addresses=rv.addresses,
        address_sources=rv.sources,
        any_destination=rv.any_destination,
        notes=nz.collapse_ws(" ".join(rv.notes)),
        cells=rv.cells,
        provenance=prov,
        evidence=rv.evidence,
    )


# --- the whole document ----------------------------------------------------------------


def _port_word(text: str) -> bool:
    return PORT_NUMBER.fullmatch(text) is not None and nz.is_ports(text)


def _values_in_prose(lines: list[TextLine]) -> list[Issue]:
    """Values in text kept as prose reach no rule or host list. A sentence may name an
    address ("not Google's 8.8.8.8"); a line of values, an address beside another value
    or a protocol, or a protocol beside a port number ("Connector 46 export TCP 20045
    Out") is more likely a table row the layout stage could not place."""
    issues = []
    for line in lines:
        classes = [cl.classify(w.text) for w in line.words]
        found = [
            w.text
            for w, c in zip(line.words, classes, strict=True)
            if c in ("address", "bad-address")
        ]
        values = sum(c in cl.VALUE_CLASSES for c in classes)
        protocol = PROTO_IN_PORT.search(line.text) is not None
        if found and (values >= 2 or protocol or values == len(classes)):
            what = f"address(es) {', '.join(found)}"
        elif protocol and (ports := [w.text for w in line.words if _port_word(w.text)]):
            what = f"protocol and port(s) {', '.join(ports)}"
        else:
            continue
        issues.append(
            make_issue(
                "unplaced-value",
                "warning",
                f"{what} in text outside any table or host list: kept as prose, not as "
                "firewall data",
                line_box(line),
                line.text,
            )
        )
    return issues


def parse(blocks: Iterable[Block]) -> Parsed:
    """Blocks in reading order -> the document's parts, one section at a time: what
    is kept between blocks is records and text, never a finished page's words."""
    parser = _Parser()
    for block in blocks:
        parser.feed(block)
    return parser.finish()


@dataclass
class _TableRun:
    """A table being read, one page's part at a time."""

    kind: str  # "port", "history", "host" or "other"
    head: Table  # the first part's frame (its rows are not kept)
    joiner: RowJoiner
    rule_kind: str = "external"
    texts: list[str] = field(default_factory=list)  # an "other" table, kept as prose
    first_row: str = ""


class _Parser:
    def __init__(self) -> None:
        self.out = Parsed()
        self.title_candidates: list[tuple[float, str]] = []  # the first three headings
        self.current_kind: str | None = None
        self.heading: Heading | None = None
        self.has_items = False
        self.has_port_or_history = False
        self.run: _TableRun | None = None
        self.page_lines: list[TextLine] = []  # the section's lines on the page in hand
        self.host_list = HostListBuilder()
        self.prose: list[str] = []
        self.prose_boxes: list[Box] = []
        self.prose_issues: list[Issue] = []

    @property
    def title(self) -> str:
        return heading_title(self.heading.text) if self.heading else ""

    def feed(self, block: Block) -> None:
        if isinstance(block, Heading):
            self._heading(block)
        elif isinstance(block, TextLine):
            self._line(block)
        else:
            self._table(block)

    def finish(self) -> Parsed:
        self._close_section()
        out = self.out
        if self.title_candidates:
            top = max(size for size, _ in self.title_candidates)
            out.title = next(t for size, t in self.title_candidates if size >= top - 0.5)
        link_host_lists(out.rules, out.host_lists, out.section_numbers)
        ids = rule_ids([(r.section, r.service, r.ports) for r in out.rules])
        for rule, rid in zip(out.rules, ids, strict=True):
            rule.id = rid
        return out

    # --- sections -----------------------------------------------------------------

    def _heading(self, block: Heading) -> None:
        if len(self.title_candidates) < 3:
            self.title_candidates.append((block.line.size, heading_title(block.text)))
        if _is_values(block.line) or (
            block.level > 1 and self.heading is not None and VALUE_LABEL.match(block.text.strip())
        ):
            # A bold hostname or a "IP addresses" label is content, not a section.
            self._line(block.line)
            return
        if (
            self.heading is not None
            and not self.has_items
            and _continues_heading(self.heading, block)
        ):
            # Consecutive heading lines (a title wrapped over two lines) form one heading.
            self.heading = Heading(TextLine(self.heading.line.words + block.line.words))
            return
        self._close_section()
        self.heading = block

    def _close_section(self) -> None:
        self._close_run()
        self._flush_lines()
        out = self.out
        if self.host_list.has_values and not self.has_port_or_history:
            host_list = self.host_list.build(self.title, out.issues)
            assert host_list is not None
            out.host_lists.append(host_list)
            number = NUMBERING.match(self.heading.text) if self.heading else None
            if number:
                out.section_numbers[host_list.id] = number.group(1)
        elif self.prose_boxes:
            out.issues.extend(self.prose_issues)
            boxes = self.prose_boxes
            out.sections.append(
                TextSection(
                    title=self.title,
                    text=nz.collapse_ws(" ".join(self.prose)),
                    provenance=Provenance(
                        pages=sorted({b.page for b in boxes}), box=boxes[0], boxes=boxes
                    ),
                )
            )
        self.has_items = self.has_port_or_history = False
        self.host_list = HostListBuilder()
        self.prose, self.prose_boxes, self.prose_issues = [], [], []

    # --- lines (host lists or prose) -------------------------------------------------

    def _line(self, line: TextLine) -> None:
        self.has_items = True
        if self.page_lines and self.page_lines[0].page != line.page:
            self._flush_lines()
        self.page_lines.append(line)

    def _flush_lines(self) -> None:
        """A page of the section's lines, read both ways: as a host list and as prose
        (which one they are is known when the section ends)."""
        lines, self.page_lines = self.page_lines, []
        if not lines:
            return
        self.host_list.add_page(lines)
        self.prose += [ln.text for ln in lines]
        self.prose_boxes += page_boxes(lines)
        self.prose_issues += _values_in_prose(lines)

    # --- tables ------------------------------------------------------------------------

    def _table(self, table: Table) -> None:
        self.has_items = True
        for line in group_lines(table.stray):
            self.out.issues.append(
                make_issue(
                    "unplaced-text",
                    "warning",
                    "text inside a table but in no row or header",
                    line_box(line),
                    line.text,
                )
            )
        if not (table.continues and self.run is not None):
            self._close_run()
            self.run = self._open_run(table)
        run = self.run
        assert run is not None
        if run.kind == "port":
            for part, row in run.joiner.feed(table):
                self.out.rules.append(
                    rule_from_row(part, row, run.rule_kind, self.title, self.out.issues)
                )
        elif run.kind == "history":
            self._add_history(run.joiner.feed(table))
        elif run.kind == "host":
            for ln in (ln for row in table.rows for c in row.cells for ln in c.lines):
                self._line(ln)
        else:
            run.texts.append(" ".join(c.text for r in table.rows for c in r.cells))
            run.head.bottom = table.bottom

    def _open_run(self, table: Table) -> _TableRun:
        head = Table(table.columns, [], table.page, table.top, table.x0, table.x1, table.bottom)
        if is_port_table(table):
            self.out.port_tables += 1
            self.has_port_or_history = True
            kind = section_kind(self.title) or self.current_kind
            if kind is None:
                kind = "external"
                self.out.issues.append(
                    make_issue(
                        "unknown-section",
                        "warning",
                        f"port table under {self.title!r}: not marked internal or external; "
                        "taken as external",
                        make_box(table.page, table.x0, table.top, table.x1, table.top + 10),
                        self.title,
                    )
                )
            self.current_kind = kind
            return _TableRun("port", head, RowJoiner(PORT_KEYS), rule_kind=kind)
        if is_history_table(table):
            self.has_port_or_history = True
            return _TableRun("history", head, RowJoiner(HISTORY_KEYS))
        if is_host_table(table):
            return _TableRun("host", head, RowJoiner(set()))
        first_row = " / ".join(c.text for r in table.rows[:1] for c in r.cells)
        return _TableRun("other", head, RowJoiner(set()), first_row=first_row)

    def _close_run(self) -> None:
        run, self.run = self.run, None
        if run is None:
            return
        if run.kind == "port":
            for part, row in run.joiner.close():
                self.out.rules.append(
                    rule_from_row(part, row, run.rule_kind, self.title, self.out.issues)
                )
        elif run.kind == "history":
            self._add_history(run.joiner.close())
        elif run.kind == "other":
            head = run.head
            self.out.issues.append(
                make_issue(
                    "unknown-table",
                    "warning",
                    f"a table headed {[c.header for c in head.columns]} is not a port "
                    "or history table; its text is kept as prose",
                    make_box(head.page, head.x0, head.top, head.x1, head.bottom),
                    run.first_row,
                )
            )
            self.out.sections.append(
                TextSection(title=self.title, text=nz.collapse_ws(" ".join(run.texts)))
            )

    def _add_history(self, rows: list[tuple[Table, Row]]) -> None:
        for part, row in rows:
            entry = history_entry(part, row, self.out.issues)
            if entry is not None:
                self.out.history.append(entry)
