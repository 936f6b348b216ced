"""The feed as consumers poll it: endpoints in the CSVs, per-port lists, the data hash,
ids that follow renames, changes.json, feed.atom, the schemas the tree ships.

Documents are the shared truths (``truthdoc``), published through the stand-in
extractor of ``test_publish``: only what publish makes of them is under test.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest
from jsonschema import Draft202012Validator
from test_publish import relay, run, snapshot, write_source
from truthdoc import EXAMPLECORP, GENRES, genre_document

from pipeline.model.errors import UnusableInputError
from pipeline.model.models import Box, Document, Evidence, Port, Provenance
from pipeline.release.changes import Changes, changes_since
from pipeline.release.render import (
    data_sha256,
    flow_id,
    flows_csv,
    hosts_txt,
    rules_csv,
    sha256_hex,
)
from pipeline.release.treecheck import tree_problems
from pipeline.values.ids import ids_for_rules, version_key
from pipeline.values.normalize import date_in_text

pytestmark = pytest.mark.skipif(
    not EXAMPLECORP.is_dir(), reason="../shared/corpus is not beside the project"
)

ATOM_RNG = Path(__file__).with_name("atom.rng")
NORTHWIND = GENRES / "northwind-mailfilter-7.2-help.truth.json"
CONTOSO = GENRES / "contoso-securemail-3.1-functions.truth.json"
FABRIKAM = GENRES / "fabrikam-voice-5-matrix.truth.json"


def rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode())))


def genre(path: Path, vendor: str = "Genretest") -> Document:
    doc = genre_document(path)
    doc.document.vendor = vendor
    return doc


def renamed(doc: Document, old: str, new: str) -> Document:
    """``doc`` with one rule renamed, ids as the extractor gives them."""
    next(r for r in doc.rules if r.service == old).service = new
    for each, rid in zip(doc.rules, ids_for_rules(doc.rules), strict=True):
        each.id = rid
    return doc


def with_version(doc: Document, version: str, date: str) -> Document:
    doc.document.version, doc.document.date = version, date
    return doc


# --- flows and rules with endpoints ----------------------------------------------------


def test_flows_carry_sources_destinations_and_source_ports() -> None:
    flows = rows(flows_csv(genre(FABRIKAM)))
    sip = [f for f in flows if f["service"] == "SIP registration and signalling from desk phones"]
    assert {(f["protocol"], f["port"], f["source_port"], f["source_port_end"]) for f in sip} == {
        ("tcp", "5060", "1024", "65535"),
        ("udp", "5060", "1024", "65535"),
    }
    assert {(f["source_type"], f["source"]) for f in sip} == {
        ("address", "192.0.2.0/24"),
        ("address", "2001:db8:10::/48"),
    }
    assert {(f["destination_type"], f["destination"]) for f in sip} == {("role", "Call server")}
    assert len(sip) == 4  # 2 ports × 2 sources × 1 destination
    dns = [f for f in flows if f["service"] == "Name resolution"]
    assert {(f["source"], f["destination_type"]) for f in dns} == {
        ("Call server", "any"),
        ("Media node", "any"),
    }
    assert len({f["flow_id"] for f in flows}) == len(flows)


def test_a_hostname_on_the_source_side_is_no_destination() -> None:
    flows = rows(flows_csv(genre(CONTOSO)))
    support = [f for f in flows if f["service"] == "Remote support" and f["port"] == "22"]
    assert [
        (f["source_type"], f["source"], f["destination_type"], f["destination"]) for f in support
    ] == [("host", "support.example.com", "role", "Appliance")]


def test_rules_csv_has_endpoint_columns() -> None:
    table = {r["id"]: r for r in rows(rules_csv(genre(FABRIKAM)))}
    rule = table["management/web-administration-and-platform-console"]
    assert rule["source"] == "Admin workstation"
    assert rule["destination"] == "Call server; Media node; Database node"
    assert rule["source_ports"] == "tcp/1024-65535"
    assert rule["section"] == "" and rule["section_title"] == "Management"


def test_flow_ids_of_tables_without_endpoints_did_not_move() -> None:
    doc = relay("2.0")
    for flow in rows(flows_csv(doc)):
        port = (
            Port(protocol=flow["protocol"], port=int(flow["port"]), port_end=int(flow["port_end"]))
            if flow["port"]
            else None
        )
        if port is not None and port.port_end == port.port:
            port.port_end = None
        destination = (flow["destination_type"], flow["destination"], flow["host_list"])
        unknown = (flow["side_unknown_type"], flow["side_unknown"])
        # The formula before flows had sources: rule id, port, destination; an endpoint
        # of unknown side adds itself.
        key = [flow["id"], port.key if port else flow["protocol"], *destination]
        key += ["side-unknown", *unknown] if any(unknown) else []
        assert flow["flow_id"] == sha256_hex(json.dumps(key).encode())[:16]
        assert flow["flow_id"] == flow_id(flow["id"], port, destination, side_unknown=unknown)


def test_hosts_txt_keeps_leading_wildcards_and_drops_other_stars() -> None:
    doc = genre(NORTHWIND)
    doc.rules[0].hosts = ["*.cdn.example.net", "a*b.example.net", "*foo.example.net", "x.*.net"]
    hosts = hosts_txt(doc).decode().splitlines()
    assert "*.cdn.example.net" in hosts
    assert not {"a*b.example.net", "*foo.example.net", "x.*.net"} & set(hosts)


# --- per-port lists -------------------------------------------------------------------


def test_lists_per_port(tmp_path: Path) -> None:
    write_source(tmp_path / "sources", "voice", [genre(FABRIKAM)])
    write_source(tmp_path / "sources", "relay", [relay("2.0")])
    run(tmp_path / "sources", tmp_path / "output")
    voice = tmp_path / "output" / "voice" / "5.3" / "ports"
    rtp = voice / "udp-16384-32767"
    assert (rtp / "destination" / "ipv4.txt").read_text() == "192.0.2.0/24\n"
    assert (rtp / "destination" / "ipv6.txt").read_text() == "2001:db8:10::/48\n"
    assert (rtp / "destination" / "hosts.txt").read_text() == ""
    assert sorted(p.name for p in rtp.iterdir()) == ["destination"]
    assert "push.example.net" in (voice / "tcp-443/destination/hosts.txt").read_text().split()
    # From the desk phones' networks to the call server; to the provider's sip host.
    sip = voice / "tcp-5061"
    assert (sip / "source" / "ipv4.txt").read_text() == "192.0.2.0/24\n"
    assert (sip / "destination" / "hosts.txt").read_text() == "sip.example.com\n"
    assert (sip / "destination" / "ipv4.txt").read_text() == ""
    assert not (voice / "tcp-9090").exists()  # roles only: nothing to list
    assert not (voice / "tcp-1024-65535").exists()  # source ports are no destination
    # A host list a rule refers to feeds that rule's ports; the relay says on which side
    # of the connection neither is (no direction, no "to"): side unknown.
    reputation = next(r for r in relay("2.0").rules if r.host_lists)
    folder = (
        tmp_path / "output" / "relay" / "2.0" / "ports" / reputation.ports[0].key.replace("/", "-")
    )
    assert "sn12.example.org" in (folder / "side-unknown" / "hosts.txt").read_text().split()
    assert sorted(p.name for p in folder.iterdir()) == ["side-unknown"]
    latest = snapshot(tmp_path / "output" / "voice" / "latest" / "ports")
    assert latest == snapshot(voice)


# --- data_sha256 -----------------------------------------------------------------------


def test_data_hash_moves_only_with_firewall_data() -> None:
    doc = relay("2.0")
    before = data_sha256(doc)
    moved = relay("2.0")
    moved.generator = "portdoc 9.9"
    moved.rules.reverse()
    box = Box(page=3, x0=1, top=2, x1=3, bottom=4)
    moved.rules[0].provenance = Provenance(pages=[3], box=box, boxes=[box])
    moved.rules[0].evidence = [Evidence(field="hosts", value="x", text="x", box=box)]
    moved.history[0].provenance = Provenance(pages=[9])
    assert data_sha256(moved) == before
    changed = relay("2.0")
    changed.rules[0].ports = [Port(protocol="tcp", port=1)]
    assert data_sha256(changed) != before
    listed = relay("2.0")
    listed.host_lists[0].hosts.append("new.example.org")
    assert data_sha256(listed) != before


def test_index_gives_the_data_hash(tmp_path: Path) -> None:
    write_source(tmp_path / "sources", "relay", [relay("1.0"), relay("1.1")])
    run(tmp_path / "sources", tmp_path / "output")
    index = json.loads((tmp_path / "output" / "index.json").read_text())
    versions = index["sources"][0]["versions"]
    assert [v["data_sha256"] for v in versions] == [
        data_sha256(relay("1.0")),
        data_sha256(relay("1.1")),
    ]


# --- ids that follow renames -----------------------------------------------------------


def test_a_renamed_rule_keeps_its_id_and_flow_ids(tmp_path: Path) -> None:
    first = relay("1.1")
    second = with_version(
        renamed(relay("1.1"), "Status service", "Service status list"), "1.2", "2023-09"
    )
    # A third revision keeps the lineage, and a new rule under the old name gets its own id.
    third = with_version(
        renamed(relay("1.1"), "Status service", "Service status list"), "1.3", "2023-12"
    )
    newcomer = next(r for r in first.rules if r.service == "Status service").model_copy(
        update={"hosts": ["status-new.example.net"], "addresses": []}
    )
    third.rules.append(newcomer)
    for each, rid in zip(third.rules, ids_for_rules(third.rules), strict=True):
        each.id = rid
    write_source(tmp_path / "sources", "relay", [first, second, third])
    run(tmp_path / "sources", tmp_path / "output")
    out = tmp_path / "output" / "relay"

    def published(version: str) -> dict[str, str]:
        doc = json.loads((out / version / "document.json").read_text())
        return {r["id"]: r["service"] for r in doc["rules"]}

    assert published("1.1")["external/status-service"] == "Status service"
    assert published("1.2")["external/status-service"] == "Service status list"
    assert "external/service-status-list" not in published("1.2")
    assert published("1.3")["external/status-service"] == "Service status list"
    assert published("1.3")["external/status-service-2"] == "Status service"

    def flow_ids(version: str) -> set[str]:
        return {
            f["flow_id"]
            for f in rows((out / version / "flows.csv").read_bytes())
            if f["id"] == "external/status-service"
        }

    assert flow_ids("1.1") == flow_ids("1.2") == flow_ids("1.3")
    [change] = json.loads((out / "1.2" / "diff.json").read_text())["rules"]
    assert change["id"] == "external/status-service"
    assert change["service"] == {"from": "Status service", "to": "Service status list"}
    added = json.loads((out / "1.3" / "diff.json").read_text())["rules"]
    assert [(c["id"], c["change"]) for c in added] == [("external/status-service-2", "added")]
    # Deterministic: the same sources publish the same bytes.
    run(tmp_path / "sources", tmp_path / "again" / "output")
    assert snapshot(tmp_path / "output") == snapshot(tmp_path / "again" / "output")


# --- changes.json ----------------------------------------------------------------------


def test_date_in_text_reads_announced_dates() -> None:
    assert date_in_text("will be retired on 22/11/18 184.72.245.1, 79.125.8.252", "2018-10") == (
        "2018-11-22"
    )
    assert date_in_text("withdrawn on 01/04/24 203.0.113.3", "2024-02") == "2024-04-01"
    assert date_in_text("withdrawn on 05/03/24", "2024-04") == "2024-05-03"  # not before
    assert date_in_text("retired from 1 March 2019") == "2019-03-01"
    assert date_in_text("retired November 22, 2018") == "2018-11-22"
    assert date_in_text("addresses 192.0.2.1 and 10.1.2.3 retired") is None


def test_changes_json_lists_every_change_with_its_version(tmp_path: Path) -> None:
    write_source(tmp_path / "sources", "relay", [relay("2.0"), relay("1.0"), relay("1.1")])
    run(tmp_path / "sources", tmp_path / "output")
    data = Changes.model_validate_json(
        (tmp_path / "output" / "relay" / "changes.json").read_bytes()
    )
    assert data.versions == ["1.0", "1.1", "2.0"] and data.latest == "2.0"
    first = [c for c in data.changes if c.version == "1.0"]
    assert {c.change for c in first if c.type == "rule"} == {"added"}
    assert len([c for c in first if c.type == "rule"]) == 44
    assert all(c.previous is None and c.date == "2023-03" for c in first)
    since = changes_since(data, "1.1")
    assert {c.version for c in since} == {"2.0"} and all(c.previous == "1.1" for c in since)
    rules = {(c.rule.service, c.change) for c in since if c.rule is not None}
    assert rules == {
        ("News feed", "removed"),
        ("Sandbox detonation service", "added"),
        ("Cluster heartbeat", "added"),
        ("SNMP monitoring", "changed"),
    }
    [retirement] = [c for c in since if c.type == "retirement"]
    assert retirement.effective == "2024-04-01"
    assert retirement.addresses == ["192.0.2.4", "198.51.100.4", "203.0.113.3"]
    assert [c.id for c in since if c.type == "history"] == ["2.0"]
    assert changes_since(data, "2.0") == []
    assert changes_since(data, None) == data.changes
    with pytest.raises(ValueError, match="not a version of relay"):
        changes_since(data, "0.5")


def test_changes_since_a_version_only_the_history_names(tmp_path: Path) -> None:
    """Issue 17: a consumer configured from an unpublished revision (1.1, named by the
    history of the published 1.0... 2.0) gets the changes of every later one."""
    write_source(tmp_path / "sources", "relay", [relay("1.0"), relay("2.0")])
    run(tmp_path / "sources", tmp_path / "output")
    raw = json.loads((tmp_path / "output" / "relay" / "changes.json").read_text())
    assert raw["versions"] == ["1.0", "2.0"]
    history = [h["version"] for h in relay("2.0").model_dump(mode="json")["history"]]
    assert "1.1" in history and raw["known_versions"] == sorted(set(history), key=version_key)
    data = Changes.model_validate(raw)
    since = changes_since(data, "1.1")
    assert since and {c.version for c in since} == {"2.0"}
    assert changes_since(data, "1.0") == since
    assert changes_since(data, "2.0") == []
    with pytest.raises(ValueError, match="not a version of relay"):
        changes_since(data, "9.9")


# --- feed.atom -------------------------------------------------------------------------


def test_feed_atom_is_valid_atom_newest_first(tmp_path: Path) -> None:
    etree = pytest.importorskip("lxml.etree")
    write_source(tmp_path / "sources", "relay", [relay("1.0"), relay("2.0"), relay("1.1")])
    run(tmp_path / "sources", tmp_path / "output")
    data = (tmp_path / "output" / "relay" / "feed.atom").read_bytes()
    schema = etree.RelaxNG(etree.parse(str(ATOM_RNG)))
    feed = etree.fromstring(data)
    assert schema.validate(feed), schema.error_log
    atom = {"a": "http://www.w3.org/2005/Atom"}
    entries = feed.findall("a:entry", atom)
    assert [e.findtext("a:id", namespaces=atom) for e in entries] == [
        "urn:portdoc:relay:2.0",
        "urn:portdoc:relay:1.1",
        "urn:portdoc:relay:1.0",
    ]
    assert feed.findtext("a:updated", namespaces=atom) == "2024-02-01T00:00:00Z"
    newest = entries[0]
    assert newest.findtext("a:summary", namespaces=atom).startswith(
        "Since 1.1: rules: 2 added, 1 removed, 1 changed"
    )
    assert "~ internal  SNMP monitoring  direction in → both" in newest.findtext(
        "a:content", namespaces=atom
    )
    links = [link.get("href") for link in newest.findall("a:link", atom)]
    assert links == ["2.0/document.json", "2.0/diff.json"]
    for href in links:
        assert (tmp_path / "output" / "relay" / href).is_file()
    # The grammar is strict enough to fail: a feed without its id is not Atom.
    broken = data.replace(b"<id>urn:portdoc:relay</id>", b"")
    assert not schema.validate(etree.fromstring(broken))


def test_feed_atom_drops_what_xml_cannot_carry(tmp_path: Path) -> None:
    etree = pytest.importorskip("lxml.etree")
    doc = relay("1.0")
    # A control character in source.json is refused now (issue 20 item 18): markup only.
    write_source(tmp_path / "sources", "relay", [doc], product="Relay <&>")
    run(tmp_path / "sources", tmp_path / "output")
    feed = etree.fromstring((tmp_path / "output" / "relay" / "feed.atom").read_bytes())
    assert (
        feed.findtext("{http://www.w3.org/2005/Atom}title")
        == "Relaytest Relay <&>: Connection Ports and Protocols"
    )


# --- the schemas the tree ships -----------------------------------------------------------


def test_the_tree_ships_its_schemas_and_everything_validates_with_them(tmp_path: Path) -> None:
    write_source(tmp_path / "sources", "relay", [relay("1.0"), relay("2.0")])
    run(tmp_path / "sources", tmp_path / "output")
    out = tmp_path / "output"
    index = json.loads((out / "index.json").read_text())
    base = (out / "index.json").as_uri()
    shipped: dict[str, Any] = {}
    for kind, path in index["schemas"].items():
        schema_path = out / path
        schema = json.loads(schema_path.read_text())
        Draft202012Validator.check_schema(schema)
        # The $id, read from where the file is, names the file itself.
        assert urljoin(schema_path.as_uri(), schema["$id"]) == schema_path.as_uri()
        assert urljoin(base, path) == schema_path.as_uri()
        shipped[kind] = Draft202012Validator(schema)
    kinds = {"index.json": "index", "document.json": "document", "diff.json": "diff"}
    kinds |= {"datapackage.json": "datapackage", "changes.json": "changes"}
    checked = 0
    for path in out.rglob("*.json"):
        if path.parent.name == "schema":
            continue
        kind = "ports" if path.parent.name == "ports" else kinds[path.name]
        errors = list(shipped[kind].iter_errors(json.loads(path.read_text())))
        assert errors == [], path
        checked += 1
    # index, changes; 1.0, 2.0 and latest (with diffs), each with ports/index.json
    assert checked == 1 + 1 + 3 + 4 + 4


def test_the_tree_check_reads_feeds_and_shipped_schemas(tmp_path: Path) -> None:
    write_source(tmp_path / "sources", "relay", [relay("1.0")])
    run(tmp_path / "sources", tmp_path / "output")
    files = snapshot(tmp_path / "output")
    assert tree_problems(files) == []
    broken = {
        **files,
        "relay/feed.atom": b"<rss/>",
        "schema/diff.schema.json": b'{"type": 3}',
    }
    problems = tree_problems(broken)
    assert any(p.startswith("relay/feed.atom: not an Atom feed") for p in problems)
    assert any(p.startswith("schema/diff.schema.json: not a JSON Schema") for p in problems)
    # A dialect the validator does not know is refused, never fetched.
    elsewhere = {**files, "schema/diff.schema.json": b'{"$schema": "http://127.0.0.1:9/s"}'}
    assert tree_problems(elsewhere)[0].startswith("schema/diff.schema.json: not a JSON Schema")
    assert tree_problems({**files, "relay/feed.atom": b"<feed"})[0].startswith(
        "relay/feed.atom: not XML"
    )


def test_a_source_cannot_be_named_like_the_schema_folder(tmp_path: Path) -> None:
    write_source(tmp_path / "sources", "schema", [relay("1.0")])
    with pytest.raises(UnusableInputError, match="reserved"):
        run(tmp_path / "sources", tmp_path / "output")


def test_endpoint_csvs_validate_with_frictionless(tmp_path: Path) -> None:
    frictionless = pytest.importorskip("frictionless")
    write_source(tmp_path / "sources", "voice", [genre(FABRIKAM)])
    write_source(tmp_path / "sources", "mail", [genre(CONTOSO)])
    run(tmp_path / "sources", tmp_path / "output")
    for package in sorted((tmp_path / "output").glob("*/*/datapackage.json")):
        report = frictionless.validate(str(package))
        assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
