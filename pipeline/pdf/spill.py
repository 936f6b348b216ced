"""A list kept on disk: one item in memory at a time.

The layout stage needs whole-document facts (the body font size, running headers)
before it can lay out any page, and the family parser needs one (the size of running
text) before it can tell headings. Holding every page's words until then makes memory
grow with the page count; instead each page is written here as it is read and read
back when its turn comes. Items are pickled into an anonymous temporary file (gone
when closed, or when the process ends), so only this process ever reads them.
"""

from __future__ import annotations

import pickle
import tempfile
from collections.abc import Iterator, Sequence
from operator import attrgetter
from typing import Any, Generic, TypeVar, overload

T = TypeVar("T")


class Spillable:
    """Base of the slotted dataclasses that are spilled (words, rules, blocks): they
    pickle as their constructor's arguments, about three times faster than through
    the ``__getstate__``/``__setstate__`` pair a slotted dataclass gets."""

    __slots__ = ()
    _state: Any = None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        # dataclass(slots=True) makes the class anew; this runs for both, the second
        # time with the fields as __slots__ (in constructor order).
        names = cls.__dict__.get("__slots__", ())
        if names:
            getter = attrgetter(*names)
            cls._state = getter if len(names) > 1 else (lambda obj: (getter(obj),))

    def __reduce__(self) -> tuple[type, tuple[Any, ...]]:
        return (type(self), type(self)._state(self))


class SpillList(Sequence[T], Generic[T]):
    """Append-only; indexing and iteration unpickle a fresh copy of each item."""

    def __init__(self) -> None:
        # Open as long as the list lives: closed by close() or when it is collected.
        self._file = tempfile.TemporaryFile(prefix="portdoc-")  # noqa: SIM115
        self._offsets: list[int] = []
        self._end = 0

    def append(self, item: T) -> None:
        data = pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL)
        try:
            self._file.seek(self._end)
            self._file.write(data)
        except OSError as e:  # a full disk says nothing of where: the temporary folder
            where = tempfile.gettempdir()
            raise OSError(
                e.errno, f"{e.strerror} (pages wait here; TMPDIR names another folder)", where
            ) from e
        self._offsets.append(self._end)
        self._end += len(data)

    def __len__(self) -> int:
        return len(self._offsets)

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> list[T]: ...

    def __getitem__(self, index: int | slice) -> T | list[T]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        start = self._offsets[index]  # IndexError as a list would raise it
        index %= len(self)
        stop = self._offsets[index + 1] if index + 1 < len(self) else self._end
        self._file.seek(start)
        item: T = pickle.loads(self._file.read(stop - start))
        return item

    def __iter__(self) -> Iterator[T]:
        for i in range(len(self)):
            yield self[i]

    def close(self) -> None:
        self._file.close()

    def __del__(self) -> None:
        file = getattr(self, "_file", None)
        if file is not None:
            file.close()
