"""JSON Schemas (2020-12) of every JSON file portdoc writes, generated from the models.

The registry of file kinds lives here, above every model it names (``Diff``,
``Changes``, ``Index``...); the generation itself is ``model.schema``.

``schema/*.schema.json`` in the repository is ``write_schemas`` output; ``publish``
validates each file against ``schemas()`` before anything is swapped into place.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel

from pipeline.diff import Diff
from pipeline.model.canonical import canonical_json
from pipeline.model.models import Document
from pipeline.model.schema import model_schema, model_schema_errors
from pipeline.release.changes import Changes
from pipeline.release.render import DataPackage, Index, PortsIndex

MODELS: dict[str, type[BaseModel]] = {
    "document": Document,
    "diff": Diff,
    "index": Index,
    "datapackage": DataPackage,
    "changes": Changes,
    "ports": PortsIndex,
}
# The published tree carries its schemas here (relative to index.json).
PUBLISHED_FOLDER = "schema"


def schema_for(kind: str) -> dict[str, Any]:
    """The JSON Schema of one kind of file (``document``, ``diff``, ``index``, ...)."""
    return model_schema(kind, MODELS[kind])


def schemas() -> dict[str, dict[str, Any]]:
    return {kind: schema_for(kind) for kind in sorted(MODELS)}


def write_schemas(directory: Path) -> list[Path]:
    """Write ``<kind>.schema.json`` files; returns their paths."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for kind, schema in schemas().items():
        path = directory / f"{kind}.schema.json"
        path.write_bytes(canonical_json(schema))
        written.append(path)
    return written


def schema_paths() -> dict[str, str]:
    """Each kind's schema in the published tree, relative to ``index.json``."""
    return {kind: f"{PUBLISHED_FOLDER}/{kind}.schema.json" for kind in sorted(MODELS)}


def published_schemas() -> dict[str, bytes]:
    """The schemas as the published tree carries them: ``$id`` is the file's own name,
    a reference that resolves, against wherever the file was read from, to the file
    itself, so a consumer validates with what the tree ships, wherever it is served."""
    return {
        path: canonical_json({**schema_for(kind), "$id": path.rsplit("/", 1)[-1]})
        for kind, path in schema_paths().items()
    }


def check_schemas(directory: Path) -> list[str]:
    """Names of schema files in ``directory`` that are missing or differ from the models."""
    stale = []
    for kind, schema in schemas().items():
        path = directory / f"{kind}.schema.json"
        if not path.is_file() or path.read_bytes() != canonical_json(schema):
            stale.append(path.name)
    return stale


def schema_errors(kind: str, data: Any) -> list[str]:
    """Every way ``data`` breaks the schema, as ``"path: message"`` lines (empty = valid)."""
    return model_schema_errors(kind, MODELS[kind], data)
