"""Headless Chromium for the tests (Debian package `chromium`; `.ci/run` installs it), and
the same browser driven through WebDriver (selenium with Debian's `chromium-driver`)."""

from __future__ import annotations

import atexit
import base64
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import printcache
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


def _print_with_the_command(html_file: Path, pdf: Path, profile: Path, header_footer: bool) -> None:
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


_PRINTER: list[Any] = []  # this process's browser, started at its first use


def _printer() -> Any | None:
    """One headless Chromium per test process, driven through WebDriver, that prints every
    page and loads the pages the browser tests measure: a browser start costs ~1.5 s, a
    print through it ~0.2 s. None where selenium or chromedriver is missing (then each
    print starts Chromium as the command does)."""
    if _PRINTER:
        return _PRINTER[0]
    try:
        from selenium import webdriver
    except ImportError:
        _PRINTER.append(None)
        return None
    binary, driver_path = chromium(), chromedriver()
    if binary is None or driver_path is None:
        _PRINTER.append(None)
        return None
    profile = tempfile.mkdtemp(prefix="portdoc-test-printer-")
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for flag in [*CHROMIUM_FLAGS, f"--user-data-dir={profile}"]:
        options.add_argument("--headless=new" if flag == "--headless" else flag)
    driver = webdriver.Chrome(
        service=webdriver.ChromeService(executable_path=driver_path), options=options
    )

    def stop() -> None:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)

    atexit.register(stop)
    _PRINTER.append(driver)
    return driver


def print_to_pdf(html_file: Path, pdf: Path, profile: Path, *, header_footer: bool = False) -> Path:
    """Chromium's "Save as PDF" of a local page; ``header_footer`` adds the browser's own
    running header (date, title) and footer (URL, "2/8").

    Printed through one browser per process with DevTools' ``Page.printToPDF`` and the
    settings ``chromium --print-to-pdf`` uses (the page's CSS size, else Letter; 1 cm
    margins; no backgrounds unless the page's CSS forces them): the same PDF, word for
    word and box for box, without a browser start per page. ``profile`` is for the
    command's fallback."""
    binary = chromium_or_skip()
    print_key = printcache.key(binary, f"header_footer={header_footer}", html_file, __file__)
    if printcache.take(print_key, pdf):
        return pdf
    driver = _printer()
    if driver is None:
        _print_with_the_command(html_file, pdf, profile, header_footer)
    else:
        driver.get(html_file.resolve().as_uri())
        printed = driver.execute_cdp_cmd(
            "Page.printToPDF", {"displayHeaderFooter": header_footer, "preferCSSPageSize": True}
        )
        pdf.write_bytes(base64.b64decode(printed["data"]))
    printcache.keep(print_key, pdf)
    return pdf


def chromedriver() -> str | None:
    return shutil.which("chromedriver") or next(
        (
            p
            for p in ("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver")
            if Path(p).is_file()
        ),
        None,
    )


@contextmanager
def webdriver_or_skip(width: int = 1400, height: int = 1000) -> Iterator[Any]:
    """The process's headless Chromium driven through WebDriver (the one that prints),
    its window set to ``width`` x ``height``, or the test skips saying what is missing.
    The driver is Debian's (never one fetched at run time)."""
    pytest.importorskip("selenium.webdriver", reason="selenium is not installed")
    chromium_or_skip()
    if chromedriver() is None:
        pytest.skip("no chromedriver (Debian package `chromium-driver`; .ci/run installs it)")
    driver = _printer()
    assert driver is not None  # selenium, chromium and chromedriver are all there
    driver.set_window_size(width, height)
    yield driver


RULED_STYLE = """
body { font-family: sans-serif; font-size: 10pt }
table { border-collapse: collapse; width: 100% }
td, th { border: 1px solid #444; padding: 3px; text-align: left; vertical-align: top }
th { background: #ddd }
"""


def html_page(body: str, style: str = RULED_STYLE) -> str:
    """A page of ``body`` (tables ruled on every side by default), for print_to_pdf."""
    return f"<html><head><style>{style}</style></head><body>\n{body}</body></html>\n"
