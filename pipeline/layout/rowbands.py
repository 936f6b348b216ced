"""A table's rows on one page: where each row's band begins and ends, from the rules
between rows where the producer draws them, else from the white space between the text
lines and the columns they fill (cells may be set vertically centred). A table ends at
an empty stretch inside no frame, at prose that runs past its edge, or at lines that no
longer keep to its columns (a footnote, a list, a heading)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import accumulate, pairwise

from pipeline.layout.blocks import Column, TextLine, group_lines
from pipeline.pdf.pdfmodel import PageModel, Rule, Word
from pipeline.values import vocabulary as vocab
from pipeline.values.normalize import is_protocols


def rule_levels(rules: list[Rule], x0: float, x1: float) -> list[float]:
    """Heights at which horizontal rules cross most (60%) of ``x0``..``x1``, counting
    every piece at that height: a cell spanning rows breaks the rule between them into
    pieces on either side of it."""
    levels: list[list[Rule]] = []
    for rule in sorted(rules, key=lambda r: r.y):
        if levels and rule.y - levels[-1][-1].y <= 1.5:
            levels[-1].append(rule)
        else:
            levels.append([rule])
    return [level[0].y for level in levels if sum(overlap_ratio(r, x0, x1) for r in level) >= 0.6]


def overlap_ratio(rule: Rule, x0: float, x1: float) -> float:
    width = max(x1 - x0, 1.0)
    return max(0.0, min(rule.x1, x1) - max(rule.x0, x0)) / width


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


def row_bands(frame: Frame, table_top: float, limit: float) -> list[tuple[float, float]]:
    page, x0, x1, words, size = frame.page, frame.x0, frame.x1, frame.words, frame.size
    ys = rule_levels([r for r in page.hrules if table_top - 1 < r.y <= limit], x0, x1)
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
        if any(text_crosses(line.words, b) for b in boundaries):
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
    keys = key_columns(columns)
    boundaries = row_edges(columns)

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
            text_crosses(ln.words, b) for ln in stretch for b in boundaries
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


def text_crosses(words: list[Word], boundary: float) -> bool:
    """True when a word straddles ``boundary``: text flowing across a column line that is
    not drawn means the cell is merged (HTML exporters draw no vertical rules)."""
    return any(w.x0 < boundary - 1.5 and w.x1 > boundary + 1.5 for w in words)


def _begins_ports(word: str) -> bool:
    """A port cell's value begins with a number, "Any"/"All"/"*" or a protocol name."""
    if word[:1].isdigit() or word.lower() in ("any", "all", "*"):
        return True
    # "TCP/UDP", a protocol glued to its port ("tcp:8443", "TCP/443"), or an
    # application standing in for its transport ("HTTPS").
    bare = word.strip("/,;:")
    return (
        is_protocols(bare)
        or is_protocols(re.split(r"[:/]", bare, maxsplit=1)[0])
        or bool(vocab.application_transports(bare))
    )


def key_columns(columns: list[Column]) -> list[Column]:
    """The columns every row of a table fills: its port/protocol columns, else the first."""
    return [c for c in columns if c.role in ("port", "protocol")] or columns[:1]


def row_edges(columns: list[Column]) -> list[float]:
    """The column edges a row's text keeps to: the first column's and the key columns'
    (other columns may be merged across)."""
    keyed = {0} | {c.index for c in key_columns(columns)}
    return sorted(
        {columns[k].x0 for k in keyed if k}
        | {columns[k + 1].x0 for k in keyed if k + 1 < len(columns)}
    )
