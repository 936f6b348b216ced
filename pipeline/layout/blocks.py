"""What the layout stage hands on: text lines, headings and tables of cells.

Coordinates are PDF points with the origin at the page's top-left (pdfplumber's).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from pipeline.pdf.pdfmodel import Link, Word
from pipeline.pdf.spill import Spillable


@dataclass(slots=True)
class TextLine(Spillable):
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


@dataclass(slots=True)
class Column(Spillable):
    index: int
    x0: float
    x1: float
    header: str
    role: str | None


@dataclass(slots=True)
class Cell(Spillable):
    first: int  # first column index spanned
    last: int  # last column index spanned (== first unless merged)
    lines: list[TextLine]
    x0: float
    top: float
    x1: float
    bottom: float
    links: list[Link] = field(default_factory=list)
    # With no vertical rules, where the column's text reaches (its widest line in the
    # table): the nearest thing to the edge text wraps at; x1 is only the next header.
    text_x1: float | None = None
    # An empty cell with no rule above it where the rows beside it are ruled apart:
    # the cell above spans this row too (a function cell over several flows).
    joined_above: bool = False

    @property
    def text(self) -> str:
        return " ".join(line.text for line in self.lines)


@dataclass(slots=True)
class Row(Spillable):
    page: int
    top: float
    bottom: float
    cells: list[Cell]
    after_page_break: bool = False
    # Later parts of this row, when the family parser joins a row split by a page break.
    continuation: list[Row] = field(default_factory=list)


@dataclass(slots=True)
class Table(Spillable):
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
    # This is a later part of the table before it, split by a page break.
    continues: bool = False

    @property
    def roles(self) -> list[str | None]:
        return [c.role for c in self.columns]


@dataclass(slots=True)
class Heading(Spillable):
    line: TextLine
    level: int = 1  # 1: set larger than body text; 2: body-size bold line

    @property
    def text(self) -> str:
        return self.line.text

    @property
    def top(self) -> float:
        return self.line.top


Block = Heading | TextLine | Table


def move_lines(source: Row, target: Row, *, before: bool = False) -> None:
    """Each of ``source``'s cells' lines and links into the ``target`` cell over the
    same column (its last cell when none is): two parts of one row made one, ``source``
    after ``target`` or, with ``before``, above it."""
    for cell in reversed(source.cells) if before else source.cells:
        into = next((c for c in target.cells if c.first <= cell.first <= c.last), target.cells[-1])
        if before:
            into.lines, into.links = cell.lines + into.lines, cell.links + into.links
        else:
            into.lines, into.links = into.lines + cell.lines, into.links + cell.links


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
