"""Turned pages: text is read in its own frame, as a reader turns the page to read it.

A page's text may run at an angle to the page box: a landscape page printed by Word is
often a portrait box with ``/Rotate 90`` (pdfminer applies that already), but a page can
also carry its content turned by 90° or 180° with no ``/Rotate`` to set it upright, or
a print skewed by a few degrees. Word grouping, lines, rows and columns all assume
text that runs left to right along the page's x axis, so such a page read as it lies
is no table at all ("not a known document family").

``reading_angle`` finds the direction most of a page's glyphs advance in (from each
glyph's text matrix); ``Frame`` turns device-space points by minus that angle about the
page's centre, into a box as wide as the text's lines run (a quarter turn swaps width
and height). A page whose text runs along its x axis keeps the identity frame and the
exact coordinates it always had.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable

MIN_TURN = 0.5  # degrees: a page's text turned less than this is read as it lies
BUCKET = 0.5  # degrees: glyph angles are counted in buckets this wide


def glyph_angle(matrix: tuple[float, ...]) -> float:
    """The direction a glyph's text advances in, in degrees (-180, 180], counter-clockwise
    in device space (PDF: y upwards)."""
    a, b = matrix[0], matrix[1]
    return math.degrees(math.atan2(b, a))


def reading_angle(angles: Iterable[float]) -> float:
    """The angle most glyphs share (the mean of the most common bucket), when more than
    half of them share it; else 0."""
    values = list(angles)
    if not values:
        return 0.0
    buckets = Counter(round(v / BUCKET) for v in values)
    bucket, count = buckets.most_common(1)[0]
    if count * 2 <= len(values):
        return 0.0
    members = [v for v in values if round(v / BUCKET) == bucket]
    angle = sum(members) / len(members)
    return 0.0 if abs(angle) < MIN_TURN else angle


class Frame:
    """Device space (pdfminer's: origin bottom-left) -> the reading frame in pdfplumber's
    coordinates (origin top-left, the mediabox offset added)."""

    def __init__(
        self, angle: float, width: float, height: float, mb_x0: float, mb_top: float
    ) -> None:
        self.angle = angle
        self.identity = angle == 0.0
        quarter = round(angle / 90) % 2 == 1
        self.width, self.height = (height, width) if quarter else (width, height)
        self.mb_x0, self.mb_top = mb_x0, mb_top
        self._in_height = height
        self._centre = (width / 2, height / 2)
        rad = math.radians(-angle)
        self._cos, self._sin = math.cos(rad), math.sin(rad)

    def _turn(self, x: float, y: float) -> tuple[float, float]:
        cx, cy = self._centre
        dx, dy = x - cx, y - cy
        return (
            self._cos * dx - self._sin * dy + self.width / 2,
            self._sin * dx + self._cos * dy + self.height / 2,
        )

    def point(self, x: float, y: float) -> tuple[float, float]:
        """A device point -> (x, top)."""
        if self.identity:
            return x + self.mb_x0, self.mb_top + self._in_height - y
        tx, ty = self._turn(x, y)
        return tx + self.mb_x0, self.mb_top + self.height - ty

    def box(self, x0: float, y0: float, x1: float, y1: float) -> tuple[float, float, float, float]:
        """A device box -> (x0, top, x1, bottom) of its turned corners."""
        if self.identity:
            h = self._in_height
            return x0 + self.mb_x0, h - y1 + self.mb_top, x1 + self.mb_x0, h - y0 + self.mb_top
        points = [self.point(x, y) for x in (x0, x1) for y in (y0, y1)]
        xs, tops = [p[0] for p in points], [p[1] for p in points]
        return min(xs), min(tops), max(xs), max(tops)

    def glyph(
        self, bbox: tuple[float, float, float, float], matrix: tuple[float, ...], adv: float
    ) -> tuple[float, float, float, float, float, bool]:
        """A turned page's glyph -> (x0, top, x1, bottom, size, upright) in the reading
        frame: the glyph's box (a parallelogram in device space, whose centre is its
        bounding box's) set upright about its centre, ``adv`` wide along the text and as
        tall as its font size."""
        a, b, c, d = matrix[:4]
        x0, y0, x1, y1 = bbox
        along, across = math.hypot(a, b), math.hypot(c, d)
        # The bounding box is |a|·adv + |c|·fs wide and |b|·adv + |d|·fs tall.
        if abs(d) >= abs(c):
            font_size = (y1 - y0 - abs(b) * adv) / abs(d) if d else 0.0
        else:
            font_size = (x1 - x0 - abs(a) * adv) / abs(c)
        width, height = adv * along, max(font_size, 0.0) * across
        cx, top = self.point((x0 + x1) / 2, (y0 + y1) / 2)
        relative = (glyph_angle(matrix) - self.angle + 180) % 360 - 180
        return (
            cx - width / 2,
            top - height / 2,
            cx + width / 2,
            top + height / 2,
            round(height, 3),
            abs(relative) < 45,
        )
