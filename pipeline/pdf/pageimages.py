"""Page images: each page of a PDF as a PNG (pypdfium2), drawn in a bounded worker.

``portdoc review`` draws its boxes over these. A page is drawn at ``SCALE`` pixels per
point, or smaller so that no side passes ``MAX_SIDE_PIXELS``; a page whose box is empty
or not a number is no image (the review shows a placeholder).
"""

from __future__ import annotations

import math
import re
from pathlib import Path

from pipeline.model.errors import UnusableInputError
from pipeline.pdf.bounded import Bounds, run_bounded
from pipeline.pdf.pdfmodel import Limits

SCALE = 1.5  # page image pixels per PDF point
MAX_SIDE_PIXELS = 4000  # a page image's longest side, whatever the page's size
PageImage = tuple[str | None, int, int]  # file name (None: a placeholder), width, height px
PAGE_IMAGE = re.compile(r"^page-[0-9]+\.png$")


def page_box_usable(width: float, height: float) -> bool:
    return all(math.isfinite(v) and v > 0 for v in (width, height))


def page_scale(width: float, height: float, scale: float = SCALE) -> float:
    """Pixels per point for a page: ``scale``, or less so that no side passes
    ``MAX_SIDE_PIXELS`` (a 200,000-point page is drawn as small as it must be)."""
    return min(scale, MAX_SIDE_PIXELS / max(width, height, 1.0))


def _render_all(pdf: Path, out_dir: Path, scale: float) -> list[PageImage]:
    import pypdfium2 as pdfium  # type: ignore[import-untyped]

    images: list[PageImage] = []
    try:
        document = pdfium.PdfDocument(pdf)
        try:
            if len(document) > Limits().max_pages:
                raise UnusableInputError(f"{pdf.name}: too many pages to render (page limit)")
            for number in range(1, len(document) + 1):
                page = document[number - 1]
                width, height = page.get_size()
                if not page_box_usable(width, height):
                    images.append((None, 0, 0))  # shown as a placeholder
                    page.close()
                    continue
                image = page.render(scale=page_scale(width, height, scale)).to_pil()
                page.close()
                name = f"page-{number}.png"
                image.save(out_dir / name, format="PNG")
                images.append((name, image.width, image.height))
        finally:
            document.close()
    except pdfium.PdfiumError as e:
        raise UnusableInputError(f"{pdf.name}: cannot render the pages ({e})") from e
    return images


def render_pages(pdf: Path, out_dir: Path, scale: float = SCALE) -> list[PageImage]:
    """Every page as ``out_dir/page-N.png``; returns (file name, width px, height px) each,
    the name None for a page whose box is empty or unusable (shown as a placeholder).
    Pages are drawn in a worker under the time and memory limits, each at most
    ``MAX_SIDE_PIXELS`` a side.

    The PNGs carry no time or text chunk: their bytes depend on the PDF alone."""
    import pypdfium2  # type: ignore[import-untyped]  # noqa: F401  (loaded before the fork)

    limits = Limits()
    bounds = Bounds(limits.seconds, limits.max_memory_bytes, pdf.name)
    images = run_bounded(lambda: _render_all(pdf, out_dir, scale), bounds)
    names = {name for name, _w, _h in images}
    for stale in out_dir.iterdir():  # pages of an earlier, longer review in the same folder
        if PAGE_IMAGE.match(stale.name) and stale.name not in names:
            stale.unlink()
    return images
