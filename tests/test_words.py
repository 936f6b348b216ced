"""portdoc's own glyph reader and word grouping give what pdfplumber's would.

``pdfmodel`` reads pdfminer's layout objects directly instead of pdfplumber's
``page.chars`` / ``page.edges`` dicts (the dicts cost as much as interpreting the page),
and ``words.words`` groups glyphs by ``WordExtractor``'s rules. These tests hold both
to pdfplumber's own results: on real and generated PDFs, on PDFs with rotated text,
form XObjects, curves, images and an offset media box, and on random glyph lists.
"""

from __future__ import annotations

import io
from pathlib import Path

import pdfplumber
import pytest
from corpus import corpus_pdfs
from hypothesis import given, settings
from hypothesis import strategies as st
from pdfgen import build_pdf
from pdfgen_truth import sample_spec
from pdfplumber.utils import (
    curve_to_edges,
    dedupe_chars,
    extract_words,
    line_to_edge,
    rect_to_edges,
)
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from pipeline.pdf import pdfmodel
from pipeline.pdf.words import Glyph, dedupe, words

ROOT = Path(__file__).resolve().parents[1]
SETTINGS = {"x_tolerance": 2, "y_tolerance": 3, "extra_attrs": ["fontname", "size"]}


def edge(e: dict) -> tuple:
    return (e["x0"], e["top"], e["x1"], e["bottom"])


def plumber_page(page: pdfplumber.page.Page) -> tuple[list[tuple], list[tuple], int]:
    """What pdfplumber itself says: words, edges (x0, top, x1, bottom), image count."""
    found = page.extract_words(keep_blank_chars=False, **SETTINGS)
    ws = [
        (w["text"], w["x0"], w["top"], w["x1"], w["bottom"], w["fontname"], w["size"])
        for w in found
        if w["text"].strip()  # pdfplumber keeps an empty glyph as a word; portdoc drops it
    ]
    edges = [edge(e) for e in map(line_to_edge, page.lines)]
    for rect in page.rects:
        # portdoc keeps only the top and bottom of a shaded (filled, unstroked) area.
        shading = rect["fill"] and not rect["stroke"] and min(rect["width"], rect["height"]) > 2
        edges += [edge(e) for e in rect_to_edges(rect) if not (shading and e["orientation"] == "v")]
    edges += [edge(e) for curve in page.curves for e in curve_to_edges(curve)]
    return ws, edges, len(page.images)


def portdoc_page(page: pdfplumber.page.Page) -> tuple[list[tuple], list[tuple], int]:
    glyphs, _hidden, edges, images = pdfmodel._page_objects(page)
    return [tuple(w) for w in words(glyphs) if w.text.strip()], edges, images


def assert_same_as_pdfplumber(data: bytes) -> int:
    pages = 0
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            expected = plumber_page(page)
            page.close()  # portdoc's reader starts from a fresh layout too
            assert portdoc_page(page) == expected, f"page {page.page_number}"
            pages += 1
    return pages


def odd_pdf() -> bytes:
    """Rotated text, a form XObject, curves, rects, lines, an image and touching runs
    of two fonts: the objects a vendor's PDF producer might use that ours don't."""
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4)
    c.setFont("Helvetica", 10)
    c.drawString(72, 800, "Port Protocol Direction")
    c.setFont("Helvetica-Bold", 10)
    c.drawString(72, 780, "Bold")
    c.setFont("Helvetica", 10)
    c.drawString(72 + c.stringWidth("Bold", "Helvetica-Bold", 10), 780, "Regular next to it")
    c.saveState()
    c.translate(300, 500)
    c.rotate(90)
    c.drawString(0, 0, "rotated 443/tcp text")
    c.restoreState()
    c.beginForm("stamp")
    c.setFont("Times-Roman", 9)
    c.drawString(100, 300, "inside a form 192.0.2.1")
    c.rect(90, 290, 200, 20)
    c.endForm()
    c.doForm("stamp")
    c.line(72, 700, 500, 700)
    c.rect(72, 600, 300, 0.5, fill=1)
    c.setFillColorRGB(0.85, 0.9, 0.95)
    c.rect(72, 200, 300, 24, stroke=0, fill=1)  # a shaded header row
    c.setFillColorRGB(0, 0, 0)
    c.bezier(72, 500, 100, 550, 150, 450, 200, 500)
    p = c.beginPath()
    p.moveTo(72, 400)
    p.lineTo(300, 400)
    p.lineTo(300, 380)
    c.drawPath(p)
    c.drawInlineImage(_tiny_image(), 400, 400, 20, 20)
    c.showPage()
    c.setFont("Courier", 8)
    c.drawString(72, 72, "second   page, spaced   words")
    c.showPage()
    c.save()
    return buf.getvalue()


def _tiny_image():  # a PIL image
    from PIL import Image

    return Image.new("RGB", (4, 4), (200, 0, 0))


def test_the_same_words_edges_and_images_on_odd_objects() -> None:
    assert assert_same_as_pdfplumber(odd_pdf()) == 2


def test_the_same_with_an_offset_media_box() -> None:
    data = odd_pdf()
    box = b"0 0 595.2756 841.8898"
    assert box in data
    # Same length, so the cross-reference offsets stay right.
    shifted = data.replace(box, b"9 9 604.2756 850.8898")
    assert assert_same_as_pdfplumber(shifted) == 2
    with pdfplumber.open(io.BytesIO(shifted)) as pdf:
        assert pdf.pages[0].mediabox[0] == 9


@pytest.mark.parametrize("style", ["word", "html", "booktabs", "plain", "smalltables"])
def test_the_same_on_generated_documents(style: str) -> None:
    buf = io.BytesIO()
    build_pdf(sample_spec(), buf, style=style, cover_page=True)
    assert assert_same_as_pdfplumber(buf.getvalue()) >= 2


def test_the_same_on_sources_and_the_shared_corpus() -> None:
    pdfs = sorted(ROOT.glob("sources/*/*.pdf")) + corpus_pdfs()
    assert pdfs
    for path in pdfs:
        assert assert_same_as_pdfplumber(path.read_bytes()) >= 1, path


GLYPH = st.builds(
    Glyph,
    text=st.sampled_from(["a", "b", "1", ".", " ", "", "ﬁ", "ﬀ", "\u00a0", "/"]),
    x0=st.integers(0, 60).map(float),
    top=st.sampled_from([10.0, 11.0, 12.5, 14.0, 20.0, 30.0]),
    x1=st.just(0.0),  # set from x0 below
    bottom=st.just(0.0),
    fontname=st.sampled_from(["Helvetica", "Helvetica-Bold"]),
    size=st.sampled_from([9.0, 10.0]),
    upright=st.booleans(),
)


@settings(max_examples=300)
@given(st.lists(GLYPH, max_size=40), st.integers(1, 6))
def test_words_group_like_pdfplumber_on_random_glyphs(glyphs: list[Glyph], width: int) -> None:
    glyphs = [g._replace(x1=g.x0 + width, bottom=g.top + g.size) for g in glyphs]
    chars = [
        {
            "text": g.text,
            "x0": g.x0,
            "x1": g.x1,
            "top": g.top,
            "bottom": g.bottom,
            "doctop": g.top,
            "height": g.bottom - g.top,
            "width": g.x1 - g.x0,
            "upright": g.upright,
            "fontname": g.fontname,
            "size": g.size,
        }
        for g in glyphs
    ]
    expected = [
        (w["text"], w["x0"], w["top"], w["x1"], w["bottom"], w["fontname"], w["size"])
        for w in extract_words(chars, **SETTINGS)
        if w["text"].strip()
    ]
    assert [tuple(w) for w in words(glyphs) if w.text.strip()] == expected


# Places close enough to chain: tops and x0s a tolerance (1) or less apart, and not.
DOUBLED = st.builds(
    Glyph,
    text=st.sampled_from(["a", "b"]),
    x0=st.sampled_from([0.0, 0.5, 1.0, 1.5, 2.2, 3.0]),
    top=st.sampled_from([0.0, 0.4, 1.0, 1.2, 1.9, 2.5, 3.0]),
    x1=st.just(5.0),
    bottom=st.just(10.0),
    fontname=st.sampled_from(["Helvetica", "Helvetica-Bold"]),
    size=st.sampled_from([9.0, 10.0]),
    upright=st.booleans(),
)


@settings(max_examples=400)
@given(st.lists(DOUBLED, max_size=40))
def test_dedupe_drops_what_pdfplumber_drops(glyphs: list[Glyph]) -> None:
    """Glyphs drawn twice at one place: the same ones kept as pdfplumber's
    ``dedupe_chars`` keeps (tops, then x0s, chained within 1 point), in stream order."""
    chars = [{**g._asdict(), "doctop": g.top} for g in glyphs]
    expected = [Glyph(*(c[f] for f in Glyph._fields)) for c in dedupe_chars(chars, tolerance=1)]
    assert dedupe(glyphs) == expected
