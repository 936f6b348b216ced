"""Hostile files against the limits (issue 13): every shape ends with exit 2 in bounded
seconds and memory, one line on stderr, no output file, and no process left behind.

Each file is built here by ``pdfgen_bad`` (a few hundred bytes to a few hundred KB).
The command runs in a subprocess under a small wrapper that reports the peak resident
memory of everything it waited for (the command and its reading worker), so the memory
bound is measured, not assumed. Small limits on the command line keep each case fast.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pdfgen_bad as bad
import pytest
from pdfgen import build_pdf
from pdfgen_truth import sample_spec

from pipeline.extract import extract_document
from pipeline.model.errors import UnusableInputError
from pipeline.pdf.pageimages import page_scale, render_pages
from pipeline.pdf.pdfmodel import read_pdf

# Runs argv, then prints the largest resident size (kB) among the processes it reaped,
# their descendants included, the CPU seconds they used, and the exit code.
MEASURE = (
    "import resource, subprocess, sys\n"
    "code = subprocess.run(sys.argv[1:]).returncode\n"
    "use = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "print(use.ru_maxrss, use.ru_utime + use.ru_stime, code)\n"
)
PORTDOC = [sys.executable, "-m", "pipeline.cli"]


@dataclass
class Run:
    code: int
    seconds: float  # wall clock
    cpu_seconds: float  # what the work cost, whatever else the machine is doing
    peak_mb: float
    stderr: list[str]


def processes_mentioning(text: str) -> list[int]:
    """Pids of live processes whose command line contains ``text`` (a forked worker
    keeps its parent's command line)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and int(entry.name) != os.getpid():
            try:
                cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ")
                state = (entry / "stat").read_text().split(")")[-1].split()[0]
            except OSError:
                continue
            if text.encode() in cmdline and state != "Z":
                found.append(int(entry.name))
    return found


def run_extract(pdf: Path, *flags: str) -> Run:
    out = pdf.with_suffix(".json")
    out.write_text("{}")  # left from an earlier run: must be gone after a refusal
    scratch = pdf.parent / f"{pdf.stem}-tmp"  # the command's temporary files go here
    scratch.mkdir()
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-c", MEASURE, *PORTDOC, "extract", str(pdf), "-o", str(out), *flags],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "TMPDIR": str(scratch)},
    )
    seconds = time.monotonic() - started
    peak_kb, cpu, code = result.stdout.split()
    assert not out.exists(), "a refused file leaves no output"
    assert processes_mentioning(str(pdf)) == [], "no process is left behind"
    assert list(scratch.iterdir()) == [], "no temporary file is left behind"
    return Run(
        int(code), seconds, float(cpu), int(peak_kb) / 1024, result.stderr.strip().splitlines()
    )


def assert_refused(run: Run, reason: str, *, cpu_seconds: float = 10, peak_mb: float = 400) -> None:
    """Exit 2 with one line naming the limit, within bounded CPU time and memory (and
    a wall-clock bound loose enough for a busy machine)."""
    assert run.code == 2, run.stderr
    assert len(run.stderr) == 1, run.stderr
    assert reason in run.stderr[0], run.stderr
    assert "Traceback" not in run.stderr[0]
    assert run.cpu_seconds < cpu_seconds, f"used {run.cpu_seconds:.1f} CPU s"
    assert run.seconds < 60, f"took {run.seconds:.1f} s"
    assert run.peak_mb < peak_mb, f"peak {run.peak_mb:.0f} MB"


HOSTILE: dict[str, tuple[Callable[[Path], Path], tuple[str, ...], str]] = {
    # name: (writer, flags, what the one stderr line says)
    # Issue 20 item 8: these ended only at the time limit; the cycle is refused at once.
    "cyclic-mediabox": (bad.write_cyclic_box, (), "object 6 is a reference that leads back"),
    "cyclic-contents": (
        lambda p: bad.write_cyclic_box(p, b"Contents"),
        (),
        "(a reference cycle)",
    ),
    "cyclic-pair": (
        lambda p: bad.write_cyclic_box(p, b"Contents", loop=2),
        (),
        "(a reference cycle)",
    ),
    "cyclic-triple": (
        lambda p: bad.write_cyclic_box(p, loop=3),
        (),
        "(a reference cycle)",
    ),
    "slow": (bad.write_slow, ("--timeout", "0.5"), "gave up after 0.5 s (time limit)"),
    "form-xobject-bomb": (lambda p: bad.write_form_bomb(p, 200), (), "inflates past 32 MB"),
    "hex-flate-chain": (
        lambda p: bad.write_form_bomb(p, 64, hex_chain=True),
        ("--max-inflated-mb", "8"),
        "inflates past 8 MB",
    ),
    "tounicode-bomb": (lambda p: bad.write_cmap_bomb(p, 200), (), "inflates past 32 MB"),
    "contents-array": (
        lambda p: bad.write_contents_array(p, 8, 4),
        ("--max-inflated-mb", "16"),
        "inflate past 16 MB in all",
    ),
    "object-stream-bomb": (bad.write_object_stream_bomb, (), "inflates past 32 MB"),
    "nested-forms-1e8": (bad.write_nested_forms, ("--max-glyphs", "20000"), "glyphs"),
    "Tj-flood": (
        lambda p: bad.write_operator_flood(p, "Tj", 1_000_000),
        ("--max-operators", "20000"),
        "content operators",
    ),
    "long-string": (
        lambda p: bad.write_operator_flood(p, "glyphs", 3_000_000),
        ("--max-glyphs", "100000"),
        "glyphs",
    ),
    "moveto-flood": (
        lambda p: bad.write_operator_flood(p, "m", 1_000_000),
        ("--max-operators", "40000"),
        "content operators",
    ),
    "rect-flood": (
        lambda p: bad.write_operator_flood(p, "re", 500_000),
        ("--max-paths", "20000"),
        "path segments",
    ),
    "page-count": (
        lambda p: bad.write_many_pages(p, 2_000, stated=200_000),
        ("--max-pages", "50"),
        "200000 pages, over the 50-page limit",
    ),
    "page-count-understated": (
        lambda p: bad.write_many_pages(p, 5_000, stated=1),
        ("--max-pages", "50"),
        "more than 50 pages",
    ),
}


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_file_exits_2_in_bounded_time_and_memory(name: str, tmp_path: Path) -> None:
    writer, flags, reason = HOSTILE[name]
    pdf = writer(tmp_path / f"{name}.pdf")
    assert pdf.stat().st_size < 15_000_000
    assert_refused(run_extract(pdf, *flags), reason)


def test_memory_ceiling_stops_a_reader_that_needs_more(tmp_path: Path) -> None:
    # One 30 MB stream under the 32 MB stream limit: decoding it takes more than the
    # 16 MB the worker is allowed beyond its start.
    pdf = bad.write_operator_flood(tmp_path / "string.pdf", "glyphs", 30_000_000)
    run = run_extract(pdf, "--max-memory-mb", "16")
    assert_refused(run, "memory", peak_mb=400)


def test_default_limits_stop_floods_too(tmp_path: Path) -> None:
    pdf = bad.write_nested_forms(tmp_path / "nested.pdf")
    assert_refused(run_extract(pdf), "page 1 has more than 200,000 glyphs (limit)", cpu_seconds=20)


def test_library_warnings_stay_off_stderr_unless_asked(tmp_path: Path) -> None:
    # pdfminer logs "Refusing to execute circular reference" for a self-drawing form.
    pdf = bad.write_self_drawing_form(tmp_path / "self.pdf")
    run = run_extract(pdf)
    assert run.code == 2 and len(run.stderr) == 1, run.stderr
    verbose = subprocess.run(
        [*PORTDOC, "extract", str(pdf), "-v"], capture_output=True, text=True, timeout=60
    )
    assert "circular reference" in verbose.stderr


def test_reference_cycle_is_refused_in_well_under_a_second(tmp_path: Path) -> None:
    pdf = bad.write_cyclic_box(tmp_path / "cycle.pdf", loop=2)
    assert pdf.stat().st_size < 1000
    started = time.process_time()
    with pytest.raises(UnusableInputError, match="reference cycle"):
        read_pdf(pdf)
    assert time.process_time() - started < 0.5


def hanging_source(tmp_path: Path, revisions: int = 2) -> Path:
    """sources/hang/ with revisions that take long to read; returns sources/."""
    sources = tmp_path / "sources" / "hang"
    sources.mkdir(parents=True)
    files = [bad.write_slow(sources / f"r{i}.pdf").name for i in range(revisions)]
    meta = {
        "id": "hang",
        "vendor": "Hostile Inc",
        "product": "Relay",
        "title": "Connection Ports and Protocols",
        "family": "connection-ports-and-protocols",
        "homepage": "https://example.com/",
        "revisions": [{"file": f, "origin": "reconstruction", "note": "test"} for f in files],
    }
    (sources / "source.json").write_text(json.dumps(meta))
    return sources.parent


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_publish_holds_the_time_limit_per_revision(jobs: str, tmp_path: Path) -> None:
    sources = hanging_source(tmp_path)
    output = tmp_path / "output"
    started = time.monotonic()
    command = ["publish", "--sources", str(sources), "--output", str(output), "-q"]
    result = subprocess.run(
        [*PORTDOC, *command, "--jobs", jobs, "--timeout", "0.5"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode in (1, 2)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "gave up after 0.5 s (time limit)" in lines[0], lines
    assert time.monotonic() - started < 60
    assert processes_mentioning(str(output)) == [] and not output.exists()


def test_publish_killed_leaves_no_workers(tmp_path: Path) -> None:
    sources = hanging_source(tmp_path)
    output = tmp_path / "output"
    command = ["publish", "--sources", str(sources), "--output", str(output)]
    publish = subprocess.Popen(
        [*PORTDOC, *command, "--jobs", "2", "-q"],
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while len(processes_mentioning(str(output))) < 3 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(processes_mentioning(str(output))) == 3, "publish and its two workers"
    finally:
        publish.send_signal(signal.SIGKILL)
        publish.wait()
    deadline = time.monotonic() + 5
    while processes_mentioning(str(output)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert processes_mentioning(str(output)) == []
    assert not output.exists()


def _with_media_box(pdf: Path, box: bytes) -> Path:
    """The generated sample with its first page's MediaBox replaced in place (same
    length, so the cross-reference offsets still hold)."""
    data = pdf.read_bytes()
    start = data.index(b"/MediaBox [")
    end = data.index(b"]", start) + 1
    old = data[start:end]
    new = b"/MediaBox " + box
    assert len(new) <= len(old)
    pdf.write_bytes(data[:start] + new.ljust(len(old)) + data[end:])
    return pdf


@pytest.mark.parametrize(
    ("box", "severity", "words_read"),
    [
        (b"[0 0 0 0]", "error", False),
        (b"[595 842 0 0]", "warning", True),
        (b"[0 0 20000 842]", "warning", True),
    ],
)
def test_unusable_page_box_is_an_issue(
    box: bytes, severity: str, words_read: bool, tmp_path: Path
) -> None:
    pdf = _with_media_box(build_pdf(sample_spec(), tmp_path / "doc.pdf"), box)
    doc = extract_document(pdf)
    issues = [i for i in doc.issues if i.code == "bad-page-box"]
    assert [(i.page, i.severity) for i in issues] == [(1, severity)]
    assert bool(read_pdf(pdf).pages[0].words) == words_read


def test_review_draws_a_huge_page_capped_in_pixels(tmp_path: Path) -> None:
    pdf = _with_media_box(build_pdf(sample_spec(), tmp_path / "doc.pdf"), b"[0 0 200000 842]")
    out = tmp_path / "review"
    out.mkdir()
    images = render_pages(pdf, out)
    assert images[0][1:] == (4000, round(842 * page_scale(200_000, 842)))
    assert all(max(w, h) <= 4000 for _n, w, h in images)


def test_review_of_a_zero_size_page_writes_a_placeholder(tmp_path: Path) -> None:
    from pipeline.review import write_review

    pdf = _with_media_box(build_pdf(sample_spec(), tmp_path / "doc.pdf"), b"[0 0 0 0]")
    index = write_review(pdf, tmp_path / "review")
    html = index.read_text()
    assert "placeholder" in html and 'id="page-1"' in html


def test_control_characters_never_reach_the_words(tmp_path: Path) -> None:
    pdf = bad.write_control_characters(tmp_path / "controls.pdf")
    texts = [w.text for page in read_pdf(pdf).pages for w in page.words]
    # ESC and BEL print nothing; the tab spaces two words apart.
    assert texts == ["evilcomx.example.org", "next"]
    assert all(ch.isprintable() for text in texts for ch in text)


# --- pipeline.pdf.bounded on its own ------------------------------------------------------


def test_bounded_call_returns_its_value_or_raises_its_error() -> None:
    from pipeline.pdf.bounded import Bounds, run_bounded

    bounds = Bounds(30, 256 * 1024 * 1024, "call")
    assert run_bounded(lambda: {"pid": os.getpid()}, bounds)["pid"] != os.getpid()
    with pytest.raises(ValueError, match="bad value") as raised:
        run_bounded(lambda: int("bad value"), bounds)
    assert any("Traceback" in note for note in raised.value.__notes__)  # the worker's


def test_bounded_call_is_killed_at_its_time_and_stopped_at_its_memory() -> None:
    from pipeline.model.errors import LimitExceededError
    from pipeline.pdf.bounded import Bounds, run_bounded

    started = time.monotonic()
    with pytest.raises(LimitExceededError, match=r"^nap: gave up after 0\.5 s \(time limit\)$"):
        run_bounded(lambda: time.sleep(60), Bounds(0.5, 0, "nap"))
    assert time.monotonic() - started < 30
    with pytest.raises(LimitExceededError, match=r"^hog: needs more than 64 MB .*memory limit"):
        run_bounded(lambda: bytearray(512 * 1024 * 1024), Bounds(0, 64 * 1024 * 1024, "hog"))


def test_bounded_calls_leave_no_descriptor_open() -> None:
    """The parent waits on each child through a descriptor (a pidfd on Linux): every one
    is closed again, whether the child returned, raised or was killed at its limit."""
    from pipeline.model.errors import LimitExceededError
    from pipeline.pdf.bounded import Bounds, run_bounded

    def open_fds() -> int:
        return len(os.listdir("/proc/self/fd"))

    if not os.path.isdir("/proc/self/fd"):
        pytest.skip("no /proc/self/fd to count descriptors in")
    before = open_fds()
    for _ in range(5):
        assert run_bounded(lambda: "done", Bounds(30, 0, "quick")) == "done"
        with pytest.raises(ZeroDivisionError):
            run_bounded(lambda: 1 / 0, Bounds(30, 0, "error"))
    with pytest.raises(LimitExceededError):
        run_bounded(lambda: time.sleep(60), Bounds(0.2, 0, "nap"))
    assert open_fds() == before


def test_bounded_workers_run_side_by_side_and_each_keeps_its_own_bound() -> None:
    from pipeline.pdf.bounded import Bounds, run_many

    calls = [
        ("slow", lambda: time.sleep(60), Bounds(1, 0, "slow")),
        ("quick", lambda: "done", Bounds(30, 0, "quick")),
        ("error", lambda: 1 / 0, Bounds(30, 0, "error")),
    ]
    outcomes = {}
    for key, result in run_many(calls, workers=2):
        try:
            outcomes[key] = result()
        except Exception as e:
            outcomes[key] = type(e).__name__
    assert outcomes == {"quick": "done", "error": "ZeroDivisionError", "slow": "LimitExceededError"}


def test_a_worker_leaves_its_parents_objects_to_the_parent() -> None:
    """What the parent built is frozen in the child (its collector never walks a test
    session's or a publish's objects); the parent's own collector gets them back."""
    import gc

    from pipeline.pdf.bounded import Bounds, run_bounded

    kept = [{"n": i} for i in range(10_000)]  # tracked objects the parent holds
    frozen_in_child = run_bounded(gc.get_freeze_count, Bounds(30, 0, "count"))
    assert frozen_in_child >= len(kept)
    assert gc.get_freeze_count() == 0


def test_a_reader_is_forked_with_the_document_validators_built() -> None:
    """``load_pdf_stack`` (run before a reader is forked) builds every record's
    validator, deferred at import: the reader inherits them instead of building its own
    while its caller builds them again to write the JSON."""
    check = (
        "from pydantic_core import SchemaValidator\n"
        "from pipeline.model import models\n"
        "records = [models.Box, models.Port, models.Rule, models.Issue, models.Document]\n"
        "before = [isinstance(r.__pydantic_validator__, SchemaValidator) for r in records]\n"
        "from pipeline.pdf.pdfmodel import load_pdf_stack\n"
        "load_pdf_stack()\n"
        "after = [isinstance(r.__pydantic_validator__, SchemaValidator) for r in records]\n"
        "print(any(before), all(after))\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", check], capture_output=True, text=True, timeout=60, check=True
    )
    assert run.stdout.split() == ["False", "True"], run.stderr
