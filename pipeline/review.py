"""``portdoc review``: one HTML page to check an extraction against the PDF it came from.

``write_review`` renders every page to ``page-N.png`` (pypdfium2) and writes
``index.html`` beside them: boxes over each rule row, host list, history entry and
extracted value, coloured by kind (Okabe-Ito, each kind with its own line or pattern
too); page text that went into no field outlined dashed and hatched (the "nothing
dropped" check made visible); the issues; and, given the previous revision, the diff
with each new value linked to where it stands. Boxes are fitted to the page images
(``pipeline.pdf.pageink``): a value's box holds its glyphs; a new record's badge sits
inside the record where it covers no text, a changed record's beside the value that
changed (its own box where the document gives one). The page is
self-contained (inline CSS and JS, no network) and deterministic: the same inputs give
byte-identical files. Every text taken from a PDF is HTML-escaped.
"""

from __future__ import annotations

import html
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from pipeline.diff import (
    Delta,
    Diff,
    EffectiveChange,
    ServiceRename,
    diff_documents,
    diff_summary,
)
from pipeline.extract import extract_document, extract_read
from pipeline.model.canonical import write_text_atomic
from pipeline.model.cleanliness import IssueCounts, issue_counts
from pipeline.model.models import Document
from pipeline.pdf.bounded import Bounds, run_bounded
from pipeline.pdf.pageimages import (
    PageImage,
    page_box_usable,
    render_pages,
)
from pipeline.pdf.pdfmodel import Limits, PdfFile, load_pdf_stack, read_pdf
from pipeline.release.sources import discover_sources, revision_label
from pipeline.reviewmarks import (
    BADGE_LINE,
    BADGES,
    DIFF_FIELDS,
    KINDS,
    Mark,
    Marks,
    document_marks,
    first_index,
    fit_marks,
    highlight_diff,
    item_name,
    records,
    text_marks,
    value_key,
)
from pipeline.revisions import load_revision
from pipeline.values.ids import version_key


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def _link(mark: Mark | None, text: str, css: str = "") -> str:
    """``text`` (already HTML) linked to a box, with the box's page; plain without one."""
    cls = f' class="{css}"' if css else ""
    if mark is None:
        return f"<span{cls}>{text}</span>"
    return f'<a{cls} href="#{mark.id}">{text} <span class="pg">p.&nbsp;{mark.box.page}</span></a>'


def _header_html(doc: Document, texts: list[Mark], old: Document | None, old_name: str) -> str:
    info = doc.document
    meta = [
        f"<b>{esc(info.file_name or '')}</b>",
        f"version <b>{esc(info.version or '?')}</b>",
        f"date <b>{esc(info.date or '?')}</b>",
        f"{info.page_count} page{'' if info.page_count == 1 else 's'}",
        esc(" ".join(x for x in (info.vendor, info.product) if x)),
        f"family {esc(info.family or '?')}",
    ]
    if old is not None:
        meta.append(f"compared with <b>{esc(old_name)}</b> (version {esc(old.document.version)})")
    errors = sum(1 for i in doc.issues if i.severity == "error")
    warnings = sum(1 for i in doc.issues if i.severity == "warning")
    unplaced = sum(1 for m in texts if m.kind == "unplaced")
    counts = [
        ("rules", "rules", len(doc.rules), ""),
        ("host-lists", "host lists", len(doc.host_lists), ""),
        ("history", "history entries", len(doc.history), ""),
        ("errors", "errors", errors, "bad" if errors else "ok"),
        ("warnings", "warnings", warnings, "warn" if warnings else "ok"),
        ("unplaced", "text not placed", unplaced, "warn" if unplaced else "ok"),
        ("exit", "portdoc extract exits", int(errors > 0), "bad" if errors else "ok"),
    ]
    dl = "".join(
        f'<div class="{css}"><dt>{label}</dt><dd id="count-{key}">{n}</dd></div>'
        for key, label, n, css in counts
    )
    legend = "".join(
        f'<label><input type="checkbox" data-kind="{kind}" checked>'
        f'<span class="swatch k-{kind}"></span>{label}</label>'
        for kind, label in KINDS.items()
    )
    if old is not None:
        legend += (
            '<span><span class="swatch diff-added"></span>new in this revision</span>'
            '<span><span class="swatch diff-changed"></span>changed</span>'
        )
    return (
        f"<header><h1>{esc(info.title or info.file_name or 'Document')}</h1>"
        f'<div class="meta">{" · ".join(m for m in meta if m)}</div>'
        f'<dl class="counts">{dl}</dl></header><nav class="legend">{legend}</nav>'
    )


def _issues_html(doc: Document) -> str:
    items = []
    for i, issue in enumerate(doc.issues):  # a boxed issue has a mark "issue-<i>"
        page = issue.page or (issue.box.page if issue.box else None)
        target = f"issue-{i}" if issue.box is not None else f"page-{page}"
        where = f'<a href="#{target}">p.&nbsp;{page}</a>' if page else "document"
        printed = f' <span class="v">{esc(issue.text)}</span>' if issue.text else ""
        items.append(
            f'<li><span class="sev sev-{esc(issue.severity)}">{esc(issue.severity)}</span>'
            f"{where}: {esc(issue.message)}{printed} "
            f'<span class="code">{esc(issue.code)}</span></li>'
        )
    body = "".join(items) or '<li class="none">No issues.</li>'
    return f'<section class="panel" id="issues"><h2>Issues</h2><ul>{body}</ul></section>'


def _values_html(
    owner: tuple[str, int | None], change: object, marks: Marks, fields: Sequence[str]
) -> str:
    """Added values (linked to their evidence, else the record's row) and removed ones."""
    parts = []
    for name in fields:
        delta = getattr(change, name, None)
        if not isinstance(delta, Delta):
            continue
        values = [
            _link(
                marks.values.get((*owner, name, value_key(name, v))) or marks.row(owner),
                f"+{esc(v)}",
                "v add",
            )
            for v in delta.added
        ]
        values += [f'<span class="v del">−{esc(v)}</span>' for v in delta.removed]
        parts.append(f'<span class="field">{name.replace("_", " ")}</span> {"".join(values)}')
    return " ".join(parts)


def _diff_html(diff: Diff, new: Document, old: Document, marks: Marks) -> str:
    rule_at = first_index(r.id for r in new.rules)
    old_at = first_index(r.id for r in old.rules)
    items: list[tuple[str, str, str, str]] = []
    for change in diff.rules:
        index = rule_at.get(change.id) if change.change != "removed" else None
        s = change.service
        name = f"{esc(s.from_)} → {esc(s.to)}" if isinstance(s, ServiceRename) else esc(s)
        details = [_values_html(("rule", index), change, marks, DIFF_FIELDS)]
        for field_name in ("direction", "any_destination"):
            value = getattr(change, field_name, None)
            if value is not None:
                shown = f"{value.from_} → {value.to}" if change.change == "changed" else value.to
                shown = str(shown if shown is not None else value.from_).lower()
                details.append(
                    f'<span class="field">{field_name.replace("_", " ")}</span> '
                    f'<span class="v mod">{esc(shown)}</span>'
                )
        if change.notes is not None:
            details.append(
                '<details><summary class="field">notes changed</summary>'
                f'<span class="v del">{esc(change.notes.from_)}</span> → '
                f'<span class="v add">{esc(change.notes.to)}</span></details>'
            )
        if change.change == "removed" and change.id in old_at:
            pages = old.rules[old_at[change.id]].provenance.pages
            where = f"p. {pages[0]} of " if pages else ""
            details.append(f'<span class="pg">was on {where}the previous revision</span>')
        title = _link(marks.row(("rule", index)), f"<b>{name}</b>")
        items.append((change.change, f"{esc(change.section)} rule", title, " ".join(details)))
    list_at = first_index(h.id for h in new.host_lists)
    for hl in diff.host_lists:
        index = list_at.get(hl.id) if hl.change != "removed" else None
        title = _link(marks.row(("list", index)), f"<b>{esc(hl.title)}</b>")
        values = _values_html(("list", index), hl, marks, ("hosts", "addresses"))
        items.append((hl.change, "host list", title, values))
    history_at = first_index(h.version for h in new.history)
    for version in diff.history_added:
        mark = marks.row(("hist", history_at.get(version)))
        items.append(("added", "history", _link(mark, f"<b>{esc(version)}</b>"), ""))
    items += [("removed", "history", f"<b>{esc(v)}</b>", "") for v in diff.history_removed]
    items += [_effective_item(c, history_at.get(c.version), marks) for c in diff.effective_changes]
    lis = "".join(
        f'<li class="chg chg-{kind}" id="diff-{n}"><span class="sev">{kind}</span>'
        f'<span class="code">{what}</span> {title} {details}</li>'
        for n, (kind, what, title, details) in enumerate(items)
    )
    return (
        f'<section class="panel" id="diff"><h2>Changes {esc(diff.from_)} → {esc(diff.to)}</h2>'
        f'<div class="code">{esc(diff_summary(diff))}</div>'
        f"<ul>{lis or '<li class=none>No changes.</li>'}</ul></section>"
    )


def _effective_item(
    change: EffectiveChange, index: int | None, marks: Marks
) -> tuple[str, str, str, str]:
    """A retirement or other dated change of the history: its date, its addresses (each
    linked to where it is printed) and the vendor's words."""
    what = "retirement" if change.addresses else "dated change"
    title = _link(marks.row(("hist", index)), f"<b>{esc(change.version)}</b>")
    when = change.effective or "date not given"
    addresses = "".join(
        _link(
            marks.values.get(("hist", index, "retired_addresses", value_key("addresses", a)))
            or marks.row(("hist", index)),
            f"−{esc(a)}",
            "v del",
        )
        for a in change.addresses or []
    )
    details = (
        f'<span class="field">effective</span> <span class="v mod effective">{esc(when)}</span>'
        + (f' <span class="field">addresses</span> {addresses}' if addresses else "")
        + f' <span class="said">{esc(change.description)}</span>'
    )
    return ("effective", f"{what}, history", title, details)


def _box_html(mark: Mark, width: float, height: float) -> str:
    b = mark.box
    style = (
        f"left:{100 * b.x0 / width:.3f}%;top:{100 * b.top / height:.3f}%;"
        f"width:{100 * max(b.x1 - b.x0, 1) / width:.3f}%;"
        f"height:{100 * max(b.bottom - b.top, 1) / height:.3f}%"
    )
    diff = f" diff-{mark.diff}" if mark.diff else ""
    div = (
        f'<div class="box k-{mark.kind}{diff}" id="{mark.id}" '
        f'title="{esc(mark.label)}" style="{style}"></div>'
    )
    if mark.badge is None or mark.diff not in BADGES:
        return div
    # Sized in the sheet's width (cqw), so the badge keeps to its place at any zoom.
    s = mark.badge
    tall = s.bottom - s.top
    badge_style = (
        f"left:{100 * s.x0 / width:.3f}%;top:{100 * s.top / height:.3f}%;"
        f"width:{100 * (s.x1 - s.x0) / width:.3f}%;height:{100 * tall / height:.3f}%;"
        f"font-size:{100 * tall / BADGE_LINE / width:.3f}cqw;"
        f"line-height:{100 * tall / width:.3f}cqw"
    )
    about = f' data-value="{mark.about.id}"' if mark.about is not None else ""
    return (
        f'{div}<div class="badge badge-{mark.diff}" id="badge-{mark.id}" '
        f'data-for="{mark.id}"{about} style="{badge_style}">{BADGES[mark.diff]}</div>'
    )


def _li(mark: Mark, text: str) -> str:
    diff = f' <span class="v mod">{mark.diff}</span>' if mark.diff else ""
    return (
        f'<li class="{mark.kind}"><span class="mark k-{mark.kind}"></span>'
        f'<a href="#{mark.id}">{esc(text or "(untitled)")}</a>{diff}</li>'
    )


def _side_html(page: int, doc: Document, on_page: list[Mark], marks: Marks) -> str:
    """What was found on one page, each linked to its box there."""
    groups: list[tuple[str, list[str]]] = []
    for prefix, _kind, title, items in records(doc):
        found = [(marks.row((prefix, i), page), item_name(item)) for i, item in enumerate(items)]
        groups.append((title, [_li(mark, name) for mark, name in found if mark is not None]))
    for title, kinds in (("Not placed / issues", ("unplaced", "issue")), ("Prose", ("section",))):
        groups.append((title, [_li(m, m.label) for m in on_page if m.kind in kinds]))
    body = "".join(
        f"<h3>{t} ({len(links)})</h3><ul>{''.join(links)}</ul>" for t, links in groups if links
    )
    return f'<aside class="side">{body or "<p class=none>Nothing extracted here.</p>"}</aside>'


def _pages_html(doc: Document, pdf: PdfFile, images: list[PageImage], marks: Marks) -> str:
    order = {kind: n for n, kind in enumerate(KINDS)}
    by_page: dict[int, list[Mark]] = defaultdict(list)
    for mark in sorted(marks.all, key=lambda m: order[m.kind]):
        by_page[mark.box.page].append(mark)
    out = []
    for page, (name, w, h) in zip(pdf.pages, images, strict=False):
        if name is None or not page_box_usable(page.width, page.height):
            sheet = (
                '<div class="sheet placeholder"><p>This page is not shown: its page box '
                f"is empty or unusable ({page.width:g} x {page.height:g} pt; see the issues)."
                "</p></div>"
            )
        else:
            boxes = "".join(_box_html(m, page.width, page.height) for m in by_page[page.number])
            sheet = (
                f'<div class="sheet"><img src="{name}" width="{w}" height="{h}" '
                f'alt="Page {page.number}">{boxes}</div>'
            )
        out.append(
            f'<section class="page" id="page-{page.number}"><h2>Page {page.number}</h2>'
            f"{sheet}{_side_html(page.number, doc, by_page[page.number], marks)}</section>"
        )
    return f'<div class="pages">{"".join(out)}</div>'


# --- files ---------------------------------------------------------------------------


def render_review(
    doc: Document,
    pdf: Path,
    out_dir: Path,
    old: Document | None = None,
    old_name: str = "",
    pdf_file: PdfFile | None = None,
) -> Path:
    """Write the review of ``doc`` (extracted from ``pdf``, read as ``pdf_file`` when
    the caller has read it already), diffed against ``old`` if given."""
    out_dir.mkdir(parents=True, exist_ok=True)
    pdf_file = pdf_file or read_pdf(pdf)
    images = render_pages(pdf, out_dir)
    marks = document_marks(doc)
    texts = text_marks(pdf_file, doc)
    marks.all.extend(texts)
    panels = [_issues_html(doc)]
    if old is not None:
        diff = diff_documents(old, doc)
        highlight_diff(diff, doc, marks)
        panels.insert(0, _diff_html(diff, doc, old, marks))
    fit_marks(marks, pdf_file, images, out_dir)
    parts = {
        "title": esc(f"Review: {doc.document.file_name} (version {doc.document.version or '?'})"),
        "generator": esc(doc.generator),
        "body": f"{_header_html(doc, texts, old, old_name)}<main>"
        f'<div class="summary">{"".join(panels)}</div>'
        f"{_pages_html(doc, pdf_file, images, marks)}</main>",
    }
    template = resources.files("pipeline").joinpath("templates/review.html").read_text("utf-8")
    # One pass: text substituted in is never scanned for placeholders again.
    page = re.sub(r"\{\{(\w+)\}\}", lambda m: parts[m[1]], template)
    index = out_dir / "index.html"
    # Atomically: a review that fails half-way leaves an earlier review's page whole.
    write_text_atomic(index, [page])
    return index


def write_review(
    pdf: Path, out_dir: Path, previous: Path | None = None, limits: Limits | None = None
) -> Path:
    """Review ``pdf`` into ``out_dir/index.html`` and ``out_dir/page-N.png``; with
    ``previous`` (a PDF or a document JSON), show the diff from it. Returns the index.

    The whole review (extraction, the previous side, the diff, the page images and the
    page) runs in one worker process under ``limits`` (time and memory), which reads
    the PDF there and nowhere else."""
    limits = limits or Limits()
    bounds = Bounds(limits.seconds, limits.max_memory_bytes, pdf.name)
    load_pdf_stack()

    def review() -> Path:
        pdf_file = read_pdf(pdf, limits)  # read once: extracted and drawn from
        doc = extract_read(pdf_file, pdf)
        old = load_revision(previous, limits) if previous is not None else None
        return render_review(doc, pdf, out_dir, old, previous.name if previous else "", pdf_file)

    return run_bounded(review, bounds)


@dataclass(frozen=True)
class Reviewed:
    """One source's review: its index page and how clean its newest revision is."""

    index: Path
    source: str
    version: str | None
    counts: IssueCounts


def review_each_source(sources: Path, output: Path) -> list[Reviewed]:
    """Review each source's newest revision (by document version) against the one before
    it, into ``output/<source id>/index.html``."""
    written = []
    for folder, meta in discover_sources(sources):
        revisions = [
            (extract_document(folder / r.file, vendor=meta.vendor, product=meta.product), r.file)
            for r in meta.revisions
        ]
        revisions.sort(key=lambda pair: version_key(revision_label(pair[0]) or ""))
        doc, name = revisions[-1]
        old, old_name = revisions[-2] if len(revisions) > 1 else (None, "")
        limits = Limits()
        bounds = Bounds(limits.seconds, limits.max_memory_bytes, name)
        index = run_bounded(
            lambda: render_review(doc, folder / name, output / meta.id, old, old_name),  # noqa: B023
            bounds,
        )
        written.append(Reviewed(index, meta.id, revision_label(doc), issue_counts(doc)))
    return written


def review_sources(sources: Path, output: Path) -> list[Path]:
    """``review_each_source``'s index pages."""
    return [reviewed.index for reviewed in review_each_source(sources, output)]
