"""Work bounds inside pdfminer: stream inflation, content operators, glyphs, path objects.

pdfminer decodes a stream whole (``PDFStream.decode``: ``zlib.decompress``,
``lzwdecode``, ``rldecode`` on the complete data, filter after filter) wherever a
stream is first needed: page contents, Form XObjects, ToUnicode CMaps, object streams,
fonts. And it interprets whatever content it is given, a form drawn inside a form drawn
inside a form as often as the file says. A limit checked only between pages comes too
late for a 2.7 KB file that draws one form 10^8 times. So the bounds are applied where
the work happens, by replacing those few functions for the duration of ``guarded()``:

- every Flate, LZW and RunLength step decodes in pieces and stops past the per-stream
  cap (any other filter's output is no larger than its input); each decoded stream is
  counted, and the sum over the document has its own cap;
- every content-stream object parsed (operators and operands, in forms as on pages),
  every glyph shown and every path segment painted is counted per page and per document;
- an object whose whole value is a reference to another is followed to the object it
  names once, where it is fetched, and a chain that comes back on itself (``6 0 obj
  6 0 R endobj``, or two objects naming each other) is refused at once: pdfminer's
  ``resolve1`` would follow it forever (a 700-byte file held a worker to its time limit).

Past a bound ``LimitExceededError`` is raised from inside pdfminer; pdfplumber may wrap
it, and ``pdfmodel`` finds it in the chain. The patches are installed only around one
file's reading (in the worker process that reads it) and restored after.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from pipeline.model.errors import LimitExceededError, UnusableInputError
from pipeline.pdf.charrender import horizontal_renderer
from pipeline.pdf.contenttokens import reading_fast
from pipeline.pdf.matrix import apply_matrix_rect

MB = 1024 * 1024


@dataclass(frozen=True)
class WorkLimits:
    """Counts a real document never comes near (measured: README, "Limits")."""

    stream_bytes: int = 32 * MB  # one decoded stream
    inflated_bytes: int = 256 * MB  # all decoded streams of the document
    page_operators: int = 1_000_000  # content objects parsed: operators and operands
    operators: int = 10_000_000
    page_glyphs: int = 200_000  # bytes of text shown (one or two per glyph)
    glyphs: int = 5_000_000
    page_paths: int = 200_000  # path segments painted (a rectangle is 5)
    paths: int = 2_000_000


KINDS = {
    "operators": "content operators",
    "glyphs": "glyphs",
    "paths": "path segments",
}


@dataclass
class Guard:
    """The counters of one file's reading."""

    limits: WorkLimits
    name: str
    page: int = 0
    inflated: int = 0
    on_page: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    in_document: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))

    def __post_init__(self) -> None:
        # count() runs once per content object: the limits are looked up here, once.
        self._page_limits = {kind: getattr(self.limits, f"page_{kind}") for kind in KINDS}
        self._limits = {kind: getattr(self.limits, kind) for kind in KINDS}

    def start_page(self, number: int) -> None:
        self.page = number
        self.on_page = dict.fromkeys(KINDS, 0)

    def count(self, kind: str, n: int) -> None:
        on_page, in_document = self.on_page, self.in_document
        page = on_page[kind] = on_page[kind] + n
        total = in_document[kind] = in_document[kind] + n
        if page > self._page_limits[kind] or total > self._limits[kind]:
            self._refuse(kind, page)

    def _refuse(self, kind: str, page: int) -> None:
        page_limit = self._page_limits[kind]
        if page > page_limit:
            where = f"page {self.page}" if self.page else "the document"
            raise LimitExceededError(
                f"{self.name}: {where} has more than {page_limit:,} {KINDS[kind]} (limit)"
            )
        limit = self._limits[kind]
        raise LimitExceededError(
            f"{self.name}: more than {limit:,} {KINDS[kind]} in the document (limit)"
        )

    def stream_error(self) -> LimitExceededError:
        return LimitExceededError(
            f"{self.name}: a stream inflates past {self.limits.stream_bytes / MB:g} MB (limit)"
        )

    def decoded(self, size: int) -> None:
        if size > self.limits.stream_bytes:
            raise self.stream_error()
        self.inflated += size
        if self.inflated > self.limits.inflated_bytes:
            raise LimitExceededError(
                f"{self.name}: streams inflate past {self.limits.inflated_bytes / MB:g} MB "
                "in all (limit)"
            )


def _pieces(pieces: Iterator[bytes], cap: int, guard: Guard) -> bytes:
    """Join decoded pieces, stopping as soon as they pass ``cap``."""
    out = bytearray()
    for piece in pieces:
        out += piece
        if len(out) > cap:
            raise guard.stream_error()
    return bytes(out)


def _inflate(data: bytes, guard: Guard) -> bytes:
    """``zlib.decompress(data)`` holding at most the cap (+1 MB) at any time; a corrupt
    stream raises ``zlib.error`` as ``zlib.decompress`` does (pdfminer then retries it
    byte by byte, which yields no more than this did)."""
    inflater = zlib.decompressobj()
    cap = guard.limits.stream_bytes

    def pieces() -> Iterator[bytes]:
        chunk = data
        while chunk:
            yield inflater.decompress(chunk, MB)
            chunk = inflater.unconsumed_tail
        yield inflater.flush()

    out = _pieces(pieces(), cap, guard)
    if not inflater.eof:
        raise zlib.error("incomplete or truncated stream")
    return out


def _inflate_corrupted(data: bytes, guard: Guard) -> bytes:
    """``pdfminer.pdftypes.decompress_corrupted`` (feed byte by byte, keep what came out
    before a checksum error at the very end), in linear time and bounded."""
    inflater = zlib.decompressobj()
    out = bytearray()
    for i in range(len(data)):
        try:
            out += inflater.decompress(data[i : i + 1])
        except zlib.error:
            if i < len(data) - 3:
                raise
            break
        if len(out) > guard.limits.stream_bytes:
            raise guard.stream_error()
    return bytes(out)


def _run_length(data: bytes, guard: Guard) -> bytes:
    """RunLengthDecode (PDF 1.7, 7.4.5), as ``pdfminer.runlength.rldecode``, bounded."""

    def pieces() -> Iterator[bytes]:
        i, n = 0, len(data)
        while i < n:
            length = data[i]
            if length == 128:
                return
            if length < 128:
                yield data[i + 1 : i + 2 + length]
                i += 2 + length
            else:
                if i + 1 >= n:
                    return
                yield data[i + 1 : i + 2] * (257 - length)
                i += 2

    return _pieces(pieces(), guard.limits.stream_bytes, guard)


def _lzw(data: bytes, guard: Guard) -> bytes:
    import io

    from pdfminer.lzw import LZWDecoder

    return _pieces(LZWDecoder(io.BytesIO(data)).run(), guard.limits.stream_bytes, guard)


class _BoundedZlib:
    """Stands in for the ``zlib`` module inside ``pdfminer.pdftypes``."""

    def __init__(self, guard: Guard) -> None:
        self.guard = guard
        self.error = zlib.error
        self.decompressobj = zlib.decompressobj

    def decompress(self, data: bytes) -> bytes:
        return _inflate(data, self.guard)


def _followed(getobj: Callable[[Any, int], Any], name: str) -> Callable[[Any, int], Any]:
    """``PDFDocument.getobj`` that returns the object at the end of a chain of objects
    that are each a bare reference, refusing a chain that comes back on itself."""
    from pdfminer.pdftypes import PDFObjRef

    def followed(document: Any, objid: int) -> Any:
        obj = getobj(document, objid)
        seen = {objid}
        while isinstance(obj, PDFObjRef):
            if obj.objid in seen:
                raise UnusableInputError(
                    f"{name}: object {objid} is a reference that leads back to itself "
                    "(a reference cycle)"
                )
            seen.add(obj.objid)
            obj = getobj(document, obj.objid)
        return obj

    return followed


@contextmanager
def guarded(limits: WorkLimits, name: str) -> Iterator[Guard]:
    """Count and bound pdfminer's work on one file while the block runs."""
    from pdfminer import layout, pdfdevice, pdfinterp, pdftypes
    from pdfminer.converter import PDFLayoutAnalyzer
    from pdfminer.pdfdocument import PDFDocument
    from pdfplumber.page import PDFPageAggregatorWithMarkedContent

    guard = Guard(limits, name)
    # Between tokens, the common ones are read in one step (contenttokens).
    base_parser = reading_fast(pdfinterp.PDFContentParser, limits.page_glyphs)
    decode = pdftypes.PDFStream.decode
    render_string = pdfdevice.PDFTextDevice.render_string
    paint_path = PDFLayoutAnalyzer.paint_path

    class CountingParser(base_parser):  # type: ignore[misc,valid-type]
        def nextobject(self) -> Any:
            obj = super().nextobject()
            guard.count("operators", 1)
            return obj

        # A string longer than a page's glyph limit is refused while it is read: pdfminer
        # grows it by concatenation, in time that grows with the square of its length.
        def _parse_string(self, s: bytes, i: int) -> int:
            j: int = super()._parse_string(s, i)
            if len(self._curtoken) > guard.limits.page_glyphs:
                guard.count("glyphs", len(self._curtoken))  # past the limit: raises
            return j

        def _parse_hexstring(self, s: bytes, i: int) -> int:
            j: int = super()._parse_hexstring(s, i)
            if len(self._curtoken) > 2 * guard.limits.page_glyphs:
                guard.count("glyphs", len(self._curtoken) // 2)
            return j

    def bounded_decode(stream: Any) -> None:
        decode(stream)
        guard.decoded(len(stream.data or b""))

    def counted_render_string(device: Any, textstate: Any, seq: Any, *args: Any) -> None:
        # Counted before pdfminer makes one object per glyph: a 30-million-glyph string
        # stops here, not after it has been laid out.
        guard.count("glyphs", sum(len(item) for item in seq if isinstance(item, bytes)))
        render_string(device, textstate, seq, *args)

    def counted_paint_path(device: Any, gstate: Any, stroke: Any, fill: Any, *rest: Any) -> None:
        guard.count("paths", len(rest[-1]) if rest else 1)
        paint_path(device, gstate, stroke, fill, *rest)

    replaced: list[tuple[Any, str, Any]] = [
        (pdftypes, "zlib", _BoundedZlib(guard)),
        (pdftypes, "decompress_corrupted", lambda data: _inflate_corrupted(data, guard)),
        (pdftypes, "lzwdecode", lambda data: _lzw(data, guard)),
        (pdftypes, "rldecode", lambda data: _run_length(data, guard)),
        (pdftypes.PDFStream, "decode", bounded_decode),
        (pdfinterp, "PDFContentParser", CountingParser),
        (pdfdevice.PDFTextDevice, "render_string", counted_render_string),
        (PDFLayoutAnalyzer, "paint_path", counted_paint_path),
        (PDFDocument, "getobj", _followed(PDFDocument.getobj, name)),
        (layout, "apply_matrix_rect", apply_matrix_rect),
        # Each glyph laid out in one loop (charrender), on the device pdfplumber reads with.
        (
            PDFPageAggregatorWithMarkedContent,
            "render_string_horizontal",
            horizontal_renderer(),
        ),
    ]
    saved: list[tuple[Any, str, Callable[..., Any] | Any]] = []
    try:
        for owner, attribute, value in replaced:
            saved.append((owner, attribute, getattr(owner, attribute)))
            setattr(owner, attribute, value)
        yield guard
    finally:
        for owner, attribute, value in reversed(saved):
            setattr(owner, attribute, value)
