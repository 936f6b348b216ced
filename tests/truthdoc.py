"""Build ``Document`` models from the shared corpus's truth files (test helper).

The truth format (``../shared/corpus/README.md``) lists the facts a correct extraction
produces; mapping it onto the model gives tests real documents without parsing a PDF.
Ids come from ``pipeline.values.ids``, the functions the extractor uses.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from corpus import CORPUS

from pipeline.families.ports_protocols import section_kind
from pipeline.model.models import (
    Document,
    DocumentInfo,
    HistoryEntry,
    HostList,
    Port,
    Provenance,
    Rule,
)
from pipeline.values.ids import host_list_id, ids_for_rules, rule_ids
from pipeline.values.normalize import date_in_text

EXAMPLECORP = CORPUS / "examplecorp-relay"
CLEARSWIFT = CORPUS / "clearswift-seg"
GENRES = CORPUS.parent / "genres"


def truth_path(folder: Path, version: str) -> Path:
    return folder / f"connection-ports-and-protocols-{version}.truth.json"


def load_truth(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _ports(pairs: list[list[Any]]) -> list[Port]:
    return [
        Port(protocol=protocol, port=first, port_end=last if last != first else None)
        for protocol, first, last in pairs
    ]


def effective(entry: dict[str, Any]) -> str | None:
    """The retirement date the extractor reads from a history entry's text."""
    if not entry["retired_addresses"]:
        return None
    return date_in_text(entry["description"], entry["date"])


def document_from_truth(truth: dict[str, Any]) -> Document:
    """The document a perfect extraction of the truth file's PDF would give."""
    rows = [(r["section"], r["service"], _ports(r["ports"])) for r in truth["rules"]]
    ids = rule_ids(rows)
    rules = [
        Rule(
            id=rid,
            section=r["section"],
            section_title=f"{r['section'].title()} connections",
            service=r["service"],
            ports=ports,
            direction=r["direction"],
            hosts=r["hosts"],
            addresses=r["addresses"],
            address_sources=r["address_sources"],
            any_destination=r["any_destination"],
            host_lists=[host_list_id(title) for title in r["host_lists"]],
            notes=r["notes"],
            provenance=Provenance(pages=[index // 12 + 2]),
        )
        for index, (rid, r, (_, _, ports)) in enumerate(zip(ids, truth["rules"], rows, strict=True))
    ]
    return _document(truth, rules)


def truth_document(folder: Path, version: str) -> Document:
    return document_from_truth(load_truth(truth_path(folder, version)))


def genre_document(path: Path) -> Document:
    """The document a perfect extraction of a ``../shared/genres`` PDF would give: rules
    with endpoints and source ports, the printed heading as ``section_title``, the kind
    ``section`` only where the heading says external or internal (the parser's rule)."""
    truth = load_truth(path)
    rules = [
        Rule(
            id="",
            section=section_kind(r["section"] or ""),
            section_title=r["section"] or "",
            service=r["service"],
            ports=_ports(r["ports"]),
            source_ports=_ports(r.get("source_ports", [])),
            direction=r["direction"],
            source=r["source"],
            destination=r["destination"],
            hosts=r["hosts"],
            addresses=r["addresses"],
            any_destination=r["any_destination"],
            notes=r["notes"],
            provenance=Provenance(pages=[index // 12 + 1]),
        )
        for index, r in enumerate(truth["rules"])
    ]
    for rule, rid in zip(rules, ids_for_rules(rules), strict=True):
        rule.id = rid
    return _document(truth, rules)


def genre_truths() -> list[Path]:
    return sorted(GENRES.glob("*.truth.json"))


def _document(truth: dict[str, Any], rules: list[Rule]) -> Document:
    """A truth file's document, host lists and history around ``rules``."""
    host_lists = [
        HostList(
            id=host_list_id(entry["title"]),
            title=entry["title"],
            hosts=entry["hosts"],
            addresses=entry["addresses"],
        )
        for entry in truth["host_lists"]
    ]
    history = [
        HistoryEntry(
            version=entry["version"],
            date=entry["date"],
            description=entry["description"],
            retired_addresses=entry["retired_addresses"],
            effective=effective(entry),
        )
        for entry in truth["history"]
    ]
    return Document(
        document=DocumentInfo(**truth["document"], family="connection-ports-and-protocols"),
        rules=rules,
        host_lists=host_lists,
        history=history,
    )
