"""Reading and replacing the output folder: the only code that writes to it.

``output`` is owned by portdoc, and says so: it holds a marker file (``MARKER``) that
each publish writes first. A new tree is written to a staging folder beside it (the
same file system, so a rename is atomic), then the two folders are exchanged in one
step (Linux ``renameat2(RENAME_EXCHANGE)``: a reader sees the old tree or the new, never
no tree), and the old one removed. Where the exchange is not supported the old folder is
renamed aside and the staging folder into place, which leaves an instant with no
``output``. A failure at any step leaves ``output`` exactly as it was.

A folder portdoc did not write is never replaced: one without the marker is refused
unless it is an output of portdoc from before the marker (its own ``index.json`` and
only source folders beside it), and any tree holding hidden or linked entries portdoc
never writes (``.git/``, a key file) is refused whole. ``output`` given as a symlink is
published into the folder it points to; the link stays as it is.

Publishes into one ``output`` take turns (``fcntl.flock`` on ``.<output>.lock`` beside
it), so the staging and aside folders a killed publish left behind (they carry the
marker) are removed by the next one without touching another's live staging.
"""

from __future__ import annotations

import ctypes
import errno
import json
import os
import re
import shutil
import stat
import sys
import tempfile
from collections.abc import Callable
from contextlib import AbstractContextManager, suppress
from pathlib import Path

from pipeline.model.canonical import umask_mode
from pipeline.model.errors import PublishRefusedError
from pipeline.release.locks import exclusive

MARKER = ".portdoc-output"
MARKER_TEXT = (
    b"This folder is written by `portdoc publish` and replaced whole on each publish.\n"
    b"Do not keep other files here: a publish refuses a folder holding files it did not\n"
    b"write (hidden files, links), and a folder without this file that is not an output\n"
    b"of portdoc.\n"
)
STAGING, ASIDE = "staging", "previous"
_SCHEMA_VERSION = re.compile(r"^[0-9]+\.[0-9]+$")


# --- which folder, and is it portdoc's ----------------------------------------------


def real_output(output: Path) -> Path:
    """The folder to publish into: ``output``, or the folder a symlink there points to.

    Swapping the link itself would replace it with a real folder and leave its target
    stale; a link to nothing (or to a file) is refused.
    """
    if not output.is_symlink():
        return output
    target = Path(os.path.realpath(output))
    if not target.is_dir():
        raise PublishRefusedError(
            f"{output}: a symlink to {target}, which is not a folder; "
            "point it at an existing folder or remove it"
        )
    return target


def _foreign_entries(output: Path) -> list[str]:
    """Entries portdoc never writes (hidden names but the marker, links, devices...)."""
    foreign = []
    for folder, dirs, names in os.walk(output):
        for name in sorted(dirs + names):
            path = Path(folder, name)
            relative = path.relative_to(output).as_posix()
            mode = path.lstat().st_mode
            hidden = name.startswith(".") and relative != MARKER
            if hidden or not (stat.S_ISDIR(mode) or stat.S_ISREG(mode)):
                foreign.append(relative)
        dirs[:] = [d for d in dirs if not d.startswith(".")]  # one name says enough
    return foreign


def _is_earlier_output(output: Path) -> bool:
    """A tree written by portdoc before the marker: its ``index.json`` (portdoc's
    generator and a schema version) and nothing beside it but the sources it lists
    (and the folder of the schemas it lists)."""
    try:
        index = json.loads((output / "index.json").read_bytes())
        ids = {source["id"] for source in index["sources"]}
        ids |= {str(path).split("/")[0] for path in index.get("schemas", {}).values()}
        ours = str(index["generator"]).startswith("portdoc") and _SCHEMA_VERSION.match(
            str(index["schema_version"])
        )
    except (OSError, ValueError, KeyError, TypeError):
        return False
    entries = {entry.name: entry.is_dir() for entry in output.iterdir()}
    return bool(ours) and all(
        name == "index.json" or (is_dir and name in ids) for name, is_dir in entries.items()
    )


def check_owned(output: Path) -> None:
    """Refuse (``PublishRefusedError``) a non-empty folder that portdoc did not write."""
    if not output.exists():
        return
    if not output.is_dir():
        raise PublishRefusedError(f"{output}: exists and is not a folder")
    if not any(output.iterdir()):
        return
    foreign = _foreign_entries(output)
    if foreign:
        shown = ", ".join(foreign[:3]) + (" ..." if len(foreign) > 3 else "")
        raise PublishRefusedError(
            f"{output}: holds {shown}, which portdoc did not write; refusing to replace "
            "the folder (portdoc owns its output folder whole: move them elsewhere)"
        )
    if not (output / MARKER).is_file() and not _is_earlier_output(output):
        raise PublishRefusedError(
            f"{output}: holds files but no {MARKER}, so portdoc did not write it; "
            "refusing to replace it (portdoc owns its output folder whole)"
        )


def read_tree(output: Path) -> dict[str, bytes]:
    """The current output's files; refuses a folder portdoc did not write."""
    check_owned(output)
    if not output.exists():
        return {}
    files = {}
    for folder, _, names in os.walk(output):
        for name in names:
            path = Path(folder, name)
            files[path.relative_to(output).as_posix()] = path.read_bytes()
    return files


# --- moving folders -------------------------------------------------------------------


def _move(source: Path, target: Path) -> None:
    os.rename(source, target)


AT_FDCWD = -100
RENAME_EXCHANGE = 2  # linux/fs.h
UNSUPPORTED = {errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EPERM}


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths atomically; False where the system or file system can't."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # a C library without it (glibc < 2.28, musl)
        return False
    renameat2.argtypes = [
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    ]
    if renameat2(AT_FDCWD, os.fsencode(first), AT_FDCWD, os.fsencode(second), RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in UNSUPPORTED:
        return False
    raise OSError(code, os.strerror(code), str(first), None, str(second))


def _write_file(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        path.write_bytes(data)
    except OSError as e:  # a full disk says nothing of where: name the file
        if e.filename:
            raise
        raise OSError(e.errno, e.strerror, str(path)) from e


def _sibling(output: Path, kind: str) -> Path:
    """A new, unique ``.<output>.<kind>-*`` folder beside ``output``."""
    return Path(tempfile.mkdtemp(prefix=f".{output.name}.{kind}-", dir=output.parent))


def _swap(staging: Path, output: Path) -> None:
    """Put ``staging`` where ``output`` is; on failure ``output`` is what it was."""
    if not output.exists():
        _move(staging, output)
        return
    if _exchange(staging, output):
        return  # staging now holds the old tree, which the caller removes
    aside = _sibling(output, ASIDE)
    aside.rmdir()  # only the unique name was wanted; rename needs it free
    _move(output, aside)
    try:
        _move(staging, output)
    except BaseException:
        _move(aside, output)
        raise
    remove_folder(aside)


# --- cleaning up ----------------------------------------------------------------------


def _make_writable(folder: Path) -> None:
    """Give the owner write access to ``folder`` and every folder in it (not through
    links): a tree published read-only can then be removed."""
    for path in [folder, *(Path(f, d) for f, dirs, _ in os.walk(folder) for d in dirs)]:
        if not path.is_symlink():
            path.chmod(stat.S_IMODE(path.lstat().st_mode) | stat.S_IRWXU)


def remove_folder(folder: Path) -> None:
    """Remove a folder portdoc made, read-only parts included; a symlink is not followed."""
    try:
        shutil.rmtree(folder)
    except FileNotFoundError:
        return
    except OSError:
        with suppress(OSError):  # what can be made writable is; the rest is best effort
            _make_writable(folder)
        shutil.rmtree(folder, ignore_errors=True)


def stale_folders(output: Path) -> list[Path]:
    """Staging and aside folders of an earlier publish into ``output`` that did not
    finish (killed, power lost): portdoc's by their name and marker, or empty."""
    found = []
    for kind in (STAGING, ASIDE):
        for path in sorted(output.parent.glob(f".{output.name}.{kind}-*")):
            marker = path / MARKER
            try:
                if path.is_symlink() or not path.is_dir():
                    continue
                if (marker.is_file() and not marker.is_symlink()) or not any(path.iterdir()):
                    found.append(path)
            except OSError:  # another user's folder we may not read: not ours to remove
                continue
    return found


def publishing_lock(output: Path) -> AbstractContextManager[None]:
    """Hold ``.<output>.lock`` beside ``output``: one publish into it at a time (a
    second waits), so no publish removes another's live staging folder."""
    # Read-only is enough for flock, and opens a lock file another user created.
    return exclusive(
        output.parent / f".{output.name}.lock",
        os.O_RDONLY | os.O_CREAT,
        "cannot open the publish lock",
    )


# --- the one entry point that writes -------------------------------------------------


def write_and_swap(
    files: dict[str, bytes], output: Path, check: Callable[[], None] | None = None
) -> None:
    """Write the tree beside ``output`` (same file system, so renames are atomic), swap,
    and remove the staging folder (by then holding the old tree).

    ``check`` runs first under the lock (it raises to stop the swap): a publish sees
    there that what it read is still current, and no publish that started later can
    swap in between.

    The marker is written first, so a staging folder left by a killed publish is
    recognisably portdoc's; the next publish removes it.
    """
    output.parent.mkdir(parents=True, exist_ok=True)
    with publishing_lock(output):
        if check is not None:
            check()
        for stale in stale_folders(output):
            remove_folder(stale)
        staging = _sibling(output, STAGING)
        try:
            staging.chmod(umask_mode(0o777))  # mkdtemp's 0700 would hide the feed from a web server
            _write_file(staging / MARKER, files.get(MARKER, MARKER_TEXT))
            for relative, data in sorted(files.items()):
                if relative != MARKER:
                    _write_file(staging / relative, data)
            _swap(staging, output)
        finally:
            remove_folder(staging)
