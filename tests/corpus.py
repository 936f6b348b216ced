"""Where the shared corpus lives, and a scorer that runs the shared score.py.

``../shared`` beside the project by default; ``PORTDOC_SHARED`` names another folder
(pointed at a missing one, every test that needs it skips with a reason saying so).
"""

from __future__ import annotations

import contextlib
import functools
import io
import json
import os
import subprocess
import sys
import unittest.mock
import warnings
from collections.abc import Sequence
from pathlib import Path
from types import CodeType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("PORTDOC_SHARED") or ROOT.parent / "shared")
CORPUS = SHARED / "corpus"
SCORE = SHARED / "tools" / "score.py"
MISSING = (
    f"needs ../shared/corpus and ../shared/tools/score.py beside the project "
    f"(looked in {SHARED}; PORTDOC_SHARED names another folder)"
)


def shared_missing() -> bool:
    return not (CORPUS.is_dir() and SCORE.is_file())


# For a test or module that reads the corpus or the scorer.
needs_shared = pytest.mark.skipif(shared_missing(), reason=MISSING)


def shared_or_skip() -> Path:
    """``SHARED``, or the calling test (or fixture) skips saying what it needs."""
    if shared_missing():
        pytest.skip(MISSING)
    return SHARED


def corpus_params(items: Sequence[Any]) -> list[Any]:
    """Parameters that come from the corpus: with none, one parameter that skips with
    the reason (pytest's own "got empty parameter set" says nothing of ../shared)."""
    if items:
        return list(items)
    return [pytest.param(None, id="no-shared-corpus", marks=pytest.mark.skip(reason=MISSING))]


def corpus_pdfs() -> list[Path]:
    return sorted(CORPUS.glob("*/*.pdf")) if CORPUS.is_dir() else []


def run_score(mode: str, out: dict, truth: Path, tmp_path: Path) -> subprocess.CompletedProcess:
    """Score ``out`` against ``truth`` with the shared score.py, as acceptance does."""
    out_path = tmp_path / f"{mode}-out.json"
    out_path.write_text(json.dumps(out), encoding="utf-8")
    return score_file(mode, out_path, truth)


@functools.cache
def _score_code() -> CodeType:
    return compile(SCORE.read_bytes(), str(SCORE), "exec")


def score_file(mode: str, out_path: Path, truth: Path) -> subprocess.CompletedProcess:
    """``python3 score.py MODE OUT TRUTH``, run in this process: the same script as
    acceptance runs, its printout and exit code, without a Python start-up per score
    (115 of them a run). Each call gets a fresh copy of the script's globals; the files
    it opens and leaves to the garbage collector warn nothing (as at a process's end)."""
    argv = [str(SCORE), mode, str(out_path), str(truth)]
    printed, namespace = io.StringIO(), {"__name__": "score", "__file__": str(SCORE)}
    code = 0
    with (
        contextlib.redirect_stdout(printed),
        unittest.mock.patch.object(sys, "argv", argv),
        warnings.catch_warnings(),
    ):
        warnings.simplefilter("ignore", ResourceWarning)
        exec(_score_code(), namespace)
        try:
            namespace["main"]()
        except SystemExit as done:
            code = done.code if isinstance(done.code, int) else 1
    return subprocess.CompletedProcess([sys.executable, *argv], code, printed.getvalue(), "")
