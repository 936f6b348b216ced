"""The one JSON form portdoc writes, and writing it so no reader sees half a file.

Kept apart from ``render`` (which builds the release models) so that ``portdoc
extract`` does not pay for importing what only ``publish`` needs.
"""

from __future__ import annotations

import errno
import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel


def canonical_json_chunks(data: Any) -> Iterator[str]:
    """``canonical_json`` as a stream of text pieces: a large document is written
    without its whole text (and the encoder's list of pieces) in memory at once."""
    encoder = json.JSONEncoder(sort_keys=True, indent=2, ensure_ascii=False)
    yield from encoder.iterencode(data)
    yield "\n"


def model_json_chunks(model: BaseModel) -> Iterator[str]:
    """``canonical_json_chunks(model.model_dump(mode="json"))``, with each top-level
    list of records dumped one record at a time: a document's records are not copied
    into a tree of dicts as large as they are before being written."""
    encoder = json.JSONEncoder(sort_keys=True, indent=2, ensure_ascii=False)
    streamed = {
        name
        for name in type(model).model_fields
        if isinstance(value := getattr(model, name), list)
        and value
        and all(isinstance(v, BaseModel) for v in value)
    }
    data: dict[str, Any] = model.model_dump(mode="json", exclude=streamed)
    data.update(dict.fromkeys(streamed))
    yield "{"
    for i, key in enumerate(sorted(data)):
        # JSON text holds no raw newline (inside strings it is escaped): indenting a
        # nested value is indenting its lines.
        yield ("," if i else "") + "\n  " + encoder.encode(key) + ": "
        if key not in streamed:
            yield encoder.encode(data[key]).replace("\n", "\n  ")
            continue
        yield "["
        for j, record in enumerate(getattr(model, key)):
            text = encoder.encode(record.model_dump(mode="json"))
            yield ("," if j else "") + "\n    " + text.replace("\n", "\n    ")
        yield "\n  ]"
    yield "\n}\n" if data else "}\n"


def model_json(model: BaseModel) -> bytes:
    """``canonical_json(model.model_dump(mode="json"))``, by ``model_json_chunks``."""
    return "".join(model_json_chunks(model)).encode()


def canonical_json(data: Any) -> bytes:
    """Sorted keys, 2-space indent, UTF-8, final LF."""
    return "".join(canonical_json_chunks(data)).encode()


def check_output_folder(path: Path) -> None:
    """Raise ``OSError`` (naming the folder) unless ``path``'s folder exists: a file is
    written only into a folder that is there, never into one made up from a typo."""
    folder = path.parent
    if not folder.exists():
        raise FileNotFoundError(errno.ENOENT, "no such folder", str(folder))
    if not folder.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, "not a folder", str(folder))


def umask_mode(mode: int = 0o666) -> int:
    """``mode`` as the user's umask lets a new file have it (``open`` would give): a
    temporary file from ``mkstemp`` is 0600 whatever the umask, so a file renamed into
    place from one gets this first."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mode & ~mask


def write_text_atomic(path: Path, chunks: Iterable[str]) -> None:
    """Write next to the target and rename, so a reader never sees half a file. The
    file gets the mode a new file gets under the user's umask."""
    check_output_folder(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.writelines(chunks)
        os.chmod(tmp, umask_mode())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
