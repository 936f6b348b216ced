"""``portdoc add`` and ``portdoc remove``: register a revision PDF in a source folder,
or take one out, so nobody hand-edits JSON.

``add_revision`` checks the PDF extracts (and that its version can name a folder and is
not a listed revision's, unless ``replace``), copies it into the source folder when it
is elsewhere, and writes ``source.json`` with the revision appended: created, for a new
source, from the vendor and product given. ``remove_revision`` takes the revision of a
version out of ``source.json`` and its PDF out of the folder. ``source.json`` is written
in one form whatever wrote it before (2-space indent, fields in the model's order,
defaults left out), atomically, with the user's umask. Nothing is changed unless every
check passed.
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

from pipeline.model.canonical import umask_mode, write_text_atomic
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
    replaced: tuple[str, ...] = ()  # the files of the revisions of that version it replaced

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


# What a new source's metadata takes from the options, and what each option is called.
SOURCE_OPTIONS = {"vendor": "--vendor", "product": "--product", "title": "--title"}
SOURCE_OPTIONS |= {"homepage": "--homepage"}


def _refuse_other_metadata(path: Path, data: dict, given: dict[str, str | None]) -> None:
    """An option that would describe an existing source differently is an error, not
    silently ignored: source.json is where the source is described."""
    for name, value in given.items():
        if value is not None and value != data.get(name):
            raise UnusableInputError(
                f"{path}: {SOURCE_OPTIONS[name]} {value!r} differs from the source's "
                f"{name} {data.get(name)!r}; {SOURCE_OPTIONS[name]} is only for a new "
                f"source (edit {METADATA} to change it)"
            )


def _already_there(pdf: Path, target: Path) -> bool:
    """True when ``target`` is ``pdf`` or a copy of it; an error when it is another file."""
    if not target.exists():
        return False
    if target.resolve() == pdf.resolve() or target.read_bytes() == pdf.read_bytes():
        return True
    raise UnusableInputError(
        f"{target}: a different file of that name is already in the source folder"
    )


def _copy_in(pdf: Path, target: Path) -> bool:
    """Copy ``pdf`` to ``target`` (atomically); False when it is already there."""
    if _already_there(pdf, target):
        return False
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with open(fd, "wb") as out, pdf.open("rb") as src:
            shutil.copyfileobj(src, out)
        Path(tmp).chmod(umask_mode())  # mkstemp's 0600 would hide it from the group
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
    replace: bool = False,
    extractor: Extractor | None = None,
    name: str | None = None,
    details: Mapping[str, str | None] | None = None,
    versions_checked: bool = False,
) -> Added:
    """Register ``pdf`` as a revision of the source in ``folder``; see the module text.
    With ``replace``, the listed revisions of the same version (a re-issue included) are
    replaced: their entries, and their PDFs where they are other files.

    ``urls`` are added to the source's ``url`` (where the vendor publishes it). ``name``
    is the file name to register the PDF under (default: its own), ``details`` more
    fields of the revision (``portdoc fetch``: url, etag, last_modified, reissue_of).
    ``versions_checked``: the caller compared the version with the listed revisions'
    itself (``portdoc fetch`` keeps a re-issue beside the file it re-issues).

    Raises ``UnusableInputError`` (nothing changed) when the PDF can't be used or
    registered: not extractable, no safe version, a bad file name, already listed, its
    version already listed (without ``replace``), a different file of that name in the
    folder, options describing an existing source otherwise than source.json, or no
    source.json and no vendor/product.
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
    if not created:
        given = {"vendor": vendor, "product": product, "title": title, "homepage": homepage}
        _refuse_other_metadata(path, data, given)
    try:
        SourceRevision(file=name, origin=origin)
    except ValidationError as e:
        raise UnusableInputError(
            f"{name}: not usable as a revision file name (letters, digits, space, "
            "'._()+-', ending in .pdf, at most 125 characters): rename it first"
        ) from e
    if any(r["file"] == name for r in data["revisions"]):
        raise UnusableInputError(f"{path}: {name} is already listed")
    _already_there(pdf, folder / name)
    document = extractor(pdf, vendor=data["vendor"], product=data["product"])
    try:
        version = check_version(document.document.version, str(pdf))
    except PublishRefusedError as e:
        raise UnusableInputError(str(e)) from e
    same = [] if versions_checked else _listed_with_version(folder, data, version, extractor)
    if same and not replace:
        raise UnusableInputError(
            f"{path}: version {version} is already listed ({', '.join(same)}); to put "
            f"{name} in its place give --replace"
        )
    data["revisions"] = [r for r in data["revisions"] if r["file"] not in same]
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
    for old in (f for f in same if f != name):
        (folder / old).unlink(missing_ok=True)
    return Added(meta, document, copied, created, tuple(same))


def _version_of(folder: Path, name: str, data: dict, extractor: Extractor) -> str | None:
    try:
        document = extractor(folder / name, vendor=data["vendor"], product=data["product"])
    except UnusableInputError:
        return None  # publish says what is wrong with it; it has no version to clash with
    return document.document.version


def _listed_with_version(folder: Path, data: dict, version: str, extractor: Extractor) -> list[str]:
    """The files of the listed revisions whose documents have ``version`` (compared
    ignoring case, as publish does): one, or a revision and its re-issues."""
    found = []
    for listed in data["revisions"]:
        version_there = _version_of(folder, listed["file"], data, extractor)
        if version_there is not None and version_there.casefold() == version.casefold():
            found.append(str(listed["file"]))
    return found


@dataclass(frozen=True)
class Removed:
    """What ``remove_revision`` did: the metadata as written and the file taken out."""

    meta: SourceMeta
    files: tuple[str, ...]


def remove_revision(folder: Path, version: str, *, extractor: Extractor | None = None) -> Removed:
    """Take the revision whose document has ``version`` (with its re-issues, if any) out
    of ``folder/source.json`` and its PDF out of the folder. Raises
    ``UnusableInputError`` (nothing changed) when no listed revision has that version,
    or it is the source's only one (remove the folder instead: a source has at least
    one revision)."""
    if extractor is None:
        from pipeline.extract import extract_document

        extractor = extract_document
    path = folder / METADATA
    if not path.is_file():
        raise UnusableInputError(f"{folder}: no {METADATA}; not a source folder")
    data = _read_meta(path).model_dump(mode="json")
    same = _listed_with_version(folder, data, version, extractor)
    if not same:
        raise UnusableInputError(f"{path}: no listed revision has version {version}")
    if len(same) == len(data["revisions"]):
        raise UnusableInputError(
            f"{path}: {', '.join(same)} (version {version}) is the source's only revision; "
            f"remove the folder {folder} instead"
        )
    data["revisions"] = [r for r in data["revisions"] if r["file"] not in same]
    meta = SourceMeta.model_validate(data)
    write_text_atomic(path, [metadata_text(meta)])
    for old in same:
        (folder / old).unlink(missing_ok=True)
    return Removed(meta, tuple(same))
