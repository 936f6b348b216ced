"""Page models -> document blocks: headings, free text lines and tables.

Tables are found by structure: a header band (a line of known header words such as
"Item", "Protocol", "Port", "Hostname", "Date", "Version"), the horizontal rules below
it for rows, vertical rules (where the producer draws them) or the header words' left
edges for columns. A cell merged across columns is recognised by a missing vertical
rule, or (with no vertical rules) by text flowing across a column boundary. Tables
that continue on the next page, with or without a repeated header, are stitched into
one ``Table`` whose first row on the new page is marked ``after_page_break``.
Running headers and footers ("Page 3 of 7", repeated titles) are dropped first.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from pipeline.pdfmodel import Link, PageModel, Rule, Word

# Header vocabulary: a header cell's words -> the column's role. Structural, not
# tuned to a sample: these are the words vendors use to head such tables.
HEADER_ROLES: dict[str, str] = {
    "item": "service",
    "service": "service",
    "services": "service",
    "name": "service",
    "feature": "service",
    "function": "service",
    "purpose": "service",
    "application": "service",
    "component": "service",
    "protocol": "protocol",
    "protocols": "protocol",
    "proto": "protocol",
    "transport": "protocol",
    "udp": "protocol",
    "tcp": "protocol",
    "udp/tcp": "protocol",
    "tcp/udp": "protocol",
    "port": "port",
    "ports": "port",
    "port(s)": "port",
    "direction": "direction",
    "dir": "direction",
    "hostname": "host",
    "hostnames": "host",
    "host": "host",
    "hosts": "host",
    "fqdn": "host",
    "url": "host",
    "urls": "host",
    "domain": "host",
    "domains": "host",
    "destination": "host",
    "server": "host",
    "servers": "host",
    "source": "host",
    "sources": "host",
    "peer": "host",
    "remote": "host",
    "endpoint": "host",
    "endpoints": "host",
    "ip": "address",
    "address": "address",
    "addresses": "address",
    "ips": "address",
    "details": "notes",
    "comment": "notes",
    "comments": "notes",
    "notes": "notes",
    "note": "notes",
    "remarks": "notes",
    "description": "description",
    "date": "date",
    "vers": "version",
    "vers.": "version",
    "version": "version",
    "rev": "version",
    "rev.": "version",
    "revision": "version",
    "change": "change",
    "changes": "change",
    "summary": "change",
    "author": "author",
    "by": "author",
    "editor": "author",
}

PAGE_NUMBER = re.compile(r"^\s*(page\s*)?\d+(\s*(of|/)\s*\d+)?\s*$", re.IGNORECASE)


@dataclass
class TextLine:
    words: list[Word]

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def page(self) -> int:
        return self.words[0].page

    @property
    def x0(self) -> float:
        return min(w.x0 for w in self.words)

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def size(self) -> float:
        return max(w.size for w in self.words)

    @property
    def bold(self) -> bool:
        return all(w.bold for w in self.words)


@dataclass
class Column:
    index: int
    x0: float
    x1: float
    header: str
    role: str | None


@dataclass
class Cell:
    first: int  # first column index spanned
    last: int  # last column index spanned (== first unless merged)
    lines: list[TextLine]
    x0: float
    top: float
    x1: float
    bottom: float
    links: list[Link] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(line.text for line in self.lines)


@dataclass
class Row:
    page: int
    top: float
    bottom: float
    cells: list[Cell]
    after_page_break: bool = False
    # Later parts of this row, when the family parser joins a row split by a page break.
    continuation: list[Row] = field(default_factory=list)


@dataclass
class Table:
    columns: list[Column]
    rows: list[Row]
    page: int
    top: float
    x0: float
    x1: float
    bottom: float = 0.0
    has_header: bool = True
    header_words: list[Word] = field(default_factory=list)
    # Words inside the table's frame that fell in no row: reported, never dropped.
    stray: list[Word] = field(default_factory=list)

    @property
    def roles(self) -> list[str | None]:
        return [c.role for c in self.columns]


@dataclass
class Heading:
    line: TextLine
    level: int = 1  # 1: set larger than body text; 2: body-size bold line

    @property
    def text(self) -> str:
        return self.line.text

    @property
    def top(self) -> float:
        return self.line.top


Block = Heading | TextLine | Table


# --- small geometry helpers -------------------------------------------------------


def group_lines(words: Iterable[Word]) -> list[TextLine]:
    """Words -> visual lines: a word joins a line it overlaps vertically by half its height."""
    lines: list[tuple[list[float], list[Word]]] = []  # ([top, bottom], words)
    for word in sorted(words, key=lambda w: (w.page, w.top, w.x0)):
        height = word.bottom - word.top
        for extent, members in reversed(lines[-4:]):
            top, bottom = extent
            overlap = min(bottom, word.bottom) - max(top, word.top)
            if members[0].page == word.page and overlap >= 0.5 * min(height, bottom - top):
                members.append(word)
                extent[0], extent[1] = min(top, word.top), max(bottom, word.bottom)
                break
        else:
            lines.append(([word.top, word.bottom], [word]))
    result = [TextLine(sorted(members, key=lambda w: w.x0)) for _, members in lines]
    return sorted(result, key=lambda ln: (ln.page, ln.top, ln.x0))


def body_size(pages: Sequence[PageModel]) -> float:
    sizes: Counter[float] = Counter()
    for page in pages:
        for w in page.words:
            sizes[round(w.size)] += len(w.text)
    return float(sizes.most_common(1)[0][0]) if sizes else 10.0


def header_role(text: str) -> str | None:
    key = text.lower().strip(" :*")
    if key in HEADER_ROLES:
        return HEADER_ROLES[key]
    key = key.strip("()/.")
    return HEADER_ROLES.get(key)


def cell_role(header: str) -> str | None:
    """The role of a header cell: its most specific vocabulary word."""
    words = [w for w in re.split(r"[\s]+", header.strip()) if w]
    joined = "".join(words).lower()
    if joined in HEADER_ROLES:
        return HEADER_ROLES[joined]
    roles = [header_role(w) for w in words]
    found = [r for r in roles if r]
    if not found:
        return None
    # "IP Address" -> address, "Destination port" -> port: the last role word decides.
    return found[-1]


# --- page furniture ---------------------------------------------------------------


def _furniture_key(line: TextLine) -> str:
    return re.sub(r"\d+", "#", line.text.lower())


def find_furniture(pages: Sequence[PageModel]) -> set[tuple[int, float, float]]:
    """Running headers/footers: margin lines repeated on other pages, or page numbers."""
    margin_lines: list[tuple[PageModel, TextLine]] = []
    for page in pages:
        for line in group_lines(page.words):
            if line.bottom < page.height * 0.09 or line.top > page.height * 0.91:
                margin_lines.append((page, line))
    counts = Counter(_furniture_key(line) for _, line in margin_lines)
    repeated_pages = max(2, (len(pages) + 1) // 2)
    furniture: set[tuple[int, float, float]] = set()
    for _page, line in margin_lines:
        key = _furniture_key(line)
        is_number = PAGE_NUMBER.match(line.text) or re.search(r"page\s*\d+\s*of\s*\d+", key)
        if (
            is_number
            or re.search(r"page\s*#\s*of\s*#", key)
            or (len(pages) > 1 and counts[key] >= min(repeated_pages, len(pages)))
        ):
            for w in line.words:
                furniture.add((w.page, w.x0, w.top))
    return furniture


# --- tables ------------------------------------------------------------------------


@dataclass
class _Band:
    words: list[Word]
    top: float
    bottom: float


def _header_bands(lines: list[TextLine], size: float, hrules: list[Rule]) -> list[_Band]:
    bands: list[_Band] = []
    used: set[int] = set()
    for i, line in enumerate(lines):
        if i in used:
            continue
        hits = [header_role(w.text) for w in line.words]
        roles = set(hits) - {None}
        gaps = [b.x0 - a.x1 for a, b in pairwise(line.words)]
        spread = line.x1 - line.x0 > 6 * size and any(g > 1.2 * size for g in gaps)
        if line.size >= 1.15 * size:
            continue  # a heading that happens to say "Ports and Protocols"
        mostly_vocabulary = sum(1 for h in hits if h) * 2 >= len(hits)
        if not spread or not (mostly_vocabulary or line.bold):
            continue
        if not (len(roles) >= 3 or (len(roles) >= 2 and line.bold)):
            continue
        members = [i]
        # Grow over stacked header lines ("UDP/" above "TCP"): bold or vocabulary words
        # that sit right above or below.
        for step in (-1, 1):
            j = i + step
            while 0 <= j < len(lines) and j not in used:
                cand = lines[j]
                near = members[-1] if step > 0 else members[0]
                gap = cand.top - lines[near].bottom if step > 0 else lines[near].top - cand.bottom
                headerish = all(w.bold or header_role(w.text) for w in cand.words)
                upper, lower = (lines[near], cand) if step > 0 else (cand, lines[near])
                ruled = any(
                    upper.bottom - 1 < r.y < lower.top + 1
                    for r in hrules
                    if r.x0 < cand.x1 and r.x1 > cand.x0
                )
                if gap > 0.6 * size or not headerish or cand.size >= 1.15 * size or ruled:
                    break
                if step > 0:
                    members.append(j)
                else:
                    members.insert(0, j)
                j += step
        used.update(members)
        words = [w for k in members for w in lines[k].words]
        bands.append(_Band(words, min(w.top for w in words), max(w.bottom for w in words)))
    return bands


def _near_rule(rules: list[Rule], y_from: float, y_to: float, x0: float, x1: float) -> Rule | None:
    for rule in sorted(rules, key=lambda r: r.y):
        if y_from <= rule.y <= y_to and rule.x0 <= x1 and rule.x1 >= x0:
            return rule
    return None


def _overlap_ratio(rule: Rule, x0: float, x1: float) -> float:
    width = max(x1 - x0, 1.0)
    return max(0.0, min(rule.x1, x1) - max(rule.x0, x0)) / width


def space_width(lines: list[TextLine], size: float) -> float:
    """The page's typical gap between words on a line (fonts differ: Courier's is 0.6 em)."""
    gaps = sorted(
        b.x0 - a.x1
        for line in lines
        for a, b in pairwise(line.words)
        if 0 < b.x0 - a.x1 < 1.5 * a.size
    )
    return gaps[len(gaps) // 2] if gaps else 0.3 * size


def _same_header_cell(group: list[Word], word: Word, space: float) -> bool:
    """Header words form one cell when stacked or a word space apart ("IP Address");
    two words of the same role ("IP" / "Address") may stand a little further apart."""
    gap = word.x0 - max(w.x1 for w in group)
    if gap <= 1.15 * space:
        return True
    role = header_role(word.text)
    return role is not None and gap <= 2.5 * space and role == header_role(group[-1].text)


def _split_on_body_alignment(groups: list[list[Word]], body: list[Word]) -> list[list[Word]]:
    """Split a header cell where body text below starts at one of its inner words: two
    narrow columns whose headers stand a space apart ("Direction Comment")."""
    out: list[list[Word]] = []
    for group in groups:
        current: list[Word] = []
        for word in sorted(group, key=lambda w: w.x0):
            aligned = sum(1 for b in body if abs(b.x0 - word.x0) < 1.5)
            same_line = current and abs(current[-1].top - word.top) < 1
            if same_line and aligned >= 3:
                out.append(current)
                current = []
            current.append(word)
        out.append(current)
    return out


def _header_columns(
    band: _Band,
    page: PageModel,
    x0: float,
    x1: float,
    size: float,
    space: float,
    body: list[Word],
) -> list[Column]:
    mid = (band.top + band.bottom) / 2
    vxs = sorted(
        {round(v.x, 1) for v in page.vrules if v.top <= mid <= v.bottom and x0 - 2 <= v.x <= x1 + 2}
    )
    groups: list[list[Word]] = []
    bounds: list[tuple[float, float]] = []
    if len(vxs) >= 2:
        edges = [x0, *vxs, x1] if vxs[0] > x0 + 3 else [*vxs]
        if edges[-1] < x1 - 3:
            edges.append(x1)
        for left, right in pairwise(edges):
            if right - left < 2 * size:
                continue  # a double rule, not a column
            # A ruled column with an empty header cell is still a column.
            groups.append([w for w in band.words if left - 1 <= w.xc <= right + 1])
            bounds.append((left, right))
    else:
        for word in sorted(band.words, key=lambda w: w.x0):
            if groups and _same_header_cell(groups[-1], word, space):
                groups[-1].append(word)
            else:
                groups.append([word])
        groups = _split_on_body_alignment(groups, body)
        starts = [min(w.x0 for w in g) - 2 for g in groups]
        bounds = [
            (x0 if k == 0 else starts[k], starts[k + 1] if k + 1 < len(groups) else x1)
            for k in range(len(groups))
        ]
        if starts and starts[0] - x0 > 4 * size:
            # The table's frame starts well left of the first header word: a first
            # column whose header cell is empty.
            groups.insert(0, [])
            bounds[0] = (starts[0], bounds[0][1])
            bounds.insert(0, (x0, starts[0]))
    columns = []
    for k, (g, (left, right)) in enumerate(zip(groups, bounds, strict=True)):
        header = join_header_words(g) if g else ""
        columns.append(Column(k, left, right, header, cell_role(header) if header else None))
    return columns


def join_header_words(words: list[Word]) -> str:
    parts = [ln.text for ln in group_lines(words)]
    text = ""
    for part in parts:
        text = text + part if text.endswith(("/", "-")) or not text else f"{text} {part}"
    return text


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


def _rows(
    page: PageModel,
    table_top: float,
    limit: float,
    x0: float,
    x1: float,
    words: list[Word],
    size: float,
    columns: list[Column],
) -> list[tuple[float, float]]:
    rules = sorted(
        r.y
        for r in page.hrules
        if table_top - 1 < r.y <= limit and _overlap_ratio(r, x0, x1) >= 0.6
    )
    ys: list[float] = []
    for y in rules:
        if not ys or y - ys[-1] > 1.5:
            ys.append(y)
    if not ys or abs(ys[0] - table_top) > 1.5:
        ys.insert(0, table_top)
    if len(ys) <= 2:
        # No rules between rows (borderless, or only a rule under the header and one
        # at the end): rows come from the text lines themselves.
        end = ys[1] if len(ys) == 2 else limit
        return _unruled_rows(table_top, end, x0, x1, words, size, columns, closed=len(ys) == 2)
    bands = []
    for top, bottom in pairwise(ys):
        inside = [w for w in words if top < w.yc < bottom and x0 - 2 <= w.xc <= x1 + 2]
        if not inside and bottom - top > 2.5 * size:
            break  # an empty stretch: the table ended at the previous rule
        if inside:
            bands.append((top, bottom))
    return bands


def _unruled_rows(
    top: float,
    end: float,
    x0: float,
    x1: float,
    words: list[Word],
    size: float,
    columns: list[Column],
    *,
    closed: bool,
) -> list[tuple[float, float]]:
    """Rows of a table without row rules: split where the line spacing opens up, or
    else where a line starts both the first column and a port/protocol column."""
    lines = [
        ln for ln in group_lines(w for w in words if top < w.yc < end and x0 - 2 <= w.xc <= x1 + 2)
    ]
    kept: list[TextLine] = []
    for ln in lines:
        if kept and not closed and ln.top - kept[-1].bottom > 1.6 * size:
            break  # a wide gap ends a borderless table
        if not closed and ln.x0 < x0 - 4:
            break
        kept.append(ln)
    if not kept:
        return []
    keys = [c for c in columns if c.role in ("port", "protocol")] or columns[:1]

    def has_text(line: TextLine, col: Column) -> bool:
        return any(col.x0 - 1.5 <= w.x0 < col.x1 - 1.5 for w in line.words)

    def row_start(line: TextLine) -> bool:
        return has_text(line, columns[0]) and any(has_text(line, k) for k in keys)

    gaps = [b.top - a.bottom for a, b in pairwise(kept)]
    starts = [0]
    if gaps and max(gaps) >= min(gaps) + 0.4 * size:
        cut = min(gaps) + 0.4 * size
        starts += [i + 1 for i, g in enumerate(gaps) if g >= cut]
        # (The first line may continue a row from the previous page: not checked.)
        if not all(row_start(kept[i]) for i in starts[1:]):
            starts = [0]  # the spacing is inside a cell (paragraphs), not between rows
    elif not closed:
        starts += [i for i, ln in enumerate(kept[1:], start=1) if row_start(ln)]
    bands = []
    for n, i in enumerate(starts):
        last = (starts[n + 1] - 1) if n + 1 < len(starts) else len(kept) - 1
        band_top = top if n == 0 else (kept[i - 1].bottom + kept[i].top) / 2
        band_bottom = (
            (kept[last].bottom + kept[last + 1].top) / 2
            if last + 1 < len(kept)
            else (end if closed else kept[last].bottom + 1)
        )
        bands.append((band_top, band_bottom))
    return bands


def _row_cells(
    columns: list[Column],
    page: PageModel,
    top: float,
    bottom: float,
    words: list[Word],
    has_vrules: bool,
    size: float,
) -> list[Cell]:
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


def _build_table(
    page: PageModel,
    columns: list[Column],
    table_top: float,
    limit: float,
    x0: float,
    x1: float,
    words: list[Word],
    size: float,
    has_header: bool,
) -> Table:
    has_vrules = any(
        abs(v.x - c.x0) < 2.5 and v.bottom > table_top for c in columns[1:] for v in page.vrules
    )
    rows = []
    for top, bottom in _rows(page, table_top, limit, x0, x1, words, size, columns):
        inside = [w for w in words if top < w.yc < bottom and x0 - 2 <= w.xc <= x1 + 2]
        cells = _row_cells(columns, page, top, bottom, inside, has_vrules, size)
        rows.append(Row(page.number, top, bottom, cells))
    bottom = rows[-1].bottom if rows else table_top
    return Table(columns, rows, page.number, table_top, x0, x1, bottom, has_header)


def heading_level(line: TextLine, size: float) -> int | None:
    """1 for a line set larger than body text, 2 for a short bold line, else None."""
    if line.size >= size * 1.15:
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


@dataclass
class _PageLayout:
    blocks: list[Block]
    tables: list[Table]


def layout_page(
    page: PageModel,
    furniture: set[tuple[int, float, float]],
    size: float,
    previous: Table | None,
) -> list[Block]:
    """One page -> blocks in reading order (top to bottom)."""
    words = [w for w in page.words if (w.page, w.x0, w.top) not in furniture]
    lines = group_lines(words)
    bands = _header_bands(lines, size, page.hrules)
    space = space_width(lines, size)
    heading_tops = [ln.top for ln in lines if ln.size >= size * 1.15]
    stops = sorted([b.top for b in bands] + heading_tops)
    tables: list[Table] = []
    for band in bands:
        bx0 = min(w.x0 for w in band.words)
        bx1 = max(w.x1 for w in band.words)
        below = _near_rule(page.hrules, band.bottom - 2, band.bottom + 1.6 * size, bx0, bx1)
        above = _near_rule(page.hrules, band.top - 1.2 * size, band.top + 1, bx0, bx1)
        if below is not None:
            x0, x1 = min(below.x0, bx0 - 3), max(below.x1, bx1)
            body_top = below.y
        else:
            x0, x1 = bx0 - 3, max([w.x1 for w in words] + [bx1]) + 3
            body_top = band.bottom + 0.5
        body = [w for w in words if band.bottom < w.top < band.bottom + 40 * size]
        columns = _header_columns(band, page, x0, x1, size, space, body)
        if len(columns) < 2:
            continue
        mid = (band.top + band.bottom) / 2
        limit = _table_limit(page, body_top, x0, x1, stops, mid)
        table = _build_table(page, columns, body_top, limit, x0, x1, words, size, True)
        table.top = above.y if above is not None else band.top - 1
        table.header_words = band.words
        tables.append(table)
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
    if not rules:
        return None
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
    columns = [Column(c.index, c.x0, c.x1, c.header, c.role) for c in previous.columns]
    table = _build_table(
        page, columns, top, limit, previous.x0, previous.x1, words, size, has_header=False
    )
    return table if table.rows else None


def layout_document(pages: Sequence[PageModel]) -> list[Block]:
    """All pages -> one stream of blocks; tables split over pages are stitched."""
    size = body_size(pages)
    furniture = find_furniture(pages)
    blocks: list[Block] = []
    previous: Table | None = None
    for page in pages:
        page_blocks = layout_page(page, furniture, size, previous)
        for block in page_blocks:
            if isinstance(block, Table) and _continues(blocks, block):
                last = blocks[-1]
                assert isinstance(last, Table)
                if block.rows:
                    block.rows[0].after_page_break = True
                last.rows.extend(block.rows)
                last.bottom = block.bottom
                continue
            blocks.append(block)
        previous = blocks[-1] if blocks and isinstance(blocks[-1], Table) else None
    # Headings stand out from the running text, not from the tables (often set smaller).
    text_size = _text_size([b for b in blocks if isinstance(b, TextLine)], size)
    return [_as_heading(b, text_size) if isinstance(b, TextLine) else b for b in blocks]


def _text_size(lines: list[TextLine], fallback: float) -> float:
    sizes: Counter[float] = Counter()
    for line in lines:
        for w in line.words:
            sizes[round(w.size)] += len(w.text)
    return float(sizes.most_common(1)[0][0]) if sizes else fallback


def _as_heading(line: TextLine, size: float) -> Block:
    level = heading_level(line, size)
    return line if level is None else Heading(line, level)


def _continues(blocks: list[Block], table: Table) -> bool:
    """A table at the top of a page right after a table that ended the previous page."""
    if not blocks or not isinstance(blocks[-1], Table):
        return False
    last = blocks[-1]
    if last.rows and last.rows[-1].page >= table.page:
        return False
    same_header = [c.header.lower() for c in last.columns] == [
        c.header.lower() for c in table.columns
    ]
    return not table.has_header or same_header
