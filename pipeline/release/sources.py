"""Source folders: ``sources/<id>/source.json`` plus the revision PDFs it lists.

Everything here that becomes a path (the source id, file names, later a document's
version) is checked against a strict pattern first: text from a PDF or a metadata file
never reaches the file system unchecked.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from pipeline.model.errors import PublishRefusedError, UnusableInputError
from pipeline.model.inputs import StrictJSONError, loads_strict, read_regular
from pipeline.model.models import Document
from pipeline.values import normalize as nz
from pipeline.values.text import hidden_character

METADATA = "source.json"
# A source.json lists revisions by file name: a few kB; anything far bigger is not one.
MAX_METADATA_BYTES = 1024 * 1024
# Vendor names whose documents are test fixtures (see ../shared/corpus/README.md).
FIXTURE_VENDORS = frozenset({"examplecorp"})
# Names and networks reserved for examples and documentation (RFC 2606, RFC 5737,
# RFC 3849): a source whose every host and address is one of them is test data, whatever
# its vendor is called.
EXAMPLE_DOMAINS = ("example.com", "example.net", "example.org", "example")
DOCUMENTATION_NETWORKS = tuple(
    ipaddress.ip_network(n)
    for n in ("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "2001:db8::/32")
)
SAFE_VERSION = re.compile(r"^[0-9A-Za-z][0-9A-Za-z._-]{0,31}$")
# Names a version folder must not take: they are other files of <output>/<source>/.
RESERVED_VERSIONS = frozenset({"latest", "changelog.md", "changes.json", "feed.atom"})
# Names a source folder must not take: they are other entries of <output>/.
RESERVED_SOURCE_IDS = frozenset({"schema"})


class Model(BaseModel):
    # Strict: ``"fixture": "no"`` is not false, ``"revisions": {}`` is not a list.
    model_config = ConfigDict(extra="forbid", strict=True)


def _visible_only(value: str) -> str:
    """Metadata goes into CHANGELOG.md, feed.atom, index.json and the review: no
    character that prints nothing or reorders what is around it (ESC, U+202E...)."""
    hidden = hidden_character(value)
    if hidden:
        raise ValueError(f"holds a control or invisible character ({hidden})")
    return value


# A URL is shown as a link: scheme, host, port, path, query, fragment and nothing that
# could close an attribute or open markup (quotes, <, >, backslash, spaces).
PLAIN_URL = re.compile(
    r"^(?i:https?)://[A-Za-z0-9.-]+(:[0-9]{1,5})?([/?#][A-Za-z0-9._~!$&()*+,;=:@%/?#-]*)?$"
)


def _http_url(value: str) -> str:
    """An ``http://`` or ``https://`` URL exactly as the normaliser keeps it, or ValueError."""
    try:
        valid = nz.url(value) == value and bool(PLAIN_URL.match(value))
    except nz.InvalidValue:
        valid = False
    if not valid:
        raise ValueError("must be a plain http:// or https:// URL (no quotes, spaces or <>)")
    return value


# What an HTTP validator (an ETag, a Last-Modified date) stored for the next conditional
# request may hold: visible ASCII and spaces, as a header value, bounded.
HTTP_VALIDATOR = r"^[\x20-\x7e]{1,200}$"


class SourceRevision(Model):
    file: str = Field(
        pattern=r"^[0-9A-Za-z][0-9A-Za-z ._()+-]{0,120}\.pdf$",
        description="A PDF in the source folder (a plain file name, no path).",
    )
    origin: Literal["vendor", "reconstruction"] = Field(
        description="The vendor's own file, or a reconstruction of the vendor's text."
    )
    note: str = ""
    url: str | None = Field(default=None, description="Where `portdoc fetch` downloaded it.")
    etag: str | None = Field(
        default=None, pattern=HTTP_VALIDATOR, description="The server's ETag for it (fetch)."
    )
    last_modified: str | None = Field(
        default=None,
        pattern=HTTP_VALIDATOR,
        description="The server's Last-Modified for it (fetch).",
    )
    reissue_of: str | None = Field(
        default=None,
        pattern=r"^[0-9A-Za-z][0-9A-Za-z ._()+-]{0,120}\.pdf$",
        description="A listed revision of the same version that this file (other bytes) "
        "re-issues: it is published in that one's place.",
    )

    @field_validator("url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        return None if value is None else _http_url(value)

    _visible_note = field_validator("note")(_visible_only)


class SourceMeta(Model):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{0,63}$", description="The folder's name.")
    vendor: str = Field(min_length=1)
    product: str = Field(min_length=1)
    title: str = Field(min_length=1)
    family: str = Field(min_length=1)
    homepage: str | None = None
    url: str | list[str] | None = Field(
        default=None,
        description="Where the vendor publishes the document (several: one per file it is "
        "split into); `portdoc fetch` downloads each.",
    )
    fixture: bool = Field(default=False, description="Test data: never published.")
    revisions: list[SourceRevision] = Field(min_length=1)

    _visible = field_validator("vendor", "product", "title", "family")(_visible_only)

    @field_validator("homepage")
    @classmethod
    def _http_homepage(cls, value: str | None) -> str | None:
        # Published in index.json, where a consumer may show it as a link.
        return None if value is None else _http_url(value)

    @field_validator("url")
    @classmethod
    def _http_urls(cls, value: str | list[str] | None) -> str | list[str] | None:
        if isinstance(value, list):
            if not value or len(set(value)) != len(value):
                raise ValueError("a list of one or more different URLs")
            return [_http_url(v) for v in value]
        return None if value is None else _http_url(value)

    @property
    def urls(self) -> list[str]:
        """The document's URLs (``url`` as one string or a list)."""
        if self.url is None:
            return []
        return [self.url] if isinstance(self.url, str) else list(self.url)

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


def is_example_host(host: str) -> bool:
    """A name under example.com/.net/.org or the .example top-level domain."""
    name = host.strip().lower().rstrip(".").removeprefix("*.")
    return any(name == domain or name.endswith("." + domain) for domain in EXAMPLE_DOMAINS)


def is_documentation_address(text: str) -> bool:
    """An address or network inside 192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24 or
    2001:db8::/32."""
    try:
        network = ipaddress.ip_network(text.strip(), strict=False)
    except ValueError:
        return False
    return any(
        network.version == docs.version and network.subnet_of(docs)  # type: ignore[arg-type]
        for docs in DOCUMENTATION_NETWORKS
    )


def example_data_reason(hosts: Iterable[str], addresses: Iterable[str]) -> str | None:
    """Why this is test-fixture data (every host an example name and every address a
    documentation one), or None. With no host and no address at all there is nothing to
    judge by: None."""
    hosts, addresses = list(hosts), list(addresses)
    if not hosts and not addresses:
        return None
    if all(map(is_example_host, hosts)) and all(map(is_documentation_address, addresses)):
        return (
            f"all {len(hosts)} hostnames are under example.com/.net/.org or .example and "
            f"all {len(addresses)} addresses are in the documentation ranges (192.0.2.0/24, "
            "198.51.100.0/24, 203.0.113.0/24, 2001:db8::/32)"
        )
    return None


def read_meta(path: Path, fix: str = "") -> SourceMeta:
    """A source.json, validated; ``fix`` is added to the message of invalid metadata."""
    data = read_regular(path, MAX_METADATA_BYTES, METADATA)
    try:
        parsed = loads_strict(data)
    except StrictJSONError as e:
        raise UnusableInputError(f"{path}: invalid source metadata ({e}){fix}") from e
    try:
        return SourceMeta.model_validate(parsed)
    except ValidationError as e:
        first = e.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "top level"
        raise UnusableInputError(
            f"{path}: invalid source metadata ({where}: {first['msg']}){fix}"
        ) from e


def load_source(folder: Path, allow_fixtures: bool = False) -> SourceMeta:
    """Read and check one source folder's metadata; the PDFs it names must be there.
    A fixture source is refused unless ``allow_fixtures`` (a local trial)."""
    path = folder / METADATA
    _refuse_link(folder, "a source folder")
    _refuse_link(path, METADATA)
    meta = read_meta(path)
    if meta.id != folder.name:
        raise UnusableInputError(f"{path}: id {meta.id!r} differs from the folder name")
    if meta.id in RESERVED_SOURCE_IDS:
        raise UnusableInputError(f"{path}: {meta.id!r} is a reserved name in the output")
    if is_fixture(meta) and not allow_fixtures:
        raise PublishRefusedError(
            f"{path}: {meta.vendor} documents are test fixtures and are never published "
            "(for a local trial: portdoc publish --allow-fixtures)"
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


def unlisted_pdfs(folder: Path, meta: SourceMeta) -> list[Path]:
    """PDFs in a source folder that its source.json does not list (a new revision
    dropped in and not yet registered), by name; hidden files aside."""
    listed = {revision.file for revision in meta.revisions}
    return sorted(
        path
        for path in folder.iterdir()
        if path.suffix.lower() == ".pdf"
        and not path.name.startswith(".")
        and path.name not in listed
    )


def discover_sources(root: Path, allow_fixtures: bool = False) -> list[tuple[Path, SourceMeta]]:
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
        found.append((folder, load_source(folder, allow_fixtures)))
    return found


def revision_label(document: Document) -> str | None:
    """What names a revision's release: the document's version, else its date (a docs
    page printing "Last updated: March 2, 2026" and no version is that day's revision).
    The document's own ``version`` stays what it prints."""
    return document.document.version or document.document.date


def check_version(version: str | None, where: str) -> str:
    """The version as a folder name, or PublishRefusedError saying why it can't be one."""
    if not version:
        raise PublishRefusedError(f"{where}: no document version or date found; cannot place it")
    if not SAFE_VERSION.match(version) or ".." in version:
        raise PublishRefusedError(
            f"{where}: version {version!r} is not safe as a folder name "
            "(letters, digits, '.', '_', '-'; at most 32; no '..')"
        )
    if version.casefold() in RESERVED_VERSIONS:
        raise PublishRefusedError(f"{where}: version {version!r} is a reserved name")
    return version
