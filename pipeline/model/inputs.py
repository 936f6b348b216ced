"""Reading an untrusted input file: a regular file of a bounded size, and JSON parsed
strictly.

A path given as a document JSON or found as a ``source.json`` can be anything: a FIFO
(reading blocks until a writer comes, perhaps never), ``/dev/zero`` (reading never
ends), a file of gigabytes. It is opened without blocking, checked to be a regular
file and measured before a byte is read, and never read past its limit. JSON's own
grammar is taken strictly: ``NaN``/``Infinity`` (not JSON, though Python writes them)
and an object naming a key twice (which one would win?) are refused.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

from pipeline.model.errors import LimitExceededError, UnusableInputError


def read_regular(path: Path, max_bytes: int, what: str = "file") -> bytes:
    """The bytes of ``path``, a regular file of at most ``max_bytes``; else
    ``UnusableInputError`` (``LimitExceededError`` for the size) naming it."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC | os.O_NOCTTY)
    except OSError as e:
        raise UnusableInputError(f"{path}: cannot read: {e.strerror or e}") from e
    with os.fdopen(fd, "rb") as f:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise UnusableInputError(f"{path}: not a regular file; a {what} must be one")
        if info.st_size > max_bytes:
            raise LimitExceededError(
                f"{path}: {info.st_size} bytes is too big for a {what} (at most {max_bytes} bytes)"
            )
        try:
            data = f.read(max_bytes + 1)
        except OSError as e:
            raise UnusableInputError(f"{path}: cannot read: {e.strerror or e}") from e
    if len(data) > max_bytes:  # it grew while it was read
        raise LimitExceededError(f"{path}: too big for a {what} (at most {max_bytes} bytes)")
    return data


class StrictJSONError(ValueError):
    """JSON that strict parsing refuses (NaN, Infinity, a key given twice), or text that
    is no JSON at all; the message says which."""


def _no_constant(name: str) -> Any:
    raise StrictJSONError(f"{name} is not JSON")


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for key, value in pairs:
        if key in data:
            raise StrictJSONError(f"key {json.dumps(key)} appears twice in one object")
        data[key] = value
    return data


def loads_strict(data: bytes | str) -> Any:
    """``json.loads`` refusing ``NaN``, ``Infinity`` and repeated keys: one exception,
    ``StrictJSONError``, for those and for text that is not JSON or nests too deep."""
    try:
        return json.loads(data, parse_constant=_no_constant, object_pairs_hook=_unique_keys)
    except StrictJSONError:
        raise
    except (ValueError, RecursionError) as e:
        raise StrictJSONError("not JSON") from e
