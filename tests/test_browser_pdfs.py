"""Documents printed by a browser: another PDF producer, and narrow margins.

Vendors publish these requirements as web pages too, and "Save as PDF" from Chromium is
how many of them reach a firewall team. Skia's PDFs draw every cell border as its own
thin rectangle and every shaded cell as a filled one, repeat a table's header row on
each page, cut rows at the page break (no rule under the cut) and print within 0.4 in
of the page edge, so rows, table headers and address lists pass through the bands
where running headers and footers live. Each variant is the sample document as HTML
(tests/htmlgen.py), printed by headless Chromium, extracted and scored fact by fact
with the shared score.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from browser import print_to_pdf
from corpus import run_score
from htmlgen import spec_html
from pdfgen_truth import sample_spec, spec_truth
from test_relayout import TRUTH, spec_from_truth

from pipeline.extract import extract_document

VARIANTS = {
    "a4": ({}, ""),
    "numbered-headings": ({"numbered": True}, ""),
    # Tables over four pages: header rows repeated, rows cut at each page break.
    "long-tables": ({"n_rows": 120, "n_addresses": 90}, ""),
    "letter-half-inch": ({}, "@page { size: letter; margin: 0.5in; }"),
    "serif-9pt": ({}, "body { font-family: 'DejaVu Serif', serif; font-size: 9pt; }"),
    "landscape": ({"n_rows": 60}, "@page { size: A4 landscape; }"),
    "small-7pt": ({"n_rows": 80}, "body { font-size: 7pt; }"),
    # Rules between rows only: a row cut by the page break has no side rules to show it.
    "row-rules-only-long": (
        {"n_rows": 120, "n_addresses": 90},
        "th, td { border-left: none; border-right: none; }",
    ),
    # No borders; shaded header cells and striped rows (their edges are not rules), the
    # last row unshaded and unruled.
    "striped": (
        {"n_rows": 60},
        "th, td { border: none; } tbody tr:nth-child(even) td { background: #eef; }"
        " th { border-bottom: 2px solid #000; }",
    ),
    "borderless-long": ({"n_rows": 120}, "th, td { border: none; }"),
    # Cells set vertically centred, rows padded apart, only the header shaded.
    "centred-borderless-long": (
        {"n_rows": 120, "n_addresses": 90},
        "th, td { border: none; vertical-align: middle; padding: 6pt 5pt; }"
        " th { background: #dde; }",
    ),
    # The browser's own running header and footer (date, title; URL, "2/8").
    "browser-header-footer-long": ({"n_rows": 120, "n_addresses": 90}, ""),
}


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_browser_printed_document_scores_every_fact(
    name: str, tmp_path: Path, shared: Path
) -> None:
    options, css = VARIANTS[name]
    spec = sample_spec(**options)
    page = tmp_path / f"{name}.html"
    page.write_text(spec_html(spec).replace("</style>", css + "</style>"), encoding="utf-8")
    pdf = print_to_pdf(
        page, tmp_path / f"{name}.pdf", tmp_path / "profile", header_footer="header" in name
    )
    doc = extract_document(pdf, vendor="ExampleCorp", product="Mail Relay")
    truth = tmp_path / "truth.json"
    truth.write_text(json.dumps(spec_truth(spec, vendor="ExampleCorp", product="Mail Relay")))
    result = run_score("extract", doc.model_dump(mode="json"), truth, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "(100.0%) extra: 0" in result.stdout, result.stdout
    assert [i.code for i in doc.issues] == []


CLEARSWIFT_CSS = {
    "as-is": "",
    # Rules between rows only, 8 pt: a cut hostname ("...kaspersky.co" / "m") must be
    # rejoined by the column's text extent, "(in/out" / ")" by the bracket, and a lone
    # "2018" in the bottom margin band is not a page number.
    "row-rules-8pt": "th, td { border-left: none; border-right: none; } body { font-size: 8pt; }",
}


@pytest.mark.parametrize("name", sorted(CLEARSWIFT_CSS))
def test_clearswift_content_printed_by_a_browser_scores_every_fact(
    name: str, tmp_path: Path, shared: Path
) -> None:
    # The real content (from its truth file, as tests/test_relayout.py lays it out):
    # narrow Port cells put "3268" above "3269" with the first line running to the edge.
    html = spec_html(spec_from_truth(json.loads(TRUTH.read_text())))
    page = tmp_path / "clearswift.html"
    page.write_text(html.replace("</style>", CLEARSWIFT_CSS[name] + "</style>"), encoding="utf-8")
    pdf = print_to_pdf(page, tmp_path / "clearswift.pdf", tmp_path / "profile", header_footer=True)
    doc = extract_document(pdf)
    result = run_score("extract", doc.model_dump(mode="json"), TRUTH, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert [i.code for i in doc.issues] == []
