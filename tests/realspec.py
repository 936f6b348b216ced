"""The table classes of real vendor documentation (issue 16), as specs with their truth.

Fictional documents in the layouts real docs sites and Word exports use, built from
their facts (hostnames under ``example.*``) so that what is printed and what must be
read back come from the same place; tests/genregen.py prints them like
tests/genrespec.py's kinds, and ``score.py genre`` scores them. No row of a real page
is copied here: the classes are.

- ``port_reference`` (items 1, 3, 4): a docs site's port reference, horizontal rules
  only: ``Protocol | Direction | Port Range | Purpose | Used By``; a table with two
  port columns and a column of no role (``Default port | … | Default status | Managed
  port``), its headers wrapped over two lines and its ports in code pills; a table
  whose header says the direction (``Outbound port``) and names the ``Target``, with
  ICMP types, ``N/A``, transports printed with a label (``TCP/SIP-TLS``) and an
  application with a qualifier; a ``Client(s) | Protocol/Port`` table with one
  protocol per line of a cell; one-row tables under per-item headings, no service
  cell.
- ``protocol_columns`` (item 2): many small ``Description | UDP | TCP`` tables under
  headings (``Client --> Management point``), ``--`` for none, ``67 and 68``,
  ``80 or 8530``, ``443/8531``, ``DYNAMIC``, ``(Note 2)`` marks.
- ``mail_flow`` (items 6, 7, 8): a Word-style ``Purpose | Ports | Source | Destination |
  Comments`` grid, cells vertically centred, rows taller than a third of a page (one
  of them broken by a page break), bulleted lists in cells, ``25/TCP (SMTP)``,
  ``53/UDP,53/TCP (DNS)``, ``see comments``, roles wrapped by a narrow column,
  ``Internet (any)`` as destination.
"""

from __future__ import annotations

from genrespec import (
    Block,
    GenreDoc,
    Heading,
    Para,
    Row,
    Table,
    Title,
    document_truth,
    port_pairs,
    truth_rule,
)

TCP, UDP, BOTH = ("tcp",), ("udp",), ("tcp", "udp")

# --------------------------------------------------------------------------- reference

# (protocol, direction, ports as printed, purpose, used by, footnote mark)
FLOWS = [
    ("TCP", "Inbound", "7443", "Control API server", ["All"], ""),
    ("TCP", "Inbound", "4001-4002", "Ledger peer and client API", ["api-gateway", "ledger"], ""),
    ("TCP", "Inbound", "9250", "Agent API", ["Self", "Control nodes"], ""),
    ("UDP", "Outbound", "30000-32767", "Overlay tunnels", ["Worker nodes"], "†"),
]
DIRECTION = {"Inbound": "in", "Outbound": "out", "Incoming": "in"}
# (name, use, protocol, default port, default status, managed port, direction)
NAMED = [
    ("Query", "The query API", "TCP and UDP", 7600, "Enabled", "Unsupported", "Incoming"),
    ("Admin", "The admin API", "TCP", 7501, "Disabled", "443", "Incoming"),
    ("Gossip", "Membership gossip between nodes", "TCP and UDP", 7301, "Enabled", "7301",
     "Incoming and outgoing"),
]  # fmt: skip
# (purpose, protocol as printed, outbound port as printed, target, truth ports)
OUTBOUND = [
    ("Update downloads", "TCP", "443", "updates.example.com", [["tcp", 443, 443]]),
    ("Time", "UDP", "123", "ntp.example.org", [["udp", 123, 123]]),
    ("Reachability checks", "ICMP", "0, 8 *", "Any", [["icmp", None, None]]),
    ("Path MTU discovery", "ICMP", "N/A", "Any", [["icmp", None, None]]),
    ("Voice signalling", "TCP/SIP-TLS", "5061", "sip.example.net", [["tcp", 5061, 5061]]),
    ("Voice media", "UDP/SRTP", "16384-32767", "media.example.net", [["udp", 16384, 32767]]),
    ("Report storage", "TCP/PostgreSQL", "5432", "Report database", [["tcp", 5432, 5432]]),
    ("Archive export", "FTPS (explicit)", "21", "Archive server", [["tcp", 21, 21]]),
]
# (client, protocol and ports as printed, purpose, truth ports)
CLIENTS = [
    ("Admin workstation", "TCP 8443", "Web console", [["tcp", 8443, 8443]]),
    ("Monitoring server", "TCP: 443, 80\nUDP: 443", "Metrics and health",
     [["tcp", 443, 443], ["tcp", 80, 80], ["udp", 443, 443]]),
    ("Monitoring server", "ICMP 0, 8", "Reachability polling", [["icmp", None, None]]),
]  # fmt: skip


# An endpoints table with no column naming its rows (ID | Category | Addresses | Ports):
# (id, category, hosts, ports as printed, truth ports)
ENDPOINTS = [
    ("1", "Optimize", ["mail.example.com", "*.mail.example.net"], "TCP: 443, 80\nUDP: 443",
     [["tcp", 443, 443], ["tcp", 80, 80], ["udp", 443, 443]]),
    ("2", "Default", ["telemetry.example.org"], "TCP: 443", [["tcp", 443, 443]]),
]  # fmt: skip


def _endpoint_table() -> tuple[list[Block], list[dict]]:
    rows = [
        Row([i, category, ", ".join(hosts), ports]) for i, category, hosts, ports, _ in ENDPOINTS
    ]
    truth = [
        truth_rule("Endpoints", "", pairs, listed=hosts) for _, _, hosts, _, pairs in ENDPOINTS
    ]
    table = Table(["ID", "Category", "Addresses", "Ports"], rows, [0.6, 1.2, 3.0, 1.4])
    return [Heading("Endpoints"), table], truth


def _per_port_tables() -> tuple[list[Block], list[dict]]:
    """One table of one row under each port's own heading: no service cell."""
    blocks: list[Block] = []
    truth = []
    for name, _, protocol, port, status, managed, _ in NAMED:
        columns = ["Default port", "Protocol", "Default status"]
        cells = [str(port), protocol, f"{status} by default"]
        if managed[:1].isdigit():
            columns.append("Managed server port")
            cells.append(managed)
        blocks += [
            Heading(name),
            Para(f"The following table lists the {name.lower()} port defaults:"),
            Table(columns, [Row(cells)], [2.0] * len(columns), look="rules", pills=(0, 3)),
            Para("This port receives traffic from the workloads that use it."),
        ]
        protos = BOTH if "UDP" in protocol else TCP
        truth.append(truth_rule(name, "", port_pairs(protos, [(port, port)])))
    return blocks, truth


def port_reference() -> GenreDoc:
    """Proseware Mesh's port reference, as a docs site prints it."""
    rows, truth = [], []
    for protocol, direction, ports, purpose, used_by, mark in FLOWS:
        rows.append(Row([protocol, direction, ports, purpose + mark, ", ".join(used_by)]))
        first, _, last = ports.partition("-")
        pairs = port_pairs((protocol.lower(),), [(int(first), int(last or first))])
        truth.append(
            truth_rule("Nodes", purpose, pairs, direction=DIRECTION[direction], source=used_by)
        )
    named_rows = []
    for name, use, protocol, port, status, managed, direction in NAMED:
        named_rows.append(Row([name, use, protocol, str(port), status, managed, direction]))
        protos = BOTH if "UDP" in protocol else TCP
        way = "both" if "outgoing" in direction else "in"
        truth.append(truth_rule("Servers", use, port_pairs(protos, [(port, port)]), direction=way))
    outbound_rows = []
    for purpose, protocol, port, target, pairs in OUTBOUND:
        outbound_rows.append(Row([purpose, protocol, port, target]))
        truth.append(truth_rule("Outbound", purpose, pairs, direction="out", destination=[target]))
    client_rows = []
    for client, ports, purpose, pairs in CLIENTS:
        client_rows.append(Row([client, ports, purpose]))
        truth.append(truth_rule("Consoles", purpose, pairs, source=[client]))
    per_port, per_port_truth = _per_port_tables()
    endpoints, endpoint_truth = _endpoint_table()
    blocks: list[Block] = [
        Para("Mesh › Reference › Ports", "note"),
        Title("Proseware Mesh ports reference"),
        Para("The ports the mesh's components open and use, by component."),
        Heading("Nodes"),
        Table(
            ["Protocol", "Direction", "Port Range", "Purpose", "Used By"],
            rows,
            [1.0, 1.1, 1.3, 2.4, 2.0],
            look="rules",
        ),
        Para("† Default range for overlay tunnels.", "note"),
        Para("All default ports can be changed in the configuration."),
        Heading("Servers"),
        Para("The following table lists the server ports and their defaults."),
        Table(
            [
                "Port name",
                "Use",
                "Protocol",
                "Default port",
                "Default status",
                "Managed port",
                "Direction",
            ],
            named_rows,
            [0.9, 2.0, 1.0, 0.9, 1.0, 1.0, 1.4],
            look="rules",
            pills=(3, 5),
        ),
        Heading("Outbound"),
        Para("Servers open these connections themselves."),
        Table(
            ["Purpose", "Protocol", "Outbound port", "Target"],
            outbound_rows,
            [2.2, 1.6, 1.2, 2.0],
            look="rules",
        ),
        Para("* ICMP types: echo reply and echo request.", "note"),
        Heading("Consoles"),
        Table(["Client(s)", "Protocol/Port", "Purpose"], client_rows, [2.0, 1.6, 3.0]),
        *per_port,
        *endpoints,
    ]
    doc_truth = document_truth(
        "Proseware",
        "Mesh",
        "Proseware Mesh ports reference",
        None,
        None,
        truth + per_port_truth + endpoint_truth,
    )
    return GenreDoc("port-reference", blocks, doc_truth)


# --------------------------------------------------------------------------- protocols

# heading -> rows (description, UDP cell, TCP cell, truth ports)
PROTOCOL_TABLES: list[tuple[str, list[tuple[str, str, str, list[list]]]]] = [
    ("Client --> Management point", [
        ("Hypertext Transfer Protocol (HTTP)", "--", "80", [["tcp", 80, 80]]),
        ("Secure Hypertext Transfer Protocol (HTTPS)", "--", "443", [["tcp", 443, 443]]),
        ("Client notification", "--", "10123 (Note 2)", [["tcp", 10123, 10123]]),
        ("Client push", "--", "8443 (See note 1, alternate port available)",
         [["tcp", 8443, 8443]]),
    ]),
    ("Client --> Update point", [
        ("Update downloads", "--", "80 or 8530", [["tcp", 80, 80], ["tcp", 8530, 8530]]),
        ("Secure update downloads", "--", "443/8531", [["tcp", 443, 443], ["tcp", 8531, 8531]]),
    ]),
    ("Client --> Boot point", [
        ("Dynamic Host Configuration Protocol (DHCP)", "67 and 68", "--",
         [["udp", 67, 67], ["udp", 68, 68]]),
        ("Trivial File Transfer Protocol (TFTP)", "69", "--", [["udp", 69, 69]]),
    ]),
    ("Site server --> Site database", [
        ("RPC endpoint mapper", "135", "135", [["udp", 135, 135], ["tcp", 135, 135]]),
        ("Remote procedure call (RPC)", "--", "DYNAMIC", []),
    ]),
]  # fmt: skip


def protocol_columns() -> GenreDoc:
    """Northwind Endpoint Manager's ports, one small table per connection."""
    blocks: list[Block] = [
        Title("Northwind Endpoint Manager — Ports used"),
        Para(
            "Each table lists the ports one kind of system opens to another. The ports "
            "of a row stand in the column of their protocol; -- means none."
        ),
    ]
    truth = []
    for heading, rows in PROTOCOL_TABLES:
        blocks += [
            Heading(heading),
            Table(
                ["Description", "UDP", "TCP"],
                [Row([d, u, t]) for d, u, t, _ in rows],
                [4.0, 1.4, 1.4],
            ),
        ]
        truth += [truth_rule(heading, d, pairs) for d, _, _, pairs in rows]
    blocks.append(Para("Note 1: the port can be changed during setup.", "note"))
    blocks.append(Para("Note 2: an alternate port can be set in the client settings.", "note"))
    doc_truth = document_truth("Northwind", "Endpoint Manager", "Ports used", None, None, truth)
    return GenreDoc("protocol-columns", blocks, doc_truth)


# --------------------------------------------------------------------------- mail flow

LONG = (
    "The default connector on the receiving server listens for this traffic and hands it "
    "on to the transport service of the same server. "
)
# (purpose, ports as printed, source, destination, comments, truth ports)
MAIL = [
    ("Encrypted web connections are used by the following clients:\n• Web mail\n"
     "• Mobile sync\n• Address book download", "443/TCP (HTTPS)", "", "", LONG * 2,
     [["tcp", 443, 443]]),
    ("Inbound mail - Internet to edge relay", "25/TCP (SMTP)", "Internet (any)",
     "Edge Relay Server", LONG * 4, [["tcp", 25, 25]]),
    ("Inbound mail - edge relay to mailbox servers", "25/TCP (SMTP)", "Edge Relay Server",
     "Mailbox servers in the subscribed site", LONG * 6, [["tcp", 25, 25]]),
    ("Outbound mail - mailbox servers to edge relay", "25/TCP (SMTP)",
     "Mailbox servers in the subscribed site", "Edge Relay Servers", LONG * 8,
     [["tcp", 25, 25]]),
    ("Outbound mail - edge relay to internet", "25/TCP (SMTP)", "Edge Relay Server",
     "Internet (any)", LONG * 3, [["tcp", 25, 25]]),
    ("Directory synchronization", "50636/TCP (secure LDAP)",
     "Mailbox servers in the subscribed site", "Edge Relay Servers", LONG * 7,
     [["tcp", 50636, 50636]]),
    ("DNS for name resolution of the next hop", "53/UDP,53/TCP (DNS)", "Edge Relay Server",
     "DNS server", "See the name resolution section.", [["udp", 53, 53], ["tcp", 53, 53]]),
    ("Open proxy detection", "see comments", "Edge Relay Server", "Internet",
     "Open proxy detection uses the following protocols and TCP ports:\n"
     "• SOCKS4, SOCKS5: 1081, 1080\n• Telnet: 23\n• HTTP CONNECT: 6588, 3128",
     [["tcp", 1081, 1081], ["tcp", 1080, 1080], ["tcp", 23, 23], ["tcp", 6588, 6588],
      ["tcp", 3128, 3128]]),
]  # fmt: skip


def mail_flow() -> GenreDoc:
    """Contoso Mail's network ports, as a Word document exports them."""
    rows, truth = [], []
    for purpose, ports, source, destination, comments, pairs in MAIL:
        rows.append(Row([purpose, ports, source, destination, comments]))
        truth.append(
            truth_rule(
                "Mail flow",
                purpose.replace("\n• ", " "),  # the bullets are marks, not words
                pairs,
                source=[source] if source else [],
                destination=[destination] if destination else [],
            )
        )
        if destination == "Internet (any)":
            truth[-1]["any_destination"] = True
    blocks: list[Block] = [
        Title("Network ports for mail flow"),
        Para("The ports mail flow needs between the organisation and the internet."),
        Heading("Mail flow"),
        Table(
            ["Purpose", "Ports", "Source", "Destination", "Comments"],
            rows,
            [2.2, 1.2, 2.0, 1.2, 3.6],
            valign="middle",
        ),
    ]
    doc_truth = document_truth("Contoso", "Mail", "Network ports for mail flow", None, None, truth)
    return GenreDoc("mail-flow", blocks, doc_truth)


KINDS = {
    "port-reference": port_reference,
    "protocol-columns": protocol_columns,
    "mail-flow": mail_flow,
}
