"""Title-page, heading and running-footer text -> the document's version and date.

For documents without a change history: "Version 7.2 · Last updated: 14 May 2025",
"Revision 3.1 · November 2024", "Secure Email Gateway 4.7.2 — Firewall ports". Pure
functions on ``str`` that never raise; None where the text says neither. A port number,
an address, a protocol's version ("TLS 1.2") or a date's year is never a version.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple

from pipeline.values import vocabulary as vocab
from pipeline.values.normalize import InvalidValue, collapse_ws, date, looks_like_address, version


class VersionDate(NamedTuple):
    version: str | None
    date: str | None  # YYYY-MM-DD where the day is printed, else YYYY-MM


_NUMBER = r"([0-9]{1,9}(?:\.[0-9]{1,9})*)(?![0-9A-Za-z]|[-/:.][0-9])"
_KEYWORD_VERSION = re.compile(
    rf"(?<![\w.])(?:{'|'.join(vocab.VERSION_WORDS)})\.?\s?:?\s*{_NUMBER}", re.IGNORECASE
)
# A dotted number after a product's name and before a dash or colon: "Gateway 4.7.2 —
# Ports". A plain one is too often part of the name ("Microsoft 365", "Platform 5").
_DOTTED = r"([0-9]{1,9}(?:\.[0-9]{1,9})+)(?![0-9A-Za-z]|[-/:.][0-9])"
_NAMED_VERSION = re.compile(rf"(?<![\w.])([A-Za-z][\w+&.-]*)\s+{_DOTTED}\s*(?:[—–]|\s-\s|:\s)")
# Words a number after which is not the document's version.
_NOT_PRODUCTS = frozenset(
    {"port", "ports", "page", "pages", "section", "chapter", "step", "table", "figure"}
    | {"appendix", "tls", "ssl", "ipv4", "ipv6", "snmpv", "of", "and", "to", "from"}
    | set(vocab.TRANSPORTS)
    | set(vocab.APPLICATIONS)
    | set(vocab.MONTHS)
)
# A lower-case word right after "Version 4" makes it a sentence, unless it goes on to
# the date as a title page's stamp does ("Version 7.2 last updated …").
_NEXT_WORD = re.compile(r"\s+([a-z]+)")
_STAMP_WORDS = frozenset(w.split()[0] for w in vocab.DATE_WORDS) | set(vocab.MONTHS)

_MONTH = "|".join(sorted(vocab.MONTHS, key=len, reverse=True))
_ORD = r"(?:st|nd|rd|th)?"
_DATE = re.compile(
    rf"""\b(?:
      [0-9]{{1,2}}{_ORD}\.?(?:\s+|-)(?:{_MONTH})\.?,?(?:\s+|-)[0-9]{{4}}  # 14 May 2025, 30-Apr-2026
    | (?:{_MONTH})\.?\s+[0-9]{{1,2}}{_ORD}(?:,\s*|\s+)[0-9]{{4}}  # March 3, 2025; Jan 30 2025
    | (?:{_MONTH})\.?[\s-]+[0-9]{{4}}                          # November 2024, Oct-2018
    | [0-9]{{4}}([-/])[0-9]{{1,2}}(?:\1[0-9]{{1,2}})?          # 2025-05(-14), 2026/04/30
    | [0-9]{{1,2}}[./][0-9]{{1,2}}[./][0-9]{{4}}               # 14/05/2025
    )(?:\b(?!T[0-9])|(?=T[0-9]))""",
    re.IGNORECASE | re.VERBOSE,
)
_DATE_WORD = re.compile(
    rf"(?<![\w])(?:{'|'.join(re.escape(w) for w in vocab.DATE_WORDS)})\b", re.IGNORECASE
)


def _versions(text: str) -> list[tuple[bool, str]]:
    """(printed with a word such as "Version", version) in the order found."""
    out: list[tuple[bool, str]] = []
    for m in _KEYWORD_VERSION.finditer(text):
        before = text[: m.start()].split()
        if m[0][:1] in "vV" and before and before[-1].lower() in _NOT_PRODUCTS:
            continue  # "TLS v1.2"
        if (after := _NEXT_WORD.match(text, m.end())) and after[1] not in _STAMP_WORDS:
            continue  # a sentence ("Gateway Version 4 requires…"): the product, not the text
        out.append((True, version(m[1])))
    for m in _NAMED_VERSION.finditer(text):
        word, number = m[1], m[2]
        if (
            word.lower().rstrip(".") in _NOT_PRODUCTS
            or word.lower().rstrip(".") in vocab.VERSION_WORDS
            or looks_like_address(number)
        ):
            continue
        out.append((False, version(number)))
    return out


_NUMERIC = re.compile(r"([0-9]{1,2})[./]([0-9]{1,2})[./][0-9]{2,4}")


def _order(text: str) -> bool | None:
    """Whether a numeric date can only be day first (True: "26/06/2024"), only month
    first (False: "06/26/2024"), or either (None: "06/05/2024"; also any other form)."""
    m = _NUMERIC.fullmatch(text)
    if not m or m[1] == m[2]:
        return None
    first, second = int(m[1]), int(m[2])
    if first > 12 >= second:
        return True
    if second > 12 >= first:
        return False
    return None


def printed_date(text: str, dayfirst: bool | None = None) -> str | None:
    """The date as printed: with its day where the day is printed ("30 Apr 2026" ->
    2026-04-30, "06/26/2024" -> 2024-06-26; ``dayfirst`` where both readings exist,
    day first when it is None), else its month ("November 2024" -> 2024-11)."""
    text = re.sub(r"^([0-9]{1,2})\.\s", r"\1 ", text)  # "30. April 2026"
    for first in (True, False) if dayfirst is not False else (False, True):
        try:
            return date(text, dayfirst=first)
        except InvalidValue:
            continue
    return None


def _dates(text: str, dayfirst: bool | None = None) -> list[tuple[bool, str, str]]:
    """(after a word such as "Last updated", the date as printed, the printed text) in
    the order found."""
    words = [m.end() for m in _DATE_WORD.finditer(text)]
    out: list[tuple[bool, str, str]] = []
    for m in _DATE.finditer(text):
        if found := printed_date(m[0], dayfirst):
            out.append((any(end <= m.start() for end in words), found, m[0]))
    return out


def _best(found: list[tuple[bool, str]]) -> str | None:
    return next((v for marked, v in found if marked), found[0][1] if found else None)


def _best_date(found: list[tuple[bool, str, str]]) -> tuple[str, str] | None:
    """(the date, its printed text): the first after a date word, else the first."""
    best = next((f for f in found if f[0]), found[0] if found else None)
    return (best[1], best[2]) if best else None


def version_date(text: str) -> VersionDate:
    """One line of title, heading or footer text -> (version, date: YYYY-MM-DD where
    the day is printed, else YYYY-MM).

    >>> version_date("Version 7.2 · Last updated: 14 May 2025")
    VersionDate(version='7.2', date='2025-05-14')
    >>> version_date("version 9.1.3, Thu, 30 Apr 2026 15:44:52 +0200")
    VersionDate(version='9.1.3', date='2026-04-30')
    >>> version_date("Article • 06/26/2024"), version_date("Revision 3.1 · November 2024")
    (VersionDate(version=None, date='2024-06-26'), VersionDate(version='3.1', date='2024-11'))
    >>> version_date("Secure Email Gateway 4.7.2 — Firewall ports")
    VersionDate(version='4.7.2', date=None)
    >>> version_date("Port 443 — HTTPS")
    VersionDate(version=None, date=None)
    """
    s = collapse_ws(text)
    best = _best_date(_dates(s, _day_first([s])))
    return VersionDate(_best(_versions(s)), best[0] if best else None)


def _day_first(texts: list[str]) -> bool | None:
    """How the texts write numeric dates, where one of them says: "26/06/2024" is day
    first, "06/26/2024" month first, and so are the others of the same document."""
    orders = {_order(m[0]) for s in texts for m in _DATE.finditer(s)} - {None}
    return orders.pop() if len(orders) == 1 else None


def document_version_date(texts: Iterable[str]) -> VersionDate:
    """A document's title-page, heading and footer lines -> (version, date).

    A version printed with its word ("Version 7.2") wins over a number after the
    product's name ("MailFilter 7.1 — …"), a date after "Last updated" or the like over
    one in passing; otherwise the first found. A numeric date that reads both ways
    ("06/05/2024") is read as the document's other numeric dates are written, else day
    first (``ambiguous_date`` says when).

    >>> document_version_date(["MailFilter 7.1 — Firewall ports", "Version 7.2 · May 2025"])
    VersionDate(version='7.2', date='2025-05')
    >>> document_version_date(["Updated 06/05/2024", "First published 12/28/2023"])
    VersionDate(version=None, date='2024-06-05')
    """
    texts = [collapse_ws(text) for text in texts]
    dayfirst = _day_first(texts)
    versions = [v for s in texts for v in _versions(s)]
    best = _best_date([d for s in texts for d in _dates(s, dayfirst)])
    return VersionDate(_best(versions), best[0] if best else None)


def ambiguous_date(texts: Iterable[str]) -> str | None:
    """The printed date ``document_version_date`` reads when its day and month could be
    swapped ("06/05/2024") and no other numeric date of the texts says which comes
    first; else None.

    >>> ambiguous_date(["Article • 06/05/2024"]), ambiguous_date(["Article • 06/26/2024"])
    ('06/05/2024', None)
    """
    texts = [collapse_ws(text) for text in texts]
    if _day_first(texts) is not None:
        return None
    best = _best_date([d for s in texts for d in _dates(s)])
    if best is None or not _NUMERIC.fullmatch(best[1]):
        return None
    m = _NUMERIC.fullmatch(best[1])
    assert m is not None
    return best[1] if m[1] != m[2] and int(m[1]) <= 12 and int(m[2]) <= 12 else None
