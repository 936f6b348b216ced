"""What varies between vendors' words for the same thing, in one place.

Data and lookups only, no parsing: ``pipeline.values.normalize`` and the modules beside it read
these tables. A vendor that writes a value differently needs a word added here, never a
new parser. Keys are lower case; lookups fold case and collapse spaces.

Header words name each table column's role (``pipeline.layout.headers`` reads them).
"""

from __future__ import annotations

# --- transports and the applications that stand for them ------------------------------

# Transport (and IP) protocols a firewall rule names directly.
TRANSPORTS: tuple[str, ...] = ("tcp", "udp", "icmp", "icmpv6", "sctp", "esp", "ah", "gre")
# Of those, the ones without port numbers: a rule names the protocol alone.
PORTLESS = frozenset({"icmp", "icmpv6", "esp", "ah", "gre"})

_TCP: tuple[str, ...] = ("tcp",)
_UDP: tuple[str, ...] = ("udp",)
_BOTH: tuple[str, ...] = ("udp", "tcp")

# Application protocols printed in a protocol column -> the transports they use when the
# document prints none beside them. Only well-established assignments (IANA service
# names and their RFCs); a name not here is reported, never guessed.
APPLICATIONS: dict[str, tuple[str, ...]] = {
    "ftp": _TCP,
    "ftps": _TCP,
    "sftp": _TCP,
    "scp": _TCP,
    "ssh": _TCP,
    "telnet": _TCP,
    "smtp": _TCP,
    "smtps": _TCP,
    "esmtp": _TCP,
    "submission": _TCP,
    "http": _TCP,
    "https": _TCP,
    "ldap": _TCP,
    "ldaps": _TCP,
    "rdp": _TCP,
    "imap": _TCP,
    "imap4": _TCP,
    "imaps": _TCP,
    "pop3": _TCP,
    "pop3s": _TCP,
    "xmpp": _TCP,
    "smb": _TCP,
    "cifs": _TCP,
    "hkp": _TCP,
    "nntp": _TCP,
    "pop": _TCP,
    "vnc": _TCP,
    "winrm": _TCP,
    "msrpc": _TCP,
    "ms-rpc": _TCP,
    "iscsi": _TCP,
    "bgp": _TCP,
    "tacacs": _TCP,  # "TACACS+": the '+' reads as list glue
    "pptp": _TCP,
    "mqtt": _TCP,
    "amqp": _TCP,
    "ldap over ssl": _TCP,
    "sips": _TCP,
    "syslog over tls": _TCP,
    "syslog-tls": _TCP,
    "dns over tls": _TCP,
    # TLS needs a reliable stream: TCP by definition (DTLS is its datagram form).
    "tls": _TCP,
    "ssl": _TCP,
    "wss": _TCP,
    "grpc": _TCP,
    "ntp": _UDP,
    "snmp": _UDP,
    "snmp trap": _UDP,
    "snmp traps": _UDP,
    "tftp": _UDP,
    "syslog": _UDP,
    "radius": _UDP,
    "ike": _UDP,
    "rtp": _UDP,
    "rtcp": _UDP,
    "srtp": _UDP,
    "srtcp": _UDP,
    "dtls": _UDP,
    "mgcp": _UDP,
    "dhcp": _UDP,
    "l2tp": _UDP,
    "quic": _UDP,
    "stun": _UDP,
    "dns": _BOTH,
    "kerberos": _BOTH,
    "sip": _BOTH,
    "netbios": _BOTH,
}

# Words beside an application name that qualify it and change nothing about its
# transport: "FTPS (explicit)", "FTPS (exp)", "FTP passive".
APPLICATION_QUALIFIERS = frozenset(
    {"explicit", "exp", "implicit", "impl", "imp", "passive", "pasv", "active", "legacy"}
)


def _key(word: str) -> str:
    return " ".join(word.lower().split())


def application_transports(name: str) -> tuple[str, ...] | None:
    """An application name -> its usual transports, or None when it is not one.

    >>> application_transports("FTPS"), application_transports("dns")
    (('tcp',), ('udp', 'tcp'))
    >>> application_transports("Gopher") is None
    True
    """
    return APPLICATIONS.get(_key(name))


def is_transport(word: str) -> bool:
    """>>> is_transport("UDP"), is_transport("HTTPS")
    (True, False)"""
    return _key(word) in TRANSPORTS


# --- "any" and ephemeral ports --------------------------------------------------------

# Words meaning any endpoint or any port. "Internet" is not one of them: it is a role
# (the side of the firewall a flow comes from), printed as such.
ANY_WORDS = frozenset(
    {"any", "all", "*", "anywhere", "any host", "any address", "any port", "any ports"}
    | {"all ports", "all hosts", "all addresses"}
)

# Words for the client's ephemeral (dynamic, high) port range.
EPHEMERAL_WORDS = frozenset(
    {
        "ephemeral",
        "ephemeral ports",
        "dynamic",
        "dynamic ports",
        "high ports",
        "high",
        "random",
        "random ports",
        "unprivileged",
        "unprivileged ports",
    }
)

# Ranges documents print for the ephemeral ports: the BSD/RFC 6056 one, the IANA dynamic
# range, Linux's default and Windows' default.
EPHEMERAL_RANGES = frozenset({(1024, 65535), (49152, 65535), (32768, 60999), (1025, 65535)})


def is_any(text: str) -> bool:
    """>>> is_any("Any"), is_any(" ALL "), is_any("Internet")
    (True, True, False)"""
    return _key(text) in ANY_WORDS


def is_ephemeral(text: str) -> bool:
    """>>> is_ephemeral("High ports"), is_ephemeral("Dynamic"), is_ephemeral("443")
    (True, True, False)"""
    return _key(text) in EPHEMERAL_WORDS


def is_ephemeral_range(first: int, last: int) -> bool:
    """>>> is_ephemeral_range(1024, 65535), is_ephemeral_range(8000, 8100)
    (True, False)"""
    return (first, last) in EPHEMERAL_RANGES


# What a cell prints to say it holds no value: "N/A", "-", "None".
NONE_WORDS = frozenset(
    {"n/a", "na", "n.a.", "-", "--", "–", "—", "none", "not applicable", "not used"}
)

# Words for ports chosen at run time with no number printed ("DYNAMIC" in a server's
# port column): no port a firewall rule can name.
DYNAMIC_WORDS = frozenset({"dynamic", "dynamic ports", "dynamic rpc", "rpc dynamic"})

# A port cell that sends the reader to another column of the row for its ports
# ("see comments", "refer to notes"): the words naming that column.
SEE_TARGETS = frozenset(
    {"comment", "comments", "note", "notes", "remarks", "details", "description"}
)


# The first word of a note printed across a table ("Note: ports below 1024 …").
NOTE_LEADS = frozenset({"note", "notes", "nb", "important", "caution", "warning", "tip"})


def is_dynamic(text: str) -> bool:
    """>>> is_dynamic("DYNAMIC"), is_dynamic("1024-65535")
    (True, False)"""
    return _key(text) in DYNAMIC_WORDS


def is_none(text: str) -> bool:
    """>>> is_none(" N/A "), is_none("—"), is_none("0")
    (True, True, False)"""
    return _key(text) in NONE_WORDS


# List markers: bullets, also the Symbol/Wingdings private-use glyphs, and dashes.
BULLET_GLYPHS = (
    "\u2022\u2023\u25e6\u2043\u2219\u25aa\u25cf\u25a0\u25ba\u00b7\uf0a7\uf0b7\uf076\uf0d8*–-"
)

# Marks printed after a value that point to a footnote: "25*", "443¹", "8443†".
FOOTNOTE_MARKS = "*†‡§¶¹²³⁴⁵⁶⁷⁸⁹⁰"

# --- list glue in cells and prose -----------------------------------------------------

# Words that join the items of a list ("a, b and c").
LIST_WORDS = frozenset({"and", "or", "&", "and/or", "plus"})

# Words a phrase does not end on: a row's name that stops on one was cut by a page break
# ("LDAP connection to the" / "directory global catalogue").
OPEN_ENDINGS = frozenset(
    """a an the to of for and or with from in on by via at using over into per as than
    between through""".split()  # noqa: SIM905 (a table)
)

# --- sides of a connection in a row's words --------------------------------------------

# A preposition before a value says which side of the connection the value is on:
# "polling from the monitoring server 192.0.2.20" (source), "logs to 192.0.2.5"
# (destination), "between a.example.net and the appliance" (both).
SIDE_WORDS: dict[str, str] = {
    "from": "source",
    "to": "destination",
    "towards": "destination",
    "between": "both",
}

# Words after which "from" is where data comes from, not who opens the connection:
# "updates from a.example.net" is fetched by the appliance (the host is not the source).
PULL_WORDS = frozenset(
    """update updates updated download downloads downloaded downloading fetch fetches
    fetched fetching retrieve retrieves retrieved retrieving pull pulls pulled pulling
    obtain obtains obtained load loads loaded loading get gets signatures definitions
    patches feeds""".split()  # noqa: SIM905 (a table)
)

# Words in a lead-in above a list that point at the list ("to these hostnames", "the
# following ranges"), and phrases that say the list is what is connected to.
LIST_POINTERS = frozenset({"these", "following", "below", "listed"})
REACHED_PHRASES = (
    "reachable",
    "must reach",
    "able to reach",
    "accessed by",
    "connects to",
    "connect to",
    "connections to",
)

# Words that introduce an example: what follows is a placeholder, not a host to allow.
EXAMPLE_WORDS = ("e.g.", "e.g", "eg.", "eg:", "for example", "for instance")

# File-name endings that hostname-shaped words in prose often carry ("config.xml",
# "setup.exe"): such a word is a file, not a host.
FILE_EXTENSIONS = frozenset(
    """bat bin cab cer cfg conf crt csr css csv dat db deb der dll dmg doc docx exe gz htm
    html img ini iso jar jpg js json jsp key log md msi ova ovf p12 p7b pdf pem pfx php
    pkg png ps1 py rar rpm sh sql sys tar tgz tmp txt vmdk war xls xlsx xml yaml yml zip""".split()  # noqa: SIM905 (a table)
)

# Top-level names that are in no registry's list but name hosts all the same: the
# special-use names of RFC 2606 and 6761 (documentation, tests, this host), mDNS's
# ``local`` (RFC 6762), Tor's ``onion`` (RFC 7686) and ``internal``, reserved by ICANN
# for private networks (2024). Every other top-level label must be in the Public Suffix
# List (``pipeline.values.normalize``).
SPECIAL_USE_TLDS = frozenset(
    {"example", "test", "invalid", "localhost", "local", "onion", "internal"}
)

# --- dates and versions ---------------------------------------------------------------

_MONTH_NAMES = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
# Month names and abbreviations (English; not the locale's, which calendar would give)
# -> month number.
MONTHS: dict[str, int] = {
    **{name: i for i, name in enumerate(_MONTH_NAMES, 1)},
    **{name[:3]: i for i, name in enumerate(_MONTH_NAMES, 1)},
    "sept": 9,
}

# Words that introduce a document's version number: "Version 7.2", "Rev. 3", "Issue 2.0".
VERSION_WORDS = ("version", "ver", "v", "revision", "rev", "release", "rel", "issue", "edition")

# Headings of a change history printed as a list ("Revision history", "Change log"):
# the words before "history", and the one-word names.
HISTORY_HEADING_WORDS = ("change", "revision", "document", "version", "release")
HISTORY_HEADINGS = ("changelog", "change log")

# Words with which a change history announces a change for a date ("port 8080 will be
# closed on 1 July 2025", "effective 1 July 2025"): the entry's date in prose is then the
# day the change takes effect (a retirement of addresses has it whatever its words).
ANNOUNCE_WORDS = ("will", "effective", "as of", "starting", "beginning", "no longer")

# Words that introduce a document's date: "Last updated: 14 May 2025".
DATE_WORDS = (
    "last updated",
    "updated",
    "last modified",
    "modified",
    "published",
    "date",
    "as of",
    "revised",
    "article",  # a docs site's stamp: "Article • 06/26/2024"
)


# --- table header words -> column roles ------------------------------------------------

# Header vocabulary: a header cell's words -> the column's role. Structural, not
# tuned to a sample: these are the words vendors use to head such tables. Roles:
# service (what the row is for), protocol, port (destination/listening), source_port,
# direction, source / destination (endpoints of a flow), host / address (where the
# row's traffic goes, in documents that name no side), notes, description, and the
# change-history and address-list roles.
HEADER_ROLES: dict[str, str] = {
    **dict.fromkeys(
        [
            "item",
            "service",
            "services",
            "name",
            "feature",
            "features",
            "function",
            "functions",
            "functionality",
            "purpose",
            "application",
            "applications",
            "component",
            "system",
            "systems",
            "usage",
            "capability",
        ],
        "service",
    ),
    **dict.fromkeys(
        [
            "protocol",
            "protocols",
            "proto",
            "transport",
            "udp",
            "tcp",
            "udp/tcp",
            "tcp/udp",
            "ip protocol",
            "protocol(s)",
        ],
        "protocol",
    ),
    **dict.fromkeys(["port", "ports", "port(s)", "dport", "dst port", "dest port"], "port"),
    **dict.fromkeys(["consumer", "consumers"], "source"),
    **dict.fromkeys(["sport", "src port", "source port", "source ports"], "source_port"),
    **dict.fromkeys(["direction", "dir", "flow", "traffic direction"], "direction"),
    **dict.fromkeys(
        [
            "source",
            "sources",
            "src",
            "sender",
            "client",
            "clients",
            "initiator",
            "origin",
            "originator",
            "requester",
            "caller",
        ],
        "source",
    ),
    **dict.fromkeys(
        [
            "destination",
            "destinations",
            "dst",
            "dest",
            "target",
            "targets",
            "listener",
            "receiver",
            "recipient",
            "responder",
            "server",
            "servers",
            "peer",
        ],
        "destination",
    ),
    **dict.fromkeys(
        [
            "hostname",
            "hostnames",
            "host",
            "hosts",
            "host name",
            "host names",
            "fqdn",
            "fqdns",
            "url",
            "urls",
            "domain",
            "domains",
            "remote",
            "endpoint",
            "endpoints",
            "dns name",
            "dns names",
        ],
        "host",
    ),
    **dict.fromkeys(
        [
            "ip",
            "address",
            "addresses",
            "ips",
            "network",
            "networks",
            "range",
            "ranges",
            "cidr",
            "subnet",
            "subnets",
            "prefix",
            "prefixes",
            "ip range",
            "ip ranges",
            # "Region | IPv4 | IPv6": networks by region or service.
            "ipv4",
            "ipv6",
            "v4",
            "v6",
        ],
        "address",
    ),
    **dict.fromkeys(
        [
            "details",
            "comment",
            "comments",
            "notes",
            "note",
            "remarks",
            "remark",
            "additional information",
            "more information",
        ],
        "notes",
    ),
    "description": "description",
    "date": "date",
    **dict.fromkeys(["vers", "vers.", "version", "rev", "rev.", "revision"], "version"),
    **dict.fromkeys(["change", "changes", "summary"], "change"),
    **dict.fromkeys(["author", "by", "editor"], "author"),
    # Address-range documents: "Region | IPv4 ranges | Hostnames" (a list per region),
    # "Type | Value" rows ("IPv4 network | 192.0.2.0/24").
    **dict.fromkeys(
        [
            "region",
            "regions",
            "cloud",
            "clouds",
            "location",
            "locations",
            "geography",
            "datacenter",
            "datacentre",
            "site",
            "sites",
            "zone",
            "country",
            "area",
            "environment",
        ],
        "region",
    ),
    **dict.fromkeys(["type", "kind"], "kind"),
    **dict.fromkeys(["value", "values", "entry", "entries"], "value"),
}

# Direction words in a port column's header ("Outbound port", "Incoming ports"): the
# direction of every row. Whole words only: "in" and "out" are too common in headers.
HEADER_DIRECTIONS: dict[str, str] = {
    **dict.fromkeys(["inbound", "incoming", "ingress"], "in"),
    **dict.fromkeys(["outbound", "outgoing", "egress"], "out"),
}

# Header cells that name no role although a word of theirs does ("Service tag" is a
# cloud's label for address ranges, not what the row is for): their text is kept in
# notes and cells, and the extraction says so once per table (``unknown-column``).
NO_ROLE_PHRASES = frozenset(
    {"service tag", "service tags", "default status", "status", "category", "categories", "id"}
)

# Phrases read as one header cell (checked before the words one by one).
HEADER_PHRASES: dict[str, str] = {
    # Words too common in table rows to mark a header band, but whole header cells.
    "from": "source",
    "to": "destination",
    "use": "service",
    "role": "service",
    "required for": "service",
    "used for": "service",
    "needed for": "service",
    # Who opens the connection: the source side.
    "used by": "source",
    "client(s)": "source",
    "consumer": "source",
    "consumers": "source",
    "consumed by": "source",
    "called by": "source",
    # The name of a port ("DNS", "Server RPC") beside what it is for: a label, kept.
    "port name": "notes",
    "port names": "notes",
    "source port": "source_port",
    "source ports": "source_port",
    "source port(s)": "source_port",
    "src port": "source_port",
    "client port": "source_port",
    "client ports": "source_port",
    "destination port": "port",
    "destination ports": "port",
    "destination port(s)": "port",
    "dest port": "port",
    "dst port": "port",
    "listening port": "port",
    "listening ports": "port",
    "default port": "port",
    "default ports": "port",
    "port range": "port",
    "port ranges": "port",
    "port number": "port",
    "port numbers": "port",
    "protocol/port": "port",
    "port/protocol": "port",
    "port and protocol": "port",
    "protocol and port": "port",
    "server port": "port",
    "target port": "port",
    "ip address": "address",
    "ip addresses": "address",
    "ip range": "address",
    "ip ranges": "address",
    "host name": "host",
    "host names": "host",
    "dns name": "host",
    "dns names": "host",
}
