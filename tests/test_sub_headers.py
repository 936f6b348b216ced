"""Two-level headers: a header cell over sub-columns ("Ports" over "TCP | UDP") whose
second header row reaches the table as its first row. Each sub-column becomes a column
of its own ("Ports TCP"), its cells parted at the same edges, so the transport its
header names goes with the ports in it. Printed by Chromium as a docs page would be,
with every cell ruled and with horizontal rules only; a first row of values, or of
one header word, is no sub-header row."""

from __future__ import annotations

from pathlib import Path

import pytest
from browser import print_to_pdf

from pipeline.extract import extract_document

PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>Firewall requirements</title>
<style>body {{ font-family: sans-serif; font-size: 13px; margin: 40px; }}
table {{ border-collapse: collapse; width: 100%; }}
td, th {{ {cell} padding: 5px; text-align: left; vertical-align: top; }}</style></head>
<body><h1>Acme Gateway 4.2 firewall requirements</h1>
<h2>Outbound connections</h2>
<table>
<tr><th rowspan="2">Service</th><th colspan="2">Ports</th><th rowspan="2">Destination</th>
<th rowspan="2">Direction</th></tr>
<tr><th>{left}</th><th>{right}</th></tr>
<tr><td>DNS</td><td>53</td><td>53</td><td>dns.acme.example.com</td><td>Outbound</td></tr>
<tr><td>Updates</td><td>443</td><td>—</td><td>updates.acme.example.com</td><td>Outbound</td></tr>
<tr><td>Time</td><td>—</td><td>123</td><td>ntp.acme.example.com</td><td>Outbound</td></tr>
<tr><td>Cluster sync</td><td>7000-7010</td><td>7000</td><td>Peer gateways</td><td>Both</td></tr>
</table></body></html>
"""
RULED = "border: 1px solid #666;"
RULES_ONLY = "border: none; border-bottom: 1px solid #ccc;"


def printed(tmp_path: Path, cell: str, left: str = "TCP", right: str = "UDP") -> Path:
    html = tmp_path / "page.html"
    html.write_text(PAGE.format(cell=cell, left=left, right=right), encoding="utf-8")
    return print_to_pdf(html, tmp_path / "page.pdf", tmp_path / "profile")


@pytest.mark.parametrize("cell", [RULED, RULES_ONLY], ids=["ruled", "rules-only"])
def test_each_sub_column_is_a_column_with_its_transport(tmp_path: Path, cell: str) -> None:
    doc = extract_document(printed(tmp_path, cell))
    assert [(r.service, [p.key for p in r.ports]) for r in doc.rules] == [
        ("DNS", ["tcp/53", "udp/53"]),
        ("Updates", ["tcp/443"]),
        ("Time", ["udp/123"]),
        ("Cluster sync", ["tcp/7000-7010", "udp/7000"]),
    ]
    assert [r.direction for r in doc.rules] == ["out", "out", "out", "both"]
    assert [r.hosts for r in doc.rules][:3] == [
        ["dns.acme.example.com"],
        ["updates.acme.example.com"],
        ["ntp.acme.example.com"],
    ]
    assert set(doc.rules[0].cells) == {
        "Service",
        "Ports TCP",
        "Ports UDP",
        "Destination",
        "Direction",
    }
    assert [i.code for i in doc.issues if i.severity != "info"] == ["no-history"]
    # Each "53" boxed in its own column: the review marks the UDP one under UDP.
    boxes = {e.value: e.box for e in doc.rules[0].evidence if e.field == "ports"}
    assert boxes["tcp/53"].x1 < boxes["udp/53"].x0


def test_a_second_row_of_values_is_no_sub_header(tmp_path: Path) -> None:
    # The same table whose second row holds words no header uses: a row, as before.
    doc = extract_document(printed(tmp_path, RULED, left="fast", right="slow"))
    assert "Ports TCP" not in doc.rules[0].cells
    assert [i.code for i in doc.issues if i.severity == "error"]
