"""Change-history tables -> ``HistoryEntry`` records."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable

from pipeline.families.tables import (
    bad_address,
    make_issue,
    row_provenance,
    table_roles,
    token_box,
)
from pipeline.layout import cells as cl
from pipeline.layout.blocks import Row, Table
from pipeline.model.models import Evidence, HistoryEntry, Issue
from pipeline.values import normalize as nz
from pipeline.values.vocabulary import ANNOUNCE_WORDS

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
