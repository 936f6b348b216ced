"""A model's JSON Schema (2020-12), and validation of parsed JSON against it.

Generic over the model: the registry of every file kind portdoc writes lives above the
models it names (``release.schemas``); readers of JSON input (``diff``) validate here.
"""

from __future__ import annotations

import copy
from functools import cache
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from pipeline.model.models import SCHEMA_VERSION

if TYPE_CHECKING:
    from jsonschema_rs import Draft202012Validator

DIALECT = "https://json-schema.org/draft/2020-12/schema"
# A reserved domain: the ids name the schemas without pointing at a host.
BASE_ID = "https://portdoc.invalid/schema"


def model_schema(kind: str, model: type[BaseModel]) -> dict[str, Any]:
    """The JSON Schema of one kind of file (``document``, ``diff``, ...) from its model
    (a copy: the caller may change it)."""
    return copy.deepcopy(_generated(kind, model))


@cache  # pydantic takes tens of milliseconds a model; every publish ships them all
def _generated(kind: str, model: type[BaseModel]) -> dict[str, Any]:
    # Validation mode describes what a reader may accept: optional fields optional.
    body = model.model_json_schema(by_alias=True, mode="validation")
    return {
        "$schema": DIALECT,
        "$id": f"{BASE_ID}/{kind}-{SCHEMA_VERSION}.schema.json",
        "version": SCHEMA_VERSION,
        **body,
    }


@cache
def _validator(kind: str, model: type[BaseModel]) -> Draft202012Validator:
    # jsonschema-rs, not the pure-Python jsonschema: the same 2020-12 rules about 100x
    # faster (a 5,000-rule document: 20 ms, not 4 s), which every publish pays for every
    # file it checks. Imported when JSON is first validated: extract never needs it.
    import jsonschema_rs

    schema = model_schema(kind, model)
    jsonschema_rs.meta.validate(schema)
    return jsonschema_rs.Draft202012Validator(schema)


def model_schema_errors(kind: str, model: type[BaseModel], data: Any) -> list[str]:
    """Every way ``data`` breaks the model's schema, as ``"path: message"`` lines
    (empty = valid)."""
    validator = _validator(kind, model)
    errors = sorted(validator.iter_errors(data), key=lambda e: [str(p) for p in e.instance_path])
    return [f"{'/'.join(map(str, e.instance_path)) or '(root)'}: {e.message}" for e in errors]
