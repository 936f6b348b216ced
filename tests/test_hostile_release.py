"""Hostile round 3 (issue 20, items 1-7 and 15-19): maintainers working at once lose
nothing, diff and review are bounded like extract, inputs that are not regular files
or not strict JSON are refused at once, and text a reader cannot see goes nowhere.

Every PDF is printed here by ``pdfgen`` (a few KB); the large documents are generated
at run time. Commands that must stay bounded run in a subprocess under
``test_limits.MEASURE``, which reports the peak memory of the whole process tree.
"""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pdfgen import HistoryTable, PortTable, build_pdf
from pdfgen_truth import sample_spec
from test_limits import MEASURE, PORTDOC, Run

from pipeline.cli import main
from pipeline.diff import Diff, RuleChange, diff_text
from pipeline.model.canonical import model_json, write_text_atomic
from pipeline.model.errors import LimitExceededError, UnusableInputError
from pipeline.model.models import Document, DocumentInfo, Port, Rule
from pipeline.pdf.bounded import Bounds, run_bounded
from pipeline.pdf.pdfmodel import Limits
from pipeline.pdf.spill import SpillList
from pipeline.pdf.words import printable
from pipeline.release import atom, register, render, tree
from pipeline.release import publish as publish_module
from pipeline.release.publish import publish
from pipeline.release.sources import load_source
from pipeline.values.text import escaped, hidden_character

VENDOR = ["--vendor", "Acme", "--product", "Relay"]


def version_pdf(path: Path, version: str) -> Path:
    """The sample document whose change history ends at ``version``."""
    spec = sample_spec(n_rows=8, n_addresses=6)
    history = next(b for s in spec.sections for b in s.blocks if isinstance(b, HistoryTable))
    history.rows = history.rows[: [row[1] for row in history.rows].index(version) + 1]
    # One host outside the example domains: publish does not take it for test fixtures.
    table = next(
        b
        for s in spec.sections
        for b in s.blocks
        if isinstance(b, PortTable) and b.columns[-1] == "IP Address"
    )
    table.rows.append(["Licence check", "TCP", "443", "licensing.acme-relay.com", ""])
    build_pdf(spec, path)
    return path


@pytest.fixture(scope="module")
def revisions(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Four revisions of one document, outside any source folder."""
    folder = tmp_path_factory.mktemp("downloads")
    return [version_pdf(folder / f"relay-{v}.pdf", v) for v in ("1.2", "1.3", "2.0", "2.1")]


def measured(*argv: str, timeout: float = 120) -> Run:
    """``portdoc ARGV`` in a subprocess: exit code, wall and CPU seconds, the peak
    resident memory of its whole process tree, stderr lines."""
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-c", MEASURE, *PORTDOC, *argv],
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    seconds = time.monotonic() - started
    peak_kb, cpu, code = result.stdout.split()
    return Run(
        int(code), seconds, float(cpu), int(peak_kb) / 1024, result.stderr.strip().splitlines()
    )


def one_line(run: Run, code: int, text: str) -> None:
    assert run.code == code, run.stderr
    assert len(run.stderr) == 1 and text in run.stderr[0], run.stderr


# --- lost or damaged data (items 1-4) -------------------------------------------------


def test_concurrent_adds_keep_every_registration(revisions: list[Path], tmp_path: Path) -> None:
    folder = tmp_path / "sources" / "relay"
    commands = [
        [*PORTDOC, "add", str(folder), str(pdf), "--origin", "vendor", *VENDOR] for pdf in revisions
    ]
    started = [subprocess.Popen(c, stderr=subprocess.PIPE, text=True) for c in commands]
    errors = [p.communicate(timeout=300)[1] for p in started]
    assert [p.returncode for p in started] == [0, 0, 0, 0], errors
    listed = sorted(r.file for r in load_source(folder).revisions)
    assert listed == sorted(pdf.name for pdf in revisions)
    assert sorted(p.name for p in folder.iterdir()) == sorted([*listed, "source.json"])


def _stand_in(path: Path, version: str) -> Path:
    doc = Document(
        document=DocumentInfo(version=version, vendor="Acme"),
        rules=[Rule(id="x/updates", section="external", section_title="", service="Updates")],
    )
    path.write_bytes(b"%PDF-1.7 stand-in\n" + model_json(doc))
    return path


def read_stand_in(path: Path) -> Document:
    return Document.model_validate_json(path.read_bytes().split(b"\n", 1)[1])


def test_a_publish_that_read_the_sources_before_an_add_never_swaps_in_an_older_tree(
    tmp_path: Path,
) -> None:
    """Publish A reads the sources; meanwhile a revision is added and publish B runs to
    the end; A then swaps: every version is still published."""
    folder = tmp_path / "sources" / "relay"
    folder.mkdir(parents=True)
    meta = {
        "id": "relay",
        "vendor": "Acme",
        "product": "Relay",
        "title": "Connection Ports and Protocols",
        "family": "connection-ports-and-protocols",
        "revisions": [{"file": _stand_in(folder / "a.pdf", "1.0").name, "origin": "vendor"}],
    }
    (folder / "source.json").write_text(json.dumps(meta))
    output = tmp_path / "output"
    options = {"allow_example_data": True, "cache_dir": tmp_path / "cache"}
    meddled: list[str] = []

    def slow_extractor(path: Path) -> Document:
        if not meddled:  # publish A is between reading the sources and swapping
            meddled.append(path.name)
            _stand_in(folder / "b.pdf", "2.0")
            meta["revisions"].append({"file": "b.pdf", "origin": "vendor"})
            (folder / "source.json").write_text(json.dumps(meta))
            publish(folder.parent, output, extractor=read_stand_in, **options)  # B
            assert (output / "relay" / "2.0").is_dir()
        return read_stand_in(path)

    publish(folder.parent, output, extractor=slow_extractor, **options)  # A
    index = json.loads((output / "index.json").read_text())
    assert [v["version"] for v in index["sources"][0]["versions"]] == ["1.0", "2.0"]


def test_a_lone_surrogate_side_exits_2_and_leaves_an_earlier_review_whole(
    revisions: list[Path], tmp_path: Path
) -> None:
    out = tmp_path / "review"
    assert main(["review", str(revisions[1]), "-o", str(out)]) == 0
    earlier = (out / "index.html").read_bytes()
    extracted = tmp_path / "old.json"
    assert main(["extract", str(revisions[0]), "-o", str(extracted), "-q"]) == 0
    text = extracted.read_text(encoding="utf-8")
    bad = tmp_path / "bad.json"
    bad.write_text(text.replace('"title": "', '"title": "\\ud800', 1), encoding="utf-8")
    assert "\\ud800" in bad.read_text()
    review = measured("review", str(revisions[1]), "--previous", str(bad), "-o", str(out))
    one_line(review, 2, "U+D800")
    assert (out / "index.html").read_bytes() == earlier
    one_line(measured("diff", str(extracted), str(bad)), 2, "U+D800")


def test_add_on_a_full_disk_removes_the_copied_pdf(
    revisions: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "relay"

    def full(path: Path, chunks: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(register, "write_text_atomic", full)
    argv = ["add", str(folder), str(revisions[0]), "--origin", "vendor", *VENDOR]
    assert main(argv) == 2
    assert list(folder.iterdir()) == []


def test_full_disk_messages_name_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def no_space(self: Path, data: bytes) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Path, "write_bytes", no_space)
    with pytest.raises(OSError) as raised:
        tree._write_file(tmp_path / "a" / "rules.csv", b"id\n")
    assert raised.value.filename == str(tmp_path / "a" / "rules.csv")

    class Full:
        def __iter__(self) -> object:
            raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(OSError) as raised:
        write_text_atomic(tmp_path / "out.json", Full())  # type: ignore[arg-type]
    assert raised.value.filename == str(tmp_path / "out.json")
    assert [p.name for p in tmp_path.iterdir()] == ["a"]  # no temporary file left


def test_a_full_tmpdir_is_named(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    def full(*_args: object, **_kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr("tempfile.tempdir", None)
    monkeypatch.setattr("pipeline.pdf.bounded.pickle.dump", full)
    with pytest.raises(UnusableInputError, match=f"no space left in {tmp_path}"):
        run_bounded(lambda: 1, Bounds(10, 0, "x.pdf"))


# --- unbounded (items 5-7) --------------------------------------------------------------


def write_relay_source(folder: Path, revisions: list[dict]) -> None:
    """``folder/source.json`` of a source "relay" (Acme Relay) listing ``revisions``."""
    meta = {"id": "relay", "vendor": "Acme", "product": "Relay", "title": "T", "family": "f"}
    (folder / "source.json").write_text(json.dumps({**meta, "revisions": revisions}))


def big_document(path: Path, rules: int, shift: int, ports: int = 60000) -> Path:
    """``rules`` rules of one name, each its own host, on up to ``ports`` ports: no id
    survives between two such documents with different ``shift``, so every rule is
    paired by likeness."""
    doc = Document(
        document=DocumentInfo(version=f"{shift}.0"),
        rules=[
            Rule(
                id=f"external/updates-{shift}-{i}",
                section="external",
                section_title="Updates",
                service="Updates",
                ports=[Port(protocol="tcp", port=1024 + (i + shift) % ports)],
                hosts=[f"u{i}.vendor-updates.com"],
                notes=f"mirror {i} {shift}",
            )
            for i in range(rules)
        ],
    )
    path.write_bytes(model_json(doc))
    return path


BIG = 4_000  # rules of one name: pairing all pairs would be 16 million comparisons


@pytest.fixture(scope="module")
def big_pair(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Two revisions of ``BIG`` rules of one name with no id in common."""
    folder = tmp_path_factory.mktemp("big")
    return big_document(folder / "old.json", BIG, 1), big_document(folder / "new.json", BIG, 2)


def test_diff_of_two_large_documents_pairs_by_lookup(
    big_pair: tuple[Path, Path], tmp_path: Path
) -> None:
    """Every rule paired by likeness, within a CPU bound that pairing all pairs would
    pass many times over (the seconds themselves are for ``make bench``)."""
    old, new = big_pair
    run = measured("diff", str(old), str(new), "-o", str(tmp_path / "diff.json"))
    assert run.code == 0, run.stderr
    assert run.cpu_seconds < 40 and run.seconds < 120, run  # wall: a shared machine
    assert run.peak_mb < 1500, f"peak {run.peak_mb:.0f} MB"
    changes = json.loads((tmp_path / "diff.json").read_text())["rules"]
    assert len(changes) == BIG and {c["change"] for c in changes} == {"changed"}


def test_diff_obeys_its_time_and_memory_limits(big_pair: tuple[Path, Path]) -> None:
    old, new = big_pair
    run = measured("diff", str(old), str(new), "--timeout", "0.3")
    one_line(run, 2, "gave up after 0.3 s (time limit)")
    assert run.seconds < 30
    run = measured("diff", str(old), str(new), "--max-memory-mb", "40")
    assert run.code == 2 and len(run.stderr) == 1 and "memory" in run.stderr[0], run.stderr
    assert run.peak_mb < 400, f"peak {run.peak_mb:.0f} MB"


def test_review_obeys_its_time_limit(revisions: list[Path], tmp_path: Path) -> None:
    out = tmp_path / "review"
    out.mkdir()
    run = measured("review", str(revisions[0]), "-o", str(out), "--timeout", "0.05")
    one_line(run, 2, "(time limit)")


@pytest.mark.parametrize("shape", ["dev-zero", "fifo"])
def test_a_side_that_is_not_a_regular_file_is_refused_at_once(shape: str, tmp_path: Path) -> None:
    good = big_document(tmp_path / "good.json", 1, 1)
    if shape == "fifo":
        side = tmp_path / "side.json"
        os.mkfifo(side)
    else:
        side = tmp_path / "zero.json"
        side.symlink_to("/dev/zero")
    run = measured("diff", str(good), str(side), timeout=30)
    one_line(run, 2, "not a regular file")
    assert run.seconds < 20 and run.peak_mb < 400


def test_a_fifo_source_json_is_refused_at_once(revisions: list[Path], tmp_path: Path) -> None:
    folder = tmp_path / "relay"
    folder.mkdir()
    os.mkfifo(folder / "source.json")
    run = measured("add", str(folder), str(revisions[0]), "--origin", "vendor", timeout=30)
    one_line(run, 2, "not a regular file")


def test_publish_jobs_are_capped_at_the_cores(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[int] = []

    def record(*args: object, workers: int, **kwargs: object) -> list[object]:
        seen.append(workers)
        raise UnusableInputError("stop here")

    monkeypatch.setattr(publish_module, "extract_revisions", record)
    (tmp_path / "sources").mkdir()
    with pytest.raises(UnusableInputError):
        publish(tmp_path / "sources", tmp_path / "output", jobs=64)
    assert seen == [publish_module.usable_cores()] and seen[0] <= (os.cpu_count() or 1)


# --- contracts (items 15-19) -------------------------------------------------------------


@pytest.mark.parametrize("link", ["folder", "source.json", "pdf"])
def test_add_refuses_links(
    link: str, revisions: list[Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    real = tmp_path / "sources" / "relay"
    assert main(["add", str(real), str(revisions[0]), "--origin", "vendor", *VENDOR]) == 0
    folder, pdf = real, revisions[1]
    if link == "folder":
        folder = tmp_path / "linked" / "relay"
        folder.parent.mkdir()
        folder.symlink_to(real)
    elif link == "source.json":
        (real / "source.json").rename(tmp_path / "elsewhere.json")
        (real / "source.json").symlink_to(tmp_path / "elsewhere.json")
    else:
        pdf = tmp_path / "linked.pdf"
        pdf.symlink_to(revisions[1])
    before = {p.name: p.read_bytes() for p in real.iterdir() if not p.is_symlink()}
    capsys.readouterr()
    assert main(["add", str(folder), str(pdf), "--origin", "vendor"]) == 2
    err = capsys.readouterr().err
    assert "symlink" in err and err.count("\n") == 1, err
    assert {p.name: p.read_bytes() for p in real.iterdir() if not p.is_symlink()} == before


def test_add_refuses_the_reserved_id_and_a_second_file_of_a_version(
    revisions: list[Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    reserved = tmp_path / "schema"
    assert main(["add", str(reserved), str(revisions[0]), "--origin", "vendor", *VENDOR]) == 2
    assert "reserved" in capsys.readouterr().err and not reserved.exists()
    folder = tmp_path / "relay"
    assert main(["add", str(folder), str(revisions[0]), "--origin", "vendor", *VENDOR]) == 0
    again = tmp_path / "copy-of-1.2.pdf"
    again.write_bytes(revisions[0].read_bytes())
    capsys.readouterr()
    assert main(["add", str(folder), str(again), "--origin", "vendor"]) == 2
    err = capsys.readouterr().err
    assert "version 1.2 is already listed (relay-1.2.pdf)" in err and err.count("\n") == 1
    assert sorted(p.name for p in folder.iterdir()) == ["relay-1.2.pdf", "source.json"]


def test_publish_of_an_unusable_pdf_exits_2(tmp_path: Path) -> None:
    folder = tmp_path / "sources" / "relay"
    folder.mkdir(parents=True)
    (folder / "web.pdf").write_text("<html>saved web page</html>")
    write_relay_source(folder, [{"file": "web.pdf", "origin": "vendor"}])
    run = measured("publish", "--sources", str(folder.parent), "--output", str(tmp_path / "o"))
    one_line(run, 2, "web.pdf: cannot be extracted")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"a": NaN}', "NaN is not JSON"),
        ('{"a": -Infinity}', "-Infinity is not JSON"),
        ('{"a": 1, "a": 2}', 'key "a" appears twice'),
    ],
)
def test_diff_sides_are_strict_json(text: str, message: str, tmp_path: Path) -> None:
    side = tmp_path / "side.json"
    side.write_text(text)
    good = big_document(tmp_path / "good.json", 1, 1)
    one_line(measured("diff", str(good), str(side)), 2, message)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"fixture": "no"}, "fixture"),
        ({"homepage": 'https://acme.example.com/"><script>alert(1)</script>'}, "plain http"),
        ({"vendor": "Ac\u202eme"}, "U+202E"),
        ({"title": "Ports\x1b[31m"}, "U+001B"),
    ],
)
def test_source_json_is_read_strictly(
    change: dict[str, str], message: str, revisions: list[Path], tmp_path: Path
) -> None:
    folder = tmp_path / "relay"
    assert main(["add", str(folder), str(revisions[0]), "--origin", "vendor", *VENDOR]) == 0
    meta = json.loads((folder / "source.json").read_text()) | change
    (folder / "source.json").write_text(json.dumps(meta))
    run = measured("add", str(folder), str(revisions[1]), "--origin", "vendor")
    one_line(run, 2, message)


def test_source_json_with_a_repeated_key_is_refused(revisions: list[Path], tmp_path: Path) -> None:
    folder = tmp_path / "relay"
    assert main(["add", str(folder), str(revisions[0]), "--origin", "vendor", *VENDOR]) == 0
    text = (folder / "source.json").read_text()
    (folder / "source.json").write_text(text.replace('"vendor":', '"vendor": "X", "vendor":', 1))
    run = measured("add", str(folder), str(revisions[1]), "--origin", "vendor")
    one_line(run, 2, 'key "vendor" appears twice')


@pytest.mark.parametrize("flag", ["--vendor", "--title"])
def test_add_refuses_hidden_characters_in_names(
    flag: str, revisions: list[Path], tmp_path: Path
) -> None:
    folder = tmp_path / "relay"
    given = {"--vendor": "Acme", "--product": "Relay", flag: "Acme\u200b\x07"}
    argv = [part for pair in given.items() for part in pair]
    run = measured("add", str(folder), str(revisions[0]), "--origin", "vendor", *argv)
    one_line(run, 2, "U+200B")
    assert not folder.exists()


def test_error_messages_escape_what_a_terminal_would_obey(tmp_path: Path) -> None:
    name = tmp_path / "evil\nportdoc add: all good\x1b[2J\u202e.json"
    good = big_document(tmp_path / "good.json", 1, 1)
    run = measured("diff", str(good), str(name))
    assert run.code == 2 and len(run.stderr) == 1, run.stderr
    assert "\\n" in run.stderr[0] and "\\x1b" in run.stderr[0] and "\\u202e" in run.stderr[0]


def test_invisible_characters_are_dropped_from_pdf_text_and_named_elsewhere() -> None:
    # Bidirectional characters reorder what a reader sees: dropped with the controls.
    # Zero-width ones stay (a value cell holding one is an issue), out of text files.
    assert printable("cmd.vendor\u202e.net\u2066") == "cmd.vendor.net"
    assert printable("cmd\u200b.vendor.net") == "cmd\u200b.vendor.net"
    assert render._cell("Up\u200bdates\ufeff") == "Updates"
    assert atom.xml_text("a\u200d<b") == "a&lt;b"
    change = RuleChange(id="x", section=None, service="Up\u200bdates", change="added")
    assert "\u200b" not in diff_text(Diff(from_="1", to="2", rules=[change]))
    assert printable("docu\u00adment") == "docu\u00adment"  # a soft hyphen is printed
    assert hidden_character("a\u2067b") == "U+2067 RIGHT-TO-LEFT ISOLATE"
    assert hidden_character("tab\tand\nline", allow="\t\n") is None
    assert escaped("a\u202eb\x1b") == "a\\u202eb\\x1b"


def test_publish_builds_its_diffs_bounded_and_pairs_by_keys(tmp_path: Path) -> None:
    """Two revisions of 2,000 rules of one name: publish's diff step pairs them, and
    runs in a worker that stops at the time limit. (Few ports: a tree of a list folder
    per port is publish's own cost, not the diff's.)"""
    folder = tmp_path / "sources" / "relay"
    folder.mkdir(parents=True)
    revisions = []
    for shift in (1, 2):
        doc = big_document(tmp_path / f"{shift}.json", 2_000, shift, ports=10)
        pdf = folder / f"r{shift}.pdf"
        pdf.write_bytes(b"%PDF-1.7 stand-in\n" + doc.read_bytes())
        revisions.append({"file": pdf.name, "origin": "vendor"})
    write_relay_source(folder, revisions)
    options = {"extractor": read_stand_in, "cache_dir": tmp_path / "cache"}
    with pytest.raises(LimitExceededError, match="relay: its release files: gave up after"):
        publish(folder.parent, tmp_path / "out", limits=Limits(seconds=0.05), **options)
    assert not (tmp_path / "out").exists()
    started = time.monotonic()
    publish(folder.parent, tmp_path / "out", limits=Limits(seconds=60), **options)
    assert time.monotonic() - started < 120  # a machine shared with other work
    diff = json.loads((tmp_path / "out" / "relay" / "2.0" / "diff.json").read_text())
    assert len(diff["rules"]) == 2_000 and {c["change"] for c in diff["rules"]} == {"changed"}


def test_adds_and_publishes_at_once_keep_every_version(
    revisions: list[Path], tmp_path: Path
) -> None:
    """Real processes: a publish of two revisions runs while a third is added and a
    second publish runs; after all exit 0 the output holds all three versions."""
    folder = tmp_path / "sources" / "relay"
    for pdf in revisions[:2]:
        assert main(["add", str(folder), str(pdf), "--origin", "vendor", *VENDOR]) in (0, 1)
    publish_cmd = [*PORTDOC, "publish", "--sources", str(folder.parent), "-q", "--jobs", "1"]
    publish_cmd += ["--output", str(tmp_path / "output")]
    first = subprocess.Popen(publish_cmd, stderr=subprocess.PIPE, text=True)
    add = [*PORTDOC, "add", str(folder), str(revisions[2]), "--origin", "vendor"]
    added = subprocess.run(add, capture_output=True, text=True, timeout=300)
    second = subprocess.run(publish_cmd, capture_output=True, text=True, timeout=300)
    _out, first_err = first.communicate(timeout=300)
    assert (first.returncode, added.returncode, second.returncode) == (0, 0, 0), (
        first_err,
        added.stderr,
        second.stderr,
    )
    index = json.loads((tmp_path / "output" / "index.json").read_text())
    assert [v["version"] for v in index["sources"][0]["versions"]] == ["1.2", "1.3", "2.0"]


def test_a_full_tmpdir_while_pages_spill_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Full:
        def seek(self, _offset: int) -> int:
            return 0

        def write(self, _data: bytes) -> int:
            raise OSError(errno.ENOSPC, "No space left on device")

        def close(self) -> None:
            pass

    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr("tempfile.tempdir", None)
    monkeypatch.setattr("pipeline.pdf.spill.tempfile.TemporaryFile", lambda **_kw: Full())
    pages: SpillList[int] = SpillList()
    with pytest.raises(OSError) as raised:
        pages.append(1)
    assert raised.value.filename == str(tmp_path) and "TMPDIR" in str(raised.value.strerror)


def test_publish_warnings_escape_a_file_name_a_terminal_would_obey(
    revisions: list[Path], tmp_path: Path
) -> None:
    folder = tmp_path / "sources" / "relay"
    assert main(["add", str(folder), str(revisions[0]), "--origin", "vendor", *VENDOR]) == 0
    (folder / "evil\x1b[2J\nok.pdf").write_bytes(b"%PDF-1.4")
    argv = ["publish", "--sources", str(folder.parent), "--output", str(tmp_path / "out")]
    result = subprocess.run([*PORTDOC, *argv], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "evil\\x1b[2J\\nok.pdf" in result.stderr and "\x1b" not in result.stderr


def test_review_reads_the_pdf_once(
    revisions: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Inside its worker (run in place here, to count), the review reads the PDF once
    and both extracts and draws from what it read."""
    import pipeline.extract
    import pipeline.review
    from pipeline.pdf import bounded

    reads: list[Path] = []
    real = pipeline.review.read_pdf

    def counting(path: Path, *args: object) -> object:
        reads.append(path)
        return real(path, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(bounded, "_in_worker", True)
    monkeypatch.setattr(pipeline.review, "read_pdf", counting)
    monkeypatch.setattr(pipeline.extract, "read_pdf", counting)
    assert pipeline.review.write_review(revisions[1], tmp_path / "r").is_file()
    assert reads == [revisions[1]]
