"""The real Clearswift content, laid out again by the test PDF builder in other ways
(HTML-export rules, a rule under the header only, no rules at all, Letter pages, other
fonts, no link annotations, narrow columns, no repeated headers) and scored against the
same truth: extraction must not depend on how the sample PDF happens to be laid out."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from corpus import CORPUS, run_score
from pdfgen import (
    AddressBlock,
    Bullets,
    DocSpec,
    HistoryTable,
    Paragraphs,
    PortTable,
    Section,
    build_pdf,
)

from pipeline.extract import extract_document

TRUTH = CORPUS / "clearswift-seg" / "connection-ports-and-protocols-3.3.truth.json"
MONTHS = ["Jan", "Feb", "Mar", "April", "May", "June", "July", "Aug", "Sept", "Oct", "Nov", "Dec"]


def _port_cells(rule: dict) -> tuple[str, str]:
    protocols = sorted({p for p, _, _ in rule["ports"]}, reverse=True)
    ports = sorted({f"{a}" if a == b else f"{a}-{b}" for _, a, b in rule["ports"]}, key=len)
    return "/".join(p.upper() for p in protocols), "/".join(ports)


def _external(rules: list[dict]) -> list[PortTable]:
    details, destinations, merged = [], [], {}
    for rule in rules:
        protocol, port = _port_cells(rule)
        plain = not (rule["hosts"] or rule["addresses"] or rule["address_sources"])
        if plain and not rule["host_lists"] and not rule["any_destination"]:
            marker = {"both": " (in/out)", "in": " (in)", "out": " (out)"}.get(
                rule["direction"], ""
            )
            details.append([rule["service"], protocol, port + marker, rule["notes"]])
            continue
        any_text = "Any" if rule["any_destination"] else ""
        hosts = "\n".join(rule["hosts"]) or any_text
        addresses = "\n".join(rule["addresses"]) or rule["notes"] or any_text
        if rule["host_lists"]:
            merged[len(destinations)] = (3, 4)
            hosts, addresses = rule["notes"], ""
        destinations.append([rule["service"], protocol, port, hosts, addresses])
    return [
        PortTable(["Item", "UDP/TCP", "Port", "Details"], details, widths=[25, 10, 12, 53]),
        PortTable(
            ["Item", "UDP/TCP", "Port", "Hostname", "IP Address"],
            destinations,
            merged=merged,
            widths=[22, 9, 8, 36, 25],
        ),
    ]


def _internal(rules: list[dict]) -> PortTable:
    rows = []
    for rule in rules:
        protocols = "\n".join(p.upper() for p, _, _ in rule["ports"])
        ports = "\n".join(str(a) if a == b else f"{a}-{b}" for _, a, b in rule["ports"])
        direction = {"in": "In", "out": "Out", "both": "In/Out"}[rule["direction"]]
        rows.append([rule["service"], protocols, ports, direction, rule["notes"]])
    return PortTable(
        ["Description", "Protocol", "Port", "Direction", "Comment"],
        rows,
        widths=[30, 11, 10, 11, 38],
    )


def spec_from_truth(truth: dict) -> DocSpec:
    rules = truth["rules"]
    lists = [
        Section(
            hl["title"],
            [
                Paragraphs(["The following servers are used by the product."]),
                Bullets(hl["hosts"]),
                AddressBlock(hl["addresses"]),
            ],
        )
        for hl in truth["host_lists"]
    ]
    history = [
        (f"{MONTHS[int(h['date'][5:]) - 1]}-{h['date'][:4]}", h["version"], h["description"])
        for h in truth["history"]
    ]
    return DocSpec(
        title=truth["document"]["title"],
        running_header=f"{truth['document']['vendor']} {truth['document']['product']}",
        version=truth["document"]["version"],
        sections=[
            Section(truth["document"]["title"], [Paragraphs(["Connections the gateway needs."])]),
            Section(
                "External Connections",
                _external([r for r in rules if r["section"] == "external"]),
            ),
            Section(
                "Internal Connections",
                [_internal([r for r in rules if r["section"] == "internal"])],
            ),
            *lists,
            Section("Change History", [HistoryTable(history)]),
        ],
    )


LAYOUTS = [
    dict(style="html", pagesize="Letter", links=False, repeat_header=False),
    dict(style="word", pagesize="A4", links=False, repeat_header=True, font="Times-Roman"),
    dict(style="html", pagesize="A4", links=True, repeat_header=True, font="Courier"),
    dict(style="word", pagesize="Letter", links=True, repeat_header=False, font="Courier"),
    dict(style="booktabs", pagesize="A4", links=False, repeat_header=True),
    dict(style="plain", pagesize="Letter", links=False, repeat_header=True, font="Times-Roman"),
]


@pytest.mark.parametrize("layout", LAYOUTS, ids=lambda d: "-".join(map(str, d.values())))
def test_clearswift_content_relaid_out(layout: dict, tmp_path: Path, shared: Path) -> None:
    truth = json.loads(TRUTH.read_text())
    pdf = build_pdf(spec_from_truth(truth), tmp_path / "relaid.pdf", **layout)
    doc = extract_document(pdf).model_dump(mode="json")
    result = run_score("extract", doc, TRUTH, tmp_path)
    assert result.returncode == 0, result.stdout
