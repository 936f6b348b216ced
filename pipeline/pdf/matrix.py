"""pdfminer's ``apply_matrix_rect`` written out: the same floats, in the same order of
operations, without a function call and two tuples per corner. pdfminer computes it
for every glyph it lays out (``LTChar``) and every path; ``pdfguard`` installs it while
a file is read. ``tests/test_matrix.py`` holds the two equal, bit for bit."""

from __future__ import annotations

Matrix = tuple[float, float, float, float, float, float]
Rect = tuple[float, float, float, float]


def apply_matrix_rect(m: Matrix, rect: Rect) -> Rect:
    """The upright rectangle that tightly fits ``rect`` transformed by ``m``."""
    (a, b, c, d, e, f) = m
    (x0, y0, x1, y1) = rect
    # pdfminer: each corner (x, y) -> (a * x + c * y + e, b * x + d * y + f).
    ax0, ax1, cy0, cy1 = a * x0, a * x1, c * y0, c * y1
    bx0, bx1, dy0, dy1 = b * x0, b * x1, d * y0, d * y1
    left1, bottom1 = ax0 + cy0 + e, bx0 + dy0 + f
    right1, bottom2 = ax1 + cy0 + e, bx1 + dy0 + f
    right2, top1 = ax1 + cy1 + e, bx1 + dy1 + f
    left2, top2 = ax0 + cy1 + e, bx0 + dy1 + f
    return (
        min(left1, left2, right1, right2),
        min(bottom1, bottom2, top1, top2),
        max(left1, left2, right1, right2),
        max(bottom1, bottom2, top1, top2),
    )
