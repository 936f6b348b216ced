"""Glyphs -> words: pdfplumber's ``extract_words`` rules, on light tuples.

pdfplumber turns every glyph into a dict of some twenty attributes before grouping
glyphs into words; on a text-heavy page that costs about as much as interpreting the
page itself. portdoc reads pdfminer's glyphs straight into ``Glyph`` tuples
(``pdfmodel``) and groups them here by the same rules as
``pdfplumber.utils.WordExtractor`` with its default directions, no blank characters
kept, ligatures expanded and words split where the font name or size changes
(``extra_attrs=["fontname", "size"]``). ``tests/test_words.py`` checks the result
word for word against pdfplumber's own ``extract_words`` on every test PDF. One rule
is added: a vertical rule in the gap between two glyphs parts them (``WALL_GAP``), as
two cells of a tightly padded ruled table are two words.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterator, Sequence
from itertools import groupby, islice
from operator import attrgetter
from typing import NamedTuple

from pipeline.values.text import BIDI

# C0 and C1 control characters (and DEL): a PDF can map a glyph to ESC or BEL through
# its ToUnicode CMap, and text goes on to terminals, CSVs and firewall lists. The ones
# that space text (tab, line and page breaks) become a space; the rest print nothing,
# as do the bidirectional format characters (a right-to-left override or isolate:
# ``pipeline.values.text.BIDI``), which reorder what a reader sees. Zero-width ones stay:
# in a value cell they are an issue (``normalize``), elsewhere left out of text files.
_SPACING_CONTROLS = "\t\n\v\f\r\x1c\x1d\x1e\x1f\x85"
CONTROLS = {
    code: (" " if chr(code) in _SPACING_CONTROLS else None)
    for code in [*range(0x20), *range(0x7F, 0xA0), *map(ord, BIDI)]
}

LIGATURES = {"ﬀ": "ff", "ﬃ": "ffi", "ﬄ": "ffl", "ﬁ": "fi", "ﬂ": "fl", "ﬆ": "st", "ﬅ": "st"}
# Ghostscript's pdfwrite maps a ligature glyph to its letters in UTF-16 with the bytes
# swapped: "fl" as <66006c00>, read as U+6600 U+6C00 ("昀氀"); a reader sees "fl".
# One glyph for two such characters is no CJK text: the letters are restored.
LIGATURES |= {"".join(chr(ord(c) << 8) for c in v): v for v in set(LIGATURES.values())}


def printable(text: str) -> str:
    """``text`` without control characters (spacing ones become a space)."""
    return text.translate(CONTROLS) if not text.isprintable() else text


class Glyph(NamedTuple):
    """One character as placed on the page (top-left origin, PDF points)."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    fontname: str
    size: float
    upright: bool


class RawWord(NamedTuple):
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    fontname: str
    size: float


def _clusters(
    glyphs: list[Glyph], position: Callable[[Glyph], float], tolerance: float
) -> list[list[Glyph]]:
    """Group glyphs whose ``position`` values chain within ``tolerance`` (lines of text),
    in order of position; glyphs keep their stream order inside a line."""
    values = sorted({position(g) for g in glyphs})
    cluster_of: dict[float, int] = {}
    index, last = 0, values[0]
    for value in values:
        if value > last + tolerance:
            index += 1
        cluster_of[value] = index
        last = value
    lines: list[list[Glyph]] = [[] for _ in range(index + 1)]
    for glyph in glyphs:
        lines[cluster_of[position(glyph)]].append(glyph)
    return lines


# A vertical rule between two glyphs this far apart or more parts two cells' words
# ("Protocol|Direction" in a tightly padded ruled table). Letters of one word sit
# closer; a word overflowing its cell runs across the rule with no gap around it.
WALL_GAP = 0.5
Wall = tuple[float, float, float]  # a vertical rule: x, top, bottom


def _wall_between(prev: Glyph, glyph: Glyph, walls: Sequence[Wall], xs: list[float]) -> bool:
    """A vertical rule stands in the gap between two glyphs, beside both."""
    middle = (glyph.top + glyph.bottom) / 2
    for x, top, bottom in islice(walls, bisect_left(xs, prev.x1), None):
        if x > glyph.x0:
            return False
        if top <= middle <= bottom:
            return True
    return False


def _split(
    line: list[Glyph],
    upright: bool,
    x_tol: float,
    y_tol: float,
    walls: Sequence[Wall] = (),
    xs: list[float] | None = None,
) -> Iterator[list[Glyph]]:
    """Cut one sorted line into words at blanks and gaps (pdfplumber's intraline and
    interline tests: left-to-right for upright text, top-to-bottom for rotated), and,
    given ``walls`` (sorted by x, their xs in ``xs``), at a vertical rule in a gap."""
    word: list[Glyph] = []
    for glyph in line:
        text = glyph.text
        if text == "" or text.isspace():
            if word:
                yield word
            word = []
            continue
        if word:
            prev = word[-1]
            if upright:
                new = (
                    glyph.x0 < prev.x0
                    or glyph.x0 > prev.x1 + x_tol
                    or abs(glyph.top - prev.top) > y_tol
                    or (
                        xs is not None
                        and glyph.x0 - prev.x1 >= WALL_GAP
                        and _wall_between(prev, glyph, walls, xs)
                    )
                )
            else:
                new = (
                    glyph.top < prev.top
                    or glyph.top > prev.bottom + y_tol
                    or abs(glyph.x0 - prev.x0) > x_tol
                )
            if new:
                yield word
                word = []
        word.append(glyph)
    if word:
        yield word


def _merge(glyphs: list[Glyph]) -> RawWord:
    first = glyphs[0]
    return RawWord(
        "".join(LIGATURES.get(g.text, g.text) for g in glyphs),
        min(g.x0 for g in glyphs),
        min(g.top for g in glyphs),
        max(g.x1 for g in glyphs),
        max(g.bottom for g in glyphs),
        first.fontname,
        first.size,
    )


def dedupe(glyphs: list[Glyph], tolerance: float = 1) -> list[Glyph]:
    """``glyphs`` without those drawn twice at one place (a producer's fake bold, or a
    page drawn twice): pdfplumber's ``dedupe_chars`` rules (same text, upright, font
    and size; tops, then x0s, chained within ``tolerance``; the first by position
    kept), in stream order and in n log n time."""
    if len(glyphs) < 2:
        return glyphs
    alike: dict[tuple[bool, str, str, float], list[int]] = {}  # stream order kept
    for i, g in enumerate(glyphs):
        alike.setdefault((g.upright, g.text, g.fontname, g.size), []).append(i)
    tops, x0s = [g.top for g in glyphs], [g.x0 for g in glyphs]
    dropped: set[int] = set()
    for members in alike.values():
        if len(members) > 1:
            for line in _chained(members, tops, tolerance):
                for cluster in _chained(line, x0s, tolerance):
                    keep = min(cluster, key=lambda i: (tops[i], x0s[i]))
                    dropped.update(i for i in cluster if i != keep)
    if not dropped:
        return glyphs
    return [g for i, g in enumerate(glyphs) if i not in dropped]


def _chained(members: list[int], position: list[float], tolerance: float) -> list[list[int]]:
    """pdfplumber's ``cluster_objects`` over glyph indices: sorted by ``position`` (ties
    in the given order), a new cluster wherever the gap to the previous passes
    ``tolerance``; only clusters of two or more are returned (the rest are kept)."""
    if len(members) < 2:
        return []
    ordered = sorted(members, key=position.__getitem__)
    clusters: list[list[int]] = []
    run = [ordered[0]]
    for i in ordered[1:]:
        if position[i] - position[run[-1]] <= tolerance:
            run.append(i)
        else:
            if len(run) > 1:
                clusters.append(run)
            run = [i]
    if len(run) > 1:
        clusters.append(run)
    return clusters


def words(
    glyphs: list[Glyph],
    x_tolerance: float = 2,
    y_tolerance: float = 3,
    walls: Sequence[Wall] = (),
) -> list[RawWord]:
    """The page's words, in pdfplumber's order: runs of one font and size in stream
    order, each cut into lines (by top, or by x0 for rotated text), each line sorted.
    ``walls``: the page's vertical rules, which part upright words (``WALL_GAP``)."""
    walls = sorted(walls)
    xs = [w[0] for w in walls] if walls else None
    result: list[RawWord] = []
    runs = groupby(glyphs, key=attrgetter("upright", "fontname", "size"))
    for (upright, _font, _size), run in runs:
        group = list(run)
        if upright:  # lines by top, each read by x0
            lines = _clusters(group, attrgetter("top"), y_tolerance)
            for line in lines:
                line.sort(key=attrgetter("x0"))
        else:  # rotated: lines by x0, each read by top (then bottom)
            lines = _clusters(group, attrgetter("x0"), x_tolerance)
            for line in lines:
                line.sort(key=attrgetter("top", "bottom"))
        for line in lines:
            cut = _split(line, upright, x_tolerance, y_tolerance, walls, xs if upright else None)
            result.extend(_merge(w) for w in cut)
    return result


SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_MARKS = set("0123456789*†‡§")
MAX_MARKS = 2000  # small raised marks on one page: more are no footnote marks
NEAR = 64  # words looked at beside each mark


def mark_superscripts(raw: list[RawWord]) -> list[RawWord]:
    """Footnote marks set small and raised right after a word ("25" + a small "2") join
    that word as superscript characters ("25²"): read as two words they would be a
    second port, 2, or one wrong port, 252. A raised digit that starts a line (the
    footnote itself, "²Only with a smart host") is written as a superscript too. The
    family parser strips marks from values and attaches the footnote's text."""
    candidates = [
        (k, w)
        for k, w in enumerate(raw)
        if len(w.text) <= 3 and set(w.text) <= _MARKS and w.size > 0
    ]
    if not candidates or len(candidates) > MAX_MARKS:
        return raw  # none, or a page of small numbers that are no footnote marks
    ends: dict[int, list[int]] = {}
    starts: dict[int, list[int]] = {}
    for index, word in enumerate(raw):
        ends.setdefault(round(word.x1), []).append(index)
        starts.setdefault(round(word.x0), []).append(index)
    merged: dict[int, RawWord] = {}
    gone: set[int] = set()
    for own, mark in candidates:
        # Words ending where the mark starts; a few suffice (a hostile page may end
        # thousands of words at one x).
        near = islice(
            (i for key in range(round(mark.x0) - 1, round(mark.x0) + 2) for i in ends.get(key, [])),
            NEAR,
        )
        for index in near:
            base = merged.get(index, raw[index])
            raised = (
                mark.bottom < base.bottom - 0.15 * base.size
                and mark.top >= base.top - 0.5 * base.size
            )
            if base is mark or index in gone or mark.size > 0.85 * base.size or not raised:
                continue
            merged[index] = base._replace(
                text=base.text + mark.text.translate(SUPERSCRIPT), x1=max(base.x1, mark.x1)
            )
            gone.add(own)
            break
        else:
            _raise_leading(own, raw, starts, merged)
    return [merged.get(i, w) for i, w in enumerate(raw) if i not in gone]


def _raise_leading(
    own: int, raw: list[RawWord], starts: dict[int, list[int]], merged: dict[int, RawWord]
) -> None:
    """A digit set small and raised just before a word of the line (a footnote's own
    mark) is written in superscript characters, as a word of its own."""
    mark = raw[own]
    if not mark.text.isdigit():
        return
    reach = range(round(mark.x1), round(mark.x1 + 0.6 * mark.size) + 1)
    for index in islice((i for key in reach for i in starts.get(key, [])), NEAR):
        word = raw[index]
        if (
            word is not mark
            and mark.size <= 0.85 * word.size
            and (word.bottom - 0.15 * word.size > mark.bottom >= word.top)
        ):
            merged[own] = mark._replace(text=mark.text.translate(SUPERSCRIPT))
            return
