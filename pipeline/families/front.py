"""The document's own version and date where it has no change history: from its title
page, headings or running header/footer ("Version 7.2 · Last updated: 14 May 2025",
"Revision 3.1 · November 2024", "Secure Email Gateway 4.7.2 — Firewall ports")."""

from __future__ import annotations

import re

from pipeline import normalize as nz

# A version word, then the number: "Version 7.2", "Rev. 3", "Issue 2.0", "v5.1".
_LABELLED_VERSION = re.compile(
    r"(?i)(?<![\w.])(?:version|ver\.?|v|revision|rev\.?|release|issue|edition)\s*"
    r"([0-9]{1,4}(?:\.[0-9]{1,4}){0,3})(?![\w.]*\d)"
)
# A product's version before a dash or separator: "Gateway 4.7.2 — Firewall ports".
_TITLE_VERSION = re.compile(r"(?<![\w.])([0-9]{1,3}(?:\.[0-9]{1,4}){1,3})\s*[—–:|·-]\s+\S")
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
# "14 May 2025", "May 14, 2025", "November 2024", "2025-05-14", "14/05/2025".
_DATES = [
    re.compile(rf"(?i)\b\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}\s+\d{{4}}\b"),
    re.compile(rf"(?i)\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}\b"),
    re.compile(rf"(?i)\b{_MONTH}\s+\d{{4}}\b"),
    re.compile(r"\b\d{4}-\d{2}(?:-\d{2})?\b"),
    re.compile(r"\b\d{1,2}[./]\d{1,2}[./]\d{4}\b"),
]
_ORDINAL = re.compile(r"(?i)(\d)(st|nd|rd|th)\b")


def _date(text: str) -> str | None:
    for form in _DATES:
        for match in form.finditer(text):
            found = _ORDINAL.sub(r"\1", match.group(0)).replace(",", "")
            if re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", found):
                found = "-".join(reversed(found.split("-")))  # ISO -> the day-first form
            found = re.sub(rf"(?i)^({_MONTH})\s+(\d{{1,2}})\s+(\d{{4}})$", r"\2 \1 \3", found)
            try:
                return nz.date(found)[:7]
            except nz.InvalidValue:
                continue
    return None


def version_and_date(text: str) -> tuple[str | None, str | None]:
    """One line of front matter -> (version, YYYY-MM), either None where not stated."""
    version = None
    if match := _LABELLED_VERSION.search(text):
        version = match.group(1)
    else:
        numbers = (m.group(1) for m in _TITLE_VERSION.finditer(text))
        version = next((n for n in numbers if not nz.is_address(n)), None)
    return version, _date(text)


def document_version_and_date(texts: list[str]) -> tuple[str | None, str | None]:
    """The first version and the first date the lines state, in the order given (title
    page first, then the running header/footer)."""
    version = date = None
    for text in texts:
        found_version, found_date = version_and_date(text)
        version = version or found_version
        date = date or found_date
    return version, date
