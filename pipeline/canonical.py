"""The one JSON form portdoc writes, and writing it so no reader sees half a file.

Kept apart from ``render`` (which builds the release models) so that ``portdoc
extract`` does not pay for importing what only ``publish`` needs.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any


def canonical_json_chunks(data: Any) -> Iterator[str]:
    """``canonical_json`` as a stream of text pieces: a large document is written
    without its whole text (and the encoder's list of pieces) in memory at once."""
    encoder = json.JSONEncoder(sort_keys=True, indent=2, ensure_ascii=False)
    yield from encoder.iterencode(data)
    yield "\n"


def canonical_json(data: Any) -> bytes:
    """Sorted keys, 2-space indent, UTF-8, final LF."""
    return "".join(canonical_json_chunks(data)).encode()


def write_text_atomic(path: Path, chunks: Iterable[str]) -> None:
    """Write next to the target and rename, so a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.writelines(chunks)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
