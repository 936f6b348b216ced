"""Stable ids and canonical keys: pure functions shared by the extractor, diff and publish.

A rule's id must survive re-extraction of the same document and, as far as possible,
a new revision of it, so it is built from what the document itself uses to name the
row (section + service) and nothing positional (no page numbers, no row index).
"""

from __future__ import annotations

import hashlib
import ipaddress
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import NamedTuple

from pipeline.model.models import Port, Rule
from pipeline.values.normalize import ip_text, slug

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


def port_keys(ports: Iterable[Port]) -> list[str]:
    """The ports' ``Port.key`` texts, sorted and deduplicated."""
    return sorted({port.key for port in ports})


def rule_ids(rows: Sequence[tuple[str | None, str, Sequence[Port]]]) -> list[str]:
    """Ids for every ``(section, service, ports)`` row of one document, in order.

    Rows whose section and service slug repeat get their ports appended; if even that
    repeats (the same row printed twice), ``-2``, ``-3``... keep the ids unique.
    """
    keys = [RuleKey(section, service, tuple(ports)) for section, service, ports in rows]
    return _ids(keys)


class RuleKey(NamedTuple):
    """What a row's id is made of: where it stands, what it is for, what it allows."""

    section: str | None
    name: str
    ports: tuple[Port, ...]
    endpoints: tuple[tuple[str, ...], tuple[str, ...]] = ((), ())


# An id part longer than this is cut and given a hash of the whole (an endpoint list
# of many networks would otherwise make an id of hundreds of characters).
MAX_PART = 48


def _short(part: str) -> str:
    if len(part) <= MAX_PART:
        return part
    digest = hashlib.sha256(part.encode()).hexdigest()[:8]
    return f"{part[: MAX_PART - 9].rstrip('-')}-{digest}"


def _ports_part(ports: Iterable[Port]) -> str:
    return "+".join(port_keys(ports)) or "none"


def _endpoints_part(endpoints: tuple[tuple[str, ...], tuple[str, ...]]) -> str:
    source, destination = (slug(" ".join(side)) if side else "any" for side in endpoints)
    return _short(f"{source}-to-{destination}")


# A name's first words make its id: a help page's purpose sentence can run to 60 words,
# and an edit at its end should not change the id.
MAX_WORDS = 10


def _words(text: str, limit: int = MAX_WORDS) -> str:
    return " ".join(text.split()[:limit])


# A version or year in a heading ("Contoso SecureMail 3.1 — Network functions", "Ports
# (2025)") changes with each revision; the id must not.
_NUMBER = re.compile(r"^[(\[]?v?\d+(?:[.,]\d+)*[)\]]?[.,:;]?$", re.IGNORECASE)


def section_slug(title: str) -> str:
    """A heading as an id's first part, its numbers (versions, years) left out;
    ``rules`` when there is no heading."""
    words = [word for word in title.split() if not _NUMBER.match(word)]
    return slug(" ".join(words)) if slug(" ".join(words)) != "x" else "rules"


def rule_key(rule: Rule) -> RuleKey:
    """A rule's id parts: section (its kind, else its printed heading, else ``rules``),
    its service, or where a table has no service column its purpose text (notes),
    ports and endpoints."""
    section = rule.section or section_slug(rule.section_title)
    name = rule.service if slug(rule.service) != "x" else _words(rule.notes)
    return RuleKey(section, name, tuple(rule.ports), (tuple(rule.source), tuple(rule.destination)))


def _ids(keys: Sequence[RuleKey]) -> list[str]:
    """Each level is added only where the one before repeats: name, ports, endpoints,
    then ``-2``, ``-3``... for a row printed twice."""
    names = [(key.section, slug(_words(key.name)) if slug(key.name) != "x" else "") for key in keys]
    ids = []
    for (section, name), key in zip(names, keys, strict=True):
        if not name:  # no service and no purpose text: the ports name the row
            name = _ports_part(key.ports)
        ids.append(f"{section}/{name}" if section else name)
    ids = _extend(ids, [_ports_part(key.ports) for key in keys], always=True)
    ids = _extend(ids, [_endpoints_part(key.endpoints) for key in keys], always=False)
    seen: Counter[str] = Counter()
    unique = []
    for rid in ids:
        seen[rid] += 1
        unique.append(rid if seen[rid] == 1 else f"{rid}-{seen[rid]}")
    return unique


def _extend(ids: list[str], parts: list[str], *, always: bool) -> list[str]:
    """Repeated ids get their part appended; unless ``always``, only where the parts
    tell the repeated rows apart (else the counter does, as before)."""
    groups: dict[str, set[str]] = {}
    for rid, part in zip(ids, parts, strict=True):
        groups.setdefault(rid, set()).add(part)
    counts = Counter(ids)
    return [
        f"{rid}/{part}" if counts[rid] > 1 and (always or len(groups[rid]) > 1) else rid
        for rid, part in zip(ids, parts, strict=True)
    ]


def ids_for_rules(rules: Sequence[Rule]) -> list[str]:
    """Ids for every rule of one document, in order (see ``rule_key`` and ``_ids``)."""
    return _ids([rule_key(rule) for rule in rules])


def host_list_id(title: str) -> str:
    """A host list's id: the slug of its title."""
    return slug(title)


def host_key(host: str) -> str:
    """Hostnames compare case-insensitively and without a trailing root dot."""
    return host.strip().lower().rstrip(".")


@lru_cache(maxsize=4096)  # a diff or a publish asks again for every address it sorts
def parse_network(text: str) -> IPNetwork | None:
    """An address (as a /32 or /128) or a network, or None when the text is neither.

    Host bits are masked (``192.0.2.1/24`` -> ``192.0.2.0/24``): a firewall entry
    covers the whole network either way. (The networks are immutable: one answer can
    be shared.)
    """
    try:
        return ipaddress.ip_network(text.strip(), strict=False)
    except ValueError:
        return None


def network_text(network: IPNetwork) -> str:
    """``192.0.2.1`` for a single address, ``192.0.2.0/24`` for a network."""
    if network.prefixlen == network.max_prefixlen:
        return ip_text(network.network_address)
    return ip_text(network)


def address_key(text: str) -> str:
    """Canonical text of an address, so ``2001:DB8::1`` and ``2001:db8::1`` compare equal."""
    network = parse_network(text)
    return network_text(network) if network is not None else text.strip().lower()


def address_sort_key(text: str) -> tuple[int, int, int, str]:
    """Numeric order (IPv4 before IPv6, then address, then prefix); unparsable last."""
    network = parse_network(text)
    if network is None:
        return (9, 0, 0, text)
    return (network.version, int(network.network_address), network.prefixlen, text)


def version_key(version: str) -> tuple[tuple[int, ...], str]:
    """Order revisions by their numbers (``3.10`` after ``3.9``), the text breaking ties."""
    return (tuple(int(part) for part in re.findall(r"\d+", version)), version)
