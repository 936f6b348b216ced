"""Rows cut by a page break are joined again: the part on the new page goes on with
the row above when its key cells are empty, or hold only the rest of a value the page
break cut ("April-" / "2019"); a whole new row does not."""

from __future__ import annotations

from pipeline.blocks import Cell, Column, Row, Table, TextLine
from pipeline.families.history import HISTORY_KEYS, history_entry
from pipeline.families.tables import RowJoiner
from pipeline.pdfmodel import Word

COLUMNS = [
    Column(0, 50, 120, "Date", "date"),
    Column(1, 120, 170, "Version", "version"),
    Column(2, 170, 500, "Description", "description"),
]


def history_row(page: int, top: float, date: str, version: str, text: str, *, cut: bool) -> Row:
    cells = []
    for column, value in zip(COLUMNS, (date, version, text), strict=True):
        words = [
            Word(
                part,
                column.x0 + 2 + 30 * k,
                top,
                column.x0 + 2 + 30 * k + 25,
                top + 9,
                9,
                False,
                page,
            )
            for k, part in enumerate(value.split())
        ]
        lines = [TextLine(words)] if words else []
        cells.append(Cell(column.index, column.index, lines, column.x0, top, column.x1, top + 12))
    return Row(page, top, top + 12, cells, after_page_break=cut)


def table(page: int, *rows: Row, continues: bool = False) -> Table:
    return Table(COLUMNS, list(rows), page, 40, 50, 500, 800, continues=continues)


def entries(first_date: str, second_date: str, second_version: str) -> list:
    joiner = RowJoiner(HISTORY_KEYS)
    rows = joiner.feed(
        table(4, history_row(4, 780, first_date, "2.5", "Add more details", cut=False))
    )
    rows += joiner.feed(
        table(5, history_row(5, 47, second_date, second_version, "", cut=True), continues=True)
    )
    rows += joiner.close()
    issues: list = []
    return [history_entry(part, row, issues) for part, row in rows]


def test_a_date_cut_at_its_hyphen_goes_on_over_the_page_break() -> None:
    (entry,) = entries("April-", "2019", "")
    assert entry is not None and (entry.version, entry.date) == ("2.5", "2019-04")
    assert entry.provenance.pages == [4, 5]


def test_a_new_row_after_the_page_break_stays_a_row() -> None:
    first, second = entries("April 2019", "Aug 2019", "2.6")
    assert (first.version, first.date) == ("2.5", "2019-04")
    assert (second.version, second.date) == ("2.6", "2019-08")
