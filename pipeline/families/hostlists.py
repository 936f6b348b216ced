"""Host-list sections (bullets, newspaper columns, borderless tables, comma lists)
-> ``HostList`` records, and the rules that refer to them."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from pipeline.families.ruleparts import lines_box
from pipeline.families.scope import Scope, read_scope
from pipeline.families.tables import (
    bad_address,
    make_box,
    make_issue,
    stray_space_issues,
    token_box,
)
from pipeline.layout import cells as cl
from pipeline.layout.blocks import TextLine
from pipeline.model.models import Box, Evidence, HostList, Issue, Provenance, Rule
from pipeline.values import normalize as nz
from pipeline.values.ids import host_list_id
from pipeline.values.normalize_endpoints import split_host_port, token_value

LIST_GLUE = {"connector", "bullet"}


def _url_host(text: str) -> str | None:
    """The hostname a URL names ("https://*.cdn.example.net/x" -> "*.cdn.example.net"),
    or None for anything else."""
    if not cl.URL_START.match(text):
        return None
    value = token_value(text)
    if value.kind in ("url", "hostname") and value.values and nz.is_hostname(value.values[0]):
        return value.values[0]
    return None


def _host_port(text: str) -> tuple[str, int] | None:
    return split_host_port(cl.strip_punct(text))


class HostListBuilder:
    """A section's lines, fed one page at a time -> its ``HostList`` (or ``None`` when
    no line holds only values). Only values, evidence and text are kept, not words."""

    def __init__(self, lead_in: list[cl.LogicalLine] | None = None) -> None:
        self.hosts: dict[str, None] = {}  # ordered sets: long lists stay linear
        self.addresses: dict[str, None] = {}
        self.host_evidence: list[Evidence] = []
        self.address_evidence: list[Evidence] = []
        self.prose: list[str] = []
        self.boxes: list[Box] = []
        self.issues: list[Issue] = []  # reported only if this is a host list
        self.has_values = False
        # Lead-ins: the paragraph above the values in hand, and the scope each run of
        # values stands under (None: a lead-in that names no port or side, or none).
        self.paragraph: list[cl.LogicalLine] = list(lead_in or [])
        self.scope: tuple[Scope, Box] | None = None
        self.scopes: dict[object, tuple[Scope, Box] | None] = {}

    def add_page(self, lines: list[TextLine], *, lead_ins: bool = True) -> None:
        """``lead_ins``: a paragraph among ``lines`` is the lead-in of the values after
        it (False for a table row's cells)."""
        logical = cl.text_logical_lines(lines)
        found: list[tuple[cl.Token, str]] = []
        self.issues += stray_space_issues(logical)
        for line in logical:
            # Each token read once: a host with its port, a URL's host.
            ported = [_host_port(t.text) for t in line.tokens]
            urls = [_url_host(t.text) for t in line.tokens]
            with_ports = [(t, hp) for t, hp in zip(line.tokens, ported, strict=True) if hp]
            remark = cl.item_remark(line)
            if remark:
                self.prose.append(remark)  # "• 203.0.113.5 (status page)": the value's note
            is_values = (
                cl.is_value_line(line)
                or bool(remark)
                or (
                    (any(ported) or any(urls))
                    and all(
                        hp or url or cl.classify(t.text) in cl.VALUE_CLASSES | LIST_GLUE
                        for t, hp, url in zip(line.tokens, ported, urls, strict=True)
                    )
                )
            )
            for tok, (host, port) in with_ports:
                if nz.is_address(host):
                    found.append((tok, nz.address(host)))
                else:
                    self._host(nz.hostname(host), tok)
                self.issues.append(
                    make_issue(
                        "host-port",
                        "warning",
                        f"{tok.text.strip(',;')!r}: the port printed with the host names no "
                        f"protocol; {host} is listed without port {port}",
                        token_box(tok),
                        line.text,
                    )
                )
            self.has_values = self.has_values or is_values
            if not is_values:
                self.prose.append(line.text)
                if lead_ins:
                    self.paragraph.append(line)
            else:
                self._lead_in()
            for tok, named in zip(line.tokens, urls, strict=True):
                kind = cl.classify(tok.text)
                text = cl.strip_punct(tok.text)
                if kind in ("address", "address-range"):
                    found += [(tok, value) for value in nz.addresses(text)]
                elif kind == "bad-address":
                    self.issues.append(bad_address(tok))
                elif kind == "hostname" and is_values:
                    self._host(nz.hostname(text), tok)
                elif kind in ("url", "word") and is_values and named:
                    # A URL among the values names the host to allow
                    # ("https://policy.example.com/v2/", "https://*.wd.example.com").
                    self._host(named, tok)
        for tok, value in column_major(found):
            self.addresses[value] = None
            self.address_evidence.append(
                Evidence(field="addresses", value=value, text=tok.text, box=token_box(tok))
            )
        self.boxes += page_boxes(lines)

    def _host(self, value: str, tok: cl.Token) -> None:
        self.hosts[value] = None
        self.host_evidence.append(
            Evidence(field="hosts", value=value, text=tok.text, box=token_box(tok))
        )

    def _lead_in(self) -> None:
        """A value line: the paragraph above it, if any, is its lead-in."""
        if self.paragraph:
            scope = read_scope(cl.join_text(self.paragraph))
            box = lines_box(self.paragraph)
            self.scope = (scope, box) if scope.says_something else None
            self.paragraph = []
        key = self.scope[0].key() if self.scope else None
        self.scopes.setdefault(key, self.scope)

    def _bound_scope(self) -> tuple[Scope, Box] | None:
        """The one lead-in every value of the list stands under; an issue where a
        lead-in names a port it cannot bind, or parts of the list stand under
        different ones (the list then gets no ports or side from them)."""
        scoped = [s for s in self.scopes.values() if s is not None]
        for scope, box in scoped:
            for text in scope.unbound:
                self.issues.append(
                    make_issue(
                        "unbound-scope",
                        "warning",
                        f"the lead-in names {text!r} with no protocol: the list below it "
                        "gets no port from it",
                        box,
                        scope.text,
                    )
                )
        if len(self.scopes) == 1 and scoped:
            return scoped[0]
        if scoped:
            scope, box = scoped[0]
            self.issues.append(
                make_issue(
                    "unbound-scope",
                    "warning",
                    "parts of this list stand under lead-ins that name different ports "
                    "or sides (or none): the list gets none of them",
                    box,
                    scope.text,
                )
            )
        return None

    def build(self, title: str, issues: list[Issue]) -> HostList | None:
        if not self.has_values:
            return None
        bound = self._bound_scope()
        issues.extend(self.issues)
        scope_evidence: list[Evidence] = []
        if bound is not None:
            scope, box = bound
            scope_evidence = [
                Evidence(field="scope", value=scope.text, text=scope.text, box=box),
                *(
                    Evidence(field="ports", value=p.key, text=scope.text, box=box)
                    for p in scope.ports
                ),
            ]
        return HostList(
            id=host_list_id(title),
            title=title,
            description=cl.join_texts(self.prose),
            hosts=list(self.hosts),
            addresses=list(self.addresses),
            scope=bound[0].text if bound else "",
            ports=bound[0].ports if bound else [],
            side=bound[0].side if bound else None,  # type: ignore[arg-type]
            provenance=Provenance(
                pages=sorted({b.page for b in self.boxes}), box=self.boxes[0], boxes=self.boxes
            ),
            evidence=self.host_evidence + self.address_evidence + scope_evidence,
        )


_MAX_LABEL_WORDS = 8
_VALUE_KINDS = {"address", "address-range", "hostname"}


@dataclass
class LabelledValues:
    """The items of one label: its value lines, and the label's own words (the list's
    title, and so where it came from)."""

    values: list[TextLine] = field(default_factory=list)
    labels: list[TextLine] = field(default_factory=list)


def labelled_values(
    lines: list[TextLine],
) -> tuple[dict[str, LabelledValues], list[TextLine]]:
    """List items that name a list and give its values ("Hooks: 192.0.2.0/26,
    198.51.100.0/27", "Git over SSH: 203.0.113.128/27"; a line of values right under one,
    set in from its start, goes on with it) -> the value lines by label, and the other
    lines. A sentence with one address in it is no such item: its words after the colon
    are not values alone."""
    found: dict[str, LabelledValues] = {}
    rest: list[TextLine] = []
    label: str | None = None
    above: TextLine | None = None
    for line in lines:
        words = [w for w in line.words if not cl.BULLET.fullmatch(w.text)]
        colon = next((k for k, w in enumerate(words) if w.text.endswith(":")), None)
        values = words[colon + 1 :] if colon is not None else words
        kinds = [cl.classify(w.text) for w in values]
        only_values = (
            bool(values)
            and all(k in _VALUE_KINDS or k == "connector" for k in kinds)
            and any(k in _VALUE_KINDS for k in kinds)
        )
        if colon is not None and only_values and colon < _MAX_LABEL_WORDS:
            name = " ".join(w.text for w in words[: colon + 1]).rstrip(":").strip()
            if name and name[:1].isalpha():
                label, above = name, line
                item = found.setdefault(name, LabelledValues())
                item.values.append(TextLine(values))
                given = {id(w) for w in values}  # the label with its bullet, if any
                item.labels.append(TextLine([w for w in line.words if id(w) not in given]))
                continue
        goes_on = (
            label is not None
            and above is not None
            and colon is None
            and only_values
            and line.page == above.page
            and 0 <= line.top - above.bottom < 0.8 * above.size
            and line.x0 > above.x0 + above.size
        )
        if goes_on:
            assert label is not None
            found[label].values.append(line)
            above = line
            continue
        label = above = None
        rest.append(line)
    return found, rest


def column_major(found: list[tuple[cl.Token, str]]) -> list[tuple[cl.Token, str]]:
    """Newspaper columns read down each column, then across, page by page."""
    by_page: dict[int, list[tuple[cl.Token, str]]] = defaultdict(list)
    for item in found:
        by_page[item[0].page].append(item)
    ordered = []
    for page in sorted(by_page):
        items = by_page[page]
        starts = sorted({round(t.words[0].x0) for t, _ in items})
        gap = 4 * items[0][0].words[0].size  # wider than a few spaces: another column
        columns: list[float] = []
        for x in starts:
            if not columns or x - columns[-1] > gap:
                columns.append(x)

        def col(x: float, columns: list[float] = columns) -> int:
            return max(i for i, c in enumerate(columns) if c <= x + 1) if x + 1 >= columns[0] else 0

        ordered.extend(sorted(items, key=lambda it: (col(it[0].words[0].x0), it[0].words[0].top)))
    return ordered


def page_boxes(lines: list[TextLine]) -> list[Box]:
    by_page: dict[int, list[TextLine]] = defaultdict(list)
    for ln in lines:
        by_page[ln.page].append(ln)
    return [
        make_box(
            p,
            min(ln.x0 for ln in ls),
            min(ln.top for ln in ls),
            max(ln.x1 for ln in ls),
            max(ln.bottom for ln in ls),
        )
        for p, ls in sorted(by_page.items())
    ]


SECTION_REF = re.compile(r"(?i)\bsection\s+(\d+(?:\.\d+)*)")


def link_host_lists(rules: list[Rule], host_lists: list[HostList], numbers: dict[str, str]) -> None:
    """A rule that names a host-list section by title ("servers listed in Section 4 –
    Spam Rule updates"), or by the number printed in its heading, refers to it."""

    def norm(text: str) -> str:
        return re.sub(r"[^0-9a-z]", "", text.lower())

    by_number = {number: hl_id for hl_id, number in numbers.items()}
    for rule in rules:
        raw = rule.notes + " " + " ".join(rule.cells.values())
        text = norm(raw)
        found = [hl.id for hl in host_lists if norm(hl.title) and norm(hl.title) in text]
        if not found:
            found = [by_number[n] for n in SECTION_REF.findall(raw) if n in by_number]
        for hl_id in found:
            if hl_id not in rule.host_lists:
                rule.host_lists.append(hl_id)
