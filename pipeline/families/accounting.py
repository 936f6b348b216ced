"""Every hostname and address printed as firewall data reaches the feed, or is an error.

After a family has read the blocks, they are read once more: each hostname, address
or network printed *as data* — in any table's cell, on a line of values (a list, a
column of addresses), or on a line that reads like a table row (an address beside
another value or a protocol) — must be in a rule, a host list or the change history.
What no reader took is an ``unlisted-value`` error naming it and its page: the feed
would be missing it, and ``publish`` refuses the revision without ``--allow-invalid``.

A hostname or address inside a sentence of prose ("not Google's 8.8.8.8") is a
mention, not data: it stays in the section's text. Family-independent: it runs on any
family's records.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache

from pipeline.families.tables import line_box, make_issue
from pipeline.layout import cells as cl
from pipeline.layout.blocks import Block, Heading, Table, TextLine
from pipeline.model.models import HistoryEntry, HostList, Issue, Rule
from pipeline.values import normalize as nz
from pipeline.values import vocabulary as vocab
from pipeline.values.normalize_endpoints import Value, split_host_port, token_value

_VALUE_KINDS = ("address", "hostname")


def _may_be_value(text: str) -> bool:
    return "." in text or ":" in text


@lru_cache(maxsize=4096)
def _value(text: str) -> Value:
    return token_value(text, prose=True)


def _name_part(token: str) -> str:
    """A token less the port printed after its name."""
    text = cl.strip_punct(token)
    found = split_host_port(text)
    return found[0] if found else text


def listed_values(
    rules: Sequence[Rule], host_lists: Sequence[HostList], history: Sequence[HistoryEntry]
) -> set[str]:
    """Every value the records hold (history entries' words too: a change history
    names hosts it added or retired, which need not be in the feed)."""
    found: set[str] = set()
    for rule in rules:
        found.update(rule.hosts, rule.addresses)
    for host_list in host_lists:
        found.update(host_list.hosts, host_list.addresses)
    for entry in history:
        found.update(entry.retired_addresses)
        for word in entry.description.split():
            found.update(token_value(word, prose=True).values)
    return found


def _line_values(line: cl.LogicalLine, *, in_table: bool) -> list[str]:
    """The values a line prints as data (see the module's doc)."""
    # A hostname has a dot, an address a dot or a colon: other words need no reading.
    # Values glued by commas are read one by one: "8,18.184.99.224/28" (a fragment
    # first) hides no address.
    read = [
        (tok, _value(piece))
        for tok in line.tokens
        for piece in (tok.text.split(",") if "," in tok.text.strip(",") else [tok.text])
        if _may_be_value(piece)
    ]
    values = [(tok, v) for tok, v in read if v.kind in _VALUE_KINDS]
    if not values:
        return []
    if cl.is_value_line(line) or cl.item_remark(line) or _glued_values(line):
        return [each for _, v in values for each in v.values]
    if in_table:
        # A sentence in a cell: what the cell readers take from one (addresses, and
        # names under a common top-level domain: "Cloudfront.IPs" is no host; a name
        # printed with its port is one, "relay.example.com:8443"; a URL's broken-off
        # tail, "naws.com/ip-ranges.json", is none).
        return [
            each
            for tok, v in values
            if v.kind == "address" or cl.has_known_tld(_name_part(tok.text))
            for each in v.values
        ]
    classes = [cl.classify(t.text) for t in line.tokens]
    row_like = sum(c in cl.VALUE_CLASSES for c in classes) >= 2 or any(
        vocab.is_transport(t.text.strip(",;:()")) for t in line.tokens
    )
    if not row_like:
        return []
    return [each for _, v in values if v.kind == "address" for each in v.values]


def _glued_values(line: cl.LogicalLine) -> bool:
    """A line of values glued by commas, whatever the pieces at its ends
    ("203.0.113.128/25,198.5" over the rest): a list, not a sentence."""
    pieces = [p for t in line.tokens for p in cl.strip_punct(t.text).split(",") if p]
    return len(pieces) >= 2 and all(
        cl.classify(p) in cl.VALUE_CLASSES or not p[:1].isalpha() for p in pieces
    )


def _named_in_sentence(line: cl.LogicalLine) -> list[str]:
    """Hostnames a sentence names beside a transport ("Also allow telemetry.example.com
    over TCP 443"): an instruction a reader may mean for the firewall, which no reader
    of sentences takes. Said, not made data."""
    if cl.is_value_line(line) or not any(
        vocab.is_transport(t.text.strip(",;:()")) for t in line.tokens
    ):
        return []
    return [
        each
        for tok in line.tokens
        if _may_be_value(tok.text)
        and (v := _value(tok.text)).kind == "hostname"
        and cl.has_known_tld(_name_part(tok.text))
        for each in v.values
    ]


def _lines(blocks: Iterable[Block]) -> Iterable[tuple[cl.LogicalLine, bool, bool]]:
    """The blocks' logical lines, each with whether it is inside a table and whether a
    page break may have cut it (a table part's last row, a continued part's first).
    Text lines are read as the readers read them: values wrapped from one line to the
    next rejoined."""
    text: list[TextLine] = []  # the text lines since the last table, on one page
    for block in blocks:
        if not isinstance(block, Table):
            line = block.line if isinstance(block, Heading) else block
            if text and text[-1].page != line.page:  # no value wraps over a page
                yield from ((logical, False, False) for logical in cl.text_logical_lines(text))
                text = []
            text.append(line)
            continue
        yield from ((line, False, False) for line in cl.text_logical_lines(text))
        text = []
        last = len(block.rows) - 1
        for index, row in enumerate(block.rows):
            cut = index == last or (index == 0 and block.continues)
            for cell in row.cells:
                yield from ((line, True, cut) for line in cl.cell_lines(cell))
    yield from ((line, False, False) for line in cl.text_logical_lines(text))


def _part_of(value: str, listed: set[str]) -> bool:
    """A name cut by a page break ("query-api.eu1.apc.av" / "ira.com"): the row's
    reader joined the parts, so a listed name begins or ends with the fragment."""
    return any(
        other != value and (other.startswith(value) or other.endswith(value)) for other in listed
    )


def unlisted_values(
    blocks: Iterable[Block],
    rules: Sequence[Rule],
    host_lists: Sequence[HostList],
    history: Sequence[HistoryEntry],
) -> list[Issue]:
    """An ``unlisted-value`` error on each line whose data values no record holds."""
    listed = listed_values(rules, host_lists, history)
    issues = []
    for line, in_table, cut in _lines(blocks):
        if not any(_may_be_value(tok.text) for tok in line.tokens):
            continue
        if not in_table:
            named = [v for v in dict.fromkeys(_named_in_sentence(line)) if v not in listed]
            if named:
                issues.append(
                    make_issue(
                        "unplaced-value",
                        "warning",
                        f"{', '.join(named)} named with a protocol in a sentence, in no "
                        "rule or host list: kept as prose, not in the feed",
                        line_box(line),
                        line.text,
                    )
                )
        missing = [
            v
            for v in dict.fromkeys(_line_values(line, in_table=in_table))
            if v not in listed
            and not (nz.is_address(v) and nz.is_broad_network(v))
            and not (cut and _part_of(v, listed))
        ]
        if not missing:
            continue
        box = line_box(line)
        issues.append(
            make_issue(
                "unlisted-value",
                "error",
                f"{', '.join(missing)} printed on page {box.page} "
                f"{'in a table' if in_table else 'as a list or row'} but in no rule or "
                "host list: the feed would be without it",
                box,
                line.text,
            )
        )
    return issues
