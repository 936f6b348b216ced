"""What one row's cells say, before it becomes a ``Rule``: the record the cell readers
(``pipeline.families.portcells``, ``pipeline.families.rows``) fill."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.layout import cells as cl
from pipeline.model.models import Box, Evidence
from pipeline.values import vocabulary as vocab

_SIGNS = re.escape("".join(m for m in vocab.FOOTNOTE_MARKS if not m.isdigit()))
_RAISED = "".join(m for m in vocab.FOOTNOTE_MARKS if m.isdigit())
# Footnote marks printed after a value: "25*", "443¹", "8443†" (a run of one kind).
FOOTNOTE_MARK = re.compile(rf"(?<=[\w)])([{_SIGNS}]+|[{_RAISED}]+)$")


@dataclass
class RowValues:
    """What one row's cells say, before it becomes a Rule."""

    service: str = ""
    protocol_lines: list[list[str]] = field(default_factory=list)
    port_lines: list[list[tuple[int, int]]] = field(default_factory=list)
    port_line_protocols: list[list[str]] = field(default_factory=list)
    source_port_lines: list[list[tuple[int, int]]] = field(default_factory=list)
    source_port_line_protocols: list[list[str]] = field(default_factory=list)
    directions: list[str] = field(default_factory=list)
    hosts: list[str] = field(default_factory=list)
    addresses: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)  # address sources (URLs)
    source: list[str] = field(default_factory=list)  # source endpoints
    destination: list[str] = field(default_factory=list)
    any_destination: bool = False
    notes: list[str] = field(default_factory=list)
    footnotes: list[str] = field(default_factory=list)  # marks printed on the row's values
    # The row's protocols have no ports (ICMP): its port cell holds ICMP types.
    portless: bool = False
    see_other: cl.LogicalLine | None = None  # "see comments" in the port cell
    see_text: str = ""
    dynamic: bool = False  # "DYNAMIC": ports chosen at run time, none printed
    evidence: list[Evidence] = field(default_factory=list)
    cells: dict[str, str] = field(default_factory=dict)  # each column as printed
    word_sides: dict[str, str | None] = field(default_factory=dict)  # value -> side in words
    # Where each port line (and source port line) was printed: (box, text), one per
    # entry of port_lines / source_port_lines.
    port_marks: list[tuple[Box, str]] = field(default_factory=list)
    source_port_marks: list[tuple[Box, str]] = field(default_factory=list)


def add_value(values: list[str], value: str) -> None:
    """Append ``value`` once."""
    if value not in values:
        values.append(value)


def strip_footnote(token: str, rv: RowValues) -> str:
    """``token`` less a footnote mark printed after it; the mark goes to ``rv``."""
    mark = FOOTNOTE_MARK.search(token)
    if not mark:
        return token
    add_value(rv.footnotes, mark.group(1))
    return token[: mark.start()]
