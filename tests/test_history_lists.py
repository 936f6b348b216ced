"""A change history printed as a list under its heading ("Revision history", "Document
history", "Change log"), not as a table: each item whose head holds one version and at
most a date is an entry, and the newest entry gives the document its version and date."""

from __future__ import annotations

import doctest
from pathlib import Path

import pytest
from pdfgen import Bullets, DocSpec, Paragraphs, PortTable, Section, build_pdf

from pipeline.extract import extract_here
from pipeline.families import history


def test_docstring_examples() -> None:
    result = doctest.testmod(history, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0 and result.failed == 0


@pytest.mark.parametrize(
    ("text", "entry"),
    [
        ("• 3.2 (12 May 2025): Removed 203.0.113.0/24", ("3.2", "2025-05-12")),
        ("Release 4.1 – June 2024 – Moved to new ranges", ("4.1", "2024-06")),
        ("v2.0: First public release", ("2.0", None)),
        ("12.05.2025 (2.1): a dotted date", ("2.1", "2025-05-12")),
    ],
)
def test_history_items_are_read(text: str, entry: tuple[str, str | None]) -> None:
    item = history.history_item(text)
    assert item is not None and item[:2] == entry


@pytest.mark.parametrize(
    "text",
    [
        "Port 443: web console",  # no version
        "10.0.0.1: the old relay",  # an address, not a version
        "2.1 and 2.2: two versions",
        "5.1 (soon): a date that is none",
        "Hooks: 192.0.2.0/26",
    ],
)
def test_other_lines_are_no_history_items(text: str) -> None:
    assert history.history_item(text) is None


def test_a_history_list_gives_the_document_its_version(tmp_path: Path) -> None:
    spec = DocSpec(
        title="Acme Backup network ports",
        running_header="Acme Backup",
        version=None,
        sections=[
            Section(
                "Ports", [PortTable(["Port", "Protocol", "Purpose"], [["443", "TCP", "Console"]])]
            ),
            Section(
                "Revision history",
                [
                    Paragraphs(["Changes to this page, newest first."]),
                    Bullets(
                        [
                            "2026-03-02 (5.1): Added port 10000 for backup agents.",
                            "2025-11-18 (5.0): First release.",
                        ]
                    ),
                ],
            ),
        ],
    )
    doc = extract_here(build_pdf(spec, tmp_path / "doc.pdf"))  # type: ignore[arg-type]
    assert [(h.version, h.date, h.description) for h in doc.history] == [
        ("5.1", "2026-03-02", "Added port 10000 for backup agents."),
        ("5.0", "2025-11-18", "First release."),
    ]
    assert (doc.document.version, doc.document.date) == ("5.1", "2026-03-02")
    assert not [i for i in doc.issues if i.code == "no-history"]
    assert [r.service for r in doc.rules] == ["Console"]
