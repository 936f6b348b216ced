"""The extraction cache: a PDF already parsed by this very code is not parsed again.

Key = sha256 of the PDF + portdoc's version + a hash of the pipeline's source files
and of the extractor's name. Any edit to the code gives new keys, so a stale entry can
never be served; old entries are just unused files (delete the folder at will).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from pipeline import __version__
from pipeline.model.models import Document

PIPELINE_DIR = Path(__file__).resolve().parents[1]  # pipeline/, every stage

# Reads one revision: ``extract_document`` (or a test's stand-in), keyword options only.
Extractor = Callable[..., Document]


def cache_beside(folder: Path) -> Path:
    """The cache of the project that ``folder`` (its ``output/`` or its ``sources/``) is
    in: ``<folder>/../.cache/portdoc``, so ``portdoc add`` and ``portdoc publish`` of one
    project share what each has read."""
    return folder.parent / ".cache" / "portdoc"


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@cache
def code_fingerprint() -> str:
    """Hash of every ``pipeline/**/*.py``: any code change invalidates the cache."""
    digest = hashlib.sha256()
    for path in sorted(PIPELINE_DIR.rglob("*.py")):
        digest.update(path.relative_to(PIPELINE_DIR).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def extractor_name(extractor: Callable[..., object]) -> str:
    """``module.qualname`` of a function, or of a callable object's class."""
    named = extractor if hasattr(extractor, "__qualname__") else type(extractor)
    return f"{named.__module__}.{named.__qualname__}"


def cache_key(pdf_sha256: str, extractor: Callable[..., object]) -> str:
    """``<pdf sha256>-<portdoc version>-<code+extractor hash>``: a safe file name."""
    # The extractor's name is in the key so that a test double's documents are never
    # served to the real extractor (or the other way round) from a shared folder.
    code = hashlib.sha256(f"{code_fingerprint()}\0{extractor_name(extractor)}".encode())
    return f"{pdf_sha256}-{__version__}-{code.hexdigest()[:16]}"


class DocumentCache:
    """Document JSON files in one folder; unreadable or invalid entries are misses."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def path(self, key: str) -> Path:
        return self.directory / f"{key}.json"

    def get(self, key: str) -> Document | None:
        try:
            return Document.model_validate_json(self.path(key).read_bytes())
        except (OSError, ValidationError):
            return None

    def put(self, key: str, document: Document) -> None:
        """Write atomically: a reader never sees half a file, even with parallel runs."""
        self.directory.mkdir(parents=True, exist_ok=True)
        data = document.model_dump_json().encode()
        fd, temp = tempfile.mkstemp(dir=self.directory, prefix=".tmp-", suffix=".json")
        try:
            with os.fdopen(fd, "wb") as stream:
                stream.write(data)
            os.replace(temp, self.path(key))
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise


def cached_extractor(extractor: Extractor, cache: DocumentCache) -> Extractor:
    """``extractor`` reading through ``cache``: a PDF whose bytes this code has read
    before is not parsed again (``portdoc add`` learns each listed revision's version
    this way). The key is the PDF's bytes, so a document from the cache gets this
    call's file name, vendor and product, as a fresh reading would have them."""

    def read(path: Path, **options: Any) -> Document:
        key = cache_key(file_sha256(path), extractor)
        document = cache.get(key)
        if document is None:
            document = extractor(path, **options)
            cache.put(key, document)
            return document
        names = {"file_name": path.name, **{k: options.get(k) for k in ("vendor", "product")}}
        return document.model_copy(update={"document": document.document.model_copy(update=names)})

    return read
