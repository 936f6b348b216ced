"""Shared by the family parsers: table column roles, rows split by page breaks,
boxes and issues for what a cell says."""

from __future__ import annotations

from pipeline import cells as cl
from pipeline import normalize as nz
from pipeline.blocks import Cell, Row, Table, TextLine, move_lines
from pipeline.models import Box, Issue, Provenance


def table_roles(table: Table) -> list[str | None]:
    """Column roles; a "Description" column names the row unless an Item column does."""
    roles = list(table.roles)
    if "version" in roles and ("date" in roles or "description" in roles):
        return ["description" if r in ("change", "notes", "service") else r for r in roles]
    if "service" not in roles and "description" in roles:
        roles[roles.index("description")] = "service"
    if "service" not in roles and roles and roles[0] is None:
        roles[0] = "service"  # an unheaded first column names the rows
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
    roles = table_roles(table)
    return "port" in roles and ("service" in roles or "protocol" in roles)


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


class RowJoiner:
    """The rows of one table, fed one page's part at a time -> whole rows, each with
    the part it came from. A row broken by a page break goes on in the first row after
    it, with nothing in the key columns but the rest of values the break cut; so a row
    is whole once the next row is seen."""

    def __init__(self, key_roles: set[str]) -> None:
        self.key_roles = key_roles
        self._last: tuple[Table, Row] | None = None

    def feed(self, table: Table) -> list[tuple[Table, Row]]:
        whole: list[tuple[Table, Row]] = []
        for row in table.rows:
            if self._last and row.after_page_break and self._goes_on(row, table):
                prev = self._last[1]
                move_lines(row, prev)
                prev.continuation.append(row)
                continue
            if self._last:
                whole.append(self._last)
            self._last = (table, row)
        return whole

    def _goes_on(self, row: Row, table: Table) -> bool:
        """The row's key cells are empty, or hold only the rest of values the row
        above broke off at the page break ("April-" above, "2019" here)."""
        assert self._last is not None
        above = self._last[1]
        keyed = [c for c in row.cells if c.lines and cell_roles(table, c) & self.key_roles]
        for cell in keyed:
            broken = next((c for c in above.cells if c.first <= cell.first <= c.last), None)
            if broken is None or not broken.text.rstrip().endswith(("-", "/", ",")):
                return False
        return True

    def close(self) -> list[tuple[Table, Row]]:
        last, self._last = self._last, None
        return [last] if last else []


def whole_rows(table: Table, key_roles: set[str]) -> list[tuple[Table, Row]]:
    """The whole rows of a table given at once."""
    joiner = RowJoiner(key_roles)
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
