"""Documents printed by LibreOffice: a third PDF producer, and a hard table layout.

Vendors write these documents in office suites; LibreOffice's export (here of the
sample document as HTML, tests/htmlgen.py) draws no table rules at all, shades each
header cell on its own (behind its text only, so a wrapped "UDP/ TCP" header is taller
than its neighbours), sets every cell vertically centred (a short cell's lines fall
between a tall cell's lines), pads rows apart and repeats the header row on each page,
or not at all when the HTML has none. Each variant is converted with headless
`soffice`, extracted and scored fact by fact with the shared score.py.

LibreOffice lays out CSS newspaper columns as a float beside whatever follows (the next
section prints next to the address list), which no vendor document does; the address
lists are printed one per line instead.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import printcache
import pytest
from corpus import run_score, shared_or_skip
from htmlgen import spec_html
from pdfgen_truth import sample_spec, spec_truth
from test_relayout import TRUTH, spec_from_truth

from pipeline.extract import extract_document

NO_COLUMNS = (".columns { column-count: 3; }", "")
SAMPLES = {
    "a4": {},
    "numbered-headings": {"numbered": True},
    # Tables over several pages: header rows repeated, rows cut at page breaks.
    "long-tables": {"n_rows": 120, "n_addresses": 90},
}
# HTML's own border attribute, which LibreOffice does draw: every cell ruled, header
# cells shaded inside their rules, and an empty ruled band left under the repeated
# header where a row broke over the page.
RULED = ("<table>", '<table border="1" cellpadding="4" cellspacing="0">')
SMALL = "body { font-size: 8pt; } @page { size: letter; margin: 0.5in; }"
# Known: a cell merged over two columns, drawn without rules, whose text breaks at the
# column edge on the line a page break cuts: nothing shows the merge on that page, so
# its lines are read as two cells and the row's notes come out of order.
KNOWN_MISSES = {"long-tables": {"rule[external:Reputation rule updates].notes"}}
# Rows cut by a page break whose second parts have key values too ("LDAP connection to
# an active directory | TCP | 3268" above "global catalogue | TCP | 3269", "User
# Authentication | TCP 135 139" above "using NTLM | TCP 445, UDP 137") are one rule.
KNOWN_EXTRAS: dict[str, int] = {}


def soffice_or_skip() -> str:
    binary = shutil.which("soffice") or shutil.which("libreoffice")
    if binary is None:
        pytest.skip("no soffice (Debian package libreoffice-writer-nogui; .ci/run installs it)")
    return binary


def _convert(binary: str, folder: Path, files: list[Path], target: str) -> None:
    """Each file exported to ``folder/<stem>.pdf`` by one soffice run (the exports
    kept between runs by ``printcache``: only new ones are made)."""
    keys = {path: printcache.key(binary, target, path, __file__) for path in files}
    todo = [path for path in files if not printcache.take(keys[path], folder / f"{path.stem}.pdf")]
    if not todo:
        return
    subprocess.run(
        [
            binary,
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            target,
            "--outdir",
            str(folder),
            *(str(f) for f in todo),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "HOME": str(folder)},
    )
    for path in todo:
        printcache.keep(keys[path], folder / f"{path.stem}.pdf")


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    """Every variant printed in one soffice run: name -> (pdf, truth)."""
    shared_or_skip()  # the Clearswift variants are built from the corpus's truth
    binary = soffice_or_skip()
    folder = tmp_path_factory.mktemp("libreoffice")
    pages: dict[str, tuple[Path, Path]] = {}
    htmls = {}
    for name, options in SAMPLES.items():
        spec = sample_spec(**options)
        truth = folder / f"{name}.truth.json"
        truth.write_text(json.dumps(spec_truth(spec, vendor="ExampleCorp", product="Mail Relay")))
        htmls[name] = (spec_html(spec), truth)
    htmls["clearswift"] = (spec_html(spec_from_truth(json.loads(TRUTH.read_text()))), TRUTH)
    for name in ("long-tables", "clearswift"):
        html, truth = htmls[name]
        htmls[f"{name}-ruled"] = (html.replace(*RULED), truth)
    # Smaller type on Letter: a change-history date cut at its hyphen by the page break.
    html, truth = htmls["clearswift"]
    htmls["clearswift-8pt-letter"] = (html.replace("</style>", SMALL + "</style>"), truth)
    for name, (html, truth) in htmls.items():
        pages[name] = (folder / f"{name}.html", truth)
        pages[name][0].write_text(html.replace(*NO_COLUMNS), encoding="utf-8")
    _convert(binary, folder, [html for html, _ in pages.values()], "pdf:writer_web_pdf_Export")
    printed = {name: (html.with_suffix(".pdf"), truth) for name, (html, truth) in pages.items()}
    missing = [name for name, (pdf, _) in printed.items() if not pdf.is_file()]
    assert not missing, f"soffice printed no PDF for {missing}"
    return printed


NAMES = [*SAMPLES, "clearswift", "long-tables-ruled", "clearswift-ruled", "clearswift-8pt-letter"]


@pytest.mark.parametrize("name", NAMES)
def test_libreoffice_printed_document_scores_every_fact(
    name: str, printed: dict[str, tuple[Path, Path]], tmp_path: Path, shared: Path
) -> None:
    _scores_every_fact(name, *printed[name], tmp_path)


def _scores_every_fact(name: str, pdf: Path, truth: Path, tmp_path: Path) -> None:
    """Every fact of the truth but the known misses, nothing extra, no issues."""
    clearswift = name.startswith("clearswift")
    extra = {} if clearswift else {"vendor": "ExampleCorp", "product": "Mail Relay"}
    doc = extract_document(pdf, **extra)
    assert doc.document.producer and "LibreOffice" in doc.document.producer
    result = run_score("extract", doc.model_dump(mode="json"), truth, tmp_path)
    misses = {ln.split("miss: ", 1)[1] for ln in result.stdout.splitlines() if "miss: " in ln}
    assert misses == KNOWN_MISSES.get(name, set()), result.stdout + result.stderr
    assert f"extra: {KNOWN_EXTRAS.get(name, 0)}\n" in result.stdout, result.stdout
    assert [i.code for i in doc.issues] == []


@pytest.fixture(scope="module")
def printed_docx(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    """Word documents (tests/docxgen.py, "Table Grid" tables) exported by LibreOffice."""
    shared_or_skip()
    binary = soffice_or_skip()
    pytest.importorskip("docx")
    from docxgen import build_docx

    folder = tmp_path_factory.mktemp("libreoffice-docx")
    docs: dict[str, tuple[Path, Path]] = {}
    for name, options in (("sample", {}), ("long-tables", SAMPLES["long-tables"])):
        spec = sample_spec(**options)
        truth = folder / f"{name}.truth.json"
        truth.write_text(json.dumps(spec_truth(spec, vendor="ExampleCorp", product="Mail Relay")))
        docs[f"{name}-docx"] = (build_docx(spec, folder / f"{name}-docx.docx"), truth)
    spec = spec_from_truth(json.loads(TRUTH.read_text()))
    docs["clearswift-docx"] = (build_docx(spec, folder / "clearswift-docx.docx"), TRUTH)
    _convert(binary, folder, [path for path, _ in docs.values()], "pdf")
    printed = {name: (path.with_suffix(".pdf"), truth) for name, (path, truth) in docs.items()}
    missing = [name for name, (pdf, _) in printed.items() if not pdf.is_file()]
    assert not missing, f"soffice printed no PDF for {missing}"
    return printed


@pytest.mark.parametrize("name", ["sample-docx", "long-tables-docx", "clearswift-docx"])
def test_word_document_printed_by_libreoffice_scores_every_fact(
    name: str, printed_docx: dict[str, tuple[Path, Path]], tmp_path: Path, shared: Path
) -> None:
    _scores_every_fact(name, *printed_docx[name], tmp_path)
