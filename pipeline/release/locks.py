"""Taking turns on a folder, and seeing that a folder changed.

``portdoc add`` reads ``source.json``, appends a revision and writes it back: two adds
at once would each write the list they read, and one registration would be lost. So
the read-modify-write holds ``folder_lock`` on the folder of sources (``flock`` on the
folder itself: nothing is left on disk, and the kernel releases it when the process
dies). ``portdoc publish`` reads every source, extracts for a while, then swaps its
tree in: ``sources_state`` taken when it read them and again just before the swap (under
the output lock) tells it that an ``add`` came in between, so it reads them again
rather than swap an older tree over a newer publish's.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pipeline.model.errors import UnusableInputError


@contextmanager
def exclusive(path: Path, flags: int, refused: str, mode: int = 0o644) -> Iterator[None]:
    """Hold an exclusive ``flock`` on ``path`` opened with ``flags`` while the block runs
    (a second holder waits; the kernel releases it when the process dies). ``refused``
    is the message's words when the path cannot be opened."""
    try:
        fd = os.open(path, flags | os.O_CLOEXEC, mode)
    except OSError as e:
        raise UnusableInputError(f"{path}: {refused}: {e.strerror or e}") from e
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


def folder_lock(folder: Path) -> contextlib.AbstractContextManager[None]:
    """Hold an exclusive lock on ``folder`` (which must exist) while the block runs."""
    return exclusive(folder, os.O_RDONLY | os.O_DIRECTORY, "cannot lock")


State = tuple[tuple[str, int, int, int], ...]


def sources_state(root: Path) -> State:
    """What a publish read from ``root``: each file of each source folder by path,
    size, modification time and inode (a file replaced by rename has a new inode)."""
    entries = []
    try:
        folders = sorted(os.scandir(root), key=lambda entry: entry.name)
    except OSError:
        return ()
    for folder in folders:
        if folder.name.startswith((".", "_")) or not folder.is_dir(follow_symlinks=False):
            continue
        try:
            files = list(os.scandir(folder.path))
        except OSError:
            continue
        for entry in files:
            if entry.name.startswith("."):
                continue  # an add's temporary file, about to be renamed
            try:
                info = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            entries.append(
                (f"{folder.name}/{entry.name}", info.st_size, info.st_mtime_ns, info.st_ino)
            )
    return tuple(sorted(entries))
