"""Values a cell breaks anywhere (CSS ``word-break: break-all``, common for long lists on
docs sites), printed by Chromium: a network cut at a cell's edge, or at the edge of a
narrow list or paragraph, is read whole, in a comma-glued list too, and never as its
fragment ("2600:1f" / "14:824:300::/56" gave the network 14:824:300::/56, a wrong
address in the feed)."""

from __future__ import annotations

from pathlib import Path

from browser import print_to_pdf

from pipeline.extract import extract_document
from pipeline.families.accounting import _line_values
from pipeline.layout import cells as cl
from pipeline.layout.blocks import TextLine
from pipeline.pdf.pdfmodel import Word

PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>Allowlist</title>
<style>body { font-family: Arial, sans-serif; font-size: 10pt; }
table { border-collapse: collapse; width: 100%; }
td, th { border: 1px solid #999; padding: 4px; text-align: left; vertical-align: top; }
td.ips { width: 35%; word-break: break-all; }</style></head><body>
<h1>Acme Identity IP allowlist</h1><p>Updated 2026-02-01</p>
<table><tr><th>Cell</th><th>Region</th><th>IP ranges</th></tr>
<tr><td>OK1</td><td>US East</td>
<td class="ips">3.33.170.0/24,3.33.171.0/24,13.52.5.96/28,18.184.99.224/28,52.0.47.64/26</td></tr>
<tr><td>OK2</td><td>US West</td>
<td class="ips">35.82.99.128/25, 44.234.52.0/25, 2600:1f14:824:300::/56</td></tr>
</table></body></html>
"""
PRINTED = {
    "3.33.170.0/24",
    "3.33.171.0/24",
    "13.52.5.96/28",
    "18.184.99.224/28",
    "52.0.47.64/26",
    "35.82.99.128/25",
    "44.234.52.0/25",
    "2600:1f14:824:300::/56",
}


def test_networks_cut_anywhere_are_read_whole(tmp_path: Path) -> None:
    html = tmp_path / "page.html"
    html.write_text(PAGE, encoding="utf-8")
    doc = extract_document(print_to_pdf(html, tmp_path / "page.pdf", tmp_path / "profile"))
    listed = {a for h in doc.host_lists for a in h.addresses}
    assert listed == PRINTED
    assert not [i for i in doc.issues if i.severity == "error"]


def test_the_accounting_reads_values_glued_behind_a_fragment() -> None:
    # A token that starts with a fragment ("8,") hid the networks after it: had no
    # reader taken them, nothing said so.
    word = Word("8,18.184.99.224/28,52.0.47.64/26", 100, 100, 260, 110, 10, False, 1)
    line = cl.logical_lines([TextLine([word])], [], 1000)[0]
    assert _line_values(line, in_table=True) == ["18.184.99.224/28", "52.0.47.64/26"]


LISTS = """<!doctype html><html><head><meta charset="utf-8"><title>Egress</title>
<style>body { font-family: Arial, sans-serif; font-size: 10pt; }
.narrow { width: 150px; word-break: break-all; }</style></head><body>
<h1>Acme Relay egress addresses</h1><p>Updated 2026-02-01</p>
<h2>IPv6 ranges</h2>
<div class="narrow"><ul><li>2600:1f14:824:300::/56</li><li>2a05:d018:1a2b:3c00::/56</li>
<li>2001:db8:abcd:1200::/56</li></ul></div>
<h2>IPv4 ranges</h2>
<div class="narrow"><p>203.0.113.128/25,198.51.100.192/26,192.0.2.64/27</p></div>
</body></html>
"""


def test_list_items_and_paragraphs_cut_anywhere_are_read_whole(tmp_path: Path) -> None:
    # Out of tables the same: "2600:1f14:824:30" / "0::/56" gave the network ::/56.
    html = tmp_path / "page.html"
    html.write_text(LISTS, encoding="utf-8")
    doc = extract_document(print_to_pdf(html, tmp_path / "page.pdf", tmp_path / "profile"))
    assert [(h.title, h.addresses) for h in doc.host_lists] == [
        (
            "IPv6 ranges",
            ["2600:1f14:824:300::/56", "2a05:d018:1a2b:3c00::/56", "2001:db8:abcd:1200::/56"],
        ),
        ("IPv4 ranges", ["203.0.113.128/25", "198.51.100.192/26", "192.0.2.64/27"]),
    ]
    assert not [i for i in doc.issues if i.severity == "error"]


def test_a_glued_list_outside_tables_is_data_to_the_accounting() -> None:
    # Had no reader taken "203.0.113.128/25,198.5", nothing said so.
    word = Word("203.0.113.128/25,198.5", 100, 100, 200, 110, 10, False, 1)
    line = cl.logical_lines([TextLine([word])], [], 1000)[0]
    assert _line_values(line, in_table=False) == ["203.0.113.128/25"]
