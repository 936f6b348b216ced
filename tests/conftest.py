"""Shared fixtures."""

from __future__ import annotations

import fcntl
import json
from pathlib import Path

import pytest
from corpus import shared_or_skip
from hypothesis import settings


@pytest.fixture
def shared() -> Path:
    return shared_or_skip()


@pytest.fixture(scope="session")
def genre_printed(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Every variant of tests/genregen.py's VARIANTS printed once per session:
    name -> (pdf or None when its producer is missing, truth, why it is missing)."""
    from genregen import VARIANTS, print_variants

    # Two test processes wanting the prints take turns: the second finds every print
    # the first made kept (tests/printcache.py) instead of printing them again.
    lock = tmp_path_factory.getbasetemp().parent / "genre-prints.lock"
    with lock.open("w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        return print_variants(tmp_path_factory.mktemp("genre-producers"), list(VARIANTS))


# Test files that print PDFs with a browser or LibreOffice, or run hostile files to their
# time and memory limits: `make test-fast` leaves them out (`make test` runs them all).
SLOW_FILES = {
    "test_browser_pdfs.py",
    "test_diff_printed.py",
    "test_genre_producers.py",
    "test_genre_prose.py",
    "test_genre_structure.py",
    "test_libreoffice_pdfs.py",
    "test_hostile_release.py",
    "test_limits.py",
    "test_real_tables.py",
    "test_review.py",
}


# Seconds each test file took in the last run (pytest's cache, .pytest_cache/): the order
# the next run hands files to the workers in. A clean clone (CI) has no last run: it
# orders by tests/file_seconds.json, a run's seconds checked in (`make test-seconds`
# writes the last run's there).
FILE_SECONDS = "portdoc/file-seconds"
CHECKED_IN_SECONDS = Path(__file__).with_name("file_seconds.json")
_took: dict[str, float] = {}


@pytest.hookimpl(tryfirst=True)  # before xdist reads the order
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if item.path.name in SLOW_FILES:
            item.add_marker(pytest.mark.slow)
    # The longest files first (a stable sort keeps each file's own order): the workers
    # start on them and the short ones fill in at the end, instead of one worker
    # finishing a long file alone. A file in neither record (a new one) counts as
    # long if it is slow.
    cache = getattr(config, "cache", None)  # none under -p no:cacheprovider
    took = {name: 60.0 for name in SLOW_FILES}
    took |= json.loads(CHECKED_IN_SECONDS.read_text()) if CHECKED_IN_SECONDS.exists() else {}
    took |= cache.get(FILE_SECONDS, {}) if cache else {}
    items.sort(key=lambda item: -float(took.get(item.path.name, 0)))


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    name = report.nodeid.split("::", 1)[0].rsplit("/", 1)[-1]
    _took[name] = _took.get(name, 0.0) + report.duration


def pytest_sessionfinish(session: pytest.Session) -> None:
    """The run's seconds per file, kept by the process that saw every test's report (the
    xdist controller, or the one process)."""
    cache = getattr(session.config, "cache", None)
    if hasattr(session.config, "workerinput") or cache is None or not _took:
        return
    took = cache.get(FILE_SECONDS, {})
    cache.set(FILE_SECONDS, {**took, **{k: round(v, 2) for k, v in _took.items()}})


# Property tests have no deadline: speed is measured by `make bench`, not asserted by
# tests, and a first example that loads data (the Public Suffix List, IDNA tables) on a
# machine busy with the other workers took 0.6 s against hypothesis' default 0.2 s.
settings.register_profile("portdoc", deadline=None)
settings.load_profile("portdoc")
