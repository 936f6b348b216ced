"""The document model: what one revision of a vendor document says, with provenance.

``Document.model_dump(mode="json")`` is exactly what ``portdoc extract`` writes; the
JSON Schema in ``schema/document.schema.json`` is generated from these classes.
Coordinates are PDF points with the origin at the page's top-left (pdfplumber's).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_serializer
from pydantic.dataclasses import dataclass

SCHEMA_VERSION = "2.2"

# A date keeps the precision it is printed with: the day where the day is printed.
DATE_PATTERN = r"^\d{4}-\d{2}(-\d{2})?$"
Severity = Literal["error", "warning", "info"]
SectionKind = Literal["external", "internal"]
Direction = Literal["in", "out", "both"]
Side = Literal["source", "destination", "both"]
SideBy = Literal["column", "words", "direction", "scope"]


# Assignments are validated too: the extractor sets ids after building the records.
# Schemas are built on first use, not at import: start-up is a large part of a run.
CONFIG = ConfigDict(extra="forbid", validate_assignment=True, defer_build=True)


class Model(BaseModel):
    model_config = CONFIG


# Boxes, evidence, ports and provenance occur thousands of times in a long document:
# slotted pydantic dataclasses validate and serialise like the models around them at a
# quarter of a BaseModel's memory (no per-instance __dict__ or fields-set).


@dataclass(config=CONFIG, slots=True)
class Box:
    """A rectangle on one page (1-based page number)."""

    page: Annotated[int, Field(ge=1)]
    x0: float
    top: float
    x1: float
    bottom: float


@dataclass(config=CONFIG, slots=True)
class Evidence:
    """One value and the printed text and box it was read from."""

    field: Annotated[
        str,
        Field(
            description="Which field of the record the value went to: service, ports, "
            "source_ports, protocol, direction, source, destination, hosts, addresses, "
            "address_sources, any_destination, scope."
        ),
    ]
    value: str
    text: Annotated[str, Field(description="The printed text the value was read from.")]
    box: Box


@dataclass(config=CONFIG, slots=True)
class Provenance:
    pages: list[int] = Field(default_factory=list)
    box: Box | None = Field(default=None, description="Bounding box on the first page.")
    boxes: list[Box] = Field(default_factory=list, description="One box per page spanned.")


@dataclass(config=CONFIG, slots=True)
class Port:
    """One protocol and port (or inclusive port range)."""

    protocol: Annotated[str, Field(pattern=r"^[a-z][a-z0-9-]*$")]
    port: int | None = Field(default=None, ge=0, le=65535)
    port_end: int | None = Field(default=None, ge=1, le=65535)

    @model_serializer(mode="wrap")
    def _omit_empty_end(self, handler: Any) -> dict[str, Any]:
        data: dict[str, Any] = handler(self)
        if data.get("port_end") is None:
            data.pop("port_end", None)
        return data

    @property
    def key(self) -> str:
        """``tcp/80`` or ``udp/7400-7410``: a stable text form for diffs and CSVs."""
        if self.port is None:
            return self.protocol
        if self.port_end is not None and self.port_end != self.port:
            return f"{self.protocol}/{self.port}-{self.port_end}"
        return f"{self.protocol}/{self.port}"


@dataclass(config=CONFIG, slots=True)
class Peer:
    """A hostname or address a record names, and the side of the connection the
    document puts it on."""

    value: Annotated[str, Field(description="A value of hosts or addresses.")]
    side: Side | None = Field(
        default=None,
        description="source, destination, both (between; a direction both ways), or null: "
        "the document does not say on which side it is (side unknown).",
    )
    by: SideBy | None = Field(
        default=None,
        description="What gives the side: column (a source/destination column), words "
        "(the row's own 'from X', 'to X', 'between'), direction (the row's printed "
        "direction: inbound, the peer is the source; outbound, the destination), scope "
        "(the lead-in sentence above a host list); null with a null side.",
    )


class Rule(Model):
    """One row of a port table, or one item of a port list."""

    id: str = Field(description="Stable across revisions: section + service (+ ports).")
    section: SectionKind | None = Field(
        default=None,
        description="external/internal only where the heading says so; never guessed.",
    )
    section_title: str = Field(
        default="", description="The heading (or sub-heading row) the row stands under."
    )
    service: str
    ports: list[Port] = Field(
        default_factory=list, description="Destination (listening) protocol/ports."
    )
    source_ports: list[Port] = Field(
        default_factory=list, description="Source ports, where the table prints them."
    )
    direction: Direction | None = None
    source: list[str] = Field(
        default_factory=list,
        description="Endpoints on the source side: roles as printed, hostnames, "
        "addresses or networks, 'any'.",
    )
    destination: list[str] = Field(
        default_factory=list, description="Endpoints on the destination side, as source."
    )
    hosts: list[str] = Field(
        default_factory=list, description="Every hostname of the row, whichever side."
    )
    addresses: list[str] = Field(
        default_factory=list, description="Every address or network of the row, whichever side."
    )
    peers: list[Peer] = Field(
        default_factory=list,
        description="Each value of hosts and addresses with its side; a side the document "
        "does not give is null (side unknown), never defaulted.",
    )
    address_sources: list[str] = Field(default_factory=list)
    any_destination: bool = False
    host_lists: list[str] = Field(default_factory=list, description="Ids of host_lists[].")
    notes: str = ""
    cells: dict[str, str] = Field(
        default_factory=dict, description="Each column's printed text, by header."
    )
    provenance: Provenance = Field(default_factory=Provenance)
    evidence: list[Evidence] = Field(default_factory=list)


class HostList(Model):
    """A section listing servers by name and/or address (e.g. "Spam Rule Updates")."""

    id: str
    title: str
    description: str = ""
    hosts: list[str] = Field(default_factory=list)
    addresses: list[str] = Field(default_factory=list)
    scope: str = Field(
        default="",
        description="The lead-in sentence above the list that names its ports or side, "
        "as printed ('Allow HTTPS (TCP 443) from the gateway to these hostnames:').",
    )
    ports: list[Port] = Field(
        default_factory=list, description="The protocols and ports the lead-in gives the list."
    )
    side: Side | None = Field(
        default=None,
        description="The side the lead-in puts the list on ('to these hostnames': "
        "destination; 'from these ranges': source); null when it does not say.",
    )
    provenance: Provenance = Field(default_factory=Provenance)
    evidence: list[Evidence] = Field(default_factory=list)


class HistoryEntry(Model):
    """One row of the change history."""

    version: str
    date: str | None = Field(
        default=None,
        pattern=DATE_PATTERN,
        description="As printed: YYYY-MM-DD where the day is printed, YYYY-MM where only "
        "the month is.",
    )
    date_text: str = ""
    description: str = ""
    retired_addresses: list[str] = Field(default_factory=list)
    effective: str | None = Field(
        default=None,
        pattern=r"^\d{4}-\d{2}-\d{2}$",
        description="The date the entry says its retirements or other announced change "
        "take effect, where it gives one.",
    )
    provenance: Provenance = Field(default_factory=Provenance)
    evidence: list[Evidence] = Field(default_factory=list)


class TextSection(Model):
    """A prose section, kept as titled text."""

    title: str
    text: str
    provenance: Provenance = Field(default_factory=Provenance)


class Issue(Model):
    """Something in the document the parser could not place or validate."""

    code: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    severity: Severity
    message: str
    page: int | None = None
    box: Box | None = None
    text: str = ""


class DocumentInfo(Model):
    vendor: str | None = None
    product: str | None = None
    title: str | None = None
    version: str | None = None
    date: str | None = Field(
        default=None,
        pattern=DATE_PATTERN,
        description="The newest change-history entry's date, else the title page's or "
        "footer's: YYYY-MM-DD where the day is printed, YYYY-MM where only the month is.",
    )
    family: str | None = None
    file_name: str | None = None
    sha256: str | None = None
    page_count: int = 0
    producer: str | None = None


class Document(Model):
    schema_version: str = SCHEMA_VERSION
    generator: str = Field(default="portdoc", description="portdoc and its version.")
    document: DocumentInfo = Field(default_factory=DocumentInfo)
    rules: list[Rule] = Field(default_factory=list)
    host_lists: list[HostList] = Field(default_factory=list)
    history: list[HistoryEntry] = Field(default_factory=list)
    sections: list[TextSection] = Field(default_factory=list)
    issues: list[Issue] = Field(default_factory=list)

    @property
    def valid(self) -> bool:
        """True when no issue is an error: ``portdoc extract`` exits 0."""
        return not any(issue.severity == "error" for issue in self.issues)


def build_validators() -> None:
    """Build every record's validator and serializer now (they are deferred at import):
    called before a reader is forked, so the reader and its caller share one build
    (~40 ms) instead of making one each."""
    from pydantic.dataclasses import rebuild_dataclass

    records: tuple[Any, ...] = (Box, Evidence, Provenance, Port, Peer)
    for record in records:
        rebuild_dataclass(record)
    for model in (Rule, HostList, HistoryEntry, TextSection, Issue, DocumentInfo, Document):
        model.model_rebuild()
