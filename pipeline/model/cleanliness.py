"""How clean a revision's extraction is, in three counts a maintainer reads before
publishing: errors (invalid values, left out), warnings, and text not placed (text the
parser kept as prose or in no row: ``unplaced-text``, ``unplaced-value``,
``unknown-table`` issues). ``add``, ``extract`` and ``publish`` print them per revision
and ``index.json`` carries them per version.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.model.models import Document

# Issue codes that mean printed text reached no field.
NOT_PLACED_CODES = frozenset({"unplaced-text", "unplaced-value", "unknown-table"})


@dataclass(frozen=True)
class IssueCounts:
    errors: int
    warnings: int
    not_placed: int

    @property
    def clean(self) -> bool:
        return not (self.errors or self.warnings or self.not_placed)

    def text(self) -> str:
        """``0 errors, 3 warnings, 3 not placed``."""
        return (
            f"{self.errors} error{'' if self.errors == 1 else 's'}, "
            f"{self.warnings} warning{'' if self.warnings == 1 else 's'}, "
            f"{self.not_placed} not placed"
        )


def issue_counts(document: Document) -> IssueCounts:
    issues = document.issues
    return IssueCounts(
        errors=sum(1 for i in issues if i.severity == "error"),
        warnings=sum(1 for i in issues if i.severity == "warning"),
        not_placed=sum(1 for i in issues if i.code in NOT_PLACED_CODES),
    )
