"""pipeline.release.publish: layout, determinism, atomicity, safety, cache, CSVs vs their schemas.

Most tests publish stand-in "PDFs" that carry a document JSON, read by
``read_stand_in`` — a test double of ``extract_document``, so the documents are
exactly the shared truths and only publishing is under test. One test at the end
publishes ``sources/`` for real.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from truthdoc import CLEARSWIFT, EXAMPLECORP, truth_document

from pipeline.model.errors import PublishRefusedError, UnusableInputError
from pipeline.model.models import SCHEMA_VERSION, Document, Issue
from pipeline.release import tree
from pipeline.release.cache import DocumentCache, cache_key, code_fingerprint
from pipeline.release.publish import publish, report_text
from pipeline.release.schemas import schema_errors, schemas, write_schemas
from pipeline.release.treecheck import json_kind

pytestmark = pytest.mark.skipif(
    not EXAMPLECORP.is_dir(), reason="../shared/corpus is not beside the project"
)


ROOT = Path(__file__).resolve().parents[1]
SCORE = EXAMPLECORP.parents[1] / "tools" / "score.py"
STAND_IN_HEADER = b"%PDF-1.7 portdoc test stand-in\n"


# --- test doubles and builders ------------------------------------------------------------


def read_stand_in(path: Path) -> Document:
    """Test double of ``extract_document``: the stand-in file carries its document."""
    return Document.model_validate_json(path.read_bytes().removeprefix(STAND_IN_HEADER))


def read_stand_in_named(path: Path) -> Document:
    """``read_stand_in`` that records the file's name, as ``extract_document`` does."""
    doc = read_stand_in(path)
    doc.document.file_name = path.name
    return doc


class CountingExtractor:
    """``read_stand_in`` that counts its calls (serial publishing only)."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    def __call__(self, path: Path) -> Document:
        self.calls.append(path.name)
        return read_stand_in(path)


def relay(version: str) -> Document:
    """An ExampleCorp truth under another vendor name: the vendor-name guard stays out of
    it, and ``run`` lets its example.* content through (``allow_example_data``)."""
    doc = truth_document(EXAMPLECORP, version)
    doc.document.vendor = "Relaytest"
    return doc


def write_source(root: Path, source_id: str, documents: list[Document], **meta: Any) -> Path:
    """``root/<id>/source.json`` plus one stand-in PDF per document."""
    folder = root / source_id
    folder.mkdir(parents=True, exist_ok=True)
    revisions = []
    for index, doc in enumerate(documents):
        name = f"revision-{index}.pdf"
        (folder / name).write_bytes(STAND_IN_HEADER + doc.model_dump_json().encode())
        revisions.append({"file": name, "origin": "reconstruction", "note": f"stand-in {index}"})
    metadata = {
        "id": source_id,
        "vendor": "Relaytest",
        "product": "Mail Relay",
        "title": "Connection Ports and Protocols",
        "family": "connection-ports-and-protocols",
        "homepage": "https://relay.example",
        "revisions": revisions,
        **meta,
    }
    (folder / "source.json").write_text(json.dumps(metadata, indent=2))
    return folder


@pytest.fixture
def sources(tmp_path: Path) -> Path:
    """Two sources: the relay in three revisions (listed out of order), and Clearswift."""
    root = tmp_path / "sources"
    write_source(root, "relay", [relay("2.0"), relay("1.0"), relay("1.1")])
    clearswift = truth_document(CLEARSWIFT, "3.3")
    write_source(root, "clearswift-seg", [clearswift], vendor="Clearswift")
    return root


def run(sources: Path, output: Path, **options: Any) -> Any:
    options.setdefault("extractor", read_stand_in)
    options.setdefault("allow_example_data", True)  # the stand-ins are the corpus's fixtures
    options.setdefault("cache_dir", output.parent / "cache")
    return publish(sources, output, **options)


def beside(output: Path) -> list[str]:
    """What is in ``output``'s parent folder, but the lock publishes take turns by."""
    return sorted(set(os.listdir(output.parent)) - {f".{output.name}.lock"})


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


# --- layout -------------------------------------------------------------------------------


REVISION_FILES = [
    "datapackage.json",
    "document.json",
    "flows.csv",
    "hosts.txt",
    "ipv4.txt",
    "ipv6.txt",
    "rules.csv",
]


def test_layout(sources: Path, tmp_path: Path) -> None:
    out = tmp_path / "output"
    report = run(sources, out)
    files = snapshot(out)
    for version in ("1.1", "2.0", "latest"):
        for name in [*REVISION_FILES, "diff.json"]:
            assert f"relay/{version}/{name}" in files
    assert "relay/1.0/diff.json" not in files  # the first revision has nothing to diff
    assert {
        name
        for name in files
        if name.startswith("relay/1.0/") and not name.startswith("relay/1.0/ports/")
    } == {f"relay/1.0/{n}" for n in REVISION_FILES}
    for name in [*REVISION_FILES, "diff.json"]:
        assert files[f"relay/latest/{name}"] == files[f"relay/2.0/{name}"]
    for name in ("CHANGELOG.md", "changes.json", "feed.atom"):
        assert f"relay/{name}" in files and f"clearswift-seg/{name}" in files
    assert {name for name in files if name.startswith("schema/")} == {
        f"schema/{kind}.schema.json"
        for kind in ("changes", "datapackage", "diff", "document", "index", "ports")
    }
    assert beside(out) == ["cache", "output", "sources"]  # no staging or aside folder left
    assert (report.sources, report.revisions, report.written) == (2, 4, True)


def test_index(sources: Path, tmp_path: Path) -> None:
    out = tmp_path / "output"
    run(sources, out)
    index = json.loads((out / "index.json").read_text())
    assert schema_errors("index", index) == []
    assert [s["id"] for s in index["sources"]] == ["clearswift-seg", "relay"]
    relay_entry = index["sources"][1]
    assert relay_entry["latest"] == "2.0"
    assert [v["version"] for v in relay_entry["versions"]] == ["1.0", "1.1", "2.0"]
    newest = relay_entry["versions"][2]
    assert newest["origin"] == "reconstruction"
    assert newest["file"] == "revision-0.pdf"
    assert newest["path"] == "relay/2.0/"
    assert newest["rules"] == 45 and newest["valid"] is True
    pdf = sources / "relay" / "revision-0.pdf"
    assert newest["sha256"] == hashlib.sha256(pdf.read_bytes()).hexdigest()


@pytest.mark.parametrize(("old", "new"), [("1.0", "1.1"), ("1.1", "2.0")])
def test_published_diffs_score_every_fact(
    old: str, new: str, sources: Path, tmp_path: Path
) -> None:
    out = tmp_path / "output"
    run(sources, out)
    truth = EXAMPLECORP / f"diff-{old}-{new}.truth.json"
    result = subprocess.run(
        [sys.executable, str(SCORE), "diff", str(out / "relay" / new / "diff.json"), str(truth)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout


def test_feeds(sources: Path, tmp_path: Path) -> None:
    out = tmp_path / "output"
    run(sources, out)
    folder = out / "relay" / "2.0"
    hosts = (folder / "hosts.txt").read_text().splitlines()
    assert hosts == sorted(set(hosts)) and "sandbox-eu.example.net" in hosts
    assert "sn12.example.org" in hosts  # from a host list
    ipv4 = (folder / "ipv4.txt").read_text().splitlines()
    assert "198.51.100.77" in ipv4 and "192.0.2.4" not in ipv4  # retired in 2.0
    numbers = [tuple(int(p) for p in address.split(".")) for address in ipv4]
    assert numbers == sorted(set(numbers))
    assert (folder / "ipv6.txt").read_text() == "2001:db8::18\n"
    for path in folder.rglob("*"):
        assert path.is_dir() or b"\r" not in path.read_bytes()


def test_flows_expand_ports_destinations_and_host_lists(sources: Path, tmp_path: Path) -> None:
    import pandas as pd

    out = tmp_path / "output"
    run(sources, out)
    flows = pd.read_csv(out / "relay" / "2.0" / "flows.csv", dtype=str, keep_default_na=False)
    sender = flows[flows["id"] == "external/sender-check-lookups"]
    assert sorted(sender["protocol"]) == ["tcp", "udp"]
    assert set(sender["destination_type"]) == {""}
    mail = flows[flows["id"] == "external/mail-transfer"]
    assert mail[["destination_type", "destination"]].values.tolist() == [["any", "any"]]
    reputation = flows[flows["id"] == "external/reputation-rule-updates"]
    assert set(reputation["host_list"]) == {"reputation-servers"}
    # Neither the row nor (in this stand-in, read from the truth) the list says a side.
    assert "sn12.example.org" in set(reputation["side_unknown"])
    assert set(reputation["destination"]) == {""}
    heartbeat = flows[flows["id"] == "internal/cluster-heartbeat"].iloc[0]
    assert (heartbeat["port"], heartbeat["port_end"]) == ("7400", "7410")
    assert flows["flow_id"].is_unique


def test_changelog_newest_first(sources: Path, tmp_path: Path) -> None:
    out = tmp_path / "output"
    run(sources, out)
    text = (out / "relay" / "CHANGELOG.md").read_text()
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings == ["## 2.0 (2024-02)", "## 1.1 (2023-06)", "## 1.0 (2023-03)"]
    assert "~ internal  SNMP monitoring  direction in → both" in text
    assert "First published revision: 44 rules, 2 host lists" in text


# --- determinism --------------------------------------------------------------------------


def test_publishing_twice_gives_identical_bytes(sources: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "a" / "output", tmp_path / "b" / "output"
    run(sources, first)
    run(sources, second)
    assert snapshot(first) == snapshot(second)
    before = snapshot(first)
    report = run(sources, first)  # again in place: from the cache, nothing to swap
    assert not report.written and report.cached == 4 and report.changed == []
    assert snapshot(first) == before


def test_a_renamed_source_publishes_as_a_cold_cache_would(sources: Path, tmp_path: Path) -> None:
    # The cache is keyed by the PDF's bytes: what the file is called must not come from it.
    run(sources, tmp_path / "warm" / "output", extractor=read_stand_in_named)
    folder = sources / "clearswift-seg"
    (folder / "revision-0.pdf").rename(folder / "seg-3.3.pdf")
    meta = json.loads((folder / "source.json").read_text())
    meta["revisions"][0]["file"] = "seg-3.3.pdf"
    (folder / "source.json").write_text(json.dumps(meta))
    warm = run(sources, tmp_path / "warm" / "output", extractor=read_stand_in_named)
    assert warm.cached == 4
    cold = tmp_path / "cold" / "output"
    run(sources, cold, extractor=read_stand_in_named, cache_dir=tmp_path / "empty-cache")
    assert snapshot(tmp_path / "warm" / "output") == snapshot(cold)
    document = json.loads((cold / "clearswift-seg" / "3.3" / "document.json").read_text())
    assert document["document"]["file_name"] == "seg-3.3.pdf"


def test_revision_order_in_metadata_does_not_matter(tmp_path: Path) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    write_source(one, "relay", [relay("1.0"), relay("1.1"), relay("2.0")])
    write_source(two, "relay", [relay("2.0"), relay("1.1"), relay("1.0")])
    run(one, tmp_path / "x" / "output")
    run(two, tmp_path / "y" / "output")
    a, b = snapshot(tmp_path / "x" / "output"), snapshot(tmp_path / "y" / "output")
    # Only which file holds which revision differs: index.json, CHANGELOG.md and each
    # document's file_name.
    differ = {k for k in a if a[k] != b.get(k)}
    documents = {k for k in differ if k.endswith("document.json")}
    assert differ - documents == {"index.json", "relay/CHANGELOG.md"}
    for name in documents:
        x, y = json.loads(a[name]), json.loads(b[name])
        assert x["document"].pop("file_name") != y["document"].pop("file_name")
        assert x == y


def test_parallel_extraction_gives_the_same_tree(sources: Path, tmp_path: Path) -> None:
    run(sources, tmp_path / "serial" / "output", jobs=1)
    run(sources, tmp_path / "parallel" / "output", jobs=3)
    assert snapshot(tmp_path / "serial" / "output") == snapshot(tmp_path / "parallel" / "output")


def test_parallel_extraction_needs_a_picklable_extractor(sources: Path, tmp_path: Path) -> None:
    with pytest.raises(TypeError, match="top-level"):
        run(sources, tmp_path / "output", jobs=2, extractor=lambda p: read_stand_in(p))


# --- atomicity ----------------------------------------------------------------------------


def _grow(sources: Path) -> None:
    """A new source appears: the next publish must change the tree."""
    write_source(sources, "newcomer", [relay("1.0")])


def test_failure_while_writing_leaves_the_old_tree(
    sources: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "output"
    run(sources, out)
    before = snapshot(out)
    _grow(sources)
    written: list[Path] = []
    real_write = tree._write_file

    def failing_write(path: Path, data: bytes) -> None:
        if len(written) == 10:
            raise OSError(28, "No space left on device")
        written.append(path)
        real_write(path, data)

    monkeypatch.setattr(tree, "_write_file", failing_write)
    with pytest.raises(OSError, match="No space"):
        run(sources, out)
    assert snapshot(out) == before
    assert beside(out) == ["cache", "output", "sources"]  # no staging left


def test_failure_during_the_swap_restores_the_old_tree(
    sources: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "output"
    run(sources, out)
    before = snapshot(out)
    _grow(sources)
    moves: list[tuple[Path, Path]] = []
    real_move = tree._move

    def failing_move(source: Path, target: Path) -> None:
        moves.append((source, target))
        if len(moves) == 2:  # output is aside; staging -> output fails
            raise OSError(5, "I/O error")
        real_move(source, target)

    monkeypatch.setattr(tree, "_move", failing_move)
    monkeypatch.setattr(tree, "_exchange", lambda first, second: False)  # the fallback path
    with pytest.raises(OSError, match="I/O error"):
        run(sources, out)
    assert snapshot(out) == before
    assert beside(out) == ["cache", "output", "sources"]


def test_exchange_swaps_two_folders(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    (first / "x").mkdir(parents=True)
    (second / "y").mkdir(parents=True)
    if not tree._exchange(first, second):
        pytest.skip("no atomic exchange (renameat2 RENAME_EXCHANGE) on this system")
    assert os.listdir(first) == ["y"] and os.listdir(second) == ["x"]


def test_publish_never_leaves_a_moment_without_output(
    sources: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where folders can be exchanged, the old output is never renamed aside."""
    probe = tmp_path / "probe"
    (probe / "a").mkdir(parents=True)
    (probe / "b").mkdir()
    if not tree._exchange(probe / "a", probe / "b"):
        pytest.skip("no atomic exchange (renameat2 RENAME_EXCHANGE) on this system")
    shutil.rmtree(probe)
    out = tmp_path / "output"
    run(sources, out)
    before = snapshot(out)
    _grow(sources)

    def no_move(source: Path, target: Path) -> None:
        raise AssertionError(f"{source} renamed to {target}: output would be missing")

    monkeypatch.setattr(tree, "_move", no_move)
    run(sources, out)
    after = snapshot(out)
    assert after != before and "index.json" in after
    assert beside(out) == ["cache", "output", "sources"]  # old tree removed


def test_invalid_output_is_not_published(
    sources: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "output"
    run(sources, out)
    before = snapshot(out)
    _grow(sources)
    import pipeline.release.publish as publish_module

    # A renderer bug that drops the header row: validation must catch it before the swap.
    monkeypatch.setattr(publish_module, "rules_csv", lambda doc: b"oops\n")
    with pytest.raises(PublishRefusedError, match=r"failed validation.*rules\.csv"):
        run(sources, out)
    assert snapshot(out) == before


# --- safety -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "version",
    ["../../x", "a/b", "..", "1..2", "/etc", "latest", "CHANGELOG.md", "-1", "1" * 33, "1 0"],
)
def test_unsafe_version_is_refused_with_nothing_written(version: str, tmp_path: Path) -> None:
    doc = relay("1.0")
    doc.document.version = version
    write_source(tmp_path / "sources", "relay", [doc])
    with pytest.raises(PublishRefusedError, match=r"version|no document version"):
        run(tmp_path / "sources", tmp_path / "work" / "output")
    assert not (tmp_path / "work" / "output").exists()
    assert not (tmp_path / "x").exists()
    assert {p.name for p in (tmp_path / "work").iterdir()} <= {"cache"}


def test_a_revision_printing_no_version_is_placed_under_its_date(tmp_path: Path) -> None:
    # A docs page prints "Last updated: …" and no version: its release is that date's;
    # the document keeps its version null. Neither printed: refused, nothing written.
    first, second = relay("1.0"), relay("1.1")
    for doc, date in ((first, "2026-03-02"), (second, "2026-08-14")):
        doc.document.version, doc.document.date = None, date
    write_source(tmp_path / "sources", "relay", [second, first])
    run(tmp_path / "sources", tmp_path / "output")
    folder = tmp_path / "output" / "relay"
    assert {p.name for p in folder.iterdir()} >= {"2026-03-02", "2026-08-14", "latest"}
    published = json.loads((folder / "latest" / "document.json").read_text())
    assert published["document"]["version"] is None
    changes = json.loads((folder / "changes.json").read_text())
    assert changes["versions"] == ["2026-03-02", "2026-08-14"]
    undated = relay("1.0")
    undated.document.version = undated.document.date = None
    write_source(tmp_path / "undated", "relay", [undated])
    with pytest.raises(PublishRefusedError, match="no document version or date found"):
        run(tmp_path / "undated", tmp_path / "work" / "output")
    assert not (tmp_path / "work" / "output").exists()


def test_duplicate_versions_are_refused(tmp_path: Path) -> None:
    write_source(tmp_path / "sources", "relay", [relay("1.0"), relay("1.0")])
    with pytest.raises(PublishRefusedError, match=r"version 1\.0 is also"):
        run(tmp_path / "sources", tmp_path / "output")


def test_a_reissue_is_published_in_the_place_of_the_revision_it_reissues(tmp_path: Path) -> None:
    """``portdoc fetch`` lists a silent re-issue (same version, other bytes) with
    ``reissue_of``: both files stay, the re-issue is what publish shows (issue 18)."""
    reissued = relay("1.1")
    reissued.rules = reissued.rules[:-1]
    folder = write_source(tmp_path / "sources", "relay", [relay("1.0"), relay("1.1"), reissued])
    meta = json.loads((folder / "source.json").read_text())
    meta["revisions"][2]["reissue_of"] = "revision-1.pdf"
    (folder / "source.json").write_text(json.dumps(meta))
    run(tmp_path / "sources", tmp_path / "output")
    index = json.loads((tmp_path / "output" / "index.json").read_text())
    versions = index["sources"][0]["versions"]
    assert [(v["version"], v["file"]) for v in versions] == [
        ("1.0", "revision-0.pdf"),
        ("1.1", "revision-2.pdf"),
    ]
    assert versions[1]["rules"] == len(reissued.rules)
    # Naming a revision of another version re-issues nothing: the duplicate is refused.
    meta["revisions"][2]["reissue_of"] = "revision-0.pdf"
    (folder / "source.json").write_text(json.dumps(meta))
    with pytest.raises(PublishRefusedError, match=r"version 1\.1 is also"):
        run(tmp_path / "sources", tmp_path / "output")


@pytest.mark.parametrize(
    "meta", [{"fixture": True}, {"vendor": "ExampleCorp"}, {"vendor": " examplecorp "}]
)
def test_fixture_sources_are_refused(meta: dict[str, Any], tmp_path: Path) -> None:
    write_source(tmp_path / "sources", "relay", [relay("1.0")], **meta)
    with pytest.raises(PublishRefusedError, match="fixture"):
        run(tmp_path / "sources", tmp_path / "output")
    assert not (tmp_path / "output").exists()


def test_fixture_documents_are_refused_whatever_the_metadata_says(tmp_path: Path) -> None:
    write_source(tmp_path / "sources", "relay", [truth_document(EXAMPLECORP, "1.0")])
    with pytest.raises(PublishRefusedError, match="fixture"):
        run(tmp_path / "sources", tmp_path / "output")
    assert not (tmp_path / "output").exists()


def _example_only(doc: Document, *, hosts: list[str], addresses: list[str]) -> Document:
    """``doc`` with every rule's and host list's hosts and addresses replaced."""
    for record in [*doc.rules, *doc.host_lists]:
        record.hosts, record.addresses = list(hosts), list(addresses)
    for entry in doc.history:
        entry.retired_addresses = []
    return doc


def test_fixture_content_is_refused_whatever_the_vendor(tmp_path: Path) -> None:
    """Issue 12: renaming the vendor ("Acme") used to publish the corpus's fixture data."""
    write_source(tmp_path / "sources", "acme", [relay("1.0"), relay("1.1")], vendor="Acme")
    clearswift = truth_document(CLEARSWIFT, "3.3")
    write_source(tmp_path / "sources", "clearswift-seg", [clearswift], vendor="Clearswift")
    with pytest.raises(PublishRefusedError) as refused:
        run(tmp_path / "sources", tmp_path / "output", allow_example_data=False)
    message = str(refused.value)
    assert message.startswith("acme:") and "test fixture" in message
    assert "example." in message and "documentation ranges" in message
    assert not (tmp_path / "output").exists()  # the whole publish, Clearswift too


@pytest.mark.parametrize(
    ("hosts", "addresses", "refused"),
    [
        (
            ["a.example.com", "B.EXAMPLE.NET.", "x.example.org", "svc.example"],
            ["2001:db8::1"],
            True,
        ),
        (["a.example.com"], ["192.0.2.0/24", "198.51.100.7", "203.0.113.9"], True),
        (["a.example.com"], [], True),
        ([], ["192.0.2.1"], True),
        (["a.example.com", "update.vendor.com"], ["192.0.2.1"], False),
        (["a.example.com"], ["192.0.2.1", "8.8.8.8"], False),
        (["a.example.com"], ["192.0.2.0/23"], False),  # wider than the range
        (["example.com.evil.net", "notexample.com"], [], False),
        ([], [], False),  # nothing to judge by: not a fixture by content
    ],
)
def test_fixture_content_rule(
    hosts: list[str], addresses: list[str], refused: bool, tmp_path: Path
) -> None:
    doc = _example_only(relay("1.0"), hosts=hosts, addresses=addresses)
    write_source(tmp_path / "sources", "acme", [doc], vendor="Acme")
    if refused:
        with pytest.raises(PublishRefusedError, match=r"^acme: .*test fixture"):
            run(tmp_path / "sources", tmp_path / "output", allow_example_data=False)
    else:
        run(tmp_path / "sources", tmp_path / "output", allow_example_data=False)
        assert (tmp_path / "output" / "acme" / "1.0" / "document.json").is_file()


def _with_error(doc: Document) -> Document:
    issue = Issue(code="bad-port", severity="error", message="port 99999 out of range", page=3)
    doc.issues.append(issue)
    return doc


def test_revision_with_error_issues_is_refused_unless_allowed(tmp_path: Path) -> None:
    write_source(tmp_path / "sources", "relay", [relay("1.0"), _with_error(relay("1.1"))])
    with pytest.raises(PublishRefusedError, match=r"revision-1\.pdf.*bad-port \(page 3\)"):
        run(tmp_path / "sources", tmp_path / "output")
    assert not (tmp_path / "output").exists()
    with pytest.raises(PublishRefusedError) as refused:
        run(tmp_path / "sources", tmp_path / "output")
    # The refusal says what to do: look, report the layout, or allow it.
    for advice in ("portdoc review", "revision-1.pdf -o", "report the layout", "--allow-invalid"):
        assert advice in str(refused.value), advice
    run(tmp_path / "sources", tmp_path / "output", allow_invalid=True)
    index = json.loads((tmp_path / "output" / "index.json").read_text())
    assert [v["valid"] for v in index["sources"][0]["versions"]] == [True, False]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda m: m.update(id="../evil"), "invalid source metadata"),
        (lambda m: m.update(id="other"), "differs from the folder name"),
        (lambda m: m["revisions"][0].update(file="../x.pdf"), "invalid source metadata"),
        (lambda m: m["revisions"][0].update(file="absent.pdf"), "not a file"),
        (lambda m: m["revisions"][0].update(origin="scan"), "invalid source metadata"),
        (lambda m: m.update(extra_key=1), "invalid source metadata"),
    ],
)
def test_bad_source_metadata_names_the_file(change: Any, message: str, tmp_path: Path) -> None:
    folder = write_source(tmp_path / "sources", "relay", [relay("1.0")])
    meta = json.loads((folder / "source.json").read_text())
    change(meta)
    (folder / "source.json").write_text(json.dumps(meta))
    with pytest.raises(UnusableInputError, match=rf"relay/source\.json.*{message}"):
        run(tmp_path / "sources", tmp_path / "output")


def test_a_folder_portdoc_did_not_write_is_not_replaced(sources: Path, tmp_path: Path) -> None:
    out = tmp_path / "home"
    out.mkdir()
    (out / "thesis.tex").write_text("precious")
    with pytest.raises(PublishRefusedError, match=r"no \.portdoc-output"):
        run(sources, out)
    assert snapshot(out) == {"thesis.tex": b"precious"}


def test_pdfs_source_json_does_not_list_are_named(sources: Path, tmp_path: Path) -> None:
    """Issue 12: a new PDF dropped into a source folder was ignored without a word."""
    run(sources, tmp_path / "output")
    (sources / "relay" / "relay-2.1.pdf").write_bytes(b"%PDF-1.7 a new revision")
    (sources / "relay" / "Scan.PDF").write_bytes(b"%PDF-1.7 another")
    (sources / "relay" / "notes.txt").write_text("not a PDF: not named")
    lines: list[str] = []
    report = run(sources, tmp_path / "output", progress=lines.append)
    unlisted = [str(sources / "relay" / name) for name in ("Scan.PDF", "relay-2.1.pdf")]
    assert report.unlisted_pdfs == unlisted
    warnings = [line for line in lines if line.startswith("warning:")]
    assert len(warnings) == 2
    for path, line in zip(unlisted, warnings, strict=True):
        assert path in line and "not listed in source.json" in line
        assert f"portdoc add {sources / 'relay'} {Path(path).name} --origin" in line
    summary = report_text(report)
    assert "output unchanged" in summary  # nothing published changed ...
    assert "2 PDFs not in source.json, not published" in summary  # ... and it says why
    assert all(path in summary for path in unlisted)


# --- cache --------------------------------------------------------------------------------


def test_cache_hit_skips_extraction(sources: Path, tmp_path: Path) -> None:
    extractor = CountingExtractor()
    run(sources, tmp_path / "output", extractor=extractor)
    assert len(extractor.calls) == 4
    report = run(sources, tmp_path / "output", extractor=CountingExtractor())
    assert (report.extracted, report.cached) == (0, 4)
    # A changed PDF is parsed again, and only that one.
    write_source(sources, "clearswift-seg", [truth_document(CLEARSWIFT, "3.3")], vendor="Clear")
    extractor = CountingExtractor()
    run(sources, tmp_path / "output", extractor=extractor)
    assert extractor.calls == []  # same bytes: the metadata is not part of the key
    doc = truth_document(CLEARSWIFT, "3.3")
    doc.rules.pop()
    write_source(sources, "clearswift-seg", [doc], vendor="Clearswift")
    run(sources, tmp_path / "output", extractor=extractor)
    assert extractor.calls == ["revision-0.pdf"]


def test_cache_key_changes_with_extractor_and_ignores_broken_entries(tmp_path: Path) -> None:
    digest = "ab" * 32
    assert cache_key(digest, read_stand_in) != cache_key(digest, CountingExtractor())
    assert cache_key(digest, CountingExtractor()) == cache_key(digest, CountingExtractor())
    assert len(code_fingerprint()) == 64
    cache = DocumentCache(tmp_path)
    key = cache_key(digest, read_stand_in)
    assert cache.get(key) is None
    cache.path(key).write_text("{broken")
    assert cache.get(key) is None
    cache.put(key, relay("1.0"))
    assert cache.get(key) == relay("1.0")


# --- progress and report ------------------------------------------------------------------


def test_progress_lines_and_summary(sources: Path, tmp_path: Path) -> None:
    lines: list[str] = []
    report = run(sources, tmp_path / "output", progress=lines.append)
    assert lines == [
        "[1/4] clearswift-seg 3.3: 44 rules, 2 host lists; 0 errors, 0 warnings, 0 not placed",
        "[2/4] relay 2.0: 45 rules, 2 host lists; 0 errors, 0 warnings, 0 not placed",
        "[3/4] relay 1.0: 44 rules, 2 host lists; 0 errors, 0 warnings, 0 not placed",
        "[4/4] relay 1.1: 44 rules, 2 host lists; 0 errors, 0 warnings, 0 not placed",
    ]
    lines.clear()
    run(sources, tmp_path / "output", progress=lines.append)
    clean = "0 errors, 0 warnings, 0 not placed"
    assert lines[0] == f"[1/4] clearswift-seg 3.3: 44 rules, 2 host lists; {clean} (cached)"
    assert report.rules == 44 + 45
    assert [s.id for s in report.changed] == ["clearswift-seg", "relay"]
    relay_summary = report.changed[1]
    assert relay_summary.new_versions == ["1.0", "1.1", "2.0"]
    assert relay_summary.latest_changes.startswith("rules: 2 added, 1 removed, 1 changed")
    text = report_text(report)
    assert text.startswith("2 sources, 4 revisions (4 parsed, 0 cached)")
    assert "  relay 2.0: new: 1.0, 1.1, 2.0; rules: 2 added" in text


# --- CSVs against their Table Schemas -----------------------------------------------------

PANDAS_TYPES = {"string": "string", "integer": "Int64", "boolean": "boolean"}


def _packages(out: Path) -> list[Path]:
    return sorted(out.glob("*/*/datapackage.json"))


def test_csvs_load_with_pandas_and_match_their_table_schemas(sources: Path, tmp_path: Path) -> None:
    import pandas as pd  # only here: importing it costs every test process a second

    out = tmp_path / "output"
    run(sources, out)
    assert len(_packages(out)) == 6  # 4 revisions + 2 latest
    for package_path in _packages(out):
        package = json.loads(package_path.read_text())
        assert schema_errors("datapackage", package) == []
        for resource in package["resources"]:
            path = package_path.parent / resource["path"]
            data = path.read_bytes()
            assert resource["bytes"] == len(data)
            assert resource["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
            fields = resource["schema"]["fields"]
            frame = pd.read_csv(
                path,
                dtype={f["name"]: PANDAS_TYPES[f["type"]] for f in fields},
                true_values=["true"],
                false_values=["false"],
                keep_default_na=False,
                na_values={f["name"]: [""] for f in fields if f["type"] == "integer"},
            )
            assert list(frame.columns) == [f["name"] for f in fields]
            for field in fields:
                assert str(frame[field["name"]].dtype) == PANDAS_TYPES[field["type"]]
            key = resource["schema"]["primaryKey"]
            assert not frame.duplicated(subset=key).any()


def test_datapackages_validate_with_frictionless(sources: Path, tmp_path: Path) -> None:
    frictionless = pytest.importorskip("frictionless")
    out = tmp_path / "output"
    run(sources, out)
    for package_path in _packages(out):
        report = frictionless.validate(str(package_path))
        assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


# --- schemas ------------------------------------------------------------------------------


def test_schemas_are_2020_12_with_reserved_ids(tmp_path: Path) -> None:
    from jsonschema import Draft202012Validator

    assert set(schemas()) == {"document", "diff", "index", "datapackage", "changes", "ports"}
    for kind, schema in schemas().items():
        Draft202012Validator.check_schema(schema)
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert (
            schema["$id"] == f"https://portdoc.invalid/schema/{kind}-{SCHEMA_VERSION}.schema.json"
        )
        assert schema["version"] == SCHEMA_VERSION
    written = write_schemas(tmp_path)
    assert sorted(p.name for p in written) == [
        "changes.schema.json",
        "datapackage.schema.json",
        "diff.schema.json",
        "document.schema.json",
        "index.schema.json",
        "ports.schema.json",
    ]


# --- the real thing -----------------------------------------------------------------------


def test_publish_the_project_sources_end_to_end(tmp_path: Path) -> None:
    pytest.importorskip("pipeline.extract")
    out = tmp_path / "output"
    report = publish(ROOT / "sources", out, cache_dir=tmp_path / "cache")
    index = json.loads((out / "index.json").read_text())
    [source] = index["sources"]
    assert source["id"] == "clearswift-seg"
    assert source["latest"] == "3.3"
    assert source["versions"][0]["origin"] == "reconstruction"
    assert report.revisions == 1
    # "will be retired on 22/11/18": a dated retirement, in the history and changes.json.
    document = json.loads((out / "clearswift-seg" / "3.3" / "document.json").read_text())
    [announced] = [h for h in document["history"] if h["retired_addresses"]]
    assert announced["effective"] == "2018-11-22"
    changes = json.loads((out / "clearswift-seg" / "changes.json").read_text())["changes"]
    [retirement] = [c for c in changes if c["type"] == "retirement"]
    assert retirement["effective"] == "2018-11-22" and retirement["version"] == "3.3"
    assert "54.254.98.96" in retirement["addresses"]
    for path in out.rglob("*.json"):
        if path.parent.name == "schema":
            continue
        kind = json_kind(path.relative_to(out).as_posix())
        assert kind is not None, path
        assert schema_errors(kind, json.loads(path.read_text())) == [], path


def test_committed_output_is_what_the_sources_publish_to(tmp_path: Path) -> None:
    """output/ in the repository is what tools read: it must match the code and sources."""
    root = Path(__file__).resolve().parents[1]
    fresh = tmp_path / "output"
    publish(root / "sources", fresh, cache_dir=tmp_path / "cache")
    committed = {
        str(p.relative_to(root / "output")): p.read_bytes()
        for p in sorted((root / "output").rglob("*"))
        if p.is_file()
    }
    published = {
        str(p.relative_to(fresh)): p.read_bytes() for p in sorted(fresh.rglob("*")) if p.is_file()
    }
    assert sorted(published) == sorted(committed), "run `make run` and commit output/"
    stale = [name for name in published if published[name] != committed[name]]
    assert stale == [], "run `make run` and commit output/"


def test_csv_cells_a_spreadsheet_would_run_as_formulas_are_quoted() -> None:
    import csv
    import io

    from pipeline.extract import extract_document
    from pipeline.release.render import rules_csv

    doc = extract_document(EXAMPLECORP / "connection-ports-and-protocols-1.0.pdf")
    payloads = {
        '=HYPERLINK("http://203.0.113.9/x","update")': "'=",
        "+cmd|' /C calc'!A0": "'+",
        "@SUM(1+1)*cmd|' /C calc'!A0": "'@",
        "-2+3+cmd|' /C calc'!A0": "'-",
        "-": "-",  # a dash for "none" is no formula
        "Web - HTTPS": "W",
    }
    for rule, text in zip(doc.rules, payloads, strict=False):
        rule.service = text
    rows = list(csv.DictReader(io.StringIO(rules_csv(doc).decode())))
    written = {row["service"].lstrip("'"): row["service"] for row in rows}
    for text, start in payloads.items():
        assert written[text].startswith(start) and written[text].endswith(text)
