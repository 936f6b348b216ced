"""What ``portdoc review`` draws, and where: every record and value of a ``Document``
with its boxes on the PDF's pages (``document_marks``), page text that went into no
field (``text_marks``), the diff's new and changed values flagged (``highlight_diff``),
and each box fitted to the glyphs of the page images (``fit_marks``). ``pipeline.review``
renders the marks as HTML."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image

from pipeline.diff import (
    Delta,
    Diff,
    HostListChange,
    RuleChange,
    ServiceRename,
    ValueChange,
)
from pipeline.layout.blocks import group_lines
from pipeline.layout.furniture import body_size, find_furniture
from pipeline.layout.headers import header_role
from pipeline.model.models import Box, Document, HistoryEntry, HostList, Provenance, Rule
from pipeline.pdf.pageimages import (
    PageImage,
    page_box_usable,
)
from pipeline.pdf.pageink import PageInk, fit_to_ink, free_spot, gap
from pipeline.pdf.pdfmodel import PdfFile, Word
from pipeline.values import normalize as nz
from pipeline.values.ids import address_key, host_key

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


def first_index(ids: Iterable[str]) -> dict[str, int]:
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
    rule_at = first_index(r.id for r in new.rules)
    list_at = first_index(h.id for h in new.host_lists)
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
