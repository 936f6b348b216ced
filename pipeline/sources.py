"""Source folders: ``sources/<id>/source.json`` plus the revision PDFs it lists.

Everything here that becomes a path (the source id, file names, later a document's
version) is checked against a strict pattern first: text from a PDF or a metadata file
never reaches the file system unchecked.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from pipeline import normalize as nz
from pipeline.errors import PublishRefusedError, UnusableInputError

METADATA = "source.json"
# Vendor names whose documents are test fixtures (see ../shared/corpus/README.md).
FIXTURE_VENDORS = frozenset({"examplecorp"})
SAFE_VERSION = re.compile(r"^[0-9A-Za-z][0-9A-Za-z._-]{0,31}$")
# Names a version folder must not take: they are other files of <output>/<source>/.
RESERVED_VERSIONS = frozenset({"latest", "changelog.md"})


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SourceRevision(Model):
    file: str = Field(
        pattern=r"^[0-9A-Za-z][0-9A-Za-z ._()+-]{0,120}\.pdf$",
        description="A PDF in the source folder (a plain file name, no path).",
    )
    origin: Literal["vendor", "reconstruction"] = Field(
        description="The vendor's own file, or a reconstruction of the vendor's text."
    )
    note: str = ""


class SourceMeta(Model):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{0,63}$", description="The folder's name.")
    vendor: str = Field(min_length=1)
    product: str = Field(min_length=1)
    title: str = Field(min_length=1)
    family: str = Field(min_length=1)
    homepage: str | None = None
    fixture: bool = Field(default=False, description="Test data: never published.")
    revisions: list[SourceRevision] = Field(min_length=1)

    @field_validator("homepage")
    @classmethod
    def _http_homepage(cls, value: str | None) -> str | None:
        # Published in index.json, where a consumer may show it as a link.
        if value is None:
            return None
        try:
            valid = nz.url(value) == value and value.lower().startswith(("http://", "https://"))
        except nz.InvalidValue:
            valid = False
        if not valid:
            raise ValueError("must be an http:// or https:// URL")
        return value

    @property
    def display_name(self) -> str:
        return f"{self.vendor} {self.product}: {self.title}"


def is_fixture(meta: SourceMeta) -> bool:
    return meta.fixture or meta.vendor.strip().casefold() in FIXTURE_VENDORS


def _refuse_link(path: Path, what: str) -> None:
    """A symlink could point anywhere: a source folder is a real folder in ``sources/``
    holding its own files (the PDFs are checked the same way)."""
    if path.is_symlink():
        raise UnusableInputError(f"{path}: a symlink; {what} must be a real one, not a link")


def load_source(folder: Path) -> SourceMeta:
    """Read and check one source folder's metadata; the PDFs it names must be there."""
    path = folder / METADATA
    _refuse_link(folder, "a source folder")
    _refuse_link(path, METADATA)
    try:
        meta = SourceMeta.model_validate_json(path.read_bytes())
    except OSError as e:
        raise UnusableInputError(f"{path}: cannot read: {e.strerror or e}") from e
    except ValidationError as e:
        first = e.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "top level"
        raise UnusableInputError(
            f"{path}: invalid source metadata ({where}: {first['msg']})"
        ) from e
    if meta.id != folder.name:
        raise UnusableInputError(f"{path}: id {meta.id!r} differs from the folder name")
    if is_fixture(meta):
        raise PublishRefusedError(
            f"{path}: {meta.vendor} documents are test fixtures and are never published"
        )
    files = [revision.file for revision in meta.revisions]
    if len(set(files)) != len(files):
        raise UnusableInputError(f"{path}: a revision file is listed twice")
    for name in files:
        pdf = folder / name
        # A symlink could point anywhere; a source folder holds its own files.
        if pdf.is_symlink() or not pdf.is_file():
            raise UnusableInputError(f"{path}: revision file {name!r} is not a file in {folder}")
    return meta


def discover_sources(root: Path) -> list[tuple[Path, SourceMeta]]:
    """Every ``<root>/<id>/source.json``, sorted by id; hidden folders are skipped."""
    if not root.is_dir():
        raise UnusableInputError(f"{root}: not a folder of sources")
    found = []
    for folder in sorted(root.iterdir()):
        if folder.name.startswith((".", "_")):
            continue
        _refuse_link(folder, "a source folder")
        if not folder.is_dir():
            continue
        if not (folder / METADATA).is_file():
            raise UnusableInputError(f"{folder}: no {METADATA} (every source folder needs one)")
        found.append((folder, load_source(folder)))
    return found


def check_version(version: str | None, where: str) -> str:
    """The version as a folder name, or PublishRefusedError saying why it can't be one."""
    if not version:
        raise PublishRefusedError(f"{where}: no document version found; cannot place it")
    if not SAFE_VERSION.match(version) or ".." in version:
        raise PublishRefusedError(
            f"{where}: version {version!r} is not safe as a folder name "
            "(letters, digits, '.', '_', '-'; at most 32; no '..')"
        )
    if version.casefold() in RESERVED_VERSIONS:
        raise PublishRefusedError(f"{where}: version {version!r} is a reserved name")
    return version
