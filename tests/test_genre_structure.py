"""Other vendors' table structure read by header words and cell geometry: two-level
headers, sub-heading rows, cells spanning rows, endpoints, hosts written inside the
purpose text, footnotes, and a version and date stated only on the title page. One page
printed by Chromium (another producer than the corpus); the expected values are written
out by hand."""

from __future__ import annotations

import pytest
from browser import chromium_or_skip, html_page, print_to_pdf

from pipeline.extract import extract_document
from pipeline.model.models import Document

PAGE = html_page(
    """<h1>Acme Gateway 2.4 — Required network flows</h1>
<p>Revision 2.4 · June 2025</p>
<table>
<tr><th colspan="2">Source</th><th colspan="2">Destination</th>
    <th rowspan="2">Protocol</th><th rowspan="2">Purpose</th></tr>
<tr><th>Component</th><th>Port(s)</th><th>Component</th><th>Port(s)</th></tr>
<tr><td>Gateway</td><td></td><td>update.example.com</td><td>443</td><td>TCP</td>
    <td>Signature updates</td></tr>
<tr><td>Admin PC</td><td>1024-65535</td><td>Gateway</td><td>8443, 22</td><td>TCP</td>
    <td>Management</td></tr>
<tr><td>Gateway</td><td></td><td>192.0.2.8-192.0.2.15</td><td>514</td><td>UDP</td>
    <td>Syslog</td></tr>
<tr><td colspan="6"><b>Cluster</b></td></tr>
<tr><td>Gateway</td><td></td><td>Gateway<br>Log collector</td><td>7000-7010</td><td>UDP</td>
    <td>Heartbeat</td></tr>
</table>
<h2>Update servers</h2>
<table>
<tr><th>Function</th><th>Port</th><th>Protocol</th><th>Required for</th></tr>
<tr><td rowspan="2">Updates</td><td>80*</td><td>HTTP</td>
    <td>Rule downloads from: rules1.example.net, rules2.example.net</td></tr>
<tr><td>443</td><td>HTTPS</td><td>Engine updates at https://engine.example.org/get</td></tr>
<tr><td>Time</td><td>123</td><td>NTP</td><td>Clock sync with 192.0.2.10 and 2001:db8::10</td></tr>
<tr><td>Relay</td><td>25<sup>2</sup></td><td>SMTP</td><td>Mail to the smart host</td></tr>
<tr><td>Ping</td><td>N/A</td><td>ICMP</td><td>Reachability checks</td></tr>
</table>
<p>* Only where the proxy cannot pass HTTPS.</p>
<p><sup>2</sup> Not needed when mail leaves through the provider.</p>
"""
)


def printed(factory: pytest.TempPathFactory, name: str, page: str) -> Document:
    """The extraction of ``page`` printed by Chromium."""
    chromium_or_skip()
    folder = factory.mktemp(f"genre-{name}")
    html = folder / f"{name}.html"
    html.write_text(page, encoding="utf-8")
    return extract_document(print_to_pdf(html, folder / f"{name}.pdf", folder / "profile"))


@pytest.fixture(scope="module")
def doc(tmp_path_factory: pytest.TempPathFactory) -> Document:
    return printed(tmp_path_factory, "structure", PAGE)


def _rule(doc: Document, service: str) -> dict[str, object]:
    (rule,) = [r for r in doc.rules if r.service == service]
    return rule.model_dump(mode="json")


def test_two_level_header_gives_each_side_its_endpoint_and_ports(doc: Document) -> None:
    mgmt = _rule(doc, "Management")
    assert mgmt["source"] == ["Admin PC"]
    assert mgmt["destination"] == ["Gateway"]
    assert mgmt["ports"] == [{"protocol": "tcp", "port": 22}, {"protocol": "tcp", "port": 8443}]
    assert mgmt["source_ports"] == [{"protocol": "tcp", "port": 1024, "port_end": 65535}]
    updates = _rule(doc, "Signature updates")
    assert updates["source_ports"] == []  # none printed, none invented
    assert updates["destination"] == ["update.example.com"]
    assert updates["hosts"] == ["update.example.com"]


def test_an_address_range_endpoint_is_the_networks_that_cover_it(doc: Document) -> None:
    syslog = _rule(doc, "Syslog")
    assert syslog["destination"] == ["192.0.2.8/29"]
    assert syslog["addresses"] == ["192.0.2.8/29"]


def test_sub_heading_row_heads_the_rows_below_and_lines_are_endpoints(doc: Document) -> None:
    beat = _rule(doc, "Heartbeat")
    assert beat["section_title"] == "Cluster"
    assert beat["destination"] == ["Gateway", "Log collector"]
    assert _rule(doc, "Management")["section_title"].startswith("Acme Gateway")
    assert not any(r.service == "Cluster" for r in doc.rules)


def test_no_section_is_guessed(doc: Document) -> None:
    assert {r.section for r in doc.rules} == {None}
    assert all(r.direction is None for r in doc.rules)


def test_spanning_cell_and_hosts_inside_purpose_text(doc: Document) -> None:
    rules = [r for r in doc.rules if r.service.startswith("Updates")]
    assert len(rules) == 2  # one function cell over two flows: each row gets it
    first, second = (r.model_dump(mode="json") for r in rules)
    assert first["hosts"] == ["rules1.example.net", "rules2.example.net"]
    assert "Rule downloads from" in first["notes"] or "Rule downloads from" in first["service"]
    assert second["hosts"] == ["engine.example.org"]
    time = next(r for r in doc.rules if r.service == "Time")
    assert time.addresses == ["192.0.2.10", "2001:db8::10"]
    assert time.ports[0].protocol == "udp"  # NTP stands for its usual transport


def test_footnote_text_goes_to_the_marked_row(doc: Document) -> None:
    http = next(r for r in doc.rules if r.ports and r.ports[0].port == 80)
    assert "Only where the proxy cannot pass HTTPS" in http.notes
    assert http.ports[0].protocol == "tcp"


def test_superscript_mark_is_no_digit_of_the_port(doc: Document) -> None:
    """ "25" with a small raised "2" after it: port 25 (not 252, nor 25 and 2), and the
    footnote that the raised "2" starts."""
    relay = next(r for r in doc.rules if r.service == "Relay")
    assert [p.key for p in relay.ports] == ["tcp/25"]
    assert "Not needed when mail leaves through the provider" in relay.notes


def test_a_protocol_without_ports_is_a_rule_without_ports(doc: Document) -> None:
    ping = next(r for r in doc.rules if r.service == "Ping")
    assert [p.key for p in ping.ports] == ["icmp"]
    assert not [
        i
        for i in doc.issues
        if i.box
        and i.box.top >= ping.provenance.box.top - 1
        and i.box.bottom <= ping.provenance.box.bottom + 1
    ]


def test_version_and_date_from_the_title_page(doc: Document) -> None:
    assert (doc.document.version, doc.document.date) == ("2.4", "2025-06")
    assert not [i for i in doc.issues if i.severity != "info"], doc.issues


RANGES = """<html><head><style>
body { font-family: sans-serif; font-size: 10pt }
table { border-collapse: collapse; margin-bottom: 12pt }
td, th { padding: 2px 14px 2px 0; text-align: left; vertical-align: top }
th { border-bottom: 1px solid #000 }
</style></head><body>
<h1>Globex Relay — Addresses to allow</h1>
<p>Published 2024-03-12</p>
<table>
<tr><th>Region</th><th>IPv4 networks</th><th>IPv6 networks</th><th>Hostnames</th></tr>
<tr><td>Frankfurt</td><td>192.0.2.0/26<br>192.0.2.64/26</td><td>2001:db8:f0::/48</td>
    <td>mx.de.example.com</td></tr>
<tr><td>Ohio</td><td>198.51.100.0/25</td><td>2001:db8:a0::/48</td><td>mx.us.example.com</td></tr>
</table>
<h2>Ports</h2>
<table>
<tr><th>Usage</th><th>Ports</th><th>Comment</th></tr>
<tr><td><b>Mail</b></td><td></td><td></td></tr>
<tr><td>Delivery</td><td>TCP 25, UDP 53</td><td></td></tr>
<tr><td><b>Web</b></td><td></td><td></td></tr>
<tr><td>Portal</td><td>443/tcp 80/tcp</td><td>Redirects to HTTPS</td></tr>
</table>
</body></html>
"""


@pytest.fixture(scope="module")
def ranges(tmp_path_factory: pytest.TempPathFactory) -> Document:
    return printed(tmp_path_factory, "ranges", RANGES)


def test_a_region_column_names_one_host_list_per_row(ranges: Document) -> None:
    lists = {h.title: (h.hosts, h.addresses) for h in ranges.host_lists}
    assert lists == {
        "Frankfurt": (["mx.de.example.com"], ["192.0.2.0/26", "192.0.2.64/26", "2001:db8:f0::/48"]),
        "Ohio": (["mx.us.example.com"], ["198.51.100.0/25", "2001:db8:a0::/48"]),
    }
    assert ranges.document.date == "2024-03-12"  # the day printed is kept


def test_bold_rows_alone_in_the_first_column_are_sub_headings(ranges: Document) -> None:
    got = {r.service: (r.section_title, [p.key for p in r.ports]) for r in ranges.rules}
    assert got == {
        "Delivery": ("Mail", ["tcp/25", "udp/53"]),  # each protocol with its own port
        "Portal": ("Web", ["tcp/80", "tcp/443"]),
    }


COLUMNS = """<html><head><style>
body { font-family: serif; font-size: 11pt }
table { border-collapse: collapse }
td, th { border: 1px solid #000; padding: 4px; text-align: left }
</style></head><body>
<h1>Port reference</h1>
<table>
<tr><th>Service</th><th>TCP ports</th><th>UDP ports</th><th>Client ports</th><th>Direction</th></tr>
<tr><td>Directory</td><td>389, 636</td><td>389</td><td>1024+</td>
    <td>Outbound from the gateway</td></tr>
<tr><td>Voice</td><td></td><td>5060</td><td>ephemeral</td><td>Inbound</td></tr>
</table></body></html>
"""


@pytest.fixture(scope="module")
def columns(tmp_path_factory: pytest.TempPathFactory) -> Document:
    return printed(tmp_path_factory, "columns", COLUMNS)


def test_a_port_column_headed_with_its_transport_gives_it(columns: Document) -> None:
    got = {
        r.service: ([p.key for p in r.ports], [p.key for p in r.source_ports], r.direction)
        for r in columns.rules
    }
    assert got == {
        "Directory": (
            ["tcp/389", "tcp/636", "udp/389"],
            ["tcp/1024-65535", "udp/1024-65535"],
            "out",
        ),
        "Voice": (["udp/5060"], ["udp/1024-65535"], "in"),
    }
    # Words or a bound for the ports, not the numbers: each said in an issue.
    assert sorted(i.text for i in columns.issues if i.code == "open-ended-ports") == [
        "1024+",
        "ephemeral",
    ]
    assert not [i for i in columns.issues if i.severity == "error"]


STRIPED = """<html><head><style>
body { font-family: Arial; font-size: 10pt; max-width: 700px }
table { border-collapse: collapse; width: 100% }
th { text-align: left; border-bottom: 2px solid #333; padding: 4px }
td { padding: 4px; vertical-align: top }
tr:nth-child(even) { background: #f2f2f2 }
</style></head><body>
<h1>Litware Mail Gateway 9.1 — Network ports</h1>
<h2>Outbound connections</h2>
<table><tr><th>Port</th><th>Protocol</th><th>Destination</th><th>Required for</th></tr>
<tr><td>53</td><td>TCP/UDP</td><td>DNS servers</td><td>Name resolution</td></tr>
<tr><td>443</td><td>TCP</td><td>updates.litware.example.com<br>cdn.litware.example.net</td>
    <td>Engine and rule updates</td></tr>
</table></body></html>
"""


@pytest.fixture(scope="module")
def striped(tmp_path_factory: pytest.TempPathFactory) -> Document:
    return printed(tmp_path_factory, "striped", STRIPED)


def test_a_row_whose_words_head_columns_elsewhere_is_a_row(striped: Document) -> None:
    """ "53 | TCP/UDP | DNS servers | Name resolution": protocol, server and name are
    header words, but a number in regular type under a bold header is a row (it was
    read as a second header level, and the row was lost with no issue)."""
    got = {r.service: ([p.key for p in r.ports], r.destination) for r in striped.rules}
    assert got == {
        "Name resolution": (["tcp/53", "udp/53"], ["DNS servers"]),
        "Engine and rule updates": (
            ["tcp/443"],
            ["updates.litware.example.com", "cdn.litware.example.net"],
        ),
    }
