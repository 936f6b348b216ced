"""``portdoc diff`` between two printed revisions of a port-first help page: a changed
port, direction, host or endpoint is one change, not a removal and an addition, also
where a function repeats over several rows or the table has no service column.
Chromium prints both revisions (another producer than the corpus)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from browser import chromium_or_skip, html_page, print_to_pdf

from pipeline.cli import main

PAGE = """<h1>Acme Filter {version} — Firewall ports</h1>
<p>Version {version} · {month} 2025</p>
<table>
<tr><th>Port</th><th>Protocol</th><th>Direction</th><th>Required for</th></tr>
<tr><td>25</td><td>TCP</td><td>In</td><td>Inbound mail from the Internet</td></tr>
<tr><td>{api_port}</td><td>TCP</td><td>In</td><td>Management API of the monitoring agents</td></tr>
<tr><td>161</td><td>UDP</td><td>{snmp}</td><td>Polling by the network monitoring system</td></tr>
<tr><td>80</td><td>HTTP</td><td>Out</td>
    <td>Signature downloads from: rules1.example.org, {second_host}</td></tr>
</table>
<h2>Updates</h2>
<table>
<tr><th>Function</th><th>Source</th><th>Destination</th><th>Protocol</th><th>Port</th></tr>
<tr><td rowspan="2">Updates</td><td>Appliance</td><td>update.example.com</td><td>TCP</td>
    <td>{update_port}</td></tr>
<tr><td>{mirror_source}</td><td>mirror.example.com</td><td>TCP</td><td>{mirror_port}</td></tr>
</table>
"""

OLD = {
    "version": "7.1",
    "month": "March",
    "api_port": "8443",
    "snmp": "In",
    "second_host": "rules2.example.org",
    "update_port": "443",
    "mirror_source": "Appliance",
    "mirror_port": "80",
}
NEW = {
    "version": "7.2",
    "month": "May",
    "api_port": "9443",
    "snmp": "In/Out",
    "second_host": "rules3.example.org",
    "update_port": "8443",
    "mirror_source": "Proxy",
    "mirror_port": "8080",
}


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    chromium_or_skip()
    folder = tmp_path_factory.mktemp("help-page")
    out = []
    for values in (OLD, NEW):
        html = folder / f"help-{values['version']}.html"
        html.write_text(html_page(PAGE.format(**values)), encoding="utf-8")
        pdf = folder / f"help-{values['version']}.pdf"
        out.append(print_to_pdf(html, pdf, folder / "profile"))
    return out[0], out[1]


def test_portdoc_diff_reports_changes_not_remove_and_add(
    pdfs: tuple[Path, Path], tmp_path: Path
) -> None:
    out = tmp_path / "diff.json"
    assert main(["diff", str(pdfs[0]), str(pdfs[1]), "-o", str(out)]) == 0
    diff = json.loads(out.read_text())
    assert (diff["from"], diff["to"]) == ("7.1", "7.2")
    # Both "Updates" rows change port, so both ids move: paired by what they share.
    assert [c["change"] for c in diff["rules"]] == ["changed"] * 5, diff["rules"]
    by_service: dict[str, list[dict]] = {}
    for change in diff["rules"]:
        by_service.setdefault(change["service"], []).append(change)
    [api] = next(v for k, v in by_service.items() if "Management API" in k)
    assert set(api) - {"id", "section", "service"} == {"change", "ports"}
    assert api["ports"] == {"added": ["tcp/9443"], "removed": ["tcp/8443"]}
    [snmp] = next(v for k, v in by_service.items() if k.startswith("Polling"))
    assert snmp["direction"] == {"from": "in", "to": "both"}
    [signatures] = next(v for k, v in by_service.items() if k.startswith("Signature"))
    assert signatures["hosts"] == {
        "added": ["rules3.example.org"],
        "removed": ["rules2.example.org"],
    }
    update, mirror = sorted(by_service["Updates"], key=lambda c: "source" in c)
    assert update["ports"] == {"added": ["tcp/8443"], "removed": ["tcp/443"]}
    assert "destination" not in update and "hosts" not in update
    assert mirror["ports"] == {"added": ["tcp/8080"], "removed": ["tcp/80"]}
    assert mirror["source"] == {"added": ["Proxy"], "removed": ["Appliance"]}
    assert all(c["section"] is None for c in diff["rules"])
