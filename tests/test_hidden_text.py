"""Only text a reader sees is data (issue 20, items 9-10).

Each hiding shape is printed by ``pdfgen_bad.write_hidden_text``: a hostname drawn into
a table cell where no reader sees it must reach no rule, host list or published file,
and must be named by an error issue. A page drawn twice at one place reads as once.
"""

from __future__ import annotations

import json
from pathlib import Path

import pdfgen_bad as bad
import pytest
from pdfgen import build_pdf
from pdfgen_truth import sample_spec

from pipeline.extract import extract_here
from pipeline.model.models import Document
from pipeline.pdf.pdfmodel import read_pdf
from pipeline.pdf.visibility import PageInk, rgb, same_colour
from pipeline.release.render import flows_csv, hosts_txt, port_lists, rules_csv

VISIBLE = ["licence.example.com", "update.example.com"]


def published(doc: Document) -> dict[str, bytes]:
    """What publish writes of a revision's firewall data."""
    files = {"rules.csv": rules_csv(doc), "flows.csv": flows_csv(doc), "hosts.txt": hosts_txt(doc)}
    return files | {f"ports/{name}": data for name, data in port_lists(doc).items()}


def data_of(doc: Document) -> str:
    """The document's JSON without its issues."""
    return json.dumps(doc.model_dump(mode="json", exclude={"issues"}))


@pytest.mark.parametrize("how", bad.HIDING)
def test_hidden_hostname_is_no_data_and_an_error_names_it(how: str, tmp_path: Path) -> None:
    doc = extract_here(bad.write_hidden_text(tmp_path / f"{how}.pdf", how))
    assert sorted({h for rule in doc.rules for h in rule.hosts}) == VISIBLE
    assert bad.HIDDEN_HOST not in data_of(doc)
    for name, data in published(doc).items():
        assert bad.HIDDEN_HOST.encode() not in data, name
    named = [i for i in doc.issues if i.code == "hidden-text"]
    assert [(i.severity, i.page, i.text) for i in named] == [("error", 1, bad.HIDDEN_HOST)]
    assert named[0].box is not None and named[0].box.x0 > 320  # in the hostname column


@pytest.mark.parametrize("how", ["none", "white-on-band"])
def test_the_same_hostname_drawn_to_be_seen_is_data(how: str, tmp_path: Path) -> None:
    doc = extract_here(bad.write_hidden_text(tmp_path / f"{how}.pdf", how))
    assert bad.HIDDEN_HOST in {h for rule in doc.rules for h in rule.hosts}
    assert bad.HIDDEN_HOST.encode() in published(doc)["hosts.txt"]
    assert not [i for i in doc.issues if i.code == "hidden-text"]


def test_hidden_words_are_kept_apart_in_the_page_model(tmp_path: Path) -> None:
    page = read_pdf(bad.write_hidden_text(tmp_path / "mode3.pdf", "render-mode-3")).pages[0]
    assert bad.HIDDEN_HOST not in [w.text for w in page.words]
    assert [(h.text, h.reason) for h in page.hidden] == [
        (bad.HIDDEN_HOST, "drawn invisible (text render mode 3)")
    ]


def test_a_page_drawn_twice_reads_as_once(tmp_path: Path) -> None:
    """Fake bold: every glyph drawn again 0.3 pt to the right. Without pdfplumber's
    dedupe rules the version read '2.12.1' and services doubled."""
    once = extract_here(build_pdf(sample_spec(), tmp_path / "once.pdf"))
    twice = extract_here(bad.write_drawn_twice(tmp_path / "twice.pdf"))
    assert twice.document.version == once.document.version == "2.1"
    assert data_of(twice).count("Subscription") == data_of(once).count("Subscription")
    assert [r.service for r in twice.rules] == [r.service for r in once.rules]
    assert [r.hosts for r in twice.rules] == [r.hosts for r in once.rules]
    assert twice.issues == once.issues


@pytest.mark.parametrize(
    ("colour", "expected"),
    [(1, (1.0, 1.0, 1.0)), ((0, 0, 0, 0), (1.0, 1.0, 1.0)), ((1, 0, 0), (1.0, 0.0, 0.0))],
)
def test_colours_of_each_space_compare_as_rgb(colour: object, expected: tuple) -> None:
    assert rgb(colour) == expected
    assert same_colour(rgb(colour), expected)
    assert rgb("pattern") is None and not same_colour(None, expected)


def test_a_page_of_overlapping_fills_is_a_limit_not_a_hang(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The comparisons are counted and stopped at the limit (lowered here from its 20
    million, which would take seconds to reach)."""
    from pipeline.model.errors import LimitExceededError
    from pipeline.pdf import visibility
    from pipeline.pdf.visibility import Fill, Ink

    monkeypatch.setattr(visibility, "MAX_COMPARISONS", 500_000)
    fills = [Fill(i, (0, 0, 40, 40), (1, 1, 1)) for i in range(10_000)]
    ink = PageInk(fills, (0, 0, 595, 842), "page 1")
    glyph = Ink(10_001, (10, 10, 15, 20), 10, 0, (0, 0, 0), None)
    for _ in range(500_000 // len(fills) - 1):  # under the limit: answers
        assert ink.hidden_reason(glyph) is None  # black on the white fills under it
    with pytest.raises(LimitExceededError, match="page 1 has too many overlapping"):
        for _ in range(3):
            ink.hidden_reason(glyph)
