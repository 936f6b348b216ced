"""The published files' bytes, as pure functions of documents and diffs.

Everything here is canonical so that publishing twice gives identical bytes: sorted
keys and rows, LF line endings, UTF-8, no clock. ``publish`` decides *which* files
exist; this module decides *what is in them*.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from pipeline import __version__
from pipeline.diff import Diff, diff_lines, diff_summary, effective_changes, effective_line
from pipeline.model.models import SCHEMA_VERSION, Document, Port, Rule
from pipeline.release.sides import (
    FEED_HOSTNAME,
    Endpoint,
    Named,
    SideFolder,
    Sides,
    list_entries,
    rule_sides,
)
from pipeline.values.ids import host_key, network_text, parse_network

GENERATOR = f"portdoc {__version__}"
Origin = Literal["vendor", "reconstruction"]


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --- index.json ---------------------------------------------------------------------


class OutputModel(BaseModel):
    model_config = ConfigDict(extra="forbid")


class IndexVersion(OutputModel):
    version: str
    date: str | None = Field(
        description="The revision's date (YYYY-MM-DD, or YYYY-MM where only the month is printed)."
    )
    origin: Origin = Field(description="The vendor's own file, or a reconstruction of it.")
    note: str = ""
    file: str = Field(description="The revision's file name under sources/<id>/.")
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$", description="Of that file.")
    document_sha256: str = Field(
        pattern=r"^[0-9a-f]{64}$", description="Of document.json: changes when the data does."
    )
    data_sha256: str = Field(
        pattern=r"^[0-9a-f]{64}$",
        description="Of the rules, flows, host lists and history without provenance, "
        "evidence or the generator's version: changes only when firewall data does.",
    )
    rules: int
    host_lists: int
    hosts: int
    addresses: int
    valid: bool = Field(description="False when published despite error-severity issues.")
    errors: int = Field(
        default=0, description="Issues of severity error: invalid values, left out."
    )
    warnings: int = Field(default=0, description="Issues of severity warning.")
    not_placed: int = Field(
        default=0,
        description="Issues saying printed text reached no field (unplaced-text, "
        "unplaced-value, unknown-table).",
    )
    path: str = Field(description="The revision's folder, relative to index.json.")
    files: dict[str, str] = Field(
        default_factory=dict,
        description="sha256 of every file of the revision's folder, by its path relative "
        "to that folder (latest/ holds the same files as the newest version).",
    )


class IndexSource(OutputModel):
    id: str
    vendor: str
    product: str
    title: str
    family: str
    homepage: str | None = None
    fixture: bool = Field(
        default=False,
        description="Test-fixture data (documentation-range addresses, example names), "
        "published only for a local trial with --allow-fixtures: never configure a "
        "firewall from it.",
    )
    latest: str
    versions: list[IndexVersion] = Field(description="Oldest first.")
    files: dict[str, str] = Field(
        default_factory=dict,
        description="sha256 of the source's own files (changes.json, feed.atom, "
        "CHANGELOG.md), by their path relative to the source's folder.",
    )


class Index(OutputModel):
    schema_version: str = SCHEMA_VERSION
    generator: str = GENERATOR
    sources: list[IndexSource]
    schemas: dict[str, str] = Field(
        default_factory=dict,
        description="Each kind of JSON file's schema (document, diff, changes, ...), "
        "relative to index.json.",
    )
    files: dict[str, str] = Field(
        default_factory=dict,
        description="sha256 of the schema files, by their path relative to index.json.",
    )


# --- ports/index.json -----------------------------------------------------------------


class PortFolder(OutputModel):
    folder: str = Field(
        description="The folder's name under ports/: tcp-443, tcp-1024-65535, icmp."
    )
    protocol: str
    port: int | None = Field(description="First port; null for a protocol without ports.")
    port_end: int | None = Field(description="Last port (equals port unless a range).")
    rules: list[str] = Field(description="Ids of the rules (rules.csv) that allow this port.")
    host_lists: list[str] = Field(
        default_factory=list, description="Ids of host lists whose own text names this port."
    )
    files: dict[str, int] = Field(
        description="Each list in the folder, by its path in it, and its number of lines."
    )


class PortsIndex(OutputModel):
    schema_version: str = SCHEMA_VERSION
    ports: list[PortFolder] = Field(description="Every folder of ports/, sorted by name.")


def ports_index(document: Document, port_files: dict[str, bytes]) -> PortsIndex:
    """The listing of ``ports/``: ``port_files`` are its files by ``<folder>/<name>``."""
    by_folder: dict[str, dict[str, int]] = {}
    for relative, data in port_files.items():
        folder, name = relative.split("/", 1)
        by_folder.setdefault(folder, {})[name] = len(data.splitlines())
    ports: dict[str, Port] = {}
    owners: dict[tuple[str, str], set[str]] = {}
    records: list[tuple[str, str, Sequence[Port]]] = [
        ("rules", rule.id, rule.ports) for rule in document.rules
    ]
    # A host list may name its own ports (a lead-in "…on TCP 443 to these hostnames").
    records += [("lists", h.id, getattr(h, "ports", None) or []) for h in document.host_lists]
    for kind, record_id, record_ports in records:
        for port in record_ports:
            ports.setdefault(port_folder(port), port)
            owners.setdefault((kind, port_folder(port)), set()).add(record_id)
    entries = [
        PortFolder(
            folder=folder,
            protocol=ports[folder].protocol,
            port=ports[folder].port,
            port_end=(ports[folder].port_end or ports[folder].port),
            rules=sorted(owners.get(("rules", folder), ())),
            host_lists=sorted(owners.get(("lists", folder), ())),
            files=dict(sorted(files.items())),
        )
        for folder, files in sorted(by_folder.items())
        if folder in ports
    ]
    return PortsIndex(ports=entries)


# --- datapackage.json (Frictionless Data Package, Table Schema) ------------------------


class SchemaField(OutputModel):
    name: str
    type: Literal["string", "integer", "boolean"]
    description: str = ""


class ForeignKeyReference(OutputModel):
    resource: str
    fields: str


class ForeignKey(OutputModel):
    fields: str
    reference: ForeignKeyReference


class TableSchema(OutputModel):
    fields: list[SchemaField]
    primaryKey: list[str]
    foreignKeys: list[ForeignKey] = Field(default_factory=list)
    missingValues: list[str] = Field(default_factory=lambda: [""])


class Resource(OutputModel):
    name: str
    path: str
    format: Literal["csv"] = "csv"
    mediatype: Literal["text/csv"] = "text/csv"
    encoding: Literal["utf-8"] = "utf-8"
    bytes: int
    hash: str = Field(pattern=r"^sha256:[0-9a-f]{64}$")
    schema_: TableSchema = Field(alias="schema")

    model_config = ConfigDict(serialize_by_alias=True, validate_by_name=True)


class DataPackage(OutputModel):
    name: str = Field(pattern=r"^[a-z0-9._-]+$")
    title: str
    resources: list[Resource]


@dataclass(frozen=True)
class Column:
    name: str
    type: Literal["string", "integer", "boolean"]
    description: str


SECTION = "external or internal where the heading says so; else empty."
RULE_COLUMNS = (
    Column("id", "string", "Stable rule id: section/service-slug[/ports][/endpoints]."),
    Column("section", "string", SECTION),
    Column("section_title", "string", "The heading (or sub-heading row) the row stands under."),
    Column("service", "string", "What the row is for, as printed."),
    Column("protocols_ports", "string", "Space-separated tcp/80, udp/7400-7410."),
    Column("source_ports", "string", "Space-separated source ports, where printed."),
    Column("direction", "string", "in, out, both; empty when the document states none."),
    Column("source", "string", "Source endpoints (roles, hosts, addresses, any), '; '-separated."),
    Column("destination", "string", "Destination endpoints, '; '-separated."),
    Column("hosts", "string", "Space-separated hostnames."),
    Column("addresses", "string", "Space-separated IPv4/IPv6 addresses or networks."),
    Column("address_sources", "string", "Space-separated URLs publishing the addresses."),
    Column("any_destination", "boolean", "The document says Any."),
    Column("host_lists", "string", "Space-separated ids of host lists the row refers to."),
    Column("notes", "string", "The row's remaining text."),
    Column("pages", "string", "Space-separated page numbers the row is printed on."),
)
FLOW_COLUMNS = (
    Column("id", "string", "The rule's id (rules.csv)."),
    Column("section", "string", SECTION),
    Column("service", "string", "The rule's service."),
    Column("protocol", "string", "tcp, udp, ..."),
    Column("port", "integer", "First port; empty for a protocol without ports."),
    Column("port_end", "integer", "Last port (equals port unless a range)."),
    Column("direction", "string", "in, out, both; empty when the document states none."),
    Column("source_type", "string", "role, host, address, any; empty when none is given."),
    Column("source", "string", "Role as printed, hostname, address/network, or any."),
    Column("source_port", "integer", "First source port, where the document gives one."),
    Column("source_port_end", "integer", "Last source port (equals source_port unless a range)."),
    Column("destination_type", "string", "role, host, address, any; empty when none is given."),
    Column("destination", "string", "Role as printed, hostname, address/network, or any."),
    Column(
        "side_unknown_type",
        "string",
        "host, address (or role): an endpoint the row names without saying on which side "
        "it is; the destination columns are then empty.",
    ),
    Column("side_unknown", "string", "That endpoint: never put on a side it is not given."),
    Column("host_list", "string", "Id of the host list the endpoint (or the source) comes from."),
    Column("flow_id", "string", "Hash of the row's key fields: stable across revisions."),
)
CSV_COLUMNS = {"rules": RULE_COLUMNS, "flows": FLOW_COLUMNS}
PRIMARY_KEYS = {"rules": ["id"], "flows": ["flow_id"]}


def table_schema(kind: str) -> TableSchema:
    foreign = []
    if kind == "flows":
        reference = ForeignKeyReference(resource="rules", fields="id")
        foreign = [ForeignKey(fields="id", reference=reference)]
    fields = [
        SchemaField(name=c.name, type=c.type, description=c.description) for c in CSV_COLUMNS[kind]
    ]
    return TableSchema(fields=fields, primaryKey=PRIMARY_KEYS[kind], foreignKeys=foreign)


def datapackage(name: str, title: str, csv_files: dict[str, bytes]) -> DataPackage:
    """The package describing ``{"rules": bytes, "flows": bytes}`` beside it."""
    resources = [
        Resource(
            name=kind,
            path=f"{kind}.csv",
            bytes=len(data),
            hash=f"sha256:{sha256_hex(data)}",
            schema=table_schema(kind),
        )
        for kind, data in sorted(csv_files.items())
    ]
    return DataPackage(name=name, title=title, resources=resources)


# --- CSV ----------------------------------------------------------------------------

# Text a spreadsheet would run as a formula ("=HYPERLINK(...)", "+cmd|...", "@SUM(...)",
# "-2+3+cmd|..."): a PDF's text is untrusted, so such a cell is written with a leading
# apostrophe (OWASP's CSV-injection advice), which spreadsheets show as plain text.
FORMULA_START = re.compile(r"^(?:[=+@]|-(?!-*$))")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    # A cell is one line: layout line breaks inside printed text are not data.
    text = " ".join(str(value).split())
    return "'" + text if FORMULA_START.match(text) else text


def _csv(columns: Sequence[Column], rows: Iterable[Sequence[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([c.name for c in columns])
    writer.writerows([_cell(v) for v in row] for row in rows)
    return buffer.getvalue().encode()


def _joined(values: Iterable[str]) -> str:
    return " ".join(values)


# Endpoints are roles as printed ("Admin workstation"): spaces are inside them.
ENDPOINT_SEPARATOR = "; "


def _rule_row(rule: Rule) -> list[Any]:
    return [
        rule.id,
        rule.section,
        rule.section_title,
        rule.service,
        _joined(port.key for port in rule.ports),
        _joined(port.key for port in rule.source_ports),
        rule.direction,
        ENDPOINT_SEPARATOR.join(" ".join(e.split()) for e in rule.source),
        ENDPOINT_SEPARATOR.join(" ".join(e.split()) for e in rule.destination),
        _joined(rule.hosts),
        _joined(rule.addresses),
        _joined(rule.address_sources),
        rule.any_destination,
        _joined(rule.host_lists),
        rule.notes,
        _joined(str(page) for page in rule.provenance.pages),
    ]


def rules_csv(document: Document) -> bytes:
    """One row per rule, sorted by id; multi-valued cells joined by spaces."""
    return _csv(RULE_COLUMNS, (_rule_row(r) for r in sorted(document.rules, key=lambda r: r.id)))


Destination = tuple[str, str, str]  # (destination_type, destination, host_list id)
Target = tuple[Destination, Endpoint]  # a destination, or a side-unknown endpoint
NO_ENDPOINT: Endpoint = ("", "")


def _targets(sides: Sides) -> list[Target]:
    """Where a rule's flows go: each destination, and each endpoint whose side the
    document does not give (its own column, never on a side)."""
    found = [(d, NO_ENDPOINT) for d in sorted(sides.destinations)]
    found += [(("", "", named[2]), (named[0], named[1])) for named in sorted(sides.unknown)]
    return found or [(("", "", ""), NO_ENDPOINT)]


def _sources(sides: Sides) -> list[tuple[str, str, str]]:
    return sorted(sides.sources) or [("", "", "")]


def _source_ports(rule: Rule, port: Port | None) -> list[Port | None]:
    """The source ports printed for the destination port's protocol (one flow each)."""
    protocol = port.protocol if port else None
    return [p for p in rule.source_ports if p.protocol == protocol] or [None]


def flow_id(
    rule_id: str,
    port: Port | None,
    destination: Destination,
    source: Endpoint = NO_ENDPOINT,
    source_port: Port | None = None,
    side_unknown: Endpoint = NO_ENDPOINT,
) -> str:
    key = [rule_id, port.key if port else "", *destination]
    # Flows of tables without source columns keep the ids they had before there were any.
    if source != NO_ENDPOINT or source_port is not None:
        key += [*source, source_port.key if source_port else ""]
    if side_unknown != NO_ENDPOINT:
        key += ["side-unknown", *side_unknown]
    return sha256_hex(json.dumps(key, ensure_ascii=False).encode())[:16]


def _range(port: Port | None) -> tuple[int | None, int | None]:
    first = port.port if port else None
    return first, (port.port_end or first) if port else None


def _flow_rows(rule: Rule, document: Document) -> Iterable[list[Any]]:
    ports: list[Port | None] = list({p.key: p for p in rule.ports}.values()) or [None]
    sides = rule_sides(rule, document)
    targets = _targets(sides)
    for port in ports:
        for source_port in _source_ports(rule, port):
            for *source, source_list in _sources(sides):
                for destination, unknown in targets:
                    host_list = destination[2] or source_list
                    yield [
                        rule.id,
                        rule.section,
                        rule.service,
                        port.protocol if port else "",
                        *_range(port),
                        rule.direction,
                        *source,
                        *_range(source_port),
                        *destination[:2],
                        *unknown,
                        host_list,
                        flow_id(
                            rule.id,
                            port,
                            (*destination[:2], host_list),
                            (source[0], source[1]),
                            source_port,
                            unknown,
                        ),
                    ]


def _flow_sort_key(row: Sequence[Any]) -> tuple[Any, ...]:
    numbers = tuple(-1 if v is None else v for v in (*row[4:6], *row[9:11]))
    return (row[0], row[3], *numbers[:2], *row[7:9], *numbers[2:], *row[11:])


def flows(document: Document) -> list[list[Any]]:
    """Every flow row (flows.csv's cells, before CSV quoting), sorted."""
    rows = [row for rule in document.rules for row in _flow_rows(rule, document)]
    return sorted(rows, key=_flow_sort_key)


def flows_csv(document: Document) -> bytes:
    """One row per rule × protocol/port × source port × source × destination, host
    lists expanded."""
    return _csv(FLOW_COLUMNS, flows(document))


# --- plain-text feeds (Palo Alto EDL / FortiGate external threat feed style) ---------


def _lines(values: Iterable[str]) -> bytes:
    text = "".join(f"{value}\n" for value in values)
    return text.encode()


def _host_lines(hosts: Iterable[str]) -> bytes:
    return _lines(sorted({host_key(h) for h in hosts if FEED_HOSTNAME.match(host_key(h))}))


def _address_lines(texts: Iterable[str], version: Literal[4, 6]) -> bytes:
    networks = {n for n in map(parse_network, texts) if n is not None and n.version == version}
    ordered = sorted(networks, key=lambda n: (int(n.network_address), n.prefixlen))
    return _lines(network_text(n) for n in ordered)


def hosts_txt(document: Document) -> bytes:
    """Every hostname of the rules and host lists, sorted, unique."""
    hosts = [h for rule in document.rules for h in rule.hosts]
    hosts += [h for host_list in document.host_lists for h in host_list.hosts]
    return _host_lines(hosts)


def addresses_txt(document: Document, version: Literal[4, 6]) -> bytes:
    """Every address or network of one family, in numeric order, unique.

    Only rules and host lists count: addresses the history announces as retired are
    exactly what a firewall should no longer allow.
    """
    texts = [a for rule in document.rules for a in rule.addresses]
    texts += [a for host_list in document.host_lists for a in host_list.addresses]
    return _address_lines(texts, version)


def port_folder(port: Port) -> str:
    """``tcp-443``, ``tcp-1024-65535``; ``icmp`` for a protocol without ports."""
    return port.key.replace("/", "-")


def port_lists(document: Document) -> dict[str, bytes]:
    """``{"tcp-443/destination/hosts.txt": ..., "tcp-443/side-unknown/ipv4.txt": ...}``:
    for every protocol and port, the hostnames and addresses by the side the document
    gives them (``destination``, ``source``, ``side-unknown``): a rule's own, those of
    the host lists it refers to, and those of a host list whose lead-in names the port.
    A side with no host or address gets no folder."""
    found: dict[tuple[str, SideFolder], set[Named]] = {}

    def add(port: Port, sides: Sides) -> None:
        for side, named in sides.by_folder().items():
            found.setdefault((port_folder(port), side), set()).update(named)

    for rule in document.rules:
        sides = rule_sides(rule, document)
        for port in rule.ports:
            add(port, sides)
    for host_list in document.host_lists:
        listed = Sides()
        for named in list_entries(host_list):
            listed.add(host_list.side, named)
        for port in host_list.ports:
            add(port, listed)
    files: dict[str, bytes] = {}
    for (folder, side), entries in sorted(found.items()):
        hosts = [value for kind, value, _ in entries if kind == "host"]
        addresses = [value for kind, value, _ in entries if kind == "address"]
        if not hosts and not addresses:
            continue
        files[f"{folder}/{side}/hosts.txt"] = _host_lines(hosts)
        files[f"{folder}/{side}/ipv4.txt"] = _address_lines(addresses, 4)
        files[f"{folder}/{side}/ipv6.txt"] = _address_lines(addresses, 6)
    return files


# --- data_sha256: a hash that moves only when firewall data moves ---------------------

# Where a value was printed is not what it says: a re-layout moves these, not the data.
NOT_DATA = {"provenance", "evidence"}


def data_sha256(document: Document) -> str:
    """Of the rules, flows, host lists and history, without provenance, evidence or the
    generator's version, in id order (a row moved in the PDF changes nothing)."""
    exclude = dict.fromkeys(NOT_DATA, True)
    data = {
        "rules": sorted(
            (r.model_dump(mode="json", exclude=exclude) for r in document.rules),
            key=lambda r: r["id"],
        ),
        "flows": _csv(FLOW_COLUMNS, flows(document)).decode(),
        "host_lists": sorted(
            (h.model_dump(mode="json", exclude=exclude) for h in document.host_lists),
            key=lambda h: h["id"],
        ),
        "history": sorted(
            (h.model_dump(mode="json", exclude=exclude) for h in document.history),
            key=lambda h: h["version"],
        ),
    }
    return sha256_hex(json.dumps(data, sort_keys=True, ensure_ascii=False).encode())


def count_hosts(document: Document) -> int:
    return len(hosts_txt(document).splitlines())


def count_addresses(document: Document) -> int:
    return sum(len(addresses_txt(document, v).splitlines()) for v in (4, 6))


# --- CHANGELOG.md -------------------------------------------------------------------

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def md_escape(text: str) -> str:
    """Text from a PDF, safe as Markdown prose (no links, HTML or emphasis)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _fenced(lines: Sequence[str]) -> list[str]:
    # The fence is longer than any backtick run inside, so nothing can close it early.
    longest = max((len(run) for line in lines for run in re.findall(r"`+", line)), default=0)
    fence = "`" * max(3, longest + 1)
    return [fence + "text", *lines, fence]


@dataclass(frozen=True)
class ChangelogEntry:
    version: str
    document: Document
    diff: Diff | None
    file: str
    origin: Origin


def _changelog_section(entry: ChangelogEntry) -> list[str]:
    date = entry.document.document.date
    heading = f"## {md_escape(entry.version)}" + (f" ({date})" if date else "")
    origin = "the vendor's file" if entry.origin == "vendor" else "a reconstruction"
    items = [f"Source: {md_escape(entry.file)} ({origin})"]
    history = {h.version: h for h in entry.document.history}
    # The vendor's own words for what this revision changed, from its change history.
    for version in entry.diff.history_added if entry.diff else [entry.version]:
        if version in history and history[version].description:
            description = md_escape(history[version].description)
            items.append(f"Vendor's change history, {md_escape(version)}: {description}")
    if entry.diff is None:
        doc = entry.document
        items.append(
            f"First published revision: {len(doc.rules)} rules, {len(doc.host_lists)} host lists"
        )
        changes = [effective_line(change) for change in effective_changes(doc)]
    else:
        since = md_escape(entry.diff.from_ or "the previous revision")
        items.append(f"Since {since}: {diff_summary(entry.diff)}")
        changes = diff_lines(entry.diff)
    out = [heading, "", *(f"- {item}" for item in items), ""]
    return out + ([*_fenced(changes), ""] if changes else [])


def changelog(title: str, entries: Sequence[ChangelogEntry]) -> bytes:
    """Newest revision first, each with what changed against the one before it."""
    lines = [
        f"# Changelog: {md_escape(title)}",
        "",
        "Generated by portdoc from the published revisions, newest first. In each list,",
        "`+` is added, `-` removed, `~` changed, `!` a change the vendor's change history",
        "announces for a date (a retirement of addresses: the date it takes effect).",
        "",
    ]
    for entry in reversed(entries):
        lines += _changelog_section(entry)
    return ("\n".join(lines).rstrip("\n") + "\n").encode()
