"""Document JSON in (untrusted: a diff side, a published revision), validated
``Document`` out: checked against the document schema, then the model, then each host
and address against its normaliser, so a hand-edited or hostile file is refused naming
what is wrong, never diffed or published."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from pipeline.model.errors import UnusableInputError
from pipeline.model.inputs import StrictJSONError, loads_strict, read_regular
from pipeline.model.models import SCHEMA_VERSION, Document, HostList, Rule
from pipeline.model.schema import model_schema_errors
from pipeline.values import normalize as nz
from pipeline.values.text import BIDI, hidden_character

# A document JSON is a few hundred kB; anything far bigger is not one.
MAX_DOCUMENT_BYTES = 64 * 1024 * 1024


def load_document(path: Path | str) -> Document:
    """A document JSON as written by ``portdoc extract``: checked against the document
    schema, then the model, then each host and address against its normaliser (a side
    is untrusted input: ``{}`` or a hand-edited host is not a document)."""
    path = Path(path)
    data = read_regular(path, MAX_DOCUMENT_BYTES, "document JSON")
    try:
        parsed = loads_strict(data)
    except StrictJSONError as e:
        raise UnusableInputError(f"{path.name}: not a portdoc document JSON ({e})") from e
    problem = document_json_problem(parsed)
    if problem:
        raise UnusableInputError(f"{path.name}: not a portdoc document JSON ({problem})")
    try:
        document = Document.model_validate(parsed)
    except ValidationError as e:
        first = e.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "top level"
        raise UnusableInputError(
            f"{path.name}: not a portdoc document JSON ({where}: {first['msg']})"
        ) from e
    problem = value_problem(document)
    if problem:
        raise UnusableInputError(f"{path.name}: not a portdoc document JSON ({problem})")
    return document


# Keys every document portdoc writes has; the schema alone would take ``{}``.
REQUIRED_KEYS = ("schema_version", "generator", "document")


def _strings(data: Any, where: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(data, str):
        yield where, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(value, f"{where}/{key}")
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _strings(value, f"{where}/{index}")


def document_json_problem(data: Any) -> str | None:
    """Why parsed JSON is not a document of this schema version, or None."""
    if not isinstance(data, dict):
        return f"top level is {type(data).__name__}, not an object"
    missing = [key for key in REQUIRED_KEYS if key not in data]
    if missing:
        return f"no {', '.join(missing)}"
    errors = model_schema_errors("document", Document, data)
    if errors:
        return errors[0]
    major = str(data["schema_version"]).split(".")[0]
    if major != SCHEMA_VERSION.split(".")[0]:
        return (
            f"schema_version {data['schema_version']}, this portdoc reads "
            f"{SCHEMA_VERSION}: extract the PDF again"
        )
    for where, text in _strings(data):
        # Zero-width characters may be in an extraction (an issue's text shows them).
        hidden = hidden_character(text, allow="\t\n", invisible=BIDI)
        if hidden:
            return f"{where.lstrip('/')}: control characters ({hidden})"
    return None


def _record_values(kind: str, records: Sequence[Rule | HostList]) -> Iterator[tuple[str, str, str]]:
    for index, record in enumerate(records):
        for field in ("hosts", "addresses") + (("address_sources",) if kind == "rules" else ()):
            for position, value in enumerate(getattr(record, field)):
                yield f"{kind}/{index}/{field}/{position}", field, value


def value_problem(document: Document) -> str | None:
    """The first host, address or URL that its normaliser does not accept, or None."""
    check = {"hosts": nz.hostname, "addresses": nz.address, "address_sources": nz.url}
    values = [
        *_record_values("rules", document.rules),
        *_record_values("host_lists", document.host_lists),
    ]
    for index, entry in enumerate(document.history):
        for position, value in enumerate(entry.retired_addresses):
            values.append((f"history/{index}/retired_addresses/{position}", "addresses", value))
    for where, field, value in values:
        try:
            check[field](value)
        except nz.InvalidValue as e:
            return f"{where}: {e}"
    for index, rule in enumerate(document.rules):
        named = {*rule.hosts, *rule.addresses}
        for position, peer in enumerate(rule.peers):
            if peer.value not in named:
                where = f"rules/{index}/peers/{position}"
                return f"{where}: {peer.value!r} is in neither the rule's hosts nor its addresses"
    return None
