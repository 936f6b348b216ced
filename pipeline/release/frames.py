"""Published revisions as pandas DataFrames, for analysts in a notebook.

``load(path)`` takes a published revision's folder (``output/<source>/<version>/`` or
``latest/``) or a document JSON (``portdoc extract`` output) and gives its rules, flows,
host lists and changes as DataFrames, each column typed as its Table Schema says
(``string`` -> pandas ``string``, ``integer`` -> nullable ``Int64``, ``boolean`` ->
nullable ``boolean``; an empty cell is ``<NA>``)::

    from pipeline.release.frames import load, compare_flows

    latest = load("output/clearswift-seg/latest")
    https = latest.flows[latest.flows["port"] == 443]
    moved = compare_flows(load("output/x/1.0"), load("output/x/2.0"))

Nothing here is needed to publish: the CLI never imports pandas.
"""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline.diff import Diff, diff_documents
from pipeline.document_json import load_document
from pipeline.model.errors import UnusableInputError
from pipeline.model.models import Document
from pipeline.release.changes import Change, Changes, revision_changes
from pipeline.release.render import Column, flows_csv, rules_csv, table_schema
from pipeline.release.sources import revision_label

PANDAS_TYPES = {"string": "string", "integer": "Int64", "boolean": "boolean"}

HOST_LIST_COLUMNS = (
    Column("host_list", "string", "The host list's id (document.json host_lists[].id)."),
    Column("title", "string", "Its title as printed."),
    Column("type", "string", "host or address."),
    Column("value", "string", "The hostname or address/network."),
)
CHANGE_COLUMNS = (
    Column("version", "string", "The revision the change appeared in."),
    Column(
        "date",
        "string",
        "That revision's date (YYYY-MM-DD, or YYYY-MM where only the month is printed).",
    ),
    Column("previous", "string", "The revision it is a change against; empty for the first."),
    Column("type", "string", "rule, host_list, history or retirement."),
    Column("id", "string", "Rule id, host list id, or change-history version."),
    Column("service", "string", "The rule's service (the new name after a rename)."),
    Column("change", "string", "added, removed or changed."),
    Column("fields", "string", "What moved, space-separated: ports, hosts, direction..."),
    Column(
        "effective",
        "string",
        "Retirements, and history entries announcing a change for a date: the date it "
        "takes effect (YYYY-MM-DD).",
    ),
    Column("addresses", "string", "Retirements: the addresses, space-separated."),
)


@dataclass(frozen=True)
class Revision:
    """One revision's tables; ``document`` is its document.json as the model."""

    document: Document
    rules: pd.DataFrame
    flows: pd.DataFrame
    host_lists: pd.DataFrame
    changes: pd.DataFrame


def _typed(data: bytes, fields: Sequence[dict[str, Any]]) -> pd.DataFrame:
    """A CSV read with each column's Table Schema type; empty cells are missing."""
    return pd.read_csv(
        io.BytesIO(data),
        dtype={f["name"]: PANDAS_TYPES[f["type"]] for f in fields},
        true_values=["true"],
        false_values=["false"],
        keep_default_na=False,
        na_values={f["name"]: [""] for f in fields},
    )


def _fields(columns: Sequence[Column]) -> list[dict[str, Any]]:
    return [{"name": c.name, "type": c.type} for c in columns]


def _frame(columns: Sequence[Column], rows: list[list[Any]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=[c.name for c in columns], dtype=object)
    return frame.astype({c.name: PANDAS_TYPES[c.type] for c in columns})


def host_lists_frame(document: Document) -> pd.DataFrame:
    """One row per host list entry."""
    rows = [
        [hl.id, hl.title, kind, value]
        for hl in document.host_lists
        for kind, values in (("host", hl.hosts), ("address", hl.addresses))
        for value in values
    ]
    return _frame(HOST_LIST_COLUMNS, rows)


def _change_row(change: Change) -> list[Any]:
    detail = change.rule or change.host_list
    service = None
    fields: list[str] = []
    if detail is not None:
        data = detail.model_dump(mode="json")
        name = data.get("service", data.get("title"))
        service = name["to"] if isinstance(name, dict) else name
        fixed = {"id", "section", "service", "title", "change"}
        fields = sorted(key for key in data if key not in fixed)
        if isinstance(data.get("service"), dict):
            fields.insert(0, "service")
    return [
        change.version,
        change.date,
        change.previous,
        change.type,
        change.id,
        service,
        change.change,
        " ".join(fields) or None,
        change.effective,
        " ".join(change.addresses or []) or None,
    ]


def changes_frame(changes: Sequence[Change]) -> pd.DataFrame:
    """One row per change (see ``CHANGE_COLUMNS``)."""
    return _frame(CHANGE_COLUMNS, [_change_row(change) for change in changes])


def _package_fields(folder: Path) -> dict[str, list[dict[str, Any]]]:
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    return {r["name"]: r["schema"]["fields"] for r in package["resources"]}


def _revision_changes(folder: Path, document: Document) -> list[Change]:
    """The changes this revision brought: from the source's changes.json beside the
    revision folders, else from its diff.json."""
    source = folder.parent / "changes.json"
    version = revision_label(document)
    if source.is_file():
        data = Changes.model_validate_json(source.read_bytes())
        return [change for change in data.changes if change.version == version]
    diff_path = folder / "diff.json"
    if diff_path.is_file():
        diff = Diff.model_validate_json(diff_path.read_bytes())
    else:
        diff = diff_documents(Document(), document)
    return revision_changes(version or "", document, diff)


def load_folder(folder: Path) -> Revision:
    """A published revision's folder (``<version>/`` or ``latest/``)."""
    document = load_document(folder / "document.json")
    fields = _package_fields(folder)
    return Revision(
        document=document,
        rules=_typed((folder / "rules.csv").read_bytes(), fields["rules"]),
        flows=_typed((folder / "flows.csv").read_bytes(), fields["flows"]),
        host_lists=host_lists_frame(document),
        changes=changes_frame(_revision_changes(folder, document)),
    )


def load_document_frames(path: Path) -> Revision:
    """A document JSON: its rules and flows as publish would write them; its changes are
    the document's own contents, all added (there is nothing to compare it with)."""
    document = load_document(path)
    return Revision(
        document=document,
        rules=_typed(rules_csv(document), table_schema("rules").model_dump()["fields"]),
        flows=_typed(flows_csv(document), table_schema("flows").model_dump()["fields"]),
        host_lists=host_lists_frame(document),
        changes=changes_frame(
            revision_changes(
                revision_label(document) or "", document, diff_documents(Document(), document)
            )
        ),
    )


def load(path: str | Path) -> Revision:
    """A published revision's folder or a document JSON file, as DataFrames."""
    path = Path(path)
    if path.is_dir():
        if not (path / "document.json").is_file():
            raise UnusableInputError(f"{path}: not a published revision (no document.json)")
        return load_folder(path)
    return load_document_frames(path)


def compare_flows(old: Revision, new: Revision) -> pd.DataFrame:
    """Flows that differ between two revisions, matched by ``flow_id`` (stable across
    revisions, renames included): ``added`` and ``changed`` rows are ``new``'s (changed:
    same flow, another value such as the direction or service), ``removed`` rows
    ``old``'s; a column ``change`` says which."""
    before, after = old.flows.set_index("flow_id"), new.flows.set_index("flow_id")
    common = before.index.intersection(after.index)
    columns = list(after.columns.intersection(before.columns))
    left, right = before.loc[common, columns], after.loc[common, columns]
    differs = ~((left == right) | (left.isna() & right.isna())).fillna(False).all(axis=1)
    parts = [
        after.loc[after.index.difference(before.index)].assign(change="added"),
        before.loc[before.index.difference(after.index)].assign(change="removed"),
        after.loc[differs[differs].index].assign(change="changed"),
    ]
    both = pd.concat(parts).reset_index()
    both["change"] = both["change"].astype("string")
    return both.sort_values(["change", "id", "flow_id"], ignore_index=True)


__all__ = [
    "CHANGE_COLUMNS",
    "HOST_LIST_COLUMNS",
    "Revision",
    "changes_frame",
    "compare_flows",
    "host_lists_frame",
    "load",
    "load_document_frames",
    "load_folder",
]
