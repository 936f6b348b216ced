"""A table with no rules whose header words stand only a word space apart (an autofit
table: LibreOffice sets `Destination Port Protocol Description` that tight): the rows
under it start their cells where the header's words start, which makes it a header.
A bold line of the same words over a paragraph is no table. Header words centred over
borderless columns: the columns begin where the rows' cells begin."""

from __future__ import annotations

from pipeline.families import ports_protocols
from pipeline.layout.layout import layout_document
from pipeline.pdf.pdfmodel import PageModel, Word

SIZE = 10.0
WIDTH = 5.0  # per character
SPACE = 3.0


def line(
    top: float, start: float, text: str, *, bold: bool = False, size: float = SIZE
) -> list[Word]:
    """Words set one space apart from ``start``."""
    words, x = [], start
    for part in text.split():
        words.append(Word(part, x, top, x + WIDTH * len(part), top + size, size, bold, 1))
        x += WIDTH * len(part) + SPACE
    return words


def header() -> list[Word]:
    # Built per test, not kept at module level: tests/test_streaming.py counts the
    # words alive in its process.
    return line(100, 72, "Destination Port Protocol Description", bold=True)


def row(top: float, port: str, protocol: str, purpose: str) -> list[Word]:
    """Cells that start where "Protocol" and "Description" start in the header."""
    protocol_x, description_x = header()[2].x0, header()[3].x0
    return line(top, 72, port) + line(top, protocol_x, protocol) + line(top, description_x, purpose)


def parse(words: list[Word]):
    title = line(60, 72, "Ports used for management", bold=True, size=16)
    return ports_protocols.parse(layout_document([PageModel(1, 612.0, 792.0, words=title + words)]))


def test_a_header_set_a_space_apart_over_its_columns_heads_the_table() -> None:
    rows = [
        row(124, "22", "TCP", "Command line access"),
        row(148, "443", "TCP", "Web interface"),
        row(172, "161", "UDP", "SNMP monitoring"),
    ]
    parsed = parse(header() + [w for r in rows for w in r])
    assert [(r.service, [p.key for p in r.ports]) for r in parsed.rules] == [
        ("Command line access", ["tcp/22"]),
        ("Web interface", ["tcp/443"]),
        ("SNMP monitoring", ["udp/161"]),
    ]


def test_the_same_bold_words_over_a_paragraph_are_no_header() -> None:
    prose = line(124, 72, "Open the ports below on the firewall in front of the manager.")
    parsed = parse(header() + prose)
    assert parsed.rules == [] and parsed.port_tables == 0


def test_header_words_centred_over_borderless_columns() -> None:
    # An HTML <th> is centred: over a table with no rules, the columns begin where
    # their rows' cells begin, left of the header words. Rows are padded apart, and
    # port cells begin with a protocol glued to the port or an application's name.
    # A notes column that one row fills keeps its header word's start.
    columns = (58.0, 135.0, 250.0, 400.0)
    head = (
        line(100, 75, "Service", bold=True)
        + line(100, 160, "Protocol/Port", bold=True)
        + line(100, 274, "Destination", bold=True)
        + line(100, 400, "Notes", bold=True)
    )
    rows = [
        ("Console", "443/tcp", "console.acme.example.com", ""),
        ("Updates", "tcp:8443", "updates.acme.example.com", "Signed packages"),
        ("Portal", "HTTPS", "portal.acme.example.com", ""),
        ("Time", "UDP 123", "time.acme.example.com", ""),
    ]
    words = [
        w
        for n, cells in enumerate(rows)
        for x, text in zip(columns, cells, strict=True)
        for w in line(124 + 24 * n, x, text)
    ]
    parsed = parse(head + words)
    said = [(r.service, [p.key for p in r.ports], r.hosts, r.notes) for r in parsed.rules]
    assert said == [
        ("Console", ["tcp/443"], ["console.acme.example.com"], ""),
        ("Updates", ["tcp/8443"], ["updates.acme.example.com"], "Signed packages"),
        ("Portal", [], ["portal.acme.example.com"], "(HTTPS)"),  # no port printed: none made
        ("Time", ["udp/123"], ["time.acme.example.com"], ""),
    ]
