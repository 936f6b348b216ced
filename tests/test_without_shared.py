"""Without ../shared the suite still runs: what needs the corpus skips and says so (issue 12)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from corpus import MISSING, ROOT

# Modules that read the corpus in a module-scoped fixture or parametrize over its files.
MODULES = ["tests/test_libreoffice_pdfs.py", "tests/test_extract_corpus.py"]


def test_tests_that_need_the_corpus_skip_naming_it(tmp_path: Path) -> None:
    env = {**os.environ, "PORTDOC_SHARED": str(tmp_path / "no-shared")}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rsE", "-p", "no:cacheprovider", *MODULES],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    out = result.stdout
    assert result.returncode == 0, out + result.stderr
    assert not re.search(r"\berror", out, re.IGNORECASE), out
    assert "empty parameter set" not in out
    skips = [line for line in out.splitlines() if line.startswith("SKIPPED")]
    assert len(skips) >= 2 and all("../shared/corpus" in line for line in skips), out
    assert "../shared/corpus" in MISSING and str(tmp_path / "no-shared") in out
