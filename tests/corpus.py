"""Where the shared corpus lives, and a scorer that runs the shared score.py."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
SCORE = SHARED / "tools" / "score.py"


def corpus_pdfs() -> list[Path]:
    return sorted(CORPUS.glob("*/*.pdf")) if CORPUS.is_dir() else []


def run_score(mode: str, out: dict, truth: Path, tmp_path: Path) -> subprocess.CompletedProcess:
    """Score ``out`` against ``truth`` with the shared score.py, as acceptance does."""
    out_path = tmp_path / f"{mode}-out.json"
    out_path.write_text(json.dumps(out), encoding="utf-8")
    return subprocess.run(
        [sys.executable, str(SCORE), mode, str(out_path), str(truth)],
        capture_output=True,
        text=True,
        check=False,
    )
