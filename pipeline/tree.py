"""Reading and replacing the output folder: the only code that writes to it.

``output`` is owned by portdoc. A new tree is written to a staging folder beside it (the
same file system, so a rename is atomic), then the two folders are exchanged in one
step (Linux ``renameat2(RENAME_EXCHANGE)``: a reader sees the old tree or the new, never
no tree), and the old one removed. Where the exchange is not supported the old folder is
renamed aside and the staging folder into place, which leaves an instant with no
``output``. A failure at any step leaves ``output`` exactly as it was.
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import sys
import tempfile
from pathlib import Path

from pipeline.errors import PublishRefusedError


def read_tree(output: Path) -> dict[str, bytes]:
    """The current output's files; refuses a folder portdoc did not write."""
    if not output.exists():
        return {}
    if not output.is_dir():
        raise PublishRefusedError(f"{output}: exists and is not a folder")
    visible = [entry for entry in output.iterdir() if not entry.name.startswith(".")]
    if visible and not (output / "index.json").is_file():
        raise PublishRefusedError(
            f"{output}: holds files but no index.json, so portdoc did not write it; "
            "refusing to replace it (portdoc owns its output folder whole)"
        )
    files = {}
    for folder, _, names in os.walk(output):
        for name in names:
            path = Path(folder, name)
            files[path.relative_to(output).as_posix()] = path.read_bytes()
    return files


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
    path.write_bytes(data)


def _swap(staging: Path, output: Path) -> None:
    """Put ``staging`` where ``output`` is; on failure ``output`` is what it was."""
    if not output.exists():
        _move(staging, output)
        return
    if _exchange(staging, output):
        return  # staging now holds the old tree, which the caller removes
    aside = Path(tempfile.mkdtemp(prefix=f".{output.name}.previous-", dir=output.parent))
    aside.rmdir()  # only the unique name was wanted; rename needs it free
    _move(output, aside)
    try:
        _move(staging, output)
    except BaseException:
        _move(aside, output)
        raise
    shutil.rmtree(aside, ignore_errors=True)


def write_and_swap(files: dict[str, bytes], output: Path) -> None:
    """Write the tree beside ``output`` (same file system, so renames are atomic), swap,
    and remove the staging folder (by then holding the old tree)."""
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.staging-", dir=output.parent))
    try:
        staging.chmod(0o755)  # mkdtemp's 0700 would hide the feed from a web server
        for relative, data in sorted(files.items()):
            _write_file(staging / relative, data)
        _swap(staging, output)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
