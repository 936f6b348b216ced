"""Cell parsers under fuzzing: no exception escapes, and no printed text is lost."""

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from pipeline.families.rows import rules_from_table
from pipeline.layout import cells as cl
from pipeline.layout.blocks import Cell, Column, Row, Table, TextLine
from pipeline.pdf.pdfmodel import Link, Word
from pipeline.values import normalize as nz

TOKEN = st.one_of(
    st.text(min_size=1, max_size=12).filter(lambda t: not any(c.isspace() for c in t)),
    st.sampled_from(
        [
            "TCP",
            "UDP/",
            "UDP/TCP",
            "443",
            "20/21",
            "7400-7410",
            "(in/out)",
            "In/Out",
            "Any",
            "192.0.2.1",
            "23.185.0.301",
            "2001:db8::1",
            "host.example.com",
            "https://ip-",
            "ranges.example.com/x.json",
            "See",
            "and",
            "•",
            "8o",
            "*.example.net",
            "Oct-",
            "2018",
        ]
    ),
)
CELL_LINES = st.lists(st.lists(TOKEN, min_size=1, max_size=5), min_size=0, max_size=5)


def words_for(lines: list[list[str]], x0: float, width: float) -> list[TextLine]:
    out = []
    for i, tokens in enumerate(lines):
        x = x0
        words = []
        for text in tokens:
            w = 5.0 * len(text)
            words.append(Word(text, x, 10 + 12 * i, x + w, 20 + 12 * i, 10.0, False, 1))
            x += w + 3
        out.append(TextLine(words))
    return out


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@given(CELL_LINES, st.floats(min_value=20, max_value=300))
def test_logical_lines_keep_every_character(lines: list[list[str]], width: float) -> None:
    visual = words_for(lines, 0, width)
    logical = cl.logical_lines(visual, [], width)
    assert squash("".join(ln.text for ln in logical)) == squash("".join(map("".join, lines)))
    for line in logical:
        for tok in line.tokens:
            assert cl.classify(tok.text) in {
                "address",
                "bad-address",
                "hostname",
                "url",
                "any",
                "connector",
                "bullet",
                "word",
            }


@given(CELL_LINES)
def test_links_merge_fragments_into_their_target(lines: list[list[str]]) -> None:
    visual = words_for([*lines, ["http://a.example/x-"], ["y/z"]], 0, 100)
    top = visual[-2].top
    links = [Link("http://a.example/x-y/z", 0, top - 1, 100, top + 24)]
    logical = cl.logical_lines(visual, links, 100)
    assert "http://a.example/x-y/z" in [t.text for ln in logical for t in ln.tokens]


ROLES = ["Item", "Protocol", "Port", "Direction", "Hostname", "IP Address", "Comment"]


@settings(max_examples=150)
@given(st.lists(CELL_LINES, min_size=len(ROLES), max_size=len(ROLES)))
# Found by hypothesis: "host.example.com" over "00»" became one IDNA name whose
# top-level label was "com00»" (neither in hosts nor in notes).
@example([[], [], [], [], [], [["host.example.com"], ["00»"]], []])
# And "host.example.com" over "aAµ": one name whose top-level label was "comaaµ";
# "00." or "0.0" over "host.example.com", far from the cell's edge: one name.
@example([[], [], [], [], [], [["host.example.com"], ["aAµ"]], []])
@example([[], [], [], [], [], [["00."], ["host.example.com"]], []])
@example([[], [], [], [], [], [["0.0"], ["host.example.com"]], []])
# And "host.example.com" below "23.185.0.301" at the cell's edge: one name
# "23.185.0.301host.example.com" (an address attempt goes on as an address or not).
@example([[], [], [], [], [], [["192.0.2.1", "23.185.0.301"], ["host.example.com"]], []])
# And "0-" above "host.example.com" with room for the name after it: one name
# "0-host.example.com", though no wrap carried the name over. ("00-" leaves less than
# the name's width and a third of an em: a wrap, one name "00-host.example.com".)
@example([[], [], [], [], [], [["0-"], ["host.example.com"]], []])
@example([[], [], [], [], [], [["00-"], ["host.example.com"]], []])
def test_row_parser_never_raises_and_loses_no_text(cells_text: list) -> None:
    from pipeline.layout.headers import cell_role

    columns = [Column(i, 100.0 * i, 100.0 * (i + 1), h, cell_role(h)) for i, h in enumerate(ROLES)]
    cells = [
        Cell(i, i, words_for(text, 100.0 * i + 2, 96), 100.0 * i, 0, 100.0 * (i + 1), 100)
        for i, text in enumerate(cells_text)
    ]
    table = Table(columns, [Row(1, 0, 100, cells)], 1, 0, 0, 700, 100)
    issues: list = []
    (rule,) = rules_from_table(table, "external", "External", issues)
    notes = squash(rule.notes).lower()
    flagged = squash(" ".join(i.text for i in issues)).lower()
    for line in (ln for text in cells_text[4:6] for ln in text):
        # A value run into a word ("and192.0.2.1") is read as the value it holds.
        pieces = [piece for printed in line for piece in cl.glued_pieces(printed)]
        for token in pieces:
            kind = cl.classify(token)
            value = cl.strip_punct(token)
            # A line's first or last token may be part of a name a wrap carried on.
            wrapped = token in (pieces[0], pieces[-1]) and any(
                squash(token).lower() in host for host in rule.hosts
            )
            if wrapped:
                continue
            if kind == "hostname":
                found = nz.hostname(value) in rule.hosts
            elif kind == "address":
                found = nz.address(value) in rule.addresses
            elif kind == "any":
                found = rule.any_destination
            elif kind == "bad-address":
                found = squash(token).lower() in flagged
            else:
                found = kind in ("connector", "bullet")  # words and URLs must be in notes
            assert found or squash(token).lower() in notes, (kind, token)


def test_a_port_cut_at_the_cell_edge_joins_two_ports_on_two_lines_do_not() -> None:
    def cell(first: str, second: str, first_x1: float = 30) -> list[str]:
        # By default the first line runs to the cell's right edge (30.5): it looks cut.
        lines = [
            TextLine([Word(first, 10, 10, first_x1, 20, 10.0, False, 1)]),
            TextLine([Word(second, 10, 22, 10 + 5 * len(second), 32, 10.0, False, 1)]),
        ]
        return [ln.text for ln in cl.logical_lines(lines, [], 30.5, typed=True, left_edge=10)]

    assert cell("1024-6553", "5") == ["1024-65535"]
    assert cell("3268", "3269") == ["3268", "3269"]
    assert cell("443", "80", first_x1=20) == ["443", "80"]
    # Issue 20 item 13: digits of one port-length number cut at the edge are one number,
    # out of range or not (the ports 6553 and 6 were read); not short of the edge.
    assert cell("6553", "6") == ["65536"]
    assert cell("9999", "9") == ["99999"]
    assert cell("1024-6553", "6") == ["1024-65536"]
    assert cell("6553", "6", first_x1=20) == ["6553", "6"]
    # Well short of the edge (the text edge of an unruled column is not known), but the
    # bracket the first line opened closes below / the second line is no port alone.
    assert cell("(in/out", ")", first_x1=20) == ["(in/out)"]
    assert cell("(in/ou", "t)", first_x1=20) == ["(in/out)"]
    assert cell("1920", "0", first_x1=20) == ["19200"]


def test_a_line_ending_in_a_hyphen_carries_on_only_what_did_not_fit() -> None:
    def cell(first: str, second: str, right_edge: float) -> list[str]:
        lines = [
            TextLine([Word(first, 0, 10, 5 * len(first), 20, 10.0, False, 1)]),
            TextLine([Word(second, 0, 22, 5 * len(second), 32, 10.0, False, 1)]),
        ]
        return [ln.text for ln in cl.logical_lines(lines, [], right_edge, left_edge=0)]

    # A whole name with room after "0-" was not wrapped there: two tokens, one name.
    assert cell("0-", "host.example.com", 200) == ["0-", "host.example.com"]
    # No room for it: the line broke at the hyphen inside one name.
    assert cell("relay-", "host.example.com", 80) == ["relay-host.example.com"]
    # What is no value alone goes on whatever the room ("Oct-" + "2018"), as does a URL
    # (its renderer chooses where it breaks).
    assert cell("Oct-", "2018", 200) == ["Oct-2018"]
    assert cell("https://ip-", "ranges.example.com/x.json", 300) == [
        "https://ip-ranges.example.com/x.json"
    ]


def test_a_cut_hostname_or_address_rejoins_within_the_cells_padding() -> None:
    def cell(first: str, second: str) -> list[str]:
        # Text starts 5 pt in from the cell's left edge (0): its right padding is 5 pt
        # too, so a first line ending at 50 of 60 left no room for the next fragment.
        lines = [
            TextLine([Word(first, 5, 10, 50, 20, 10.0, False, 1)]),
            TextLine([Word(second, 5, 22, 5 + 5 * len(second), 32, 10.0, False, 1)]),
        ]
        return [ln.text for ln in cl.logical_lines(lines, [], 60, left_edge=0)]

    assert cell("www.clearswift.co", "m") == ["www.clearswift.com"]
    assert cell("79.", "125.8.252") == ["79.125.8.252"]
    assert cell("192.0.2.1", "2") == ["192.0.2.1", "2"]


def test_values_cut_at_the_cells_edge_rejoin_though_the_first_part_is_valid() -> None:
    def cell(first: str, second: str, first_end: float) -> list[str]:
        # Text starts 5 pt in from the left edge (0) of a cell 60 pt wide: a first line
        # ending at 54 left 1 pt, less than a character, before the right padding.
        lines = [
            TextLine([Word(first, 5, 10, first_end, 20, 10.0, False, 1)]),
            TextLine([Word(second, 5, 22, 5 + 5 * len(second), 32, 10.0, False, 1)]),
        ]
        return [ln.text for ln in cl.logical_lines(lines, [], 60, left_edge=0)]

    assert cell("185.155.104.2", "4", 54) == ["185.155.104.24"]  # a lone "4" is no value
    assert cell("185.155.104.2", "4", 40) == ["185.155.104.2", "4"]  # room was left
    assert cell("185.155.104.2", "10.0.0.1", 54) == ["185.155.104.2", "10.0.0.1"]
    assert cell("2001:db8:10::", "1", 40) == ["2001:db8:10::1"]  # no address ends in ":" + "1"
    assert cell("2001:db8:10::", "2001:db8:11::", 54) == ["2001:db8:10::", "2001:db8:11::"]
    assert cell("applianceupda", "te.example.com", 54) == ["applianceupdate.example.com"]
    assert cell("See", "www.example.com", 20) == ["See", "www.example.com"]
    assert cell("Servers", "www.example.com", 54) == ["Servers", "www.example.com"]


def test_a_url_cut_twice_rejoins_though_its_middle_ends_in_no_registered_tld() -> None:
    """'…cloudfr' is no top-level domain anyone registered, but the name goes on below:
    fragments are joined by their shape, the whole is validated (found by LibreOffice's
    print of the Clearswift Word document once hostnames were checked against the
    Public Suffix List)."""
    parts = ["http://d7uri8nf", "7uskq.cloudfr", "ont.net/tools/li", "st-cloudfront-ips"]
    lines = [
        TextLine([Word(part, 5, 10 + 12 * k, 54, 20 + 12 * k, 10.0, False, 1)])
        for k, part in enumerate(parts)
    ]
    joined = [ln.text for ln in cl.logical_lines(lines, [], 60, left_edge=0)]
    assert joined == ["http://d7uri8nf7uskq.cloudfront.net/tools/list-cloudfront-ips"]


def test_a_name_cut_after_a_label_that_is_no_country_code_rejoins() -> None:
    lines = [
        TextLine([Word("api.apc.av", 5, 10, 54, 20, 10.0, False, 1)]),
        TextLine([Word("ira.com", 5, 22, 40, 32, 10.0, False, 1)]),
    ]
    assert [ln.text for ln in cl.logical_lines(lines, [], 60, left_edge=0)] == ["api.apc.avira.com"]
    lines[0] = TextLine([Word("mirror.example.de", 5, 10, 54, 20, 10.0, False, 1)])
    assert [ln.text for ln in cl.logical_lines(lines, [], 60, left_edge=0)] == [
        "mirror.example.de",
        "ira.com",
    ]


def host_cell(*lines: str) -> list[cl.LogicalLine]:
    return cl.logical_lines(words_for([line.split() for line in lines], 0, 400), [], 400)


def test_a_hostname_split_by_a_stray_space_is_suspect() -> None:
    # The first piece ends in a rare top-level domain: "ra.swiss" + "sign.net".
    (line,) = host_cell("ra.swiss sign.net")
    assert cl.stray_space_names(line, set()) == ["ra.swisssign.net"]
    # Or the joined name is of the family its neighbours are of, and neither piece is.
    cell = host_cell("ocsp.examplesign.net", "ra.example sign.net", "crl.examplesign.net")
    hosts = {t.text for ln in cell for t in ln.tokens}
    assert cl.stray_space_names(cell[1], hosts) == ["ra.examplesign.net"]


def test_two_hostnames_on_one_line_are_not_suspect() -> None:
    (line,) = host_cell("a.example.com b.example.net")
    assert cl.stray_space_names(line, {"c.example.net", "a.example.com"}) == []
    (line,) = host_cell("ra.example sign.net")  # no neighbours, common top-level domain
    assert cl.stray_space_names(line, set()) == []
    (line,) = host_cell("mirror.example.de and sign.net")
    assert cl.stray_space_names(line, set()) == []
