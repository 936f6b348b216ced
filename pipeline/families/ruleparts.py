"""What a row's cells said -> a rule's ports, direction, sides and evidence: protocol
lines paired with port lines as the document pairs them, the row's directions folded
into one, each port's box, the side the words give each value."""

from __future__ import annotations

from pipeline.families.tables import line_box, make_issue
from pipeline.layout import cells as cl
from pipeline.model.models import Box, Evidence, Issue, Port
from pipeline.values.normalize_endpoints import Value, token_value
from pipeline.values.sides import word_sides


def note_word_sides(
    tokens: list[cl.Token], out: dict[str, str | None], found: list[Value] | None = None
) -> None:
    """The side the cell's words give each value in it ("polling from the monitoring
    server 192.0.2.20": source), kept for ``peers.rule_peers``."""
    found = found or [token_value(tok.text, prose=True) for tok in tokens]
    is_value = [v.kind in ("address", "hostname", "url") for v in found]
    sides = word_sides([tok.text for tok in tokens], is_value)
    for value, side in zip(found, sides, strict=True):
        for each in value.values if side is not None else ():
            out.setdefault(each, side)


def pair_ports(
    protos: list[list[str]],
    ports: list[list[tuple[int, int]]],
    line_protos: list[list[str]],
    box: Box,
    service: str,
    issues: list[Issue],
) -> list[Port]:
    """Protocol lines x port lines, as the document pairs them."""
    pairs: list[tuple[list[str], list[tuple[int, int]]]] = []
    if all(line_protos) and line_protos:
        pairs = list(zip(line_protos, ports, strict=True))
    elif len(protos) == len(ports):
        pairs = list(zip(protos, ports, strict=True))
    elif len(protos) == 1 or (ports and len(ports) == 1):
        every = [p for line in protos for p in line]
        pairs = [(every, [r for line in ports for r in line])]
    elif ports:
        every = list(dict.fromkeys(p for line in protos for p in line))
        pairs = [(every, [r for line in ports for r in line])]
        issues.append(
            make_issue(
                "ambiguous-ports",
                "warning",
                f"{len(protos)} protocol lines beside {len(ports)} port lines: every protocol "
                "applied to every port",
                box,
                service,
            )
        )
    result: list[Port] = []
    for proto_list, ranges in pairs:
        if not proto_list:
            shown = ", ".join(f"{a}-{b}" if a != b else str(a) for a, b in ranges)
            issues.append(
                make_issue(
                    "missing-protocol", "error", f"port(s) {shown} with no protocol", box, service
                )
            )
            continue
        for proto in proto_list:
            for first, last in ranges:
                port = Port(protocol=proto, port=first, port_end=last if last != first else None)
                if port not in result:
                    result.append(port)
    return sorted(result, key=lambda p: (p.protocol, p.port or 0, p.port_end or 0))


def port_evidence(
    name: str,
    ports: list[Port],
    lines: list[list[tuple[int, int]]],
    marks: list[tuple[Box, str]],
    protocols: list[list[str]] | None = None,
) -> list[Evidence]:
    """Each port's evidence: the box of the port line its range was read from; of two
    lines printing the same number ("53" under "TCP" and under "UDP"), the one whose
    protocols are the port's."""
    out = []
    said = protocols or []
    for port in ports:
        key = (port.port, port.port_end or port.port)
        found = [
            (k, mark)
            for k, (ranges, mark) in enumerate(zip(lines, marks, strict=False))
            if key in ranges
        ]
        own = [mark for k, mark in found if k < len(said) and port.protocol in said[k]]
        if own or found:
            box, text = own[0] if own else found[0][1]
            out.append(Evidence(field=name, value=port.key, text=text, box=box))
    return out


def lines_box(lines: list[cl.LogicalLine]) -> Box:
    """The box around a cell's lines on the first line's page."""
    first = [line_box(ln) for ln in lines if ln.page == lines[0].page]
    return Box(
        page=first[0].page,
        x0=min(b.x0 for b in first),
        top=min(b.top for b in first),
        x1=max(b.x1 for b in first),
        bottom=max(b.bottom for b in first),
    )


def fold_direction(directions: list[str]) -> str | None:
    found = set(directions)
    if not found:
        return None
    if "both" in found or {"in", "out"} <= found:
        return "both"
    return found.pop()
