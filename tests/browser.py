"""Headless Chromium for the tests (Debian package `chromium`; `.ci/run` installs it)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--enable-logging=stderr",
]


def chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        if found := shutil.which(name):
            return found
    return None


def chromium_or_skip() -> str:
    binary = chromium()
    if binary is None:
        pytest.skip("no chromium binary found (Debian package `chromium`)")
    return binary


def print_to_pdf(html_file: Path, pdf: Path, profile: Path, *, header_footer: bool = False) -> Path:
    """Chromium's "Save as PDF" of a local page; ``header_footer`` adds the browser's own
    running header (date, title) and footer (URL, "2/8")."""
    subprocess.run(
        [
            chromium_or_skip(),
            *CHROMIUM_FLAGS,
            f"--user-data-dir={profile}",
            *([] if header_footer else ["--no-pdf-header-footer"]),
            f"--print-to-pdf={pdf}",
            html_file.resolve().as_uri(),
        ],
        capture_output=True,
        timeout=120,
        check=True,
    )
    return pdf
