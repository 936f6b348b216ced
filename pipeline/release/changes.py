"""``output/<source>/changes.json``: every change of a source, each with the revision it
appeared in, so a consumer on version X reads everything after X in one request (the
Microsoft 365 endpoint service's ``/changes/{version}``, as a static file).

The changes are the published diffs, flattened: the first revision's rules and host
lists as ``added`` (a consumer with nothing starts from the top), each later revision's
against the one before. The vendor's change-history entries come along, and where one
announces addresses for retirement it is also a ``retirement`` change with the date it
takes effect (``effective``), when the entry gives one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import ConfigDict, Field

from pipeline.diff import ChangeKind, Diff, HostListChange, OmitUnset, RuleChange
from pipeline.model.models import SCHEMA_VERSION, Document
from pipeline.values.ids import address_key, address_sort_key, version_key

ChangeType = Literal["rule", "host_list", "history", "retirement"]


# Built on first use, not at import: ``portdoc`` start-up is a large part of a publish.
LAZY = ConfigDict(**OmitUnset.model_config, defer_build=True)


class Change(OmitUnset):
    """One change and the published revision it first appeared in."""

    model_config = LAZY

    version: str = Field(description="The published revision the change appeared in.")
    date: str | None = Field(
        description="That revision's date (YYYY-MM-DD, or YYYY-MM where only the month is printed)."
    )
    previous: str | None = Field(
        description="The revision it is a change against; null for the first revision."
    )
    type: ChangeType
    id: str = Field(description="Rule id, host list id, or change-history version.")
    change: ChangeKind
    effective: str | None = Field(
        default=None,
        description="Retirements, and history entries announcing another change for a "
        "date: the date it takes effect (YYYY-MM-DD).",
    )
    rule: RuleChange | None = None
    host_list: HostListChange | None = None
    description: str | None = Field(
        default=None, description="History and retirements: the vendor's words."
    )
    addresses: list[str] | None = Field(default=None, description="Retirements: the addresses.")


class Changes(OmitUnset):
    model_config = LAZY

    schema_version: str = SCHEMA_VERSION
    source: str
    latest: str
    versions: list[str] = Field(description="Published revisions, oldest first.")
    known_versions: list[str] = Field(
        default_factory=list,
        description="Every version a consumer may be on, oldest first: the published "
        "revisions and every version their change histories name. Changes since one of "
        "them are those of the published revisions after it.",
    )
    changes: list[Change] = Field(description="Oldest revision first, in each diff order.")


@dataclass(frozen=True)
class Appeared:
    """Where a change appeared: a published revision, its date, the one before it."""

    version: str
    date: str | None
    previous: str | None

    def change(self, **fields: Any) -> Change:
        return Change(version=self.version, date=self.date, previous=self.previous, **fields)


def _history_changes(document: Document, diff: Diff, where: Appeared) -> list[Change]:
    entries = {entry.version: entry for entry in document.history}
    out = []
    for version in diff.history_added:
        entry = entries.get(version)
        if entry is None:
            continue
        # A change announced for a date without addresses: the date is the history's own.
        dated = entry.effective if not entry.retired_addresses else None
        out.append(
            where.change(
                type="history",
                id=version,
                change="added",
                description=entry.description,
                effective=dated,
            )
        )
        if entry.retired_addresses:
            addresses = {address_key(a) for a in entry.retired_addresses}
            out.append(
                where.change(
                    type="retirement",
                    id=version,
                    change="removed",
                    effective=entry.effective,
                    description=entry.description,
                    addresses=sorted(addresses, key=address_sort_key),
                )
            )
    return out


def revision_changes(version: str, document: Document, diff: Diff) -> list[Change]:
    """A revision's diff as changes; ``diff`` is against the revision before, or against
    an empty document for the first (``diff.from_`` None)."""
    where = Appeared(version, document.document.date, diff.from_)
    out = [where.change(type="rule", id=c.id, change=c.change, rule=c) for c in diff.rules]
    out += [
        where.change(type="host_list", id=c.id, change=c.change, host_list=c)
        for c in diff.host_lists
    ]
    return out + _history_changes(document, diff, where)


def changes(source: str, revisions: Sequence[tuple[str, Document, Diff]]) -> Changes:
    """``revisions``: (version, document, diff against the one before or an empty one),
    oldest first."""
    versions = [version for version, _, _ in revisions]
    flat = [c for version, doc, diff in revisions for c in revision_changes(version, doc, diff)]
    named = {entry.version for _, doc, _ in revisions for entry in doc.history}
    known = _known_versions(versions, named)
    return Changes(
        source=source, latest=versions[-1], versions=versions, known_versions=known, changes=flat
    )


def _known_versions(published: Sequence[str], named: set[str]) -> list[str]:
    """The published versions and the history's, oldest first (one entry per version,
    the published spelling kept where they differ only in case)."""
    seen = {version.casefold() for version in published}
    extra = {version for version in named if version.casefold() not in seen}
    return sorted([*published, *extra], key=version_key)


def changes_since(data: Changes, version: str | None) -> list[Change]:
    """What a consumer on ``version`` has not seen (everything for None): the changes of
    every later published revision, in order. ``version`` is a published version or any
    earlier one the document history names (``known_versions``), as the Microsoft 365
    endpoint service's ``/changes/{version}`` takes any older version."""
    if version is None:
        return list(data.changes)
    known = data.known_versions or data.versions
    if version not in known:
        raise ValueError(
            f"{version!r} is not a version of {data.source} (published or named by its "
            "change history)"
        )
    later = set(known[known.index(version) + 1 :]) & set(data.versions)
    return [change for change in data.changes if change.version in later]
