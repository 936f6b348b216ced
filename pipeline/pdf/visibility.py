"""Which glyphs a reader sees: only text a reader sees is data (issue 20, items 9-10).

A PDF can carry text no viewer shows: drawn in text render mode 3 (or 7), in the
colour of what lies under it (white on a white page), at a fraction of a point, outside
the clipping path or the page, or painted over by a filled rectangle drawn after it.
Each would otherwise become a hostname in a firewall feed with nothing to see in the
document. ``hidden_reason`` says why a glyph is not seen (``None``: it is seen).

pdfminer keeps neither the text render mode nor the clipping path with its glyphs:
``tracked()`` records both on the graphics state copied into each glyph
(``LTChar.graphicstate``) while a file is read. A clipping path is kept as its bounding
box in device space, intersected with the one before it, saved and restored with the
graphics state and carried into forms; a glyph whose centre lies outside it is clipped.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NamedTuple

from pipeline.model.errors import LimitExceededError

Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in PDF device space
RGB = tuple[float, float, float]

INVISIBLE_MODES = (3, 7)  # neither fill nor stroke (7: add to the clip only)
STROKED_MODES = (1, 5)  # stroke only: the stroking colour is what shows
MIN_LEGIBLE_SIZE = 1.0  # points: text set smaller prints as a speck
SAME_COLOUR = 0.06  # largest difference per channel (0-1) that reads as no contrast
WHITE: RGB = (1.0, 1.0, 1.0)
# Glyph x filled-rectangle comparisons allowed per page (a real page makes a few
# thousand; a hostile one of 200,000 glyphs over 40,000 rectangles would make 8e9).
MAX_COMPARISONS = 20_000_000
CELL = 48.0  # points: the side of the grid squares rectangles are filed under


def rgb(colour: object) -> RGB | None:
    """A gray, RGB or CMYK colour (pdfminer's tuple or number) as RGB; ``None`` for what
    can't be told (a pattern, a colour space of another number of components)."""
    try:
        return _rgb_seen(colour)  # every glyph asks; a page has a few colours
    except TypeError:  # a list, or a value that can't be hashed
        return _rgb(colour)


def _rgb(colour: object) -> RGB | None:
    if isinstance(colour, (int, float)):
        colour = (colour,)
    if not isinstance(colour, (tuple, list)) or not all(
        isinstance(v, (int, float)) for v in colour
    ):
        return None
    values = [min(max(float(v), 0.0), 1.0) for v in colour]
    if len(values) == 1:
        return (values[0],) * 3  # type: ignore[return-value]
    if len(values) == 3:
        return values[0], values[1], values[2]
    if len(values) == 4:
        c, m, y, k = values
        return (1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k)
    return None


_rgb_seen = lru_cache(maxsize=1024)(_rgb)


def same_colour(a: RGB | None, b: RGB | None) -> bool:
    # Asked once per glyph: three comparisons written out, no generator.
    return (
        a is not None
        and b is not None
        and abs(a[0] - b[0]) <= SAME_COLOUR
        and abs(a[1] - b[1]) <= SAME_COLOUR
        and abs(a[2] - b[2]) <= SAME_COLOUR
    )


@dataclass(frozen=True, slots=True)
class Fill:
    """A filled shape (or an image: colour unknown) in drawing order. Any may lie under
    text (by its bounding box: a rounded band behind white text); only a filled
    rectangle hides what it is drawn over (a curve's box is more than the curve, and an
    image may be transparent)."""

    order: int
    box: Box
    colour: RGB | None
    covers: bool = True


class Ink(NamedTuple):
    """What decides whether one glyph is seen (one per glyph: a tuple is the cheapest
    record to build)."""

    order: int
    box: Box
    size: float
    render_mode: int
    colour: RGB | None
    clip: Box | None


def _inside(point: tuple[float, float], box: Box) -> bool:
    return box[0] <= point[0] <= box[2] and box[1] <= point[1] <= box[3]


def _covers(outer: Box, inner: Box, slack: float = 0.5) -> bool:
    return (
        outer[0] <= inner[0] + slack
        and outer[1] <= inner[1] + slack
        and outer[2] >= inner[2] - slack
        and outer[3] >= inner[3] - slack
    )


class PageInk:
    """The filled rectangles and images of one page, filed by grid square, to tell for
    each glyph what lies under it and whether something was drawn over it."""

    def __init__(self, fills: Sequence[Fill], page: Box, where: str) -> None:
        self.page = page
        self.where = where
        self.grid: dict[tuple[int, int], list[Fill]] = {}
        self.comparisons = 0
        for fill in fills:
            x0, y0, x1, y1 = fill.box
            if x1 - x0 < 1 or y1 - y0 < 1:
                continue  # a rule: it neither backs nor covers a glyph
            for gx in range(int(x0 // CELL), int(x1 // CELL) + 1):
                for gy in range(int(y0 // CELL), int(y1 // CELL) + 1):
                    self.grid.setdefault((gx, gy), []).append(fill)
                    self.comparisons += 1
                    if self.comparisons > MAX_COMPARISONS:
                        self._refuse()
        self.comparisons = 0

    def _refuse(self) -> None:
        raise LimitExceededError(
            f"{self.where} has too many overlapping filled shapes to tell which text "
            f"is visible (more than {MAX_COMPARISONS:,} comparisons, limit)"
        )

    def _near(self, centre: tuple[float, float]) -> list[Fill]:
        found = self.grid.get((int(centre[0] // CELL), int(centre[1] // CELL)), [])
        self.comparisons += len(found)
        if self.comparisons > MAX_COMPARISONS:
            self._refuse()
        return found

    def hidden_reason(self, ink: Ink) -> str | None:
        """Why a reader does not see this glyph, or ``None``."""
        x0, y0, x1, y1 = ink.box
        centre = ((x0 + x1) / 2, (y0 + y1) / 2)
        if ink.render_mode in INVISIBLE_MODES:
            return f"drawn invisible (text render mode {ink.render_mode})"
        if ink.size < MIN_LEGIBLE_SIZE:
            return f"set at {ink.size:.2g} pt, too small to read"
        if not _inside(centre, self.page):
            return "drawn outside the page"
        if ink.clip is not None and not _inside(centre, ink.clip):
            return "clipped away"
        under: Fill | None = None
        for fill in self._near(centre):
            if fill.order < ink.order:
                if _inside(centre, fill.box) and (under is None or fill.order > under.order):
                    under = fill
            elif fill.covers and _covers(fill.box, ink.box):
                return "covered by a filled shape drawn over it"
        if under is None and same_colour(ink.colour, WHITE):
            return "drawn in the page's colour (white on white)"
        if under is not None and same_colour(ink.colour, under.colour):
            return "drawn in the colour of the shape under it"
        return None


# --------------------------------------------------------------- pdfminer's bookkeeping


def _transform(matrix: Sequence[float], x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = matrix
    return a * x + c * y + e, b * x + d * y + f


def path_box(path: Sequence[tuple[Any, ...]], ctm: Sequence[float]) -> Box | None:
    """The device-space bounding box of a path being built (pdfminer's ``curpath``)."""
    points = []
    for segment in path:
        coords = [v for v in segment[1:] if isinstance(v, (int, float))]
        points += [_transform(ctm, x, y) for x, y in zip(coords[::2], coords[1::2], strict=False)]
    if not points:
        return None
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


def intersect(a: Box | None, b: Box | None) -> Box | None:
    if a is None or b is None:
        return a or b
    x0, y0, x1, y1 = max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3])
    return (x0, y0, max(x0, x1), max(y0, y1))  # an empty clip stays empty


@contextmanager
def tracked() -> Iterator[None]:
    """Record the render mode and clipping box on pdfminer's graphics states while the
    block runs (``graphicstate.render_mode``, ``graphicstate.clip``)."""
    from pdfminer import pdfdevice, pdfinterp

    state = pdfinterp.PDFGraphicState
    interp = pdfinterp.PDFPageInterpreter
    copy, init_state, do_do = state.copy, interp.init_state, interp.do_Do
    render_string = pdfdevice.PDFTextDevice.render_string
    entering: list[Box | None] = []  # the clip a form is drawn under

    def carried_copy(self: Any) -> Any:
        new: Any = copy(self)
        new.clip = getattr(self, "clip", None)
        new.render_mode = getattr(self, "render_mode", 0)
        return new

    def clip(self: Any) -> None:
        box = path_box(self.curpath, self.ctm)
        if box is not None:
            self.graphicstate.clip = intersect(getattr(self.graphicstate, "clip", None), box)

    def started(self: Any, ctm: Any) -> None:
        init_state(self, ctm)
        self.graphicstate.clip = entering[-1] if entering else None

    def form(self: Any, name: Any) -> None:
        entering.append(getattr(self.graphicstate, "clip", None))
        try:
            do_do(self, name)
        finally:
            entering.pop()

    def shown(device: Any, textstate: Any, seq: Any, ncs: Any, graphicstate: Any) -> None:
        graphicstate.render_mode = int(textstate.render or 0)
        render_string(device, textstate, seq, ncs, graphicstate)

    replaced: list[tuple[Any, str, Callable[..., Any]]] = [
        (state, "copy", carried_copy),
        (interp, "do_W", clip),
        (interp, "do_W_a", clip),
        (interp, "init_state", started),
        (interp, "do_Do", form),
        (pdfdevice.PDFTextDevice, "render_string", shown),
    ]
    saved = []
    try:
        for owner, attribute, value in replaced:
            saved.append((owner, attribute, getattr(owner, attribute)))
            setattr(owner, attribute, value)
        yield
    finally:
        for owner, attribute, value in reversed(saved):
            setattr(owner, attribute, value)


def ink_of(char: Any, order: int) -> Ink:
    """An ``LTChar``'s visibility facts (device space: pdfminer's own coordinates)."""
    gstate = char.graphicstate
    mode = getattr(gstate, "render_mode", 0)
    colour = gstate.scolor if mode in STROKED_MODES else gstate.ncolor
    return Ink(
        order,
        (char.x0, char.y0, char.x1, char.y1),
        float(char.size),
        mode,
        rgb(colour),
        getattr(gstate, "clip", None),
    )
