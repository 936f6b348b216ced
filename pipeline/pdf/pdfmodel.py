"""PDF -> page model: words, horizontal and vertical rules, link annotations.

This is the only module that touches pdfplumber/pdfminer. It opens the file under
limits (size, pages, content inflation, time) and turns every failure to read the
file into an ``UnusableInputError`` naming the file, so no library traceback escapes.
Glyphs and rulings are read from pdfminer's layout objects (what pdfplumber's
``page.layout`` holds) rather than from pdfplumber's per-object dicts, which cost as
much as interpreting the page; ``pipeline.pdf.words`` groups them into words by
pdfplumber's own rules. Each page is closed as soon as it has been converted.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import logging
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pipeline.model.errors import LimitExceededError, PortdocError, UnusableInputError
from pipeline.pdf.pdfguard import WorkLimits, guarded
from pipeline.pdf.spill import Spillable, SpillList
from pipeline.pdf.turn import Frame, glyph_angle, reading_angle
from pipeline.pdf.visibility import Fill, Ink, PageInk, ink_of, rgb, tracked
from pipeline.pdf.words import Glyph, dedupe, mark_superscripts, printable
from pipeline.pdf.words import words as group_words

# pdfminer and pdfplumber log warnings about damaged files ("Refusing to execute
# circular reference..."); with no handler anywhere Python prints them on stderr,
# beside portdoc's one-line error. They go where the application sends logging (the
# CLI shows them with -v or --debug), never to stderr by default.
for _name in ("pdfminer", "pdfplumber"):
    logging.getLogger(_name).addHandler(logging.NullHandler())

BOLD_MARKERS = ("bold", "black", "heavy", "semibold", "demi")

Edge = tuple[float, float, float, float]  # x0, top, x1, bottom


MB = 1024 * 1024
# PDF 1.7 (ISO 32000-1), annex C.2: a page is at most 14,400 units (200 inches) a side.
MAX_PAGE_POINTS = 14_400


@dataclass(frozen=True)
class Limits:
    """Bounds on the work one file may cause. Hostile PDFs end in seconds.

    ``seconds`` and ``max_memory_bytes`` are enforced from outside, on the worker
    process that reads the file (``pipeline.pdf.bounded``); the rest inside it."""

    max_bytes: int = 50 * MB
    max_pages: int = 500
    seconds: float = 120.0  # a 500-page document takes about 100 s here
    # Memory the worker may take beyond what it started with; publish runs one worker
    # per core: 2 GiB each keeps 10 of them inside a 24 GiB machine.
    max_memory_bytes: int = 2048 * MB
    work: WorkLimits = field(default_factory=WorkLimits)


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
class HiddenText(Spillable):
    """A word drawn where no reader sees it (``pipeline.pdf.visibility``): never data,
    kept only to be reported."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    page: int
    reason: str


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
    hidden: list[HiddenText] = field(default_factory=list)


@dataclass(frozen=True)
class PageProblem:
    """A page whose box can't be trusted (``extract`` makes it an issue)."""

    page: int
    severity: Literal["error", "warning"]  # error: the page's content was not read
    message: str


@dataclass
class PdfFile:
    path: Path
    sha256: str
    page_count: int
    producer: str | None
    # Kept on disk and read back one page at a time: memory holds the page in hand.
    pages: Sequence[PageModel]
    problems: list[PageProblem] = field(default_factory=list)


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


def page_frame(page: object) -> Frame:
    """The frame a page's text is read in (``pipeline.pdf.turn``): turned by the angle
    most of its glyphs run at, else the page as it lies."""
    from pdfminer.layout import LTChar, LTContainer

    angles: list[float] = []
    stack = [iter(page.layout)]  # type: ignore[attr-defined]
    while stack:
        obj = next(stack[-1], None)
        if obj is None:
            stack.pop()
        elif isinstance(obj, LTChar):
            if obj.get_text().strip():
                angles.append(glyph_angle(obj.matrix))
        elif isinstance(obj, LTContainer):
            stack.append(iter(obj))
    mb_x0, mb_top = (float(v) for v in page.mediabox[:2])  # type: ignore[attr-defined]
    width, height = float(page.width), float(page.height)  # type: ignore[attr-defined]
    return Frame(reading_angle(angles), width, height, mb_x0, mb_top)


def _page_objects(
    page: object, where: str = "the page", frame: Frame | None = None
) -> tuple[list[Glyph], list[tuple[Glyph, str]], list[Edge], int]:
    """Glyphs a reader sees, those nobody sees (each with the reason), ruling edges and
    the image count of one page, read from pdfminer's layout objects in pdfplumber's
    coordinates (top-left origin, mediabox offset applied), in ``frame`` (default: the
    page's own, ``page_frame``).

    pdfplumber's ``page.chars`` / ``page.edges`` would first copy every object into a
    dict of all its attributes; only these few are needed. Edges come in pdfplumber's
    order: lines, then each rect's four sides (two for a shading), then each curve's
    segments."""
    from pdfminer.layout import LTChar, LTContainer, LTCurve, LTImage, LTLine, LTRect
    from pdfplumber.page import fix_fontname_bytes

    frame = frame or page_frame(page)
    glyphs: list[Glyph] = []
    lines: list[Edge] = []
    rects: list[Edge] = []
    curves: list[Edge] = []
    images = 0
    inks: list[Ink] = []
    fills: list[Fill] = []
    layout = page.layout  # type: ignore[attr-defined]
    stack = [iter(layout)]
    order = 0  # drawing order
    while stack:  # depth-first, children in order (pdfplumber's iter_layout_objects)
        obj = next(stack[-1], None)
        order += 1
        if obj is None:
            stack.pop()
        elif isinstance(obj, LTChar):
            font = obj.fontname
            text = obj.get_text()
            if text and not (text := printable(text)):
                continue  # a control character: it prints nothing
            inks.append(ink_of(obj, order))
            fontname = fix_fontname_bytes(font) if isinstance(font, bytes) else font
            if frame.identity:
                box, size, upright = frame.box(*obj.bbox), obj.size, obj.upright
            else:
                *turned, size, upright = frame.glyph(obj.bbox, obj.matrix, obj.adv)
                box = (turned[0], turned[1], turned[2], turned[3])
            glyphs.append(Glyph(text, *box, fontname, size, upright))
        elif isinstance(obj, LTContainer):
            stack.append(iter(obj))
        elif isinstance(obj, (LTLine, LTRect)):
            if isinstance(obj, LTLine) and not frame.identity:  # a skewed rule stays one
                (ax, atop), (bx, btop) = (frame.point(x, y) for x, y in obj.pts[:2])
                x0, top, x1, bottom = min(ax, bx), min(atop, btop), max(ax, bx), max(atop, btop)
            else:
                x0, top, x1, bottom = frame.box(*obj.bbox)
            if isinstance(obj, LTLine):
                lines.append((x0, top, x1, bottom))
            else:
                if obj.fill:
                    fills.append(Fill(order, obj.bbox, rgb(obj.non_stroking_color)))
                rects += [(x0, top, x1, top), (x0, bottom, x1, bottom)]
                if not is_shading(obj, x1 - x0, bottom - top):
                    rects += [(x0, top, x0, bottom), (x1, top, x1, bottom)]
        elif isinstance(obj, LTCurve):
            if obj.fill:
                fills.append(Fill(order, obj.bbox, rgb(obj.non_stroking_color), covers=False))
            points = [frame.point(x, y) for x, y in obj.pts]
            for (ax, ay), (bx, by) in itertools.pairwise(points):
                curves.append((min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)))
        elif isinstance(obj, LTImage):
            images += 1
            fills.append(Fill(order, obj.bbox, None, covers=False))  # a colour unknown
    ink = PageInk(fills, _device_box(page), where)
    seen: list[Glyph] = []
    hidden: list[tuple[Glyph, str]] = []
    for glyph, facts in zip(glyphs, inks, strict=True):
        reason = ink.hidden_reason(facts)
        if reason is None:
            seen.append(glyph)
        else:
            hidden.append((glyph, reason))
    return dedupe(seen), hidden, lines + rects + curves, images


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


def _rotation_ctm(page: object) -> tuple[float, ...]:
    """pdfminer's user space -> device space for the page's /Rotate (as its
    ``PDFPageInterpreter.process_page`` sets it)."""
    x0, y0, x1, y1 = (float(v) for v in page.page_obj.mediabox)  # type: ignore[attr-defined]
    return {
        90: (0, -1, 1, 0, -y0, x1),
        180: (-1, 0, 0, -1, x1, y1),
        270: (0, 1, -1, 0, y1, -x0),
    }.get(int(page.page_obj.rotate) % 360, (1, 0, 0, 1, -x0, -y0))  # type: ignore[attr-defined]


def _device_box(page: object) -> tuple[float, float, float, float]:
    """The page's box in pdfminer's device space: the mediabox through the page's
    rotation (an inverted box, read as normalized, lies at negative coordinates)."""
    x0, y0, x1, y1 = (float(v) for v in page.page_obj.mediabox)  # type: ignore[attr-defined]
    a, b, c, d, e, f = _rotation_ctm(page)
    points = [(a * x + c * y + e, b * x + d * y + f) for x in (x0, x1) for y in (y0, y1)]
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


def _link_box(page: object, link: dict[str, Any], frame: Frame) -> tuple[float, ...] | None:
    """A link annotation's box in ``frame``: pdfplumber's as given on an upright page;
    on a rotated or turned one, its /Rect through the page's rotation and the frame
    (pdfplumber turns a /Rotate 270 page's links the wrong way)."""
    rotation = int(page.page_obj.rotate) % 360  # type: ignore[attr-defined]
    if frame.identity and rotation == 0:
        return (link["x0"], link["top"], link["x1"], link["bottom"])
    try:
        ax, ay, bx, by = (float(v) for v in link["data"]["Rect"])
    except (KeyError, TypeError, ValueError):
        return None
    a, b, c, d, e, f = _rotation_ctm(page)
    xs, ys = [], []
    for x, y in ((ax, ay), (bx, by), (ax, by), (bx, ay)):
        xs.append(a * x + c * y + e)
        ys.append(b * x + d * y + f)
    return frame.box(min(xs), min(ys), max(xs), max(ys))


def _links(page: object, frame: Frame) -> list[Link]:
    """The page's link annotations, in ``frame``."""
    links = []
    for link in page.hyperlinks:  # type: ignore[attr-defined]
        uri = link.get("uri")
        if isinstance(uri, bytes):
            uri = uri.decode("latin-1", "replace")
        uri = printable(uri).strip() if isinstance(uri, str) else ""
        box = _link_box(page, link, frame) if uri else None
        if box is not None:
            links.append(Link(uri, *box))
    return links


def _hidden(hidden: list[tuple[Glyph, str]], number: int) -> list[HiddenText]:
    """The hidden glyphs as words, one reason each (grouped as the seen ones are)."""
    by_reason: dict[str, list[Glyph]] = {}
    for glyph, reason in hidden:
        by_reason.setdefault(reason, []).append(glyph)
    return [
        HiddenText(w.text, w.x0, w.top, w.x1, w.bottom, number, reason)
        for reason, glyphs in by_reason.items()
        for w in group_words(glyphs, x_tolerance=2, y_tolerance=3)
        if w.text.strip()
    ]


def _words(glyphs: list[Glyph], number: int, vrules: list[Rule]) -> list[Word]:
    walls = [(r.x0, r.top, r.bottom) for r in vrules]
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
        for w in mark_superscripts(group_words(glyphs, x_tolerance=2, y_tolerance=3, walls=walls))
        if w.text.strip()
    ]


def page_model(page: object, number: int) -> PageModel:
    """One page's model, read in the frame its text runs in (``page_frame``)."""
    frame = page_frame(page)
    glyphs, hidden, edges, images = _page_objects(page, f"page {number}", frame)
    hrules, vrules = _rules(edges)
    return PageModel(
        number=number,
        width=frame.width,
        height=frame.height,
        words=_words(glyphs, number, vrules),
        hrules=hrules,
        vrules=vrules,
        links=_links(page, frame),
        image_count=images,
        hidden=_hidden(hidden, number),
    )


def _unusable(error: Exception, path: Path, limits: Limits) -> PortdocError:
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
            mb = limits.max_memory_bytes / MB
            return LimitExceededError(
                f"{path.name}: needs more than {mb:g} MB of memory (memory limit)"
            )
    if "password" in str(error).lower() or "encrypt" in type(error).__name__.lower():
        return UnusableInputError(f"{path.name}: encrypted PDF (a password is needed)")
    text = str(error).strip()
    reason = text.splitlines()[0][:160] if text else type(error).__name__
    return UnusableInputError(f"{path.name}: unreadable PDF ({reason})")


def load_pdf_stack() -> None:
    """Import pdfplumber and the pdfminer modules it uses, read the Public Suffix List
    the hostname check needs and build the document model's validators (0.3 s). Called
    before a worker is forked: the worker then has them, and its memory cap counts only
    the work."""
    import importlib

    from pipeline.model.models import build_validators
    from pipeline.values.normalize import is_tld

    for module in ("pdfminer.converter", "pdfminer.lzw", "pdfminer.pdfinterp", "pdfplumber"):
        importlib.import_module(module)
    is_tld("com")
    build_validators()


def page_box_problem(page: object) -> tuple[Literal["error", "warning"], str] | None:
    """(severity, message) for a page box that is empty, inverted or beyond the PDF
    maximum: positions read on it mean nothing, or a reader rendering it would drown."""
    x0, y0, x1, y1 = (float(v) for v in page.page_obj.mediabox)  # type: ignore[attr-defined]
    width, height = abs(x1 - x0), abs(y1 - y0)
    size = f"{width:g} x {height:g} pt"
    if not all(math.isfinite(v) for v in (x0, y0, x1, y1)):
        return "error", "the page box is not a number; the page was not read"
    if width == 0 or height == 0:
        return "error", f"the page box is empty ({size}); the page was not read"
    if max(width, height) > MAX_PAGE_POINTS:
        return "warning", f"the page box is {size}, beyond the PDF maximum of 14,400 pt"
    if x1 < x0 or y1 < y0:
        return "warning", "the page box is inverted (corners swapped); read as normalized"
    return None


def _page_count(pdf: object, limits: Limits, path: Path) -> None:
    """Refuse a page tree that says it has more pages than the limit, before any page
    is built (a tree that understates its count is caught while pages are enumerated)."""
    from pdfminer.pdftypes import resolve1

    tree = resolve1(pdf.doc.catalog.get("Pages"))  # type: ignore[attr-defined]
    count = resolve1(tree.get("Count")) if isinstance(tree, dict) else None
    if isinstance(count, int) and count > limits.max_pages:
        raise LimitExceededError(
            f"{path.name}: {count} pages, over the {limits.max_pages}-page limit"
        )


def _pages(pdf: object, limits: Limits, path: Path) -> Iterator[Any]:
    """pdfplumber pages, built one at a time (``PDF.pages`` builds every page first,
    and ``PDF.close()`` builds them again), stopping past the page limit."""
    from pdfminer.pdfpage import PDFPage
    from pdfplumber.page import Page

    doctop = 0.0
    for index, page_obj in enumerate(PDFPage.create_pages(pdf.doc)):  # type: ignore[attr-defined]
        if index >= limits.max_pages:
            raise LimitExceededError(
                f"{path.name}: more than {limits.max_pages} pages, over the "
                f"{limits.max_pages}-page limit"
            )
        page = Page(pdf, page_obj, page_number=index + 1, initial_doctop=doctop)  # type: ignore[arg-type]
        yield page
        doctop += float(page.height)


def read_pdf(path: Path | str, limits: Limits | None = None) -> PdfFile:
    """Open ``path`` under ``limits`` and return its page models.

    The work inside pdfminer is bounded here (``pipeline.pdf.pdfguard``); time and memory
    are bounded by running this in a worker (``pipeline.extract.extract_document``).
    Raises ``UnusableInputError`` (or a subclass) for anything that makes the file unusable.
    """
    import pdfplumber

    path = Path(path)
    limits = limits or Limits()
    data = sniff(path, limits)
    digest = hashlib.sha256(data).hexdigest()
    problems: list[PageProblem] = []
    try:
        with guarded(limits.work, path.name) as guard, tracked():
            # Parse the bytes that were checked and hashed: one read, and no chance of
            # the file changing between the check and the parse. Not closed: pdfplumber's
            # close() would build every page; each page is closed as it is done.
            pdf = pdfplumber.open(io.BytesIO(data))
            _page_count(pdf, limits, path)
            producer = pdf.metadata.get("Producer") if isinstance(pdf.metadata, dict) else None
            models: SpillList[PageModel] = SpillList()
            has_words = scanned = False
            for number, page in enumerate(_pages(pdf, limits, path), start=1):
                guard.start_page(number)
                problem = page_box_problem(page)
                if problem is not None:
                    problems.append(PageProblem(number, *problem))
                if problem is not None and problem[0] == "error":
                    model = PageModel(number, 0.0, 0.0)
                else:
                    model = page_model(page, number)
                has_words = has_words or bool(model.words)
                scanned = scanned or bool(model.image_count)
                models.append(model)
                page.close()  # drop pdfplumber's per-page caches
            if not models:
                raise UnusableInputError(f"{path.name}: the PDF has no pages")
    except Exception as e:
        raise _unusable(e, path, limits) from e
    if not has_words:
        why = "scanned images with no text layer" if scanned else "no text on any page"
        raise UnusableInputError(f"{path.name}: {why}; portdoc needs a PDF with text")
    if isinstance(producer, bytes):
        producer = producer.decode("latin-1", "replace")
    return PdfFile(
        path,
        digest,
        len(models),
        printable(producer) if isinstance(producer, str) else None,
        models,
        problems,
    )
