"""Change histories -> ``HistoryEntry`` records: tables, and lists under a change-history
heading."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable

from pipeline.families.tables import (
    bad_address,
    line_box,
    make_issue,
    row_provenance,
    table_roles,
    token_box,
)
from pipeline.layout import cells as cl
from pipeline.layout.blocks import Row, Table, TextLine
from pipeline.model.models import Evidence, HistoryEntry, Issue, Provenance
from pipeline.values import normalize as nz
from pipeline.values.normalize_versions import printed_date
from pipeline.values.vocabulary import (
    ANNOUNCE_WORDS,
    HISTORY_HEADING_WORDS,
    HISTORY_HEADINGS,
    VERSION_WORDS,
)

RETIRE_WORDS = re.compile(r"(?i)retir|withdraw|decommission|remov|deprecat|no longer")
ANNOUNCES = re.compile(r"(?i)\b(?:" + "|".join(map(re.escape, ANNOUNCE_WORDS)) + r")\b")


def _parse_wrapped(parse: Callable[[str], str], text: str) -> str:
    """Parse a short value as printed, or with its line breaks closed up ("Apri l-2019"
    is "April-2019" wrapped in a narrow column)."""
    try:
        return parse(text)
    except nz.InvalidValue:
        squashed = re.sub(r"\s+", "", text)
        if squashed == text:
            raise
        try:
            return parse(squashed)
        except nz.InvalidValue:
            pass
        raise


HISTORY_KEYS = {"version", "date"}  # a row split by a page break goes on with these empty


def history_entry(table: Table, row: Row, issues: list[Issue]) -> HistoryEntry | None:
    """One whole row of a change-history table (see ``RowJoiner``)."""
    roles = table_roles(table)
    by_role: dict[str, list[cl.LogicalLine]] = defaultdict(list)
    for cell in row.cells:
        role = roles[cell.first] or "description"
        by_role[role].extend(cl.cell_lines(cell))
    prov = row_provenance(table, row)
    version_text = cl.join_text(by_role["version"])
    date_text = cl.join_text(by_role["date"])
    description = cl.join_text(by_role["description"] + by_role["notes"] + by_role["service"])
    try:
        version = _parse_wrapped(nz.version, version_text)
    except nz.InvalidValue as e:
        issues.append(make_issue("bad-version", "error", str(e), prov.box, version_text))
        return None
    date = None
    if date_text:
        try:
            date = _parse_wrapped(nz.date, date_text)  # with its day where printed
        except nz.InvalidValue as e:
            issues.append(make_issue("bad-date", "error", str(e), prov.box, date_text))
    retired: list[str] = []
    evidence = []
    if RETIRE_WORDS.search(description):
        for line in by_role["description"]:
            for tok in line.tokens:
                kind = cl.classify(tok.text)
                if kind in ("address", "address-range"):
                    for value in nz.addresses(cl.strip_punct(tok.text)):
                        if value not in retired:
                            retired.append(value)
                        evidence.append(
                            Evidence(
                                field="retired_addresses",
                                value=value,
                                text=tok.text,
                                box=token_box(tok),
                            )
                        )
                elif kind == "bad-address":
                    issues.append(bad_address(tok))
    return HistoryEntry(
        version=version,
        date=date,
        date_text=date_text,
        description=description,
        retired_addresses=retired,
        # A retirement, or another change announced for a date ("will be closed on ...").
        effective=(
            nz.date_in_text(description, date) if retired or ANNOUNCES.search(description) else None
        ),
        provenance=prov,
        evidence=evidence,
    )


# --- change histories printed as lists ---------------------------------------------------

# A section headed as a change history ("Revision history", "Document history", "Change
# log"): its list items may be its entries.
HISTORY_TITLE = re.compile(
    r"(?i)\b(?:(?:"
    + "|".join(map(re.escape, HISTORY_HEADING_WORDS))
    + r")\s+history|"
    + "|".join(re.escape(h).replace(r"\ ", r"\s+") for h in HISTORY_HEADINGS)
    + r")\b"
)
_ITEM_HEAD = re.compile(r"\s*(?:[•▪◦‣∙·*-]\s+)?(?P<head>.+?)(?::\s+|\s+[–—-]\s+)(?P<rest>.+)")
_ITEM_VERSION = re.compile(r"(?i)v?([0-9]{1,4}(?:\.[0-9]{1,4})+)")


def history_item(text: str) -> tuple[str, str | None, str, str] | None:
    """A list item of a change history -> (version, date, the date as printed, the
    change): "2026-03-02 (5.1): Added port 10000", "Version 5.1 (2 March 2026) – First
    release", "5.1 – 2026-03-02 – Added …". The head before the first colon or dash
    holds one version (digits with a dot) and at most a date; else None.

    >>> history_item("2026-03-02 (5.1): Added port 10000 for backup agents.")
    ('5.1', '2026-03-02', '2026-03-02', 'Added port 10000 for backup agents.')
    >>> history_item("Version 5.0 (November 2025) – First release.")
    ('5.0', '2025-11', 'November 2025', 'First release.')
    >>> history_item("5.1 – 2026-03-02 – Added port 8443.")
    ('5.1', '2026-03-02', '2026-03-02', 'Added port 8443.')
    >>> history_item("Port 443: web console") is None
    True
    """
    m = _ITEM_HEAD.fullmatch(text)
    if not m:
        return None
    head, rest = m["head"], m["rest"]
    # "5.1 – 2026-03-02 – Added …": a second dash part that is a date is the head's.
    second = _ITEM_HEAD.fullmatch(rest)
    if second and printed_date(second["head"]) is not None:
        head, rest = f"{head} {second['head']}", second["rest"]
    versions, others = [], []
    for token in re.split(r"[\s()\[\],;]+", head):
        found = _ITEM_VERSION.fullmatch(token)
        if found and not nz.is_address(token) and printed_date(token) is None:
            versions.append(found[1])
        elif token and token.lower().rstrip(".") not in VERSION_WORDS:
            others.append(token)
    date_text = " ".join(others)
    date = printed_date(date_text) if date_text else None
    if len(versions) != 1 or (date_text and date is None):
        return None
    return versions[0], date, date_text, nz.collapse_ws(rest)


def history_items(lines: list[TextLine]) -> tuple[list[HistoryEntry], list[TextLine]]:
    """A change-history section's lines -> the entries its list items give (a line
    right under an item, not set further left, goes on with its change), and the
    other lines."""
    entries: list[HistoryEntry] = []
    items: list[tuple[tuple[str, str | None, str, str], list[TextLine]]] = []
    rest: list[TextLine] = []
    for line in lines:
        item = history_item(line.text)
        if item is not None:
            items.append((item, [line]))
            continue
        if items:
            above = items[-1][1][-1]
            if (
                line.page == above.page
                and 0 <= line.top - above.bottom < 0.8 * above.size
                and line.x0 >= items[-1][1][0].x0 - 1
            ):
                items[-1][1].append(line)
                continue
        rest.append(line)
    for (version, date, date_text, change), item_lines in items:
        description = nz.collapse_ws(" ".join([change, *(ln.text for ln in item_lines[1:])]))
        boxes = [line_box(ln) for ln in item_lines]
        entries.append(
            HistoryEntry(
                version=version,
                date=date,
                date_text=date_text,
                description=description,
                effective=nz.date_in_text(description, date)
                if ANNOUNCES.search(description)
                else None,
                provenance=Provenance(
                    pages=sorted({b.page for b in boxes}), box=boxes[0], boxes=boxes
                ),
            )
        )
    return entries, rest
