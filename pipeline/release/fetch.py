"""``portdoc fetch``: notice a vendor's new revision without anyone watching the website.

For each source whose ``source.json`` gives the document's ``url`` (one or several),
``fetch_sources`` asks the server for it conditionally, with the ``ETag`` and
``Last-Modified`` stored on the revision last fetched from that URL
(``pipeline.release.download`` holds the HTTP side and its limits). Then:

- ``304``, or bytes equal to a listed revision's: nothing changes (**unchanged**);
- new bytes: read as ``portdoc extract`` reads a file (the same sniffing and limits),
  and registered through ``register.add_revision`` as ``portdoc add`` registers one
  (**new revision**); when the version is already listed with other bytes, the file is
  kept beside the one it re-issues and marked ``reissue_of`` it, which publish then
  shows in that one's place (**re-issue**): both stay for the review;
- anything else (no connection, an HTTP error, HTML served as 200, over a limit, no
  usable version): **failed**, with the reason, and the next URL or source goes on.

The body is streamed into a private temporary folder inside the source folder
(``.fetch-*``, held by a lock while it is in use): a download or extraction that fails
or is interrupted removes it; one left by a killed fetch is removed by the next. The
server's file name (``Content-Disposition``, else the URL's) becomes the revision's
file name only when it passes the same check as ``portdoc add``'s, and never replaces
a file: else the source id is the name, then ``-<version>``, then the SHA-256 is added.
"""

from __future__ import annotations

import dataclasses
import fcntl
import functools
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import httpx
from pydantic import ValidationError

from pipeline.model.errors import PortdocError, PublishRefusedError, UnusableInputError
from pipeline.pdf.pdfmodel import Limits
from pipeline.release.cache import (
    DocumentCache,
    Extractor,
    cache_beside,
    cached_extractor,
    file_sha256,
)
from pipeline.release.download import HttpOptions, client, save
from pipeline.release.register import add_revision, listed_versions
from pipeline.release.sources import (
    METADATA,
    SourceMeta,
    SourceRevision,
    check_version,
    load_source,
    revision_label,
)
from pipeline.values.ids import version_key

Status = Literal["unchanged", "new", "reissue", "failed"]
SOURCE_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
VALIDATOR = re.compile(r"^[\x20-\x7e]{1,200}$")
TEMP_PREFIX = ".fetch-"
LOCK = "lock"

# Exit codes of `portdoc fetch` (documented in --help and the README).
EXIT_NOTHING_NEW = 0
EXIT_FAILED = 2
EXIT_NEW = 10
EXIT_NEW_AND_FAILED = 12


@dataclass(frozen=True)
class FetchOptions:
    http: HttpOptions = field(default_factory=HttpOptions)
    limits: Limits = field(default_factory=Limits)


@dataclass(frozen=True)
class Fetched:
    """What fetching one URL of one source came to: one printed line."""

    source: str
    status: Status
    detail: str  # unchanged / failed: why; new / reissue: the file registered
    url: str | None = None
    version: str | None = None
    rules: int = 0
    errors: int = 0
    review: str | None = None  # the command that shows what changed
    several: bool = False  # one of several URLs of the source: the line names it

    def line(self) -> str:
        where = f"{self.source} {self.url}" if self.several and self.url else self.source
        if self.status in ("unchanged", "failed"):
            return f"{where}: {self.status} ({self.detail})"
        counts = f"{self.rules} rules"
        if self.errors:
            counts += f", {self.errors} invalid values: publish refuses it without --allow-invalid"
        what = (
            f"new revision {self.version}"
            if self.status == "new"
            else f"re-issue of {self.version} with other bytes"
        )
        return f"{where}: {what} ({self.detail}, {counts}; review with `{self.review}`)"


def exit_code(results: Sequence[Fetched]) -> int:
    new = any(r.status in ("new", "reissue") for r in results)
    failed = any(r.status == "failed" for r in results)
    if new:
        return EXIT_NEW_AND_FAILED if failed else EXIT_NEW
    return EXIT_FAILED if failed else EXIT_NOTHING_NEW


# --- the temporary folder ------------------------------------------------------------


@contextmanager
def _work_folder(folder: Path) -> Iterator[Path]:
    """A private ``.fetch-*`` folder in ``folder``, locked while in use, always removed."""
    _remove_abandoned(folder)
    work = Path(tempfile.mkdtemp(prefix=TEMP_PREFIX, dir=folder))
    try:
        with (work / LOCK).open("wb") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            yield work
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _remove_abandoned(folder: Path) -> None:
    """Remove the ``.fetch-*`` folders of fetches that were killed (no one holds their
    lock; a folder still being made, without its lock file yet, is left alone)."""
    for work in folder.glob(TEMP_PREFIX + "*"):
        if work.is_symlink() or not work.is_dir():
            continue
        try:
            fd = os.open(work / LOCK, os.O_RDONLY | os.O_NOFOLLOW)
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            continue  # in use
        finally:
            os.close(fd)
        shutil.rmtree(work, ignore_errors=True)


# --- names ----------------------------------------------------------------------------


def _usable_name(name: str | None) -> bool:
    """The check ``portdoc add`` applies to a revision's file name."""
    if not name:
        return False
    try:
        SourceRevision(file=name, origin="vendor")
    except ValidationError:
        return False
    return True


def revision_name(
    suggested: str | None, meta: SourceMeta, folder: Path, version: str, sha256: str
) -> str:
    """A file name for the new revision that passes add's check and is free in ``folder``:
    the server's (when usable), else ``<id>.pdf``; then with ``-<version>``, then with
    the first 12 hex digits of its SHA-256 added."""
    base = suggested if suggested and _usable_name(suggested) else f"{meta.id}.pdf"
    stem = base.removesuffix(".pdf")[:70]  # room for -<version>-<sha256[:12]>
    listed = {revision.file for revision in meta.revisions}
    for name in (base, f"{stem}-{version}.pdf", f"{stem}-{version}-{sha256[:12]}.pdf"):
        path = folder / name
        if (
            _usable_name(name)
            and name not in listed
            and not path.exists()
            and not path.is_symlink()
        ):
            return name
    raise UnusableInputError(f"{folder}: no free file name for version {version} ({base})")


# --- one URL ----------------------------------------------------------------------------


def _last_fetched(meta: SourceMeta, url: str) -> SourceRevision | None:
    """The revision registered last from ``url``: its validators make the request
    conditional."""
    return next((r for r in reversed(meta.revisions) if r.url == url), None)


def _previous(listed: list[tuple[str, str | None]], version: str) -> str | None:
    """The listed file with the highest version below ``version``."""
    below = [(f, v) for f, v in listed if v and version_key(v) < version_key(version)]
    return max(below, key=lambda pair: version_key(pair[1] or ""))[0] if below else None


def _strip_name(message: str, name: str) -> str:
    """A message about the temporary file, without its name (the URL stands for it)."""
    return message.removeprefix(f"{name}: ")


def fetch_url(
    folder: Path,
    meta: SourceMeta,
    url: str,
    options: FetchOptions,
    http: httpx.Client,
    extract: Extractor,
) -> Fetched:
    """Fetch one URL of one source; register what is new. Never raises a PortdocError:
    a failure is a ``Fetched`` with status ``failed``."""
    last = _last_fetched(meta, url)
    try:
        with _work_folder(folder) as work:
            return _fetch_into(work, folder, meta, url, last, options, http, extract)
    except PortdocError as e:
        return Fetched(meta.id, "failed", str(e), url)
    except OSError as e:
        where = f"{e.filename}: " if e.filename else ""
        return Fetched(meta.id, "failed", f"{where}{e.strerror or e}", url)


def _fetch_into(
    work: Path,
    folder: Path,
    meta: SourceMeta,
    url: str,
    last: SourceRevision | None,
    options: FetchOptions,
    http: httpx.Client,
    extract: Extractor,
) -> Fetched:
    part = work / "download.pdf"
    response = save(
        http,
        url,
        part,
        options.http,
        etag=last.etag if last else None,
        last_modified=last.last_modified if last else None,
    )
    if response.status == 304:
        return Fetched(meta.id, "unchanged", "304 Not Modified", url)
    sha256 = file_sha256(part)
    for revision in meta.revisions:
        path = folder / revision.file
        if path.is_file() and file_sha256(path) == sha256:
            return Fetched(meta.id, "unchanged", f"the same bytes as {revision.file}", url)
    try:
        document = extract(part, vendor=meta.vendor, product=meta.product)
        version = check_version(revision_label(document), part.name)
    except (UnusableInputError, PublishRefusedError) as e:
        raise UnusableInputError(f"{url}: {_strip_name(str(e), part.name)}") from e
    files = [revision.file for revision in meta.revisions]
    listed = listed_versions(folder, meta.vendor, meta.product, files, extract)
    same = [f for f, v in listed if v and v.casefold() == version.casefold()]
    reissue_of = same[-1] if same else None
    name = revision_name(response.suggested_name, meta, folder, version, sha256)
    details = {
        "url": url,
        "etag": response.etag if response.etag and VALIDATOR.match(response.etag) else None,
        "last_modified": response.last_modified
        if response.last_modified and VALIDATOR.match(response.last_modified)
        else None,
        "reissue_of": reissue_of,
    }
    added = add_revision(
        folder,
        part,
        "vendor",
        note="downloaded by portdoc fetch",
        extractor=lambda *_args, **_kw: document,
        name=name,
        details=details,
        versions_checked=True,  # a re-issue of a listed version is kept beside it
    )
    previous = reissue_of or _previous(listed, version)
    review = f"portdoc review {folder / name}"
    if previous:
        review += f" --previous {folder / previous}"
    review += f" -o review/{meta.id}"
    return Fetched(
        meta.id,
        "reissue" if reissue_of else "new",
        name + (f", beside {reissue_of}" if reissue_of else ""),
        url,
        version,
        len(document.rules),
        added.errors,
        review,
    )


# --- sources ----------------------------------------------------------------------------


def _named_folders(root: Path, ids: Sequence[str]) -> list[tuple[str, Path | None, str]]:
    """(id, folder or None, why not) for each id asked for."""
    found: list[tuple[str, Path | None, str]] = []
    for source_id in ids:
        if not SOURCE_ID.match(source_id):
            found.append((source_id, None, "not a source id (a-z, 0-9, '-')"))
        elif not (root / source_id / METADATA).is_file():
            found.append((source_id, None, f"no {root / source_id / METADATA}"))
        else:
            found.append((source_id, root / source_id, ""))
    return found


def _all_folders(root: Path) -> list[tuple[str, Path | None, str]]:
    return [
        (folder.name, folder, "")
        for folder in sorted(root.iterdir())
        if not folder.name.startswith((".", "_")) and (folder / METADATA).is_file()
    ]


def _fetch_source(
    folder: Path, named: bool, options: FetchOptions, http: httpx.Client, extract: Extractor
) -> Iterator[Fetched]:
    """Each URL of one source, fetched in turn (a source named on the command line must
    have one)."""
    try:
        meta = load_source(folder)
    except PortdocError as e:
        yield Fetched(folder.name, "failed", str(e))
        return
    if not meta.urls and named:
        yield Fetched(meta.id, "failed", f"no url in {folder / METADATA}")
    several = len(meta.urls) > 1
    for url in meta.urls:
        result = dataclasses.replace(
            fetch_url(folder, meta, url, options, http, extract), several=several
        )
        yield result
        if result.status in ("new", "reissue"):
            try:
                meta = load_source(folder)  # the next URL sees this revision listed
            except PortdocError as e:
                yield Fetched(meta.id, "failed", str(e))
                return


def fetch_sources(
    root: Path,
    ids: Sequence[str] = (),
    options: FetchOptions | None = None,
    *,
    extractor: Extractor | None = None,
    http: httpx.Client | None = None,
    progress: Callable[[Fetched], None] | None = None,
) -> list[Fetched]:
    """Fetch every source under ``root`` that has a URL (or those named by ``ids``,
    which must have one); see the module text. ``progress`` gets each result as it
    comes. Raises ``UnusableInputError`` only when ``root`` is not a folder."""
    options = options or FetchOptions()
    if extractor is None:
        from pipeline.extract import extract_document

        extractor = cached_extractor(
            functools.partial(extract_document, limits=options.limits),
            DocumentCache(cache_beside(root.resolve())),
        )
    if not root.is_dir():
        raise UnusableInputError(f"{root}: not a folder of sources")
    folders = _named_folders(root, ids) if ids else _all_folders(root)
    results: list[Fetched] = []
    own_client = http is None
    http = http or client()

    try:
        for source_id, folder, why in folders:
            found = (
                _fetch_source(folder, bool(ids), options, http, extractor)
                if folder is not None
                else iter([Fetched(source_id, "failed", why)])
            )
            for result in found:
                results.append(result)
                if progress:
                    progress(result)
    finally:
        if own_client:
            http.close()
    return results
