"""Ids that follow a rule through a source's revisions, so a consumer syncing by id
sees a renamed rule change, not go away and come back.

The extractor names a rule after what the document prints (section + service...), so a
rename gives a new id. When ``diff.match_rules`` pairs a rule with one in the revision
before, the rule takes that one's published id (and with it its flows' ids, which are
hashed from it). A rule paired with none keeps its own id unless the revision before
uses it for another lineage; then ``-2``, ``-3``... Ids are a pure function of the
revisions in order: publishing stays deterministic.
"""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.diff import match_rules
from pipeline.model.models import Document


def _free(rid: str, taken: set[str]) -> str:
    if rid not in taken:
        return rid
    n = 2
    while f"{rid}-{n}" in taken:
        n += 1
    return f"{rid}-{n}"


def lineage_ids(previous: Document, previous_ids: Sequence[str], current: Document) -> list[str]:
    """The published ids of ``current``'s rules, in order, given the published ids of
    ``previous``'s rules (``previous`` as extracted, its ids as published)."""
    published = {id(rule): rid for rule, rid in zip(previous.rules, previous_ids, strict=True)}
    pairs, _removed, _added = match_rules(previous.rules, current.rules)
    inherited = {id(new): published[id(old)] for old, new in pairs}
    taken = set(previous_ids) | set(inherited.values())
    ids = []
    for rule in current.rules:
        rid = inherited.get(id(rule))
        if rid is None:
            rid = _free(rule.id, taken)
            taken.add(rid)
        ids.append(rid)
    return ids


def with_ids(document: Document, ids: Sequence[str]) -> Document:
    """A copy of ``document`` whose rules carry ``ids`` (the document is not changed)."""
    if [rule.id for rule in document.rules] == list(ids):
        return document
    rules = [
        rule.model_copy(update={"id": rid}) for rule, rid in zip(document.rules, ids, strict=True)
    ]
    return document.model_copy(update={"rules": rules})


def follow_lineage(documents: Sequence[Document]) -> list[Document]:
    """A source's revisions, oldest first, each with its rules' ids carried over from the
    rule each continues in the revision before (see the module docstring)."""
    published: list[Document] = []
    previous: Document | None = None
    previous_ids: list[str] = []
    for document in documents:
        if previous is None:
            ids = [rule.id for rule in document.rules]
        else:
            ids = lineage_ids(previous, previous_ids, document)
        published.append(with_ids(document, ids))
        previous, previous_ids = document, ids
    return published
