"""Tests for pipeline.values.normalize_versions: title-page, heading and running-footer text ->
the document's version and date (YYYY-MM)."""

from __future__ import annotations

import datetime
import doctest

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.values import normalize_versions as nv


@pytest.mark.parametrize(
    ("text", "version", "date"),
    [
        ("Version 7.2 · Last updated: 14 May 2025", "7.2", "2025-05-14"),
        ("Revision 3.1 · November 2024", "3.1", "2024-11"),
        ("Issue 2.0 — March 2025", "2.0", "2025-03"),
        ("Secure Email Gateway 4.7.2 — Firewall ports", "4.7.2", None),
        ("Contoso SecureMail 3.1 – Network functions and ports", "3.1", None),
        ("Last updated: 12 March 2024", None, "2024-03-12"),
        ("Last updated: 2 September 2025", None, "2025-09-02"),
        ("Issue 3", "3", None),
        ("Contoso SecureMail · Revision 3.1 · November 2024 1 / 2", "3.1", "2024-11"),
        ("Document version: 5.1", "5.1", None),
        ("v2.4, published 2024-06-30", "2.4", "2024-06-30"),
        ("Rev. 12 (Sept 2023)", "12", "2023-09"),
        ("Updated March 3, 2025", None, "2025-03-03"),
        ("Release 10.4 — 01/02/2025", "10.4", "2025-02-01"),  # day first
        # Neither.
        ("Fabrikam Ltd. · Confidential Page 1 of 3", None, None),
        ("Help › Installation › Network requirements", None, None),
        ("Adatum Cloud Mail — IP ranges and hostnames", None, None),
        ("", None, None),
        # Never a port number, an address or a date's year.
        ("Port 443 — HTTPS", None, None),
        ("TCP 8443 — management", None, None),
        ("Gateway 192.0.2.10 — management address", None, None),
        ("Windows Server 2019 — Firewall ports", None, None),
        ("Microsoft 365 — Firewall ports", None, None),  # part of the name
        ("Fabrikam Voice Platform 5 — Port Matrix", None, None),
        ("Published November 2024 — all regions", None, "2024-11"),
        ("Requires TLS 1.2 — see below", None, None),
        ("Issue date: March 2025", None, "2025-03"),
        # A product's version in a sentence is not the document's.
        ("The Secure Email Gateway Version 4 requires connectivity to", None, None),
        ("Version 7.2 last updated 14 May 2025", "7.2", "2025-05-14"),
        # Docs sites (issue 16 item 11): the day kept as printed (issue 17 item 5).
        ("version 9.1.3, Thu, 30 Apr 2026 15:44:52 +0200", "9.1.3", "2026-04-30"),
        ("Article • 06/26/2024 • 3 minutes to read", None, "2024-06-26"),
        ("Last updated: 01/30/2025", None, "2025-01-30"),
        ("Last updated on Jan 30 2025", None, "2025-01-30"),
        ("Updated 30-Apr-2026", None, "2026-04-30"),
        ("Stand: 30. April 2026", None, "2026-04-30"),
        ("Last modified 2026-04-30T15:44:52Z", None, "2026-04-30"),
        ("Updated: 2026/04/30", None, "2026-04-30"),
    ],
)
def test_version_date(text: str, version: str | None, date: str | None) -> None:
    assert nv.version_date(text) == (version, date)


def test_document_version_date_prefers_printed_words() -> None:
    # The title's "MailFilter 7.1" is a product name's number; "Version 7.2" says it.
    lines = [
        "Help › Installation › Network requirements",
        "Northwind MailFilter 7.1 — Firewall ports",
        "Version 7.2 · Last updated: 14 May 2025",
    ]
    assert nv.document_version_date(lines) == ("7.2", "2025-05-14")
    # A date after "Last updated" wins over one in passing.
    assert nv.document_version_date(
        ["Prices valid until June 2026", "Last updated: 2 September 2025"]
    ) == (None, "2025-09-02")
    assert nv.document_version_date(["Northwind MailFilter 7.1 — Firewall ports"]) == ("7.1", None)
    assert nv.document_version_date(["Northwind MailFilter 7 — Firewall ports"]) == (None, None)
    assert nv.document_version_date([]) == (None, None)


@given(st.text())
def test_never_raises(text: str) -> None:
    version, date = nv.version_date(text)
    assert version is None or version[0].isdigit()
    assert date is None or (len(date) in (7, 10) and date[4] == "-")


@given(
    st.lists(st.integers(0, 99), min_size=1, max_size=3).map(lambda p: ".".join(map(str, p))),
    st.sampled_from(["Version", "Revision", "Rev.", "Issue", "Release", "v"]),
    st.dates(datetime.date(1990, 1, 1), datetime.date(2099, 12, 31)),
    st.sampled_from(["%d %B %Y", "%B %Y", "%B %d, %Y", "%Y-%m-%d", "%b %Y"]),
    st.sampled_from([" · ", " — ", ", ", " | "]),
)
def test_round_trip(version: str, word: str, day: datetime.date, form: str, sep: str) -> None:
    space = "" if word == "v" else " "
    text = f"{word}{space}{version}{sep}Last updated: {day.strftime(form)}"
    # The date keeps the precision printed: the day where the form prints it.
    precision = "%Y-%m-%d" if "%d" in form else "%Y-%m"
    assert nv.version_date(text) == (version, day.strftime(precision))


def test_docstring_examples() -> None:
    result = doctest.testmod(nv, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0 and result.attempted > 0


def test_a_numeric_date_that_reads_both_ways_follows_the_documents_other_dates() -> None:
    """Issue 16 item 11: docs sites print month first ("Article • 06/26/2024"). A date
    that reads both ways is read as the document's other numeric dates are written;
    where none says, day first, and ``ambiguous_date`` names it (an issue)."""
    us = ["Article • 06/05/2024", "First published 12/28/2023"]
    assert nv.document_version_date(us) == (None, "2024-06-05")
    assert nv.ambiguous_date(us) is None
    uk = ["Last updated: 06/05/2024", "First published 28/12/2023"]
    assert nv.document_version_date(uk) == (None, "2024-05-06")
    assert nv.ambiguous_date(uk) is None
    alone = ["Article • 06/05/2024"]
    assert nv.document_version_date(alone) == (None, "2024-05-06")
    assert nv.ambiguous_date(alone) == "06/05/2024"
    assert nv.ambiguous_date(["Article • 06/06/2024"]) is None  # the same either way
    assert nv.ambiguous_date(["Last updated: 14 May 2025"]) is None
