"""Ports listed outside tables -> rules: one list item per port.

Documentation that has no port table often lists its ports one item a line, bulleted
or not: ``Web interface: 8006 (TCP, HTTP/1.1 over TLS)``, ``corosync cluster traffic:
5405-5412 UDP``, ``443/tcp – Management API``. An item is read by its structure: a
label and a value separated by a colon or a dash, the value holding only ports and
protocols (``8006``, ``5405-5412 UDP``, ``TCP 443``, ``443/tcp``) and perhaps one
parenthesised remark. The remark's protocols give the value's ports their protocol, a
direction word in it is the item's direction as printed, and the rest goes to notes.

An item may also be a sentence ("The SNMP agent answers on UDP 161."): one port and
its protocol in a line that is a list item, marked by a bullet or a number or standing
in a list of such lines; the sentence is the service. A sentence in a paragraph that
merely mentions a port ("Agents connect over TCP 9443 once enrolled") stays prose,
where ``unplaced-value`` reports it; a list item whose value is ports with no protocol
("Legacy console: 8443") is reported too, never given a protocol.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.families.tables import line_box, make_box
from pipeline.layout import cells as cl
from pipeline.layout.blocks import TextLine
from pipeline.model.models import Box, Evidence, Port, Provenance, Rule
from pipeline.values import normalize as nz
from pipeline.values import vocabulary as vocab
from pipeline.values.normalize_endpoints import token_value
from pipeline.values.normalize_ports import protocol_ports

# A label and its value: "Label: value", "value – Label", "Label - value".
_SEPARATOR = re.compile(r":\s+|\s+[-–—]\s+")
# The value: ports and protocols, then at most one remark in parentheses.
_VALUE = re.compile(r"(?P<head>[^()]*?)\s*(?:\((?P<remark>[^()]*)\))?\s*[.;]?")
_HEAD_WORDS = re.compile(r"[A-Za-z][A-Za-z0-9]*")
_MAX_LABEL_WORDS = 16


# (protocol, first, last); a protocol that has no ports (ICMP) has None for both.
Ports = tuple[tuple[str, int | None, int | None], ...]


@dataclass(frozen=True, slots=True)
class PortItem:
    """What one list item says."""

    label: str
    ports: Ports
    direction: str | None
    notes: str
    value: str  # the value as printed: where the ports were read


def _remark(remark: str) -> tuple[list[str], str | None, list[str]]:
    """The parenthesised remark -> (its protocols, its direction, the rest as notes)."""
    protocols: list[str] = []
    direction: str | None = None
    notes: list[str] = []
    for part in (p.strip() for p in remark.split(",")):
        if not part:
            continue
        if transports := _transports(part):
            protocols += transports
        elif (found := vocab.application_transports(part)) and not protocols:
            protocols += found
        elif direction is None and _is_direction(part):
            direction = nz.direction(part)
        else:
            notes.append(part)
    return protocols, direction, notes


_PROTOCOL_GLUE = re.compile(r"\s*(?:[/&+]|\band\b|\bor\b)\s*|\s+", re.IGNORECASE)


def _transports(text: str) -> list[str]:
    """'TCP', 'TCP and UDP', 'UDP or TCP' -> the transports; [] when it says more."""
    words = [w.lower() for w in _PROTOCOL_GLUE.split(text.strip()) if w]
    return words if words and all(vocab.is_transport(w) for w in words) else []


def _is_direction(text: str) -> bool:
    try:
        nz.direction(text)
    except nz.InvalidValue:
        return False
    return True


def _head_is_values(head: str) -> bool:
    """Only port numbers, ranges, protocols and list glue: no other words."""
    for word in _HEAD_WORDS.findall(head):
        w = word.lower()
        if not (
            vocab.is_transport(w)
            or vocab.application_transports(w)
            or w in ("port", "ports", "to", "through", "thru")  # "5405 to 5412"
            or w in vocab.LIST_WORDS
        ):
            return False
    return any(c.isdigit() for c in head)


def read_value(value: str) -> tuple[Ports, str | None, str] | None:
    """A list item's value -> (protocol, first, last) ports, direction, notes; None when
    it is not ports and protocols alone.

    >>> read_value("8006 (TCP, HTTP/1.1 over TLS)")
    ((('tcp', 8006, 8006),), None, 'HTTP/1.1 over TLS')
    >>> read_value("5405-5412 UDP"), read_value("25 (TCP, outgoing)")
    (((('udp', 5405, 5412),), None, ''), ((('tcp', 25, 25),), 'out', ''))
    >>> read_value("listens on 8006 (TCP)") is None
    True
    >>> read_value("ICMP (echo request)")
    ((('icmp', None, None),), None, 'echo request')
    """
    value = nz.collapse_ws(value)
    m = _VALUE.fullmatch(value)
    if m and (portless := _transports(m["head"])) and set(portless) <= vocab.PORTLESS:
        # "Ping: ICMP (echo request)": the protocol, with no port (none is printed).
        _, direction, notes = _remark(m["remark"] or "")
        return tuple((p, None, None) for p in portless), direction, ", ".join(notes)
    if not m or not _head_is_values(m["head"]):
        return _read_values(value)
    protocols, direction, notes = _remark(m["remark"] or "")
    read = protocol_ports(m["head"], protocols)
    if not read.ports or read.unknown or read.problems:
        return None
    return read.ports, direction, ", ".join(notes)


_TOP_LEVEL_COMMA = re.compile(r"[,;]\s*(?![^()]*\))")


def _read_values(value: str) -> tuple[Ports, str | None, str] | None:
    """Several values in one item, each with its own remark: "80 (TCP), 443 (TCP)"."""
    pieces = [p for p in _TOP_LEVEL_COMMA.split(value) if p.strip()]
    if len(pieces) < 2 or not all("(" in p for p in pieces):
        return None
    read = [read_value(p) for p in pieces]
    if any(r is None for r in read):
        return None
    found = [r for r in read if r is not None]
    directions = {d for _, d, _ in found if d}
    return (
        tuple(dict.fromkeys(p for ports, _, _ in found for p in ports)),
        directions.pop() if len(directions) == 1 else None,
        ", ".join(n for _, _, n in found if n),
    )


def _protocol_label(label: str, value: str) -> PortItem | None:
    """ "TCP: 80, 443, 8443": the label is the value's protocol, and no service is
    printed."""
    if not (protocols := _transports(label)) or set(protocols) & vocab.PORTLESS:
        return None
    read = protocol_ports(nz.collapse_ws(value).rstrip(".;"), tuple(protocols))
    if not read.ports or read.unknown or read.problems:
        return None
    return PortItem("", read.ports, None, "", value)


def read_item(text: str) -> PortItem | None:
    """One list item's text -> what it says, or None when it is no port item.

    >>> read_item("Web interface: 8006 (TCP, HTTP/1.1 over TLS)").label
    'Web interface'
    >>> read_item("443/tcp – Management API").ports
    (('tcp', 443, 443),)
    >>> read_item("UDP: 53, 123").ports
    (('udp', 53, 53), ('udp', 123, 123))
    >>> read_item("The service listens on TCP 8006 by default.") is None
    True
    """
    text = _unbulleted(text)
    for m in _SEPARATOR.finditer(text):
        before, after = text[: m.start()].strip(), text[m.end() :].strip()
        if labelled := _protocol_label(before, after):
            return labelled
        for label, value in ((before, after), (after.rstrip(".;"), before)):
            if not label or len(label.split()) > _MAX_LABEL_WORDS:
                continue
            if read_value(label) is not None:
                continue  # two values: no label
            if (found := read_value(value)) is not None:
                ports, direction, notes = found
                return PortItem(label, ports, direction, notes, value)
    return None


_TRANSPORT = "|".join(t for t in vocab.TRANSPORTS if t not in vocab.PORTLESS)
_PROTOS = rf"(?:{_TRANSPORT})(?:\s*(?:/|and|&)\s*(?:{_TRANSPORT}))*"
_NUM = r"[0-9]{1,5}(?:\s*[-–]\s*[0-9]{1,5})?"
_NUMS = rf"{_NUM}(?:\s*(?:,|and|or)\s*{_NUM})*"
# A port and its protocol inside a sentence: "TCP 8006", "UDP ports 5405-5412",
# "8006/tcp", "port 8006 (TCP)", "ports 80 and 443 TCP".
_IN_SENTENCE = re.compile(
    rf"(?<![\w/.-])(?:{_PROTOS}\s+(?:ports?\s+)?{_NUMS}"
    rf"|(?:ports?\s+)?{_NUMS}\s*(?:/\s*|\s+|\(\s*){_PROTOS}\)?)(?![\w/-]|\.\w)",
    re.IGNORECASE,
)
# Direction words a sentence prints ("in" and "out" are too common in prose).
_DIRECTION_WORDS = re.compile(r"(?i)\b(inbound|incoming|ingress|outbound|outgoing|egress)\b")


def read_sentence(text: str) -> PortItem | None:
    """A list item written as a sentence -> what it says, or None: one port and its
    protocol in it, starting as an item does (a capital, a digit or a list marker) and
    ending as a sentence does (not on "the" or a comma). The sentence is the service.

    >>> read_sentence("• The web console answers on TCP 8006.").ports
    (('tcp', 8006, 8006),)
    >>> read_sentence("Outbound TCP 25 to the mail relay").direction
    'out'
    >>> read_sentence("over TCP 8443 from the admin network and") is None
    True
    """
    sentence = _unbulleted(text)
    words = sentence.rstrip(".;").split()
    if not words or not (words[0][:1].isupper() or words[0][:1].isdigit()):
        return None
    if words[-1].lower() in vocab.OPEN_ENDINGS or sentence.endswith((",", ":")):
        return None
    found = list(_IN_SENTENCE.finditer(sentence))
    if len(found) != 1:
        return None
    read = protocol_ports(found[0][0])
    if not read.ports or read.unknown or read.problems:
        return None
    directions = {nz.direction(m[1]) for m in _DIRECTION_WORDS.finditer(sentence)}
    direction = directions.pop() if len(directions) == 1 else None
    return PortItem(sentence.rstrip(".;"), read.ports, direction, "", found[0][0])


_NUMBERED = re.compile(r"\(?(?:[0-9]{1,2}|[a-z])[.)]")  # "1.", "2)", "(a)", "b."


def _unbulleted(text: str) -> str:
    """The item's text without its list marker (a bullet, or a number: "1.", "b)")."""
    words = nz.collapse_ws(text).split(" ")
    marked = words and (cl.BULLET.match(words[0]) or _NUMBERED.fullmatch(words[0]))
    return " ".join(words[1:] if marked and len(words) > 1 else words)


def _goes_on(above: TextLine, line: TextLine) -> bool:
    """``line`` is the wrapped rest of the item ``above``: right under it, not a new
    bullet, not left of its text."""
    return (
        line.page == above.page
        and 0 <= line.top - above.bottom < 0.6 * above.size
        and not cl.BULLET.match(line.words[0].text)
        and line.x0 >= above.x0 - 1
    )


def _labelled_items(lines: list[TextLine]) -> dict[int, tuple[PortItem, list[TextLine]]]:
    """``Label: value`` items by the index of their first line."""
    found: dict[int, tuple[PortItem, list[TextLine]]] = {}
    i = 0
    while i < len(lines):
        line = lines[i]
        taken = [line]
        item = read_item(line.text)
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        # An item wrapped over two lines reads only when joined ("…: 61000-61050 (TCP,
        # encrypted with the" / "cluster key)"); a whole item is never joined to the next.
        whole = item is not None and line.text.count("(") <= line.text.count(")")
        if not whole and nxt is not None and _goes_on(line, nxt):
            joined = read_item(f"{line.text} {nxt.text}")
            if joined is not None:
                item, taken = joined, [line, nxt]
        if item is not None:
            found[i] = (item, taken)
        i += len(taken)
    return found


def _marked(line: TextLine) -> bool:
    """The line starts with a list marker: a bullet or an item's number."""
    first = line.words[0].text
    return bool(cl.BULLET.match(first) or (_NUMBERED.fullmatch(first) and len(line.words) > 1))


def _listed_together(above: TextLine, below: TextLine) -> bool:
    """Two lines one under the other, starting at the same place, both with a list
    marker or neither: items of one list (a paragraph right under a bulleted list
    starts where the bullets do, without one)."""
    return (
        above.page == below.page
        and abs(above.x0 - below.x0) <= 1.5
        and 0 <= below.top - above.bottom < 0.8 * above.size
        and _marked(above) == _marked(below)
    )


def _sentence_items(
    lines: list[TextLine], taken: set[int], labelled: set[int]
) -> dict[int, tuple[PortItem, list[TextLine]]]:
    """One-line sentence items by index: a line that starts with a list marker, or
    stands in a list of such lines (two or more, or beside a ``Label: value`` item)."""
    candidates = {
        i: item
        for i, line in enumerate(lines)
        if i not in taken and (item := read_sentence(line.text)) is not None
    }
    found: dict[int, tuple[PortItem, list[TextLine]]] = {}
    for i, item in candidates.items():
        line = lines[i]
        neighbours = [
            j
            for j in (i - 1, i + 1)
            if (j in candidates or j in labelled)
            and 0 <= j < len(lines)
            and _listed_together(*sorted((lines[i], lines[j]), key=lambda ln: ln.top))
        ]
        if _marked(line) or neighbours:
            found[i] = (item, [line])
    return found


_LABELLED_DIRECTION = re.compile(r"(?i)\bdirection:\s*([a-z][a-z-]*)")


def _term_items(
    lines: list[TextLine], taken: set[int]
) -> dict[int, tuple[PortItem, list[TextLine]]]:
    """Definition-list items by index: a line that is ports alone ("Port 22 (TCP)"), the
    lines indented under it what they are for ("SSH access for administrators.")."""
    found: dict[int, tuple[PortItem, list[TextLine]]] = {}
    for i, term in enumerate(lines[:-1]):
        if i in taken or (value := read_value(term.text)) is None:
            continue
        defined: list[TextLine] = []
        for line in lines[i + 1 :]:
            above = defined[-1] if defined else term
            if (
                line.page != term.page
                or line.top - above.bottom > 0.8 * term.size
                or line.x0 < term.x0 + 0.8 * term.size
                or (defined and abs(line.x0 - defined[0].x0) > 1.5)
            ):
                break
            defined.append(line)
        if not defined:
            continue
        text = nz.collapse_ws(" ".join(ln.text for ln in defined))
        ports, direction, notes = value
        if said := _LABELLED_DIRECTION.search(text):
            direction = nz.direction(said[1]) if _is_direction(said[1]) else direction
        found[i] = (PortItem(text, ports, direction, notes, term.text), [term, *defined])
    return found


def _term_values(line: TextLine) -> list[tuple[str, str, Box]]:
    """(kind, value, box) of each word of a line that holds only hostnames and
    addresses (a definition list's term: "api.example.com"); [] for any other line."""
    found: list[tuple[str, str, Box]] = []
    for word in line.words:
        if cl.BULLET.fullmatch(word.text):
            continue
        value = token_value(cl.strip_punct(word.text))
        if value.kind not in ("hostname", "address"):
            return []
        box = make_box(line.page, word.x0, word.top, word.x1, word.bottom)
        found += [(value.kind, each, box) for each in value.values]
    return found


def _with_terms(
    lines: list[TextLine], found: dict[int, tuple[PortItem, list[TextLine]]]
) -> dict[int, tuple[PortItem, list[TextLine]]]:
    """An item set in under a line of hostnames or addresses ("api.example.com" over
    "TCP 443 – REST API") is what that term is defined as: the term goes with it."""
    taken = {id(ln) for _, lns in found.values() for ln in lns}
    out = {}
    for i, (item, item_lines) in found.items():
        term = lines[i - 1] if i else None
        first = item_lines[0]
        if (
            term is not None
            and id(term) not in taken
            and term.page == first.page
            and 0 <= first.top - term.bottom <= 0.8 * term.size
            and first.x0 >= term.x0 + 0.8 * term.size
            and _term_values(term)
        ):
            item_lines = [term, *item_lines]
        out[i] = (item, item_lines)
    return out


def port_items(
    lines: list[TextLine],
) -> tuple[list[tuple[PortItem, list[TextLine]]], list[TextLine]]:
    """A page of a section's lines -> the port items (each with its lines, a term it is
    set in under first) and the lines that are none (prose, host lists)."""
    found = _labelled_items(lines)
    taken = {i + k for i, (_, lns) in found.items() for k in range(len(lns))}
    found |= _term_items(lines, taken)
    taken = {i + k for i, (_, lns) in found.items() for k in range(len(lns))}
    found |= _sentence_items(lines, taken, set(found))
    found = _with_terms(lines, found)
    taken = {id(ln) for _, lns in found.values() for ln in lns}
    items = [found[i] for i in sorted(found)]
    return items, [ln for ln in lines if id(ln) not in taken]


def portless_items(
    lines: list[TextLine], items: list[tuple[PortItem, list[TextLine]]]
) -> list[tuple[TextLine, str]]:
    """Lines in a list of port items that are ``Label: value`` items whose value is
    ports alone, no protocol printed ("SPICE proxy: 3128"): (line, the ports as printed),
    for an issue (no protocol is guessed)."""
    item_lines = [lns[0] for _, lns in items]
    out = []
    for line in lines:
        if not any(_listed_together(*sorted((a, line), key=lambda ln: ln.top)) for a in item_lines):
            continue
        text = _unbulleted(line.text)
        for m in _SEPARATOR.finditer(text):
            for value in (text[m.end() :].strip(" .;"), text[: m.start()].strip()):
                if value and nz.is_ports(value):
                    out.append((line, value))
                    break
            else:
                continue
            break
    return out


def item_rule(item: PortItem, lines: list[TextLine], section: str | None, title: str) -> Rule:
    """A port item -> its rule (the id is set with the document's others)."""
    boxes = [line_box(ln) for ln in lines]
    box = make_box(
        boxes[0].page,
        min(b.x0 for b in boxes),
        boxes[0].top,
        max(b.x1 for b in boxes),
        boxes[-1].bottom,
    )
    ports = [
        Port(protocol=p, port=a, port_end=b if a is not None and b != a else None)
        for p, a, b in item.ports
    ]
    value_box = _words_box(lines, item.value) or box
    # The term the item is set in under (port_items put it first): the rule's hosts.
    term = _term_values(lines[0]) if len(lines) > 1 else []
    hosts = [value for kind, value, _ in term if kind == "hostname"]
    addresses = [value for kind, value, _ in term if kind == "address"]
    return Rule(
        id="",
        section=section,  # type: ignore[arg-type]
        section_title=title,
        service=item.label,
        ports=ports,
        direction=item.direction,  # type: ignore[arg-type]
        hosts=list(dict.fromkeys(hosts)),
        addresses=list(dict.fromkeys(addresses)),
        notes=item.notes,
        cells={"item": nz.collapse_ws(" ".join(ln.text for ln in lines))},
        provenance=Provenance(pages=[box.page], box=box, boxes=[box]),
        evidence=[
            *(Evidence(field="ports", value=p.key, text=item.value, box=value_box) for p in ports),
            *(
                Evidence(
                    field="addresses" if kind == "address" else "hosts",
                    value=value,
                    text=lines[0].text,
                    box=word_box,
                )
                for kind, value, word_box in term
            ),
        ],
    )


def _words_box(lines: list[TextLine], text: str) -> Box | None:
    """The box of the words that print ``text`` (the item's value), on its first line
    that holds any of them."""
    wanted = set(text.split())
    for line in lines:
        words = [w for w in line.words if w.text in wanted]
        if words:
            return make_box(
                line.page,
                min(w.x0 for w in words),
                min(w.top for w in words),
                max(w.x1 for w in words),
                max(w.bottom for w in words),
            )
    return None
