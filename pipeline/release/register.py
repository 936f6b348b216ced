"""``portdoc add``: register a revision PDF in a source folder, so nobody hand-edits JSON.

``add_revision`` checks the PDF extracts (and that its version can name a folder), copies
it into the source folder when it is elsewhere, and writes ``source.json`` with the
revision appended: created, for a new source, from the vendor and product given. The
file is written in one form whatever wrote it before (2-space indent, fields in the
model's order, defaults left out), atomically. Nothing is changed unless every check
passed.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import ValidationError

from pipeline.model.canonical import write_text_atomic
from pipeline.model.errors import PublishRefusedError, UnusableInputError
from pipeline.model.models import Document
from pipeline.release.sources import METADATA, SourceMeta, SourceRevision, check_version, read_meta

Origin = Literal["vendor", "reconstruction"]
Extractor = Callable[..., Document]
DEFAULT_TITLE = "Connection Ports and Protocols"


@dataclass(frozen=True)
class Added:
    """What ``add_revision`` did: the source's metadata as written, the revision's
    document, whether the PDF was copied in and whether source.json was created."""

    meta: SourceMeta
    document: Document
    copied: bool
    created: bool

    @property
    def errors(self) -> int:
        return sum(1 for issue in self.document.issues if issue.severity == "error")


def metadata_text(meta: SourceMeta) -> str:
    """The one form source.json is written in."""
    data = meta.model_dump(mode="json", exclude_defaults=True)
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _read_meta(path: Path) -> SourceMeta:
    return read_meta(path, "; fix it by hand first")


def _new_meta(folder: Path, vendor: str | None, product: str | None, **fields: str | None) -> dict:
    if not vendor or not product:
        raise UnusableInputError(
            f"{folder}: no {METADATA}; to start a new source give --vendor and --product"
        )
    return {
        "id": folder.name,
        "vendor": vendor,
        "product": product,
        "title": fields.get("title") or DEFAULT_TITLE,
        "family": fields.get("family") or "connection-ports-and-protocols",
        "homepage": fields.get("homepage"),
        "revisions": [],
    }


def _with_urls(url: str | list[str] | None, more: Sequence[str]) -> str | list[str] | None:
    """``url`` (one or a list) with ``more`` added where not there: one stays a string."""
    urls = [url] if isinstance(url, str) else list(url or [])
    urls += [u for u in dict.fromkeys(more) if u not in urls]
    return urls[0] if len(urls) == 1 else (urls or None)


def _copy_in(pdf: Path, target: Path) -> bool:
    """Copy ``pdf`` to ``target`` (atomically); False when it is already there."""
    if target.exists():
        if target.resolve() == pdf.resolve() or target.read_bytes() == pdf.read_bytes():
            return False
        raise UnusableInputError(
            f"{target}: a different file of that name is already in the source folder"
        )
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with open(fd, "wb") as out, pdf.open("rb") as src:
            shutil.copyfileobj(src, out)
        Path(tmp).replace(target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True


def add_revision(
    folder: Path,
    pdf: Path,
    origin: Origin,
    *,
    note: str = "",
    vendor: str | None = None,
    product: str | None = None,
    title: str | None = None,
    homepage: str | None = None,
    urls: Sequence[str] = (),
    extractor: Extractor | None = None,
    name: str | None = None,
    details: Mapping[str, str | None] | None = None,
) -> Added:
    """Register ``pdf`` as a revision of the source in ``folder``; see the module text.

    ``urls`` are added to the source's ``url`` (where the vendor publishes it). ``name``
    is the file name to register the PDF under (default: its own), ``details`` more
    fields of the revision (``portdoc fetch``: url, etag, last_modified, reissue_of).

    Raises ``UnusableInputError`` (nothing changed) when the PDF can't be used or
    registered: not extractable, no safe version, a bad file name, already listed, a
    different file of that name in the folder, or no source.json and no vendor/product.
    """
    if extractor is None:
        from pipeline.extract import extract_document

        extractor = extract_document
    if not pdf.is_file():
        raise UnusableInputError(f"{pdf}: no such file")
    path = folder / METADATA
    created = not path.exists()
    data = (
        _read_meta(path).model_dump(mode="json")
        if not created
        else _new_meta(folder, vendor, product, title=title, homepage=homepage)
    )
    if data["id"] != folder.name:
        raise UnusableInputError(f"{path}: id {data['id']!r} differs from the folder name")
    name = name or pdf.name
    try:
        SourceRevision(file=name, origin=origin)
    except ValidationError as e:
        raise UnusableInputError(
            f"{name}: not usable as a revision file name (letters, digits, space, "
            "'._()+-', ending in .pdf, at most 125 characters): rename it first"
        ) from e
    if any(r["file"] == name for r in data["revisions"]):
        raise UnusableInputError(f"{path}: {name} is already listed")
    document = extractor(pdf, vendor=data["vendor"], product=data["product"])
    try:
        check_version(document.document.version, str(pdf))
    except PublishRefusedError as e:
        raise UnusableInputError(str(e)) from e
    revision = {"file": name, "origin": origin, "note": note, **(details or {})}
    data["revisions"].append({k: v for k, v in revision.items() if v is not None})
    data["url"] = _with_urls(data.get("url"), urls)
    try:
        meta = SourceMeta.model_validate(data)
    except ValidationError as e:
        first = e.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "top level"
        raise UnusableInputError(f"{path}: {where}: {first['msg']}") from e
    folder.mkdir(parents=True, exist_ok=True)
    copied = _copy_in(pdf, folder / name)
    write_text_atomic(path, [metadata_text(meta)])
    return Added(meta, document, copied, created)
