"""Where the ink is on a rendered page image: the review's boxes fitted to what a reader sees.

A word's box comes from the PDF's font metrics, which can be off: a font with no
stated descent gets a box whose bottom is the baseline, so descenders hang below it.
``fit_to_ink`` grows a value's box over the glyphs actually drawn there (never
shrinking it), and ``free_spot`` finds a place inside a row for its badge that covers
no word. Both work in PDF points; the image only has to be the page at any scale.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from PIL import Image

from pipeline.model.models import Box

INK = 160  # grey level (0-255) below which a pixel is ink
RULE_FILL = 0.8  # a pixel row inked this much across the box is a ruling line, not text


@dataclass(frozen=True)
class PageInk:
    """One page image as an ink mask, with its scale in pixels per point."""

    mask: Image.Image  # "L": 255 where there is ink
    sx: float
    sy: float

    @classmethod
    def of(cls, image: Image.Image, width: float, height: float) -> PageInk:
        mask = image.convert("L").point(lambda v: 255 if v < INK else 0)
        return cls(mask, image.width / width, image.height / height)

    def inked_rows(self, x0: float, top: float, x1: float, bottom: float) -> tuple[int, list[bool]]:
        """(first pixel row, whether each pixel row from there holds text ink) over the
        columns x0..x1; a row inked nearly all across (a rule) counts as blank."""
        left, right = max(0, round(x0 * self.sx)), min(self.mask.width, round(x1 * self.sx))
        first, last = max(0, round(top * self.sy)), min(self.mask.height, round(bottom * self.sy))
        if right - left < 1 or last - first < 1:
            return first, []
        # Each row's mean over the columns: 0 blank, 255 all ink.
        means = self.mask.crop((left, first, right, last)).resize(
            (1, last - first), Image.Resampling.BOX
        )
        return first, [0 < v < 255 * RULE_FILL for v in means.tobytes()]


def _run(rows: list[bool], anchors: range, gap: int) -> tuple[int, int] | None:
    """The rows of the inked run through the anchor rows (blank gaps up to ``gap`` rows
    bridged: the dot over an i), or None when the anchors hold no ink."""
    inked = [i for i in anchors if 0 <= i < len(rows) and rows[i]]
    if not inked:
        return None
    start, end = inked[0], inked[-1]
    while True:
        above = [i for i in range(start - 1, max(-1, start - gap - 2), -1) if rows[i]]
        if not above:
            break
        start = above[0]
    while True:
        below = [i for i in range(end + 1, min(len(rows), end + gap + 2)) if rows[i]]
        if not below:
            break
        end = below[0]
    return start, end


def fit_to_ink(box: Box, ink: PageInk) -> Box:
    """``box`` grown over the glyphs drawn in it, at most 40% of its height each way:
    upwards over the run of ink through its middle (a line's lowercase letters, whatever
    the font's metrics), downwards over the run through the last ink inside it (the
    last line's descenders, when a value is wrapped over lines)."""
    height = box.bottom - box.top
    if height <= 0:
        return box
    margin = 0.4 * height
    first, rows = ink.inked_rows(box.x0, box.top - margin, box.x1, box.bottom + margin)
    if not rows:
        return box

    def row(y: float) -> int:
        return round(y * ink.sy) - first

    middle = _run(rows, range(row(box.top + 0.5 * height), row(box.top + 0.75 * height) + 1), 1)
    inside = [i for i in range(row(box.top + 0.5 * height), row(box.bottom)) if rows[i]]
    lowest = _run(rows, range(inside[-1], inside[-1] + 1), 1) if inside else None
    # One pixel to spare each side: a box's border is drawn inside it.
    top = (first + middle[0] - 1) / ink.sy if middle else box.top
    bottom = (first + lowest[1] + 2) / ink.sy if lowest else box.bottom
    return replace(box, top=min(box.top, top), bottom=max(box.bottom, bottom))


def overlaps(a: Box, b: Box) -> bool:
    return a.x0 < b.x1 and b.x0 < a.x1 and a.top < b.bottom and b.top < a.bottom


def free_spot(
    inside: Box,
    width: float,
    height: float,
    taken: Sequence[Box],
    step: float = 1.0,
    beside: Box | None = None,
) -> Box | None:
    """A ``width`` x ``height`` box inside ``inside`` that overlaps nothing in ``taken``:
    the top-right corner first, then along the top edge leftwards, then lower down; or,
    given ``beside``, the free place closest to that box (a badge next to the value it
    is about). None when there is no such place."""
    pad = min(1.5, (inside.bottom - inside.top - height) / 2, (inside.x1 - inside.x0 - width) / 2)
    if pad < 0:
        return None
    near = [b for b in taken if overlaps(b, inside)]
    spots: Iterable[Box] = (
        Box(page=inside.page, x0=x1 - width, top=top, x1=x1, bottom=top + height)
        for top in _steps(inside.top + pad, inside.bottom - pad - height, step)
        for x1 in _steps(inside.x1 - pad, inside.x0 + pad + width, -step)
    )
    if beside is not None:  # the closest, and of those the one centred on it
        spots = sorted(spots, key=lambda spot: (gap(spot, beside), _off_centre(spot, beside)))
    return next((spot for spot in spots if not any(overlaps(spot, b) for b in near)), None)


def _off_centre(a: Box, b: Box) -> float:
    return abs(a.x0 + a.x1 - b.x0 - b.x1) + abs(a.top + a.bottom - b.top - b.bottom)


def gap(a: Box, b: Box) -> float:
    """The distance between two boxes' edges (0 when they touch or overlap)."""
    dx = max(b.x0 - a.x1, a.x0 - b.x1, 0.0)
    dy = max(b.top - a.bottom, a.top - b.bottom, 0.0)
    return float((dx * dx + dy * dy) ** 0.5)


def _steps(start: float, stop: float, step: float) -> Iterable[float]:
    """start, start + step, ... up to stop (either direction), stop itself last."""
    n = int(abs(stop - start) / abs(step))
    yield from (start + i * step for i in range(n + 1))
    if n * abs(step) < abs(stop - start):
        yield stop
