"""Stable ids and canonical keys: pure functions shared by the extractor, diff and publish.

A rule's id must survive re-extraction of the same document and, as far as possible,
a new revision of it, so it is built from what the document itself uses to name the
row (section + service) and nothing positional (no page numbers, no row index).
"""

from __future__ import annotations

import ipaddress
import re
from collections import Counter
from collections.abc import Iterable, Sequence

from pipeline.models import Port
from pipeline.normalize import ip_text, slug

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


def port_keys(ports: Iterable[Port]) -> list[str]:
    """The ports' ``Port.key`` texts, sorted and deduplicated."""
    return sorted({port.key for port in ports})


def rule_id(section: str, service: str, ports: Sequence[Port], duplicate: bool) -> str:
    """``external/time-service``; ``internal/x/tcp/88+udp/389`` when the name repeats."""
    base = f"{section}/{slug(service)}"
    if not duplicate:
        return base
    return f"{base}/{'+'.join(port_keys(ports)) or 'none'}"


def rule_ids(rows: Sequence[tuple[str, str, Sequence[Port]]]) -> list[str]:
    """Ids for every ``(section, service, ports)`` row of one document, in order.

    Rows whose section and service slug repeat get their ports appended; if even that
    repeats (the same row printed twice), ``-2``, ``-3``... keep the ids unique.
    """
    names = Counter((section, slug(service)) for section, service, _ in rows)
    ids = [
        rule_id(section, service, ports, names[section, slug(service)] > 1)
        for section, service, ports in rows
    ]
    seen: Counter[str] = Counter()
    unique = []
    for rid in ids:
        seen[rid] += 1
        unique.append(rid if seen[rid] == 1 else f"{rid}-{seen[rid]}")
    return unique


def host_list_id(title: str) -> str:
    """A host list's id: the slug of its title."""
    return slug(title)


def host_key(host: str) -> str:
    """Hostnames compare case-insensitively and without a trailing root dot."""
    return host.strip().lower().rstrip(".")


def parse_network(text: str) -> IPNetwork | None:
    """An address (as a /32 or /128) or a network, or None when the text is neither.

    Host bits are masked (``192.0.2.1/24`` -> ``192.0.2.0/24``): a firewall entry
    covers the whole network either way.
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
