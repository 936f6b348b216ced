"""``pipeline.pdf.charrender`` lays out a string's glyphs as pdfminer does: the same
``LTChar`` objects, attribute by attribute and bit for bit, on random strings, fonts
and matrices, and on every page of generated documents and of shared PDFs from three
kinds of producer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from corpus import SHARED, corpus_params
from hypothesis import given, settings
from hypothesis import strategies as st
from pdfgen import build_pdf
from pdfgen_truth import sample_spec
from pdfminer.layout import LTContainer, LTPage
from pdfminer.pdfdevice import PDFTextDevice
from pdfminer.pdffont import PDFCIDFont, PDFType1Font
from pdfminer.pdfinterp import PDFGraphicState, PDFResourceManager
from pdfminer.psparser import LIT
from pdfplumber.page import PDFPageAggregatorWithMarkedContent

from pipeline.pdf.charrender import horizontal_renderer

RENDER = horizontal_renderer()


def layout_objects(item: Any) -> list[tuple[str, list[tuple[str, str]]]]:
    """Every object of a laid-out page, depth first, as its type and its attributes in
    the order they were set, each by its repr (repr tells -0.0 from 0.0; a graphic
    state or colour space shared by many glyphs is written out once)."""
    written: dict[int, str] = {}

    def text(value: Any) -> str:
        if isinstance(value, (str, int, float, tuple)) or value is None:
            return repr(value)
        if id(value) not in written:
            written[id(value)] = repr(value)
        return written[id(value)]

    found = []
    stack = [iter(item)]
    while stack:
        obj = next(stack[-1], None)
        if obj is None:
            stack.pop()
            continue
        attributes = [(name, text(value)) for name, value in vars(obj).items() if name != "_objs"]
        found.append((type(obj).__name__, attributes))
        if isinstance(obj, LTContainer):
            stack.append(iter(obj))
    return found


def pages_laid_out(pdf: Path) -> list[list]:
    with pdfplumber.open(pdf) as doc:
        return [layout_objects(page.layout) for page in doc.pages]


def assert_lays_out_as_pdfminer(pdf: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    theirs = pages_laid_out(pdf)
    with monkeypatch.context() as patched:
        patched.setattr(PDFPageAggregatorWithMarkedContent, "render_string_horizontal", RENDER)
        ours = pages_laid_out(pdf)
    assert sum(len(page) for page in ours) > 0
    for number, (mine, pdfminers) in enumerate(zip(ours, theirs, strict=True), start=1):
        assert mine == pdfminers, f"{pdf.name} page {number}"


def shared_pdfs() -> list[Path]:
    """One shared PDF of each producer's kind: an HTML export, a browser print (Type0
    fonts), a Word-style document. (tests/test_words.py reads every shared PDF both ways
    and compares the words; this compares every attribute of every glyph.)"""
    names = [
        "corpus/examplecorp-relay/connection-ports-and-protocols-1.1-html-export.pdf",
        "real/kubernetes-ports-and-protocols.pdf",
        "genres/fabrikam-voice-5-matrix.pdf",
    ]
    return [SHARED / name for name in names if (SHARED / name).is_file()]


@pytest.mark.parametrize("pdf", corpus_params(shared_pdfs()), ids=lambda p: p.stem)
def test_every_page_of_the_shared_pdfs_lays_out_as_pdfminer_does(
    pdf: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert_lays_out_as_pdfminer(pdf, monkeypatch)


@pytest.mark.parametrize("style", ["word", "html", "plain"])
def test_generated_documents_lay_out_as_pdfminer_does(
    style: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pdf = build_pdf(sample_spec(), tmp_path / f"{style}.pdf", style=style)
    assert_lays_out_as_pdfminer(pdf, monkeypatch)


MANAGER = PDFResourceManager()
FONTS = {
    "helvetica": PDFType1Font(MANAGER, {"BaseFont": LIT("Helvetica")}),
    "times-winansi": PDFType1Font(
        MANAGER, {"BaseFont": LIT("Times-Roman"), "Encoding": LIT("WinAnsiEncoding")}
    ),
    # Two-byte codes with no Unicode map: every glyph is pdfminer's "(cid:N)".
    "identity-cid": PDFCIDFont(
        MANAGER,
        {
            "BaseFont": LIT("Unmapped"),
            "Encoding": LIT("Identity-H"),
            "CIDSystemInfo": {"Registry": b"Adobe", "Ordering": b"Identity", "Supplement": 0},
            "W": [1, [500, 600, 700]],
            "DW": 1000,
            "FontDescriptor": {"Descent": -210, "Ascent": 720},
        },
    ),
}
NUMBER = st.one_of(st.floats(-1000, 1000), st.integers(-1000, 1000), st.just(0.0), st.just(-0.0))
SMALL = st.one_of(st.floats(-3, 3), st.sampled_from([0, 1, -1, 0.0, -0.0, 0.5]))
SEQ_ITEM = st.one_of(
    st.binary(max_size=12),
    st.binary(max_size=6).map(lambda b: b" " + b),  # a word space (code 32)
    NUMBER,
    st.just("not a number or bytes"),  # pdfminer warns and goes on
)


def fresh_device() -> PDFPageAggregatorWithMarkedContent:
    device = PDFPageAggregatorWithMarkedContent(MANAGER, pageno=1)
    device.cur_item = LTPage(1, (0, 0, 595, 842))
    return device


@settings(max_examples=300)
@given(
    font=st.sampled_from(sorted(FONTS)),
    seq=st.lists(SEQ_ITEM, max_size=8),
    matrix=st.tuples(SMALL, SMALL, SMALL, SMALL, NUMBER, NUMBER),
    pos=st.tuples(NUMBER, NUMBER),
    sizes=st.tuples(
        st.floats(0, 72),  # font size
        st.floats(0, 2),  # horizontal scaling
        SMALL,  # character spacing
        SMALL,  # word spacing
        SMALL,  # rise
        st.floats(0, 0.1),  # TJ adjustment scale
    ),
    tagged=st.sampled_from([(None, None), (3, "P"), (0, "Span")]),
)
def test_random_strings_lay_out_as_pdfminer_does(
    font: str, seq: list, matrix: tuple, pos: tuple, sizes: tuple, tagged: tuple
) -> None:
    fontsize, scaling, charspace, wordspace, rise, dxscale = sizes
    results = []
    for render in (PDFTextDevice.render_string_horizontal, RENDER):
        device = fresh_device()
        device.cur_mcid, device.cur_tag = tagged
        end = render(
            device,
            seq,
            matrix,
            pos,
            FONTS[font],
            fontsize,
            scaling,
            charspace,
            wordspace,
            rise,
            dxscale,
            None,
            PDFGraphicState(),
        )
        results.append((repr(end), layout_objects(device.cur_item)))
    assert results[1] == results[0]


def test_installed_while_a_pdf_is_read() -> None:
    from pipeline.pdf.pdfguard import WorkLimits, guarded

    plain = PDFTextDevice.render_string_horizontal
    assert PDFPageAggregatorWithMarkedContent.render_string_horizontal is plain
    with guarded(WorkLimits(), "x.pdf"):
        installed = PDFPageAggregatorWithMarkedContent.render_string_horizontal
        assert installed.__module__ == "pipeline.pdf.charrender"
    assert PDFPageAggregatorWithMarkedContent.render_string_horizontal is plain
