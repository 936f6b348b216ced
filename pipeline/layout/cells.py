"""Cell text -> logical lines of tokens, with wrapped URLs and hostnames rejoined.

A narrow cell wraps long tokens. Where the PDF has link annotations (Word writes one
per printed fragment, all with the same URI) the fragments under one URI become one
token. Where it has none, two fragments are joined when the first line was full (the
next fragment could not have fitted after it) and the fragment ends where a token
cannot end (``-``, ``/``) or the joined text is a URL/hostname the first part is not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from pipeline.layout.blocks import Cell, TextLine
from pipeline.pdf.pdfmodel import Link, Word
from pipeline.values import normalize as nz
from pipeline.values import vocabulary as vocab

# Leading list markers: bullets, dashes, private-use glyphs from Symbol/Wingdings fonts.
BULLET = re.compile(
    rf"^(?:[{re.escape(vocab.BULLET_GLYPHS)}]+"
    r"|\(cid:\d+\))$"  # a glyph with no text mapping: a Dingbats bullet, as pdfminer names it
)
UNMAPPED = re.compile(r"\(cid:\d+\)")  # a glyph pdfminer has no text for
CONNECTORS = vocab.LIST_WORDS | {"/"}  # list glue between values
# Top-level domains common enough that a fragment ending in one is a whole hostname.
# Any two-letter label also counts (country codes).
COMMON_TLDS = frozenset(
    [
        "com",
        "net",
        "org",
        "info",
        "biz",
        "edu",
        "gov",
        "mil",
        "int",
        "arpa",
        "io",
        "co",
        "ai",
        "app",
        "dev",
        "cloud",
        "name",
        "pro",
        "mobi",
        "asia",
        "tel",
        "xyz",
        "online",
        "site",
        "tech",
        "store",
        "aero",
        "coop",
        "jobs",
        "museum",
        "travel",
        "cat",
        "post",
        "local",
        "lan",
        "corp",
        "internal",
        "test",
        "example",
        "invalid",
        "localhost",
        "global",
        "live",
        "network",
        "services",
        "systems",
        "security",
    ]
)


def bounds(words: list[Word]) -> tuple[float, float, float, float]:
    """x0, top, x1, bottom of the words on the first word's page."""
    same_page = [w for w in words if w.page == words[0].page]
    return (
        min(w.x0 for w in same_page),
        min(w.top for w in same_page),
        max(w.x1 for w in same_page),
        max(w.bottom for w in same_page),
    )


@dataclass
class Token:
    text: str
    words: list[Word]
    uri: str | None = None
    glued: bool = False  # printed right after the token before it, with no space

    @property
    def page(self) -> int:
        return self.words[0].page

    def box(self) -> tuple[float, float, float, float]:
        return bounds(self.words)


@dataclass
class LogicalLine:
    tokens: list[Token] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(
            ("" if t.glued or not i else " ") + t.text for i, t in enumerate(self.tokens)
        )

    @property
    def page(self) -> int:
        return self.tokens[0].page

    def box(self) -> tuple[float, float, float, float]:
        return bounds([w for t in self.tokens for w in t.words])


def _link_of(word: Word, links: list[Link]) -> Link | None:
    for link in links:
        if link.x0 - 1 <= word.xc <= link.x1 + 1 and link.top - 1 <= word.yc <= link.bottom + 1:
            return link
    return None


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _ends_token_break(text: str) -> bool:
    return text.endswith(("-", "/")) and len(text) > 1


# The two-letter country-code TLDs in the root zone (IANA): "apc.av" + "ira.com" is a
# name cut at the cell's edge, "example.co" + "m" may be one too, "example.de" is whole.
COUNTRY_TLDS = frozenset(
    """ac ad ae af ag ai al am ao aq ar as at au aw ax az ba bb bd be bf bg bh bi bj bm bn
    bo bq br bs bt bw by bz ca cc cd cf cg ch ci ck cl cm cn co cr cu cv cw cx cy cz de dj
    dk dm do dz ec ee eg er es et eu fi fj fk fm fo fr ga gb gd ge gf gg gh gi gl gm gn gp
    gq gr gs gt gu gw gy hk hm hn hr ht hu id ie il im in io iq ir is it je jm jo jp ke kg
    kh ki km kn kp kr kw ky kz la lb lc li lk lr ls lt lu lv ly ma mc md me mg mh mk ml mm
    mn mo mp mq mr ms mt mu mv mw mx my mz na nc ne nf ng ni nl no np nr nu nz om pa pe pf
    pg ph pk pl pm pn pr ps pt pw py qa re ro rs ru rw sa sb sc sd se sg sh si sk sl sm sn
    so sr ss st su sv sx sy sz tc td tf tg th tj tk tl tm tn to tr tt tv tw tz ua ug uk us
    uy uz va vc ve vg vi vn vu wf ws ye yt za zm zw""".split()  # noqa: SIM905 (a table)
)


# A token that begins a URL: its renderer chooses where it breaks, and it is no name.
URL_START = re.compile(r"(?i)^(https?|ftp)://")


def has_known_tld(text: str) -> bool:
    label = text.rstrip(".").rsplit(".", 1)[-1].lower()
    return label in COMMON_TLDS or label in COUNTRY_TLDS


def _first_chunk_width(word: Word) -> float:
    """Width of a word up to its first break opportunity (after ``-`` or ``/``)."""
    m = re.search(r"[-/]", word.text)
    chars = (m.end() if m else len(word.text)) or 1
    return (word.x1 - word.x0) * chars / max(len(word.text), 1)


def line_was_full(prev: Token, nxt: Token, right_edge: float) -> bool:
    """The next token's first chunk would not have fitted after ``prev`` on its line."""
    last, first = prev.words[-1], nxt.words[0]
    return right_edge - last.x1 < _first_chunk_width(first) + 0.3 * first.size


def _cut_mid_token(prev: Token, nxt: Token, right_edge: float, padding: float) -> bool:
    """The line ran to the cell's edge: less than one character of room was left."""
    first = nxt.words[0]
    char = (first.x1 - first.x0) / max(len(first.text), 1)
    return right_edge - prev.words[-1].x1 - padding < char


# A placeholder in a hostname: "autodiscover.<tenant>.example.com", "{region}.example.net".
PLACEHOLDER = re.compile(r"<[^<>\s]+>|\{[^{}\s]+\}")


def _name_shaped(text: str) -> bool:
    """A hostname by its shape, its top-level label known to a registry or not: the
    joined fragments of a name may still be cut ("d7uri8nf7uskq.cloudfr" + "ont.net");
    a placeholder stands for a label ("autodiscover.<tenant>.e" + "xample.com")."""
    return nz.is_hostname(PLACEHOLDER.sub("x", text), registered=False)


def _joins(prev: Token, nxt: Token, right_edge: float, typed: bool, padding: float) -> bool:
    a, b = prev.text, nxt.text
    if prev.uri and prev.uri == nxt.uri:
        return True
    if prev.uri or nxt.uri:
        return False
    # The cell's right padding is taken equal to its left one (measured).
    full = line_was_full(prev, nxt, right_edge - padding)
    if a.count("(") > a.count(")") and re.match(r"^[^()\s]*\)", b):
        return True  # "(in/out" + ")", "(in/ou" + "t)": closes the bracket opened above
    if (
        _ends_token_break(a)
        and not b[:1].isupper()
        and (full or URL_START.match(a) or classify(b) not in VALUE_CLASSES)
    ):
        # "UDP/" + "TCP", "Oct-" + "2018", "https://ip-" + "ranges...": a token can't
        # end in these characters, so the line break split it. But a whole name or
        # address that had room after the break was not carried over by the wrap
        # ("0-" above "host.example.com" is two tokens); a URL's break opportunities
        # are its renderer's to choose, so one goes on whatever the room.
        return True
    if _ends_token_break(a) and (full or re.match(r"^[A-Z]+/$", a)):
        return True
    if typed and b[:1].isdigit() and nz.is_ports(a + b) and not nz.is_ports(b):
        return True  # "1920" + "0": the second line is no port by itself
    if a.endswith(":") and not nz.is_address(strip_punct(b)) and nz.is_address(strip_punct(a + b)):
        # "2001:db8:10::" + "1": an IPv6 address broken after a colon (the first part is
        # an address too, so the general test below cannot tell; a lone "1" is none).
        return True
    if b.startswith(".") and len(b) > 1 and _name_shaped(strip_punct(a + b)):
        return True  # "speech.example" + ".com": no name begins with a dot
    if not full:
        return False
    if typed:
        # Values in a port cell stand one per line; only one cut at the cell's edge
        # ("1024-6553" + "5") continues, and not where each line is a port by itself
        # and the two together are not ("3268" above "3269" in a narrow cell). Digits
        # that make one number of a port's length are one number, in range or not
        # ("6553" + "6": 65536, an error, not the ports 6553 and 6).
        together = re.search(r"[0-9]+$", a)
        one_number = b.isdigit() and together is not None and len(together[0] + b) <= 5
        if nz.is_ports(a) and nz.is_ports(b) and not nz.is_ports(a + b) and not one_number:
            return False
        return _cut_mid_token(prev, nxt, right_edge, padding)
    joined = a + b
    # Less than a character of room was left: the word did not fit and was broken.
    cut = _cut_mid_token(prev, nxt, right_edge, padding)
    # The values either side of the break: the whole tokens, or the pieces next to it
    # of values glued by commas ("…,13.52.5.96/2" over "8,18.184.99.224/28,…").
    last, first = a.rsplit(",", 1)[-1], b.split(",", 1)[0]
    glued = (last, first) != (a, b)
    if (
        last
        and first
        and nz.is_address(strip_punct(last + first))
        and (
            not nz.is_address(strip_punct(last))
            or ((cut or glued) and classify(first) not in VALUE_CLASSES)
        )
    ):
        # "79." + "125.8.252", or "185.155.104.2" + "4" cut at the edge (a lone "4"
        # is no value): an address broken at the line's end; in a glued list the line
        # was full (text that breaks anywhere, CSS break-all, leaves no cut to measure).
        return True
    if nz.looks_like_address(strip_punct(a)) and not nz.looks_like_address(strip_punct(joined)):
        return False  # an address (valid or not) goes on as an address or not at all
    if URL_START.match(a):
        return not a.endswith((".", ",", ";", ")")) and bool(nz.find_urls(joined, registered=False))
    if "." not in a:
        # "applianceupda" + "te.clearswift.c(om)": a name broken before its first dot
        # (its end may be cut again on the next line, so only its shape is checked).
        return (
            cut
            and bool(re.fullmatch(r"[a-z0-9][a-z0-9-]*", a))
            and bool(re.fullmatch(r"[a-z0-9-]+(\.[a-z0-9-]+)+", joined))
        )
    if not _name_shaped(joined) or (a.endswith(".") and b[:1].isupper()):
        return False  # "consensus." + "Every": a sentence ends, no name goes on
    if right_edge - padding - prev.words[-1].x1 >= nxt.words[0].size:
        # A line breaks inside a name only where the name ran into the cell's edge
        # (less than an em of room left; a browser breaks "*.crm.example." / "org"
        # with a little more than a character): "00." or "0.0" far from the edge
        # above a whole name is two tokens.
        return False
    # "clearswifthelp.clearswift.co" + "m": a lone fragment that is no value itself
    # continues the hostname even when the first part ends like a TLD, if the name it
    # makes ends like one too ("example.com" + "aAµ" makes no name: a TLD "comaaµ").
    continuation = b[:1].islower() or b[:1].isdigit()
    return not has_known_tld(a) or (
        continuation and classify(b) == "word" and has_known_tld(joined)
    )


def logical_lines(
    lines: list[TextLine],
    links: list[Link],
    right_edge: float,
    *,
    typed: bool = False,
    left_edge: float | None = None,
) -> list[LogicalLine]:
    """Visual lines of a cell -> logical lines, rejoining tokens the layout wrapped.

    ``typed``: the cell holds only short values (ports, protocols), so any line that was
    full continues on the next."""
    out: list[LogicalLine] = []
    # Cells pad text on both sides alike: the left padding tells the right one.
    starts = [ln.x0 for ln in lines]
    padding = max(0.0, min(starts) - left_edge) if left_edge is not None and starts else 0.0
    for line in lines:
        tokens: list[Token] = []
        for word in line.words:
            link = _link_of(word, links)
            uri = link.uri if link else None
            if tokens and uri and tokens[-1].uri == uri:
                tokens[-1] = Token(tokens[-1].text + word.text, [*tokens[-1].words, word], uri)
            elif not tokens and UNMAPPED.fullmatch(word.text):
                # A line's first glyph with no text mapping (pdfminer's "(cid:127)"): the
                # list item's bullet, as a bullet.
                tokens.append(Token("•", [word], uri))
            else:
                tokens.append(Token(word.text, [word], uri))
        if (
            out
            and out[-1].tokens
            and tokens
            and _joins(out[-1].tokens[-1], tokens[0], right_edge, typed, padding)
        ):
            prev = out[-1].tokens[-1]
            first = tokens.pop(0)
            out[-1].tokens[-1] = Token(
                prev.text + first.text, [*prev.words, *first.words], prev.uri
            )
            out[-1].tokens.extend(tokens)
            continue
        out.append(LogicalLine(tokens))
    for logical in out:
        for tok in logical.tokens:
            if tok.uri and _squash(tok.text).lower().rstrip("/") in (
                tok.uri.lower().rstrip("/"),
                re.sub(r"^[a-z]+://", "", tok.uri.lower()).rstrip("/"),
            ):
                tok.text = tok.uri  # the printed fragments spell the link's target
        logical.tokens = _join_ranges(
            [piece for tok in logical.tokens for piece in split_glued(tok)]
        )
    return [logical for logical in out if logical.tokens]


# Words between the two ends of a range printed apart ("192.0.2.10 - 192.0.2.20").
RANGE_JOINERS = frozenset({"-", "–", "—", "to", "through", "thru"})


def _join_ranges(tokens: list[Token]) -> list[Token]:
    """An address, a dash (or "to") and an address of one range, printed apart -> one
    token "first-last": read as the range, never as its two ends alone."""
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        if (
            i + 2 < len(tokens)
            and tokens[i + 1].text.lower() in RANGE_JOINERS
            and nz.is_address_range(
                f"{strip_punct(tokens[i].text)}-{strip_punct(tokens[i + 2].text)}"
            )
        ):
            first, dash, last = tokens[i : i + 3]
            words = [*first.words, *dash.words, *last.words]
            out.append(Token(f"{first.text}-{last.text}", words, first.uri))
            i += 3
        else:
            out.append(tokens[i])
            i += 1
    return out


def cell_lines(cell: Cell, *, typed: bool = False) -> list[LogicalLine]:
    right = cell.x1
    if cell.text_x1 is not None and not typed:
        # Unruled: the widest line of the column shows where text wraps. Not for port
        # cells, whose widest value would always look cut.
        right = min(right, cell.text_x1 + 1.0)
    return logical_lines(cell.lines, cell.links, right, typed=typed, left_edge=cell.x0)


def joined_lines(cell: Cell) -> list[TextLine]:
    """The cell's lines, those ``cell_lines`` rejoins (a value the layout wrapped:
    "2600:1f" / "14:824:300::/56") made one, its rejoined value one word: for readers
    that take a cell's text line by line. The lines as printed where nothing rejoins."""
    logical = cell_lines(cell)
    if len(logical) == len(cell.lines):
        return cell.lines
    out = []
    for line in logical:
        words: list[Word] = []
        for tok in line.tokens:
            spread = tok.words
            if len({w.top for w in spread}) > 1:
                x0, top, x1, bottom = bounds(spread)
                size, bold = max(w.size for w in spread), all(w.bold for w in spread)
                words.append(Word(tok.text, x0, top, x1, bottom, size, bold, spread[0].page))
            else:
                words += spread  # the printed word, or its share of a glued piece
        out.append(TextLine(words))
    return out


def _wrapped_runs(lines: list[TextLine]) -> list[list[TextLine]]:
    """Lines set one right under the other (no paragraph gap): where a value the layout
    wrapped may go on from one to the next."""
    runs: list[list[TextLine]] = []
    for line in (ln for ln in lines if ln.words):
        above = runs[-1][-1] if runs else None
        if (
            above is not None
            and line.page == above.page
            and 0 <= line.top - above.bottom < 0.6 * above.size
        ):
            runs[-1].append(line)
        else:
            runs.append([line])
    return runs


def text_logical_lines(lines: list[TextLine]) -> list[LogicalLine]:
    """Text lines outside tables -> logical lines: a value cut where lines set one under
    the other meet their right edge (CSS ``break-all``: "2600:1f14:824:30" / "0::/56")
    is rejoined, as in a cell, never read as its fragments."""
    out: list[LogicalLine] = []
    for run in _wrapped_runs(lines):
        edge = run[0].x1 + 1000 if len(run) == 1 else max(ln.x1 for ln in run) + 0.5
        out += logical_lines(run, [], edge)
    return out


# --- token classes --------------------------------------------------------------------


def strip_punct(text: str) -> str:
    """A value token less the punctuation around it, and less a footnote mark printed
    after a value ("192.0.2.0/24*", "relay.example.com¹"): a mark is no part of it."""
    if text.startswith("http"):
        return text
    return nz.without_footnote_mark(text.strip().strip(",;").rstrip("."))


@lru_cache(maxsize=8192)
def classify(text: str) -> str:
    """One token -> "address", "address-range" ("192.0.2.9-192.0.2.20"), "bad-address",
    "hostname", "url", "any", "connector", "bullet" or "word"."""
    t = strip_punct(text)
    if not t:
        return "connector"
    if t.lower() == "any":
        return "any"
    if t.lower() in CONNECTORS:
        return "connector"
    if BULLET.match(t):
        return "bullet"
    if URL_START.match(t):
        return "url" if nz.find_urls(t) else "word"
    if nz.is_address(t):
        return "address"
    if nz.looks_like_address(t):
        return "bad-address"
    if nz.is_address_range(t):
        return "address-range"
    if nz.is_hostname(t) and not re.fullmatch(r"[\d.]+", t):
        return "hostname"
    return "word"


VALUE_CLASSES = {"address", "address-range", "bad-address", "hostname", "url", "any"}

# --- values run into a word -------------------------------------------------------------

# A word before a value: letters ("and" + "54.254.98.96"), or a label and its colon
# ("hostname:" + "a.example.com"). One letter alone is too little ("v1.2.3.4").
_GLUED_PREFIX = re.compile(r"[^\W\d_]{2,}(?=\d)|[^\W\d_]+:")
_LIST_SEPARATOR = re.compile(r"(?<=[,;])(?=\S)")


def glued_pieces(text: str) -> list[str]:
    """A token that is no value but holds values run into a word or into each other by
    tight spacing (justified text, a gap closed below the word tolerance) -> its pieces
    as printed, each a value or the word before it; else ``[text]``."""
    if classify(text) != "word":
        return [text]
    items = _LIST_SEPARATOR.split(text)
    if len(items) > 1 and all(
        classify(item) in ("address", "bad-address", "hostname") for item in items
    ):
        return items  # "192.0.2.1,192.0.2.2": a list printed without spaces
    prefix = _GLUED_PREFIX.match(text)
    if prefix is None:
        return [text]
    rest = text[prefix.end() :]
    kinds = (
        ("address", "bad-address", "hostname")
        if text[prefix.end() - 1] == ":"
        else ("address", "bad-address")
    )
    if classify(rest) not in kinds:
        return [text]
    return [text[: prefix.end()], rest]


def _word_slice(words: list[Word], start: int, end: int) -> list[Word]:
    """The words (or their parts, measured in equal shares per character) that print
    characters ``start:end`` of their joined text."""
    out, offset = [], 0
    for word in words:
        a, b = max(start, offset), min(end, offset + len(word.text))
        if a < b:
            share = (word.x1 - word.x0) / max(len(word.text), 1)
            out.append(
                Word(
                    word.text[a - offset : b - offset],
                    word.x0 + share * (a - offset),
                    word.top,
                    word.x0 + share * (b - offset),
                    word.bottom,
                    word.size,
                    word.bold,
                    word.page,
                )
            )
        offset += len(word.text)
    return out


def split_glued(tok: Token) -> list[Token]:
    """``glued_pieces`` as tokens, each with its share of the printed words."""
    pieces = glued_pieces(tok.text)
    if len(pieces) == 1 or "".join(w.text for w in tok.words) != tok.text:
        return [tok]
    out, start = [], 0
    for i, piece in enumerate(pieces):
        end = start + len(piece)
        out.append(Token(piece, _word_slice(tok.words, start, end), tok.uri, tok.glued or i > 0))
        start = end
    out[0].glued = tok.glued
    return out


def is_value_line(line: LogicalLine) -> bool:
    """A line made only of values (hostnames, addresses, URLs, "Any") and list glue."""
    classes = [classify(t.text) for t in line.tokens]
    return any(c in VALUE_CLASSES for c in classes) and all(
        c in VALUE_CLASSES or c in ("connector", "bullet") for c in classes
    )


def item_remark(line: LogicalLine) -> str | None:
    """A list item of values with a remark in parentheses after them ("• 203.0.113.5
    (status page)"): the remark; None for any other line. A bullet must start it: a
    sentence naming an address is no item."""
    tokens = line.tokens
    if len(tokens) < 3 or classify(tokens[0].text) != "bullet":
        return None
    opens = next((k for k, t in enumerate(tokens) if t.text.startswith("(")), None)
    if opens is None or opens < 2 or not tokens[-1].text.rstrip(".,;").endswith(")"):
        return None
    head = [classify(t.text) for t in tokens[1:opens]]
    if not any(c in VALUE_CLASSES for c in head) or not all(
        c in VALUE_CLASSES or c == "connector" for c in head
    ):
        return None
    return " ".join(t.text for t in tokens[opens:]).strip("(). ,;")


def join_text(lines: list[LogicalLine]) -> str:
    """Lines -> one text; a line ending in ``-`` or ``/`` continues without a space."""
    return join_texts([line.text for line in lines])


def join_texts(parts: list[str]) -> str:
    """``join_text`` for the lines' texts alone."""
    text = ""
    for part in parts:
        if not text:
            text = part
        elif _ends_token_break(text):
            text += part
        else:
            text += " " + part
    return nz.collapse_ws(text)


# --- a stray space inside a name -----------------------------------------------------


def _family(host: str) -> str:
    """The last two labels: the domain a vendor's names share ("swisssign.net")."""
    return ".".join(host.lower().rstrip(".").split(".")[-2:])


def stray_space_names(line: LogicalLine, neighbours: set[str]) -> list[str]:
    """Names that two neighbouring hostnames of ``line`` make when the space between
    them is a stray one ("ra.swiss sign.net"): each piece is a valid name, but only by
    accident when the first ends in a rare top-level domain (no common one, no country
    code), or when the joined name is of the family of ``neighbours`` (the other
    names around it) and neither piece is. The pieces stay values; this says where a
    reviewer should look."""
    own = {strip_punct(t.text) for t in line.tokens}
    families = {_family(n) for n in neighbours - own if classify(n) == "hostname"}
    found = []
    for a, b in zip(line.tokens, line.tokens[1:], strict=False):
        if b.glued or classify(a.text) != "hostname" or classify(b.text) != "hostname":
            continue
        first, second = strip_punct(a.text), strip_punct(b.text)
        joined = first + second
        if a.text != first or not nz.is_hostname(joined):
            continue  # "a.example.com, b.example.net": punctuation says two names
        rare = not has_known_tld(first)
        family = _family(joined) in families and not ({_family(first), _family(second)} & families)
        if rare or family:
            found.append(nz.hostname(joined))
    return found
