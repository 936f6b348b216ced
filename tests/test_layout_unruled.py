"""Tables drawn without any rules that go on over a page break with no repeated header:
the page's first lines are rows only if they keep to the table's columns and hold a
whole row; a list at the top of the next page is not swallowed into the last row."""

from __future__ import annotations

from pipeline.families import ports_protocols
from pipeline.layout.blocks import Table, TextLine
from pipeline.layout.layout import layout_document
from pipeline.pdf.pdfmodel import PageModel, Word

SIZE = 10.0
COLUMNS = {"item": 72.0, "protocol": 200.0, "port": 270.0, "host": 330.0}


def words_at(page: int, top: float, cells: dict[str, str], size: float = SIZE) -> list[Word]:
    out = []
    for column, text in cells.items():
        x = COLUMNS[column]
        for part in text.split():
            width = 5.0 * len(part)
            out.append(Word(part, x, top, x + width, top + size, size, size > SIZE, page))
            x += width + 3.0
    return out


def row(page: int, top: float, item: str, protocol: str, port: str, host: str) -> list[Word]:
    return words_at(page, top, {"item": item, "protocol": protocol, "port": port, "host": host})


def first_page() -> PageModel:
    words = words_at(1, 60, {"item": "External Connections"}, size=16)
    words += row(1, 100, "Item", "Protocol", "Port", "Hostname")
    top = 130.0
    for n in range(19):  # rows padded apart, down to the foot of the page
        words += row(1, top, f"Service {n}", "TCP", str(1000 + n), f"s{n}.example.com")
        top += 2.4 * SIZE
    return PageModel(1, 612.0, 792.0, words=words)


def parse(pages: list[PageModel]):
    laid_out = layout_document(pages)
    return list(laid_out), ports_protocols.parse(laid_out)


def test_rows_at_the_top_of_the_next_page_continue_the_table() -> None:
    words = row(2, 60, "Time service", "UDP", "123", "ntp.example.org")
    words += row(2, 60 + 2.4 * SIZE, "Mirror", "TCP", "80", "mirror.example.org")
    words += words_at(2, 140, {"item": "Internal Connections"}, size=16)
    blocks, parsed = parse([first_page(), PageModel(2, 612.0, 792.0, words=words)])
    second = [b for b in blocks if isinstance(b, Table) and b.page == 2]
    assert len(second) == 1 and second[0].continues and len(second[0].rows) == 2
    assert [r.service for r in parsed.rules][-2:] == ["Time service", "Mirror"]
    assert parsed.rules[-2].hosts == ["ntp.example.org"]
    assert len(parsed.rules) == 21


def test_a_list_at_the_top_of_the_next_page_is_not_part_of_the_table() -> None:
    words = words_at(2, 60, {"item": "• sn12.example.org"})
    words += words_at(2, 60 + 1.2 * SIZE, {"item": "• db11.example.org"})
    words += words_at(2, 60 + 2.4 * SIZE, {"item": "• 192.0.2.7"})
    blocks, parsed = parse([first_page(), PageModel(2, 612.0, 792.0, words=words)])
    assert not any(isinstance(b, Table) and b.page == 2 for b in blocks)
    assert [b.text for b in blocks if isinstance(b, TextLine) and b.page == 2] == [
        "• sn12.example.org",
        "• db11.example.org",
        "• 192.0.2.7",
    ]
    assert len(parsed.rules) == 19
    assert all(r.hosts == [f"s{n}.example.com"] for n, r in enumerate(parsed.rules))


def test_prose_at_the_top_of_the_next_page_is_not_part_of_the_table() -> None:
    prose = "These servers must be reachable from every relay in the cluster at all times."
    words = []
    x = 72.0
    for part in prose.split():  # one line running across every column
        words.append(Word(part, x, 60, x + 5.0 * len(part), 60 + SIZE, SIZE, False, 2))
        x += 5.0 * len(part) + 3.0
    words += row(2, 90, "Sender", "UDP", "53", "dns.example.net")  # as if a row
    blocks, _ = parse([first_page(), PageModel(2, 612.0, 792.0, words=words)])
    assert not any(isinstance(b, Table) and b.page == 2 for b in blocks)
