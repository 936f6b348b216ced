"""Documents whose firewall data is not in a port table (issue 16 items 5, 10, 11;
issue 17 item 3), as tests/genrespec.py specs with their truth.

- ``port_list``: the ports listed one item a line, bulleted or not, label first or
  port first, the protocol before or after the number, a remark in parentheses (its
  direction word is the item's direction, the rest notes); the version and date in a
  docs site's title block ("version 4.2.1, Tue, 13 Jan 2026"); sentences that mention
  ports stay prose;
- ``allow_list``: no port anywhere: networks by region (``Region | IPv4 | IPv6``) and by
  service (``Service | IPv4 ranges | IPv6 ranges``), hostnames in a bullet list, a
  "Last updated: 01/30/2025" date.

Fictional products; hostnames under ``example.*``, addresses in the documentation
ranges. Printed by tests/genregen.py's producers (``PROSE_VARIANTS``).
"""

from __future__ import annotations

from genrespec import (
    Block,
    Bullets,
    GenreDoc,
    Heading,
    Para,
    Row,
    Table,
    Title,
    document_truth,
    truth_rule,
)

# (item as printed, service, ports, direction, notes)
LISTED = [
    ("Management console: 9443 (TCP, HTTPS with client certificates)", "Management console",
     [["tcp", 9443, 9443]], None, "HTTPS with client certificates"),
    ("Cluster heartbeat: 7400-7410 UDP", "Cluster heartbeat", [["udp", 7400, 7410]], None, ""),
    ("Maintenance shell: 22 (TCP)", "Maintenance shell", [["tcp", 22, 22]], None, ""),
    ("Event export to a collector: 6514 (TCP, outgoing)", "Event export to a collector",
     [["tcp", 6514, 6514]], "out", ""),
    ("TCP 8080 – Health probe of the load balancer", "Health probe of the load balancer",
     [["tcp", 8080, 8080]], None, ""),
    ("3478/udp – Media relay", "Media relay", [["udp", 3478, 3478]], None, ""),
    ("Reachability checks: ICMP (echo request)", "Reachability checks", [["icmp", None, None]],
     None, "echo request"),
]  # fmt: skip
ONE_PER_LINE = [
    ("Disk replication between cluster nodes during maintenance windows: 61000-61050 "
     "(TCP, encrypted with the cluster key)",
     "Disk replication between cluster nodes during maintenance windows",
     [["tcp", 61000, 61050]], None, "encrypted with the cluster key"),
    ("Directory lookups: 636 (TCP, incoming)", "Directory lookups", [["tcp", 636, 636]], "in", ""),
]  # fmt: skip

# A sentence per item: the sentence is the service.
SENTENCES = [
    ("The SNMP agent answers on UDP 161.", [["udp", 161, 161]], None),
    ("Outbound TCP 6515 carries audit events to the archive.", [["tcp", 6515, 6515]], "out"),
    ("Port 9100/tcp serves the metrics endpoint.", [["tcp", 9100, 9100]], None),
]

MONITORS = ["mon1.example.net", "mon2.example.net"]
# An item with no protocol printed: no rule (none is guessed), an issue naming it.
PORTLESS_ITEM = "Legacy console: 8443"


def port_list() -> GenreDoc:
    """Tailspin Gateway's firewall chapter: its ports in a bulleted list, then one a line."""
    truth = (
        [
            truth_rule("Ports used by Tailspin Gateway", service, ports, direction=d, notes=n)
            for _, service, ports, d, n in LISTED
        ]
        + [
            truth_rule("Replication", service, ports, direction=d, notes=n)
            for _, service, ports, d, n in ONE_PER_LINE
        ]
        + [
            truth_rule("Monitoring", sentence.rstrip("."), ports, direction=d)
            for sentence, ports, d in SENTENCES
        ]
    )
    blocks: list[Block] = [
        Title("Tailspin Gateway Firewall"),
        Para("Tailspin Toys Ltd. <support@example.com>", "meta"),
        Para("version 4.2.1, Tue, 13 Jan 2026 09:12:40 +0100", "meta"),
        Para(
            "The gateway's firewall protects the appliance and the networks behind it. "
            "Keep port 8443 closed unless the legacy console is enabled, and note that "
            "the appliance keeps 30 days of logs."
        ),
        Heading("Ports used by Tailspin Gateway"),
        Bullets([item for item, *_ in LISTED] + [PORTLESS_ITEM]),
        Para(
            "Agents connect over TCP 9443 from the data network once they are enrolled; "
            "the list above names the port."
        ),
        Heading("Replication"),
        *(Para(item) for item, *_ in ONE_PER_LINE),
        Heading("Monitoring"),
        Para("Monitoring needs three more ports; the first is polled every 60 seconds."),
        Bullets([sentence for sentence, *_ in SENTENCES]),
        Para("The monitoring servers:"),  # hosts beside the items: the section's host list
        Bullets(MONITORS),
    ]
    doc_truth = document_truth(
        "Tailspin",
        "Gateway",
        "Tailspin Gateway Firewall",
        "4.2.1",
        "2026-01",
        truth,
        host_lists=[{"title": "Monitoring", "hosts": MONITORS, "addresses": []}],
    )
    return GenreDoc("port-list", blocks, doc_truth, "Tailspin Gateway Firewall")


REGION_ROWS = [
    # (region, IPv4 networks, IPv6 networks)
    ("West Europe", ["192.0.2.0/26", "192.0.2.64/26"], ["2001:db8:10::/48"]),
    ("East US", ["198.51.100.0/25"], ["2001:db8:20::/48", "2001:db8:21::/48"]),
    ("Japan East", ["203.0.113.0/26"], ["2001:db8:30::/48"]),
]
SERVICE_ROWS = [
    ("Telemetry ingestion", ["192.0.2.128/27"], ["2001:db8:40::/56"]),
    ("Software updates", ["198.51.100.128/26", "198.51.100.192/27"], ["2001:db8:41::/56"]),
]
HOSTNAMES = ["ingest.example.com", "updates.example.net", "*.cdn.example.org"]
PORTAL_V4 = ["192.0.2.224/28", "198.51.100.248/29"]
PORTAL_V6 = ["2001:db8:50::/48"]
DOMAINS = ["cdn1.example.net", "cdn2.example.net", "static.example.org"]
UNKNOWN_HEADER = "Owner"  # the allow list's one table of no firewall data


def no_data() -> GenreDoc:
    """A page with tables but no firewall data: refused, naming each table and why."""
    blocks: list[Block] = [
        Title("Fabrikam Notes — Components"),
        Para("Version 2.0 · Last updated 4 March 2025", "meta"),
        Heading("Components"),
        Table(
            ["Component", "Description", "Notes"],
            [Row(["Sync agent", "Copies files", "Runs on every workstation"])],
            [1.5, 2.0, 2.5],
        ),
        Para("Each component is described in its own guide."),
    ]
    return GenreDoc("no-data", blocks, document_truth("F", "N", "C", "2.0", "2025-03", []))


def allow_list() -> GenreDoc:
    """Litware Sync's allow list: no port is printed, only networks and hostnames."""
    region_table = Table(
        ["Region", "IPv4", "IPv6"],
        [Row([name, "\n".join(v4), "\n".join(v6)]) for name, v4, v6 in REGION_ROWS],
        [1.4, 1.6, 1.8],
    )
    service_table = Table(
        ["Service", "IPv4 ranges", "IPv6 ranges"],
        [Row([name, "\n".join(v4), "\n".join(v6)]) for name, v4, v6 in SERVICE_ROWS],
        [1.6, 1.6, 1.6],
    )
    blocks: list[Block] = [
        Title("Litware Sync — Network requirements"),
        Para("Article • 01/30/2025 • 3 minutes to read", "meta"),
        Para(
            "Allow the networks of the region your tenant is hosted in, the networks of "
            "the services you use and the hostnames below. No other address is contacted."
        ),
        Heading("Networks by region"),
        region_table,
        Heading("Networks by service"),
        service_table,
        Heading("Support portal"),
        Table(  # no column names the rows: one list, the heading's
            ["IP V4 ranges", "IP V6 ranges"],
            [Row(["\n".join(PORTAL_V4), "\n".join(PORTAL_V6)])],
            [1.0, 1.0],
        ),
        Heading("Content delivery"),
        Table(["Domains"], [Row([d]) for d in DOMAINS], [1.0]),
        Heading("Hostnames"),
        Para("Allow these hostnames through your web proxy:"),
        Bullets(HOSTNAMES),
        Heading("Contacts"),
        Table(  # no firewall data: kept as prose, with the header word not known
            ["Component", "Owner", "Notes"],
            [Row(["Sync agent", "Platform team", "Runs on every workstation"])],
            [1.5, 1.5, 2.5],
        ),
    ]
    host_lists = [
        {"title": name, "hosts": [], "addresses": v4 + v6}
        for name, v4, v6 in REGION_ROWS + SERVICE_ROWS
    ] + [
        {"title": "Support portal", "hosts": [], "addresses": PORTAL_V4 + PORTAL_V6},
        {"title": "Content delivery", "hosts": DOMAINS, "addresses": []},
        {"title": "Hostnames", "hosts": HOSTNAMES, "addresses": []},
    ]
    doc_truth = document_truth(
        "Litware",
        "Sync",
        "Litware Sync — Network requirements",
        None,
        "2025-01",
        [],
        host_lists=host_lists,
    )
    return GenreDoc("allow-list", blocks, doc_truth, "Litware Sync · Network requirements")


DATED_HISTORY = [
    # (date as printed, version, description, the date read: the precision printed)
    ("20 May 2025", "2.1", "Added the replication port.", "2025-05-20"),
    ("March 2025", "2.0", "First issue of this page.", "2025-03"),
]


def dated() -> GenreDoc:
    """A port table and a change history whose newest entry prints its day (issue 17
    item 5): the day is kept, a month printed alone stays a month."""
    ports = [("Management console", "TCP", "9443"), ("Replication", "TCP", "61000-61050")]
    rules = [
        truth_rule(None, purpose, [["tcp", *map(int, (port.split("-") * 2)[:2])]])
        for purpose, _, port in ports
    ]
    history = [
        {"version": v, "date": d[:7], "description": text, "retired_addresses": []}
        for _, v, text, d in DATED_HISTORY
    ]
    blocks: list[Block] = [
        Title("Wingtip Relay — Firewall ports"),
        Table(["Purpose", "Protocol", "Port"], [Row(list(p)) for p in ports], [3.0, 1.0, 1.5]),
        Heading("Change history"),
        Table(
            ["Date", "Version", "Description"],
            [Row([d, v, text]) for d, v, text, _ in DATED_HISTORY],
            [1.2, 0.8, 3.0],
        ),
    ]
    truth = document_truth(
        "Wingtip", "Relay", "Wingtip Relay — Firewall ports", "2.1", "2025-05", rules,
        history=history,
    )  # fmt: skip
    return GenreDoc("dated", blocks, truth, "Wingtip Relay · Firewall ports")


def regions_beside_ports() -> GenreDoc:
    """Issue 17's page: a port table, then networks by region in a ``Region | IPv4 |
    IPv6`` table (a browser's print of it was left as prose): one host list a region."""
    ports = [("Upload", "TCP", "443"), ("Console", "TCP", "8443")]
    rules = [
        truth_rule(None, purpose, [["tcp", int(port), int(port)]]) for purpose, _, port in ports
    ]
    blocks: list[Block] = [
        Title("Northwind Sync — Firewall requirements"),
        Para("Last updated: 20 May 2025", "meta"),
        Heading("Connections"),
        Table(["Purpose", "Protocol", "Port"], [Row(list(p)) for p in ports], [3.0, 1.0, 1.0]),
        Heading("Regional networks"),
        Table(
            ["Region", "IPv4", "IPv6"],
            [Row([name, "\n".join(v4), "\n".join(v6)]) for name, v4, v6 in REGION_ROWS],
            [1.4, 1.6, 1.8],
        ),
    ]
    host_lists = [{"title": n, "hosts": [], "addresses": v4 + v6} for n, v4, v6 in REGION_ROWS]
    truth = document_truth(
        "Northwind", "Sync", "Northwind Sync — Firewall requirements", None, "2025-05", rules,
        host_lists=host_lists,
    )  # fmt: skip
    return GenreDoc("regions", blocks, truth, "Northwind Sync · Firewall requirements")


PROSE_KINDS = {
    "port-list": port_list,
    "allow-list": allow_list,
    "no-data": no_data,
    "dated": dated,
    "regions": regions_beside_ports,
}
# name -> (kind, producer, paper, orientation), as tests/genregen.py's VARIANTS
PROSE_VARIANTS = {
    "port-list-chromium-a4": ("port-list", "chromium", "a4", "portrait"),
    # The browser's own header and footer: a print date and "1/1" that are no version.
    "port-list-chromium-header-letter": ("port-list", "chromium-header", "letter", "portrait"),
    "port-list-word-letter": ("port-list", "word", "letter", "portrait"),
    "port-list-reportlab-a4-landscape": ("port-list", "reportlab", "a4", "landscape"),
    "allow-list-chromium-letter": ("allow-list", "chromium", "letter", "portrait"),
    "allow-list-word-a4": ("allow-list", "word", "a4", "portrait"),
    "allow-list-reportlab-letter": ("allow-list", "reportlab", "letter", "portrait"),
    "no-data-chromium-a4": ("no-data", "chromium", "a4", "portrait"),
    "no-data-reportlab-a4": ("no-data", "reportlab", "a4", "portrait"),
    "dated-chromium-a4": ("dated", "chromium", "a4", "portrait"),
    "dated-word-letter": ("dated", "word", "letter", "portrait"),
    "dated-reportlab-letter": ("dated", "reportlab", "letter", "portrait"),
    "regions-chromium-a4": ("regions", "chromium", "a4", "portrait"),
    "regions-word-a4": ("regions", "word", "a4", "portrait"),
}
