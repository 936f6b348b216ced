"""Hostile output and source folders (issue 13, items 7-10): what portdoc did not write
survives, links are not replaced, nothing portdoc makes is left behind.

Publishing uses the stand-in documents of ``test_publish`` (the extraction is not under
test here).
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import warnings
from collections.abc import Callable
from pathlib import Path

import pytest
from test_publish import beside, relay, run, snapshot, write_source
from truthdoc import EXAMPLECORP

from pipeline.cli import main
from pipeline.model.errors import PublishRefusedError, UnusableInputError
from pipeline.release import tree

pytestmark = pytest.mark.skipif(
    not EXAMPLECORP.is_dir(), reason="../shared/corpus is not beside the project"
)


@pytest.fixture
def sources(tmp_path: Path) -> Path:
    root = tmp_path / "sources"
    write_source(root, "relay", [relay("1.0"), relay("1.1")])
    return root


def _grow(sources: Path) -> None:
    """A new source: the next publish has a different tree to swap in."""
    write_source(sources, "newcomer", [relay("2.0")])


# --- 7: a folder portdoc did not write ------------------------------------------------


def _hidden_only(folder: Path) -> dict[str, bytes]:
    (folder / ".git" / "objects").mkdir(parents=True)
    (folder / ".git" / "config").write_text("[core]\n")
    (folder / ".deploy-key").write_text("-----BEGIN OPENSSH PRIVATE KEY-----\n")
    return snapshot(folder)


def test_a_folder_of_hidden_files_is_refused_and_they_survive(
    sources: Path, tmp_path: Path
) -> None:
    out = tmp_path / "output"
    out.mkdir()
    before = _hidden_only(out)
    with pytest.raises(PublishRefusedError, match=r"\.deploy-key, \.git.*did not write"):
        run(sources, out)
    assert snapshot(out) == before and (out / ".git" / "objects").is_dir()


def test_hidden_files_put_into_portdoc_output_are_not_deleted(
    sources: Path, tmp_path: Path
) -> None:
    out = tmp_path / "output"
    run(sources, out)
    (out / "relay" / ".git").mkdir()
    (out / "relay" / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    before = snapshot(out)
    _grow(sources)
    with pytest.raises(PublishRefusedError, match=r"relay/\.git"):
        run(sources, out)
    assert snapshot(out) == before


def test_a_link_inside_the_output_is_refused(sources: Path, tmp_path: Path) -> None:
    out = tmp_path / "output"
    run(sources, out)
    (tmp_path / "elsewhere").mkdir()
    (out / "relay" / "mine").symlink_to(tmp_path / "elsewhere")
    _grow(sources)
    with pytest.raises(PublishRefusedError, match=r"relay/mine"):
        run(sources, out)
    assert (out / "relay" / "mine").is_symlink()


def test_publish_writes_its_marker_into_the_tree(sources: Path, tmp_path: Path) -> None:
    out = tmp_path / "output"
    run(sources, out)
    assert (out / tree.MARKER).read_bytes() == tree.MARKER_TEXT
    assert b"portdoc" in tree.MARKER_TEXT


def test_an_output_of_portdoc_from_before_the_marker_is_adopted(
    sources: Path, tmp_path: Path
) -> None:
    """The output/ committed before the marker existed: index.json and its sources only."""
    out = tmp_path / "output"
    run(sources, out)
    (out / tree.MARKER).unlink()
    report = run(sources, out)
    assert report.written and (out / tree.MARKER).is_file()


@pytest.mark.parametrize(
    "change",
    [
        lambda out: (out / "thesis").mkdir(),  # a folder the index does not list
        lambda out: (out / "notes.txt").write_text("mine"),
        lambda out: (out / "index.json").write_text('{"sources": []}'),  # not portdoc's
        lambda out: (out / "index.json").write_text("[1, 2]"),
    ],
)
def test_a_folder_that_only_looks_like_an_output_is_refused(
    change, sources: Path, tmp_path: Path
) -> None:
    out = tmp_path / "output"
    run(sources, out)
    (out / tree.MARKER).unlink()
    change(out)
    before = snapshot(out)
    with pytest.raises(PublishRefusedError, match=r"no \.portdoc-output"):
        run(sources, out)
    assert snapshot(out) == before


def test_an_empty_folder_is_published_into(sources: Path, tmp_path: Path) -> None:
    out = tmp_path / "output"
    out.mkdir()
    run(sources, out)
    assert (out / "index.json").is_file()


# --- 8: output/ as a symlink ----------------------------------------------------------


def test_a_symlinked_output_is_published_into_its_target(sources: Path, tmp_path: Path) -> None:
    target = tmp_path / "www" / "feed"
    target.mkdir(parents=True)
    link = tmp_path / "output"
    link.symlink_to(target)
    run(sources, link)
    assert link.is_symlink() and os.readlink(link) == str(target)
    first = snapshot(target)
    assert "index.json" in first
    _grow(sources)  # the data changes: the second publish swaps again
    run(sources, link)
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert snapshot(target) != first and "newcomer/CHANGELOG.md" in snapshot(target)
    assert beside(link) == ["cache", "output", "sources", "www"]  # no staging link left
    assert beside(target) == ["feed"]


def test_a_dangling_output_link_is_refused_and_kept(sources: Path, tmp_path: Path) -> None:
    link = tmp_path / "output"
    link.symlink_to(tmp_path / "nowhere")
    with pytest.raises(PublishRefusedError, match=r"symlink to .*nowhere.*not a folder"):
        run(sources, link)
    assert link.is_symlink() and not (tmp_path / "nowhere").exists()


# --- 9: nothing left behind -----------------------------------------------------------


def _leftover(out: Path, kind: str, *, marked: bool, files: int = 3) -> Path:
    folder = Path(tempfile.mkdtemp(prefix=f".{out.name}.{kind}-", dir=out.parent))
    if marked:
        (folder / tree.MARKER).write_bytes(tree.MARKER_TEXT)
    for number in range(files):
        (folder / "relay" / str(number)).mkdir(parents=True)
        (folder / "relay" / str(number) / "rules.csv").write_text("id\n")
    return folder


def test_stale_staging_and_aside_folders_are_removed_by_the_next_publish(
    sources: Path, tmp_path: Path
) -> None:
    out = tmp_path / "output"
    run(sources, out)
    killed = [_leftover(out, "staging", marked=True), _leftover(out, "previous", marked=True)]
    killed.append(_leftover(out, "staging", marked=True, files=0))
    empty = Path(tempfile.mkdtemp(prefix=".output.staging-", dir=tmp_path))  # killed at once
    foreign = _leftover(out, "staging", marked=False)  # not portdoc's: kept
    _grow(sources)
    run(sources, out)
    assert not any(folder.exists() for folder in [*killed, empty])
    assert beside(out) == sorted(["cache", "output", "sources", foreign.name])


KILLED_WHILE_WRITING = """
import os, signal, sys
from pathlib import Path
sys.path.insert(0, sys.argv[3])
from test_publish import read_stand_in
from pipeline.release import publish, tree

written = []
real_write = tree._write_file

def write_then_die(path, data):
    written.append(path)
    if len(written) == 5:
        os.kill(os.getpid(), signal.SIGKILL)  # power lost half-way through the tree
    real_write(path, data)

tree._write_file = write_then_die
publish.publish(
    Path(sys.argv[1]), Path(sys.argv[2]), extractor=read_stand_in, allow_example_data=True
)
"""


def test_a_publish_killed_while_writing_is_cleaned_up_by_the_next(
    sources: Path, tmp_path: Path
) -> None:
    out = tmp_path / "output"
    run(sources, out)
    before = snapshot(out)
    _grow(sources)
    tests = str(Path(__file__).parent)
    killed = subprocess.run(
        [sys.executable, "-c", KILLED_WHILE_WRITING, str(sources), str(out), tests],
        check=False,
        cwd=tmp_path,
    )
    assert killed.returncode == -signal.SIGKILL
    assert snapshot(out) == before  # the old tree is whole
    [left] = [name for name in beside(out) if name.startswith(".output.staging-")]
    assert (tmp_path / left / tree.MARKER).is_file()  # written first: recognisably ours
    run(sources, out)
    assert beside(out) == sorted([".cache", "cache", "output", "sources"])


def test_a_publish_holds_the_lock_while_it_writes(
    sources: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two publishes take turns: a staging folder found under the lock is stale."""
    out = tmp_path / "output"
    held: list[bool] = []
    real_write = tree._write_file

    def probing_write(path: Path, data: bytes) -> None:
        if not held:
            with (out.parent / ".output.lock").open("rb") as lock:
                try:
                    fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    held.append(True)
                else:
                    held.append(False)
        real_write(path, data)

    monkeypatch.setattr(tree, "_write_file", probing_write)
    run(sources, out)
    assert held == [True]


def _read_only(folder: Path) -> None:
    for path in [folder, *folder.rglob("*")]:
        path.chmod(0o555 if path.is_dir() else 0o444)


def _unprivileged(action: Callable[[Path], None]) -> list[str]:
    """Run ``action(output)`` in a forked child as a user that file modes hold for (root
    ignores them: as root the child becomes nobody); what is left beside the output."""
    work = Path(tempfile.mkdtemp(prefix="portdoc-readonly-"))
    work.chmod(0o777)  # the unprivileged child writes here
    try:
        with warnings.catch_warnings():  # the child only makes system calls, then exits
            warnings.simplefilter("ignore", DeprecationWarning)
            pid = os.fork()
        if pid == 0:  # pragma: no cover - the child
            code = 3
            try:
                if os.geteuid() == 0:
                    os.setgroups([])
                    os.setgid(65534)
                    os.setuid(65534)
                action(work / "output")
                code = 0
            finally:
                os._exit(code)
        assert os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) == 0
        return sorted(set(os.listdir(work)) - {".output.lock"})
    finally:
        for folder, dirs, _ in os.walk(work):
            for name in dirs:
                Path(folder, name).chmod(0o755)
        shutil.rmtree(work)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_a_read_only_output_leaves_no_staging_folder_behind() -> None:
    """The old tree, read-only, is swapped out and removed all the same."""

    def publish_twice(out: Path) -> None:
        tree.write_and_swap({"index.json": b"{}", "a/rules.csv": b"id"}, out)
        _read_only(out)
        tree.write_and_swap({"index.json": b"{}", "b/rules.csv": b"id"}, out)
        assert "b" in os.listdir(out) and "a" not in os.listdir(out)

    assert _unprivileged(publish_twice) == ["output"]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_a_read_only_stale_staging_folder_is_removed() -> None:
    def clean_up(out: Path) -> None:
        stale = out.parent / ".output.staging-killed"
        (stale / "relay" / "1.0").mkdir(parents=True)
        (stale / tree.MARKER).write_bytes(tree.MARKER_TEXT)
        _read_only(stale)
        tree.write_and_swap({"index.json": b"{}"}, out)

    assert _unprivileged(clean_up) == ["output"]


# --- 10: symlinked source folders and metadata ----------------------------------------


def test_a_symlinked_source_folder_is_refused(tmp_path: Path) -> None:
    outside = write_source(tmp_path / "elsewhere", "relay", [relay("1.0")])
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "relay").symlink_to(outside)
    with pytest.raises(UnusableInputError, match=r"sources/relay: .*symlink"):
        run(tmp_path / "sources", tmp_path / "output")
    assert not (tmp_path / "output").exists()


def test_a_symlinked_source_json_is_refused(tmp_path: Path) -> None:
    folder = write_source(tmp_path / "sources", "relay", [relay("1.0")])
    (tmp_path / "source.json").write_bytes((folder / "source.json").read_bytes())
    (folder / "source.json").unlink()
    (folder / "source.json").symlink_to(tmp_path / "source.json")
    with pytest.raises(UnusableInputError, match=r"relay/source\.json: .*symlink"):
        run(tmp_path / "sources", tmp_path / "output")


@pytest.mark.parametrize(
    "homepage", ["javascript:alert(1)", "file:///etc/passwd", "ftp://relay.example/", "relay"]
)
def test_a_homepage_must_be_http(homepage: str, tmp_path: Path) -> None:
    write_source(tmp_path / "sources", "relay", [relay("1.0")], homepage=homepage)
    with pytest.raises(UnusableInputError, match=r"source\.json: invalid source metadata \(home"):
        run(tmp_path / "sources", tmp_path / "output")


def test_an_http_homepage_is_published(tmp_path: Path) -> None:
    write_source(tmp_path / "sources", "relay", [relay("1.0")], homepage="http://relay.example/x")
    run(tmp_path / "sources", tmp_path / "output")
    index = json.loads((tmp_path / "output" / "index.json").read_text())
    assert index["sources"][0]["homepage"] == "http://relay.example/x"


# --- the command line: one line, the right exit code ------------------------------------


def test_publish_into_a_foreign_folder_exits_1_in_one_line(
    sources: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "output"
    out.mkdir()
    before = _hidden_only(out)
    assert main(["publish", "--sources", str(sources), "--output", str(out), "-q"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "did not write" in err
    assert snapshot(out) == before


def test_publish_of_a_symlinked_source_exits_2_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outside = write_source(tmp_path / "elsewhere", "relay", [relay("1.0")])
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "relay").symlink_to(outside)
    args = ["publish", "--sources", str(tmp_path / "sources"), "--output", str(tmp_path / "o")]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "sources/relay: a symlink" in err
