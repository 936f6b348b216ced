"""Other vendors' port documentation (issue 10), as specs with their truth.

Four kinds, each one fictional document built from its facts (hostnames under
``example.*``, addresses in the documentation ranges of RFC 5737/3849) so that what is
printed and what must be read back come from the same place:

- ``help_page``: a port-first help page (``Port | Protocol | Direction | Usage``), the
  hosts written inside the purpose text, application names in the protocol column,
  footnote marks on ports with the footnotes below the table, a table with no heading;
- ``flow_matrix``: source and destination endpoints (roles, hostnames, networks, ``Any``),
  port lists and ranges, source ports, sub-heading rows spanning the table, a change
  history; its header is a "Source" / "Destination" band over "System | Port(s)", or a
  flat ``From | To | Transport | Port | Source port | Usage``;
- ``function_table``: the first cell spans the rows of one function, protocol and port
  share a cell (``TCP 22 (SSH)``, ``TCP/UDP 53``), an initiator cell spans rows too;
- ``address_ranges``: a port table, then per-region sections listing networks and
  hostnames, with only a "Last updated" date.

A document is a list of blocks (``Title``, ``Para``, ``Heading``, ``Bullets``,
``Table``) that tests/genregen.py prints with several producers; ``GenreDoc.truth`` is
in the shared truth format for these documents (``../shared/corpus/README.md``, "Other
vendors' port documentation"), scored by ``score.py genre``. Choices the format leaves
open: a source port printed ``Any`` is the whole range 1-65535, as printed (a blank one
gives no ``source_ports``: the table says nothing), and a footnote's text belongs to the
notes of the rows that carry its mark.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass, field
from itertools import zip_longest
from typing import Literal

# --------------------------------------------------------------------------- blocks


@dataclass
class Row:
    """A table row; ``None`` is a cell covered by the row span of the cell above it."""

    cells: list[str | None]
    spans: dict[int, int] = field(default_factory=dict)  # column -> rows it spans


@dataclass
class SubHeading:
    """A row spanning the whole table: the section of the rows below it."""

    text: str


@dataclass
class Table:
    columns: list[str]
    rows: list[Row | SubHeading]
    widths: list[float]  # relative column widths
    # An upper header row: (text, columns spanned); a band one column wide is that
    # column's own header cell, two rows tall.
    bands: list[tuple[str, int]] = field(default_factory=list)
    # How it is drawn: "grid" (every cell ruled) or "rules" (horizontal rules only, no
    # shading: a docs site's table); cells set at the "top" or vertically centred
    # ("middle", as Word does); the columns whose values sit in a shaded code pill.
    look: Literal["grid", "rules"] = "grid"
    valign: Literal["top", "middle"] = "top"
    pills: tuple[int, ...] = ()


@dataclass
class Title:
    text: str


@dataclass
class Para:
    text: str
    style: Literal["body", "meta", "note"] = "body"  # meta: the version line; note: small


@dataclass
class Heading:
    text: str


@dataclass
class Bullets:
    items: list[str]


Block = Title | Para | Heading | Bullets | Table


@dataclass
class GenreDoc:
    name: str
    blocks: list[Block]
    truth: dict
    footer: str = ""  # a running footer on every page


# --------------------------------------------------------------------------- truth

# The README's list: an application name in a protocol column stands for its transport.
TRANSPORTS = {
    "tcp": ("tcp",),
    "udp": ("udp",),
    "tcp/udp": ("tcp", "udp"),
    "udp/tcp": ("udp", "tcp"),
    "dns": ("udp", "tcp"),
    **{app: ("tcp",) for app in ("ftp", "ftps", "sftp", "ssh", "smtp", "http", "https")},
    **{app: ("tcp",) for app in ("ldap", "ldaps", "rdp")},
    **{app: ("udp",) for app in ("ntp", "snmp", "tftp", "syslog")},
}
Ranges = list[tuple[int, int]]


def transports(printed: str) -> tuple[str, ...]:
    """'FTPS (explicit)' -> tcp; 'TCP/UDP' -> tcp, udp."""
    return TRANSPORTS[printed.split(" (")[0].strip().lower()]


def port_pairs(protocols: tuple[str, ...], ranges: Ranges) -> list[list]:
    return [[p, first, last] for p in protocols for first, last in ranges]


def port_text(ranges: Ranges, sep: str = ", ") -> str:
    return sep.join(str(a) if a == b else f"{a}-{b}" for a, b in ranges)


def kind_of(endpoint: str) -> Literal["any", "address", "host", "role"]:
    if endpoint.lower() == "any":
        return "any"
    try:
        ipaddress.ip_network(endpoint, strict=False)
        return "address"
    except ValueError:
        pass
    return "host" if re.fullmatch(r"[*\w.-]+\.[a-z]+", endpoint) else "role"


def endpoint_truth(endpoint: str) -> str:
    kind = kind_of(endpoint)
    return {"any": "any", "host": endpoint.lower(), "address": endpoint, "role": endpoint}[kind]


def truth_rule(
    section: str | None,
    service: str,
    ports: list[list],
    *,
    source_ports: list[list] | None = None,
    direction: str | None = None,
    source: list[str] = (),  # type: ignore[assignment]
    destination: list[str] = (),  # type: ignore[assignment]
    listed: list[str] = (),  # type: ignore[assignment]
    notes: str = "",
) -> dict:
    """One rule; hosts and addresses gather the listed ones and both sides' endpoints."""
    every = [*listed, *source, *destination]
    return {
        "section": section,
        "service": service,
        "ports": ports,
        "source_ports": source_ports or [],
        "direction": direction,
        "source": [endpoint_truth(e) for e in source],
        "destination": [endpoint_truth(e) for e in destination],
        "hosts": sorted({e.lower() for e in every if kind_of(e) == "host"}),
        "addresses": sorted({e for e in every if kind_of(e) == "address"}),
        "any_destination": any(kind_of(e) == "any" for e in destination),
        "notes": notes,
    }


def document_truth(vendor: str, product: str, title: str, version, date, rules, **rest) -> dict:
    return {
        "document": {
            "vendor": vendor,
            "product": product,
            "title": title,
            "version": version,
            "date": date,
        },
        "rules": rules,
        "host_lists": rest.get("host_lists", []),
        "history": rest.get("history", []),
    }


def join_and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


# --------------------------------------------------------------------------- help page

DIRECTIONS = {"in": "Inbound", "out": "Outbound", "both": "Both"}


@dataclass
class HelpRow:
    ports: Ranges
    protocol: str  # as printed: an application name or a transport
    direction: str
    lead: str  # the purpose as printed before any listed hosts: the service
    listed: list[str] = field(default_factory=list)  # hostnames, URLs or addresses
    layout: Literal["colon", "inline", "lines"] = "inline"
    mark: str = ""  # a footnote mark printed on the port
    sep: str = ", "  # between listed ports
    tail: str = ""  # a sentence after the list (notes)


HELP_MAIN = [
    HelpRow(
        [(25, 25)], "SMTP", "in", "Journal mail from the organisation's mail servers", mark="*"
    ),
    HelpRow([(443, 443)], "HTTPS", "in", "Search portal and console for users and auditors"),
    HelpRow([(389, 389)], "LDAP", "out", "Directory look-ups of users and groups"),
    HelpRow([(636, 636)], "LDAPS", "out", "Directory look-ups of users and groups over TLS"),
    HelpRow([(53, 53)], "DNS", "out", "Name resolution"),
    HelpRow(
        [(123, 123)],
        "NTP",
        "out",
        "Clock synchronisation against",
        ["time1.example.net", "time2.example.net"],
        "colon",
    ),
    HelpRow(
        [(443, 443)],
        "HTTPS",
        "out",
        "Retention policy and legal hold updates from",
        ["policy.example.com", "policy-backup.example.com"],
        mark="¹",
    ),
    HelpRow(
        [(443, 443)],
        "HTTPS",
        "out",
        "Product activation at",
        ["https://activate.example.org/archivevault"],
    ),
    HelpRow(
        [(22, 22)],
        "SFTP",
        "out",
        "Export of archived items to the customer's storage at",
        ["198.51.100.0/25", "2001:db8:a1::/48"],
    ),
    HelpRow(
        [(443, 443)],
        "HTTPS",
        "out",
        "Help pages and web fonts are loaded from",
        ["*.static.example.net"],
    ),
    HelpRow(
        [(443, 443)],
        "HTTPS",
        "out",
        "Malware scanning of attachments",
        ["scan-eu.example.com", "scan-us.example.com", "scan-ap.example.com"],
        "lines",
        tail="Each attachment is sent once; the verdict is stored with the archived item "
        "so that later searches and exports never send it again.",
    ),
    HelpRow([(161, 161)], "SNMP", "in", "Health polling by the monitoring system"),
    HelpRow(
        [(3389, 3389)],
        "RDP",
        "in",
        "Remote support sessions. Open this port only while a support case is open and "
        "close it again when the case is closed; support engineers connect from the "
        "addresses given in the case, never from a fixed list, and every session is "
        "recorded in the audit log of the appliance together with the case number.",
    ),
    HelpRow([(8443, 8443), (8444, 8444)], "HTTPS", "in", "Archive import agents", sep=" / "),
    HelpRow([(21, 21)], "FTPS (explicit)", "out", "Legacy export to FTP servers"),
    HelpRow([(80, 80)], "HTTP", "out", "Certificate revocation lists and OCSP responses"),
]
HELP_NODES = [
    HelpRow([(7000, 7010)], "TCP", "both", "Index replication between nodes"),
    HelpRow([(5353, 5353)], "UDP", "both", "Node discovery"),
    HelpRow([(11211, 11211)], "TCP", "both", "Shared search cache"),
]
HELP_FOOTNOTES = {
    "*": "Only where journal mail is not relayed through a smart host.",
    "¹": "Both hosts are needed: the second answers while the first is being updated.",
}


def _listed_host(item: str) -> str:
    return re.sub(r"^https?://([^/]+).*$", r"\1", item)


def _purpose(row: HelpRow) -> str:
    if not row.listed:
        text = row.lead
    elif row.layout == "colon":
        text = f"{row.lead}: {join_and(row.listed)}"
    elif row.layout == "lines":
        text = row.lead + ":\n" + "\n".join(row.listed)
    else:
        text = f"{row.lead} {join_and(row.listed)}"
    return f"{text}.\n{row.tail}" if row.tail else text


def _help_rows(rows: list[HelpRow], section: str | None) -> tuple[list[Row], list[dict]]:
    printed, truth = [], []
    for r in rows:
        port = port_text(r.ports, r.sep) + r.mark
        printed.append(Row([port, r.protocol, DIRECTIONS[r.direction], _purpose(r)]))
        notes = " ".join(t for t in (r.tail, HELP_FOOTNOTES.get(r.mark, "")) if t)
        truth.append(
            truth_rule(
                section,
                r.lead,
                port_pairs(transports(r.protocol), r.ports),
                direction=r.direction,
                listed=[_listed_host(x) for x in r.listed],
                notes=notes,
            )
        )
    return printed, truth


def help_page() -> GenreDoc:
    """Litware ArchiveVault's online help page on firewall ports, as printed."""
    columns, widths = ["Port", "Protocol", "Direction", "Usage"], [1.1, 1.4, 1.2, 5.0]
    main_rows, main_truth = _help_rows(HELP_MAIN, None)
    node_rows, node_truth = _help_rows(HELP_NODES, "Between ArchiveVault nodes")
    blocks: list[Block] = [
        Para("Help › Deployment › Network", "note"),
        Title("Litware ArchiveVault 9 — Network ports"),
        Para("Version 9.1 · Last updated: 3 February 2026", "meta"),
        Para(
            "ArchiveVault receives journal mail, answers searches and fetches policy and "
            "scanning services. Open these ports on every firewall between the archive, your "
            "mail servers, your users and the Internet. Where a row names hosts, allow the "
            "names rather than their current addresses."
        ),
        Table(columns, main_rows, widths),
        *(Para(f"{mark} {text}", "note") for mark, text in HELP_FOOTNOTES.items()),
        Heading("Between ArchiveVault nodes"),
        Para("Nodes of one archive cluster also talk to each other on these ports."),
        Table(columns, node_rows, widths),
    ]
    truth = document_truth(
        "Litware", "ArchiveVault", "Network ports", "9.1", "2026-02", main_truth + node_truth
    )
    return GenreDoc("help-page", blocks, truth)


# --------------------------------------------------------------------------- flow matrix


@dataclass
class Flow:
    source: list[str]
    destination: list[str]
    protocol: str
    ports: Ranges
    service: str
    source_ports: Ranges | Literal["Any"] | None = None


# A row many lines tall in its narrow column: page breaks fall inside it.
TALL_SERVICE = (
    "Configuration store consensus. Every contact server holds a copy of the routing "
    "configuration and votes on each change; with fewer than half of the servers reachable, "
    "changes are refused until the cluster heals, so this port must be open between every "
    "pair of servers in every site."
)
FLOW_SECTIONS: list[tuple[str, list[Flow]]] = [
    (
        "Within the contact centre cluster",
        [
            Flow(["Agent desktop"], ["Contact server"], "TCP", [(443, 443)],
                 "Agent desktop sign-in and call control", "Any"),
            Flow(["Contact server"], ["Contact server"], "TCP/UDP", [(7946, 7946)],
                 "Cluster gossip and membership"),
            Flow(["Contact server"], ["Recording node"], "TCP", [(9000, 9010)],
                 "Recording control", [(1024, 65535)]),
            Flow(["Media gateway"], ["Recording node"], "UDP", [(30000, 39999)],
                 "RTP streams forked for call recording", [(30000, 39999)]),
            Flow(["Contact server", "Recording node"], ["Report database"], "TCP",
                 [(5432, 5432), (5433, 5433)], "Reporting data load", [(1024, 65535)]),
            Flow(["192.0.2.64/26", "2001:db8:5::/64"], ["Media gateway"], "UDP",
                 [(20000, 29999)], "Softphone media from the agent networks"),
            Flow(["Contact server"], ["Contact server"], "TCP", [(8500, 8500)], TALL_SERVICE),
        ],
    ),
    (
        "To cloud and carrier services",
        [
            Flow(["Contact server"], ["speech.example.com"], "HTTPS", [(443, 443)],
                 "Real-time speech analytics"),
            Flow(["Media gateway"], ["203.0.113.0/27", "203.0.113.32/27"], "UDP",
                 [(10000, 20000)], "Carrier media for public telephone calls"),
            Flow(["Media gateway"], ["sip1.example.net", "sip2.example.net"], "TCP",
                 [(5061, 5061)], "Carrier SIP signalling over TLS", [(1024, 65535)]),
            Flow(["Contact server"], ["Any"], "DNS", [(53, 53)], "Name resolution"),
            Flow(["Internet"], ["Web chat gateway"], "TCP", [(443, 443), (8443, 8443)],
                 "Customer web chat and callback requests"),
            Flow(["Contact server"], ["*.crm.example.org"], "HTTPS", [(443, 443)],
                 "CRM screen-pop look-ups"),
        ],
    ),
    (
        "Administration and monitoring",
        [
            Flow(["Admin workstation"], ["Contact server", "Recording node"], "TCP",
                 [(22, 22), (8443, 8443)], "Administration over SSH and the web console"),
            Flow(["198.51.100.10"], ["Contact server", "Media gateway"], "UDP", [(161, 161)],
                 "SNMP polling"),
            Flow(["Contact server", "Media gateway"], ["198.51.100.10"], "UDP", [(162, 162)],
                 "SNMP traps"),
            Flow(["Contact server"], ["syslog.example.org"], "UDP", [(514, 514)],
                 "Audit log forwarding"),
        ],
    ),
]  # fmt: skip
FLOW_HISTORY = [
    ("8.0", "12 March 2025", "First edition of the matrix for release 8.0."),
    ("8.1", "30 June 2025", "Added web chat and the CRM look-ups."),
    ("8.2", "4 November 2025", "Carrier media networks changed; recording ports widened."),
]
# Printed cells in this order: source, source ports, destination, ports, protocol, service.
FLOW_HEADERS: dict[str, tuple[list[str], list[tuple[str, int]], list[int]]] = {
    # (header words in printed order, bands, which cell each printed column shows)
    "bands": (
        ["System", "Port(s)", "System", "Port(s)", "Protocol", "Description"],
        [("Source", 2), ("Destination", 2), ("Protocol", 1), ("Description", 1)],
        [0, 1, 2, 3, 4, 5],
    ),
    "from-to": (
        ["From", "To", "Transport", "Destination port", "Source port", "Usage"],
        [],
        [0, 2, 4, 3, 1, 5],
    ),
    "client-listener": (
        ["Purpose", "Client", "Listener", "Network protocol", "Port", "Client port"],
        [],
        [5, 0, 2, 4, 3, 1],
    ),
}
FLOW_WIDTHS = [2.0, 1.6, 2.2, 1.6, 1.3, 3.8]  # a port range fits its column on Letter


def _site(section: str, site: int) -> str:
    return section if site == 0 else f"Site {site + 1}: {section}"


def _shifted(ranges: Ranges, by: int) -> Ranges:
    return [(a + by, b + by) if a > 1023 and b + by <= 65535 else (a, b) for a, b in ranges]


def flow_matrix(header: str = "bands", *, sites: int = 1) -> GenreDoc:
    """Tailspin Contact Center's connection matrix; ``sites`` repeats the matrix for more
    sites (their high ports shifted), for a document of any length."""
    columns, bands, order = FLOW_HEADERS[header]
    rows: list[Row | SubHeading] = []
    truth = []
    for site in range(sites):
        for section, flows in FLOW_SECTIONS:
            title = _site(section, site)
            rows.append(SubHeading(title))
            for f in flows:
                ports = _shifted(f.ports, site)
                protocols = transports(f.protocol)
                src_ports = f.source_ports or []
                src_text = src_ports if isinstance(src_ports, str) else port_text(src_ports)
                src_ranges = [(1, 65535)] if src_ports == "Any" else src_ports
                cells = ["\n".join(f.source), src_text, "\n".join(f.destination),
                         port_text(ports), f.protocol, f.service]  # fmt: skip
                rows.append(Row([cells[i] for i in order]))
                truth.append(
                    truth_rule(
                        title,
                        f.service,
                        port_pairs(protocols, ports),
                        source_ports=port_pairs(protocols, list(src_ranges)),
                        source=f.source,
                        destination=f.destination,
                    )
                )
    table = Table(columns, rows, [FLOW_WIDTHS[i] for i in order], bands)
    history = Table(
        ["Version", "Date", "Description"],
        [Row(list(entry)) for entry in FLOW_HISTORY],
        [1.0, 1.6, 6.0],
    )
    blocks: list[Block] = [
        Title("Tailspin Contact Center 8 — Connection matrix"),
        Para(
            "Each row is one connection: who opens it, who accepts it, and on which ports. "
            "Source ports are given where the component fixes them; a blank source port "
            "means any. Roles such as Contact server stand for every server of that role."
        ),
        table,
        Heading("Document history"),
        history,
    ]
    doc_truth = document_truth(
        "Tailspin",
        "Contact Center",
        "Connection matrix",
        FLOW_HISTORY[-1][0],
        "2025-11",
        truth,
        history=[
            {"date": _month(date), "version": v, "description": text, "retired_addresses": []}
            for v, date, text in FLOW_HISTORY
        ],
    )
    return GenreDoc(f"flow-matrix-{header}", blocks, doc_truth, "Tailspin Ltd. · Confidential")


MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december"]  # fmt: skip


def _month(printed: str) -> str:
    """'4 November 2025' -> '2025-11'."""
    _, month, year = printed.split()
    return f"{year}-{MONTHS.index(month.lower()) + 1:02d}"


# --------------------------------------------------------------------------- function table


@dataclass
class Function:
    name: str
    flows: list[tuple[str, str, str, str]]  # (protocol and port, initiator, target, notes)
    initiator_spans: bool = False  # one initiator cell spanning the function's rows


FUNCTIONS = [
    Function("File intake", [
        ("TCP 443 (HTTPS)", "Internet", "Upload portal", "Uploads by external partners"),
        ("TCP 22 (SFTP)", "Partner systems", "Upload portal", "Automated partner transfers"),
        ("TCP 443 (HTTPS)", "Upload portal", "scan.example.com", "Content scanning of uploads"),
    ]),
    Function("Directory and identity", [
        ("TCP 636 (LDAPS)", "Upload portal", "Directory server", "User and group look-ups"),
        ("TCP/UDP 88", "Upload portal", "Directory server", "Kerberos authentication"),
        ("TCP 443 (HTTPS)", "Upload portal", "login.example.com", "Single sign-on metadata"),
    ], initiator_spans=True),
    Function("Infrastructure services", [
        ("TCP/UDP 53", "Upload portal", "Any", "Name resolution"),
        ("UDP 123 (NTP)", "Upload portal", "time.example.org", "Time synchronisation"),
        ("UDP 514 (Syslog)", "Upload portal", "192.0.2.25", "Audit events"),
        ("TCP 25 (SMTP)", "Upload portal", "Mail relay", "Notifications to recipients"),
    ], initiator_spans=True),
    Function("Administration", [
        ("TCP 8443", "198.51.100.64/27", "Upload portal", "Management console"),
        ("TCP 22 (SSH)", "198.51.100.64/27", "Upload portal", "Command line"),
        ("TCP 9100-9110", "Monitoring server", "Upload portal",
         "Metrics scraping. Each service of the portal answers on its own port of this range; "
         "allow the whole range, since services move between ports when they restart."),
    ]),
]  # fmt: skip


def _protocol_port(cell: str) -> list[list]:
    """'TCP 22 (SSH)' -> tcp 22; 'TCP/UDP 53' -> tcp 53, udp 53; 'TCP 9100-9110' a range."""
    protocol, ports = cell.split()[:2]
    first, _, last = ports.partition("-")
    return port_pairs(transports(protocol), [(int(first), int(last or first))])


def function_table() -> GenreDoc:
    """Woodgrove SecureDrop's network functions: one function cell over several flows."""
    rows: list[Row | SubHeading] = []
    truth = []
    for function in FUNCTIONS:
        for i, (port, initiator, target, notes) in enumerate(function.flows):
            spans = {0: len(function.flows)} if i == 0 else {}
            cells: list[str | None] = [function.name if i == 0 else None, port]
            if function.initiator_spans:
                cells.append(initiator if i == 0 else None)
                spans |= {2: len(function.flows)} if i == 0 else {}
            else:
                cells.append(initiator)
            rows.append(Row([*cells, target, notes], spans))
            truth.append(
                truth_rule(
                    None,
                    function.name,
                    _protocol_port(port),
                    source=[initiator],
                    destination=[target],
                    notes=notes,
                )
            )
    table = Table(
        ["Feature", "Protocol and port", "Initiator", "Target", "Notes"],
        rows,
        [1.8, 1.7, 2.0, 2.0, 3.2],
    )
    blocks: list[Block] = [
        Title("Woodgrove SecureDrop 6 — Network functions"),
        Para(
            "Each feature of SecureDrop needs the connections listed beside it. The initiator "
            "opens the connection and the target accepts it. Features you do not use need no "
            "firewall rules."
        ),
        table,
    ]
    doc_truth = document_truth(
        "Woodgrove", "SecureDrop", "Network functions", "6.2", "2026-01", truth
    )
    return GenreDoc(
        "function-table", blocks, doc_truth, "Woodgrove SecureDrop · Issue 6.2 — January 2026"
    )


# --------------------------------------------------------------------------- address ranges


RANGE_PORTS = [
    # (purpose, transport as printed, ports, details, hosts named in the details)
    ("Backup uploads from your agents", "TCP", [(443, 443)], "All regions.", []),
    ("Agent registration", "HTTPS", [(443, 443)], "Registration service register.example.com.",
     ["register.example.com"]),
    ("Restore downloads", "TCP", [(443, 443), (8443, 8443)], "", []),
    ("Deduplication index synchronisation", "TCP", [(9443, 9443)],
     "Only when local cache appliances are used.", []),
    ("Time source for cache appliances", "NTP", [(123, 123)], "", []),
]  # fmt: skip
REGIONS = [
    # (heading, networks, hostnames, how the networks are printed)
    ("Europe", ["192.0.2.128/26", "192.0.2.192/26", "2001:db8:e0::/44"],
     ["vault-eu.example.com", "upload-eu.example.com", "*.eu.backup.example.net"], "bullets"),
    ("Americas", ["198.51.100.128/26", "198.51.100.192/27", "198.51.100.224/27",
                  "2001:db8:a0::/44"],
     ["vault-us.example.com", "upload-us.example.com"], "comma"),
    ("Asia-Pacific", ["203.0.113.128/25", "2001:db8:c0::/44"],
     ["vault-ap.example.com", "upload-ap.example.com", "restore-ap.example.com"], "table"),
]  # fmt: skip


def address_ranges() -> GenreDoc:
    """Relecloud Backup's allow list: a port table, then networks and hostnames per region."""
    rows: list[Row | SubHeading] = []
    truth = []
    for purpose, transport, ports, details, hosts in RANGE_PORTS:
        rows.append(Row([purpose, transport, port_text(ports), details]))
        pairs = port_pairs(transports(transport), ports)
        truth.append(truth_rule(None, purpose, pairs, listed=hosts, notes=details))
    blocks: list[Block] = [
        Title("Relecloud Backup — Network allow list"),
        Para("Last updated 17 October 2025", "meta"),
        Para(
            "Allow the ports below from your backup agents and cache appliances, then the "
            "networks and hostnames of the region your vault is kept in. Other regions are "
            "never contacted."
        ),
        Table(["Purpose", "Transport", "Port", "Details"], rows, [3.0, 1.2, 1.2, 3.6]),
    ]
    host_lists = []
    for region, networks, hostnames, layout in REGIONS:
        blocks.append(Heading(region))
        if layout == "table":  # networks and hostnames side by side, one table
            pairs = zip_longest(networks, hostnames, fillvalue="")
            blocks += [
                Para(f"Networks and hostnames of the vaults kept in {region}:"),
                Table(["Network", "Hostname"], [Row(list(p)) for p in pairs], [1.0, 1.4]),
            ]
        else:
            blocks += [
                Para(f"Networks of the vaults kept in {region}:"),
                Para(", ".join(networks)) if layout == "comma" else Bullets(networks),
                Para("Hostnames:"),
                Bullets(hostnames),
            ]
        host_lists.append({"title": region, "hosts": hostnames, "addresses": networks})
    doc_truth = document_truth(
        "Relecloud", "Backup", "Network allow list", None, "2025-10", truth, host_lists=host_lists
    )
    return GenreDoc("address-ranges", blocks, doc_truth, "Relecloud Backup · Network allow list")


KINDS = {
    "help-page": help_page,
    "flow-matrix-bands": lambda: flow_matrix("bands"),
    "flow-matrix-from-to": lambda: flow_matrix("from-to"),
    "flow-matrix-client-listener": lambda: flow_matrix("client-listener"),
    "function-table": function_table,
    "address-ranges": address_ranges,
}
