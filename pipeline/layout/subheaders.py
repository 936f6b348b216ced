"""A header cell over sub-columns -> one column per sub-column.

A two-level header ("Service | Ports | Destination" over "TCP | UDP" under Ports) is
printed as a header row and, under one of its cells, a second row of header words.
The header band reads the first row; the second arrives as the table's first row.
When that row holds nothing but header words set apart into groups under one header
cell, each group is a sub-column: its header is the two joined ("Ports TCP"), and the
cells of that column in every row are parted at the same edges.
"""

from __future__ import annotations

from itertools import pairwise

from pipeline.layout.blocks import Cell, Column, Table, TextLine
from pipeline.layout.headers import cell_role, header_role
from pipeline.pdf.pdfmodel import Rule, Word


def _groups(words: list[Word], edges: list[float], space: float) -> list[list[Word]]:
    """Words of one line of a cell -> the groups a rule or a wide gap parts."""
    groups: list[list[Word]] = []
    for word in sorted(words, key=lambda w: w.x0):
        if groups:
            prev = groups[-1][-1]
            ruled = any(prev.x1 <= x <= word.x0 for x in edges)
            if not ruled and word.x0 - prev.x1 <= space:
                groups[-1].append(word)
                continue
        groups.append([word])
    return groups


def _sub_columns(
    column: Column, cell: Cell, vrules: list[Rule], size: float
) -> list[Column] | None:
    """The sub-columns a sub-header cell under ``column`` names, or None."""
    words = [w for line in cell.lines for w in line.words]
    if len(cell.lines) != 1 or not all(w.bold and header_role(w.text) for w in words):
        return None
    mid = (cell.top + cell.bottom) / 2
    edges = sorted(
        v.x for v in vrules if column.x0 + 2 < v.x < column.x1 - 2 and v.top <= mid <= v.bottom
    )
    groups = _groups(words, edges, 1.5 * size)
    if len(groups) < 2:
        return None
    if len(edges) != len(groups) - 1:
        # No rule between them: the sub-columns meet halfway between the groups.
        edges = [(a[-1].x1 + b[0].x0) / 2 for a, b in pairwise(groups)]
    bounds = [column.x0, *edges, column.x1]
    out = []
    for group, (left, right) in zip(groups, pairwise(bounds), strict=True):
        header = f"{column.header} {' '.join(w.text for w in group)}".strip()
        out.append(Column(0, left, right, header, cell_role(header)))
    return out


def _part(cell: Cell, subs: list[Column], first: int) -> list[Cell]:
    """A cell of a split column -> one cell per sub-column (empty where no word is)."""
    out = []
    for k, sub in enumerate(subs):
        lines = [
            TextLine(inside)
            for line in cell.lines
            if (inside := [w for w in line.words if sub.x0 <= w.xc < sub.x1])
        ]
        links = [link for link in cell.links if sub.x0 <= (link.x0 + link.x1) / 2 < sub.x1]
        out.append(
            Cell(
                first + k,
                first + k,
                lines,
                sub.x0,
                cell.top,
                sub.x1,
                cell.bottom,
                links,
                joined_above=cell.joined_above,
            )
        )
    return out


def split_sub_headers(table: Table, vrules: list[Rule], size: float) -> None:
    """Where the table's first row is a row of sub-headers (see the module's doc), part
    the columns it names and their cells, and take the row into the header."""
    if not table.rows or not table.has_header:
        return
    first_row = table.rows[0]
    filled = [c for c in first_row.cells if c.lines]
    if not filled or any(c.first != c.last for c in filled):
        return
    splits: dict[int, list[Column]] = {}
    for cell in filled:
        subs = _sub_columns(table.columns[cell.first], cell, vrules, size)
        if subs is None:
            return  # a row of values, or a header word alone: not a sub-header row
        splits[cell.first] = subs
    index_of: dict[int, int] = {}  # old column index -> its first new index
    columns: list[Column] = []
    for column in table.columns:
        index_of[column.index] = len(columns)
        for sub in splits.get(column.index, [column]):
            columns.append(Column(len(columns), sub.x0, sub.x1, sub.header, sub.role))
    rows = []
    for row in table.rows[1:]:
        cells: list[Cell] = []
        for cell in row.cells:
            subs = splits.get(cell.first)
            if subs and cell.first == cell.last:
                cells += _part(cell, subs, index_of[cell.first])
            else:
                cell.first = index_of[cell.first]
                cell.last = index_of[cell.last] + len(splits.get(cell.last, [None])) - 1
                cells.append(cell)
        row.cells = cells
        rows.append(row)
    table.columns = columns
    table.rows = rows
    table.header_words = [
        *table.header_words,
        *(w for c in filled for line in c.lines for w in line.words),
    ]
