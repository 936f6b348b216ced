"""portdoc benchmarks (issue 5): `make bench` runs this and rewrites bench/results.md.

Every measurement is a fresh process, timed from spawn to exit, with its own peak RSS
and CPU time from ``os.wait4``. Commands being compared alternate run by run (after one
untimed warm-up each, which also fills the byte-code cache) and the median is kept.
See bench/README.md for what each section measures and how to read it.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
PYTHON = sys.executable
PORTDOC = str(Path(sys.executable).parent / "portdoc")  # the installed console script
GOAL_RATIO = 1.3
GOAL_CACHED_SECONDS = 1.0
SCALES = {1: 5, 10: 5, 50: 5}  # size factor -> timed runs
PUBLISH_FACTOR, PUBLISH_ROUNDS = 5, 3  # the synthetic revisions of the jobs=1/2 comparison
# The flow matrix (issue 10) at about 6, 26 and 100 pages: its table row is the largest;
# the two smaller ones give the marginal cost per page and the working-memory baseline.
FLOW_SITES, FLOW_REPEATS = (5, 25, 100), 3

# The children, each run as `python -c CODE ARG...`; each prints one JSON line.
FLOOR = """
import json, sys, pdfplumber
pages = chars = 0
with pdfplumber.open(sys.argv[1]) as pdf:
    for page in pdf.pages:
        chars += len(page.chars)
        page.lines, page.rects, page.annots, page.hyperlinks
        pages += 1
        page.close()
print(json.dumps({"pages": pages, "chars": chars}))
"""
PLUMBER_TABLES = """
import json, sys, pdfplumber
cells = []
with pdfplumber.open(sys.argv[1]) as pdf:
    for page in pdf.pages:
        cells += [c for t in page.extract_tables() for row in t for c in row if c]
        page.close()
print(json.dumps(cells))
"""
CAMELOT = """
import json, sys, camelot
tables = camelot.read_pdf(sys.argv[1], pages="all", flavor="lattice")
print(json.dumps([c for t in tables for row in t.df.values.tolist() for c in row if c]))
"""
# Memory an extraction needs beyond its result: peak traced allocations minus what the
# finished Document holds. The first call pays for imports, validators and caches, once
# per process whatever the page count; the second call is the one measured.
MEMORY = """
import gc, json, sys, tracemalloc
from pathlib import Path
from pipeline.extract import extract_here
pdf = Path(sys.argv[1])
extract_here(pdf)
gc.collect()
tracemalloc.start()
doc = extract_here(pdf)  # in this process: extract_document's worker would hide it
gc.collect()
held, peak = tracemalloc.get_traced_memory()
print(json.dumps({"peak": peak / 2**20, "result": held / 2**20}))
"""
PUBLISH = """
import json, sys, time
from pathlib import Path
from pipeline.release.publish import publish
start = time.perf_counter()
source, output, jobs, cache = sys.argv[1:]
# The synthetic sources are the test corpus's content (example.* names): allowed here.
r = publish(Path(source), Path(output), jobs=int(jobs), cache_dir=Path(cache),
            allow_example_data=True)
print(json.dumps({"seconds": time.perf_counter() - start, "extracted": r.extracted,
                  "cached": r.cached, "written": r.written}))
"""


def say(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


# --- running and timing one process ---------------------------------------------------


@dataclass(frozen=True)
class Run:
    wall: float  # seconds, spawn to exit
    cpu: float  # user + system seconds
    rss: float  # peak resident set, MB
    rc: int
    out: str
    err: str


def child_env(pycache: Path) -> dict[str, str]:
    """Byte code cached (as on a user's machine), in a folder of the bench's own."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return env | {"PYTHONPYCACHEPREFIX": str(pycache)}


ENV: dict[str, str] = {}


def run(argv: Sequence[str]) -> Run:
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=out, stderr=err, env=ENV, cwd=ROOT)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0), err.seek(0)
        texts = [f.read().decode("utf-8", "replace") for f in (out, err)]
    cpu, rss = usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024  # KiB on Linux
    return Run(wall, cpu, rss, proc.returncode, *texts)


@dataclass(frozen=True)
class Timing:
    wall: float
    cpu: float
    rss: float
    first: Run  # the warm-up run: its output is what the comparisons read

    @property
    def ok(self) -> bool:
        return self.first.rc in (0, 1)


def alternate(commands: dict[str, list[str]], repeats: int) -> dict[str, Timing]:
    """One warm-up per command, then ``repeats`` rounds in turn; medians per command."""
    first = {name: run(argv) for name, argv in commands.items()}
    runs: dict[str, list[Run]] = {name: [] for name in commands}
    for _ in range(repeats):
        for name, argv in commands.items():
            if first[name].rc in (0, 1):
                runs[name].append(run(argv))
    return {  # a command that failed its warm-up is not repeated: its warm-up stands
        name: Timing(
            *(median(done or [first[name]], f) for f in ("wall", "cpu", "rss")), first[name]
        )
        for name, done in runs.items()
    }


def median(runs: Iterable[Run], field: str) -> float:
    return statistics.median(getattr(r, field) for r in runs)


def last_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1][:200] if lines else "(no message)"


# --- what comes out intact ----------------------------------------------------------------


def fact_set(doc: dict) -> set[str]:
    """Hostnames and addresses of every rule and host list (truth or portdoc JSON)."""
    groups = doc.get("rules", []) + doc.get("host_lists", [])
    return {str(v).strip().lower() for g in groups for k in ("hosts", "addresses") for v in g[k]}


def cell_lines(cells: Iterable[str]) -> set[str]:
    """Every line of every cell, as a user would copy it out of a table."""
    return {line.strip().strip(",;").lower() for cell in cells for line in str(cell).splitlines()}


def recall(found: set[str], truth: set[str]) -> str:
    return f"{len(found & truth)}/{len(truth)} ({100 * len(found & truth) / len(truth):.0f}%)"


# --- the document sets ----------------------------------------------------------------------


def real_pdfs() -> list[tuple[list[Path], Path | None]]:
    """Distinct PDFs of sources/ and the shared corpus (same bytes = one entry), each
    with the truth beside whichever copy has one."""
    groups: dict[str, list[Path]] = {}
    for path in sorted(ROOT.glob("sources/*/*.pdf")) + sorted(CORPUS.glob("*/*.pdf")):
        groups.setdefault(hashlib.sha256(path.read_bytes()).hexdigest(), []).append(path)
    found = []
    for paths in groups.values():
        truths = [p.with_name(p.stem + ".truth.json") for p in paths]
        found.append((paths, next((t for t in truths if t.is_file()), None)))
    return found


def shown(paths: Sequence[Path]) -> str:
    where = ", ".join("sources/" if p.is_relative_to(ROOT) else "corpus" for p in paths)
    return f"{paths[0].parent.name}/{paths[0].name} ({where})"


def synthetic_pdf(folder: Path, factor: int, version: str | None = None) -> Path:
    """tests/pdfgen's sample document with its tables and address lists grown ``factor``
    times; ``version`` adds a newer change-history entry (another revision)."""
    sys.path.insert(0, str(ROOT / "tests"))
    from pdfgen import HistoryTable, build_pdf
    from pdfgen_truth import sample_spec

    spec = sample_spec(n_rows=27 * factor, n_addresses=27 * factor)
    if version:
        history = next(b for s in spec.sections for b in s.blocks if isinstance(b, HistoryTable))
        history.rows.append(("Mar 2021", version, f"Benchmark revision {version}"))
    path = folder / f"synthetic-{factor}x-{version or 'base'}.pdf"
    build_pdf(spec, path)
    return path


def flow_matrix_pdf(folder: Path, sites: int) -> Path:
    """tests/genrespec's flow matrix (From/To header, sub-heading rows, a change history)
    repeated for ``sites`` sites, printed by reportlab on A4 landscape: ~1 page a site."""
    sys.path.insert(0, str(ROOT / "tests"))
    from genregen import build_genre_pdf
    from genrespec import flow_matrix

    path = folder / f"flow-matrix-{sites}-sites.pdf"
    build_genre_pdf(flow_matrix("from-to", sites=sites), path, "a4", "landscape")
    return path


# --- the sections ---------------------------------------------------------------------------


def md_table(head: str, rows: Iterable[str]) -> list[str]:
    """A Markdown table from its header and rows, each written ``a | b | c``."""
    return [f"| {head} |", "|" + "---|" * (head.count(" | ") + 1), *(f"| {r} |" for r in rows)]


def extract_cmd(pdf: Path, out: Path, *extra: str) -> list[str]:
    return [PORTDOC, "extract", "-q", str(pdf), "-o", str(out), *extra]


def floor_cmd(pdf: Path) -> list[str]:
    return [PYTHON, "-c", FLOOR, str(pdf)]


def yes(ok: bool) -> str:
    return "**yes**" if ok else "**no**"


def section_files(tmp: Path, repeats: int, camelot_error: str | None) -> list[str]:
    speed, found = [], []
    out = tmp / "extract.json"
    for paths, truth_path in real_pdfs():
        pdf, name = paths[0], shown(paths)
        say(f"files: {name}")
        commands = {"extract": extract_cmd(pdf, out), "floor": floor_cmd(pdf)}
        commands["tables"] = [PYTHON, "-c", PLUMBER_TABLES, str(pdf)]
        if camelot_error is None:
            commands["camelot"] = [PYTHON, "-c", CAMELOT, str(pdf)]
        t = alternate(commands, repeats)
        ex, fl = t["extract"], t["floor"]
        if not (ex.ok and fl.ok):
            why = last_line((fl if ex.ok else ex).first.err)
            speed.append(f"{name} | - | failed: {why}" + " | -" * 6)
            continue
        ratio, pages = ex.wall / fl.wall, json.loads(fl.first.out)["pages"]
        speed.append(
            f"{name} | {pages} | {ex.wall:.2f} | {fl.wall:.2f} | **{ratio:.2f}x** | "
            f"{ex.cpu / fl.cpu:.2f}x | {ex.rss:.0f} | {fl.rss:.0f} | {yes(ratio <= GOAL_RATIO)}"
        )
        if truth_path is None:
            continue
        truth = fact_set(json.loads(truth_path.read_text(encoding="utf-8")))
        doc = fact_set(json.loads(out.read_text(encoding="utf-8")))
        row = f"{name} | {len(truth)} | {ex.wall:.2f} | {recall(doc, truth)}"
        for tool in ("tables", "camelot"):
            if tool not in t:
                row += " | n/a | n/a"
            elif not t[tool].ok:
                row += f" | failed | {last_line(t[tool].first.err)}"
            else:
                cells = cell_lines(json.loads(t[tool].first.out))
                row += f" | {t[tool].wall:.2f} | {recall(cells, truth)}"
        found.append(row)
    lines = [
        "## 1. `portdoc extract` against the pdfplumber floor",
        "",
        f"Median of {repeats} alternating runs per command: wall seconds from spawn to exit "
        "(interpreter start-up included in both), CPU = user + system seconds, peak RSS. "
        f"Ratio = extract / floor; goal <= {GOAL_RATIO}x.",
        "",
        *md_table(
            "file | pages | extract s | floor s | ratio (wall) | ratio (CPU) | extract RSS MB"
            f" | floor RSS MB | <= {GOAL_RATIO}x",
            speed,
        ),
        "",
        "## 2. Against what a user would reach for instead",
        "",
        "Facts = the truth's hostnames and addresses (rules and host lists, as one set). A "
        "fact counts for pdfplumber `extract_tables()` or camelot (lattice) when it is a whole "
        "line of one of their table cells (case and a trailing comma ignored); for portdoc "
        f"when it is in its JSON's rules or host lists. Seconds: median of {repeats} runs.",
        "",
    ]
    if camelot_error:
        lines += [f"camelot could not be run: `{camelot_error}`", ""]
    head = "file | facts | portdoc s | portdoc recall | extract_tables s | extract_tables recall"
    return [*lines, *md_table(head + " | camelot s | camelot recall", found), ""]


def section_scaling(tmp: Path) -> list[str]:
    rows, points = [], []
    for factor, repeats in SCALES.items():
        pdf = synthetic_pdf(tmp, factor)
        say(f"scaling: {factor}x")
        # A loaded machine must not trip the 60 s default time limit on the large file.
        extract = extract_cmd(pdf, tmp / "scaled.json", "--timeout", "900")
        t = alternate({"extract": extract, "floor": floor_cmd(pdf)}, repeats)
        ex, fl = t["extract"], t["floor"]
        memory = run([PYTHON, "-c", MEMORY, str(pdf)])
        if not ex.ok or memory.rc != 0:
            failed = ex.first if not ex.ok else memory
            rows.append(f"{factor}x | - | failed: {last_line(failed.err)}" + " | -" * 9)
            continue
        stats, traced = json.loads(fl.first.out), json.loads(memory.out)
        pages = stats["pages"]
        working = traced["peak"] - traced["result"]
        points.append((pages, ex, fl, traced["result"], working))
        rows.append(
            f"{factor}x ({repeats} runs) | {pages} | {stats['chars']} | {ex.wall:.2f} | "
            f"{ex.wall / pages:.3f} | {ex.cpu / pages:.3f} | {fl.wall / pages:.3f} | "
            f"{ex.wall / fl.wall:.2f}x | {ex.rss:.0f} | {fl.rss:.0f} | "
            f"{traced['result']:.1f} | {working:.1f}"
        )
    flow_row, flow_lines = flow_matrix_scaling(tmp)
    rows.append(flow_row)
    head = "size | pages | chars | extract s | extract s/page | extract CPU s/page"
    head += " | floor s/page | ratio | extract RSS MB | floor RSS MB | result MB | working MB"
    lines = [
        "## 3. Scaling: synthetic revisions (tests/pdfgen sample, tables and address lists grown)",
        "",
        "Result MB: the finished Document in memory (traced allocations it holds). Working "
        "MB: the peak of traced allocations during `extract_here` minus the result, "
        "i.e. what extraction needs beyond what it returns (one run; the process has "
        "extracted the same file once before, so one-time imports and caches are excluded).",
        "",
        *md_table(head, rows),
        "",
    ]
    if len(points) == len(SCALES):
        (p1, e1, f1, _, w1), (p2, e2, f2, _, _), (p3, e3, f3, r3, w3) = points
        c1, c2, c3 = (json.loads(f.first.out)["chars"] for f in (f1, f2, f3))
        early, late = (e2.cpu - e1.cpu) / (p2 - p1), (e3.cpu - e2.cpu) / (p3 - p2)
        per_k = [
            1000 * (b.cpu - a.cpu) / (cb - ca)
            for a, b, ca, cb in ((e1, e2, c1, c2), (e2, e3, c2, c3))
        ]
        # The floor's marginal cost over the same pages, measured in the same alternating
        # rounds: dividing by it cancels both denser pages and a machine slowing down.
        rel = [
            (b.cpu - a.cpu) / (fb.cpu - fa.cpu)
            for a, b, fa, fb in ((e1, e2, f1, f2), (e2, e3, f2, f3))
        ]
        ex_kb, fl_kb = (1024 * (e.rss - f.rss) / (p3 - p1) for e, f in ((e3, e1), (f3, f1)))
        lines += [
            f"- Marginal CPU per added page: {early:.3f} s ({p1}->{p2} pages), {late:.3f} s "
            f"({p2}->{p3} pages); per added 1000 characters: {per_k[0]:.3f} s, {per_k[1]:.3f} s;"
            f" as a multiple of the floor's marginal CPU over the same pages: {rel[0]:.2f}x, "
            f"{rel[1]:.2f}x. Per-page time flat (the floor-relative marginal within 25%): "
            f"{yes(rel[1] <= 1.25 * rel[0])}.",
            f"- Working memory {w1:.1f} MB at {p1} pages, {w3:.1f} MB at {p3}. Memory beyond "
            f"the result bounded by the page in hand (no more than 1 MB above the "
            f"{p1}-page figure at {p3} pages): {yes(w3 <= w1 + 1.0)}.",
            f"- Peak RSS growth per added page, {p1}->{p3} pages: extract {ex_kb:.0f} KB/page "
            f"({e3.rss - e1.rss:+.0f} MB in all, of which the result itself is about "
            f"{r3:.0f} MB at {p3} pages), floor {fl_kb:.0f} KB/page ({f3.rss - f1.rss:+.0f} MB).",
            "",
        ]
    return lines + flow_lines


def flow_matrix_scaling(tmp: Path) -> tuple[str, list[str]]:
    """The 100-page flow matrix's row of the scaling table, and what it shows against the
    same matrix at fewer pages (timed in the same alternating rounds)."""
    commands, pdfs = {}, {}
    for sites in FLOW_SITES:
        pdfs[sites] = flow_matrix_pdf(tmp, sites)
        out = tmp / f"flow-{sites}.json"
        commands[f"extract-{sites}"] = extract_cmd(pdfs[sites], out, "--timeout", "900")
        commands[f"floor-{sites}"] = floor_cmd(pdfs[sites])
    say(f"scaling: flow matrix, {' / '.join(map(str, FLOW_SITES))} sites")
    t = alternate(commands, FLOW_REPEATS)
    memory = {sites: run([PYTHON, "-c", MEMORY, str(pdf)]) for sites, pdf in pdfs.items()}
    failed = [t[k].first for k in commands if not t[k].ok] + [
        m for m in memory.values() if m.rc != 0
    ]
    if failed:
        return f"flow matrix | - | failed: {last_line(failed[0].err)}" + " | -" * 9, []
    points = []
    for sites in FLOW_SITES:
        ex, fl = t[f"extract-{sites}"], t[f"floor-{sites}"]
        stats, traced = json.loads(fl.first.out), json.loads(memory[sites].out)
        points.append((stats, ex, fl, traced["result"], traced["peak"] - traced["result"]))
    stats, ex, fl, result, working = points[-1]
    pages = stats["pages"]
    row = (
        f"flow matrix ({FLOW_REPEATS} runs) | {pages} | {stats['chars']} | {ex.wall:.2f} | "
        f"{ex.wall / pages:.3f} | {ex.cpu / pages:.3f} | {fl.wall / pages:.3f} | "
        f"{ex.wall / fl.wall:.2f}x | {ex.rss:.0f} | {fl.rss:.0f} | {result:.1f} | {working:.1f}"
    )
    (s1, e1, f1, _, w1), (s2, e2, f2, _, _), (s3, e3, f3, _, w3) = points
    p1, p2, p3 = (s["pages"] for s in (s1, s2, s3))
    rel = [
        (b.cpu - a.cpu) / (fb.cpu - fa.cpu) for a, b, fa, fb in ((e1, e2, f1, f2), (e2, e3, f2, f3))
    ]
    lines = [
        f"- Flow matrix (tests/genrespec, From/To header, reportlab, A4 landscape; issue 10): "
        f"the same matrix at {p1}, {p2} and {p3} pages, {FLOW_REPEATS} alternating runs each. "
        f"Marginal CPU per added page {(e2.cpu - e1.cpu) / (p2 - p1):.3f} s ({p1}->{p2}), "
        f"{(e3.cpu - e2.cpu) / (p3 - p2):.3f} s ({p2}->{p3}); as a multiple of the floor's: "
        f"{rel[0]:.2f}x, {rel[1]:.2f}x. Per-page time flat (within 25%): "
        f"{yes(rel[1] <= 1.25 * rel[0])}. Working memory {w1:.1f} MB at {p1} pages, "
        f"{w3:.1f} MB at {p3}; bounded (no more than 1 MB above): {yes(w3 <= w1 + 1.0)}.",
        "",
    ]
    return row, lines


def write_source(root: Path, source_id: str, pdfs: Sequence[Path]) -> None:
    """A source folder for the bench only, in its temporary folder. Its vendor is not a
    fixture vendor (publish refuses ExampleCorp documents, which these are underneath)."""
    folder = root / source_id
    folder.mkdir(parents=True)
    note = "synthetic benchmark document (tests/pdfgen); never published"
    for pdf in pdfs:
        shutil.copy(pdf, folder / pdf.name)
    meta = {
        "id": source_id,
        "vendor": "portdoc bench",
        "product": f"Synthetic {source_id}",
        "title": "Connection Ports and Protocols",
        "family": "connection-ports-and-protocols",
        "revisions": [{"file": p.name, "origin": "reconstruction", "note": note} for p in pdfs],
    }
    (folder / "source.json").write_text(json.dumps(meta, indent=2), encoding="utf-8")


def publish_rounds(
    tmp: Path, commands: dict[str, tuple[Path, int]], repeats: int, again: Collection[str] = ()
) -> dict[str, list[Run]]:
    """Each round runs every command from an empty output and cache ("cold"); for those
    named in ``again`` the same publish follows with nothing changed (a cache hit)."""
    runs: dict[str, list[Run]] = {}
    for k in range(repeats):
        for name, (sources, jobs) in commands.items():
            work = tmp / f"publish-{k}-{jobs}"
            argv = [PYTHON, "-c", PUBLISH, str(sources), str(work / "out"), str(jobs)]
            hit = name.replace("cold", "unchanged (cache hit)")
            for label in [name, hit] if name in again else [name]:
                r = run([*argv, str(work / "cache")])
                if r.rc != 0:
                    raise SystemExit(f"publish ({label}) failed: {last_line(r.err)}")
                runs.setdefault(label, []).append(r)
            shutil.rmtree(work)
    return runs


def publish_row(label: str, runs: Sequence[Run]) -> tuple[str, float, float]:
    wall, rss = statistics.median(r.wall for r in runs), statistics.median(r.rss for r in runs)
    inner = statistics.median(json.loads(r.out)["seconds"] for r in runs)
    last = json.loads(runs[-1].out)
    done = f"{last['extracted']} parsed, {last['cached']} cached"
    return f"{label} | {wall:.2f} | {inner:.2f} | {rss:.0f} | {done}", wall, inner


def section_publish(tmp: Path, repeats: int) -> list[str]:
    say("publish: sources/")
    sources = {"sources/, cold, jobs=1": (ROOT / "sources", 1)}
    publish_rounds(tmp, sources, 1, sources)  # warm-up: byte code of the publish stages
    results = publish_rounds(tmp, sources, repeats, sources)
    tree = tmp / "synthetic-sources"
    pdfs = [synthetic_pdf(tmp, PUBLISH_FACTOR), synthetic_pdf(tmp, PUBLISH_FACTOR, "2.2")]
    for source_id in ("bench-a", "bench-b"):
        write_source(tree, source_id, pdfs)
    say("publish: 2 synthetic sources x 2 revisions, jobs=1 vs jobs=2")
    label = f"2 sources x 2 synthetic {PUBLISH_FACTOR}x revisions, cold, jobs="
    jobs = {f"{label}{n}": (tree, n) for n in (1, 2)}
    results |= publish_rounds(tmp, jobs, min(repeats, PUBLISH_ROUNDS), [f"{label}1"])
    table = {name: publish_row(name, runs) for name, runs in results.items()}
    _, hit_wall, hit_inner = table["sources/, unchanged (cache hit), jobs=1"]
    _, big_wall, big_inner = table[f"{label.replace('cold', 'unchanged (cache hit)')}1"]
    speedup = table[f"{label}1"][1] / table[f"{label}2"][1]
    return [
        "## 4. publish",
        "",
        f"Median of {repeats} rounds ({min(repeats, PUBLISH_ROUNDS)} for the synthetic "
        "sources); each round starts from an empty output folder and cache (the cache-hit "
        "run then repeats the round's publish with nothing changed). "
        "`process s` is the whole `python -c 'publish(...)'` process; `publish() s` the "
        "call alone. RSS is the parent process's (pool workers are not counted).",
        "",
        *md_table(
            "run | process s | publish() s | RSS MB | revisions", (r for r, *_ in table.values())
        ),
        "",
        f"- Nothing changed: {hit_wall:.2f} s for the process, {hit_inner:.2f} s for the "
        f"call; goal < {GOAL_CACHED_SECONDS:g} s: {yes(hit_wall < GOAL_CACHED_SECONDS)}. "
        f"With the 4 synthetic revisions: {big_wall:.2f} s ({big_inner:.2f} s for the call).",
        f"- jobs=2 speed-up over jobs=1 on {os.cpu_count()} cores: **{speedup:.2f}x**.",
        "",
    ]


# --- the report ---------------------------------------------------------------------------


def version_of(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def camelot_problem() -> str | None:
    probe = run([PYTHON, "-c", "import camelot"])
    return None if probe.rc == 0 else last_line(probe.err)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7, help="timed runs per command")
    parser.add_argument("--output", default=str(ROOT / "bench" / "results.md"))
    parser.add_argument("--skip", nargs="*", default=[], choices=["files", "scaling", "publish"])
    args = parser.parse_args(argv)
    started, load = time.perf_counter(), os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="portdoc-bench-") as name:
        tmp = Path(name)
        ENV.update(child_env(tmp / "pycache"))
        problem = camelot_problem()
        body = []
        if "files" not in args.skip:
            body += section_files(tmp, args.repeats, problem)
        if "scaling" not in args.skip:
            body += section_scaling(tmp)
        if "publish" not in args.skip:
            body += section_publish(tmp, args.repeats)
    minutes = (time.perf_counter() - started) / 60
    head = [
        "# portdoc benchmark results",
        "",
        "Written by `make bench` (`bench/run.py`); see `bench/README.md` for how to read it.",
        "",
        f"- date: {datetime.date.today().isoformat()}; bench took {minutes:.1f} min",
        f"- machine: {os.cpu_count()} cores, {platform.machine()}, {platform.system()}; "
        f"1-min load average {load:.2f} at start, {os.getloadavg()[0]:.2f} at end",
        f"- Python {platform.python_version()}; pdfplumber {version_of('pdfplumber')}, "
        f"pdfminer.six {version_of('pdfminer.six')}, pydantic {version_of('pydantic')}, "
        f"camelot-py {version_of('camelot-py')}, portdoc {version_of('portdoc')}",
        "",
    ]
    Path(args.output).write_text("\n".join(head + body), encoding="utf-8")
    say(f"wrote {args.output} ({minutes:.1f} min)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
