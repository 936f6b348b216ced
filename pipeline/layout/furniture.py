"""Page models -> what is not content: the body text size, and running headers and
footers ("Page 3 of 7", a title repeated at the top of every page), found over the
whole document one page at a time (``pipeline.layout.layout`` leaves them out of the blocks).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from pipeline.layout.blocks import TextLine, group_lines
from pipeline.layout.headers import header_bands
from pipeline.pdf.pdfmodel import PageModel, Rule, Word
from pipeline.values.normalize import looks_like_address

PAGE_NUMBER = re.compile(r"^\s*(page\s*)?\d+(\s*(of|/)\s*\d+)?\s*$", re.IGNORECASE)


# --- small geometry helpers -------------------------------------------------------


def count_sizes(sizes: Counter[float], words: Iterable[Word]) -> None:
    for w in words:
        sizes[round(w.size)] += len(w.text)


def dominant_size(words: Iterable[Word], fallback: float = 10.0) -> float:
    """The font size most of the characters are set in."""
    sizes: Counter[float] = Counter()
    count_sizes(sizes, words)
    return float(sizes.most_common(1)[0][0]) if sizes else fallback


def body_size(pages: Iterable[PageModel]) -> float:
    return dominant_size(w for page in pages for w in page.words)


# --- page furniture ---------------------------------------------------------------


# Page counters are masked so that "Page 3 of 7" and "Page 4 of 7" are one footer; digits
# inside a token are not, so 192.0.2.1 / 192.0.2.2 or mirror-1 / mirror-2 stay different.
STANDALONE_NUMBER = re.compile(r"(?<![\w.\-:])\d{1,4}(?![\w.\-:])")


def _furniture_key(line: TextLine) -> str:
    return STANDALONE_NUMBER.sub("#", line.text.lower())


# A browser's own print header and footer (Chromium's, Firefox's): the print date and
# time ("12/3/26, 1:20 PM Ports and Protocols", "1 of 6  03/12/2026, 13:20"), the
# page's address with its page counter ("file:///tmp/page.html 1/6", "Title
# https://docs.example.com/ports 2 of 6"; an address alone may be a table row's, cut by
# the page break). They say when and where it was printed, never the document's date or
# version: page furniture even on a one-page print.
PRINT_STAMP = re.compile(
    r"(?<!\S)\d{1,4}[./-]\d{1,2}[./-]\d{1,4},\s+\d{1,2}[:.]\d{2}(?:[:.]\d{2})?"
    r"(?:\s*[ap]\.?m\.?)?(?!\S)",
    re.IGNORECASE,
)
PRINT_ADDRESS = re.compile(r"(?<!\S)(?:file|https?)://\S", re.IGNORECASE)
PRINT_COUNTER = re.compile(r"^\d+\s*(?:/|of)\s*\d+(?!\S)|(?<!\S)\d+\s*(?:/|of)\s*\d+$")


def is_print_furniture(text: str) -> bool:
    """A line a browser's print header or footer writes.

    >>> is_print_furniture("12/3/26, 1:20 PM Ports and Protocols")
    True
    >>> is_print_furniture("file:///tmp/tmpqp8zmqvx/page.html 1/1")
    True
    >>> is_print_furniture("1 of 6 03/12/2026, 13:20")
    True
    >>> is_print_furniture("Ports https://docs.example.com/ports 2 of 6")
    True
    >>> is_print_furniture("Last updated: 01/30/2025"), is_print_furniture("30/04/2026 release")
    (False, False)
    >>> is_print_furniture("https://ranges.example.net/tools/list")  # a row's link, cut
    False
    """
    text = text.strip()
    return bool(
        PRINT_STAMP.search(text) or (PRINT_ADDRESS.search(text) and PRINT_COUNTER.search(text))
    )


def _page_number(text: str, page_count: int) -> bool:
    """A page number ("3", "Page 3", "3 of 7", "3/7") has numbers a page could have: a
    lone "2018" or "53" in the margin band is a year, or a port of a row the page cut."""
    if not PAGE_NUMBER.match(text):
        return False
    return all(int(n) <= page_count for n in re.findall(r"\d+", text))


def _edge_offset(page: PageModel, line: TextLine) -> float:
    """Distance from the page edge the line is anchored to: + top, - bottom."""
    return line.top if line.top < page.height / 2 else -(page.height - line.bottom)


def find_furniture(
    pages: Iterable[PageModel], size: float, texts: list[str] | None = None
) -> set[tuple[int, float, float]]:
    """Running headers/footers: page numbers, and margin lines repeated at the same
    place on other pages (a list or table flowing through the margin band repeats
    neither its text nor its place).

    A line inside a table is never furniture: a table's header row repeated on every
    page it continues on, or a row cut by the page break, can print in the margin band
    (browsers print with narrow margins)."""
    # (page number, offset from its edge, line, drawn between a table's side rules)
    margin_lines: list[tuple[int, float, TextLine, bool]] = []
    table_headers: set[tuple[int, float, float]] = set()
    page_count = 0
    for page in pages:  # one page in memory at a time: only margin lines are kept
        page_count += 1
        lines = group_lines(page.words)
        margin = [
            line
            for line in lines
            if line.bottom < page.height * 0.09 or line.top > page.height * 0.91
        ]
        margin_lines += [
            (page.number, _edge_offset(page, line), line, _between_rules(line, page.vrules))
            for line in margin
        ]
        if margin:
            for band in header_bands(lines, size, page.hrules, page.vrules):
                table_headers.update((w.page, w.x0, w.top) for w in band.words)
    places: dict[str, list[tuple[int, float]]] = {}
    for number, offset, line, _ in margin_lines:
        places.setdefault(_furniture_key(line), []).append((number, offset))
    repeated_pages = min(max(2, (page_count + 1) // 2), page_count)
    furniture: set[tuple[int, float, float]] = set()
    for _, offset, line, inside_rules in margin_lines:
        key = _furniture_key(line)
        same_place = {n for n, o in places[key] if abs(o - offset) <= 3}
        is_number = _page_number(line.text, page_count) or re.search(r"page\s*#\s*of\s*#", key)
        printed = is_print_furniture(line.text)
        if not (is_number or printed) and (page_count < 2 or len(same_place) < repeated_pages):
            continue
        keys = {(w.page, w.x0, w.top) for w in line.words}
        if keys <= table_headers or inside_rules:
            continue
        if any(looks_like_address(w.text.strip(",;()")) for w in line.words):
            continue  # no running header prints an IP address; data must not vanish here
        furniture |= keys
        if printed:
            continue  # the print's date, not the document's
        if texts is not None and line.text not in texts and len(texts) < 20:
            texts.append(line.text)  # a running footer may say the version and date
    return furniture


def _between_rules(line: TextLine, vrules: list[Rule]) -> bool:
    """The line sits between two vertical rules that run past it: inside a table's cell
    (a row cut by the page break prints in the margin band), not page furniture."""
    spanning = [v.x for v in vrules if v.top <= line.top + 1 and v.bottom >= line.bottom - 1]
    return any(x <= line.x0 + 1 for x in spanning) and any(x >= line.x1 - 1 for x in spanning)
