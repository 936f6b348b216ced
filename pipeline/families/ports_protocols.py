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
from dataclasses import dataclass, field, replace
from itertools import pairwise

from pipeline.families.history import HISTORY_KEYS, HISTORY_TITLE, history_entry, history_items
from pipeline.families.hostlists import (
    HostListBuilder,
    labelled_values,
    link_host_lists,
    page_boxes,
)
from pipeline.families.portcells import PORT_NUMBER, PROTO_IN_PORT
from pipeline.families.portlists import item_rule, port_items, portless_items
from pipeline.families.rows import (
    PORT_KEYS,
    one_line_roles,
    rule_from_row,
    unknown_columns,
)
from pipeline.families.tables import (
    RowJoiner,
    extra_port_columns,
    is_history_table,
    is_host_table,
    is_port_table,
    line_box,
    make_box,
    make_issue,
    table_roles,
)
from pipeline.layout import cells as cl
from pipeline.layout.blocks import Block, Cell, Heading, Row, Table, TextLine, group_lines
from pipeline.model.models import (
    Box,
    HistoryEntry,
    HostList,
    Issue,
    Provenance,
    Rule,
    TextSection,
)
from pipeline.values import normalize as nz
from pipeline.values import vocabulary as vocab
from pipeline.values.ids import ids_for_rules
from pipeline.values.normalize_ports import footnote

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
    port_items: int = 0  # ports listed outside tables, one rule each (families.portlists)
    # Tables other than port tables, each with why it is no port table: what a refusal
    # of a document with no firewall data names (a host table that gave no host list
    # held no hostname or address).
    other_tables: list[str] = field(default_factory=list)
    section_numbers: dict[str, str] = field(default_factory=dict)  # host-list id -> "4"
    # Headings and lines before the first table: where a title page states the version.
    front_matter: list[str] = field(default_factory=list)
    end_matter: list[str] = field(default_factory=list)  # the last short lines


def heading_title(text: str) -> str:
    """ "4. Spam Rule Updates" -> "Spam Rule Updates"."""
    return nz.collapse_ws(NUMBERING.sub("", text, count=1))


# A minor heading that only labels the kind of values below it ("Hostnames", "IP
# addresses") belongs to the section it stands in, not a section of its own.
# The header of a table of values alone ("IP V4 ranges | IP V6 ranges") is such labels
# side by side.
_VALUE_WORDS = (
    r"(host\s*names?|hosts|servers?|domains?|urls?|fqdns?|dns names?|"
    r"ip\s?(v[46])?(\s*(addresses|address|ranges|networks|subnets|prefixes))?|addresses|"
    r"networks|subnets|(address|ip) ranges)"
)
VALUE_LABEL = re.compile(rf"(?i)^{_VALUE_WORDS}(\s*[|/]?\s*{_VALUE_WORDS})*\s*[:.]?$")


def _is_values(line: TextLine) -> bool:
    return cl.is_value_line(cl.logical_lines([line], [], line.x1 + 1000)[0])


def _continues_heading(first: Heading, second: Heading) -> bool:
    a, b = first.line, second.line
    return a.page == b.page and abs(a.size - b.size) < 0.5 and 0 <= b.top - a.bottom < 0.5 * a.size


def section_kind(title: str) -> str | None:
    """external / internal where the heading says so, else None: never a guess."""
    t = title.lower()
    if re.search(r"\binternal\b|\blan\b|\blocal network\b", t):
        return "internal"
    if re.search(r"\bexternal\b|\binternet\b|\bwan\b", t):
        return "external"
    return None


NAMING_ROLES = {"region", "service"}  # a host table's first column that names its rows


def sub_heading(table: Table, row: Row) -> str | None:
    """A row whose one cell spans the whole table ("Management interfaces") heads the
    rows below it, as a heading would."""
    cell = _lone_cell(table, row)
    if cell is None:
        return None
    spans = cell.first == 0 and cell.last == len(table.columns) - 1
    # Without vertical rules a short sub-heading keeps to the first column: bold, alone.
    bold_alone = cell.first == 0 and all(w.bold for ln in cell.lines for w in ln.words)
    if (spans or (bold_alone and not row.after_page_break)) and not _cells_apart(cell):
        return nz.collapse_ws(cell.text)
    return None


def _lone_cell(table: Table, row: Row) -> Cell | None:
    """The one cell of a row with text in it, in a table of several columns."""
    filled = [c for c in row.cells if c.lines]
    return filled[0] if len(filled) == 1 and len(table.columns) >= 2 else None


def note_row(table: Table, row: Row) -> str | None:
    """A row whose one cell spans the table and is a note, not a heading: it starts
    "Note:" (or the like) or ends as a sentence does. Its text is the section's prose."""
    cell = _lone_cell(table, row)
    if cell is None or cell.first != 0 or cell.last != len(table.columns) - 1:
        return None
    if _cells_apart(cell):
        return None
    text = nz.collapse_ws(cell.text)
    lead = text.split(maxsplit=1)[0].rstrip(":").lower() if text else ""
    return text if lead in vocab.NOTE_LEADS or text.endswith(".") else None


def _cells_apart(cell: Cell) -> bool:
    """The cell's words stand apart by more than a word space on a line: the cells of
    a row the layout could not part (its text ran over the column edges), not one
    heading spanning the table; the row is read as a row (with a merged-cell issue)."""
    return any(b.x0 - a.x1 > 1.5 * a.size for ln in cell.lines for a, b in pairwise(ln.words))


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
            if c in ("address", "address-range", "bad-address")
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
    rule_kind: str | None = None
    texts: list[str] = field(default_factory=list)  # an "other" table, kept as prose
    first_row: str = ""
    sub_title: str = ""  # the sub-heading row the rows below stand under
    sub_kind: str | None = None
    last_cells: dict[int, Cell] = field(default_factory=dict)  # by column: the row above's
    spanning: set[int] = field(default_factory=set)  # columns whose cells span rows
    # A host table whose first column names each row's list ("Region | IPv4 | IPv6"):
    # one host list per name, in order.
    named: bool = False
    lists: dict[str, HostListBuilder] = field(default_factory=dict)
    # The section's prose right above such a table: each row's list stands under it.
    lead_in: list[cl.LogicalLine] = field(default_factory=list)


class _Parser:
    def __init__(self) -> None:
        self.out = Parsed()
        self.title_candidates: list[tuple[float, str]] = []  # the first three headings
        self.heading_is_candidate = False  # the heading in hand is the last of them
        self.enclosing: list[tuple[float, str]] = []  # (size, title) of enclosing headings
        # Footnotes: the section's rules marked with each mark, each mark's text, and
        # the footnote being read (its mark and last line). Joined when the section ends:
        # a table's last row is whole only then.
        self.marked: list[tuple[str, Rule]] = []
        self.footnotes: dict[str, list[str]] = {}
        self.footnote: tuple[str, TextLine] | None = None
        self.heading: Heading | None = None
        self.has_items = False
        self.has_port_or_history = False
        self.run: _TableRun | None = None
        # Roles the document's port tables print whole on one line (rows.one_line_roles):
        # they tell two roles on two lines of a cell from one role wrapped.
        self.known_roles: set[str] = set()
        self.page_lines: list[TextLine] = []  # the section's lines on the page in hand
        self.host_list = HostListBuilder()
        # Lists named by an item's label ("Hooks: 192.0.2.0/26, …"), by label.
        self.named_lists: dict[str, HostListBuilder] = {}
        self.prose: list[str] = []
        self.prose_boxes: list[Box] = []
        self.prose_issues: list[Issue] = []
        self.bound_lead_ins: list[Box] = []  # lead-in lines whose port a list took

    @property
    def title(self) -> str:
        return heading_title(self.heading.text) if self.heading else ""

    def feed(self, block: Block) -> None:
        # Headings and short lines before the first port table or the page of the first
        # port list (a page's lines are read as a list when it ends), and the last short lines
        # of the document (a one-page document's footer is no running footer): where a
        # title page or footer says the version ("requires TLS v1.2" in prose does not).
        if not isinstance(block, Table) and (isinstance(block, Heading) or len(block.words) <= 12):
            front = self.out.front_matter
            if not (self.out.port_tables or self.out.port_items) and len(front) < 30:
                front.append(block.text)
            else:
                self.out.end_matter = [*self.out.end_matter[-9:], block.text]
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
        # A table under a heading that says neither external nor internal is named by
        # the heading it stands under (pipeline.values.ids.rule_key).
        ids = ids_for_rules(out.rules)
        for rule, rid in zip(out.rules, ids, strict=True):
            rule.id = rid
        return out

    # --- sections -----------------------------------------------------------------

    def _heading(self, block: Heading) -> None:
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
            self.enclosing[-1:] = [(self.enclosing[-1][0], self.title)]
            if self.heading_is_candidate:  # the title wrapped: the candidate is all of it
                self.title_candidates[-1] = (self.title_candidates[-1][0], self.title)
            return
        self._close_section()
        self.heading = block
        self.heading_is_candidate = len(self.title_candidates) < 3
        if self.heading_is_candidate:
            self.title_candidates.append((block.line.size, self.title))
        size = block.line.size - 0.5 * (block.level > 1)  # a bold body-size line ranks lower
        while self.enclosing and self.enclosing[-1][0] <= size + 0.25:
            self.enclosing.pop()
        self.enclosing.append((size, self.title))

    def _section_kind(self) -> str | None:
        """What the innermost heading that says external or internal says."""
        for _, title in reversed(self.enclosing):
            if kind := section_kind(title):
                return kind
        return None

    def _close_section(self) -> None:
        self._close_run()
        self._attach_footnotes()
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
            out.issues.extend(i for i in self.prose_issues if i.box not in self.bound_lead_ins)
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
        for label, builder in self.named_lists.items():
            if named := builder.build(label, out.issues):
                out.host_lists.append(named)
        self.has_items = self.has_port_or_history = False
        self.host_list = HostListBuilder()
        self.named_lists = {}
        self.prose, self.prose_boxes, self.prose_issues = [], [], []
        self.bound_lead_ins = []

    # --- lines (host lists or prose) -------------------------------------------------

    def _line(self, line: TextLine) -> None:
        self.has_items = True
        self._footnote(line)
        if self.page_lines and self.page_lines[0].page != line.page:
            self._flush_lines()
        self.page_lines.append(line)

    def _flush_lines(self) -> None:
        """A page of the section's lines, read both ways: as a host list and as prose
        (which one they are is known when the section ends)."""
        lines, self.page_lines = self.page_lines, []
        if not lines:
            return
        if HISTORY_TITLE.search(self.title):
            entries, lines = history_items(lines)
            self.out.history += entries
            self.has_port_or_history = self.has_port_or_history or bool(entries)
        items, lines = port_items(lines)
        for item, taken in items:
            self.out.rules.append(item_rule(item, taken, self._section_kind(), self.title))
            self.out.port_items += 1
        for line, ports in portless_items(lines, items):
            self.out.issues.append(
                make_issue(
                    "unplaced-value",
                    "warning",
                    f"port(s) {ports} in a list of ports, with no protocol printed: kept as "
                    "prose, not as firewall data",
                    line_box(line),
                    line.text,
                )
            )
        named, lines = labelled_values(lines)
        for label, labelled in named.items():
            builder = self.named_lists.setdefault(label, HostListBuilder())
            builder.add_page(labelled.values)
            builder.boxes += page_boxes(labelled.labels)  # the label is the list's title
        # Hostnames and addresses listed beside the items stay a host list of the section.
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
            self.known_roles |= one_line_roles(table)
            for part, row in run.joiner.feed(table):
                self._add_rule(run, part, row)
        elif run.kind == "history":
            self._add_history(run.joiner.feed(table))
        elif run.kind == "host" and run.named:
            self._add_named_hosts(run, table)
        elif run.kind == "host":
            # Each cell's lines with a value the layout wrapped made whole again.
            for ln in (ln for row in table.rows for c in row.cells for ln in cl.joined_lines(c)):
                self._line(ln)
        else:
            run.texts.append(" ".join(c.text for r in table.rows for c in r.cells))
            run.head.bottom = table.bottom

    def _open_run(self, table: Table) -> _TableRun:
        head = Table(table.columns, [], table.page, table.top, table.x0, table.x1, table.bottom)
        if is_port_table(table):
            self.out.port_tables += 1
            self.has_port_or_history = True
            if unknown := unknown_columns(table):
                self.out.issues.append(
                    make_issue(
                        "unknown-column",
                        "warning",
                        f"no known role for column(s) {unknown} of a port table: their text "
                        "is kept in each row's notes and cells (a new header word? see "
                        "README, adding a vendor)",
                        make_box(table.page, table.x0, table.top, table.x1, table.top + 10),
                        " | ".join(c.header for c in table.columns),
                    )
                )
            kept, others = extra_port_columns(table)
            if others:
                self.out.issues.append(
                    make_issue(
                        "ambiguous-ports",
                        "warning",
                        f"port columns {[kept, *others]}: the ports are read from {kept!r} "
                        f"(its header names the port), {others} kept in each row's notes "
                        "and cells",
                        make_box(table.page, table.x0, table.top, table.x1, table.top + 10),
                        " | ".join(c.header for c in table.columns),
                    )
                )
            joiner = RowJoiner(PORT_KEYS, self.out.issues)
            return _TableRun("port", head, joiner, rule_kind=self._section_kind())
        if is_history_table(table):
            self.has_port_or_history = True
            self.out.other_tables.append(f"page {table.page} {_headers(table)}: a change history")
            return _TableRun("history", head, RowJoiner(HISTORY_KEYS, self.out.issues))
        if is_host_table(table):
            self.out.other_tables.append(
                f"page {table.page} {_headers(table)}: a host or address table, with no "
                "hostname or address in it"
            )
            named = table_roles(table)[0] in NAMING_ROLES
            lead_in = self._lead_in() if named else []
            return _TableRun("host", head, RowJoiner(set()), named=named, lead_in=lead_in)
        first_row = " / ".join(c.text for r in table.rows[:1] for c in r.cells)
        self.out.other_tables.append(f"page {table.page} {_headers(table)}: {_why_other(table)}")
        return _TableRun("other", head, RowJoiner(set()), first_row=first_row)

    def _lead_in(self) -> list[cl.LogicalLine]:
        """The section's prose after its last value line: the lead-in of a table here
        (begun on an earlier page when this page holds no value line above the table)."""
        trailing: list[TextLine] = []
        for line in reversed(self.page_lines):
            if _is_values(line):
                break
            trailing.append(line)
        earlier = self.host_list.paragraph if len(trailing) == len(self.page_lines) else []
        return [*earlier, *cl.text_logical_lines(trailing[::-1])]

    def _close_run(self) -> None:
        run, self.run = self.run, None
        if run is None:
            return
        if run.kind == "port":
            for part, row in run.joiner.close():
                self._add_rule(run, part, row)
        elif run.kind == "history":
            self._add_history(run.joiner.close())
        elif run.kind == "host":
            for name, builder in run.lists.items():
                if host_list := builder.build(name, self.out.issues):
                    self.out.host_lists.append(host_list)
                    if host_list.ports and run.lead_in:
                        # The lead-in's port is the lists' now, not a value left in prose.
                        self.bound_lead_ins += [line_box(ln) for ln in run.lead_in]
        elif run.kind == "other":
            head = run.head
            self.out.issues.append(
                make_issue(
                    "unknown-table",
                    "warning",
                    f"a table headed {[c.header for c in head.columns]} is not a port, "
                    f"host or history table ({_why_other(head)}); its text is kept as prose",
                    make_box(head.page, head.x0, head.top, head.x1, head.bottom),
                    run.first_row,
                )
            )
            self.out.sections.append(
                TextSection(title=self.title, text=nz.collapse_ws(" ".join(run.texts)))
            )

    def _add_named_hosts(self, run: _TableRun, table: Table) -> None:
        for row in table.rows:
            row = _with_spans(run, row)
            name = nz.collapse_ws(row.cells[0].text) if row.cells[0].first == 0 else ""
            lines = [ln for c in row.cells if c.first > 0 for ln in cl.joined_lines(c)]
            if name and lines:
                if name not in run.lists:
                    run.lists[name] = HostListBuilder(run.lead_in)
                # A row's cells are no lead-in of its values ("Sensor proxy" beside them
                # describes them): the table's lead-in stays theirs.
                run.lists[name].add_page(lines, lead_ins=False)
                # The name cell is the list's title: where the list came from, too.
                run.lists[name].boxes += page_boxes(row.cells[0].lines)

    def _add_rule(self, run: _TableRun, table: Table, row: Row) -> None:
        if (note := note_row(table, row)) is not None:
            self.prose.append(note)
            self.prose_boxes.append(make_box(row.page, table.x0, row.top, table.x1, row.bottom))
            return
        if (title := sub_heading(table, row)) is not None:
            run.sub_title, run.sub_kind = title, section_kind(title)
            run.last_cells = {}
            return
        row = _with_spans(run, row)
        rule, values = rule_from_row(
            table,
            row,
            run.sub_kind or run.rule_kind,
            run.sub_title or self.title,
            self.out.issues,
            frozenset(self.known_roles),
        )
        self.out.rules.append(rule)
        self.marked += [(mark, rule) for mark in values.footnotes]

    def _footnote(self, line: TextLine) -> None:
        """A footnote under a table ("* Outbound port 25 is not needed…", "¹ Only when…":
        a small raised digit is a superscript from the page model on): its text, and the
        lines right under it that go on."""
        text = line.text
        if found := footnote(text):
            mark, text = found
        elif self.footnote and _goes_on(self.footnote[1], line):
            mark = self.footnote[0]
        else:
            self.footnote = None
            return
        self.footnotes.setdefault(mark, []).append(text)
        self.footnote = (mark, line)

    def _attach_footnotes(self) -> None:
        """Each footnote's text goes to the notes of the rows whose values carry its mark."""
        for mark, rule in self.marked:
            if mark in self.footnotes:
                rule.notes = nz.collapse_ws(" ".join([rule.notes, *self.footnotes[mark]]))
        self.marked, self.footnotes, self.footnote = [], {}, None

    def _add_history(self, rows: list[tuple[Table, Row]]) -> None:
        for part, row in rows:
            entry = history_entry(part, row, self.out.issues)
            if entry is not None:
                self.out.history.append(entry)


def _headers(table: Table) -> str:
    return "[" + " | ".join(c.header for c in table.columns) + "]"


def _why_other(table: Table) -> str:
    """Why a table is no port, host or history table: the header words no role names,
    or the roles it lacks."""
    unknown = [c.header for c in table.columns if c.header and c.role is None]
    if unknown:
        return f"header words not known: {', '.join(repr(h) for h in unknown)}"
    return "no port, hostname or address column"


def _goes_on(above: TextLine, line: TextLine) -> bool:
    """``line`` continues the paragraph ``above`` (same page, no gap between)."""
    return line.page == above.page and 0 <= line.top - above.bottom < 0.6 * above.size


def _with_spans(run: _TableRun, row: Row) -> Row:
    """Cells the cell above spans (``Cell.joined_above``, or an empty cell at the top of
    a page in a column whose cells span rows) take that cell's lines: each row of a
    function that spans several flows gets the function."""
    cells = []
    for cell in row.cells:
        above = run.last_cells.get(cell.first)
        carried = cell.joined_above or (
            row.after_page_break and not cell.lines and cell.first in run.spanning
        )
        if carried and above is not None and above.last == cell.last:
            run.spanning.add(cell.first)
            cell = replace(cell, lines=above.lines, links=above.links, joined_above=True)
        cells.append(cell)
        run.last_cells[cell.first] = cell
    return replace(row, cells=cells)
