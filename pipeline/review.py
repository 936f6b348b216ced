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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from PIL import Image

from pipeline.diff import (
    Delta,
    Diff,
    EffectiveChange,
    HostListChange,
    RuleChange,
    ServiceRename,
    ValueChange,
    diff_documents,
    diff_summary,
)
from pipeline.extract import extract_document, extract_read
from pipeline.layout.blocks import group_lines
from pipeline.layout.furniture import body_size, find_furniture
from pipeline.layout.headers import header_role
from pipeline.model.canonical import write_text_atomic
from pipeline.model.cleanliness import IssueCounts, issue_counts
from pipeline.model.models import Box, Document, HistoryEntry, HostList, Provenance, Rule
from pipeline.pdf.bounded import Bounds, run_bounded
from pipeline.pdf.pageimages import (
    PageImage,
    page_box_usable,
    render_pages,
)
from pipeline.pdf.pageink import PageInk, fit_to_ink, free_spot, gap
from pipeline.pdf.pdfmodel import Limits, PdfFile, Word, load_pdf_stack, read_pdf
from pipeline.release.sources import discover_sources
from pipeline.revisions import load_revision
from pipeline.values import normalize as nz
from pipeline.values.ids import address_key, host_key, version_key

# Box kinds and their legend labels, in drawing order (colours: templates/review.html).
KINDS: dict[str, str] = {
    "section": "prose section",
    "rule": "rule row",
    "host_list": "host list",
    "history": "history entry",
    "hosts": "hostname",
    "addresses": "address",
    "address_sources": "address source",
    "any_destination": "any destination",
    "retired_addresses": "retired address",
    "value": "other value",
    "structure": "heading / column header",
    "unplaced": "text not placed",
    "issue": "issue",
}
DIFF_FIELDS = ("ports", "hosts", "addresses", "address_sources", "host_lists")
RECORD_KINDS = frozenset({"section", "rule", "host_list", "history"})
# Boxes over one printed value (an evidence box): fitted to their glyphs on the image.
VALUE_KINDS = frozenset(KINDS) - RECORD_KINDS - {"structure", "unplaced", "issue"}
# A highlighted record's badge, placed inside its box where it covers no text.
BADGES = {"added": "NEW", "changed": "CHANGED"}
BADGE_FONT = 0.7  # of the body text size
BADGE_LINE = 1.3  # a badge's height, in its font size
Record = Rule | HostList | HistoryEntry


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


@dataclass
class Mark:
    """One box drawn over a page image."""

    id: str
    kind: str
    box: Box
    label: str
    diff: str | None = None  # "added" / "changed": highlighted as part of the diff
    badge: Box | None = None  # where its NEW / CHANGED badge goes (records only)
    about: Mark | None = None  # a changed record's badge sits beside this value's box


@dataclass
class Marks:
    """Every box of a review, with lookups by record (("rule", 3)) and by value."""

    all: list[Mark] = field(default_factory=list)
    rows: dict[tuple[str, int | None], list[Mark]] = field(default_factory=dict)
    values: dict[tuple[str, int | None, str, str], Mark] = field(default_factory=dict)

    def add(self, mark: Mark) -> Mark:
        self.all.append(mark)
        return mark

    def row(self, owner: tuple[str, int | None], page: int | None = None) -> Mark | None:
        rows = [m for m in self.rows.get(owner, []) if page in (None, m.box.page)]
        return rows[0] if rows else None


# --- what goes on the pages ----------------------------------------------------------


def value_key(field_name: str, value: str) -> str:
    """The form the diff compares values in, so a diff value finds its evidence."""
    if field_name == "hosts":
        return host_key(value)
    if field_name in ("addresses", "retired_addresses"):
        return address_key(value)
    return nz.collapse_ws(value)


def item_name(item: Record) -> str:
    if isinstance(item, Rule):
        return nz.collapse_ws(f"{item.service} {' '.join(p.key for p in item.ports)}")
    if isinstance(item, HostList):
        return nz.collapse_ws(item.title)
    return nz.collapse_ws(f"{item.version} {item.date_text or item.date or ''}")


def boxes_of(source: Provenance) -> list[Box]:
    return source.boxes or ([source.box] if source.box else [])


def records(doc: Document) -> list[tuple[str, str, str, Sequence[Record]]]:
    """(id prefix, mark kind, title, records): rules, host lists, history entries."""
    return [
        ("rule", "rule", "Rules", doc.rules),
        ("list", "host_list", "Host lists", doc.host_lists),
        ("hist", "history", "History", doc.history),
    ]


def document_marks(doc: Document) -> Marks:
    """Boxes for every record's rows and every evidence value, and boxed issues."""
    marks = Marks()
    for i, section in enumerate(doc.sections):
        for k, box in enumerate(boxes_of(section.provenance)):
            marks.add(Mark(f"sec-{i}" + (f"-{k}" if k else ""), "section", box, section.title))
    for prefix, kind, _title, items in records(doc):
        for i, item in enumerate(items):
            name = item_name(item)
            text = getattr(item, "notes", "") or getattr(item, "description", "")
            label = f"{name}: {nz.collapse_ws(text)}" if text else name
            marks.rows[(prefix, i)] = [
                marks.add(Mark(f"{prefix}-{i}" + (f"-{k}" if k else ""), kind, box, label))
                for k, box in enumerate(boxes_of(item.provenance))
            ]
            for j, ev in enumerate(item.evidence):
                printed = "" if ev.text == ev.value else f" (printed {ev.text!r})"
                label = f"{name}: {ev.field} {ev.value}{printed}"
                value_kind = ev.field if ev.field in KINDS else "value"
                mark = marks.add(Mark(f"{prefix}-{i}-e{j}", value_kind, ev.box, label))
                marks.values.setdefault((prefix, i, ev.field, value_key(ev.field, ev.value)), mark)
    for i, issue in enumerate(doc.issues):
        if issue.box is not None:
            label = f"{issue.severity}: {issue.message} [{issue.code}]"
            marks.add(Mark(f"issue-{i}", "issue", issue.box, label))
    return marks


def _inside(word: Word, box: Box) -> bool:
    return box.x0 <= word.xc <= box.x1 and box.top <= word.yc <= box.bottom


def _runs(words: Iterable[Word], size: float) -> list[tuple[list[Word], bool]]:
    """Words -> runs on one line with no wide gap (a header cell, a stray phrase), each
    flagged when its whole line is structure."""
    runs: list[tuple[list[Word], bool]] = []
    for line in group_lines(words):
        structure = _is_structure(line.words, size)
        run: list[Word] = []
        for word in line.words:
            if run and word.x0 - run[-1].x1 > 1.5 * size:
                runs.append((run, structure))
                run = []
            run.append(word)
        runs.append((run, structure))
    return runs


def _is_structure(words: list[Word], size: float) -> bool:
    """A heading (bold or large) or a table's column header line: structure, not data."""
    return (
        all(w.bold for w in words)
        or max(w.size for w in words) >= 1.15 * size
        or all(header_role(w.text) for w in words)
    )


def text_marks(pdf: PdfFile, doc: Document) -> list[Mark]:
    """Page words whose centre is in no record's box and no value's box, page furniture
    aside, in runs: "structure" for headings and column headers, else "unplaced"."""
    size = body_size(pdf.pages)
    furniture = find_furniture(pdf.pages, size)
    placed: dict[int, list[Box]] = defaultdict(list)
    for _prefix, _kind, _title, items in records(doc):
        for item in items:
            for box in [*boxes_of(item.provenance), *(ev.box for ev in item.evidence)]:
                placed[box.page].append(box)
    for box in (box for section in doc.sections for box in boxes_of(section.provenance)):
        placed[box.page].append(box)
    marks: list[Mark] = []
    for page in pdf.pages:
        loose = [
            w
            for w in page.words
            if (w.page, w.x0, w.top) not in furniture
            and not any(_inside(w, box) for box in placed[page.number])
        ]
        for n, (run, structure) in enumerate(_runs(loose, size)):
            box = Box(
                page=page.number,
                x0=min(w.x0 for w in run),
                top=min(w.top for w in run),
                x1=max(w.x1 for w in run),
                bottom=max(w.bottom for w in run),
            )
            kind = "structure" if structure else "unplaced"
            marks.append(Mark(f"text-{page.number}-{n}", kind, box, " ".join(w.text for w in run)))
    return marks


def _first_index(ids: Iterable[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for i, item_id in enumerate(ids):
        out.setdefault(item_id, i)
    return out


# Fields of one value (or a few) whose new value replaces the old one: a changed port,
# direction or service is "changed" on its own box, not an added value beside the rest.
REPLACED_FIELDS = frozenset({"ports", "source_ports", "direction", "service", "protocol"})


def _value_diff(change: RuleChange | HostListChange, field_name: str, key: str) -> str | None:
    """How one value of a changed record moved: "changed" (it replaced another value of
    its field), "added", or None (as it was)."""
    value = getattr(change, field_name, None)
    if field_name == "protocol":  # the ports' protocols, as the row printed them
        ports = getattr(change, "ports", None)
        if not isinstance(ports, Delta):
            return None
        moved = {p.split("/")[0] for p in ports.added} ^ {p.split("/")[0] for p in ports.removed}
        return "changed" if moved & set(key.lower().split()) else None
    if isinstance(value, Delta):
        if key not in [value_key(field_name, v) for v in value.added]:
            return None
        return "changed" if field_name in REPLACED_FIELDS and value.removed else "added"
    if isinstance(value, ValueChange | ServiceRename):
        return "changed"
    return None


def highlight_diff(diff: Diff, new: Document, marks: Marks) -> None:
    """Flag the boxes of added and changed records, and of each added or changed value:
    the value's own box where the document gives one (a changed record's CHANGED badge
    is then placed beside the changed value), else the record's."""
    rule_at = _first_index(r.id for r in new.rules)
    list_at = _first_index(h.id for h in new.host_lists)
    rules = [("rule", rule_at.get(c.id), c) for c in diff.rules]
    for prefix, index, change in rules + [("list", list_at.get(c.id), c) for c in diff.host_lists]:
        if index is None or change.change == "removed":
            continue
        moved: list[Mark] = []
        for (owner, i, field_name, key), mark in marks.values.items():
            if (owner, i) != (prefix, index):
                continue
            how = "added" if change.change == "added" else _value_diff(change, field_name, key)
            if how is not None:
                mark.diff = how
                moved.append(mark)
        # The badge goes by the most specific box: a changed value's, else an added one's.
        about = next((m for m in moved if m.diff == "changed"), moved[0] if moved else None)
        for mark in marks.rows.get((prefix, index), []):
            mark.diff = change.change
            if change.change == "changed" and about is not None and about.box.page == mark.box.page:
                mark.about = about
    versions = set(diff.history_added)
    for i, entry in enumerate(new.history):
        for mark in marks.rows.get(("hist", i), []) if entry.version in versions else []:
            mark.diff = "added"


def _word_box(word: Word) -> Box:
    return Box(page=word.page, x0=word.x0, top=word.top, x1=word.x1, bottom=word.bottom)


def fit_marks(marks: Marks, pdf: PdfFile, images: Sequence[PageImage], image_dir: Path) -> None:
    """Fit what is drawn to the page images: each value's box grown over its glyphs (a
    font's metrics can put a box's bottom on the baseline, cutting descenders), and each
    highlighted record's badge placed inside the record's box, clear of every word."""
    size = body_size(pdf.pages)
    font = BADGE_FONT * size
    by_page: dict[int, list[Mark]] = defaultdict(list)
    for mark in marks.all:
        by_page[mark.box.page].append(mark)
    for page, (name, _w, _h) in zip(pdf.pages, images, strict=False):
        if name is None or not page_box_usable(page.width, page.height):
            continue  # a placeholder: nothing is drawn over it
        on_page = by_page[page.number]
        with Image.open(image_dir / name) as image:
            ink = PageInk.of(image, page.width, page.height)
        for mark in on_page:
            if mark.kind in VALUE_KINDS:
                mark.box = fit_to_ink(mark.box, ink)
        taken = [_word_box(w) for w in page.words]
        taken += [m.box for m in on_page if m.kind in VALUE_KINDS]
        for mark in on_page:
            if mark.kind in RECORD_KINDS and mark.diff in BADGES:
                text = BADGES[mark.diff]
                width, height = (0.75 * len(text) + 1) * font, BADGE_LINE * font
                if mark.about is not None:
                    sheet = (page.width, page.height)
                    mark.badge = _badge_beside(mark.about.box, width, height, taken, sheet)
                if mark.badge is None:
                    mark.about = None  # no room beside the value: in the record, as before
                    mark.badge = free_spot(mark.box, width, height, taken)
                if mark.badge is not None:
                    taken.append(mark.badge)


def _badge_beside(
    value: Box, width: float, height: float, taken: list[Box], sheet: tuple[float, float]
) -> Box | None:
    """A badge's place touching ``value``'s box (above, below or to a side, over no text
    and no other value, on the ``sheet``), the closest free one; None when there is none.
    It may reach past the record's box: a row is often no taller than its text."""
    around = Box(
        page=value.page,
        x0=max(0.0, value.x0 - width - 2),
        top=max(0.0, value.top - height - 2),
        x1=min(sheet[0], value.x1 + width + 2),
        bottom=min(sheet[1], value.bottom + height + 2),
    )
    spot = free_spot(around, width, height, taken, step=0.5, beside=value)
    return spot if spot is not None and gap(spot, value) <= 2 else None


# --- HTML ------------------------------------------------------------------------------


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
    rule_at = _first_index(r.id for r in new.rules)
    old_at = _first_index(r.id for r in old.rules)
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
    list_at = _first_index(h.id for h in new.host_lists)
    for hl in diff.host_lists:
        index = list_at.get(hl.id) if hl.change != "removed" else None
        title = _link(marks.row(("list", index)), f"<b>{esc(hl.title)}</b>")
        values = _values_html(("list", index), hl, marks, ("hosts", "addresses"))
        items.append((hl.change, "host list", title, values))
    history_at = _first_index(h.version for h in new.history)
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
        revisions.sort(key=lambda pair: version_key(pair[0].document.version or ""))
        doc, name = revisions[-1]
        old, old_name = revisions[-2] if len(revisions) > 1 else (None, "")
        limits = Limits()
        bounds = Bounds(limits.seconds, limits.max_memory_bytes, name)
        index = run_bounded(
            lambda: render_review(doc, folder / name, output / meta.id, old, old_name),  # noqa: B023
            bounds,
        )
        written.append(Reviewed(index, meta.id, doc.document.version, issue_counts(doc)))
    return written


def review_sources(sources: Path, output: Path) -> list[Path]:
    """``review_each_source``'s index pages."""
    return [reviewed.index for reviewed in review_each_source(sources, output)]
