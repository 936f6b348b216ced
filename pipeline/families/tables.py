"""Shared by the family parsers: table column roles, rows split by page breaks,
boxes and issues for what a cell says."""

from __future__ import annotations

import re

from pipeline.layout import cells as cl
from pipeline.layout.blocks import Cell, Row, Table, TextLine, move_lines
from pipeline.model.models import Box, Issue, Provenance
from pipeline.values import normalize as nz
from pipeline.values import vocabulary as vocab


def _named_port(header: str) -> bool:
    """The header is a port column's name as such ("Port", "Default port"), not a
    port qualified by other words ("HCP-managed port")."""
    key = " ".join(header.lower().split()).strip(" :*")
    return vocab.HEADER_PHRASES.get(key, vocab.HEADER_ROLES.get(key)) == "port"


def port_column_roles(table: Table) -> list[str | None]:
    """The header roles with one port column: protocols printed as column headers
    (``Description | UDP | TCP``) make those columns port columns; of several port
    columns the one the header names as such is read ("Default port" over
    "HCP-managed port"), the others are kept as notes (see ``extra_port_columns``)."""
    roles = list(table.roles)
    headers = [c.header for c in table.columns]
    if "port" not in roles:
        lone = [k for k, h in enumerate(headers) if vocab.is_transport(h.strip(" :*"))]
        for k in lone:
            roles[k] = "port"
    ports = [k for k, r in enumerate(roles) if r == "port"]
    # "TCP ports | UDP ports": each column's header names its transport.
    by_transport = all(
        any(vocab.is_transport(w) for w in re.split(r"[\s/]+", headers[k])) for k in ports
    )
    if len(ports) > 1 and not by_transport:
        keep = next((k for k in ports if _named_port(headers[k])), ports[0])
        for k in ports:
            if k != keep:
                roles[k] = "notes"
    return roles


def extra_port_columns(table: Table) -> tuple[str, list[str]]:
    """The port column read and the other port columns kept as notes (none: [])."""
    roles = port_column_roles(table)
    kept = next((c.header for c, r in zip(table.columns, roles, strict=True) if r == "port"), "")
    others = [
        c.header
        for c, r, h in zip(table.columns, roles, table.roles, strict=True)
        if h == "port" and r != "port"
    ]
    return kept, others


def table_roles(table: Table) -> list[str | None]:
    """Column roles; a "Description" column names the row unless an Item column does."""
    roles = port_column_roles(table)
    if "version" in roles and ("date" in roles or "description" in roles):
        return ["description" if r in ("change", "notes", "service") else r for r in roles]
    if "service" not in roles and "description" in roles:
        roles[roles.index("description")] = "service"
    if "service" not in roles and roles and roles[0] is None and not table.columns[0].header:
        roles[0] = "service"  # an unheaded first column names the rows ("ID" is headed)
    first = roles.index("service") if "service" in roles else -1
    # One column names the row ("Function"); another of the kind ("Required for") says
    # more about it: "purpose", read as notes whose hosts and URLs are the row's.
    return [
        "notes"
        if r in ("description", "change")
        else "purpose"
        if r == "service" and k != first
        else r
        for k, r in enumerate(roles)
    ]


def is_port_table(table: Table) -> bool:
    """Ports, and what they are for, their protocol or where they go ("ID | Category |
    Addresses | Ports": no column names the rows); or a protocol and where it goes
    ("Purpose | Endpoint | Protocol", the ports printed with the hosts:
    "relay.example.com:8443")."""
    roles = set(table_roles(table))
    if "protocol" in roles and roles & {"host", "address"}:
        return True
    return "port" in roles and bool(
        roles & {"service", "protocol", "host", "address", "destination"}
    )


def is_history_table(table: Table) -> bool:
    roles = table_roles(table)
    return "version" in roles and ("date" in roles or "description" in roles)


def is_host_table(table: Table) -> bool:
    """A table of servers (hostname / address / "Type | Value" columns) with no ports:
    a host list."""
    roles = set(table_roles(table))
    return bool(roles & {"host", "address", "destination", "value"}) and "port" not in roles


def cell_roles(table: Table, cell: Cell) -> set[str]:
    roles = table_roles(table)
    return {r for r in roles[cell.first : cell.last + 1] if r}


def _naming_cell(table: Table, row: Row) -> str | None:
    """The text of the cell that names the row (Item / Description); None when the
    table has no such column."""
    roles = table_roles(table)
    for name in ("service", "description"):
        if name in roles:
            index = roles.index(name)
            return next((c.text for c in row.cells if c.first <= index <= c.last), "")
    return None


def _start_kind(text: str | None) -> str | None:
    """How a row's name starts where that may tell a part that goes on: "empty" (the
    text above took the whole name) or "lower" (the rest of a phrase); else None."""
    if text is None:
        return None
    if not text:
        return "empty"
    return "lower" if text[:1].islower() else None


def _ends_mid_phrase(text: str | None) -> bool:
    words = (text or "").rstrip().split()
    return bool(words) and (
        words[-1].lower() in vocab.OPEN_ENDINGS or words[-1].endswith((",", "-", "/", "(", "&"))
    )


def _same_kind(table: Table, above: Row, below: Row) -> bool:
    """Both parts name a protocol in common and the same direction, and no other
    endpoints (their printed words, numbers aside; a cell one part leaves empty is no
    difference): the second part may well be the rest of the first row's values."""
    roles = table_roles(table)
    compared = False
    for index, role in enumerate(roles):
        if role not in ("protocol", "direction", "port", "source", "destination"):
            continue
        texts = [
            re.sub(r"[^a-z/]+", " ", c.text.lower()).split()
            for r in (above, below)
            for c in r.cells
            if c.first <= index <= c.last
        ]
        if len(texts) != 2 or not all(texts):
            continue  # a cell the part leaves empty (or numbers alone) says nothing
        if role in ("source", "destination"):
            if texts[0] != texts[1]:
                return False  # a flow between other endpoints: a row of its own
            continue
        # A protocol in common ("TCP TCP" above "TCP UDP"), the same direction.
        if not (set(texts[0]) & set(texts[1]) if role != "direction" else texts[0] == texts[1]):
            return False
        compared = True
    return compared


class RowJoiner:
    """The rows of one table, fed one page's part at a time -> whole rows, each with
    the part it came from. A row broken by a page break goes on in the first row after
    it; so a row is whole once the next row is seen.

    The part after the break goes on with the row above when its key cells are empty
    or hold only the rest of values the break cut ("April-" / "2019"), or when its own
    key values come with a name that goes on (lower case, or none, where the table's
    rows never start so) and the name above stops mid-phrase or the two parts share a
    protocol and direction. Where the evidence is mixed (the name goes on but the
    protocols differ, or the name above stops mid-phrase but the part below starts as
    a row does) both stay rows, and each gets a ``split-row`` warning in ``issues``."""

    def __init__(self, key_roles: set[str], issues: list[Issue] | None = None) -> None:
        self.key_roles = key_roles
        self.issues: list[Issue] = issues if issues is not None else []
        self._last: tuple[Table, Row] | None = None
        # How this table's own rows start: a row name empty or in lower case says
        # "goes on" after a page break only in a table whose rows never start so (a
        # function cell spanning several rows leaves theirs empty).
        self._row_starts: set[str | None] = set()

    def feed(self, table: Table) -> list[tuple[Table, Row]]:
        whole: list[tuple[Table, Row]] = []
        for row in table.rows:
            if self._last and row.after_page_break:
                verdict = self._verdict(row, table)
                if verdict == "join":
                    prev = self._last[1]
                    move_lines(row, prev)
                    prev.continuation.append(row)
                    continue
                if verdict == "unsure":
                    self._warn(row, table)
            if self._last:
                whole.append(self._last)
            self._row_starts.add(_start_kind(_naming_cell(table, row)))
            self._last = (table, row)
        return whole

    def _verdict(self, row: Row, table: Table) -> str:
        """What the first row after a page break is: "join" (the rest of the row
        above), "new" (a row of its own) or "unsure"."""
        assert self._last is not None
        above_table, above = self._last
        if self._keys_go_on(row, table):
            return "join"
        start = _start_kind(_naming_cell(table, row))
        goes_on = start is not None and start not in self._row_starts
        stops_open = _ends_mid_phrase(_naming_cell(above_table, above))
        if goes_on and (stops_open or _same_kind(table, _last_part(above), row)):
            return "join"
        return "unsure" if goes_on or stops_open else "new"

    def _keys_go_on(self, row: Row, table: Table) -> bool:
        """The row's key cells are empty, or hold only the rest of values the row
        above broke off at the page break ("April-" above, "2019" here; "50636/TCP"
        above, its qualifier "(secure LDAP)" here: a value does not start with one)."""
        assert self._last is not None
        above = self._last[1]
        keyed = [c for c in row.cells if c.lines and cell_roles(table, c) & self.key_roles]
        for cell in keyed:
            broken = next((c for c in above.cells if c.first <= cell.first <= c.last), None)
            if broken is None or not broken.text.strip():
                return False
            cut = broken.text.rstrip().endswith(("-", "/", ","))
            if not cut and not cell.text.lstrip().startswith("("):
                return False
        return True

    def _warn(self, row: Row, table: Table) -> None:
        assert self._last is not None
        above_table, above = self._last
        part = _last_part(above)
        where = f"the page break between pages {part.page} and {row.page}"
        first = _naming_cell(above_table, above) or ""
        second = _naming_cell(table, row) or ""
        message = (
            f"a row may go on over {where}: {first!r} and {second!r} are kept as two "
            "rows (one text reads as cut, but the protocols or the other text say not)"
        )
        for owner, piece, text in ((above_table, part, first), (table, row, second)):
            box = make_box(piece.page, owner.x0, piece.top, owner.x1, piece.bottom)
            self.issues.append(make_issue("split-row", "warning", message, box, text))

    def close(self) -> list[tuple[Table, Row]]:
        last, self._last = self._last, None
        return [last] if last else []


def _last_part(row: Row) -> Row:
    """The part of a (joined) row printed last: the one the next page break cut."""
    return row.continuation[-1] if row.continuation else row


def whole_rows(
    table: Table, key_roles: set[str], issues: list[Issue] | None = None
) -> list[tuple[Table, Row]]:
    """The whole rows of a table given at once."""
    joiner = RowJoiner(key_roles, issues)
    return [*joiner.feed(table), *joiner.close()]


def make_box(page: int, x0: float, top: float, x1: float, bottom: float) -> Box:
    return Box(
        page=page, x0=round(x0, 2), top=round(top, 2), x1=round(x1, 2), bottom=round(bottom, 2)
    )


def row_provenance(table: Table, row: Row) -> Provenance:
    parts = [row, *row.continuation]
    boxes = [make_box(p.page, table.x0, p.top, table.x1, p.bottom) for p in parts]
    return Provenance(pages=sorted({b.page for b in boxes}), box=boxes[0], boxes=boxes)


def token_box(tok: cl.Token) -> Box:
    return make_box(tok.page, *tok.box())


def line_box(line: cl.LogicalLine | TextLine) -> Box:
    if isinstance(line, TextLine):
        return make_box(line.page, line.x0, line.top, line.x1, line.bottom)
    return make_box(line.page, *line.box())


def bad_address(tok: cl.Token) -> Issue:
    """An error issue for a token that tries to be an address and is not one."""
    return make_issue(
        "bad-address", "error", why_invalid(nz.address, tok.text), token_box(tok), tok.text
    )


def stray_space_issues(lines: list[cl.LogicalLine]) -> list[Issue]:
    """A warning on each line whose hostnames may be one name with a stray space
    ("ra.swiss sign.net"): both are kept, and the reviewer sees the line."""
    names = {cl.strip_punct(t.text) for line in lines for t in line.tokens}
    return [
        make_issue(
            "split-hostname",
            "warning",
            f"{line.text!r} may be one hostname with a stray space ({joined}); "
            "kept as the names printed",
            line_box(line),
            line.text,
        )
        for line in lines
        for joined in cl.stray_space_names(line, names)
    ]


def make_issue(code: str, severity: str, message: str, box: Box | None, text: str) -> Issue:
    return Issue(
        code=code,
        severity=severity,  # type: ignore[arg-type]
        message=message,
        page=box.page if box else None,
        box=box,
        text=text,
    )


def why_invalid(fn: object, text: str) -> str:
    try:
        fn(cl.strip_punct(text))  # type: ignore[operator]
    except nz.InvalidValue as e:
        return str(e)
    return f"{text!r} is not valid here"
