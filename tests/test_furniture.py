"""Running headers and footers are dropped; content that passes through the margin
bands is not, however regular it is; and data left as prose is reported."""

from __future__ import annotations

from pipeline.families.ports_protocols import _values_in_prose
from pipeline.layout.blocks import TextLine
from pipeline.layout.furniture import find_furniture
from pipeline.pdf.pdfmodel import PageModel, Rule, Word

HEIGHT, SIZE = 792.0, 10.0


def line(page: int, top: float, *texts: str, x: float = 72.0) -> list[Word]:
    words = []
    for text in texts:
        width = 5.0 * len(text)
        words.append(Word(text, x, top, x + width, top + SIZE, SIZE, False, page))
        x += width + 20
    return words


def page(number: int, words: list[Word], vrules: list[Rule] | None = None) -> PageModel:
    return PageModel(number, 612.0, HEIGHT, words=words, vrules=vrules or [])


def texts(pages: list[PageModel], furniture: set) -> set[str]:
    return {w.text for p in pages for w in p.words if (w.page, w.x0, w.top) in furniture}


def test_footers_go_but_regular_lists_in_the_margins_stay() -> None:
    pages = []
    for n in range(1, 6):
        words = line(n, 30, "ExampleCorp", "Connection", "Ports")  # running header
        words += line(n, 760, "Page", str(n), "of", "5")  # footer with a counter
        # A list flowing through both margin bands, at the same places on every page:
        # the digits inside its tokens differ, so it repeats neither text nor place.
        words += line(n, 50, f"mirror-{n}.example.net")
        words += line(n, 735, f"192.0.2.{n}", f"198.51.100.{n}")
        words += line(n, 400, "body", "text")
        pages.append(page(n, words))
    dropped = texts(pages, find_furniture(pages, SIZE))
    assert dropped == {"ExampleCorp", "Connection", "Ports", "Page", "of", "1", "2", "3", "4", "5"}


def test_a_lone_number_no_page_could_have_is_not_a_page_number() -> None:
    # A year or a port on the last line of a page (a two-line cell "Nov-" / "2018").
    pages = [page(n, line(n, 300, "x")) for n in (1, 2, 3)]
    pages[1].words += line(2, 750, "2018") + line(2, 770, "2")
    assert texts(pages, find_furniture(pages, SIZE)) == {"2"}


def test_repeated_text_at_different_places_is_content() -> None:
    # A wrapped cell's last word ("updates") ends several pages, each time elsewhere.
    pages = [page(n, line(n, 722 + 9 * n, "updates") + line(n, 300, "x")) for n in range(1, 5)]
    assert find_furniture(pages, SIZE) == set()


def test_table_rows_and_repeated_header_rows_in_the_margin_are_not_furniture() -> None:
    pages = []
    for n in range(1, 5):
        header = line(n, 32, "Item", "Protocol", "Port", "Hostname")  # repeated header row
        cut_row = line(n, 740, "updates")  # the start of a row cut by the page break
        rules = [Rule(60, 28, 60, 770), Rule(500, 28, 500, 770)]  # the table's side rules
        pages.append(page(n, header + cut_row + line(n, 300, "row"), rules))
    assert find_furniture(pages, SIZE) == set()


def test_a_repeated_line_with_an_address_is_never_furniture() -> None:
    # Even at the same place on every page: dropping it would lose an address silently.
    pages = [page(n, line(n, 740, "Relay", "192.0.2.10") + line(n, 300, "x")) for n in (1, 2, 3)]
    assert find_furniture(pages, SIZE) == set()


def test_a_table_row_left_as_prose_is_reported_a_sentence_naming_an_address_is_not() -> None:
    row = TextLine(line(2, 740, "Regional", "TCP", "443", "m.example.net", "203.0.113.5"))
    bare = TextLine(line(2, 760, "198.51.100.7"))
    sentence = TextLine(line(1, 300, "not", "Google's", "8.8.8.8", "service", "as", "the"))
    issues = _values_in_prose([row, bare, sentence])
    assert [(i.code, i.severity, i.page, i.text) for i in issues] == [
        ("unplaced-value", "warning", 2, "Regional TCP 443 m.example.net 203.0.113.5"),
        ("unplaced-value", "warning", 2, "198.51.100.7"),
    ]


def test_a_port_row_left_as_prose_is_reported_a_sentence_about_a_port_is_not() -> None:
    row = TextLine(line(7, 106, "Connector", "46", "export", "TCP", "20045", "Out"))
    ranged = TextLine(line(7, 130, "Media", "relay", "UDP", "7400-7410", "Out"))
    sentence = TextLine(line(1, 200, "a", "proprietary", "protocol", "over", "port", "443"))
    stack = TextLine(line(1, 220, "the", "TCP/IP", "stack", "of", "version", "4.11"))
    issues = _values_in_prose([row, ranged, sentence, stack])
    assert [(i.page, i.text) for i in issues] == [
        (7, "Connector 46 export TCP 20045 Out"),
        (7, "Media relay UDP 7400-7410 Out"),
    ]
    assert "port(s) 46, 20045" in issues[0].message


def test_a_browsers_print_header_and_footer_are_furniture_never_the_documents_date() -> None:
    """Issue 16 item 11: Chromium's own header (print date and time, title) and footer
    (the page's address, "1/2") are furniture even on a one-page print, and are not
    handed on as running text: the document's date is not the day it was printed."""
    for count in (1, 2):
        pages = []
        for n in range(1, count + 1):
            words = line(n, 20, "03/12/2026,", "13:20", "Example", "ports")
            words += line(n, 770, "https://docs.example.com/ports.html", f"{n}/{count}")
            words += line(n, 400, "body", "text")
            pages.append(page(n, words))
        running: list[str] = []
        found = texts(pages, find_furniture(pages, SIZE, running))
        assert found == {"03/12/2026,", "13:20", "Example", "ports"} | {
            "https://docs.example.com/ports.html",
            *(f"{n}/{count}" for n in range(1, count + 1)),
        }
        assert running == []


def test_docstring_examples() -> None:
    import doctest

    from pipeline.layout import furniture

    result = doctest.testmod(furniture, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0 and result.attempted > 0
