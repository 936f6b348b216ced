"""``pipeline.pdf.contenttokens`` reads the tokens pdfminer's own tokenizer reads.

The fast reader only ever answers for a token it can read whole inside the buffer in
hand, and leaves the rest to pdfminer; these tests hold the two equal, position and
value, on random content streams cut into several streams and small buffers (every
token then meets a buffer's end somewhere), and on every page of the shared PDFs.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pytest
from corpus import corpus_pdfs, shared_or_skip
from hypothesis import given, settings
from hypothesis import strategies as st
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfinterp import PDFContentParser
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import PDFStream
from pdfminer.psparser import PSEOF

from pipeline.pdf.contenttokens import reading_fast, token_reader

# pdfminer's content parser with portdoc's reading of the common tokens, as pdfguard
# installs it (strings past 50 bytes left to pdfminer, as past the glyph limit).
FastParser = reading_fast(PDFContentParser, 50)


def read(parser_class: type[PDFContentParser], streams: list[Any], bufsize: int) -> list:
    """Every object ``nextobject`` gives (operands, operators, inline images), or the
    exception it ended with."""
    parser = parser_class(streams)
    parser.BUFSIZ = bufsize
    found: list = []
    try:
        while True:
            pos, obj = parser.nextobject()
            found.append(
                (pos, obj.attrs, obj.rawdata) if isinstance(obj, PDFStream) else (pos, obj)
            )
    except PSEOF:
        found.append("end")
    except Exception as e:  # a stream pdfminer refuses: refused the same way
        found.append(repr(e))
    return found


PIECES = [
    *[b"0", b"12", b"-3", b"+4", b"5.", b".5", b"-.25", b"1.2.3", b"--5", b"-", b"+.", b"."],
    *[b"/Name", b"/F1", b"/", b"/A#20B", b"/\xc3\xa9", b"/\xff", b"/a/b"],
    *[b"Tj", b"TJ", b"T*", b"'", b'"', b"true", b"false", b"BT", b"ET", b"q", b"Q", b"re"],
    *[b"(abc)", b"()", b"(a\\)b)", b"(a(b)c)", b"(x\\101y)", b"(long string here)"],
    *[b"<0041>", b"<>", b"<abc>", b"<00 41>", b"<0041>>", b"<<", b">>", b">", b"<"],
    *[b"[", b"]", b"{", b"}", b"#", b"*", b"\x00", b"\x1c", b"\xe9", b"%comment\n"],
    *[b"(" + b"x" * 60 + b")", b"<" + b"41" * 30 + b">"],  # past the longest string
    b"BI /W 2 /H 1 /BPC 8 /CS /G ID \x01\x02 EI",
]
SPACE = st.sampled_from([b" ", b"\n", b"\r\n", b"\t", b"", b"  \x0c"])


@settings(max_examples=500)
@given(
    st.lists(st.tuples(st.sampled_from(PIECES), SPACE), max_size=60),
    st.lists(st.integers(0, 400), max_size=3),
    st.integers(3, 40),
)
def test_random_streams_read_as_pdfminer_reads_them(
    pieces: list[tuple[bytes, bytes]], cuts: list[int], bufsize: int
) -> None:
    data = b"".join(piece + space for piece, space in pieces)
    edges = sorted({0, len(data), *(min(c, len(data)) for c in cuts)})
    streams = [PDFStream({}, data[a:b]) for a, b in itertools.pairwise(edges)]
    streams = streams or [PDFStream({}, b"")]
    assert read(FastParser, streams, bufsize) == read(PDFContentParser, streams, bufsize)


def shared_pdfs() -> list[Path]:
    """The corpus, the other vendors' layouts and the real products' documents (the
    calling test skips, saying what it needs, without them)."""
    shared = shared_or_skip()
    return [
        *corpus_pdfs(),
        *sorted(shared.glob("genres/*.pdf")),
        *sorted(shared.glob("real/*.pdf")),
    ]


def test_every_page_of_the_shared_pdfs_reads_as_pdfminer_reads_it() -> None:
    pdfs = shared_pdfs()
    for path in pdfs:
        with path.open("rb") as f:
            for page in PDFPage.create_pages(PDFDocument(PDFParser(f))):
                streams = page.contents
                expected = read(PDFContentParser, streams, PDFContentParser.BUFSIZ)
                assert read(FastParser, streams, PDFContentParser.BUFSIZ) == expected, path


def test_reading_a_pdf_reads_its_tokens_the_fast_way(monkeypatch: pytest.MonkeyPatch) -> None:
    """``pdfguard`` installs the fast reader for every content stream it reads, and on a
    real document it answers for nearly every token."""
    from pipeline.pdf import contenttokens
    from pipeline.pdf.pdfmodel import read_pdf

    pdfs = shared_pdfs()
    answers: list[bool] = []

    def counting_reader(longest: int) -> Any:
        read = token_reader(longest)

        def counted(parser: Any) -> Any:
            token = read(parser)
            answers.append(token is not None)
            return token

        return counted

    monkeypatch.setattr(contenttokens, "token_reader", counting_reader)
    read_pdf(pdfs[0])
    assert len(answers) > 1000 and sum(answers) > 0.95 * len(answers)
