"""PDF -> validated ``Document``: the library entry point behind ``portdoc extract``."""

from __future__ import annotations

from pathlib import Path

from pipeline import __version__
from pipeline.families import FAMILIES
from pipeline.families.accounting import unlisted_values
from pipeline.families.allowall import withhold_broad_networks
from pipeline.families.valuecells import lookalike_issues
from pipeline.layout.layout import layout_document
from pipeline.model.errors import UnknownFamilyError, UnusableInputError
from pipeline.model.models import Document, DocumentInfo, HistoryEntry, Issue
from pipeline.pdf.bounded import Bounds, run_bounded
from pipeline.pdf.pdfmodel import Limits, PageProblem, PdfFile, load_pdf_stack, read_pdf
from pipeline.values.ids import version_key
from pipeline.values.normalize_versions import ambiguous_date, document_version_date
from pipeline.values.text import hidden_character


def newest(history: list[HistoryEntry]) -> HistoryEntry | None:
    """The newest change-history entry: latest month, then highest version (a day printed
    in one entry and not in another does not outrank a higher version)."""

    return max(history, key=lambda e: ((e.date or "")[:7], version_key(e.version)), default=None)


def no_firewall_data(tables: list[str]) -> str:
    """The refusal of a document with no port table, port list, host list or address
    list: which tables it saw and why each was not one."""
    seen = "; ".join(tables[:8]) + (f"; and {len(tables) - 8} more" if len(tables) > 8 else "")
    return (
        "no firewall data: not a known document family (no port table, port list, host "
        "list or address list; "
        + (
            f"tables seen: {seen})"
            if tables
            else "no table headed with words portdoc knows was found)"
        )
    )


def extract_document(
    path: Path | str,
    *,
    limits: Limits | None = None,
    vendor: str | None = None,
    product: str | None = None,
) -> Document:
    """Read one revision. Raises ``UnusableInputError`` when the file can't be used;
    problems in its data are ``Document.issues``.

    The reading runs in a worker process stopped at ``limits.seconds`` and capped at
    ``limits.max_memory_bytes`` (``pipeline.pdf.bounded``), whatever the file's shape."""
    path = Path(path)
    for what, given in (("vendor", vendor), ("product", product)):
        hidden = hidden_character(given or "")
        if hidden:
            raise UnusableInputError(
                f"the {what} name holds a control or invisible character ({hidden})"
            )
    limits = limits or Limits()
    bounds = Bounds(limits.seconds, limits.max_memory_bytes, path.name)
    load_pdf_stack()
    return run_bounded(lambda: extract_here(path, limits, vendor, product), bounds)


def page_issue(problem: PageProblem) -> Issue:
    return Issue(
        code="bad-page-box", severity=problem.severity, message=problem.message, page=problem.page
    )


def extract_here(
    path: Path | str,
    limits: Limits | None = None,
    vendor: str | None = None,
    product: str | None = None,
) -> Document:
    """``extract_document`` in this process, with no time or memory bound: for a caller
    that bounds the process itself, or measures what the extraction allocates."""
    path = Path(path)
    return extract_read(read_pdf(path, limits), path, vendor, product)


def extract_read(
    pdf: PdfFile, path: Path, vendor: str | None = None, product: str | None = None
) -> Document:
    """``extract_here`` of a PDF already read (its pages wait on disk): the review reads
    a file once and both extracts and draws from it."""
    problems = [page_issue(problem) for problem in pdf.problems]
    blocks = layout_document(pdf.pages)
    sha256, page_count, producer = pdf.sha256, pdf.page_count, pdf.producer
    for family in FAMILIES:  # each reads the laid-out blocks afresh
        parsed = family.parse(blocks)
        if parsed.port_tables or parsed.port_items or parsed.host_lists:
            break
    else:
        raise UnknownFamilyError(f"{path.name}: {no_firewall_data(parsed.other_tables)}")
    issues = problems + blocks.issues + list(parsed.issues)
    # An allow-all network must never reach a feed, whichever family read it.
    rules, host_lists = withhold_broad_networks(parsed.rules, parsed.host_lists, issues)
    # Every hostname and address printed as data is in a record, or an error says so.
    issues += unlisted_values(blocks, rules, host_lists, parsed.history)
    issues += lookalike_issues(rules, host_lists)
    latest = newest(parsed.history)
    version: str | None
    if latest is not None:
        version, date = latest.version, latest.date
    else:
        # No change history: the title page, headings or running footer may say.
        stamps = [*parsed.front_matter, *blocks.running, *parsed.end_matter]
        version, date = document_version_date(stamps)
        if printed := ambiguous_date(stamps):
            issues.append(
                Issue(
                    code="ambiguous-date",
                    severity="warning",
                    message=f"the date {printed!r} reads day first or month first, and no "
                    f"other date of the document says which: read day first, {date}",
                    text=printed,
                )
            )
        unknown = " and ".join(n for n, v in (("version", version), ("date", date)) if not v)
        issues.append(
            Issue(
                code="no-history",
                severity="warning" if unknown else "info",
                message="no change history found: the document's version and date are "
                + (
                    f"read from its title page or running footer; its {unknown} is unknown"
                    if unknown
                    else "read from its title page or running footer"
                ),
            )
        )
    info = DocumentInfo(
        vendor=vendor,
        product=product,
        title=parsed.title,
        version=version,
        date=date,
        family=family.FAMILY,
        file_name=path.name,
        sha256=sha256,
        page_count=page_count,
        producer=producer,
    )
    issues.sort(key=lambda i: (i.page or 0, i.box.top if i.box else 0, i.code))
    del blocks
    doc = Document(
        generator=f"portdoc {__version__}",
        document=info,
        rules=rules,
        host_lists=host_lists,
        history=parsed.history,
        sections=parsed.sections,
        issues=issues,
    )
    # Every record was validated when built (and every later assignment): the document
    # written is valid without a second copy being made to check it.
    return doc
