"""A rule's hosts and addresses -> ``Peer`` records: each value with the side of the
connection the document gives it, and what gives it. Never a default: a value the
row names in no source/destination column, with no side in its words and no printed
direction, has side ``None`` (side unknown)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from pipeline.families.tables import make_issue
from pipeline.model.models import Box, Issue, Peer
from pipeline.values import normalize as nz
from pipeline.values.sides import direction_side


def _column_side(value: str, source: Sequence[str], destination: Sequence[str]) -> str | None:
    def has(endpoints: Sequence[str]) -> bool:
        return any(nz.collapse_ws(e).casefold() == value.casefold() for e in endpoints)

    on_source, on_destination = has(source), has(destination)
    if on_source and on_destination:
        return "both"
    return "source" if on_source else "destination" if on_destination else None


def rule_peers(
    values: Sequence[str],
    source: Sequence[str],
    destination: Sequence[str],
    direction: str | None,
    word_sides: Mapping[str, str | None],
    box: Box,
    issues: list[Issue],
) -> list[Peer]:
    """Each value's side: its source/destination column; else the row's printed
    direction (inbound: the peer is the source; outbound: the destination); else the
    row's words ("from X", "to X", "between"); else unknown. Words that say the
    other side than the direction are a ``side-conflict`` warning (the direction,
    printed for the connection, is kept)."""
    peers: list[Peer] = []
    by_direction = direction_side(direction)
    for value in values:
        worded = word_sides.get(value)
        if (side := _column_side(value, source, destination)) is not None:
            peers.append(Peer(value=value, side=side, by="column"))  # type: ignore[arg-type]
        elif by_direction is not None:
            peers.append(Peer(value=value, side=by_direction, by="direction"))  # type: ignore[arg-type]
            if worded not in (None, "both", by_direction) and by_direction != "both":
                issues.append(
                    make_issue(
                        "side-conflict",
                        "warning",
                        f"the row's direction ({direction}) puts {value} on the "
                        f"{by_direction} side, its words on the {worded} side: the "
                        "direction is kept",
                        box,
                        value,
                    )
                )
        elif worded is not None:
            peers.append(Peer(value=value, side=worded, by="words"))  # type: ignore[arg-type]
        else:
            peers.append(Peer(value=value))
    return peers
