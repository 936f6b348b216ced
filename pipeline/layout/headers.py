"""Table headers: the words vendors head columns with, the header band of a table,
and its columns (from vertical rules, or from the header words and the text below)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from pipeline.layout.blocks import Column, Table, TextLine, group_lines
from pipeline.pdf.pdfmodel import PageModel, Rule, Word
from pipeline.values.normalize_ports import protocol_cell
from pipeline.values.vocabulary import HEADER_PHRASES, HEADER_ROLES, NO_ROLE_PHRASES

# Words that name what stands on a side of a flow ("Source Component", "Destination IP").
ENDPOINT_WORD_ROLES = {"service", "host", "address", "source", "destination"}


def header_role(text: str) -> str | None:
    """One header word's role: "Port", "Client(s)" (a plural mark dropped), or the
    roles of words joined by a slash ("Protocol/Port": the port)."""
    key = text.lower().strip(" :*")
    for each in (key, key.strip("()/."), key.replace("(s)", "")):
        if each in HEADER_ROLES:
            return HEADER_ROLES[each]
    if "/" in key.strip("/"):
        roles = [
            r for part in key.split("/") if (r := HEADER_ROLES.get(part.strip("()."))) is not None
        ]
        return "port" if "port" in roles else roles[0] if roles else None
    return None


def cell_role(header: str) -> str | None:
    """The role of a header cell: a known phrase, else its most specific vocabulary word."""
    words = [w for w in re.split(r"[\s]+", header.strip()) if w]
    phrase = " ".join(words).lower().strip(" :*")
    if phrase in NO_ROLE_PHRASES:
        return None
    if phrase in HEADER_PHRASES:
        return HEADER_PHRASES[phrase]
    joined = "".join(words).lower()
    if joined in HEADER_ROLES:
        return HEADER_ROLES[joined]
    parts = [p for w in words for p in (re.split(r"(?<=\w)/(?=\w)", w) if "/" in w else [w])]
    roles = [header_role(w) for w in (words if joined in HEADER_ROLES else parts)]
    found = [r for r in roles if r]
    if not found:
        return None
    if "port" in found and found[0] in ("source", "destination"):
        # "Source Port" / "Destination Port(s)": a side's port, not the side.
        return "source_port" if found[0] == "source" else "port"
    said = [r for r in found if r in ("description", "notes")]
    if "port" in found and said:
        return said[0]  # "Port description", "Port notes": words about a port
    if "port" in found and "source_port" not in found:
        # "Port Range", "HCP-managed port", "Outbound port": a column of ports first,
        # whatever else its header says.
        return "port"
    if found[0] in ("source", "destination") and set(found[1:]) <= ENDPOINT_WORD_ROLES:
        # "Source IP", "Destination host", a "Source" band over "Component": the side.
        return found[0]
    if {"protocol", "port"} <= set(found):
        return "port"  # "Protocol/Port": the port reader takes protocols printed inline
    # "IP Address" -> address, "Network Protocol" -> protocol: the last role word decides.
    return found[-1]


def _names_transports(text: str) -> bool:
    cell = protocol_cell(text)
    return bool(cell.transports) and not cell.unknown and not cell.applications


def transport_columns(table: Table) -> None:
    """A "Type" column in a table with ports and no protocol column, whose cells all
    name transports ("TCP", "UDP", "TCP/UDP"): the column of the ports' protocols.
    The header word alone would not say it ("Type" heads address kinds elsewhere); the
    values do."""
    if "port" not in table.roles or "protocol" in table.roles:
        return
    for column in table.columns:
        if column.role != "kind":
            continue
        texts = [
            cell.text
            for row in table.rows
            for cell in row.cells
            if cell.first == cell.last == column.index and cell.text.strip()
        ]
        if texts and all(_names_transports(t) for t in texts):
            column.role = "protocol"


@dataclass
class HeaderBand:
    words: list[Word]
    top: float
    bottom: float


def _ruled_apart(a: Word, b: Word, vrules: list[Rule]) -> bool:
    """A vertical rule runs between two words of a line: they stand in two cells."""
    mid = (a.top + a.bottom) / 2
    return any(a.x1 <= v.x <= b.x0 and v.top <= mid <= v.bottom for v in vrules)


def _aligned_with_rows(head: TextLine, below: list[TextLine], size: float) -> bool:
    """A header set a space apart over its columns (an autofit table with no rules):
    a line right under it starts cells, after a gap wider than a word space, where two
    or more of the header's later words start."""
    starts = [w.x0 for w in head.words[1:]]
    previous = head
    for line in below:
        if line.page != head.page or line.top - previous.bottom > 3 * size:
            return False
        cells = _line_cell_starts(line.words, size)
        if sum(1 for x in starts if any(abs(x - c) <= 2 for c in cells)) >= 2:
            return True
        previous = line
    return False


def header_bands(
    lines: list[TextLine], size: float, hrules: list[Rule], vrules: list[Rule] | None = None
) -> list[HeaderBand]:
    bands: list[HeaderBand] = []
    used: set[int] = set()
    for i, line in enumerate(lines):
        if i in used:
            continue
        hits = [header_role(w.text) for w in line.words]
        roles = set(hits) - {None}
        pairs = list(pairwise(line.words))
        # Cells stand apart by more than a word space, or with a rule between them.
        spread = line.x1 - line.x0 > 6 * size and (
            any(b.x0 - a.x1 > 0.8 * size for a, b in pairs)
            or any(_ruled_apart(a, b, vrules or []) for a, b in pairs)
            or _aligned_with_rows(line, lines[i + 1 : i + 4], size)
        )
        if line.size >= 1.15 * size:
            continue  # a heading that happens to say "Ports and Protocols"
        mostly_vocabulary = sum(1 for h in hits if h) * 2 >= len(hits)
        # A number in regular type is a value: "53 | TCP/UDP | DNS servers | Name
        # resolution" is a row, however many of its words head columns elsewhere.
        numbered = any(re.fullmatch(r"[\d.,/:-]*\d", w.text) for w in line.words)
        if not spread or not (mostly_vocabulary or line.bold) or (numbered and not line.bold):
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
        bands.append(HeaderBand(words, min(w.top for w in words), max(w.bottom for w in words)))
    return bands


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


def _line_cell_starts(words: list[Word], size: float) -> list[float]:
    """Where a line's cells start: its first word, and each word after a gap wider than
    a word space."""
    words = sorted(words, key=lambda w: w.x0)
    return [words[0].x0] + [b.x0 for a, b in pairwise(words) if b.x0 - a.x1 > 0.8 * size]


def _cell_starts(body: list[Word], size: float) -> dict[float, int]:
    """Where the rows under a header start their cells, within 3 pt: each place with how
    many lines start a cell there, where two or more do."""
    by_line: dict[float, list[Word]] = {}
    for word in body:
        by_line.setdefault(round(word.top), []).append(word)
    found: list[list[float]] = []
    for words in by_line.values():
        for x in _line_cell_starts(words, size):
            near = next((c for c in found if abs(c[0] - x) <= 3), None)
            if near is None:
                found.append([x])
            else:
                near.append(x)
    return {min(c): len(c) for c in found if len(c) >= 2}


def _centred_over(groups: list[list[Word]], body: list[Word], size: float) -> list[float] | None:
    """Where each header cell's column begins when the header words stand centred (or
    set right) over their columns, right of where the column's rows start their cells:
    for each, the place between the header before's centre and its own first word where
    most rows start a cell (its header word's, where there is none). None where half
    the rows start cells no header cell takes, or no header word stands right of its
    column's start."""
    starts = _cell_starts(body, size)
    if len(groups) < 2:
        return None
    lefts = [min(w.x0 for w in g) for g in groups]
    centres = [(min(w.x0 for w in g) + max(w.x1 for w in g)) / 2 for g in groups]
    found: list[float] = []
    for k, left in enumerate(lefts):
        after = centres[k - 1] if k else float("-inf")
        here = [x for x in starts if after < x <= left + 1]
        # A column that one row fills at most (notes) begins at its header word.
        found.append(max(here, key=lambda x: (starts[x], -x)) if here else left)
    if any(centres[k] >= found[k + 1] for k in range(len(found) - 1)):
        return None
    # Where half the rows start a cell is a column's start: one that no header cell
    # takes belongs to a header this reading does not see (a sub-header row under a
    # cell spanning two columns, "Ports" over "TCP | UDP").
    lines = len({round(w.top) for w in body})
    if any(n * 2 >= lines and x not in found for x, n in starts.items()):
        return None
    return found if any(left - x > 2 for left, x in zip(lefts, found, strict=True)) else None


def header_columns(
    band: HeaderBand,
    page: PageModel,
    x0: float,
    x1: float,
    size: float,
    space: float,
    body: list[Word],
    *,
    centred: bool = False,
) -> list[Column]:
    """The columns under a header band: between its vertical rules, else from its words.
    ``centred``: the header has no rule to frame it, and its words may stand centred
    over their columns; the columns (the first from ``x0`` or further left) then begin
    where the rows below begin their cells."""
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
        breaks = _cell_breaks(band, page.hrules, x0, x1, size)
        for word in sorted(band.words, key=lambda w: w.x0):
            between = any(groups[-1][-1].x1 <= b <= word.x0 for b in breaks) if groups else False
            if groups and not between and _same_header_cell(groups[-1], word, space):
                groups[-1].append(word)
            else:
                groups.append([word])
        groups = _split_on_body_alignment(groups, body)
        starts = [min(w.x0 for w in g) - 2 for g in groups]
        if centred and (found := _centred_over(groups, body, size)):
            starts, x0 = [c - 2 for c in found], min(x0, found[0] - 3)
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


def _cell_breaks(
    band: HeaderBand, hrules: list[Rule], x0: float, x1: float, size: float
) -> list[float]:
    """Where the rules or shading edges along a header row break off between cells
    (LibreOffice shades each header cell on its own): cell boundaries even when the
    header words stand only a space apart."""
    near = sorted(
        (
            r
            for r in hrules
            if band.top - 0.6 * size <= r.y <= band.bottom + 0.6 * size and r.x1 > x0 and r.x0 < x1
        ),
        key=lambda r: (round(r.y), r.x0),
    )
    return [
        (a.x1 + b.x0) / 2
        for a, b in pairwise(near)
        if round(a.y) == round(b.y) and 0.5 < b.x0 - a.x1 < 1.5 * size
    ]


def join_header_words(words: list[Word]) -> str:
    parts = [ln.text for ln in group_lines(words)]
    text = ""
    for part in parts:
        text = text + part if text.endswith(("/", "-")) or not text else f"{text} {part}"
    return text
