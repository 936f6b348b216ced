"""The semantic diff between two revisions of a document: what a firewall admin must change.

``Diff.model_dump(mode="json")`` is exactly what ``portdoc diff`` writes (the contract in
the shared corpus README): keys use their JSON names (``from``), and a change carries
only the fields that moved. Rules are matched by id, then by name (also with spaces
left out: "documentatio n" in a narrow cell is "documentation" printed wider, no rename),
and an unmatched removal + addition with the same ports and destinations is reported as
one rename.
"""

from __future__ import annotations

import json
import textwrap
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Iterable, Sequence
from itertools import combinations
from typing import Any, Literal, TypeVar

from pydantic import (
    AliasChoices,
    BaseModel,
    ConfigDict,
    Field,
    model_serializer,
)

from pipeline.model.models import Document, HostList, Rule, SectionKind
from pipeline.values import normalize as nz
from pipeline.values.ids import (
    address_key,
    address_sort_key,
    host_key,
    parse_network,
    slug,
    version_key,
)
from pipeline.values.text import visible

ChangeKind = Literal["added", "removed", "changed"]
Scalar = str | bool | None
Item = TypeVar("Item", Rule, HostList)

# JSON says "from" (a Python keyword): the field is ``from_`` in code, "from" on the wire.
FROM = AliasChoices("from", "from_")
# Set-valued rule facts, in the order a human reads them.
SET_FIELDS = (
    "ports",
    "source_ports",
    "source",
    "destination",
    "hosts",
    "addresses",
    "address_sources",
    "host_lists",
    "sides",
)


class DiffModel(BaseModel):
    model_config = ConfigDict(
        extra="forbid", serialize_by_alias=True, validate_by_name=True, validate_by_alias=True
    )


class OmitUnset(DiffModel):
    """Optional fields that are None are left out of the JSON (the contract's ``hosts?``);
    a required field keeps its null (a rule's ``section`` where the heading gives none)."""

    @model_serializer(mode="wrap")
    def _omit_none(self, handler: Any) -> dict[str, Any]:
        data: dict[str, Any] = handler(self)
        required = {
            field.serialization_alias or name
            for name, field in type(self).model_fields.items()
            if field.is_required()
        }
        return {key: value for key, value in data.items() if value is not None or key in required}


class Delta(DiffModel):
    added: list[str] = Field(default_factory=list)
    removed: list[str] = Field(default_factory=list)


class ValueChange(DiffModel):
    from_: Scalar = Field(validation_alias=FROM, serialization_alias="from")
    to: Scalar


class ServiceRename(DiffModel):
    from_: str = Field(validation_alias=FROM, serialization_alias="from")
    to: str


class RuleChange(OmitUnset):
    id: str = Field(description="The new rule's id (the old one's when removed).")
    section: SectionKind | None
    service: str | ServiceRename
    change: ChangeKind
    ports: Delta | None = Field(default=None, description="Port keys: tcp/80, udp/7400-7410.")
    source_ports: Delta | None = Field(default=None, description="Source port keys.")
    source: Delta | None = Field(default=None, description="Source endpoints.")
    destination: Delta | None = Field(default=None, description="Destination endpoints.")
    hosts: Delta | None = None
    addresses: Delta | None = None
    address_sources: Delta | None = None
    host_lists: Delta | None = Field(default=None, description="Ids of host_lists[].")
    sides: Delta | None = Field(
        default=None,
        description="Sides of hosts and addresses named outside a source/destination "
        "column: 'source 192.0.2.20', 'destination a.example.net', 'side-unknown ...'.",
    )
    direction: ValueChange | None = None
    any_destination: ValueChange | None = None
    notes: ValueChange | None = None


class HostListChange(OmitUnset):
    id: str
    title: str
    change: ChangeKind
    hosts: Delta | None = None
    addresses: Delta | None = None
    ports: Delta | None = Field(default=None, description="Ports the list's lead-in gives it.")
    side: ValueChange | None = Field(default=None, description="The side its lead-in gives it.")


class EffectiveChange(OmitUnset):
    """A change the vendor's history announces for a date: a retirement of addresses
    ("will be retired on 30 June 2025"), or another entry that says when it takes effect."""

    version: str = Field(description="The history entry's version.")
    effective: str | None = Field(
        default=None, description="The date it takes effect (YYYY-MM-DD), where the entry says."
    )
    description: str = Field(description="The vendor's words.")
    addresses: list[str] | None = Field(
        default=None, description="Retirements: the addresses announced for retirement."
    )


class Diff(DiffModel):
    from_: str | None = Field(
        validation_alias=FROM, serialization_alias="from", description="The old version."
    )
    to: str | None = Field(description="The new document's version.")
    rules: list[RuleChange] = Field(default_factory=list)
    host_lists: list[HostListChange] = Field(default_factory=list)
    history_added: list[str] = Field(default_factory=list)
    history_removed: list[str] = Field(default_factory=list)
    effective_changes: list[EffectiveChange] = Field(
        default_factory=list,
        description="Of the history entries added: retirements and other dated changes.",
    )

    @property
    def empty(self) -> bool:
        return not (self.rules or self.host_lists or self.history_added or self.history_removed)


# --- comparing one rule or host list --------------------------------------------------


def _port_sort_key(key: str) -> tuple[str, int, int]:
    protocol, _, numbers = key.partition("/")
    first, _, last = numbers.partition("-")
    start = int(first) if first.isdigit() else -1
    return (protocol, start, int(last) if last.isdigit() else start)


_SORT_KEYS: dict[str, Callable[[str], Any]] = {
    "ports": _port_sort_key,
    "source_ports": _port_sort_key,
    "addresses": address_sort_key,
}


def endpoint_key(endpoint: str) -> str:
    """An address or network, a hostname, or a role ("Admin workstation"), compared
    without case, layout spaces or a root dot; ``any`` is ``any``."""
    text = " ".join(endpoint.split())
    if parse_network(text) is not None:
        return address_key(text)
    return host_key(text).casefold()


def _set_values(item: Rule | HostList, field: str) -> dict[str, str]:
    """Canonical key -> the text shown in the diff, for one set-valued field."""
    if field in ("ports", "source_ports"):
        return {port.key: port.key for port in getattr(item, field, [])}
    if field in ("source", "destination"):
        endpoints: list[str] = getattr(item, field, [])
        return {endpoint_key(e): " ".join(e.split()) for e in endpoints}
    if field == "hosts":
        return {host_key(h): host_key(h) for h in item.hosts}
    if field == "addresses":
        return {address_key(a): address_key(a) for a in item.addresses}
    if field == "sides":  # the column's sides are in source/destination already
        peers = [p for p in getattr(item, "peers", []) if p.by != "column"]
        shown = [(p.side or "side-unknown", endpoint_key(p.value)) for p in peers]
        return {f"{side} {value}": f"{side} {value}" for side, value in shown}
    values: list[str] = getattr(item, field)
    return {value.strip(): value.strip() for value in values}


def _delta(field: str, old: dict[str, str], new: dict[str, str]) -> Delta | None:
    sort_key = _SORT_KEYS.get(field, str)
    added = sorted((new[k] for k in new.keys() - old.keys()), key=sort_key)
    removed = sorted((old[k] for k in old.keys() - new.keys()), key=sort_key)
    return Delta(added=added, removed=removed) if added or removed else None


def _notes(rule: Rule) -> str:
    # Line breaks and double spaces come from the layout, not from the vendor's meaning.
    return " ".join(rule.notes.split())


def _rule_fields(old: Rule | None, new: Rule | None) -> dict[str, Any]:
    """The RuleChange fields that differ between two versions of a rule (None = absent)."""
    empty = Rule(id="", section="external", section_title="", service="")
    before, after = old or empty, new or empty
    fields: dict[str, Any] = {}
    for field in SET_FIELDS:
        delta = _delta(field, _set_values(before, field), _set_values(after, field))
        if delta is not None:
            fields[field] = delta
    if before.direction != after.direction:
        fields["direction"] = ValueChange(from_=before.direction, to=after.direction)
    if before.any_destination != after.any_destination:
        fields["any_destination"] = ValueChange(
            from_=before.any_destination, to=after.any_destination
        )
    # An added or removed rule's notes are in the document; repeating them is noise.
    if old is not None and new is not None and _notes(old) != _notes(new):
        fields["notes"] = ValueChange(from_=old.notes, to=new.notes)
    return fields


def _rule_change(old: Rule | None, new: Rule | None) -> RuleChange | None:
    either = new or old
    assert either is not None
    fields = _rule_fields(old, new)
    if old is None or new is None:
        change: ChangeKind = "added" if old is None else "removed"
        return RuleChange(
            id=either.id, section=either.section, service=either.service, change=change, **fields
        )
    renamed = _spaceless(old.service) != _spaceless(new.service)
    if not fields and not renamed:
        return None
    service = ServiceRename(from_=old.service, to=new.service) if renamed else new.service
    return RuleChange(id=new.id, section=new.section, service=service, change="changed", **fields)


def _host_list_change(old: HostList | None, new: HostList | None) -> HostListChange | None:
    either = new or old
    assert either is not None
    empty = HostList(id="", title="")
    fields: dict[str, Any] = {}
    for field in ("hosts", "addresses", "ports"):
        delta = _delta(field, _set_values(old or empty, field), _set_values(new or empty, field))
        if delta is not None:
            fields[field] = delta
    if (old or empty).side != (new or empty).side:
        fields["side"] = ValueChange(from_=(old or empty).side, to=(new or empty).side)
    if old is not None and new is not None and not fields:
        return None
    change: ChangeKind = "added" if old is None else "removed" if new is None else "changed"
    return HostListChange(id=either.id, title=either.title, change=change, **fields)


# --- matching -----------------------------------------------------------------------


def _by_id(items: Iterable[Item]) -> dict[str, Item]:
    """Items by id; a repeated id (malformed input) gets ``#2``... so nothing is dropped."""
    seen: Counter[str] = Counter()
    out: dict[str, Item] = {}
    for item in items:
        seen[item.id] += 1
        out[item.id if seen[item.id] == 1 else f"{item.id}#{seen[item.id]}"] = item
    return out


def _pair_by(
    removed: list[Rule], added: list[Rule], key: Callable[[Rule], Any]
) -> tuple[list[tuple[Rule, Rule]], list[Rule], list[Rule]]:
    """Pair leftovers with equal keys, in id order; returns pairs and what is still
    unpaired. Each removed rule takes the first unpaired added one of its key (keys are
    looked up, not compared pair by pair: linear in the rules)."""
    waiting: dict[Any, deque[int]] = defaultdict(deque)
    for position, new in enumerate(added):
        waiting[key(new)].append(position)
    pairs: list[tuple[Rule, Rule]] = []
    used: set[int] = set()
    still_removed: list[Rule] = []
    for old in removed:
        queue = waiting.get(key(old))
        if queue:
            position = queue.popleft()
            used.add(position)
            pairs.append((old, added[position]))
        else:
            still_removed.append(old)
    return pairs, still_removed, [new for i, new in enumerate(added) if i not in used]


def _spaceless(service: str) -> str:
    """A service name compared with its spaces left out: a word processor breaks a word
    too long for a narrow cell inside it ("documentatio" / "n"), and the next revision,
    laid out wider, prints it whole. The two are one name, not a rename."""
    return slug("".join(service.split()))


def _name_key(rule: Rule) -> tuple[str | None, str]:
    return (rule.section, _spaceless(rule.service))


def _name_ports_key(rule: Rule) -> tuple[Any, ...]:
    return (*_name_key(rule), frozenset(_set_values(rule, "ports")))


# What a rule allows besides its name: a rename keeps them all; a change moves a few.
FACT_FIELDS = ("ports", "source_ports", "source", "destination", "hosts", "addresses")


def _facts(rule: Rule) -> tuple[Any, ...]:
    sets = tuple(frozenset(_set_values(rule, field)) for field in FACT_FIELDS)
    return (*sets, rule.direction, rule.any_destination, _notes(rule).casefold())


def _rename_key(rule: Rule) -> tuple[Any, ...]:
    """Same section, ports, endpoints, hosts and addresses: the row was renamed."""
    facts = _facts(rule)[: len(FACT_FIELDS)]
    if not any(facts):
        return (id(rule),)  # a row with no facts at all is never a rename of another
    return (rule.section, *facts)


def _similarity(old: Rule, new: Rule) -> int:
    """How many of the two rules' facts (ports, endpoints, hosts, direction, purpose
    text...) are equal."""
    return sum(a == b for a, b in zip(_facts(old), _facts(new), strict=True))


# A row without a name (a table with no service column) is the same row in the next
# revision only if at most this many of its facts moved.
MAX_UNNAMED_MOVES = 2


def _least_alike(rule: Rule) -> int:
    """The fewest equal facts with which a rule may pair with another of its name: any
    for a named row, nearly all for a row with no name."""
    return 0 if slug(rule.service) != "x" else len(FACT_FIELDS) + 3 - MAX_UNNAMED_MOVES


def _pair_similar(
    removed: list[Rule], added: list[Rule]
) -> tuple[list[tuple[Rule, Rule]], list[Rule], list[Rule]]:
    """Rows that share a name (a repeated service, or none) paired most alike first, so a
    changed port, endpoint or direction is one change, not a removal and an addition.

    Greedy, as over every candidate pair sorted by (most equal facts, old id, new id),
    but found by lookup: for each number of equal facts, from all down, each unpaired
    old rule (in id order) takes the unpaired new rule of its name, lowest id first,
    that agrees with it on some set of that many facts. The sets are looked up in a
    table (at most 2^9 per rule in all), so 10,000 rules of one name pair in seconds
    where all pairs would be 10^8."""
    olds = sorted(range(len(removed)), key=lambda i: (removed[i].id, i))
    news = sorted(range(len(added)), key=lambda j: (added[j].id, j))
    rank = {j: r for r, j in enumerate(news)}
    old_facts = {i: (_name_key(removed[i]), _facts(removed[i])) for i in olds}
    new_facts = {j: (_name_key(added[j]), _facts(added[j])) for j in news}
    names_left = Counter(name for name, _facts_ in new_facts.values())
    width = len(FACT_FIELDS) + 3
    used_old: set[int] = set()
    used_new: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for alike in range(width, -1, -1):
        todo = [
            i
            for i in olds
            if i not in used_old
            and names_left[old_facts[i][0]]
            and alike >= _least_alike(removed[i])
        ]
        if not todo:
            continue
        subsets = list(combinations(range(width), alike))
        names = {old_facts[i][0] for i in todo}
        table: dict[tuple[Any, ...], deque[int]] = defaultdict(deque)
        for j in news:  # in id order: each queue's first unused is the lowest id
            name, facts = new_facts[j]
            if j in used_new or name not in names:
                continue
            for subset in subsets:
                table[(name, subset, *(facts[k] for k in subset))].append(j)
        for i in todo:
            name, facts = old_facts[i]
            best: int | None = None
            for subset in subsets:
                queue = table.get((name, subset, *(facts[k] for k in subset)))
                while queue and queue[0] in used_new:
                    queue.popleft()
                if queue and (best is None or rank[queue[0]] < rank[best]):
                    best = queue[0]
            if best is not None:
                used_old.add(i)
                used_new.add(best)
                names_left[name] -= 1
                pairs.append((i, best))
    return (
        [(removed[i], added[j]) for i, j in pairs],
        [r for i, r in enumerate(removed) if i not in used_old],
        [r for j, r in enumerate(added) if j not in used_new],
    )


def match_rules(
    old: Sequence[Rule], new: Sequence[Rule]
) -> tuple[list[tuple[Rule, Rule]], list[Rule], list[Rule]]:
    """(pairs, removed, added). By id first; then, for ids that changed because a
    duplicate-named row appeared or went away or a repeated row's ports or endpoints
    moved, by name and ports, then by name and likeness; then renames. Names are
    compared with their spaces left out (a word broken in a narrow cell)."""
    old_ids, new_ids = _by_id(old), _by_id(new)
    pairs = [(old_ids[i], new_ids[i]) for i in sorted(old_ids.keys() & new_ids.keys())]
    removed = [old_ids[i] for i in sorted(old_ids.keys() - new_ids.keys())]
    added = [new_ids[i] for i in sorted(new_ids.keys() - old_ids.keys())]
    more, removed, added = _pair_by(removed, added, _name_ports_key)
    pairs += more
    more, removed, added = _pair_similar(removed, added)
    pairs += more
    more, removed, added = _pair_by(removed, added, _rename_key)
    return pairs + more, removed, added


def _rule_sort_key(change: RuleChange) -> tuple[str, str, str]:
    return (change.section or "", change.id, change.change)


def diff_documents(old: Document, new: Document) -> Diff:
    """What changed from ``old`` to ``new``: deterministic, sorted."""
    pairs, removed, added = match_rules(old.rules, new.rules)
    changes = [_rule_change(o, n) for o, n in pairs]
    changes += [_rule_change(o, None) for o in removed]
    changes += [_rule_change(None, n) for n in added]

    old_lists, new_lists = _by_id(old.host_lists), _by_id(new.host_lists)
    list_changes = [
        _host_list_change(old_lists.get(i), new_lists.get(i))
        for i in sorted(old_lists.keys() | new_lists.keys())
    ]
    old_history = {entry.version for entry in old.history}
    new_history = {entry.version for entry in new.history}
    added_history = sorted(new_history - old_history, key=version_key)
    return Diff(
        from_=old.document.version,
        to=new.document.version,
        rules=sorted((c for c in changes if c is not None), key=_rule_sort_key),
        host_lists=[c for c in list_changes if c is not None],
        history_added=added_history,
        history_removed=sorted(old_history - new_history, key=version_key),
        effective_changes=effective_changes(new, added_history),
    )


def effective_changes(
    document: Document, versions: Sequence[str] | None = None
) -> list[EffectiveChange]:
    """The history entries of ``versions`` (all, oldest first, for None) that retire
    addresses or give a date they take effect, in that order."""
    if versions is None:
        versions = sorted({entry.version for entry in document.history}, key=version_key)
    entries = {entry.version: entry for entry in document.history}
    out = []
    for entry in (entries[v] for v in versions if v in entries):
        if not (entry.effective or entry.retired_addresses):
            continue
        addresses = sorted({address_key(a) for a in entry.retired_addresses}, key=address_sort_key)
        out.append(
            EffectiveChange(
                version=entry.version,
                effective=entry.effective,
                description=nz.collapse_ws(entry.description),
                addresses=addresses or None,
            )
        )
    return out


# --- human-readable -----------------------------------------------------------------

_SIGNS = {"added": "+", "removed": "-", "changed": "~"}
EFFECTIVE_SIGN = "!"  # a change the vendor announces for a date
_MAX_LISTED = 8  # an added rule's destinations, beyond which a count is shown
TEXT_WIDTH = 100  # columns of `portdoc diff --format text`


def _shorten(values: list[str], limit: int = _MAX_LISTED) -> str:
    if len(values) <= limit:
        return " ".join(values)
    return " ".join(values[:limit]) + f" … (+{len(values) - limit} more)"


def _show(value: Scalar) -> str:
    return "none" if value is None else str(value).lower() if isinstance(value, bool) else value


def address_runs(values: list[str]) -> list[str]:
    """Addresses in order, each run of three or more consecutive single addresses as
    ``first–last (n)``: a list a reader can take in (networks and the rest as they are)."""
    out: list[str] = []
    run: list[tuple[str, int, int]] = []  # (text, version, integer) of the current run

    def close() -> None:
        if len(run) >= 3:
            out.append(f"{run[0][0]}–{run[-1][0]} ({len(run)})")
        else:
            out.extend(text for text, _version, _n in run)
        run.clear()

    for value in values:
        network = parse_network(value)
        single = network is not None and network.num_addresses == 1
        if not single or network is None:
            close()
            out.append(value)
            continue
        here = (value, network.version, int(network.network_address))
        if run and (run[-1][1], run[-1][2] + 1) != here[1:]:
            close()
        run.append(here)
    close()
    return out


def _details(change: RuleChange | HostListChange, *, ranges: bool = False) -> list[str]:
    """Each field's values; with ``ranges``, consecutive addresses as one range."""
    parts: list[str] = []
    for field in SET_FIELDS:
        delta: Delta | None = getattr(change, field, None)
        if delta is None:
            continue
        added, removed = delta.added, delta.removed
        if ranges and field == "addresses":
            added, removed = address_runs(added), address_runs(removed)
        if change.change == "changed":
            signed = [f"+{v}" for v in added] + [f"-{v}" for v in removed]
            parts.append(f"{field.replace('_', ' ')} {' '.join(signed)}")
        elif field in ("ports", "hosts", "addresses"):
            parts.append(_shorten(added or removed))
    for field in ("direction", "any_destination", "side"):
        value: ValueChange | None = getattr(change, field, None)
        if value is None:
            continue
        if change.change == "changed":
            parts.append(f"{field.replace('_', ' ')} {_show(value.from_)} → {_show(value.to)}")
        else:
            parts.append(f"{field.replace('_', ' ')} {_show(value.to or value.from_)}")
    if getattr(change, "notes", None) is not None:
        parts.append("notes changed")
    return parts


def _change_line(
    section: str, name: str, change: RuleChange | HostListChange, *, ranges: bool = False
) -> str:
    details = _details(change, ranges=ranges)
    if isinstance(change, RuleChange) and isinstance(change.service, ServiceRename) and not details:
        details = ["renamed"]
    # One change, one line: a line break inside a printed name must not split it.
    name = " ".join(name.split())
    return f"{_SIGNS[change.change]} " + "  ".join([section, name, *details]).rstrip()


def diff_lines(diff: Diff, *, ranges: bool = False) -> list[str]:
    """One line per change: ``+ external  Sandbox detonation service  tcp/443 …``; with
    ``ranges``, consecutive addresses are shown as one range."""
    lines: list[str] = []
    for rule in diff.rules:
        name = rule.service
        if isinstance(name, ServiceRename):
            name = f"{name.from_} → {name.to}"
        lines.append(_change_line(rule.section or "-", name, rule, ranges=ranges))
    lines += [_change_line("host list", h.title, h, ranges=ranges) for h in diff.host_lists]
    lines += [f"+ history  {version}" for version in diff.history_added]
    lines += [f"- history  {version}" for version in diff.history_removed]
    return lines + [effective_line(change, ranges=ranges) for change in diff.effective_changes]


def effective_line(change: EffectiveChange, *, ranges: bool = False) -> str:
    """``! effective 2025-06-30  retirement (history 2.0)  198.51.100.7  "…"``."""
    when = f"effective {change.effective}" if change.effective else "effective date not given"
    what = "retirement" if change.addresses else "dated change"
    addresses = address_runs(change.addresses or []) if ranges else change.addresses or []
    parts = [f"{what} (history {change.version})", _shorten(addresses, 16)]
    return f"{EFFECTIVE_SIGN} {when}  " + "  ".join(
        [p for p in parts if p] + [json.dumps(change.description, ensure_ascii=False)]
    )


def diff_counts(diff: Diff) -> dict[str, Counter[str]]:
    """``{"rules": {"added": 2, ...}, "host_lists": {...}}``."""
    return {
        "rules": Counter(change.change for change in diff.rules),
        "host_lists": Counter(change.change for change in diff.host_lists),
    }


def diff_summary(diff: Diff) -> str:
    """``rules: 2 added, 1 removed, 1 changed; host lists: 1 changed; history: 1 added``."""
    counts = diff_counts(diff)
    parts = []
    for kind, label in (("rules", "rules"), ("host_lists", "host lists")):
        kinds = counts[kind]
        parts.append(
            f"{label}: {kinds['added']} added, {kinds['removed']} removed, "
            f"{kinds['changed']} changed"
        )
    parts.append(f"history: {len(diff.history_added)} added, {len(diff.history_removed)} removed")
    dates = sorted({c.effective or "date not given" for c in diff.effective_changes})
    if dates:
        n = len(diff.effective_changes)
        parts.append(f"{n} dated change{'' if n == 1 else 's'}: effective {', '.join(dates)}")
    return "; ".join(parts)


def _wrap(line: str, width: int) -> list[str]:
    """A change over ``width`` columns goes on in indented lines, broken between values
    (an address or hostname is never cut)."""
    return textwrap.wrap(
        line,
        width,
        subsequent_indent="    ",
        break_long_words=False,
        break_on_hyphens=False,
    ) or [line]


def diff_text(diff: Diff, width: int = TEXT_WIDTH) -> str:
    """The human summary ``portdoc diff --format text`` prints: changes (consecutive
    addresses as ranges, wrapped at ``width``), then counts."""
    header = f"{_show(diff.from_)} → {_show(diff.to)}"
    body = [part for line in diff_lines(diff, ranges=True) for part in _wrap(line, width)]
    text = "\n".join([header, *(body or ["(no changes)"]), diff_summary(diff)]) + "\n"
    return visible(text)  # a zero-width character printed in a name shows as nothing


__all__ = [
    "Delta",
    "Diff",
    "EffectiveChange",
    "HostListChange",
    "RuleChange",
    "ServiceRename",
    "ValueChange",
    "diff_counts",
    "diff_documents",
    "diff_lines",
    "diff_summary",
    "diff_text",
    "effective_changes",
    "effective_line",
    "match_rules",
]
