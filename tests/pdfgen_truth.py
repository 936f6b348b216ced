"""The truth of a generated document, and a ready realistic sample spec.

``spec_truth`` turns a ``pdfgen.DocSpec`` into the truth format of
``/work/shared/corpus/README.md`` (score an extraction of the built PDF with
``/work/shared/tools/score.py``). Its cell parser is deliberately small: it knows the
cell shapes the specs of this test-suite use, not every vendor's. ``sample_spec`` is a
fictional ExampleCorp document (hostnames under example.*, addresses from RFC 5737 and
RFC 3849 only) that exercises every shape the README describes.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterator

from pdfgen import (
    URL_PATTERN,
    AddressBlock,
    Bullets,
    DocSpec,
    HistoryTable,
    Paragraphs,
    PortTable,
    Section,
    history_rows,
)

_MONTHS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
_HOST = re.compile(r"^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$", re.I)
_SECTION_REF = re.compile(r"Section\s+\d+(?:\.\d+)*\s*[–-]\s*", re.I)


def _address(token: str) -> str | None:
    """The IPv4/IPv6 address or network a printed token is, if it is one."""
    token = token.strip(",;()").rstrip(".")
    if not any(c.isdigit() for c in token) or not ("." in token or ":" in token):
        return None
    try:
        ipaddress.ip_network(token, strict=False)
    except ValueError:
        return None
    return token.lower()


def _squash(text: str) -> str:
    return " ".join(text.split())


def _history_date(text: str) -> str:
    m = re.search(r"([A-Za-z]{3,})\W*(\d{4})", text)
    if not m or m.group(1)[:3].lower() not in _MONTHS:
        raise ValueError(f"history date {text!r}: expected a month name and a year")
    return f"{m.group(2)}-{_MONTHS[m.group(1)[:3].lower()]:02d}"


def _ports(protocol_cell: str, port_cell: str) -> list[list]:
    """README pairing: line by line, or one protocol line (``UDP/TCP`` = both) for every
    port line, or one port line for every protocol line. ``20/21`` is two ports,
    ``7400-7410`` a range, ``(in/out)`` is ignored."""
    protos = [
        re.findall(r"tcp|udp", line, re.I)
        for line in protocol_cell.lower().splitlines()
        if line.strip()
    ]
    ports = [
        [
            (int(a), int(b or a))
            for a, b in re.findall(r"(\d+)(?:\s*-\s*(\d+))?", re.sub(r"\(.*?\)", "", line))
        ]
        for line in port_cell.splitlines()
        if re.search(r"\d", line)
    ]
    if len(protos) == 1:
        protos = protos * len(ports)
    elif len(ports) == 1:
        ports = ports * len(protos)
    if len(protos) != len(ports):
        raise ValueError(f"cannot pair protocols {protocol_cell!r} with ports {port_cell!r}")
    out = {(p, a, b) for ps, rng in zip(protos, ports, strict=True) for p in ps for a, b in rng}
    return [list(x) for x in sorted(out)]


def _direction(cells: list[str]) -> str | None:
    found = set()
    for cell in cells:
        for word in re.findall(r"in/out|in|out", cell.lower()):
            found |= {"in", "out"} if word == "in/out" else {word}
    if not found:
        return None
    return "both" if len(found) == 2 else found.pop()


def _column(columns: list[str], *words: str) -> int | None:
    for j, name in enumerate(columns):
        if any(w in name.lower() for w in words):
            return j
    return None


def _rule(section: str, t: PortTable, i: int, list_titles: list[str]) -> dict:
    """The truth of row ``i``; columns are found by their header words."""
    row, cols = t.rows[i], t.columns
    proto = _column(cols, "tcp", "protocol")
    port = _column(cols, "port")
    direction = _column(cols, "direction")
    host = _column(cols, "host")
    addr = _column(cols, "address")
    notes_col = _column(cols, "detail", "comment")
    hosts, addresses, sources, notes, any_dest = [], [], [], [], False
    merged = t.merged.get(i)
    if merged and host is not None and merged[0] <= host <= merged[1]:
        notes.append(_squash(row[merged[0]]))
    else:
        for token in (row[host] if host is not None else "").split():
            if token.lower() == "any":
                any_dest = True
            elif _HOST.match(token):
                hosts.append(token.lower())
        cell = row[addr] if addr is not None else ""
        rest = []
        for token in cell.split():
            if token.lower() == "any":
                any_dest = True
            elif a := _address(token):
                addresses.append(a)
            else:
                rest.append(token)
        sources = URL_PATTERN.findall(cell)
        if rest:
            notes.append(" ".join(rest))
    if notes_col is not None and row[notes_col].strip():
        notes.insert(0, _squash(row[notes_col]))
    text = " ".join(notes)
    refs = [m.end() for m in _SECTION_REF.finditer(text)]
    lists = [
        title
        for title in list_titles
        if any(text[e:].lower().startswith(title.lower()) for e in refs)
    ]
    dir_cells = [row[direction]] if direction is not None else []
    if port is not None and re.search(r"\(in/out\)", row[port], re.I):
        dir_cells.append("in/out")
    return {
        "section": section,
        "service": _squash(row[0]),
        "ports": _ports(row[proto], row[port]) if proto is not None and port is not None else [],
        "direction": _direction(dir_cells),
        "hosts": hosts,
        "addresses": addresses,
        "address_sources": sources,
        "any_destination": any_dest,
        "host_lists": lists,
        "notes": text,
    }


def _host_list(section: Section) -> dict | None:
    """A section with an address block or hostname bullets is a host list."""
    hosts, addresses, seen = [], [], False
    for block in section.blocks:
        items = block.items if isinstance(block, Bullets) else []
        if isinstance(block, AddressBlock):
            items, seen = block.addresses, True
        for item in items:
            if a := _address(item):
                addresses.append(a)
            elif _HOST.match(item.strip()):
                hosts.append(item.strip().lower())
    if not (seen or hosts or addresses):
        return None
    return {"title": section.title, "hosts": hosts, "addresses": addresses}


def spec_truth(spec: DocSpec, *, vendor: str, product: str) -> dict:
    """The truth (``/work/shared/corpus/README.md`` format) of a document built from ``spec``.

    Tables count as rule tables in sections whose title says "internal" or "external";
    host lists are sections with hostname bullets or an address block."""
    host_lists = [h for s in spec.sections if (h := _host_list(s))]
    titles = [h["title"] for h in host_lists]
    rules = []
    for s in spec.sections:
        kind = next((k for k in ("internal", "external") if k in s.title.lower()), None)
        for block in s.blocks:
            if kind and isinstance(block, PortTable):
                rules += [_rule(kind, block, i, titles) for i in range(len(block.rows))]
    history: list[dict] = []
    for date, version, description in history_rows(spec):
        retired = []
        if "retire" in description.lower():
            retired = [a for t in description.split() if (a := _address(t))]
        history.append(
            {
                "date": _history_date(date),
                "version": version,
                "description": _squash(description),
                "retired_addresses": retired,
            }
        )
    newest = max(history, key=lambda h: (h["date"], _version_key(h["version"])), default=None)
    document = {
        "vendor": vendor,
        "product": product,
        "title": spec.title,
        "version": newest["version"] if newest else spec.version,
        "date": newest["date"] if newest else "",
    }
    return {"document": document, "rules": rules, "host_lists": host_lists, "history": history}


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(x) for x in re.findall(r"\d+", version))


# --------------------------------------------------------------------------- sample

LONG_URL = "https://cdn-ranges.example.net/tools/list-edge-node-ips"
RANGES_URL = "https://ip-ranges.example.com/ranges.json"


def _rows(text: str) -> list[list[str]]:
    """One row per line, cells separated by ``|``, ``\\n`` inside a cell by ``¶``."""
    return [
        [c.strip().replace("¶", "\n") for c in line.split("|")]
        for line in text.strip().splitlines()
    ]


_DNS_NOTE = (
    "If the Relay will use an internal DNS then the local DNS servers have full access then no "
    "changes are required (which is the norm)¶If the Relay is using an external DNS server "
    "then the Relay needs to have unrestricted access to DNS for resolution"
)
_PROXY_NOTE = (
    "If the customer is using a HTTP Proxy then the HTTP proxy must be able to access the "
    "servers listed in Section 4 – Reputation servers¶If the customer is *NOT* using a HTTP "
    "Proxy then the Relay must be able to access the servers listed in Section 4 – "
    "Reputation servers"
)
_RESOLVER_NOTE = (
    "The Relay must be able to query the name servers listed in Section 5 – Sender check resolvers"
)
_EXTERNAL_4 = f"Sender check lookups | UDP/TCP | 53 (in/out) | {_DNS_NOTE}"
_EXTERNAL_5 = f"""
Mail transfer | TCP | 25 | Any | Any
Online documentation | TCP | 80 | help.example.com | 192.0.2.1
Platform updates | TCP | 443 | products.example.net¶repo-el9.example.net | Both URLs are served by a CDN. IPs can be found here {LONG_URL}
Engine A signature updates | TCP | 80 | aav-update-1.example.net¶aav-update-2.example.net¶aav-update-3.example.net¶aav-update-4.example.net | 198.51.100.1¶203.0.113.1¶192.0.2.2¶198.51.100.2
Engine B signature updates | TCP | 80 | kav-update-8-1.example.net¶kav-update-8-2.example.net¶kav-update-8-3.example.net | 198.51.100.1¶203.0.113.1¶2001:db8:10::1
Reputation rule updates | TCP | 80 | {_PROXY_NOTE} |
Sender reputation queries | UDP | 53 | {_RESOLVER_NOTE} |
News feed | TCP | 80 | www.example.com | 203.0.113.2
Status service | TCP | 443 | services1.example.net¶services2.example.net¶services3.example.net | See {RANGES_URL}
Time service | UDP | 123 | 0.pool.example.org¶1.pool.example.org¶2.pool.example.org¶3.pool.example.org |
Engine B cloud query | TCP | 443 | ksn1.example.net¶ksn2.example.net¶ksn-url.geoksn.example.net | Multiple servers exist and are subject to change
Detection telemetry | TCP | 443 | telemetry-ingest.eu-west-1.collector.example.org | 192.0.2.3
Subscription check | TCP | 443 | licensing.example.com | 203.0.113.250¶2001:db8:0:1::250
"""  # noqa: E501
_MERGED = {5: (3, 4), 6: (3, 4)}  # the two rows that refer to host-list sections
_INTERNAL = """
FTP/S Backup/Restore | TCP | 20/21 | Out |
SSH access to the Relay Console | TCP | 22 | In | Disabled by default
SFTP Transaction Log Export | TCP | 22 | Out | To the log repository server
DNS requests to internal servers | UDP | 53 | Out |
User Authentication using NTLM | TCP¶UDP¶TCP | 135¶137¶139 | Out¶Out¶Out | To directory servers
SNMP monitoring | UDP | 161 | In | From SNMP management servers
Accessing keyservers over LDAP and LDAP/S | TCP | 389¶636 | Out |
Media relay to review clients | UDP | 7400-7410 | Out | The range is configurable
FTPS Backup & Restore | TCP | 990/21 | Out | To the backup server
LDAP connection to an active directory global catalogue | TCP¶TCP | 3268¶3269 | Out¶Out |
Distribution of information to peer appliances | UDP | 9000 | In/Out | This port is configurable through the Web UI
Access to Cockpit console | TCP | 9090 | In/out | To the system console via the Cockpit app
Greylisting synchronisation between peers | UDP | 19200 | In/Out | Greylist sync
"""  # noqa: E501
SAMPLE_HISTORY = [
    ("Oct-2018", "1.0", "First release"),
    (
        "Nov-2018",
        "1.1",
        "Add additional addresses for the reputation servers (old addresses will be retired)\n"
        "The following addresses will be retired on 22/11/18 192.0.2.9, 192.0.2.10",
    ),
    ("April-2019", "1.2", "Add more details to cloud lookups"),
    ("Aug 2019", "1.3", "Added aav-update[1-4] update servers"),
    ("Sept 2020", "2.0", "Update for 2.0 (CDN for products.example.net and repo-el9.example.net)"),
    ("Jan 2021", "2.1", "Update for licensing.example.com"),
]
_INTRO = [
    "The ExampleCorp Mail Relay requires connectivity to both internal and external services over "
    "a number of different ports and protocols.",
    "ExampleCorp recommends that relays have unrestricted outbound access to HTTP, HTTP/S and DNS "
    "services to permit connections to the various cloud based services used for detection of "
    "spam and malware.",
    "Customers should be aware that these entries may be liable to change with limited notice as "
    "ExampleCorp extends its infrastructure. Configure firewalls by hostname where possible and "
    "only use IP addresses if defining access by hostname is not possible.",
]
_PROXY_BULLETS = [
    "Cloud lookups use a proprietary protocol over port 443 which cannot be inspected, therefore "
    "it is advisable to bypass any form of scanning.",
    "License validation needs either a bypass of content inspection or a client certificate.",
]


def address_pool() -> Iterator[str]:
    """Documentation addresses: RFC 5737 (cycling over the three nets), then RFC 3849."""
    for host in range(100, 255):
        for net in ("203.0.113", "192.0.2", "198.51.100"):
            yield f"{net}.{host}"
    k = 0x100
    while True:
        yield f"2001:db8:ff::{k:x}"
        k += 1


def sample_spec(n_rows: int = 27, n_addresses: int = 27, *, numbered: bool = False) -> DocSpec:
    """A realistic fictional ExampleCorp "Mail Relay" document, version 2.1 (Jan 2021).

    ``n_rows``: port-table rows in all (27 hand-written ones; beyond that, generated rows go
    alternately to the external and the internal table); ``n_addresses``: addresses in
    each of the two host-list sections. ``numbered`` numbers the headings ("1.", "1.1",
    "2." ... "6.")."""
    external, internal = _rows(_EXTERNAL_5), _rows(_INTERNAL)
    pool = address_pool()
    for k in range(max(0, n_rows - 1 - len(external) - len(internal))):
        if k % 2 == 0:
            row = [f"Regional mirror {k + 1} updates", "TCP", "443", f"mirror-{k + 1}.example.net"]
            external.append([*row, next(pool)])
        else:
            port = str(20000 + k % 40000)
            internal.append([f"Connector {k + 1} export", "TCP", port, "Out", f"To host {k + 1}"])
    resolvers = ["dnsbl7", "lbl7", "lbl8.sn12", "rules"]
    reputation = ["sn12", "sn60", "db11", "verio", "ruledownloads", "tisdk"]
    sections = [
        Section("Connection Ports and Protocols", [Paragraphs(_INTRO)]),
        Section(
            "HTTP/S Proxy support restrictions",
            [
                Paragraphs(["Customers using HTTP/S proxies will suffer from 2 issues"]),
                Bullets(_PROXY_BULLETS),
            ],
        ),
        Section(
            "External Connections",
            [
                PortTable(
                    ["Item", "UDP/TCP", "Port", "Details"],
                    _rows(_EXTERNAL_4),
                    widths=[25, 12, 10, 53],
                ),
                PortTable(
                    ["Item", "UDP/TCP", "Port", "Hostname", "IP Address"],
                    external,
                    merged=dict(_MERGED),
                    widths=[22, 8, 8, 37, 25],
                ),
            ],
        ),
        Section(
            "Internal Connections",
            [
                PortTable(
                    ["Description", "Protocol", "Port", "Direction", "Comment"],
                    internal,
                    widths=[28, 11, 13, 12, 36],
                )
            ],
        ),
        Section(
            "Reputation servers",
            [
                Paragraphs(
                    [
                        "The following servers are accessed by the product to gather update "
                        "information and to perform real-time checks"
                    ]
                ),
                Bullets([f"{h}.example.org" for h in reputation]),
                AddressBlock([next(pool) for _ in range(n_addresses)]),
            ],
        ),
        Section(
            "Sender check resolvers",
            [
                Paragraphs(
                    [
                        "The following name servers are accessed by the product to verify "
                        "information about the senders IP and its reputation."
                    ]
                ),
                Bullets([f"{h}.example.org" for h in resolvers]),
                AddressBlock([next(pool) for _ in range(n_addresses)]),
            ],
        ),
        Section("Change History", [HistoryTable(list(SAMPLE_HISTORY))]),
    ]
    if numbered:  # the proxy notes are a subsection, so host lists are Sections 4 and 5
        for s, number in zip(sections, ["1", "1.1", "2", "3", "4", "5", "6"], strict=True):
            s.numbered = number
    return DocSpec(
        title="Connection Ports and Protocols",
        running_header="ExampleCorp Mail Relay    Connection Ports and Protocols",
        sections=sections,
        version="2.1",
        product="ExampleCorp Mail Relay",
        date="January 2021",
    )
