"""A shown string -> pdfminer's glyph objects (``LTChar``), in one loop.

pdfminer lays out each glyph of a horizontal string through four calls (the device's
``render_char``, pdfplumber's marked-content hook, the layout analyser's, and
``LTChar.__init__``, with the base classes' and ``set_bbox`` beneath it), and works out
again for every glyph what is the same for the whole string (the font's descent, the
matrix's orientation). This is that loop written out for pdfplumber's device: the same
``LTChar`` objects, with the same attributes set in the same order to the same floats,
about 5% less work per page read. ``pdfguard`` installs it while a file is read;
``tests/test_charrender.py`` holds it to pdfminer's, attribute by attribute.

Vertical writing is not here: pdfminer sends it to ``render_string_vertical``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pipeline.pdf.matrix import apply_matrix_rect


def horizontal_renderer() -> Callable[..., tuple[float, float]]:
    """pdfminer's ``PDFTextDevice.render_string_horizontal`` for pdfplumber's
    ``PDFPageAggregatorWithMarkedContent`` (pdfminer is imported here, when a file is
    read, not with this module)."""
    from pdfminer.layout import LTChar
    from pdfminer.pdfdevice import logger
    from pdfminer.pdffont import PDFUnicodeNotDefined

    def render_string_horizontal(
        device: Any,
        seq: Any,
        matrix: tuple[float, float, float, float, float, float],
        pos: tuple[float, float],
        font: Any,
        fontsize: float,
        scaling: float,
        charspace: float,
        wordspace: float,
        rise: float,
        dxscale: float,
        ncs: Any,
        graphicstate: Any,
    ) -> tuple[float, float]:
        """Each glyph an ``LTChar`` added to the item in hand, tagged with the marked-
        content id and tag; returns the pen's new place."""
        (x, y) = pos
        needcharspace = False
        (a, b, c, d, e, f) = matrix
        # LTChar.__init__ works these out per glyph; they hold for the whole string.
        bottom = font.get_descent() * fontsize + rise
        top = bottom + fontsize
        upright = a * d * scaling > 0 and b * c <= 0
        add, mcid, tag = device.cur_item.add, device.cur_mcid, device.cur_tag
        fontname, char_width, to_unichr = font.fontname, font.char_width, font.to_unichr
        # Each glyph's text and width, once per font and glyph: pdfminer looks both up
        # again for every glyph shown (a debug log call and float parsing each time).
        known = vars(font).setdefault("_portdoc_glyphs", {})
        new_char = LTChar.__new__
        for obj in seq:
            if isinstance(obj, (int, float)):
                x -= obj * dxscale
                needcharspace = True
            elif isinstance(obj, bytes):
                for cid in font.decode(obj):
                    if needcharspace:
                        x += charspace
                    glyph_matrix = (a, b, c, d, x * a + y * c + e, x * b + y * d + f)
                    glyph = known.get(cid)
                    if glyph is None:
                        try:
                            text = to_unichr(cid)
                            assert isinstance(text, str), str(type(text))
                        except PDFUnicodeNotDefined:
                            text = device.handle_undefined_char(font, cid)
                        glyph = known[cid] = (text, char_width(cid))
                    text, width = glyph
                    adv = width * fontsize * scaling
                    (x0, y0, x1, y1) = apply_matrix_rect(glyph_matrix, (0, bottom, adv, top))
                    if x1 < x0:
                        (x0, x1) = (x1, x0)
                    if y1 < y0:
                        (y0, y1) = (y1, y0)
                    char = new_char(LTChar)
                    char._text = text
                    char.matrix = glyph_matrix
                    char.fontname = fontname
                    char.ncs = ncs
                    char.graphicstate = graphicstate
                    char.adv = adv
                    char.upright = upright
                    char.x0 = x0
                    char.y0 = y0
                    char.x1 = x1
                    char.y1 = y1
                    char.width = x1 - x0
                    char.height = y1 - y0
                    char.bbox = (x0, y0, x1, y1)
                    char.size = char.height
                    add(char)
                    # pdfplumber's marked-content tags (it sets them as pdfminer's
                    # class does not declare them).
                    char.mcid = mcid  # type: ignore[attr-defined]
                    char.tag = tag  # type: ignore[attr-defined]
                    x += adv
                    if cid == 32 and wordspace:
                        x += wordspace
                    needcharspace = True
            else:
                logger.warning(
                    "Cannot render horizontal string because "
                    "%r is not a valid int, float or bytes.",
                    obj,
                )
        return (x, y)

    return render_string_horizontal
