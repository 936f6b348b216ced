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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import ValidationError

from pipeline.model.canonical import umask_mode, write_text_atomic
from pipeline.model.errors import PublishRefusedError, UnusableInputError
from pipeline.model.models import Document
from pipeline.release.cache import DocumentCache, Extractor, cache_beside, cached_extractor
from pipeline.release.locks import folder_lock
from pipeline.release.sources import (
    METADATA,
    RESERVED_SOURCE_IDS,
    SourceMeta,
    SourceRevision,
    check_version,
    read_meta,
    revision_label,
)

Origin = Literal["vendor", "reconstruction"]
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
            try:
                shutil.copyfileobj(src, out)
            except OSError as e:  # a full disk: name the file that could not be written
                raise OSError(e.errno, e.strerror, str(target)) from e
        Path(tmp).chmod(umask_mode())  # mkstemp's 0600 would hide it from the group
        Path(tmp).replace(target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True


def _refuse_links(folder: Path, pdf: Path, name: str) -> None:
    """The folder, its source.json and the PDFs are real files: a link could point
    anywhere (README "Adding a source")."""
    for path, what in (
        (folder, "the source folder"),
        (folder / METADATA, METADATA),
        (pdf, "the revision PDF"),
        (folder / name, "a revision PDF in the source folder"),
    ):
        if path.is_symlink():
            raise UnusableInputError(f"{path}: a symlink; {what} must be a real file, not a link")


def _current(folder: Path, vendor: str | None, product: str | None, **fields: str | None) -> dict:
    """source.json as it is now (or a new one from the vendor and product), its id checked."""
    path = folder / METADATA
    if path.exists() or path.is_symlink():
        data = _read_meta(path).model_dump(mode="json")
    else:
        data = _new_meta(folder, vendor, product, **fields)
    if data["id"] != folder.name:
        raise UnusableInputError(f"{path}: id {data['id']!r} differs from the folder name")
    return data


def _validated(path: Path, data: dict) -> SourceMeta:
    try:
        return SourceMeta.model_validate(data, strict=True)
    except ValidationError as e:
        first = e.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "top level"
        raise UnusableInputError(f"{path}: {where}: {first['msg']}") from e


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
    source.json and no vendor/product; a link (folder, source.json, PDF); the reserved
    source id.

    The PDF is read first; then source.json is read again, checked, and written back
    while this process holds the lock on the folder of sources: adds at the same moment
    take turns and every registration is kept.
    """
    extractor = _through_cache(folder, extractor)
    name = name or pdf.name
    _refuse_links(folder, pdf, name)
    if not pdf.is_file():
        raise UnusableInputError(f"{pdf}: no such file")
    if folder.name in RESERVED_SOURCE_IDS:
        raise UnusableInputError(f"{folder}: {folder.name!r} is a reserved name in the output")
    path = folder / METADATA
    created = not path.exists()
    data = _current(folder, vendor, product, title=title, homepage=homepage)
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
        version = check_version(revision_label(document), str(pdf))
    except PublishRefusedError as e:
        raise UnusableInputError(str(e)) from e
    read = [r["file"] for r in data["revisions"]]
    same = [] if versions_checked else _listed_with_version(folder, data, version, extractor)
    folder.parent.mkdir(parents=True, exist_ok=True)
    with folder_lock(folder.parent):
        # What another add wrote since: read again, and check again, under the lock.
        data = _current(folder, vendor, product, title=title, homepage=homepage)
        created = not path.exists()
        _refuse_links(folder, pdf, name)
        if any(r["file"] == name for r in data["revisions"]):
            raise UnusableInputError(f"{path}: {name} is already listed")
        _already_there(pdf, folder / name)
        if not versions_checked and [r["file"] for r in data["revisions"]] != read:
            same = _listed_with_version(folder, data, version, extractor)
        if same and not replace:
            raise UnusableInputError(
                f"{path}: version {version} is already listed ({', '.join(same)}); to put "
                f"{name} in its place give --replace"
            )
        data["revisions"] = [r for r in data["revisions"] if r["file"] not in same]
        revision = {"file": name, "origin": origin, "note": note, **(details or {})}
        data["revisions"].append({k: v for k, v in revision.items() if v is not None})
        data["url"] = _with_urls(data.get("url"), urls)
        meta = _validated(path, data)
        folder.mkdir(exist_ok=True)
        copied = _copy_in(pdf, folder / name)
        try:
            write_text_atomic(path, [metadata_text(meta)])
        except BaseException:
            if copied:  # nothing changed: the copy goes with the registration that failed
                (folder / name).unlink(missing_ok=True)
            raise
        for old in (f for f in same if f != name):
            (folder / old).unlink(missing_ok=True)
    return Added(meta, document, copied, created, tuple(same))


def _through_cache(folder: Path, extractor: Extractor | None) -> Extractor:
    """The caller's extractor, or ``extract_document`` reading through the project's
    cache (``cache_beside`` the folder of sources, shared with ``portdoc publish``):
    each listed revision is read to learn its version, and once read is not read again."""
    if extractor is not None:
        return extractor
    from pipeline.extract import extract_document

    return cached_extractor(extract_document, DocumentCache(cache_beside(folder.resolve().parent)))


def listed_versions(
    folder: Path, vendor: str, product: str, files: list[str], extractor: Extractor
) -> list[tuple[str, str | None]]:
    """(file, version) of each listed revision file, in order; a file that can't be read
    any more has no version (publish says what is wrong with it)."""
    versions: list[tuple[str, str | None]] = []
    for name in files:
        try:
            document = extractor(folder / name, vendor=vendor, product=product)
        except UnusableInputError:
            versions.append((name, None))
        else:
            versions.append((name, revision_label(document)))
    return versions


def _listed_with_version(folder: Path, data: dict, version: str, extractor: Extractor) -> list[str]:
    """The files of the listed revisions whose documents have ``version`` (compared
    ignoring case, as publish does): one, or a revision and its re-issues."""
    files = [str(listed["file"]) for listed in data["revisions"]]
    return [
        name
        for name, there in listed_versions(
            folder, data["vendor"], data["product"], files, extractor
        )
        if there is not None and there.casefold() == version.casefold()
    ]


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
    extractor = _through_cache(folder, extractor)
    path = folder / METADATA
    if not path.is_file():
        raise UnusableInputError(f"{folder}: no {METADATA}; not a source folder")
    _refuse_links(folder, path, METADATA)
    with folder_lock(folder.parent):  # an add at the same moment: one after the other
        data = _read_meta(path).model_dump(mode="json")
        same = _listed_with_version(folder, data, version, extractor)
        if not same:
            raise UnusableInputError(f"{path}: no listed revision has version {version}")
        if len(same) == len(data["revisions"]):
            raise UnusableInputError(
                f"{path}: {', '.join(same)} (version {version}) is the source's only "
                f"revision; remove the folder {folder} instead"
            )
        data["revisions"] = [r for r in data["revisions"] if r["file"] not in same]
        meta = _validated(path, data)
        write_text_atomic(path, [metadata_text(meta)])
        for old in same:
            (folder / old).unlink(missing_ok=True)
    return Removed(meta, tuple(same))
