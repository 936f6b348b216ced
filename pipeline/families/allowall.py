"""Networks that allow (nearly) everything: left out of the records, each an issue.

``0.0.0.0/0`` or ``::/0`` in a row's addresses would reach ``ipv4.txt`` / ``ipv6.txt``,
and a firewall reading the feed would allow the whole Internet. Whatever printed it (a
typo, a placeholder, a hostile file), such a network is taken out of ``addresses`` and
reported with the page and text it was read from: an error, unless the row says *Any*
(then ``any_destination`` already says it, and a warning notes the network left out).
Family-independent: it runs on every family's records.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from pipeline.model.models import Evidence, HostList, Issue, Rule
from pipeline.values import normalize as nz

Record = TypeVar("Record", Rule, HostList)


def _says_any(record: Rule | HostList) -> bool:
    return isinstance(record, Rule) and (
        record.any_destination or "any" in record.destination or "any" in record.source
    )


def _issue(record: Rule | HostList, value: str, evidence: Evidence | None) -> Issue:
    name = record.service if isinstance(record, Rule) else record.title
    says_any = _says_any(record)
    why = (
        "the row says Any, which any_destination keeps"
        if says_any
        else "a firewall feed would allow everything"
    )
    pages = record.provenance.pages
    bound = nz.BROAD_PREFIX[6 if ":" in value else 4]
    return Issue(
        code="broad-network",
        severity="warning" if says_any else "error",
        message=f"{value} in {name!r} is broader than a /{bound}: left out of its addresses "
        f"({why})",
        page=evidence.box.page if evidence else (pages[0] if pages else None),
        box=evidence.box if evidence else None,
        text=evidence.text if evidence else value,
    )


def withhold(record: Record, issues: list[Issue]) -> Record:
    """``record`` without its broad networks (and their evidence); one issue each."""
    broad = [value for value in record.addresses if nz.is_broad_network(value)]
    if not broad:
        return record
    withheld = [e for e in record.evidence if e.field == "addresses" and e.value in broad]
    found = {e.value: e for e in withheld}
    issues.extend(_issue(record, value, found.get(value)) for value in broad)
    return record.model_copy(
        update={
            "addresses": [value for value in record.addresses if value not in broad],
            "evidence": [e for e in record.evidence if e not in withheld],
        }
    )


def withhold_broad_networks(
    rules: Sequence[Rule], host_lists: Sequence[HostList], issues: list[Issue]
) -> tuple[list[Rule], list[HostList]]:
    """Every rule and host list without broad networks; the issues appended."""
    return [withhold(rule, issues) for rule in rules], [withhold(h, issues) for h in host_lists]
