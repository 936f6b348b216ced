"""PDF -> page model: words, horizontal and vertical rules, link annotations.

This is the only module that touches pdfplumber/pdfminer. It opens the file under
limits (size, pages, content inflation, time) and turns every failure to read the
file into an ``UnusableInputError`` naming the file, so no library traceback escapes.
Glyphs and rulings are read from pdfminer's layout objects (what pdfplumber's
``page.layout`` holds) rather than from pdfplumber's per-object dicts, which cost as
much as interpreting the page; ``pipeline.words`` groups them into words by
pdfplumber's own rules. Each page is closed as soon as it has been converted.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import signal
import threading
import time
import zlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.errors import LimitExceededError, PortdocError, UnusableInputError
from pipeline.spill import Spillable, SpillList
from pipeline.words import Glyph, mark_superscripts
from pipeline.words import words as group_words

BOLD_MARKERS = ("bold", "black", "heavy", "semibold", "demi")

Edge = tuple[float, float, float, float]  # x0, top, x1, bottom


@dataclass(frozen=True)
class Limits:
    """Bounds on the work one file may cause. Hostile PDFs end in seconds."""

    max_bytes: int = 50 * 1024 * 1024
    max_pages: int = 500
    max_inflated_bytes: int = 32 * 1024 * 1024  # per page content stream
    seconds: float = 120.0  # a 500-page document takes about 100 s here


@dataclass(frozen=True, slots=True)
class Word(Spillable):
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    bold: bool
    page: int

    @property
    def xc(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def yc(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass(frozen=True, slots=True)
class Rule(Spillable):
    """A straight ruling segment (from a line, a thin rect or a rect's edge)."""

    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def y(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def x(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass(frozen=True, slots=True)
class Link(Spillable):
    uri: str
    x0: float
    top: float
    x1: float
    bottom: float


@dataclass
class PageModel:
    number: int  # 1-based
    width: float
    height: float
    words: list[Word] = field(default_factory=list)
    hrules: list[Rule] = field(default_factory=list)
    vrules: list[Rule] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    image_count: int = 0


@dataclass
class PdfFile:
    path: Path
    sha256: str
    page_count: int
    producer: str | None
    # Kept on disk and read back one page at a time: memory holds the page in hand.
    pages: Sequence[PageModel]


class DeadlineExceeded(LimitExceededError):
    pass


class Deadline:
    """A time budget for one file: a SIGALRM interrupts a long step (main thread only),
    and ``check()`` at each page boundary catches an interrupt some library swallowed."""

    def __init__(self, seconds: float, path: Path) -> None:
        self.seconds, self.path = seconds, path
        self.expires = time.monotonic() + seconds if seconds > 0 else float("inf")

    def error(self) -> DeadlineExceeded:
        return DeadlineExceeded(f"{self.path.name}: gave up after {self.seconds:g} s (time limit)")

    def check(self) -> None:
        if time.monotonic() > self.expires:
            raise self.error()


@contextmanager
def deadline(seconds: float, path: Path) -> Iterator[Deadline]:
    """Abort the block after ``seconds``."""
    budget = Deadline(seconds, path)
    usable = threading.current_thread() is threading.main_thread() and hasattr(signal, "SIGALRM")
    if not usable or seconds <= 0:
        yield budget
        return

    def on_alarm(signum: int, frame: object) -> None:
        raise budget.error()

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield budget
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def sniff(path: Path, limits: Limits) -> bytes:
    """Cheap checks on the raw bytes before any parser sees them."""
    try:
        size = path.stat().st_size
    except OSError as e:
        raise UnusableInputError(f"{path}: cannot read file ({e.strerror})") from e
    if not path.is_file():
        raise UnusableInputError(f"{path}: not a file")
    if size == 0:
        raise UnusableInputError(f"{path}: empty file")
    if size > limits.max_bytes:
        raise LimitExceededError(
            f"{path.name}: file is {size / 1e6:.1f} MB, "
            f"over the {limits.max_bytes / 1e6:.0f} MB limit"
        )
    data = path.read_bytes()
    head = data[:1024]
    if b"%PDF-" not in head:
        start = head.lstrip()[:64].lower()
        if start.startswith((b"<!doctype html", b"<html")) or b"<html" in head.lower():
            kind = "an HTML page"
        elif start.startswith(b"\x89png"):
            kind = "a PNG image"
        elif start.startswith(b"pk\x03\x04"):
            kind = "a ZIP archive (an Office document?)"
        else:
            kind = "not a PDF"
        what = kind if kind == "not a PDF" else f"not a PDF but {kind}"
        raise UnusableInputError(f"{path.name}: {what} (no %PDF header)")
    if b"%%EOF" not in data[-2048:]:
        raise UnusableInputError(f"{path.name}: truncated PDF (no %%EOF marker at the end)")
    return data


def _inflated_size(raw: bytes, cap: int) -> int:
    """Bytes a Flate stream inflates to, counting at most ``cap`` + 1 (never holds more)."""
    inflater = zlib.decompressobj()
    total = 0
    chunk = raw
    try:
        while chunk:
            out = inflater.decompress(chunk, 1024 * 1024)
            total += len(out)
            if total > cap:
                return total
            chunk = inflater.unconsumed_tail
    except zlib.error:
        return total
    return total


def _check_content_streams(page: object, limits: Limits, path: Path, number: int) -> None:
    """Refuse a page whose content stream inflates past the limit, before pdfminer does."""
    from pdfminer.pdftypes import resolve1, stream_value

    contents = getattr(page, "contents", None) or []
    for ref in contents:
        stream = stream_value(resolve1(ref))
        filters = stream.get_filters()
        names = [str(getattr(f, "name", f)) for f, _ in filters]
        cap = limits.max_inflated_bytes
        if (
            names
            and names[0] in ("FlateDecode", "Fl")
            and (_inflated_size(stream.rawdata or b"", cap) > cap)
        ):
            raise LimitExceededError(
                f"{path.name}: page {number} content inflates past "
                f"{limits.max_inflated_bytes // (1024 * 1024)} MB (limit)"
            )


def _page_objects(page: object) -> tuple[list[Glyph], list[Edge], int]:
    """Glyphs, ruling edges and the image count of one page, read from pdfminer's layout
    objects in pdfplumber's coordinates (top-left origin, mediabox offset applied).

    pdfplumber's ``page.chars`` / ``page.edges`` would first copy every object into a
    dict of all its attributes; only these few are needed. Edges come in pdfplumber's
    order: lines, then each rect's four sides (two for a shading), then each curve's
    segments."""
    from pdfminer.layout import LTChar, LTContainer, LTCurve, LTImage, LTLine, LTRect
    from pdfplumber.page import fix_fontname_bytes

    height = float(page.height)  # type: ignore[attr-defined]
    mb_x0, mb_top = (float(v) for v in page.mediabox[:2])  # type: ignore[attr-defined]
    glyphs: list[Glyph] = []
    lines: list[Edge] = []
    rects: list[Edge] = []
    curves: list[Edge] = []
    images = 0
    stack = [iter(page.layout)]  # type: ignore[attr-defined]
    while stack:  # depth-first, children in order (pdfplumber's iter_layout_objects)
        obj = next(stack[-1], None)
        if obj is None:
            stack.pop()
        elif isinstance(obj, LTChar):
            font = obj.fontname
            glyphs.append(
                Glyph(
                    obj.get_text(),
                    obj.x0 + mb_x0,
                    height - obj.y1 + mb_top,
                    obj.x1 + mb_x0,
                    height - obj.y0 + mb_top,
                    fix_fontname_bytes(font) if isinstance(font, bytes) else font,
                    obj.size,
                    obj.upright,
                )
            )
        elif isinstance(obj, LTContainer):
            stack.append(iter(obj))
        elif isinstance(obj, (LTLine, LTRect)):
            x0, x1 = obj.x0 + mb_x0, obj.x1 + mb_x0
            top, bottom = height - obj.y1 + mb_top, height - obj.y0 + mb_top
            if isinstance(obj, LTLine):
                lines.append((x0, top, x1, bottom))
            else:
                rects += [(x0, top, x1, top), (x0, bottom, x1, bottom)]
                if not is_shading(obj, x1 - x0, bottom - top):
                    rects += [(x0, top, x0, bottom), (x1, top, x1, bottom)]
        elif isinstance(obj, LTCurve):
            points = [(x + mb_x0, mb_top + height - y) for x, y in obj.pts]
            for (ax, ay), (bx, by) in itertools.pairwise(points):
                curves.append((min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)))
        elif isinstance(obj, LTImage):
            images += 1
    return glyphs, lines + rects + curves, images


def is_shading(rect: object, width: float, height: float) -> bool:
    """A filled, unstroked area (a header's or a striped row's background). Its top and
    bottom bound a row; its sides bound only that row, so they are not column or table
    rules (a browser shades each header cell, and those sides would end the table)."""
    filled = getattr(rect, "fill", False) and not getattr(rect, "stroke", False)
    return bool(filled) and width > 2 and height > 2


def _rules(edges: list[Edge]) -> tuple[list[Rule], list[Rule]]:
    """Horizontal and vertical ruling segments, collinear pieces merged."""
    horizontal: list[Rule] = []
    vertical: list[Rule] = []
    for x0, top, x1, bottom in edges:
        if x1 - x0 >= 2 and bottom - top <= 2:
            y = (top + bottom) / 2
            horizontal.append(Rule(x0, y, x1, y))
        elif bottom - top >= 2 and x1 - x0 <= 2:
            x = (x0 + x1) / 2
            vertical.append(Rule(x, top, x, bottom))
    return merge_collinear(horizontal, horizontal=True), merge_collinear(vertical, horizontal=False)


def merge_collinear(segments: list[Rule], *, horizontal: bool, tol: float = 1.5) -> list[Rule]:
    """Join segments on the same line that touch or overlap (HTML exporters draw per cell)."""

    def level(s: Rule) -> float:
        return s.y if horizontal else s.x

    def start(s: Rule) -> float:
        return s.x0 if horizontal else s.top

    def end(s: Rule) -> float:
        return s.x1 if horizontal else s.bottom

    groups: list[list[Rule]] = []
    for seg in sorted(segments, key=level):
        if groups and level(seg) - level(groups[-1][-1]) <= tol:
            groups[-1].append(seg)
        else:
            groups.append([seg])
    merged: list[Rule] = []
    for group in groups:
        at = sum(level(s) for s in group) / len(group)
        runs: list[list[float]] = []
        for seg in sorted(group, key=start):
            if runs and start(seg) <= runs[-1][1] + tol:
                runs[-1][1] = max(runs[-1][1], end(seg))
            else:
                runs.append([start(seg), end(seg)])
        for a, b in runs:
            merged.append(Rule(a, at, b, at) if horizontal else Rule(at, a, at, b))
    return merged


def _links(page: object) -> list[Link]:
    links = []
    for link in page.hyperlinks:  # type: ignore[attr-defined]
        uri = link.get("uri")
        if isinstance(uri, bytes):
            uri = uri.decode("latin-1", "replace")
        if isinstance(uri, str) and uri.strip():
            links.append(Link(uri.strip(), link["x0"], link["top"], link["x1"], link["bottom"]))
    return links


def _words(glyphs: list[Glyph], number: int) -> list[Word]:
    return [
        Word(
            text=w.text,
            x0=w.x0,
            top=w.top,
            x1=w.x1,
            bottom=w.bottom,
            size=round(float(w.size), 2),
            bold=any(m in str(w.fontname).lower() for m in BOLD_MARKERS),
            page=number,
        )
        for w in mark_superscripts(group_words(glyphs, x_tolerance=2, y_tolerance=3))
        if w.text.strip()
    ]


def page_model(page: object, number: int) -> PageModel:
    glyphs, edges, images = _page_objects(page)
    hrules, vrules = _rules(edges)
    return PageModel(
        number=number,
        width=float(page.width),  # type: ignore[attr-defined]
        height=float(page.height),  # type: ignore[attr-defined]
        words=_words(glyphs, number),
        hrules=hrules,
        vrules=vrules,
        links=_links(page),
        image_count=images,
    )


def _unusable(error: Exception, path: Path) -> PortdocError:
    """The project's error for a failure while reading. pdfplumber wraps whatever its
    page interpreter raised (our own time limit included), so the chain is searched."""
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    chain: list[BaseException] = []
    link: BaseException | None = error
    while link is not None and link not in chain:
        chain.append(link)
        link = link.__cause__ or link.__context__
    for e in chain:
        if isinstance(e, PortdocError):
            # A fresh error of the same kind: raising the one pdfplumber wrapped "from"
            # its wrapper would make the cause chain a cycle.
            return type(e)(*e.args)
    for e in chain:
        if isinstance(e, (PDFPasswordIncorrect, PDFEncryptionError)):
            return UnusableInputError(f"{path.name}: encrypted PDF (a password is needed)")
        if isinstance(e, RecursionError):
            return UnusableInputError(f"{path.name}: PDF objects nest too deeply or in a cycle")
        if isinstance(e, MemoryError):
            return LimitExceededError(f"{path.name}: PDF needs too much memory to read")
    if "password" in str(error).lower() or "encrypt" in type(error).__name__.lower():
        return UnusableInputError(f"{path.name}: encrypted PDF (a password is needed)")
    text = str(error).strip()
    reason = text.splitlines()[0][:160] if text else type(error).__name__
    return UnusableInputError(f"{path.name}: unreadable PDF ({reason})")


def read_pdf(path: Path | str, limits: Limits | None = None) -> PdfFile:
    """Open ``path`` under ``limits`` and return its page models.

    Raises ``UnusableInputError`` (or a subclass) for anything that makes the file unusable.
    """
    import pdfplumber

    path = Path(path)
    limits = limits or Limits()
    data = sniff(path, limits)
    digest = hashlib.sha256(data).hexdigest()
    try:
        # Parse the bytes that were checked and hashed: one read, and no chance of the
        # file changing between the check and the parse.
        with deadline(limits.seconds, path) as budget, pdfplumber.open(io.BytesIO(data)) as pdf:
            pages = pdf.pages
            if len(pages) == 0:
                raise UnusableInputError(f"{path.name}: the PDF has no pages")
            if len(pages) > limits.max_pages:
                raise LimitExceededError(
                    f"{path.name}: {len(pages)} pages, over the {limits.max_pages}-page limit"
                )
            producer = pdf.metadata.get("Producer") if isinstance(pdf.metadata, dict) else None
            models: SpillList[PageModel] = SpillList()
            has_words = scanned = False
            for number, page in enumerate(pages, start=1):
                budget.check()
                _check_content_streams(page.page_obj, limits, path, number)
                model = page_model(page, number)
                has_words = has_words or bool(model.words)
                scanned = scanned or bool(model.image_count)
                models.append(model)
                page.close()  # drop pdfplumber's per-page caches
            budget.check()
    except Exception as e:
        raise _unusable(e, path) from e
    if not has_words:
        why = "scanned images with no text layer" if scanned else "no text on any page"
        raise UnusableInputError(f"{path.name}: {why}; portdoc needs a PDF with text")
    if isinstance(producer, bytes):
        producer = producer.decode("latin-1", "replace")
    return PdfFile(
        path, digest, len(models), producer if isinstance(producer, str) else None, models
    )
