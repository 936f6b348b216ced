"""A lead-in above a host or address list -> the ports and side it gives the list.

"Allow HTTPS (TCP 443) from the gateway to these hostnames:" gives the list below it
tcp/443 on the destination side; "The following ranges must be reachable on TCP 443
and UDP 3478" gives tcp/443 and udp/3478, destination. A port printed with no
protocol ("on port 443") cannot be bound: the caller says so in an issue.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.model.models import Port
from pipeline.values import normalize as nz
from pipeline.values import vocabulary as vocab
from pipeline.values.sides import scope_side

_NUMBER = r"\d{1,5}(?:\s*[-–]\s*\d{1,5})?(?![\d/])"
_NUMBERS = rf"{_NUMBER}(?:\s*(?:,|and|or)\s*{_NUMBER})*"
# "TCP 443", "TCP/UDP 53", "TCP ports 80 and 443", "UDP 3478"
_PREFIX = re.compile(rf"(?i)\b(tcp|udp|sctp)(?:\s*/\s*(tcp|udp))?\s*(?:ports?\s*)?({_NUMBERS})")
# "443/tcp"
_POSTFIX = re.compile(r"(?i)\b(\d{1,5}(?:-\d{1,5})?)\s*/\s*(tcp|udp|sctp)\b")
# "HTTPS 443", "SMTP port 25": an application name standing for its transport
_APPLICATION = re.compile(r"\b([A-Za-z][A-Za-z0-9-]*)\s+(?:ports?\s+)?(\d{1,5})\b")
# "port 443", "ports 80 and 443": a port with no protocol
_PORT_WORD = re.compile(rf"(?i)\bports?\s+({_NUMBERS})")


@dataclass
class Scope:
    """What a lead-in says about the list below it."""

    text: str
    ports: list[Port] = field(default_factory=list)
    side: str | None = None
    unbound: list[str] = field(default_factory=list)  # ports printed with no protocol

    @property
    def says_something(self) -> bool:
        return bool(self.ports or self.side or self.unbound)

    def key(self) -> tuple[tuple[str, ...], str | None]:
        return tuple(p.key for p in self.ports), self.side


def _ports(protocols: list[str], numbers: str) -> list[Port]:
    try:
        ranges = nz.ports(re.sub(r"\s*(?:,|and|or)\s*", ",", numbers).replace("–", "-"))
    except nz.InvalidValue:
        return []
    return [
        Port(protocol=proto, port=first, port_end=last if last != first else None)
        for proto in protocols
        for first, last in ranges
    ]


def read_scope(text: str) -> Scope:
    """The ports and side a lead-in names (see the module's doc)."""
    text = nz.collapse_ws(text)
    scope = Scope(text=text, side=scope_side(text))
    taken: list[tuple[int, int]] = []
    for m in _PREFIX.finditer(text):
        protocols = [p.lower() for p in (m[1], m[2]) if p]
        scope.ports += _ports(protocols, m[3])
        taken.append(m.span())
    for m in _POSTFIX.finditer(text):
        scope.ports += _ports([m[2].lower()], m[1])
        taken.append(m.span())
    for m in _APPLICATION.finditer(text):
        inside = any(a <= m.start(2) < b for a, b in taken)
        transports = vocab.application_transports(m[1])
        if transports and not inside and not vocab.is_transport(m[1]):
            scope.ports += _ports(list(transports), m[2])
            taken.append(m.span())
    for m in _PORT_WORD.finditer(text):
        if not any(a <= m.start(1) < b for a, b in taken):
            scope.unbound.append(m[0])
    unique = {p.key: p for p in scope.ports}
    scope.ports = sorted(unique.values(), key=lambda p: (p.protocol, p.port or 0, p.port_end or 0))
    return scope
