"""Page models -> document blocks: headings, free text lines and tables.

Tables are found by structure: a header band (a line of known header words such as
"Item", "Protocol", "Port", "Hostname", "Date", "Version"), the horizontal rules below
it for rows, vertical rules (where the producer draws them) or the header words' left
edges for columns. A cell merged across columns is recognised by a missing vertical
rule, or (with no vertical rules) by text flowing across a column boundary. A table
that continues on the next page, with or without a repeated header, comes as one
``Table`` per page: each later part is marked ``continues`` and its first row
``after_page_break`` (the family parser joins a row the break cut in two).
Running headers and footers ("Page 3 of 7", repeated titles) are dropped first.

Memory holds one page: the page models wait on disk (``pipeline.pdf.spill``) while the
whole-document facts are gathered (body size, running headers), and each page's
blocks wait there while the size of the running text is (headings stand out from it).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from itertools import pairwise

from pipeline.layout.blocks import (
    Block,
    Cell,
    Column,
    Heading,
    Row,
    Table,
    TextLine,
    group_lines,
    move_lines,
)
from pipeline.layout.cells import BULLET
from pipeline.layout.furniture import body_size, count_sizes, find_furniture
from pipeline.layout.headers import (
    HeaderBand,
    cell_role,
    header_bands,
    header_columns,
    header_role,
    space_width,
    transport_columns,
)
from pipeline.layout.hidden import hidden_issues
from pipeline.layout.rowbands import (
    Frame,
    key_columns,
    overlap_ratio,
    row_bands,
    row_edges,
    text_crosses,
)
from pipeline.layout.subheaders import split_sub_headers
from pipeline.model.models import Issue
from pipeline.pdf.pdfmodel import PageModel, Rule, Word
from pipeline.pdf.spill import SpillList

# --- tables ------------------------------------------------------------------------


def _near_rule(rules: list[Rule], y_from: float, y_to: float, x0: float, x1: float) -> Rule | None:
    for rule in sorted(rules, key=lambda r: r.y):
        if y_from <= rule.y <= y_to and rule.x0 <= x1 and rule.x1 >= x0:
            return rule
    return None


def _chain_extent(rules: list[Rule], x0: float, x1: float, size: float) -> tuple[float, float]:
    """``x0``..``x1`` grown by the rules (at one height) that touch it or each other,
    gaps under a few points apart (cell padding) bridged."""
    grown = True
    while grown:
        grown = False
        for r in rules:
            # (Grown only by more than a stroke's width: a frame's corners overhang.)
            if (
                r.x0 <= x1 + 0.5 * size
                and r.x1 >= x0 - 0.5 * size
                and (r.x0 < x0 - 2 or r.x1 > x1 + 2)
            ):
                x0, x1, grown = min(x0, r.x0), max(x1, r.x1), True
    return x0, x1


def _table_limit(
    page: PageModel,
    start: float,
    x0: float,
    x1: float,
    stops: list[float],
    band_mid: float | None,
) -> float:
    """Lowest y the table may reach on this page."""
    limit = min([s for s in stops if s > start] or [page.height])
    edge_rules = [
        v
        for v in page.vrules
        if (band_mid is None or v.top <= band_mid + 1)
        and v.bottom > start
        and (abs(v.x - x0) < 3 or abs(v.x - x1) < 3)
    ]
    if edge_rules:
        limit = min(limit, max(v.bottom for v in edge_rules) + 1)
    return limit


def _row_cells(
    frame: Frame, top: float, bottom: float, words: list[Word], has_vrules: bool
) -> list[Cell]:
    page, columns = frame.page, frame.columns
    bounds = [c.x0 for c in columns[1:]]
    present = []
    for b in bounds:
        if has_vrules:
            present.append(any(_parts(v, b, top, bottom) for v in page.vrules))
        else:
            present.append(not text_crosses(words, b))
    cells: list[Cell] = []
    first = 0
    for k in range(len(columns)):
        if k < len(bounds) and not present[k]:
            continue
        left, right = columns[first].x0, columns[k].x1
        mine = [
            w
            for w in words
            if (first == 0 or w.x0 >= left - 1.5) and (k == len(columns) - 1 or w.x0 < right - 1.5)
        ]
        links = [
            link
            for link in page.links
            if link.top < bottom and link.bottom > top and link.x0 < right and link.x1 > left
        ]
        cells.append(Cell(first, k, group_lines(mine), left, top, right, bottom, links))
        first = k + 1
    return cells


def _parts(rule: Rule, x: float, top: float, bottom: float) -> bool:
    """``rule`` is a column edge at ``x`` down the row from ``top`` to ``bottom``: it runs
    along most of the row's height."""
    reach = min(rule.bottom, bottom) - max(rule.top, top)
    return abs(rule.x - x) < 2.5 and reach >= 0.6 * (bottom - top)


def _build_table(frame: Frame, table_top: float, limit: float, has_header: bool) -> Table:
    page, columns = frame.page, frame.columns
    bands = row_bands(frame, table_top, limit)
    # Column rules run down a row (a shaded box around a value inside a cell, a "code
    # pill", has short sides that do not), and are this table's own (not those of
    # another table further down the page).
    has_vrules = any(
        _parts(v, c.x0, top, bottom)
        for c in columns[1:]
        for v in page.vrules
        for top, bottom in bands
    )
    rows = []
    for top, bottom in bands:
        inside = [w for w in frame.words if top < w.yc < bottom and frame.spans(w)]
        rows.append(
            Row(page.number, top, bottom, _row_cells(frame, top, bottom, inside, has_vrules))
        )
    if not has_vrules:
        _set_text_edges(rows)
    _join_spanning_cells(rows, page.hrules)
    bottom = rows[-1].bottom if rows else table_top
    return Table(columns, rows, page.number, table_top, frame.x0, frame.x1, bottom, has_header)


def _join_spanning_cells(rows: list[Row], hrules: list[Rule]) -> None:
    """A cell with no rule above it, where a rule at the same height parts the cells
    beside it, is the lower part of the cell above, which spans the rows: its lines
    ("Infrastructure" / "services" cut by the rows' split) go up to that cell, and it is
    marked ``joined_above`` (the parser gives each spanned row the cell's value)."""
    owners: dict[int, Cell] = {}  # by column: the cell that spans down to here
    for k, row in enumerate(rows):
        at_top = [r for r in hrules if abs(r.y - row.top) <= 1.5] if k else []
        for cell in row.cells:
            width = cell.x1 - cell.x0
            covered = sum(max(0.0, min(r.x1, cell.x1) - max(r.x0, cell.x0)) for r in at_top)
            owner = owners.get(cell.first)
            if at_top and width > 0 and covered < 0.5 * width and owner and owner.last == cell.last:
                owner.lines += cell.lines
                owner.links += cell.links
                cell.lines, cell.links = [], []
                cell.joined_above = True
            else:
                owners[cell.first] = cell


def _set_text_edges(rows: list[Row]) -> None:
    """Give each single-column cell of an unruled table its column's text extent."""
    extent: dict[int, float] = {}
    for row in rows:
        for cell in row.cells:
            if cell.first == cell.last:
                for line in cell.lines:
                    extent[cell.first] = max(extent.get(cell.first, 0.0), line.x1)
    for row in rows:
        for cell in row.cells:
            if cell.first == cell.last and cell.first in extent:
                cell.text_x1 = extent[cell.first]


def heading_level(line: TextLine, size: float) -> int | None:
    """1 for a line set larger than body text, 2 for a short bold line, else None. A
    bullet's glyph may be set larger than its item: it does not make a heading."""
    text_words = [w for w in line.words if not BULLET.match(w.text)]
    if text_words and max(w.size for w in text_words) >= size * 1.15:
        return 1
    return 2 if _bold_label(line) else None


def _bold_label(line: TextLine) -> bool:
    text = line.text.strip()
    return (
        line.bold
        and len(text.split()) <= 10
        and not text.endswith((".", ",", ";", ":"))
        and bool(re.search(r"[A-Za-z]{3}", text))
    )


def layout_page(
    page: PageModel,
    furniture: set[tuple[int, float, float]],
    size: float,
    previous: Table | None,
) -> list[Block]:
    """One page -> blocks in reading order (top to bottom)."""
    words = [w for w in page.words if (w.page, w.x0, w.top) not in furniture]
    lines = group_lines(words)
    heading_tops = [ln.top for ln in lines if ln.size >= size * 1.15]
    bands = header_bands(lines, size, page.hrules, page.vrules)
    bands = _rows_not_headers(bands, lines, heading_tops, size)
    space = space_width(lines, size)
    stops = sorted([b.top for b in bands] + heading_tops + _caption_tops(lines, bands, size))
    tables: list[Table] = []
    for band in bands:
        bx0 = min(w.x0 for w in band.words)
        bx1 = max(w.x1 for w in band.words)
        # The rule under the header, not one under a second header band right below.
        next_band = min([b.top for b in bands if b.top > band.bottom] + [page.height])
        reach = min(band.bottom + 1.6 * size, next_band)
        below = _near_rule(page.hrules, band.bottom - 2, reach, bx0, bx1)
        above = _near_rule(page.hrules, band.top - 1.2 * size, band.top + 1, bx0, bx1)
        if below is not None:
            # Shaded header cells leave a rule per cell, at heights that differ when
            # cells are centred: the table spans every rule along its header's foot.
            around = [r for r in page.hrules if band.top <= r.y <= band.bottom + 1.6 * size]
            x0, x1 = _chain_extent(around, min(below.x0, bx0 - 3), max(below.x1, bx1), size)
            body_top = below.y
        # The body that header words may align with ends where the next table begins.
        body_end = min([b.top for b in bands if b.top > band.bottom] + [band.bottom + 40 * size])
        # Only lines set as table rows are (cells a gap apart): prose under a one-row
        # table lines up with a header word by chance.
        body = [
            w
            for ln in lines
            if band.bottom < ln.top < body_end and _cell_gap(ln, size)
            for w in ln.words
        ]
        if below is None:
            x0, x1 = bx0 - 3, max([w.x1 for w in words] + [bx1]) + 3
            body_top = band.bottom + 0.5
        columns = header_columns(band, page, x0, x1, size, space, body, centred=below is None)
        if below is None and columns:
            # No rule to give the frame: a header centred over its columns has the
            # first column's rows begin left of it, where the table begins.
            x0 = min(x0, columns[0].x0)
        if len(columns) < 2:
            continue
        mid = (band.top + band.bottom) / 2
        limit = _table_limit(page, body_top, x0, x1, stops, mid)
        table = _build_table(Frame(page, columns, x0, x1, words, size), body_top, limit, True)
        table.top = above.y if above is not None else band.top - 1
        table.header_words = band.words
        split_sub_headers(table, page.vrules, size)
        tables.append(table)
    tables = _stack_headers(tables, size)
    for table in tables:
        transport_columns(table)
    orphan = _continuation_table(page, words, lines, tables, previous, size, stops)
    if orphan is not None:
        tables.insert(0, orphan)
    consumed: set[int] = set()
    for table in tables:
        placed = {id(w) for w in table.header_words}
        placed.update(
            id(w) for row in table.rows for c in row.cells for ln in c.lines for w in ln.words
        )
        for w in words:
            if table.top - 0.5 < w.yc < table.bottom and table.x0 - 2 <= w.xc <= table.x1 + 2:
                consumed.add(id(w))
                if id(w) not in placed:
                    table.stray.append(w)
    free = group_lines(w for w in words if id(w) not in consumed)
    blocks: list[Block] = [*free, *tables]
    return sorted(blocks, key=lambda b: b.top)


def _caption_tops(lines: list[TextLine], bands: list[HeaderBand], size: float) -> list[float]:
    """Tops of the short bold lines right above a table's header: its title, which ends
    the table above it even where that table's rows are set larger than the title (an
    HTML page in quirks mode sets table text at the browser's default size)."""
    tops = []
    for band in bands:
        above = [ln for ln in lines if band.top - 1.5 * size < ln.bottom <= band.top + 1]
        if above:
            line = max(above, key=lambda ln: ln.bottom)
            if line.top < band.top - 1 and heading_level(line, size) == 2:
                tops.append(line.top)
    return tops


def _cell_gap(line: TextLine, size: float) -> bool:
    """Words on the line stand apart by more than a word space: cells of a row."""
    return any(b.x0 - a.x1 > 0.8 * size for a, b in pairwise(line.words))


def _rows_not_headers(
    bands: list[HeaderBand], lines: list[TextLine], heading_tops: list[float], size: float
) -> list[HeaderBand]:
    """A header band set in regular type right under a bold one, with neither a heading
    nor prose between them (only lines set as rows), is a line of that table's rows
    whose words happen to head columns elsewhere ("Serf network port UDP outgoing"),
    unless every word of it is a header word."""
    kept: list[HeaderBand] = []
    for band in bands:
        above = kept[-1] if kept else None
        regular = not all(w.bold for w in band.words)
        if (
            above is not None
            and all(w.bold for w in above.words)
            and regular
            and not any(above.bottom < top < band.top for top in heading_tops)
            and not all(header_role(w.text) for w in band.words)
            and not any(
                above.bottom < ln.top < band.top and _prose(ln, above, size) for ln in lines
            )
        ):
            continue
        kept.append(band)
    return kept


def _prose(line: TextLine, band: HeaderBand, size: float) -> bool:
    """A line of running text: no gap between cells, as wide as most of the table's
    header (a line of one cell is as wide as its cell)."""
    width = max(w.x1 for w in band.words) - min(w.x0 for w in band.words)
    return not _cell_gap(line, size) and line.x1 - line.x0 > 0.6 * width


def _stack_headers(tables: list[Table], size: float) -> list[Table]:
    """A header band with no rows right above another one is the upper level of a
    two-level header ("Source" over "Component | Port(s)"): each lower column's header
    is read under the upper cell above it ("Source Port(s)")."""
    out: list[Table] = []
    for table in tables:
        upper = out[-1] if out else None
        gap = min(w.top for w in table.header_words) - upper.bottom if upper else 0.0
        bold = [all(w.bold for w in t.header_words) for t in (upper, table) if t is not None]
        if (
            upper is None
            or upper.rows
            or bold == [True, False]  # a bold header over a regular line: a row, not a level
            or not -0.5 * size <= gap < 1.6 * size
            or table.x0 > upper.x1
            or table.x1 < upper.x0
        ):
            out.append(table)
            continue
        for column in table.columns:
            over = max(
                upper.columns,
                key=lambda c: min(c.x1, column.x1) - max(c.x0, column.x0),
            )
            if min(over.x1, column.x1) - max(over.x0, column.x0) <= 0:
                continue
            if over.header and over.header != column.header:
                column.header = f"{over.header} {column.header}".strip()
                column.role = cell_role(column.header)
        table.top = upper.top
        table.header_words = [*upper.header_words, *table.header_words]
        out[-1] = table
    return out


def _continuation_table(
    page: PageModel,
    words: list[Word],
    lines: list[TextLine],
    tables: list[Table],
    previous: Table | None,
    size: float,
    stops: list[float],
) -> Table | None:
    """Rows at the top of a page, before any header band or text, under a table that
    ended on the previous page: that table continues without a repeated header."""
    if previous is None:
        return None
    first_table_top = min((t.top for t in tables), default=page.height)
    rules = sorted(
        (r for r in page.hrules if overlap_ratio(r, previous.x0, previous.x1) >= 0.6),
        key=lambda r: r.y,
    )
    rules = [r for r in rules if r.y < first_table_top - 1]
    columns = [Column(c.index, c.x0, c.x1, c.header, c.role) for c in previous.columns]
    frame = Frame(page, columns, previous.x0, previous.x1, words, size)
    if not rules:
        return _unruled_continuation(frame, lines, stops, first_table_top)
    top = rules[0].y
    above = [ln for ln in lines if ln.bottom < top + 1]
    if above:
        # HTML exporters rule only below rows: the continued row has no rule above it.
        inside = all(
            ln.x0 >= previous.x0 - 2 and ln.x1 <= previous.x1 + 2 and ln.size < 1.15 * size
            for ln in above
        )
        if not inside:
            return None  # text stands above: not a continuation
        top = min(ln.top for ln in above) - 1
    elif len(rules) < 2:
        return None
    limit = _table_limit(page, top, previous.x0, previous.x1, [*stops, first_table_top], None)
    table = _build_table(frame, top, limit, has_header=False)
    return table if table.rows else None


def _unruled_continuation(
    frame: Frame, lines: list[TextLine], stops: list[float], first_table_top: float
) -> Table | None:
    """A table drawn without rules, going on at the top of a page with no header: the
    page's first lines keep to its columns (no word across the first column's or a
    key column's edge, nothing left of it, no heading) and hold at least one whole row
    (text in the first and a key column). A list or prose at the top of a page, after
    a table that ended the page before, does not."""
    page, size, columns = frame.page, frame.size, frame.columns
    first = next((ln for ln in lines if ln.bottom < first_table_top), None)
    if first is None or first.size >= 1.15 * size or not frame.x0 - 4 <= first.x0:
        return None
    top = first.top - 1
    limit = _table_limit(page, top, frame.x0, frame.x1, [*stops, first_table_top], None)
    table = _build_table(frame, top, limit, has_header=False)
    words = [w for row in table.rows for c in row.cells for ln in c.lines for w in ln.words]
    if any(text_crosses(words, edge) for edge in row_edges(columns)):
        return None
    keys = [c.index for c in key_columns(columns)]
    whole = [row for row in table.rows if _fills(row, 0) and any(_fills(row, k) for k in keys)]
    return table if whole else None


class LaidOut:
    """The blocks of a document, in reading order, read back one page at a time (see
    ``pipeline.pdf.spill``); iterate as often as needed. A table split over pages comes as
    one ``Table`` per page, each later part marked ``continues``."""

    def __init__(
        self,
        pages: SpillList[list[Block]],
        text_size: float,
        running: list[str] | None = None,
        issues: list[Issue] | None = None,
    ) -> None:
        self._pages = pages
        self.text_size = text_size
        # The running headers and footers left out of the blocks, each once.
        self.running: list[str] = running or []
        # What the layout reports of the pages themselves: hidden text.
        self.issues: list[Issue] = issues or []

    def __iter__(self) -> Iterator[Block]:
        for blocks in self._pages:
            for block in blocks:
                yield _as_heading(block, self.text_size) if isinstance(block, TextLine) else block


def layout_document(pages: Sequence[PageModel]) -> LaidOut:
    """All pages -> one stream of blocks, with the parts of tables split over pages
    marked. Pages are read three times (body size, furniture, layout), one at a time."""
    size = body_size(pages)
    running: list[str] = []
    furniture = find_furniture(pages, size, running)
    laid_out: SpillList[list[Block]] = SpillList()
    text_sizes: Counter[float] = Counter()
    # The table the last block belongs to (its frame only: rows are not kept), and the
    # page of its last row.
    table: Table | None = None
    last_row_page = 0
    issues: list[Issue] = []
    for page in pages:
        page_blocks = layout_page(page, furniture, size, table)
        issues += hidden_issues(page, page_blocks)
        for block in page_blocks:
            if not isinstance(block, Table):
                table = None
                if isinstance(block, TextLine):
                    count_sizes(text_sizes, block.words)
            elif table is not None and _continues(table, last_row_page, block):
                block.continues = True
                block.x0, block.x1 = table.x0, table.x1  # one table, one frame
                if block.rows:
                    block.rows[0].after_page_break = True
                    last_row_page = block.rows[-1].page
            else:
                _join_centred_top(block, page.hrules)
                table = Table(block.columns, [], block.page, block.top, block.x0, block.x1)
                last_row_page = block.rows[-1].page if block.rows else 0
        laid_out.append(page_blocks)
    # Headings stand out from the running text, not from the tables (often set smaller).
    text_size = float(text_sizes.most_common(1)[0][0]) if text_sizes else size
    return LaidOut(laid_out, text_size, running, issues)


def _as_heading(line: TextLine, size: float) -> Block:
    level = heading_level(line, size)
    return line if level is None else Heading(line, level)


def _fills(row: Row, index: int) -> bool:
    """The row has text in column ``index`` (or a cell merged over it)."""
    return any(c.lines for c in row.cells if c.first <= index <= c.last)


def _join_centred_top(table: Table, hrules: list[Rule]) -> None:
    """A table's first row with nothing in its first and key columns, above a row with
    no rule between them: the top lines of that row, its cells set vertically centred
    (only a table that begins here: at a page's top such lines end a row cut by the
    break). Its lines join the next row's cells."""
    if len(table.rows) < 2:
        return
    first, second = table.rows[:2]
    if any(_fills(first, k) for k in {0} | {c.index for c in key_columns(table.columns)}):
        return
    if any(
        abs(r.y - first.bottom) <= 1.5 and overlap_ratio(r, table.x0, table.x1) >= 0.6
        for r in hrules
    ):
        return
    move_lines(first, second, before=True)
    for cell in second.cells:
        cell.top = first.top
    second.top = first.top
    del table.rows[0]


def _continues(last: Table, last_row_page: int, table: Table) -> bool:
    """A table at the top of a page right after a table that ended the previous page."""
    if last_row_page >= table.page:
        return False
    same_header = [c.header.lower() for c in last.columns] == [
        c.header.lower() for c in table.columns
    ]
    return not table.has_header or same_header
