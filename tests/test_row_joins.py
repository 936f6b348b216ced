"""Rows cut by a page break are joined again: the part on the new page goes on with
the row above when its key cells are empty, or hold only the rest of a value the page
break cut ("April-" / "2019"), or when its own key values come with a name that goes
on (lower case, or none) and the name above stops mid-phrase or the protocol is shared;
a whole new row does not, and mixed evidence is a split-row warning on both parts
(issue 11, point 1)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pdfgen import DocSpec, HistoryTable, PortTable, Section, build_pdf

from pipeline.extract import extract_document
from pipeline.families.history import HISTORY_KEYS, history_entry
from pipeline.families.ports_protocols import sub_heading
from pipeline.families.rows import PORT_KEYS
from pipeline.families.tables import RowJoiner
from pipeline.layout.blocks import Cell, Column, Row, Table, TextLine
from pipeline.pdf.pdfmodel import Word

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


# --- a row cut by a page break whose second part has key values of its own ------------

PORT_COLUMNS = [
    Column(0, 50, 250, "Item", "service"),
    Column(1, 250, 320, "Protocol", "protocol"),
    Column(2, 320, 400, "Port", "port"),
]


def port_row(page: int, top: float, service: str, protocol: str, port: str, *, cut: bool) -> Row:
    cells = []
    for column, value in zip(PORT_COLUMNS, (service, protocol, port), strict=True):
        words = [
            Word(
                part, column.x0 + 2 + 30 * k, top, column.x0 + 27 + 30 * k, top + 9, 9, False, page
            )
            for k, part in enumerate(value.split())
        ]
        lines = [TextLine(words)] if words else []
        cells.append(Cell(column.index, column.index, lines, column.x0, top, column.x1, top + 12))
    return Row(page, top, top + 12, cells, after_page_break=cut)


def joined_ports(above: tuple[str, str, str], below: tuple[str, str, str]) -> tuple[list, list]:
    """The whole rows of a port table cut after ``above``, and the issues raised."""
    issues: list = []
    joiner = RowJoiner(PORT_KEYS, issues)
    first = Table(
        PORT_COLUMNS, [port_row(4, 700, "Web console", "TCP", "443", cut=False)], 4, 40, 50, 400
    )
    first.rows.append(port_row(4, 780, *above, cut=False))
    rows = joiner.feed(first)
    rows += joiner.feed(
        Table(PORT_COLUMNS, [port_row(5, 47, *below, cut=True)], 5, 40, 50, 400, continues=True)
    )
    rows += joiner.close()
    return [" / ".join(c.text for c in r.cells) for _, r in rows], issues


def test_a_part_whose_text_goes_on_lower_case_with_the_same_protocol_joins() -> None:
    rows, issues = joined_ports(
        ("LDAP connection to an active", "TCP", "3268"),
        ("directory global catalogue", "TCP", "3269"),
    )
    assert rows[1:] == [
        "LDAP connection to an active directory global catalogue / TCP TCP / 3268 3269"
    ]
    assert issues == []


def test_a_part_with_no_text_of_its_own_and_the_same_protocol_joins() -> None:
    rows, issues = joined_ports(("Authentication", "TCP", "88"), ("", "TCP", "464"))
    assert rows[1:] == ["Authentication / TCP TCP / 88 464"] and issues == []


def test_a_port_qualifier_after_the_page_break_goes_on_with_the_port_above() -> None:
    # A row set vertically centred and cut: "50636/TCP" above the break, its
    # "(secure LDAP)" and the row's name below it. A value does not start with "(".
    rows, issues = joined_ports(
        ("", "", "50636/TCP"), ("Directory synchronization", "", "(secure LDAP)")
    )
    assert rows[1:] == ["Directory synchronization /  / 50636/TCP (secure LDAP)"]
    assert issues == []
    # An empty port cell above: nothing to go on with; the part below is its own row.
    rows, _ = joined_ports(("Directory lookups", "TCP", ""), ("Sync", "TCP", "(636)"))
    assert len(rows[1:]) == 2


def test_a_new_row_after_the_page_break_is_neither_joined_nor_flagged() -> None:
    rows, issues = joined_ports(("Directory lookups", "TCP", "389"), ("Mail relay", "TCP", "25"))
    assert rows[1:] == ["Directory lookups / TCP / 389", "Mail relay / TCP / 25"]
    assert issues == []


@pytest.mark.parametrize(
    ("above", "below"),
    [
        # Goes on lower case, but over another protocol.
        (("Clock sync", "TCP", "123"), ("over network time protocol", "UDP", "123")),
        # The text above stops mid-phrase, the part below starts as a row does.
        (("Connection to the", "TCP", "636"), ("Directory", "TCP", "3269")),
    ],
)
def test_an_unsure_cut_stays_two_rows_with_a_warning_on_both(above: tuple, below: tuple) -> None:
    rows, issues = joined_ports(above, below)
    assert len(rows) == 3
    assert [(i.code, i.severity, i.page, i.text) for i in issues] == [
        ("split-row", "warning", 4, above[0]),
        ("split-row", "warning", 5, below[0]),
    ]
    assert all("page break between pages 4 and 5" in i.message for i in issues)


def split_row_pdf(tmp_path: Path, style: str, service: str, protocols: str, ports: str):
    rows = [[f"Service number {k}", "TCP", str(1000 + k)] for k in range(30)]
    rows += [[service, protocols, ports], ["Web console", "TCP", "443"]]
    table = PortTable(["Item", "Protocol", "Port"], rows, widths=[20, 10, 10], split_row=30)
    spec = DocSpec(
        "Connection Ports and Protocols",
        "ExampleCorp Relay",
        [
            Section("External Connections", [table]),
            Section("Document history", [HistoryTable([("Jan 2018", "1.0", "First")])]),
        ],
    )
    return extract_document(build_pdf(spec, tmp_path / "doc.pdf", style=style))


@pytest.mark.parametrize("style", ["word", "html", "centred"])
def test_a_row_cut_by_a_page_break_with_ports_in_both_parts_is_one_rule(
    tmp_path: Path, style: str
) -> None:
    service = "LDAP connection to an active directory global catalogue"
    doc = split_row_pdf(tmp_path, style, service, "TCP\nTCP", "3268\n3269")
    rule = next(r for r in doc.rules if r.service.startswith("LDAP"))
    assert rule.service == service
    assert [(p.protocol, p.port) for p in rule.ports] == [("tcp", 3268), ("tcp", 3269)]
    assert len(rule.provenance.pages) == 2 and len(doc.rules) == 32
    assert doc.issues == []


@pytest.mark.parametrize("style", ["word", "html"])
def test_an_unsure_cut_in_a_pdf_is_two_rules_each_with_a_warning(
    tmp_path: Path, style: str
) -> None:
    doc = split_row_pdf(tmp_path, style, "Connection to the\nDirectory", "TCP\nTCP", "636\n3269")
    warned = [i for i in doc.issues if i.code == "split-row"]
    assert [i.text for i in warned] == ["Connection to the", "Directory"]
    assert warned[1].page == warned[0].page + 1 and len(doc.rules) == 33


FLOW_COLUMNS = [
    Column(0, 50, 150, "Function", "service"),
    Column(1, 150, 250, "Source", "source"),
    Column(2, 250, 350, "Destination", "destination"),
    Column(3, 350, 400, "Protocol", "protocol"),
    Column(4, 400, 450, "Port", "port"),
]


def flow_row(page: int, top: float, *values: str, cut: bool = False) -> Row:
    cells = []
    for column, value in zip(FLOW_COLUMNS, values, strict=True):
        words = [Word(value, column.x0 + 2, top, column.x1 - 2, top + 9, 9, False, page)]
        lines = [TextLine(words)] if value else []
        cells.append(Cell(column.index, column.index, lines, column.x0, top, column.x1, top + 12))
    return Row(page, top, top + 12, cells, after_page_break=cut)


def test_a_flow_between_other_endpoints_after_the_break_is_a_row_of_its_own() -> None:
    # A function cell spanning flows leaves the next flow's name empty: over a page
    # break, that flow (its own source and destination) is not the rest of the first.
    joiner = RowJoiner(PORT_KEYS, issues := [])
    above = flow_row(4, 780, "Mail flow", "Internet", "Appliance", "TCP", "25")
    below = flow_row(5, 47, "", "Appliance", "Mail server", "TCP", "25", cut=True)
    rows = joiner.feed(Table(FLOW_COLUMNS, [above], 4, 40, 50, 450))
    rows += joiner.feed(Table(FLOW_COLUMNS, [below], 5, 40, 50, 450, continues=True))
    rows += joiner.close()
    assert [row for _, row in rows] == [above, below]
    assert [i.code for i in issues] == ["split-row", "split-row"]


def spanning_row(*cells: tuple[float, str]) -> tuple[Table, Row]:
    """A row of one cell across the whole table, its words at the given left edges."""
    words = [Word(t, x, 100, x + 6 * len(t), 109, 9, False, 1) for x, t in cells]
    cell = Cell(0, len(COLUMNS) - 1, [TextLine(words)], 50, 100, 500, 112)
    return table(1, Row(1, 100, 112, [cell])), Row(1, 100, 112, [cell])


def test_a_spanning_row_is_a_sub_heading_unless_its_words_stand_apart_as_cells() -> None:
    """Issue 16: a first data row whose cells the layout could not part (its text ran
    over the column edges) is read as a row, not taken for a heading over the rows."""
    heading = spanning_row((52, "Management"), (120, "interfaces"))
    assert sub_heading(*heading) == "Management interfaces"
    merged = spanning_row((52, "DNS"), (130, "8600"), (200, "TCP"), (400, "Enabled"))
    assert sub_heading(*merged) is None
