"""Docs pages printed by Chromium: a table's title ends the table above it, and a host
table's rows are grouped by the column that names where they apply.

- Two tables with only rules under their rows, each under its own bold title. A page
  with no ``<!doctype>`` is laid out in quirks mode, where table text keeps the
  browser's default size (12 pt) while the titles are 11.7 pt: the second title is not
  larger than the rows, and it became the first table's last row (every rule of the
  second table stood under the first one's title).
- ``Functionality`` heads what a row is for.
- ``Cloud | Purpose | Hostname | IP addresses`` (no port column): one host list per
  cloud, as per-region lists are, each under the table's lead-in ("over TCP port 443").
"""

from __future__ import annotations

from pathlib import Path

import pytest
from browser import print_to_pdf

from pipeline.extract import extract_document
from pipeline.pdf.pdfmodel import read_pdf
from pipeline.reviewmarks import text_marks

TABLES = """{doctype}<html><head><meta charset="utf-8"><title>Ports</title>
<style>body {{ font-family: Helvetica, sans-serif; font-size: 10pt; }}
table {{ border-collapse: collapse; width: 100%; }}
td, th {{ border-bottom: 1px solid #ccc; padding: 5px; text-align: left; }}
th {{ background: #eee; }}</style></head><body>
<h1>Ports used by the Acme manager</h1>
<p>Last updated: 9 March 2026</p>
<h3>Ports used for management</h3>
<table><tr><th>Destination port</th><th>Protocol</th><th>Description</th></tr>
<tr><td>22</td><td>TCP</td><td>Command line access from an administrator's workstation.</td></tr>
<tr><td>443</td><td>TCP</td><td>Web interface.</td></tr>
<tr><td>161</td><td>UDP</td><td>SNMP monitoring.</td></tr></table>
<h3>Ports used for authentication</h3>
<table><tr><th>Destination port</th><th>Protocol</th><th>Description</th></tr>
<tr><td>636</td><td>TCP</td><td>LDAP over SSL</td></tr>
<tr><td>1812</td><td>UDP</td><td>RADIUS</td></tr></table>
<h3>Outgoing ports</h3>
<table><tr><th>Functionality</th><th>Port(s)</th><th>Server</th></tr>
<tr><td>Signature updates</td><td>TCP 443</td><td>update.acme.example.net</td></tr>
<tr><td>Web filtering</td><td>UDP 53, 8888</td><td>wf.acme.example.net</td></tr></table>
</body></html>
"""

CLOUDS = """<!doctype html><html><head><meta charset="utf-8"><title>Sensor</title>
<style>body { font-family: Arial, sans-serif; font-size: 10pt; }
table { border-collapse: collapse; } td, th { border: 1px solid #888; padding: 4px; }
</style></head><body>
<h1>Sensor cloud connectivity</h1>
<p>Published 2026-01-20</p>
<p>The sensor connects over TCP port 443 to the cloud it is registered in. Allow the
hosts and addresses of that cloud.</p>
<table><tr><th>Cloud</th><th>Purpose</th><th>Hostname</th><th>IP addresses</th></tr>
<tr><td>US-1</td><td>Sensor proxy</td><td>ts01.sensor.example.net</td>
<td>192.0.2.10<br>192.0.2.11</td></tr>
<tr><td>US-1</td><td>Downloads</td><td>dl01.sensor.example.net</td><td>192.0.2.20</td></tr>
<tr><td>EU-1</td><td>Sensor proxy</td><td>ts01.eu.sensor.example.net</td>
<td>198.51.100.0/28<br>198.51.100.30</td></tr>
</table></body></html>
"""


def printed(tmp_path: Path, page: str) -> Path:
    html = tmp_path / "page.html"
    html.write_text(page, encoding="utf-8")
    return print_to_pdf(html, tmp_path / "page.pdf", tmp_path / "profile")


@pytest.mark.parametrize("doctype", ["<!doctype html>", ""], ids=["standards", "quirks"])
def test_each_table_stands_under_its_own_title(tmp_path: Path, doctype: str) -> None:
    doc = extract_document(printed(tmp_path, TABLES.format(doctype=doctype)))
    assert [(r.section_title, r.service, [p.key for p in r.ports]) for r in doc.rules] == [
        (
            "Ports used for management",
            "Command line access from an administrator's workstation.",
            ["tcp/22"],
        ),
        ("Ports used for management", "Web interface.", ["tcp/443"]),
        ("Ports used for management", "SNMP monitoring.", ["udp/161"]),
        ("Ports used for authentication", "LDAP over SSL", ["tcp/636"]),
        ("Ports used for authentication", "RADIUS", ["udp/1812"]),
        ("Outgoing ports", "Signature updates", ["tcp/443"]),
        ("Outgoing ports", "Web filtering", ["udp/53", "udp/8888"]),
    ]
    assert [r.hosts for r in doc.rules[-2:]] == [
        ["update.acme.example.net"],
        ["wf.acme.example.net"],
    ]
    assert not [i for i in doc.issues if i.code in ("unknown-column", "unplaced-text")]


def test_a_host_table_gives_a_list_per_cloud(tmp_path: Path) -> None:
    pdf = printed(tmp_path, CLOUDS)
    doc = extract_document(pdf)
    assert [(h.title, h.hosts, h.addresses) for h in doc.host_lists] == [
        (
            "US-1",
            ["ts01.sensor.example.net", "dl01.sensor.example.net"],
            ["192.0.2.10", "192.0.2.11", "192.0.2.20"],
        ),
        ("EU-1", ["ts01.eu.sensor.example.net"], ["198.51.100.0/28", "198.51.100.30"]),
    ]
    assert doc.rules == []
    # The lead-in above the table names the port of every cloud's list; a row's own
    # cells ("Downloads" between two rows of US-1) are no lead-in.
    assert [[p.key for p in h.ports] for h in doc.host_lists] == [["tcp/443"], ["tcp/443"]]
    assert [h.description for h in doc.host_lists] == ["Sensor proxy Downloads", "Sensor proxy"]
    assert [i.code for i in doc.issues if i.severity != "info"] == ["no-history"]
    # Each cloud's name cell is where its list came from: the review places it.
    assert [m.label for m in text_marks(read_pdf(pdf), doc) if m.kind == "unplaced"] == []
