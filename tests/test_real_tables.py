"""The table classes of real vendor documentation (issue 16), printed by the project's
generators (tests/realspec.py, every producer of tests/genregen.py's VARIANTS): what is
not a port is no error, and what was left unread is said once per table.

test_genre_producers.py scores the same prints fact by fact with ``score.py genre``;
here the issues and the values the truth format does not score (notes, sections).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from corpus import needs_shared
from genregen import VARIANTS, build_genre_pdf
from genrespec import GenreDoc, Heading, Row, Table, Title

from pipeline.extract import extract_document
from pipeline.model.models import Document

pytestmark = needs_shared  # the session's prints are made with the shared ones


def printed(genre_printed: dict, kind: str) -> list[Document]:
    """Each producer's print of ``kind``, extracted."""
    docs = []
    for name, (pdf, _, _) in genre_printed.items():
        if VARIANTS[name][0] == kind and pdf is not None:
            docs.append(extract_document(pdf))
    if len(docs) < 2:
        pytest.skip(f"fewer than two producers printed {kind}")
    return docs


def codes(doc: Document) -> Counter[tuple[str, str]]:
    return Counter((i.code, i.severity) for i in doc.issues if i.code != "no-history")


def test_port_reference_issues_once_per_table_and_no_errors(genre_printed: dict) -> None:
    """Two port columns ("Default port", "Managed port"): the default read, the other in
    notes, one issue per table (the server table and the two one-row tables that print
    one); "Default status", "ID" and "Category" have no role, one issue per table (five);
    "Disabled" is not a bad port, ICMP types are not ports, "TCP/SIP-TLS" is no bad
    protocol."""
    for doc in printed(genre_printed, "port-reference"):
        assert codes(doc) == {("ambiguous-ports", "warning"): 3, ("unknown-column", "warning"): 5}
        rules = {(r.section_title, r.service): r for r in doc.rules}
        admin = rules["Servers", "The admin API"]
        assert [p.key for p in admin.ports] == ["tcp/7501"]
        assert "443" in admin.notes and "Disabled" in admin.notes and "Admin" in admin.notes
        icmp = rules["Outbound", "Reachability checks"]
        assert [(p.protocol, p.port) for p in icmp.ports] == [("icmp", None)]
        assert "0, 8" in icmp.notes and icmp.direction == "out"
        assert "SIP-TLS" in rules["Outbound", "Voice signalling"].notes


def test_tables_naming_no_row_take_their_heading_and_no_service(genre_printed: dict) -> None:
    """One-row tables under per-item headings, and an "ID | Category | Addresses | Ports"
    table: no column names the rows; their text is kept in notes."""
    for doc in printed(genre_printed, "port-reference"):
        unnamed = [r for r in doc.rules if not r.service]
        sections = ["Query", "Admin", "Gossip", "Endpoints", "Endpoints"]
        assert [r.section_title for r in unnamed] == sections
        assert all("by default" in r.notes and r.direction is None for r in unnamed[:3])
        assert "Optimize" in unnamed[3].notes and "1" in unnamed[3].notes


def test_protocol_columns_dynamic_is_no_port_and_no_error(genre_printed: dict) -> None:
    for doc in printed(genre_printed, "protocol-columns"):
        assert codes(doc) == {("dynamic-ports", "info"): 1}
        rules = {r.service: r for r in doc.rules}
        assert rules["Remote procedure call (RPC)"].ports == []
        note = rules["Client notification"]
        assert [p.key for p in note.ports] == ["tcp/10123"] and "Note 2" in note.notes
        assert note.section_title == "Client --> Management point"


def test_mail_flow_reads_ports_from_comments_and_says_so(genre_printed: dict) -> None:
    for doc in printed(genre_printed, "mail-flow"):
        assert codes(doc) == {("ports-from-notes", "info"): 1}
        proxy = next(r for r in doc.rules if r.service == "Open proxy detection")
        assert sorted(p.port or 0 for p in proxy.ports) == [23, 1080, 1081, 3128, 6588]


def test_see_comments_without_listed_ports_is_an_error_naming_the_row(tmp_path: Path) -> None:
    table = Table(
        ["Purpose", "Ports", "Comments"],
        [
            Row(["Mail relay", "25/TCP (SMTP)", "From the internet."]),
            Row(["Proxy checks", "see comments", "The checks use the usual proxy ports."]),
        ],
        [2.0, 1.2, 4.0],
    )
    doc = GenreDoc("see-comments", [Title("Ports"), Heading("Mail"), table], {})
    extracted = extract_document(build_genre_pdf(doc, tmp_path / "see.pdf"))
    errors = [i for i in extracted.issues if i.severity == "error"]
    assert [i.code for i in errors] == ["bad-port"]
    assert "see comments" in errors[0].message and "Proxy checks" in errors[0].message
