"""Memory bounded by the page in hand: pages and blocks wait on disk, and the family
parser keeps records and text, not the words of pages it has finished."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
from corpus import corpus_params, corpus_pdfs
from pdfgen import build_pdf
from pdfgen_truth import sample_spec

from pipeline.extract import extract_document
from pipeline.families import ports_protocols, rows
from pipeline.layout.blocks import Cell, Column, Heading, Row, Table, TextLine
from pipeline.layout.layout import layout_document
from pipeline.model.canonical import canonical_json, model_json
from pipeline.model.models import Document, DocumentInfo, TextSection
from pipeline.pdf.pdfmodel import Word, read_pdf
from pipeline.pdf.spill import SpillList


def test_spill_list_reads_back_what_was_appended():
    items: SpillList[dict[str, object]] = SpillList()
    for i in range(5):
        items.append({"n": i, "text": "x" * i, "nested": [i, (i, str(i))]})
    assert len(items) == 5
    assert [item["n"] for item in items] == [0, 1, 2, 3, 4]
    assert items[-1] == {"n": 4, "text": "xxxx", "nested": [4, (4, "4")]}
    assert items[-5]["n"] == 0
    assert [item["n"] for item in items[1:4:2]] == [1, 3]
    assert items[2] is not items[2]  # read back afresh: nothing is cached in memory
    with pytest.raises(IndexError):
        items[5]
    items.close()


def test_spilled_blocks_come_back_equal_and_sharing_words():
    word = Word("443", 10.0, 20.0, 30.0, 28.0, 9.5, False, 2)
    line = TextLine([word, Word("TCP", 35.0, 20.0, 50.0, 28.0, 9.5, True, 2)])
    cell = Cell(0, 1, [line], 5.0, 18.0, 60.0, 30.0, text_x1=55.0)
    row = Row(2, 18.0, 30.0, [cell], after_page_break=True)
    table = Table([Column(0, 5.0, 60.0, "Port", "port")], [row], 2, 10.0, 5.0, 60.0, 30.0)
    table.stray.append(word)
    table.continues = True
    items: SpillList[list[object]] = SpillList()
    items.append([table, Heading(line, 2), line])
    back_table, back_heading, back_line = items[0]
    assert back_table == table and back_heading == Heading(line, 2) and back_line == line
    assert back_table.continues and back_table.rows[0].after_page_break
    # one pickle per page: a word in two places is still one object
    assert back_table.stray[0] is back_table.rows[0].cells[0].lines[0].words[0]


def test_spill_list_of_page_objects_round_trips(tmp_path: Path):
    pdf = read_pdf(build_pdf(sample_spec(), tmp_path / "sample.pdf"))
    first = pdf.pages[0]
    assert first.number == 1 and first.words and first.hrules
    assert [p.number for p in pdf.pages] == list(range(1, pdf.page_count + 1))
    assert pdf.pages[0] == first  # equal values, read again


def _live_words() -> list[Word]:
    gc.collect()
    return [o for o in gc.get_objects() if type(o) is Word]


def test_parser_lets_go_of_finished_pages(tmp_path: Path):
    """While the parser reads page N, no word of pages before N-1 is alive but the
    heading of the section in hand (a row split by a page break may keep page N-1)."""
    pdf_path = build_pdf(sample_spec(n_rows=27 * 6, n_addresses=27 * 6), tmp_path / "big.pdf")
    laid_out = layout_document(read_pdf(pdf_path).pages)
    parser = ports_protocols._Parser()
    page, pages_checked, parts = 0, 0, 0
    for block in laid_out:
        block_page = block.line.page if isinstance(block, Heading) else block.page
        if block_page != page:
            page = block_page
            heading_words = {id(w) for w in parser.heading.line.words} if parser.heading else set()
            stale = [w for w in _live_words() if w.page < page - 1 and id(w) not in heading_words]
            assert stale == [], f"page {page}: {len(stale)} words of finished pages alive"
            pages_checked += 1
        parts += isinstance(block, Table) and block.continues
        parser.feed(block)
    parsed = parser.finish()
    assert pages_checked >= 8 and parts >= 4  # long tables, split over many pages
    assert len(parsed.rules) == 27 * 6
    assert sum(len(h.addresses) for h in parsed.host_lists) == 2 * 27 * 6


def test_split_tables_read_in_parts_equal_whole_tables(tmp_path: Path):
    """A table split over pages, read a page's part at a time, gives the rules the
    same table read whole gives (rows cut by a page break joined either way)."""
    pdf_path = build_pdf(sample_spec(n_rows=27 * 3), tmp_path / "long.pdf")
    laid_out = layout_document(read_pdf(pdf_path).pages)

    def first_split_table() -> list[Table]:
        # Each pass over the laid-out document reads fresh blocks from disk.
        tables = [b for b in laid_out if isinstance(b, Table)]
        start = next(i for i, t in enumerate(tables[:-1]) if tables[i + 1].continues)
        end = next((i for i in range(start + 1, len(tables)) if not tables[i].continues), None)
        return tables[start:end]

    parts = first_split_table()
    assert len(parts) >= 2
    head = parts[0]
    whole = Table(
        head.columns, [r for t in parts for r in t.rows], head.page, head.top, head.x0, head.x1
    )
    expected = rows.rules_from_table(whole, None, "", [])
    streamed = ports_protocols.parse(iter(first_split_table())).rules
    assert len(streamed) == len(expected) > len(head.rows)
    for got, want in zip(streamed, expected, strict=True):
        assert got.model_dump(exclude={"id"}) == want.model_dump(exclude={"id"})


@pytest.mark.parametrize(
    "pdf", corpus_params(corpus_pdfs()[:2]), ids=lambda p: getattr(p, "name", None)
)
def test_document_json_streamed_record_by_record_is_the_canonical_json(pdf: Path):
    doc = extract_document(pdf)
    assert doc.rules and doc.host_lists and doc.history
    assert model_json(doc) == canonical_json(doc.model_dump(mode="json"))


def test_streamed_json_of_empty_lists_and_awkward_text():
    doc = Document(
        generator="portdoc test",
        document=DocumentInfo(file_name="x.pdf", sha256="0" * 64, page_count=1),
        sections=[TextSection(title='a "quoted"\nline', text="é \\ \u2028 tab\t")],
    )
    assert not doc.rules and not doc.issues
    assert model_json(doc) == canonical_json(doc.model_dump(mode="json"))
