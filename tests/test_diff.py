"""pipeline.diff and values.ids: the semantic diff, scored against the shared diff truths."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest
from truthdoc import EXAMPLECORP, GENRES, genre_document, truth_document

from pipeline.diff import (
    Diff,
    RuleChange,
    ServiceRename,
    ValueChange,
    diff_documents,
    diff_lines,
    diff_text,
)
from pipeline.document_json import load_document
from pipeline.model.errors import UnusableInputError
from pipeline.model.models import Document, Port, Rule
from pipeline.release.schemas import schema_errors
from pipeline.values.ids import (
    address_sort_key,
    host_list_id,
    ids_for_rules,
    rule_ids,
    slug,
    version_key,
)

pytestmark = pytest.mark.skipif(
    not EXAMPLECORP.is_dir(), reason="../shared/corpus is not beside the project"
)


SCORE = EXAMPLECORP.parents[1] / "tools" / "score.py"


def relay(version: str) -> Document:
    return truth_document(EXAMPLECORP, version)


def rule(doc: Document, service: str) -> Rule:
    return next(r for r in doc.rules if r.service == service)


def dump(diff: Diff) -> dict:
    return diff.model_dump(mode="json")


# --- ids ------------------------------------------------------------------------------


def test_slug_is_lowercase_ascii_words() -> None:
    assert (
        slug("HTTPS access to the Relay’s Web Interface")
        == "https-access-to-the-relays-web-interface"
    )
    assert slug("FTP/S Backup/Restore") == "ftp-s-backup-restore"
    assert slug("Übertragung  café") == "ubertragung-cafe"
    assert slug("***") == "x"


def test_rule_ids_add_ports_only_for_repeated_names() -> None:
    rows = [
        ("internal", "Relay to DC", [Port(protocol="udp", port=389)]),
        ("internal", "Relay to DC", [Port(protocol="tcp", port=88)]),
        ("external", "Relay to DC", [Port(protocol="tcp", port=88)]),
        ("internal", "Cluster", [Port(protocol="udp", port=7400, port_end=7410)]),
    ]
    assert rule_ids(rows) == [
        "internal/relay-to-dc/udp/389",
        "internal/relay-to-dc/tcp/88",
        "external/relay-to-dc",
        "internal/cluster",
    ]


def test_rule_ids_stay_unique_when_a_row_is_printed_twice() -> None:
    row = ("external", "Time", [Port(protocol="udp", port=123)])
    assert rule_ids([row, row]) == ["external/time/udp/123", "external/time/udp/123-2"]


def test_host_list_id_and_orderings() -> None:
    assert host_list_id("Section 4 – Spam Rule Updates") == "section-4-spam-rule-updates"
    assert sorted(["3.10", "3.9", "10.0", "3.3"], key=version_key) == ["3.3", "3.9", "3.10", "10.0"]
    addresses = ["2001:db8::1", "198.51.100.2", "192.0.2.0/24", "192.0.2.10", "junk"]
    assert sorted(addresses, key=address_sort_key) == [
        "192.0.2.0/24",
        "192.0.2.10",
        "198.51.100.2",
        "2001:db8::1",
        "junk",
    ]


# --- the shared diff truths -------------------------------------------------------------


@pytest.mark.parametrize(("old", "new"), [("1.0", "1.1"), ("1.1", "2.0")])
def test_diff_scores_every_fact_on_the_shared_truth(old: str, new: str, tmp_path: Path) -> None:
    out = tmp_path / "diff.json"
    out.write_text(json.dumps(dump(diff_documents(relay(old), relay(new)))))
    truth = EXAMPLECORP / f"diff-{old}-{new}.truth.json"
    result = subprocess.run(
        [sys.executable, str(SCORE), "diff", str(out), str(truth)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout
    assert "extra: 0" in result.stdout


def test_diff_1_1_to_2_0_facts() -> None:
    diff = diff_documents(relay("1.1"), relay("2.0"))
    assert (diff.from_, diff.to) == ("1.1", "2.0")
    assert [(c.section, c.service, c.change) for c in diff.rules] == [
        ("external", "News feed", "removed"),
        ("external", "Sandbox detonation service", "added"),
        ("internal", "Cluster heartbeat", "added"),
        ("internal", "SNMP monitoring", "changed"),
    ]
    [reputation] = diff.host_lists
    assert reputation.title == "Reputation servers"
    assert reputation.hosts is None
    assert reputation.addresses is not None
    assert reputation.addresses.added == ["198.51.100.77", "198.51.100.78"]
    assert reputation.addresses.removed == ["192.0.2.4", "198.51.100.4", "203.0.113.3"]
    assert diff.history_added == ["2.0"]
    assert diff.history_removed == []


def test_direction_change_is_from_and_to() -> None:
    diff = diff_documents(relay("1.1"), relay("2.0"))
    snmp = next(c for c in diff.rules if c.service == "SNMP monitoring")
    assert snmp == RuleChange(
        id="internal/snmp-monitoring",
        section="internal",
        service="SNMP monitoring",
        change="changed",
        direction=ValueChange(from_="in", to="both"),
    )
    assert dump(diff)["rules"][3] == {
        "id": "internal/snmp-monitoring",
        "section": "internal",
        "service": "SNMP monitoring",
        "change": "changed",
        "direction": {"from": "in", "to": "both"},
    }


def test_added_rule_carries_its_ports_and_destinations() -> None:
    diff = diff_documents(relay("1.1"), relay("2.0"))
    heartbeat = dump(diff)["rules"][2]
    assert heartbeat["ports"] == {"added": ["udp/7400-7410"], "removed": []}
    assert heartbeat["direction"] == {"from": None, "to": "both"}
    assert "hosts" not in heartbeat and "notes" not in heartbeat


def test_port_change() -> None:
    old, new = relay("1.1"), relay("1.1")
    time = rule(new, "Time service")
    time.ports = [Port(protocol="udp", port=123), Port(protocol="tcp", port=4460)]
    [change] = diff_documents(old, new).rules
    assert change.change == "changed"
    assert change.ports is not None
    assert (change.ports.added, change.ports.removed) == (["tcp/4460"], [])


def test_rename_is_one_change_with_from_and_to() -> None:
    old, new = relay("1.1"), relay("1.1")
    renamed = rule(new, "Status service")
    renamed.service, renamed.id = "Service status checks", "external/service-status-checks"
    diff = diff_documents(old, new)
    assert dump(diff)["rules"] == [
        {
            "id": "external/service-status-checks",
            "section": "external",
            "service": {"from": "Status service", "to": "Service status checks"},
            "change": "changed",
        }
    ]
    assert diff_lines(diff) == ["~ external  Status service → Service status checks  renamed"]


def test_a_new_rule_with_other_destinations_is_not_a_rename() -> None:
    old, new = relay("1.1"), relay("1.1")
    other = rule(new, "Status service")
    other.service, other.id = "Service status checks", "external/service-status-checks"
    other.hosts = ["status.example.net"]
    changes = diff_documents(old, new).rules
    assert [(c.service, c.change) for c in changes] == [
        ("Service status checks", "added"),
        ("Status service", "removed"),
    ]


def test_repeated_name_losing_its_twin_is_matched_by_name_and_ports() -> None:
    # 1.1 has two "Relay to DC for PMM Full Mode" rows; their ids carry ports. When one
    # goes, the other's id loses its ports suffix: still the same rule, not a new one.
    old, new = relay("1.1"), relay("1.1")
    twins = [r for r in new.rules if r.service == "Relay to DC for PMM Full Mode"]
    new.rules.remove(twins[0])
    twins[1].id = "internal/relay-to-dc-for-pmm-full-mode"
    [change] = diff_documents(old, new).rules
    assert (change.change, change.id) == ("removed", twins[0].id)
    assert change.ports is not None and change.ports.removed == ["udp/389"]


def test_layout_only_differences_are_not_changes() -> None:
    old, new = relay("1.1"), relay("1.1")
    status = rule(new, "Status service")
    status.notes = status.notes.replace(" ", "\n  ")
    status.hosts = [h.upper() + "." for h in status.hosts]
    engine = rule(new, "Engine A signature updates")
    engine.addresses = list(reversed(engine.addresses))
    assert diff_documents(old, new).empty


def test_notes_change_is_reported() -> None:
    old, new = relay("1.1"), relay("1.1")
    rule(new, "SNMP alerts").notes = "To the NMS"
    [change] = diff_documents(old, new).rules
    assert change.notes == ValueChange(from_="", to="To the NMS")
    assert diff_lines(diff_documents(old, new)) == ["~ internal  SNMP alerts  notes changed"]


def test_identical_documents_give_an_empty_diff() -> None:
    diff = diff_documents(relay("2.0"), relay("2.0"))
    assert diff.empty
    assert dump(diff) == {
        "from": "2.0",
        "to": "2.0",
        "rules": [],
        "host_lists": [],
        "history_added": [],
        "history_removed": [],
        "effective_changes": [],
    }


def test_diff_is_deterministic_whatever_the_input_order() -> None:
    old, new = relay("1.0"), relay("2.0")
    first = json.dumps(dump(diff_documents(old, new)), sort_keys=True)
    for seed in range(3):
        shuffled_old, shuffled_new = relay("1.0"), relay("2.0")
        random.Random(seed).shuffle(shuffled_old.rules)
        random.Random(seed + 10).shuffle(shuffled_new.rules)
        random.Random(seed).shuffle(shuffled_new.host_lists)
        again = json.dumps(dump(diff_documents(shuffled_old, shuffled_new)), sort_keys=True)
        assert again == first


def test_reverse_diff_swaps_added_and_removed() -> None:
    forward = diff_documents(relay("1.1"), relay("2.0"))
    backward = diff_documents(relay("2.0"), relay("1.1"))
    assert {(c.service, c.change) for c in backward.rules} == {
        ("News feed", "added"),
        ("Sandbox detonation service", "removed"),
        ("Cluster heartbeat", "removed"),
        ("SNMP monitoring", "changed"),
    }
    assert backward.history_removed == forward.history_added == ["2.0"]


def test_diff_json_round_trips_and_matches_its_schema() -> None:
    data = dump(diff_documents(relay("1.0"), relay("2.0")))
    assert schema_errors("diff", data) == []
    assert dump(Diff.model_validate(data)) == data
    assert schema_errors("diff", {**data, "rules": [{"id": "x"}]}) != []


def test_diff_text_one_line_per_change_then_counts() -> None:
    text = diff_text(diff_documents(relay("1.1"), relay("2.0")))
    # A change wider than 100 columns goes on, indented, on the next line.
    assert text.splitlines() == [
        "1.1 → 2.0",
        "- external  News feed  tcp/80  www.example.com  203.0.113.2",
        "+ external  Sandbox detonation service  tcp/443  "
        "sandbox-eu.example.net sandbox-us.example.net",
        "    192.0.2.180 192.0.2.181 2001:db8::18",
        "+ internal  Cluster heartbeat  udp/7400-7410  direction both",
        "~ internal  SNMP monitoring  direction in → both",
        "~ host list  Reputation servers  addresses +198.51.100.77 +198.51.100.78 "
        "-192.0.2.4 -198.51.100.4",
        "    -203.0.113.3",
        "+ history  2.0",
        # The history's retirement, with the day it takes effect and the vendor's words.
        "! effective 2024-04-01  retirement (history 2.0)  192.0.2.4 198.51.100.4 203.0.113.3  "
        '"Release 8:',
        "    sandbox service added, news feed withdrawn The following reputation addresses are "
        "withdrawn on",
        '    01/04/24 203.0.113.3, 192.0.2.4, 198.51.100.4"',
        "rules: 2 added, 1 removed, 1 changed; host lists: 0 added, 0 removed, 1 changed; "
        "history: 1 added, 0 removed; 1 dated change: effective 2024-04-01",
    ]


def test_diff_text_changed_hosts_and_addresses() -> None:
    lines = diff_lines(diff_documents(relay("1.0"), relay("1.1")))
    assert lines[:2] == [
        "~ external  Engine B signature updates  hosts +engb-update-5.example.net  "
        "addresses +198.51.100.201",
        "~ external  Subscription check  addresses +203.0.113.250 -198.51.100.3",
    ]


def test_diff_text_keeps_a_multi_line_name_on_one_line() -> None:
    old, new = relay("1.1"), relay("1.1")
    added = rule(new, "SNMP alerts").model_copy(
        update={"id": "internal/x", "service": "Two\nlines", "ports": []}
    )
    new.rules.append(added)
    assert diff_lines(diff_documents(old, new)) == ["+ internal  Two lines  direction out"]


# --- load_document ----------------------------------------------------------------------


def test_load_document_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "doc.json"
    path.write_text(relay("1.1").model_dump_json())
    assert load_document(path) == relay("1.1")


@pytest.mark.parametrize(
    "content",
    [b"{not json", b"%PDF-1.7\n", b'{"rules": 3}', b'{"rules": [{"id": "x"}]}', b"[]"],
)
def test_load_document_names_the_file_on_bad_input(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "broken-doc.json"
    path.write_bytes(content)
    with pytest.raises(UnusableInputError, match=r"broken-doc\.json"):
        load_document(path)


def test_load_document_missing_file(tmp_path: Path) -> None:
    with pytest.raises(UnusableInputError, match=r"absent\.json: cannot read"):
        load_document(tmp_path / "absent.json")


def test_rename_keeps_service_rename_model() -> None:
    assert ServiceRename.model_validate({"from": "a", "to": "b"}).from_ == "a"


def test_diff_text_collapses_contiguous_addresses_and_wraps_long_lists() -> None:
    # Issue 12 point 11: 40 new addresses were printed on one line.
    old, new = relay("1.1"), relay("1.1")
    reputation = next(h for h in new.host_lists if h.title == "Reputation servers")
    runs = [f"192.0.2.{n}" for n in range(100, 140)]  # one contiguous run of 40
    scattered = [f"198.51.100.{n}" for n in range(100, 200, 3)]  # 34, none adjacent
    reputation.addresses = [*reputation.addresses, *runs, *scattered]
    text = diff_text(diff_documents(old, new))
    lines = text.splitlines()[1:-1]  # the changes, between the versions and the counts
    assert all(len(line) <= 100 for line in lines), text
    assert "+192.0.2.100–192.0.2.139 (40)" in text
    assert "192.0.2.117" not in text  # inside the range: not listed one by one
    # The scattered ones are listed, wrapped onto indented continuation lines.
    listed = [line for line in lines if "198.51.100." in line]
    assert len(listed) > 1 and all(line.startswith("    +") for line in listed[1:]), text
    assert sum(line.count("+198.51.100.") for line in lines) == len(scattered)
    # diff_lines (the CHANGELOG's form) still gives one line per change, each value.
    [line] = [ln for ln in diff_lines(diff_documents(old, new)) if "Reputation" in ln]
    assert line.count("+192.0.2.1") == 40


# --- other layouts: endpoints, repeated names, no service column ------------------------

NORTHWIND = GENRES / "northwind-mailfilter-7.2-help.truth.json"
CONTOSO = GENRES / "contoso-securemail-3.1-functions.truth.json"


def unnamed(doc: Document) -> Document:
    """The help page as a table with no service column: the purpose text is notes."""
    for each in doc.rules:
        each.notes, each.service = each.service, ""
    for each, rid in zip(doc.rules, ids_for_rules(doc.rules), strict=True):
        each.id = rid
    return doc


def renumber(doc: Document) -> Document:
    """Ids as the extractor gives them for the document as it now is."""
    for each, rid in zip(doc.rules, ids_for_rules(doc.rules), strict=True):
        each.id = rid
    return doc


def test_rule_ids_without_a_service_column_come_from_purpose_ports_and_endpoints() -> None:
    doc = unnamed(genre_document(NORTHWIND))
    ids = [r.id for r in doc.rules]
    assert len(set(ids)) == len(ids)
    assert not any(rid.startswith(("x/", "rules/x")) or rid[-2:] in ("-2", "-3") for rid in ids)
    assert "rules/time-synchronisation-with" in ids
    # Stable: the same rows in another order get the same ids.
    again = unnamed(genre_document(NORTHWIND))
    again.rules.reverse()
    assert {r.id for r in renumber(again).rules} == set(ids)


def test_repeated_service_ids_carry_ports_then_endpoints() -> None:
    ids = [r.id for r in genre_document(CONTOSO).rules]
    assert len(set(ids)) == len(ids)
    assert "rules/mail-flow/tcp/25/internet-to-appliance" in ids
    assert "rules/mail-flow/tcp/25/appliance-to-email-server" in ids
    assert "rules/administration/tcp/22" in ids  # ports alone tell these apart


@pytest.mark.parametrize("prepare", [unnamed, renumber], ids=["no-service", "named"])
def test_help_page_changes_are_changes_not_remove_and_add(prepare) -> None:
    old = prepare(genre_document(NORTHWIND))
    new = genre_document(NORTHWIND)
    if prepare is unnamed:
        new = unnamed(new)
    by_purpose = {(r.service or r.notes): r for r in new.rules}
    by_purpose["Management API used by monitoring agents and the command-line tools"].ports = [
        Port(protocol="tcp", port=9443)
    ]
    by_purpose["Polling by the network monitoring system"].direction = "both"
    by_purpose["Signature downloads from"].hosts = ["rules1.example.org", "rules3.example.org"]
    by_purpose["Time synchronisation with"].destination = ["ntp1.example.org"]
    diff = diff_documents(old, renumber(new))
    assert [c.change for c in diff.rules] == ["changed"] * 4
    data = {c["id"]: c for c in dump(diff)["rules"]}
    changes = sorted(
        (key, json.dumps(value, sort_keys=True))
        for c in data.values()
        for key, value in c.items()
        if key not in ("id", "section", "service", "change")
    )
    assert changes == [
        ("destination", json.dumps({"added": ["ntp1.example.org"], "removed": []})),
        ("direction", json.dumps({"from": "in", "to": "both"})),
        ("hosts", json.dumps({"added": ["rules3.example.org"], "removed": ["rules2.example.org"]})),
        ("ports", json.dumps({"added": ["tcp/9443"], "removed": ["tcp/8443"]})),
    ]
    assert all(c["section"] is None for c in data.values())
    assert schema_errors("diff", dump(diff)) == []


def test_repeated_service_rows_pair_by_likeness_when_their_ids_move() -> None:
    old, new = genre_document(CONTOSO), genre_document(CONTOSO)
    flows = [r for r in new.rules if r.service == "Mail flow"]
    flows[0].ports = [Port(protocol="tcp", port=2525)]  # Internet -> Appliance
    flows[3].destination = ["Smart host"]  # Appliance -> any
    flows[3].any_destination = False
    updates = [r for r in new.rules if r.service == "Updates"]
    updates[1].ports = [Port(protocol="tcp", port=443)]  # its twin's port: ids shift
    diff = diff_documents(old, renumber(new))
    assert {c.change for c in diff.rules} == {"changed"}
    moved = {(c.ports is not None, c.destination is not None) for c in diff.rules}
    assert len(diff.rules) == 3 and moved == {(True, False), (False, True)}
    smart = next(c for c in diff.rules if c.destination is not None)
    assert (smart.destination.added, smart.destination.removed) == (["Smart host"], ["any"])
    lines = diff_lines(diff)
    assert "~ -  Mail flow  destination +Smart host -any  any destination true → false" in lines


def test_endpoint_roles_compare_without_case_or_layout_spaces() -> None:
    old, new = genre_document(CONTOSO), genre_document(CONTOSO)
    for each in new.rules:
        each.source = [" ".join(e.upper().split()) + " " for e in each.source]
    assert diff_documents(old, new).empty


def test_unnamed_rows_with_little_in_common_are_not_paired() -> None:
    old = unnamed(genre_document(NORTHWIND))
    new = unnamed(genre_document(NORTHWIND))
    gone = next(r for r in new.rules if r.notes.startswith("Traps to"))
    gone.notes, gone.ports, gone.direction = "Something else", [Port(protocol="tcp", port=7)], "in"
    diff = diff_documents(old, renumber(new))
    assert sorted(c.change for c in diff.rules) == ["added", "removed"]


def test_a_version_in_the_heading_is_not_part_of_the_ids() -> None:
    one, two = genre_document(CONTOSO), genre_document(CONTOSO)
    for doc, version in ((one, "3.1"), (two, "v3.2")):
        for each in doc.rules:
            each.section_title = f"Contoso SecureMail {version} — Functions (2025)"
        renumber(doc)
    assert [r.id for r in one.rules] == [r.id for r in two.rules]
    assert one.rules[0].id == "contoso-securemail-functions/mail-flow/tcp/25/internet-to-appliance"
    assert diff_documents(one, two).empty


# --- a word broken inside a narrow cell (issue 11, point 3) ----------------------------


def narrow_and_wide(tmp_path: Path, second: tuple[str, str]) -> tuple[Document, Document]:
    """One revision printed with a narrow Item column (a long word broken inside it),
    the next with a wide one whose second row is ``second`` (service, port)."""
    from pdfgen import DocSpec, HistoryTable, PortTable, Section, build_pdf

    from pipeline.extract import extract_document

    docs = []
    for version, width, row in (("1.0", 9, ("Web console", "443")), ("1.1", 40, second)):
        table = PortTable(
            ["Item", "UDP/TCP", "Port", "Details"],
            [["Online documentation", "TCP", "443", "Help pages"], [row[0], "TCP", row[1], ""]],
            widths=[width, 12, 10, 100 - width - 22],
        )
        spec = DocSpec(
            "Connection Ports and Protocols",
            "ExampleCorp Relay",
            [
                Section("External Connections", [table]),
                Section("Document history", [HistoryTable([("Jan 2021", version, "Issued")])]),
            ],
        )
        docs.append(extract_document(build_pdf(spec, tmp_path / f"{version}.pdf")))
    return docs[0], docs[1]


def test_a_word_broken_inside_a_narrow_cell_is_no_rename(tmp_path: Path) -> None:
    old, new = narrow_and_wide(tmp_path, ("Web console", "8443"))
    # Each revision reads its service as printed ...
    assert old.rules[0].service != "Online documentation"
    assert "".join(old.rules[0].service.split()) == "Onlinedocumentation"
    assert new.rules[0].service == "Online documentation"
    # ... and the diff compares them with the spaces left out: the same service.
    changes = diff_documents(old, new).rules
    assert [(c.service, c.change) for c in changes] == [("Web console", "changed")]


def test_a_name_that_differs_in_more_than_spaces_is_still_a_rename(tmp_path: Path) -> None:
    old, new = narrow_and_wide(tmp_path, ("Web consoles", "443"))
    (change,) = diff_documents(old, new).rules
    assert change.change == "changed" and change.ports is None
    assert change.service == ServiceRename(from_=old.rules[1].service, to="Web consoles")
