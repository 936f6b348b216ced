"""``output/<source>/feed.atom``: an Atom 1.0 feed (RFC 4287) of a source's revisions,
newest first, for a feed reader or a tool to subscribe to.

Each entry is one published revision: its summary is the diff's counts (or the first
revision's size), its content the diff's lines. Times are the revisions' own dates
at the precision printed (a day printed is that day, midnight UTC; ``YYYY-MM``, where
only the month is printed, the first of the month), never the clock, so the
bytes are a function of the sources. Links are relative to the feed's own address.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from pipeline.diff import Diff, diff_lines, diff_summary, effective_changes, effective_line
from pipeline.model.models import Document

ATOM = "http://www.w3.org/2005/Atom"
# When no revision has a date: a fixed instant, not the time of publishing.
NO_DATE = "1970-01-01T00:00:00Z"


@dataclass(frozen=True)
class FeedEntry:
    version: str
    document: Document
    diff: Diff | None


def atom_time(date: str | None) -> str:
    """``2021-01`` -> ``2021-01-01T00:00:00Z``; ``2018-11-22`` -> that day."""
    if not date:
        return NO_DATE
    day = date if len(date) == 10 else f"{date[:7]}-01"
    return f"{day}T00:00:00Z"


# Characters XML 1.0 cannot carry at all (PDF text may hold them): dropped.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(value: str) -> str:
    return escape(_NOT_XML.sub("", value))


def _text(tag: str, value: str, indent: str = "    ") -> str:
    return f"{indent}<{tag}>{xml_text(value)}</{tag}>"


def _entry(source: str, entry: FeedEntry) -> list[str]:
    doc = entry.document
    if entry.diff is None:
        summary = (
            f"First published revision: {len(doc.rules)} rules, {len(doc.host_lists)} host lists"
        )
        # Its history's retirements and dated changes, as a later revision's diff shows them.
        lines = [effective_line(change) for change in effective_changes(doc)]
    else:
        summary = f"Since {entry.diff.from_ or 'the previous revision'}: {diff_summary(entry.diff)}"
        lines = diff_lines(entry.diff)
    document = quoteattr(f"{entry.version}/document.json")
    out = [
        "  <entry>",
        _text("id", f"urn:portdoc:{source}:{entry.version}"),
        _text("title", f"{source} {entry.version}"),
        _text("updated", atom_time(doc.document.date)),
        f'    <link rel="alternate" type="application/json" href={document}/>',
    ]
    if entry.diff is not None:
        href = quoteattr(f"{entry.version}/diff.json")
        out.append(f'    <link rel="related" type="application/json" href={href}/>')
    out.append(_text("summary", summary))
    if lines:
        out.append(_text("content", "\n".join(lines)).replace("<content>", '<content type="text">'))
    return [*out, "  </entry>"]


def atom_feed(source: str, title: str, vendor: str, entries: Sequence[FeedEntry]) -> bytes:
    """The feed, ``entries`` given oldest first; written newest first."""
    dates = [atom_time(e.document.document.date) for e in entries if e.document.document.date]
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="{ATOM}">',
        _text("id", f"urn:portdoc:{source}", "  "),
        _text("title", title, "  "),
        _text("updated", max(dates, default=NO_DATE), "  "),
        f"  <author><name>{xml_text(vendor)}</name></author>",
        '  <link rel="self" type="application/atom+xml" href="feed.atom"/>',
        '  <link rel="related" type="application/json" href="changes.json"/>',
        "  <generator>portdoc</generator>",
    ]
    for entry in reversed(entries):
        lines += _entry(source, entry)
    lines.append("</feed>")
    return ("\n".join(lines) + "\n").encode()
