"""Printed PDFs kept between test runs, keyed by what was printed and how.

A page printed by Chromium, or a document exported by LibreOffice, is the same PDF
whenever the input, the settings and the program are the same: printing costs the test
run seconds per page, reading the kept copy nothing. The key is the input's content (a
``.docx`` by its parts, not the times in its zip), the settings, the printing program's
installed file (its path, size and time: an upgrade is a new key), the source of the
code that prints (its options live there) and this file's own. What portdoc reads from
the PDF is still read anew every run: only the printing is kept.

The folder is ``.pytest_cache/portdoc-prints`` (delete it at will);
``PORTDOC_TEST_PRINTS=fresh`` prints everything anew (and keeps the new prints).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import zipfile
from functools import cache
from pathlib import Path

from corpus import ROOT

FOLDER = ROOT / ".pytest_cache" / "portdoc-prints"


def fresh() -> bool:
    return os.environ.get("PORTDOC_TEST_PRINTS") == "fresh"


def input_digest(path: Path) -> str:
    """sha256 of what a file says: a zip (``.docx``) by its members' names and bytes,
    anything else by its bytes."""
    digest = hashlib.sha256()
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            for name in sorted(archive.namelist()):
                digest.update(name.encode() + b"\0" + archive.read(name) + b"\0")
    else:
        digest.update(path.read_bytes())
    return digest.hexdigest()


@cache
def program_identity(binary: str) -> str:
    """The printing program's installed file: path, size and modification time."""
    real = Path(binary).resolve()
    stat = real.stat()
    return f"{real}:{stat.st_size}:{stat.st_mtime_ns}"


@cache
def _source(code: str) -> str:
    return hashlib.sha256(Path(code).read_bytes()).hexdigest()


def key(program: str, settings: str, source: Path, printer: str) -> str:
    """The key of ``source`` printed by ``program`` with ``settings`` through the code in
    the file ``printer`` (the caller's ``__file__``)."""
    code = (_source(printer), _source(__file__))
    parts = (program_identity(program), settings, input_digest(source), *code)
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def take(print_key: str, pdf: Path) -> bool:
    """Copy the kept print to ``pdf``: True, or False when there is none (or the run
    asked for fresh prints)."""
    kept = FOLDER / f"{print_key}.pdf"
    if fresh() or not kept.is_file():
        return False
    shutil.copyfile(kept, pdf)
    return True


def keep(print_key: str, pdf: Path) -> None:
    """Keep a copy of a new print (written aside and renamed: test processes printing
    at the same moment never see half a file)."""
    if not pdf.is_file():
        return
    FOLDER.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=FOLDER, prefix=".tmp-", suffix=".pdf")
    os.close(fd)
    try:
        shutil.copyfile(pdf, temp)
        os.replace(temp, FOLDER / f"{print_key}.pdf")
    finally:
        Path(temp).unlink(missing_ok=True)
