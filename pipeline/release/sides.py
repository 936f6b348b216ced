"""A rule's endpoints by side, as the flows and per-port lists publish them.

The source and destination columns give their endpoints; a host or address the row
names elsewhere takes the side its ``peers`` record gives (the row's words or printed
direction); a host list the row refers to takes the row's printed direction, else the
side its own lead-in gives. Everything else is **side unknown**: published as such,
never on a side.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from pipeline.model.models import Document, HostList, Rule
from pipeline.values.ids import host_key, network_text, parse_network
from pipeline.values.sides import direction_side

# A feed line is one entry: anything with spaces, slashes or control characters is
# not a hostname (the extractor reports those as issues) and must not reach a device.
# A wildcard is kept the way firewall domain lists take it (Palo Alto EDL, FortiGate
# domain feeds): ``*.cdn.example.net``, the whole leftmost label and only there.
FEED_HOSTNAME = re.compile(
    r"^(?:\*\.)?[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?(?:\.[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?)*$"
)


Endpoint = tuple[str, str]  # (type: role|host|address|any, value)


def endpoint(text: str) -> Endpoint:
    """An endpoint as a flow names it: ``any``, an address or network, a hostname, or a
    role as printed (anything else: "Admin workstation", "Internet")."""
    value = " ".join(text.split())
    network = parse_network(value)
    if value.casefold() == "any":
        return ("any", "any")
    if network is not None:
        return ("address", network_text(network))
    if " " not in value and "." in value.strip(".") and FEED_HOSTNAME.match(host_key(value)):
        return ("host", host_key(value))
    return ("role", value)


# (type: role|host|address|any, value, host list id or "")
Named = tuple[str, str, str]
SideFolder = Literal["destination", "source", "side-unknown"]
SIDE_FOLDERS: tuple[SideFolder, ...] = ("destination", "source", "side-unknown")


@dataclass
class Sides:
    sources: set[Named] = field(default_factory=set)
    destinations: set[Named] = field(default_factory=set)
    unknown: set[Named] = field(default_factory=set)

    def add(self, side: str | None, named: Named) -> None:
        if side in ("source", "both"):
            self.sources.add(named)
        if side in ("destination", "both"):
            self.destinations.add(named)
        if side is None:
            self.unknown.add(named)

    def by_folder(self) -> dict[SideFolder, set[Named]]:
        return {
            "destination": self.destinations,
            "source": self.sources,
            "side-unknown": self.unknown,
        }


def list_entries(host_list: HostList) -> list[Named]:
    return [("host", host_key(h), host_list.id) for h in host_list.hosts] + [
        ("address", a.strip(), host_list.id) for a in host_list.addresses
    ]


def rule_sides(rule: Rule, document: Document) -> Sides:
    """Every endpoint of ``rule`` on the side the document gives it, or unknown."""
    sides = Sides()
    for text in rule.source:
        sides.add("source", (*endpoint(text), ""))
    for text in rule.destination:
        sides.add("destination", (*endpoint(text), ""))
    if rule.any_destination:
        sides.add("destination", ("any", "any", ""))
    values = {*rule.hosts, *rule.addresses}
    peers = [peer for peer in rule.peers if peer.value in values]  # none of its own
    placed = {peer.value for peer in peers}
    for peer in peers:
        if peer.by != "column":
            sides.add(peer.side, (*endpoint(peer.value), ""))
    # A value with no peers record (a document read by an older portdoc): side unknown,
    # unless a source/destination column holds it.
    on_a_side = sides.sources | sides.destinations
    for value in [*rule.hosts, *rule.addresses]:
        if value not in placed and (*endpoint(value), "") not in on_a_side:
            sides.add(None, (*endpoint(value), ""))
    lists = {host_list.id: host_list for host_list in document.host_lists}
    for list_id in rule.host_lists:
        if list_id in lists:
            host_list = lists[list_id]
            side = direction_side(rule.direction) or host_list.side
            for named in list_entries(host_list):
                sides.add(side, named)
    return sides
