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
from dataclasses import dataclass, replace
from itertools import accumulate, pairwise

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
)
from pipeline.pdf.pdfmodel import PageModel, Rule, Word
from pipeline.pdf.spill import SpillList
from pipeline.values.normalize import is_protocols

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


def _rule_levels(rules: list[Rule], x0: float, x1: float) -> list[float]:
    """Heights at which horizontal rules cross most (60%) of ``x0``..``x1``, counting
    every piece at that height: a cell spanning rows breaks the rule between them into
    pieces on either side of it."""
    levels: list[list[Rule]] = []
    for rule in sorted(rules, key=lambda r: r.y):
        if levels and rule.y - levels[-1][-1].y <= 1.5:
            levels[-1].append(rule)
        else:
            levels.append([rule])
    return [level[0].y for level in levels if sum(_overlap_ratio(r, x0, x1) for r in level) >= 0.6]


def _overlap_ratio(rule: Rule, x0: float, x1: float) -> float:
    width = max(x1 - x0, 1.0)
    return max(0.0, min(rule.x1, x1) - max(rule.x0, x0)) / width


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


@dataclass(frozen=True, slots=True)
class Frame:
    """One table on one page: its columns, its horizontal extent, the page's words."""

    page: PageModel
    columns: list[Column]
    x0: float
    x1: float
    words: list[Word]
    size: float

    def spans(self, word: Word) -> bool:
        return self.x0 - 2 <= word.xc <= self.x1 + 2


def _rows(frame: Frame, table_top: float, limit: float) -> list[tuple[float, float]]:
    page, x0, x1, words, size = frame.page, frame.x0, frame.x1, frame.words, frame.size
    ys = _rule_levels([r for r in page.hrules if table_top - 1 < r.y <= limit], x0, x1)
    if not ys or abs(ys[0] - table_top) > 1.5:
        ys.insert(0, table_top)
    if len(ys) <= 2:
        # No rules between rows (borderless, or only a rule under the header and one
        # at the end): rows come from the text lines themselves.
        end = ys[1] if len(ys) == 2 else limit
        rows = _unruled_rows(frame, table_top, end, closed=len(ys) == 2)
        # The second rule may be the top of a striped table's one shaded row, not the
        # table's end: a row right under it that keeps to the columns is the last row.
        open_end = _open_last_row(frame, ys[1], limit, table_top) if len(ys) == 2 and rows else None
        return [*rows, (ys[1], open_end)] if open_end is not None else rows
    bands = []
    for top, bottom in pairwise(ys):
        filled = any(top < w.yc < bottom and frame.spans(w) for w in words)
        if not filled and bottom - top > 2.5 * size and not _framed(frame, top, bottom):
            break  # an empty stretch: the table ended at the previous rule
        if filled and _runs_past(frame, top, bottom):
            break  # prose across the table's edge: the table ended (a rule further down)
        if filled:
            bands.append((top, bottom))  # its words are gathered once, by _build_table
    else:
        open_end = _open_last_row(frame, ys[-1], limit, table_top)
        if open_end is not None:
            bands.append((ys[-1], open_end))
    return bands


def _runs_past(frame: Frame, top: float, bottom: float) -> bool:
    """A line between ``top`` and ``bottom`` runs from inside the table's frame to well
    outside it: prose under a table narrower than the page, not a row."""
    inside = [w for w in frame.words if top < w.yc < bottom]
    return any(
        any(frame.spans(w) for w in ln.words)
        and any(w.x0 > frame.x1 + frame.size or w.x1 < frame.x0 - frame.size for w in ln.words)
        for ln in group_lines(inside)
    )


def _framed(frame: Frame, top: float, bottom: float) -> bool:
    """The table's side rules run past ``top``..``bottom``: an empty row inside the
    frame (LibreOffice leaves one where a row broke over the page), not its end."""
    near = 0.5 * frame.size  # shading may stop short of the rule it sits inside
    sides = {
        abs(v.x - frame.x0) < near
        for v in frame.page.vrules
        if v.top <= top + 1
        and v.bottom >= bottom - 1
        and (abs(v.x - frame.x0) < near or abs(v.x - frame.x1) < near)
    }
    return len(sides) == 2


def _open_last_row(frame: Frame, rule_y: float, limit: float, table_top: float) -> float | None:
    """The bottom of a last row drawn with no rule under it (striped tables rule only
    their shaded rows; a row cut by a page break has none): lines right under the last
    rule that keep to the columns (no word across a column boundary), the first filling
    two or more of them. Prose, a heading or a list after the table does not."""
    size = frame.size
    below = [w for w in frame.words if rule_y < w.yc < limit and frame.spans(w)]
    boundaries = [c.x0 for c in frame.columns[1:]]
    # Where the rows above start their first column's text (cells padded): a line
    # starting further left (a footnote under the table) is not a row.
    first = frame.columns[0]
    starts = [
        w.x0 for w in frame.words if table_top < w.yc < rule_y and first.x0 - 2 <= w.x0 < first.x1
    ]
    indent = min(starts, default=first.x0)
    end: float | None = None
    previous = rule_y
    for line in group_lines(below):
        gap = line.top - previous
        if gap > (1.5 if end is None else 0.8) * size or line.size >= 1.15 * size:
            break
        if line.x0 < indent - 2:
            break
        if any(_text_crosses(line.words, b) for b in boundaries):
            break
        if end is None:
            filled = {sum(1 for b in boundaries if w.xc > b) for w in line.words}
            if len(filled) < 2:
                break
        end = previous = line.bottom
    return None if end is None else end + 1


def _unruled_rows(
    frame: Frame, top: float, end: float, *, closed: bool
) -> list[tuple[float, float]]:
    """Rows of a table without row rules: split where the white space between lines
    opens up, or else where a line starts both the first column and a port/protocol
    column. Cells may be set vertically centred (LibreOffice): a short cell's lines
    then fall between a tall cell's, and a row's first line may be in any column."""
    x0, size, columns = frame.x0, frame.size, frame.columns
    lines = group_lines(w for w in frame.words if top < w.yc < end and frame.spans(w))
    keys = _key_columns(columns)
    boundaries = _row_edges(columns)

    def in_column(line: TextLine, col: Column) -> list[str]:
        return [w.text for w in line.words if col.x0 - 1.5 <= w.x0 < col.x1 - 1.5]

    def has_text(line: TextLine, col: Column) -> bool:
        return bool(in_column(line, col))

    def has_key(line: TextLine, col: Column) -> bool:
        """Text in a key column that can begin its value: "(in/out)" under "53" or
        "TCP" under "UDP/" goes on with the value above."""
        found = in_column(line, col)
        return bool(found) and (col.role != "port" or _begins_ports(found[0]))

    def row_start(line: TextLine) -> bool:
        keyed = [k for k in keys if has_text(line, k)]
        return has_text(line, columns[0]) and bool(keyed) and all(has_key(line, k) for k in keyed)

    def fills_row(stretch: list[TextLine]) -> bool:
        """Lines that fill the first column and a key column (anywhere among them:
        cells may be set vertically centred)."""
        return any(has_text(ln, columns[0]) for ln in stretch) and any(
            has_key(ln, k) for ln in stretch for k in keys
        )

    def is_row(stretch: list[TextLine]) -> bool:
        """A row standing on its own: it fills the row, no word across its edges."""
        return fills_row(stretch) and not any(
            _text_crosses(ln.words, b) for ln in stretch for b in boundaries
        )

    kept: list[TextLine] = []
    low = top
    for n, ln in enumerate(lines):
        if not closed and ln.x0 < x0 - 4:
            break
        if kept and not closed and ln.top - low > 1.6 * size:
            # A wide gap ends a borderless table, unless a row follows (rows padded
            # apart): the lines up to the next wide gap fill the columns as a row does.
            stretch, stretch_low = [ln], ln.bottom
            for nxt in lines[n + 1 :]:
                if nxt.top - stretch_low > 1.6 * size:
                    break
                stretch.append(nxt)
                stretch_low = max(stretch_low, nxt.bottom)
            if not is_row(stretch) or any(k.x0 < x0 - 4 for k in stretch):
                break
        kept.append(ln)
        low = max(low, ln.bottom)
    if not kept:
        return []

    # The white space above each line is measured from the lowest bottom of the lines
    # before it: cells set vertically centred interleave their lines (a negative gap).
    lows = list(accumulate((ln.bottom for ln in kept), max))
    gaps = [ln.top - lows[i - 1] for i, ln in enumerate(kept) if i]
    spaces = [g for g in gaps if g > 0]
    starts = [0]
    # Wider than the spacing of a cell's lines: the least space seen, or half a line
    # when every space is wide (centred cells interleave all their lines).
    cut = min([*spaces, 0.5 * size]) + 0.4 * size
    if spaces and max(spaces) >= cut:
        # A stretch after wide spacing is a row if it fills the first column and a key
        # column (anywhere in it: centred cells); else the spacing is inside a cell
        # (paragraphs) and it belongs to the row above.
        # (The first line may continue a row from the previous page: not checked.)
        breaks = [i + 1 for i, g in enumerate(gaps) if g >= cut]
        for i, end_i in zip(breaks, [*breaks[1:], len(kept)], strict=True):
            if fills_row(kept[i:end_i]):
                starts.append(i)
    elif not closed:
        # A line set between two lines of the row above (a centred cell) starts nothing.
        starts += [
            i
            for i, ln in enumerate(kept[1:], start=1)
            if row_start(ln) and gaps[i - 1] > -0.25 * size
        ]
    # A bold line alone in the first column of a table set in regular type is a
    # sub-heading row: a row of its own, and the line after it starts the next.
    regular = sum(not ln.bold for ln in kept) * 2 >= len(kept)
    for i, ln in enumerate(kept):
        alone = ln.bold and all(w.x1 <= columns[0].x1 + 1.5 for w in ln.words)
        if regular and alone and has_text(ln, columns[0]):
            starts += [i, i + 1] if i + 1 < len(kept) else [i]
    starts = sorted(set(starts))
    bands = []
    for n, i in enumerate(starts):
        last = (starts[n + 1] - 1) if n + 1 < len(starts) else len(kept) - 1
        band_top = top if n == 0 else (lows[i - 1] + kept[i].top) / 2
        band_bottom = (
            (lows[last] + kept[last + 1].top) / 2
            if last + 1 < len(kept)
            else (end if closed else lows[last] + 1)
        )
        bands.append((band_top, band_bottom))
    return bands


def _row_cells(
    frame: Frame, top: float, bottom: float, words: list[Word], has_vrules: bool
) -> list[Cell]:
    page, columns = frame.page, frame.columns
    mid = (top + bottom) / 2
    bounds = [c.x0 for c in columns[1:]]
    present = []
    for b in bounds:
        if has_vrules:
            present.append(
                any(abs(v.x - b) < 2.5 and v.top <= mid <= v.bottom for v in page.vrules)
            )
        else:
            present.append(not _text_crosses(words, b))
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


def _text_crosses(words: list[Word], boundary: float) -> bool:
    """True when a word straddles ``boundary``: text flowing across a column line that is
    not drawn means the cell is merged (HTML exporters draw no vertical rules)."""
    return any(w.x0 < boundary - 1.5 and w.x1 > boundary + 1.5 for w in words)


def _build_table(frame: Frame, table_top: float, limit: float, has_header: bool) -> Table:
    page, columns = frame.page, frame.columns
    has_vrules = any(
        abs(v.x - c.x0) < 2.5 and v.bottom > table_top for c in columns[1:] for v in page.vrules
    )
    rows = []
    for top, bottom in _rows(frame, table_top, limit):
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
        and not text.endswith((".", ",", ";"))
        and bool(re.search(r"[A-Za-z]{3}", text))
    )


def layout_page(
    page: PageModel,
    furniture: set[tuple[int, float, float]],
    size: float,
    previous: Table | None,
) -> list[Block]:
    """One page -> blocks in reading order (top to bottom)."""
    page = _without_pills(page, size)
    words = [w for w in page.words if (w.page, w.x0, w.top) not in furniture]
    lines = group_lines(words)
    heading_tops = [ln.top for ln in lines if ln.size >= size * 1.15]
    bands = _rows_not_headers(header_bands(lines, size, page.hrules, page.vrules), heading_tops)
    space = space_width(lines, size)
    stops = sorted([b.top for b in bands] + heading_tops)
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
        else:
            x0, x1 = bx0 - 3, max([w.x1 for w in words] + [bx1]) + 3
            body_top = band.bottom + 0.5
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
        columns = header_columns(band, page, x0, x1, size, space, body)
        if len(columns) < 2:
            continue
        mid = (band.top + band.bottom) / 2
        limit = _table_limit(page, body_top, x0, x1, stops, mid)
        table = _build_table(Frame(page, columns, x0, x1, words, size), body_top, limit, True)
        table.top = above.y if above is not None else band.top - 1
        table.header_words = band.words
        tables.append(table)
    tables = _stack_headers(tables, size)
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


def _without_pills(page: PageModel, size: float) -> PageModel:
    """The page without the vertical rules shorter than a line of text: the rounded
    ends of a shaded box around a value inside a cell (a "code pill"), not a cell's
    edge (a cell is at least one line high)."""
    vrules = [v for v in page.vrules if v.bottom - v.top >= 0.8 * size]
    return page if len(vrules) == len(page.vrules) else replace(page, vrules=vrules)


def _cell_gap(line: TextLine, size: float) -> bool:
    """Words on the line stand apart by more than a word space: cells of a row."""
    return any(b.x0 - a.x1 > 0.8 * size for a, b in pairwise(line.words))


def _rows_not_headers(bands: list[HeaderBand], heading_tops: list[float]) -> list[HeaderBand]:
    """A header band set in regular type right under a bold one (no heading between)
    is a line of that table's rows whose words happen to head columns elsewhere
    ("Serf network port UDP outgoing"), unless every word of it is a header word."""
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
        ):
            continue
        kept.append(band)
    return kept


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
        (r for r in page.hrules if _overlap_ratio(r, previous.x0, previous.x1) >= 0.6),
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
    if any(_text_crosses(words, edge) for edge in _row_edges(columns)):
        return None
    keys = [c.index for c in _key_columns(columns)]
    whole = [row for row in table.rows if _fills(row, 0) and any(_fills(row, k) for k in keys)]
    return table if whole else None


class LaidOut:
    """The blocks of a document, in reading order, read back one page at a time (see
    ``pipeline.pdf.spill``); iterate as often as needed. A table split over pages comes as
    one ``Table`` per page, each later part marked ``continues``."""

    def __init__(
        self, pages: SpillList[list[Block]], text_size: float, running: list[str] | None = None
    ) -> None:
        self._pages = pages
        self.text_size = text_size
        # The running headers and footers left out of the blocks, each once.
        self.running: list[str] = running or []

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
    for page in pages:
        page_blocks = layout_page(page, furniture, size, table)
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
    return LaidOut(laid_out, text_size, running)


def _as_heading(line: TextLine, size: float) -> Block:
    level = heading_level(line, size)
    return line if level is None else Heading(line, level)


def _begins_ports(word: str) -> bool:
    """A port cell's value begins with a number, "Any"/"All"/"*" or a protocol name."""
    if word[:1].isdigit() or word.lower() in ("any", "all", "*"):
        return True
    return is_protocols(word.strip("/,;:"))


def _key_columns(columns: list[Column]) -> list[Column]:
    """The columns every row of a table fills: its port/protocol columns, else the first."""
    return [c for c in columns if c.role in ("port", "protocol")] or columns[:1]


def _row_edges(columns: list[Column]) -> list[float]:
    """The column edges a row's text keeps to: the first column's and the key columns'
    (other columns may be merged across)."""
    keyed = {0} | {c.index for c in _key_columns(columns)}
    return sorted(
        {columns[k].x0 for k in keyed if k}
        | {columns[k + 1].x0 for k in keyed if k + 1 < len(columns)}
    )


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
    if any(_fills(first, k) for k in {0} | {c.index for c in _key_columns(table.columns)}):
        return
    if any(
        abs(r.y - first.bottom) <= 1.5 and _overlap_ratio(r, table.x0, table.x1) >= 0.6
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
