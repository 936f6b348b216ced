"""Hidden text -> issues: what the page model set aside as unseen is reported, never data.

``pipeline.pdf.visibility`` keeps glyphs no reader sees (invisible, in the colour under
them, too small, clipped, painted over) out of the words. Here each hidden word becomes
an issue naming it: an error inside a table's frame (there it would have been a value:
a hostname in ``hosts.txt`` nobody can see in the document), a warning elsewhere.
"""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.layout.blocks import Block, Table
from pipeline.model.models import Box, Issue, Severity
from pipeline.pdf.pdfmodel import HiddenText, PageModel

MAX_PER_PAGE = 50  # hidden words reported one by one on a page; the rest are counted
SLACK = 2.0  # points around a table's frame


def _in_table(word: HiddenText, tables: Sequence[Table]) -> bool:
    xc, yc = (word.x0 + word.x1) / 2, (word.top + word.bottom) / 2
    return any(
        t.x0 - SLACK <= xc <= t.x1 + SLACK and t.top - SLACK <= yc <= t.bottom + SLACK
        for t in tables
    )


def hidden_issues(page: PageModel, blocks: Sequence[Block]) -> list[Issue]:
    """One issue per hidden word of ``page`` (at most ``MAX_PER_PAGE``, then one that
    counts the rest), given the page's laid-out blocks."""
    tables = [b for b in blocks if isinstance(b, Table) and b.page == page.number]
    issues = []
    for word in page.hidden[:MAX_PER_PAGE]:
        in_table = _in_table(word, tables)
        where = "in a table" if in_table else "on the page"
        issues.append(
            Issue(
                code="hidden-text",
                severity="error" if in_table else "warning",
                message=f"text a reader does not see {where} ({word.reason}): not read as data",
                page=page.number,
                box=Box(page.number, word.x0, word.top, word.x1, word.bottom),
                text=word.text,
            )
        )
    rest = page.hidden[MAX_PER_PAGE:]
    if rest:
        severity: Severity = "error" if any(_in_table(w, tables) for w in rest) else "warning"
        issues.append(
            Issue(
                code="hidden-text",
                severity=severity,
                message=f"{len(rest)} more words a reader does not see on this page: "
                "not read as data",
                page=page.number,
            )
        )
    return issues
