"""Firewall data outside port tables (issue 16 items 5, 10, 11; issue 17 item 3),
printed by Chromium (with and without its own header and footer), Word via LibreOffice
and reportlab, extracted and scored fact by fact with the shared ``score.py genre``
against the truth of the same spec (tests/genreprose.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from corpus import needs_shared
from genreprose import (
    DATED_HISTORY,
    PORTLESS_ITEM,
    PROSE_KINDS,
    PROSE_VARIANTS,
    UNKNOWN_HEADER,
)
from genrespec import Para
from test_genre_producers import score

from pipeline.extract import extract_document
from pipeline.model.errors import UnknownFamilyError

pytestmark = needs_shared


@pytest.fixture(scope="module")
def prose_printed(tmp_path_factory: pytest.TempPathFactory) -> dict:
    from genregen import print_variants

    folder = tmp_path_factory.mktemp("genre-prose")
    return print_variants(folder, list(PROSE_VARIANTS), PROSE_VARIANTS, PROSE_KINDS)


SCORED = [name for name in PROSE_VARIANTS if not name.startswith("no-data")]


def printed(prose_printed: dict, name: str) -> tuple[Path, Path]:
    pdf, truth, missing = prose_printed[name]
    if pdf is None:
        pytest.skip(missing)
    assert pdf.is_file(), f"{PROSE_VARIANTS[name][1]} printed no PDF for {name}"
    return pdf, truth


@pytest.mark.parametrize("name", SCORED)
def test_printed_prose_document_scores_every_fact(
    name: str, prose_printed: dict, tmp_path: Path
) -> None:
    pdf, truth = printed(prose_printed, name)
    result = score(pdf, truth, tmp_path)
    assert "(100.0%) extra: 0" in result, result


@pytest.mark.parametrize("name", [n for n in SCORED if n.startswith("allow-list")])
def test_a_table_of_no_firewall_data_beside_host_lists_is_an_issue_naming_it(
    name: str, prose_printed: dict
) -> None:
    """Issue 16 item 10: an allow list with no port column is read; the table it can't
    read is an issue naming the table and the header word it does not know."""
    doc = extract_document(printed(prose_printed, name)[0])
    unknown = [i for i in doc.issues if i.code == "unknown-table"]
    assert len(unknown) == 1 and repr(UNKNOWN_HEADER) in unknown[0].message, unknown
    assert "Component" in unknown[0].message and unknown[0].page == 1
    assert doc.valid and not doc.rules and len(doc.host_lists) == 8


@pytest.mark.parametrize("name", [n for n in PROSE_VARIANTS if n.startswith("no-data")])
def test_a_document_without_firewall_data_is_refused_naming_its_tables(
    name: str, prose_printed: dict
) -> None:
    """Exit 2 only when no page holds a port table, port list, host list or address
    list; the message says which tables were seen and why each was not one."""
    with pytest.raises(UnknownFamilyError) as refused:
        extract_document(printed(prose_printed, name)[0])
    message = str(refused.value)
    assert message.count("\n") == 0 and "no firewall data" in message
    assert "page 1 [Component | Description | Notes]: no port, hostname or address column" in (
        message
    ), message


@pytest.mark.parametrize("name", [n for n in PROSE_VARIANTS if n.startswith("dated")])
def test_dates_keep_the_day_printed_from_extraction_to_the_feed(
    name: str, prose_printed: dict, tmp_path: Path
) -> None:
    """Issue 17 item 5: '20 May 2025' is 2025-05-20 in the history, the document, the
    index and the Atom feed's updated; 'March 2025' stays 2025-03."""
    from test_publish import run, write_source

    doc = extract_document(printed(prose_printed, name)[0])
    assert [(h.version, h.date) for h in doc.history] == [
        (version, read) for _, version, _, read in DATED_HISTORY
    ]
    assert (doc.document.version, doc.document.date) == ("2.1", "2025-05-20")
    doc.document.vendor = "Relaytest"
    write_source(tmp_path / "sources", "wingtip", [doc])
    run(tmp_path / "sources", tmp_path / "output")
    out = tmp_path / "output" / "wingtip"
    published = json.loads((out / "2.1" / "document.json").read_text())
    assert published["document"]["date"] == "2025-05-20"
    assert [h["date"] for h in published["history"]] == ["2025-05-20", "2025-03"]
    index = json.loads((tmp_path / "output" / "index.json").read_text())
    assert [v["date"] for v in index["sources"][0]["versions"]] == ["2025-05-20"]
    feed = (out / "feed.atom").read_text()
    assert feed.count("<updated>2025-05-20T00:00:00Z</updated>") == 2  # the feed, its entry


def test_an_ambiguous_numeric_date_is_a_warning(tmp_path: Path) -> None:
    """'Article • 06/05/2024' alone: read day first, and the maintainer is told."""
    from genregen import build_genre_pdf
    from genreprose import port_list

    doc = port_list()
    doc.blocks[2] = Para("Article • 06/05/2024 • 3 minutes to read", "meta")
    extracted = extract_document(build_genre_pdf(doc, tmp_path / "ambiguous.pdf"))
    assert extracted.document.date == "2024-05-06"
    [issue] = [i for i in extracted.issues if i.code == "ambiguous-date"]
    assert issue.severity == "warning" and issue.text == "06/05/2024"


@pytest.mark.parametrize("name", [n for n in SCORED if n.startswith("port-list")])
def test_a_listed_port_without_a_protocol_is_an_issue_not_a_guess(
    name: str, prose_printed: dict
) -> None:
    doc = extract_document(printed(prose_printed, name)[0])
    assert not [r for r in doc.rules if "8443" in r.cells.get("item", "")]
    [issue] = [i for i in doc.issues if i.code == "unplaced-value" and "8443" in i.message]
    assert issue.text.endswith(PORTLESS_ITEM) and issue.page == 1
    # The sentence that mentions a port and protocol stays prose, reported as today.
    assert any(i.code == "unplaced-value" and "9443" in i.message for i in doc.issues)


@pytest.mark.parametrize("name", [n for n in SCORED if n.startswith("regions")])
def test_a_region_table_beside_a_port_table_is_host_lists_not_prose(
    name: str, prose_printed: dict
) -> None:
    """Issue 17 item 3: 'Region | IPv4 | IPv6' printed by a browser was left as prose
    with unplaced-value warnings; its networks are one host list a region."""
    doc = extract_document(printed(prose_printed, name)[0])
    assert not [i for i in doc.issues if i.code in ("unplaced-value", "unknown-table")]
    assert [h.title for h in doc.host_lists] == ["West Europe", "East US", "Japan East"]
