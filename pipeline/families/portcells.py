"""The port, protocol and direction cells of a port-table row -> ``RowValues``: ports
printed as "443", "8443, 22", "TCP 25 (SMTP)", "53/UDP,53/TCP (DNS)", "67 and 68",
"1024+", protocols as transports or the applications that stand for them, protocols
printed as column headers ("TCP ports | UDP ports", "Description | UDP | TCP"), the
ICMP types of a protocol without ports, "DYNAMIC" (no port printed), "see comments"
(the ports the row's comments list); each value with the box it was printed in.
(``pipeline.families.ruleparts`` pairs protocols with ports.)"""

from __future__ import annotations

import re

from pipeline.families.rowvalues import RowValues, strip_footnote
from pipeline.families.tables import cell_roles, line_box, make_issue
from pipeline.layout import cells as cl
from pipeline.layout.blocks import Row, Table
from pipeline.layout.headers import header_role
from pipeline.model.models import Box, Evidence, Issue
from pipeline.values import normalize as nz
from pipeline.values import vocabulary as vocab
from pipeline.values.normalize_ports import protocol_cell

PROTO_IN_PORT = re.compile(r"(?i)\b(tcp|udp|icmp|sctp)\b")
# Parentheses left with nothing but the joiners between the transports taken out of
# them: "53 (TCP+UDP)", "(TCP and UDP)".
EMPTY_PARENS = re.compile(r"(?i)\((?:\s|[+&/,]|\band\b|\bor\b)*\)")
PORT_NUMBER = re.compile(r"\d{1,5}(?:-\d{1,5})?")  # "443", "7400-7410": a whole word
PORT_NAME = re.compile(r"\(([^()]*[A-Za-z][^()]*)\)")
OPEN_ENDED = re.compile(r"(>\s*|≥\s*)?(\d{1,5})(\+|\s+and\s+(?:above|higher|up))?")
# A reference to a note, in parentheses with more words or bare: "(See note 3, Alternate
# port available)", "(Note 2)", "Note 2".
NOTE_REF = re.compile(r"(?i)\([^()]*\bnotes?\s*\d+\b[^()]*\)|\b(?:see\s+)?notes?\s*\d+\b")
# A port cell that sends the reader to another column: "see comments", "refer to notes".
SEE_OTHER = re.compile(r"(?i)^\(?(?:see|refer\s+to)\s+(?:the\s+)?([a-z]+)\b")
# Ports a comments cell lists as ports: "SOCKS4, SOCKS5: 1081, 1080" (after a colon).
_ONE = r"\d{1,5}(?:\s*[-–]\s*\d{1,5})?"
LISTED_PORTS = re.compile(rf":\s+({_ONE}(?:\s*(?:,|\band\b|\bor\b)\s*{_ONE})*)(?![\d.:])")


def protocols_in(text: str) -> tuple[list[str], str, list[str]]:
    """Transports printed in a port cell ("TCP 443", "443/tcp"), or else those of an
    application name standing in for one ("HTTPS 443"); the rest of the text; and the
    application names taken out of it."""
    protos = [p.lower() for p in PROTO_IN_PORT.findall(text)]
    # "443 (TCP)": the parentheses go with the transport they held.
    rest = nz.collapse_ws(EMPTY_PARENS.sub(" ", PROTO_IN_PORT.sub(" ", text)))
    apps = [
        w
        for w in re.findall(r"(?<![(\w])[A-Za-z][A-Za-z0-9-]*(?![\w)])", rest)
        if vocab.application_transports(w)
    ]
    for app in apps:
        if not protos:
            protos += vocab.application_transports(app) or ()
        rest = re.sub(rf"(?<![(\w]){re.escape(app)}(?![\w)])", " ", rest, count=1)
    return list(dict.fromkeys(protos)), nz.collapse_ws(rest).strip(" /:"), apps


def port_segments(text: str) -> list[str]:
    """A port-cell line -> its protocol/port groups: "TCP 80, UDP 53" -> ["TCP 80,",
    "UDP 53"]; "53/udp 53/tcp" -> ["53/udp", "53/tcp"]; "TCP/UDP 53" stays whole."""
    words = text.split()
    postfix = bool(words) and words[0][:1].isdigit()
    segments: list[list[str]] = [[]]
    seen_number = False
    depth = 0  # open parentheses: "5060 (TCP and UDP)" is not parted inside them
    for word in words:
        is_proto = PROTO_IN_PORT.search(word) is not None
        if is_proto and seen_number and not postfix and not depth:
            segments.append([])  # "TCP 80, UDP 53": a protocol after a number starts anew
            seen_number = False
        segments[-1].append(word)
        depth = max(0, depth + word.count("(") - word.count(")"))
        seen_number = seen_number or any(c.isdigit() for c in PROTO_IN_PORT.sub("", word))
        if is_proto and postfix and seen_number and not depth:
            segments.append([])  # "53/udp 53/tcp": a protocol after its number ends it
            seen_number = False
    return [" ".join(s) for s in segments if s]


def _qualifier(text: str) -> bool:
    return bool(re.fullmatch(r"\([^()]*\)", text.strip()))


def read_protocols(lines: list[cl.LogicalLine], rv: RowValues, issues: list[Issue]) -> None:
    for line in lines:
        cell = protocol_cell(line.text)
        protocols = list(cell.transports)
        unknown = cell.unknown[0] if cell.unknown else None
        if unknown and (protocols or _qualifier(line.text)):
            # "TCP/SIP-TLS", "UDP/SRTP": the transport is printed; the name beside it
            # is a label the vocabulary need not know, kept in notes. So is a line that
            # is one parenthesis, the qualifier of the name above it ("FTPS" /
            # "(explicit)" in a narrow cell).
            rv.notes += list(cell.unknown)
        elif unknown:
            issues.append(
                make_issue(
                    "bad-protocol",
                    "error",
                    f"{unknown!r} is neither a transport protocol nor an application with a "
                    f"known transport (in {line.text!r})",
                    line_box(line),
                    line.text,
                )
            )
        if protocols:
            rv.protocol_lines.append(protocols)
            rv.evidence += [
                Evidence(field="protocol", value=proto, text=line.text, box=line_box(line))
                for proto in protocols
            ]


def port_ranges(
    lines: list[cl.LogicalLine],
    rv: RowValues,
    issues: list[Issue],
    out: tuple[list[list[tuple[int, int]]], list[list[str]], list[tuple[Box, str]]],
    header: str = "",
) -> None:
    """Port lines ("443", "8443, 22", "TCP 25 (SMTP)", "TCP/UDP 53", "25*", "Any") ->
    ranges, each line with the protocols printed on it, else the ones its column's
    header names ("TCP ports" | "UDP ports")."""
    ranges_out, protos_out, marks = out
    destination = ranges_out is rv.port_lines
    if destination:
        # "Outbound port": the header says every row's direction.
        words = re.findall(r"[a-z]+", header.lower())
        rv.directions += [vocab.HEADER_DIRECTIONS[w] for w in words if w in vocab.HEADER_DIRECTIONS]
    if destination and rv.portless:
        # ICMP "0, 8": the types of a protocol without ports, not ports; kept as printed.
        rv.notes.append(f"{header}: {cl.join_text(lines)}" if header else cl.join_text(lines))
        return
    above: list[str] = list(dict.fromkeys(p.lower() for p in PROTO_IN_PORT.findall(header)))
    see = SEE_OTHER.match(cl.join_text(lines))
    if destination and see and see[1].lower() in vocab.SEE_TARGETS:
        rv.see_other = lines[0]  # the ports are in another column of the row
        rv.see_text = cl.join_text(lines)
        return
    closed = ((ln, nz.join_range_words(text)) for ln, text in _closed(lines))
    for line, segment in ((ln, s) for ln, text in closed for s in port_segments(text)):
        if NOTE_REF.search(segment):
            rv.notes += [m.strip("() ") for m in NOTE_REF.findall(segment)]
            segment = NOTE_REF.sub(" ", segment)
        direction, rest = nz.find_direction(segment)
        if direction:
            rv.directions.append(direction)
            rv.evidence.append(
                Evidence(field="direction", value=direction, text=segment, box=line_box(line))
            )
        # "UDP port 123", "Port: 443": the word "port" names what follows; no value.
        rest = " ".join(w for w in rest.split() if header_role(w) != "port")
        protos, rest, apps = protocols_in(rest)
        rv.notes.extend(f"({app})" for app in apps)
        if protos and all(p in vocab.PORTLESS for p in protos):
            # "ICMP 0, 8": the types of a protocol without ports, kept as printed.
            rv.protocol_lines.append(protos)
            if rest:
                rv.notes.append(segment.strip())
            continue
        if protos and (any(c.isdigit() for c in rest) or not _says_no_number(rest)):
            # "TCP/SIP-TLS 5061", "HTTPS over TCP" / "port 443": where the transport is
            # printed, a name the vocabulary does not know is a label, kept in notes.
            labels = [w for w in rest.split() if w[:1].isalpha() and not PORT_NAME.search(w)]
            labels = [w for w in labels if w.strip("/,:").lower() not in vocab.LIST_WORDS]
            rv.notes += [w.strip("/,:") for w in labels if w.lower() not in vocab.OPEN_ENDINGS]
            rest = " ".join(w for w in rest.split() if w not in labels).strip(" /:")
        # "TCP 389," / "3268 (LDAP)": a wrapped list goes on under the line's protocol.
        protos, above = protos or above, protos or above
        # "80 (HTTP)": a parenthesised name beside the number is a note, not a port.
        named = PORT_NAME.findall(rest)
        if named:
            rv.notes.extend(f"({n})" for n in named)
            rest = nz.collapse_ws(PORT_NAME.sub(" ", rest))
        rest = " ".join(strip_footnote(t, rv) for t in rest.split())
        if not rest:
            if protos:
                rv.protocol_lines.append(protos)
            continue
        if vocab.is_none(rest):
            if protos:
                rv.protocol_lines.append(protos)
            continue  # "N/A", "-": the cell says there is no port (ICMP)
        if vocab.is_any(rest):
            ranges_out.append([(1, 65535)])  # "Any" port: the whole range, as printed
            protos_out.append(protos)
            marks.append((line_box(line), segment))
            continue
        if destination and vocab.is_dynamic(rest):
            # "DYNAMIC": the server picks its port at run time; no number to allow.
            rv.dynamic = True
            if protos:
                rv.protocol_lines.append(protos)
            issues.append(
                make_issue(
                    "dynamic-ports",
                    "info",
                    f"{rest!r}: ports chosen at run time, no port number printed (no port read)",
                    line_box(line),
                    line.text,
                )
            )
            continue
        bound = OPEN_ENDED.fullmatch(rest)
        if vocab.is_ephemeral(rest) or (bound and (bound[1] or bound[3])):
            # "1024+", "> 1023", "ephemeral": ports up to the last; said in an issue,
            # since the document gives words (or a bound), not the range.
            first = 1024 if not bound else int(bound[2]) + (bound[1] or "").startswith(">")
            ranges_out.append([(min(first, 65535), 65535)])
            protos_out.append(protos)
            marks.append((line_box(line), segment))
            issues.append(
                make_issue(
                    "open-ended-ports",
                    "info",
                    f"{rest!r} read as ports {min(first, 65535)}-65535",
                    line_box(line),
                    line.text,
                )
            )
            continue
        try:
            ranges_out.append(nz.ports(rest))
            protos_out.append(protos)
            marks.append((line_box(line), segment))
        except nz.InvalidValue as e:
            issues.append(make_issue("bad-port", "error", str(e), line_box(line), line.text))


def _says_no_number(text: str) -> bool:
    """Words a port cell prints instead of a number: "N/A", "Any", "DYNAMIC", "ephemeral"."""
    return (
        not text
        or vocab.is_none(text)
        or vocab.is_any(text)
        or vocab.is_dynamic(text)
        or vocab.is_ephemeral(text)
    )


def _closed(lines: list[cl.LogicalLine]) -> list[tuple[cl.LogicalLine, str]]:
    """Each line's text, a parenthesis the cell wrapped ("443 (See note 1," / "Alternate
    port available)") closed on the line it opened on."""
    out: list[tuple[cl.LogicalLine, str]] = []
    for line in lines:
        if out and out[-1][1].count("(") > out[-1][1].count(")"):
            out[-1] = (out[-1][0], f"{out[-1][1]} {line.text}")
        else:
            out.append((line, line.text))
    return out


def read_directions(lines: list[cl.LogicalLine], rv: RowValues, issues: list[Issue]) -> None:
    for line in lines:
        try:
            rv.directions.append(nz.direction(line.text))
            rv.evidence.append(
                Evidence(
                    field="direction", value=rv.directions[-1], text=line.text, box=line_box(line)
                )
            )
            continue
        except nz.InvalidValue as e:
            problem = str(e)
        # "Inbound to the appliance": the direction word, the rest kept as notes.
        direction, _ = nz.find_direction(line.text)
        if direction:
            rv.directions.append(direction)
            rv.evidence.append(
                Evidence(field="direction", value=direction, text=line.text, box=line_box(line))
            )
        else:
            issues.append(
                make_issue("bad-direction", "warning", problem, line_box(line), line.text)
            )
        rv.notes.append(line.text)


def portless_row(table: Table, row: Row) -> bool:
    """Every protocol the row's protocol cells print has no ports (ICMP, ESP)."""
    printed = [
        p
        for cell in row.cells
        if cell_roles(table, cell) == {"protocol"}
        for p in protocol_cell(cell.text).transports
    ]
    return bool(printed) and all(p in vocab.PORTLESS for p in printed)


def ports_from_other_column(table: Table, row: Row, rv: RowValues, issues: list[Issue]) -> None:
    """A port cell saying "see comments": the ports the row's comments list as ports
    ("SOCKS4, SOCKS5: 1081, 1080"), with the transports the comments name; an error
    naming the row when they list none."""
    assert rv.see_other is not None
    cells = [c for c in row.cells if c.lines and cell_roles(table, c) & {"notes", "purpose"}]
    lines = [ln for c in cells for ln in cl.cell_lines(c)]
    text = cl.join_text(lines)
    named = ", ".join(table.columns[c.first].header for c in cells) or "other columns"
    protos = list(dict.fromkeys(p.lower() for p in PROTO_IN_PORT.findall(text)))
    found = False
    for listed in LISTED_PORTS.findall(text):
        try:
            rv.port_lines.append(nz.ports(listed))
        except nz.InvalidValue:
            continue
        rv.port_line_protocols.append(protos)
        # The box of the line the list starts on ("SOCKS5: 1081," over "1080").
        first = listed.split(",")[0].strip()
        where = next((ln for ln in lines if f": {first}" in ln.text), rv.see_other)
        rv.port_marks.append((line_box(where), listed))
        found = True
    line = rv.see_other
    if found:
        issues.append(
            make_issue(
                "ports-from-notes",
                "info",
                f"the port cell says {rv.see_text!r}: the ports are those listed in the "
                f"row's {named}",
                line_box(line),
                line.text,
            )
        )
    else:
        issues.append(
            make_issue(
                "bad-port",
                "error",
                f"the port cell says {rv.see_text!r}, but the row's {named} list no ports "
                f"(row {rv.service!r})",
                line_box(line),
                line.text,
            )
        )
