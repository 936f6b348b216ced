"""What a publish tells the maintainer and the consumer besides the data (issue 17): each
revision's errors, warnings and text not placed, printed and in ``index.json``; fixture
sources published for a local trial only when asked, and marked so; a hash for every
published file; a listing of each revision's ``ports/``."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path

import pytest
from test_publish import EXAMPLECORP, relay, run, write_source
from truthdoc import CLEARSWIFT, truth_document

from pipeline.model.errors import PublishRefusedError
from pipeline.model.models import Document, Issue
from pipeline.release.publish import report_text
from pipeline.release.schemas import schema_errors

pytestmark = pytest.mark.skipif(
    not EXAMPLECORP.is_dir(), reason="../shared/corpus is not beside the project"
)


def _issues(doc: Document, *codes: tuple[str, str]) -> Document:
    for n, (code, severity) in enumerate(codes):
        doc.issues.append(Issue(code=code, severity=severity, message=f"m{n}", page=n + 1))
    return doc


def test_counts_are_printed_and_in_the_index(tmp_path: Path) -> None:
    unclean = _issues(
        relay("1.1"),
        ("unplaced-value", "warning"),
        ("unplaced-value", "warning"),
        ("unknown-table", "warning"),
        ("missing-service", "warning"),
        ("bad-port", "error"),
    )
    write_source(tmp_path / "sources", "relay", [relay("1.0"), unclean])
    lines: list[str] = []
    report = run(
        tmp_path / "sources", tmp_path / "output", progress=lines.append, allow_invalid=True
    )
    assert lines == [
        "[1/2] relay 1.0: 44 rules, 2 host lists; 0 errors, 0 warnings, 0 not placed",
        "[2/2] relay 1.1: 44 rules, 2 host lists; 1 error, 4 warnings, 3 not placed",
    ]
    assert report.not_clean == ["relay 1.1: 1 error, 4 warnings, 3 not placed"]
    text = report_text(report)
    assert (
        "\nnot clean (see `portdoc review`):\n  relay 1.1: 1 error, 4 warnings, 3 not placed\n"
        in (text)
    )
    index = json.loads((tmp_path / "output" / "index.json").read_text())
    assert schema_errors("index", index) == []
    versions = index["sources"][0]["versions"]
    counts = [(v["errors"], v["warnings"], v["not_placed"], v["valid"]) for v in versions]
    assert counts == [(0, 0, 0, True), (1, 4, 3, False)]
    # The stand-ins are the corpus's example data (let through for these tests): marked.
    assert index["sources"][0]["fixture"] is True


def test_a_clean_publish_lists_nothing_as_not_clean(tmp_path: Path) -> None:
    clearswift = truth_document(CLEARSWIFT, "3.3")
    write_source(tmp_path / "sources", "clearswift-seg", [clearswift], vendor="Clearswift")
    report = run(tmp_path / "sources", tmp_path / "output", allow_example_data=False)
    assert report.not_clean == [] and "not clean" not in report_text(report)
    index = json.loads((tmp_path / "output" / "index.json").read_text())
    assert index["sources"][0]["fixture"] is False


@pytest.mark.parametrize("meta", [{}, {"fixture": True}, {"vendor": "ExampleCorp"}])
def test_allow_fixtures_publishes_a_trial_marked_as_fixture(
    meta: dict[str, object], tmp_path: Path
) -> None:
    # The corpus's own document: example names, documentation-range addresses.
    write_source(tmp_path / "sources", "relay", [truth_document(EXAMPLECORP, "1.0")], **meta)
    out = tmp_path / "output"
    with pytest.raises(PublishRefusedError, match="--allow-fixtures"):
        run(tmp_path / "sources", out, allow_example_data=False)
    run(tmp_path / "sources", out, allow_example_data=False, allow_fixtures=True)
    index = json.loads((out / "index.json").read_text())
    assert [(s["id"], s["fixture"]) for s in index["sources"]] == [("relay", True)]
    assert (out / "relay" / "1.0" / "hosts.txt").read_text()


def test_every_published_file_has_its_hash_in_the_index(tmp_path: Path) -> None:
    """Issue 17: the .txt lists had no hash a consumer could check them against."""
    write_source(tmp_path / "sources", "relay", [relay("1.0"), relay("1.1")])
    out = tmp_path / "output"
    run(tmp_path / "sources", out)
    index = json.loads((out / "index.json").read_text())
    hashes: dict[str, str] = dict(index["files"])  # the schemas
    for source in index["sources"]:
        hashes |= {f"{source['id']}/{name}": h for name, h in source["files"].items()}
        for version in source["versions"]:
            hashes |= {f"{version['path']}{name}": h for name, h in version["files"].items()}
            if version["version"] == source["latest"]:
                prefix = f"{source['id']}/latest/"
                hashes |= {f"{prefix}{name}": h for name, h in version["files"].items()}
    published = {
        path.relative_to(out).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in out.rglob("*")
        if path.is_file()
    }
    unlisted = {"index.json", ".portdoc-output"}  # the index itself, and a note
    assert {p: h for p, h in published.items() if p not in unlisted} == hashes
    # The per-port lists too, in their side folders.
    assert any(p.startswith("relay/1.1/ports/tcp-443/") and p.endswith("/ipv4.txt") for p in hashes)


def test_ports_index_lists_every_port_folder(tmp_path: Path) -> None:
    write_source(tmp_path / "sources", "relay", [relay("2.0")])
    out = tmp_path / "output"
    run(tmp_path / "sources", out)
    ports = out / "relay" / "2.0" / "ports"
    listing = json.loads((ports / "index.json").read_text())
    assert schema_errors("ports", listing) == []
    folders = sorted(p.name for p in ports.iterdir() if p.is_dir())
    assert [entry["folder"] for entry in listing["ports"]] == folders
    rule_ids = {
        row["id"] for row in csv.DictReader(io.StringIO((ports.parent / "rules.csv").read_text()))
    }
    for entry in listing["ports"]:
        folder = ports / entry["folder"]
        assert entry["files"] == {
            p.relative_to(folder).as_posix(): len(p.read_text().splitlines())
            for p in sorted(folder.rglob("*"))
            if p.is_file()
        }
        assert entry["rules"] and set(entry["rules"]) <= rule_ids
        span = (
            f"{entry['port']}"
            if entry["port"] == entry["port_end"]
            else (f"{entry['port']}-{entry['port_end']}")
        )
        assert entry["folder"] == f"{entry['protocol']}-{span}"
    assert folders == ["tcp-443", "tcp-80", "udp-123"]
    # A port whose rules name no host or address (the heartbeat's udp/7400-7410): no folder.
    assert "udp-7400-7410" not in folders


def test_publish_command_prints_counts_and_allows_fixtures_only_when_asked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The whole path a maintainer takes: `portdoc add`, then `portdoc publish` of a
    printed document whose data is all documentation ranges and example names."""
    from pdfgen import build_pdf
    from pdfgen_truth import sample_spec

    from pipeline.cli import main

    pdf = tmp_path / "relay-2.1.pdf"
    build_pdf(sample_spec(n_rows=6, n_addresses=3), pdf)
    assert main(["extract", str(pdf), "-o", str(tmp_path / "relay.json")]) == 0
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith("relay-2.1.pdf: version 2.1 (2021-01), ")
    assert line.endswith(" history entries; 0 errors, 0 warnings, 0 not placed")
    source = tmp_path / "sources" / "relay"
    new = ["--vendor", "Acme", "--product", "Relay"]
    assert main(["add", str(source), str(pdf), "--origin", "vendor", *new]) == 0
    capsys.readouterr()
    argv = ["publish", "--sources", str(tmp_path / "sources"), "--output", str(tmp_path / "out")]
    assert main([*argv, "--jobs", "1"]) == 1
    err = capsys.readouterr().err
    assert "test fixture data" in err and "--allow-fixtures" in err
    assert not (tmp_path / "out").exists()
    assert main([*argv, "--jobs", "1", "--allow-fixtures"]) == 0
    err = capsys.readouterr().err
    assert "[1/1] relay 2.1: " in err and "; 0 errors, 0 warnings, 0 not placed" in err
    index = json.loads((tmp_path / "out" / "index.json").read_text())
    [entry] = index["sources"]
    assert entry["fixture"] is True
    assert [(v["errors"], v["warnings"], v["not_placed"]) for v in entry["versions"]] == [(0, 0, 0)]


def test_the_cache_key_covers_every_stage_of_the_code() -> None:
    """The fingerprint hashed only pipeline/release/ once the modules moved into stage
    packages: a change to the extractor or the models published cached documents."""
    from pipeline.release.cache import PIPELINE_DIR

    assert (PIPELINE_DIR / "model" / "models.py").is_file()
    assert (PIPELINE_DIR / "families" / "rows.py").is_file()
    assert (PIPELINE_DIR / "extract.py").is_file()


def test_the_tree_takes_the_users_umask(tmp_path: Path) -> None:
    """Issue 17: files were written 600 (mkstemp); the staging folder was always 755."""
    import os
    import stat

    write_source(tmp_path / "sources", "relay", [relay("1.0")])
    out = tmp_path / "output"
    old = os.umask(0o027)
    try:
        run(tmp_path / "sources", out)
    finally:
        os.umask(old)
    modes = {
        p.relative_to(tmp_path).as_posix(): stat.S_IMODE(p.stat().st_mode)
        for p in [out, *out.rglob("*")]
    }
    assert modes["output"] == 0o750 and modes["output/relay/1.0/hosts.txt"] == 0o640
    assert {m for p, m in modes.items() if (tmp_path / p).is_dir()} == {0o750}
    assert {m for p, m in modes.items() if (tmp_path / p).is_file()} == {0o640}
