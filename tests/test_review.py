"""Tests for pipeline.review: the HTML review of an extraction and its diff (issue 4)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from browser import CHROMIUM_FLAGS, chromium_or_skip, webdriver_or_skip
from corpus import CORPUS
from pdfgen import DocSpec, HistoryTable, Paragraphs, PortTable, Section, build_pdf
from PIL import Image

from pipeline.extract import extract_document
from pipeline.model.models import Issue
from pipeline.pdf.pdfmodel import read_pdf
from pipeline.review import render_review, review_sources, write_review
from pipeline.reviewmarks import VALUE_KINDS, text_marks

RELAY = CORPUS / "examplecorp-relay"
NEW = RELAY / "connection-ports-and-protocols-2.0.pdf"
OLD = RELAY / "connection-ports-and-protocols-1.1.pdf"
needs_corpus = pytest.mark.skipif(
    not RELAY.is_dir(), reason="../shared/corpus is not beside the project"
)


@pytest.fixture(scope="module")
def relay_review(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The review of relay 2.0 against 1.1: the index path."""
    return write_review(NEW, tmp_path_factory.mktemp("review"), previous=OLD)


def _anchors(page: str) -> tuple[set[str], set[str]]:
    """(ids defined, #targets linked) in the page's markup."""
    page = page[: page.index("<script>")]
    return set(re.findall(r'\bid="([^"]+)"', page)), set(re.findall(r'href="#([^"]+)"', page))


def _item(page: str, text: str) -> str:
    """The diff list item that mentions ``text``."""
    match = re.search(rf'<li class="chg [^"]*"[^>]*>(?:(?!</li>).)*{re.escape(text)}.*?</li>', page)
    assert match, f"no diff item with {text!r}"
    return match[0]


@needs_corpus
def test_review_files_diff_and_header(relay_review: Path) -> None:
    out = relay_review.parent
    page = relay_review.read_text(encoding="utf-8")
    assert relay_review.name == "index.html"
    for number in range(1, 6):
        assert (out / f"page-{number}.png").stat().st_size > 10_000
        assert f'src="page-{number}.png"' in page
    assert not (out / "page-6.png").exists()
    # The diff: added, removed and changed, each new value linked to its box and page.
    assert 'class="chg chg-added"' in _item(page, "Sandbox detonation service")
    assert 'class="chg chg-removed"' in _item(page, "News feed")
    assert 'class="chg chg-changed"' in _item(page, "SNMP monitoring")
    reputation = _item(page, "Reputation servers")
    assert re.search(
        r'href="#list-\d+-e\d+">\+198\.51\.100\.77 <span class="pg">p.&nbsp;4', reputation
    )
    assert '<span class="v del">−192.0.2.4</span>' in reputation
    sandbox = _item(page, "Sandbox detonation service")
    assert re.search(
        r'href="#rule-\d+-e\d+">\+sandbox-eu\.example\.net <span class="pg">p.&nbsp;2', sandbox
    )
    # Boxes: rule rows, evidence by kind, the diff's boxes highlighted.
    for kind in ("rule", "host_list", "history", "hosts", "addresses", "address_sources"):
        assert f'class="box k-{kind}' in page, kind
    assert re.search(r'class="box k-rule diff-added" id="rule-\d+" title="Sandbox detonation', page)
    assert re.search(r'class="box k-hosts diff-added" id="rule-\d+-e\d+"', page)
    assert 'class="box k-history diff-added"' in page
    # Every link inside the page lands on an element of the page.
    ids, targets = _anchors(page)
    assert targets and targets <= ids
    # The header: counts and the exit status of `portdoc extract`.
    truth = json.loads((RELAY / "connection-ports-and-protocols-2.0.truth.json").read_text())
    for key, count in (
        ("rules", len(truth["rules"])),
        ("host-lists", len(truth["host_lists"])),
        ("history", len(truth["history"])),
        ("errors", 0),
        ("exit", 0),
    ):
        assert f'id="count-{key}">{count}<' in page, key
    assert "version <b>2.0</b>" in page and "compared with <b>connection-ports" in page
    # Self-contained: the images beside it, links within it, nothing fetched from anywhere.
    assert set(re.findall(r'src="([^"]*)"', page)) == {f"page-{n}.png" for n in range(1, 6)}
    assert all(href.startswith("#") for href in re.findall(r'href="([^"]*)"', page))
    assert not re.search(r"<link\b|@import|url\(", page)


@needs_corpus
def test_review_is_deterministic_and_reads_a_document_json(
    relay_review: Path, tmp_path: Path
) -> None:
    old_json = tmp_path / "connection-ports-and-protocols-1.1.json"
    old_json.write_text(json.dumps(extract_document(OLD).model_dump(mode="json")))
    again = write_review(NEW, tmp_path / "again", previous=old_json)
    first = relay_review.read_text(encoding="utf-8")
    assert again.read_text(encoding="utf-8") == first.replace("1.1.pdf</b>", "1.1.json</b>")
    for number in range(1, 6):
        name = f"page-{number}.png"
        assert (again.parent / name).read_bytes() == (relay_review.parent / name).read_bytes()


def _hostile_pdf(path: Path) -> Path:
    spec = DocSpec(
        title="Connection Ports and Protocols",
        running_header="Hostile Vendor    Connection Ports and Protocols",
        sections=[
            Section("Connection Ports and Protocols", [Paragraphs(["Intro & more."])]),
            Section(
                "External Connections",
                [
                    PortTable(
                        ["Item", "UDP/TCP", "Port", "Hostname", "IP Address"],
                        [
                            [
                                "<script>alert(1)</script>",
                                "TCP",
                                "443",
                                "a.example.com",
                                "192.0.2.1",
                            ],
                            ["Bad port", "TCP", "8o", "b.example.com", "192.0.2.300"],
                        ],
                        widths=[40, 10, 10, 20, 20],
                    )
                ],
            ),
            Section(
                "Change History", [HistoryTable([("Jan-2024", "1.0", "<img src=x onerror=y>")])]
            ),
        ],
    )
    build_pdf(spec, path)
    return path


def test_review_escapes_pdf_text_and_links_issues(tmp_path: Path) -> None:
    pdf = _hostile_pdf(tmp_path / "hostile.pdf")
    page = write_review(pdf, tmp_path / "out").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=y&gt;" in page
    assert "<script>alert" not in page and "<img src=x" not in page
    # Invalid values: errors in the header, `portdoc extract` would exit 1, each issue
    # links to its box on the page.
    assert re.search(r'id="count-errors">[1-9]', page) and 'id="count-exit">1<' in page
    issues = page[page.index('id="issues"') :]
    assert re.search(
        r'<span class="sev sev-error">error</span><a href="#issue-\d+">p.&nbsp;1', issues
    )
    ids, targets = _anchors(page)
    assert targets <= ids


def test_text_not_placed_is_marked(tmp_path: Path) -> None:
    pdf = _hostile_pdf(tmp_path / "hostile.pdf")
    doc = extract_document(pdf)
    assert not any(m.kind == "unplaced" for m in text_marks(read_pdf(pdf), doc))
    dropped = next(r for r in doc.rules if "a.example.com" in r.hosts)
    doc.rules.remove(dropped)  # as if the parser had lost the row
    marks = text_marks(read_pdf(pdf), doc)
    unplaced = " ".join(m.label for m in marks if m.kind == "unplaced")
    assert "a.example.com" in unplaced and "192.0.2.1" in unplaced and "TCP" in unplaced
    structure = " ".join(m.label for m in marks if m.kind == "structure")
    assert "Item" in structure and "a.example.com" not in structure


@needs_corpus
def test_review_sources_reviews_newest_against_previous(tmp_path: Path) -> None:
    source = tmp_path / "sources" / "relay"
    source.mkdir(parents=True)
    for pdf in (NEW, OLD):
        shutil.copy(pdf, source / pdf.name)
    # The corpus's vendor name marks fixtures, which `discover_sources` refuses (they are
    # never published); a review publishes nothing, so the test names another vendor.
    meta = {
        "id": "relay",
        "vendor": "Review Test",
        "product": "Relay",
        "title": "Connection Ports and Protocols",
        "family": "connection-ports-and-protocols",
        # Listed newest first: the order of revisions comes from the documents' versions.
        "revisions": [{"file": p.name, "origin": "vendor"} for p in (NEW, OLD)],
    }
    (source / "source.json").write_text(json.dumps(meta))
    written = review_sources(tmp_path / "sources", tmp_path / "review")
    assert written == [tmp_path / "review" / "relay" / "index.html"]
    page = written[0].read_text(encoding="utf-8")
    assert "<b>connection-ports-and-protocols-2.0.pdf</b>" in page
    assert "compared with <b>connection-ports-and-protocols-1.1.pdf</b>" in page
    assert "Sandbox detonation service" in page and "Review Test Relay" in page


def test_review_sources_exits_1_when_a_newest_revision_has_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 17: review-sources said nothing of a revision publish would refuse."""
    from pdfgen_truth import sample_spec

    from pipeline.cli import main

    spec = sample_spec(n_rows=6, n_addresses=3)
    table = next(b for s in spec.sections for b in s.blocks if isinstance(b, PortTable))
    table.rows[0][2] = "8o"  # a port no one can use
    folder = tmp_path / "sources" / "relay"
    folder.mkdir(parents=True)
    build_pdf(spec, folder / "bad-port.pdf")
    meta = {
        "id": "relay",
        "vendor": "Review Test",
        "product": "Relay",
        "title": "Connection Ports and Protocols",
        "family": "connection-ports-and-protocols",
        "revisions": [{"file": "bad-port.pdf", "origin": "vendor"}],
    }
    (folder / "source.json").write_text(json.dumps(meta))
    argv = ["review-sources", "--sources", str(tmp_path / "sources")]
    assert main([*argv, "--output", str(tmp_path / "review")]) == 1
    err = capsys.readouterr().err
    index = tmp_path / "review" / "relay" / "index.html"
    assert index.is_file()
    # The bad port is left out: its row also gets a warning.
    assert err == f"{index}: relay 2.1: 1 error, 1 warning, 0 not placed\n"


@needs_corpus
def test_review_renders_in_headless_chromium(relay_review: Path, tmp_path: Path) -> None:
    binary = chromium_or_skip()
    url = relay_review.resolve().as_uri()
    shot = tmp_path / "review.png"
    # One browser start both prints the DOM the script left and takes the screenshot.
    dump = subprocess.run(
        [
            binary,
            *CHROMIUM_FLAGS,
            f"--user-data-dir={tmp_path / 'profile'}",
            "--dump-dom",
            f"--screenshot={shot}",
            "--window-size=1400,1800",
            url,
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    dom = dump.stdout
    # The script ran to its end (it appends the marker last) and no error was logged.
    assert re.search(r'<div id="review-ready" hidden="">\d+ boxes</div>', dom)
    assert "Uncaught" not in dump.stderr
    for text in ("Sandbox detonation service", "News feed", "SNMP monitoring", "198.51.100.77"):
        assert text in dom
    with Image.open(shot) as image:
        assert image.size == (1400, 1800)
        colours = image.convert("RGB").getcolors(maxcolors=1_000_000) or []
    assert shot.stat().st_size > 50_000 and len(colours) > 200


# --- geometry, measured in the browser (issue 12) ------------------------------------

GEOMETRY = """
const rect = (el) => { const r = el.getBoundingClientRect();
  return [r.left + scrollX, r.top + scrollY, r.right + scrollX, r.bottom + scrollY]; };
const sheets = {};
document.querySelectorAll('.page').forEach((page) => {
  const img = page.querySelector('.sheet img');
  sheets[page.id.slice(5)] = {rect: rect(img), natural: [img.naturalWidth, img.naturalHeight],
                              src: img.getAttribute('src')};
});
const boxes = {};
document.querySelectorAll('.box').forEach((el) => {
  boxes[el.id] = {rect: rect(el), kind: [...el.classList].find((c) => c.startsWith('k-')).slice(2),
                  page: el.closest('.page').id.slice(5)};
});
const badges = [...document.querySelectorAll('.badge')].map((el) => (
  {id: el.id, row: el.dataset.for, value: el.dataset.value || null, text: el.textContent,
   rect: rect(el)}));
return {sheets, boxes, badges};
"""


def _overlap(a: list[float], b: list[float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _contains(outer: list[float], inner: list[float], slack: float = 0.75) -> bool:
    return (
        outer[0] <= inner[0] + slack
        and outer[1] <= inner[1] + slack
        and outer[2] >= inner[2] - slack
        and outer[3] >= inner[3] - slack
    )


def _load(driver, url: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(url)
    WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.ID, "review-ready"))


@needs_corpus
def test_review_geometry_in_a_real_browser(relay_review: Path) -> None:
    """Badges cover no value and sit inside their row; each value's box holds the box
    the document JSON gives for it and every glyph drawn there (no descender cut)."""
    with webdriver_or_skip() as driver:
        _load(driver, relay_review.resolve().as_uri())
        found = driver.execute_script(GEOMETRY)
    sheets, boxes, badges = found["sheets"], found["boxes"], found["badges"]
    values = {key: box for key, box in boxes.items() if box["kind"] in VALUE_KINDS}
    # 2.0 against 1.1: two rules and a history entry added, a rule and a host list changed.
    assert sorted(b["text"] for b in badges) == ["CHANGED", "CHANGED", "NEW", "NEW", "NEW"]
    for badge in badges:
        if badge["value"]:  # a CHANGED badge on the changed value: touching its box
            value, rect = boxes[badge["value"]]["rect"], badge["rect"]
            gap_x = max(rect[0] - value[2], value[0] - rect[2], 0)
            gap_y = max(rect[1] - value[3], value[1] - rect[3], 0)
            assert max(gap_x, gap_y) < 2, badge
        else:
            assert _contains(boxes[badge["row"]]["rect"], badge["rect"], slack=0), badge
        hit = [key for key, box in values.items() if _overlap(box["rect"], badge["rect"])]
        assert not hit, (badge, hit)
    # Every evidence box of the document JSON, mapped onto its page image.
    doc = extract_document(NEW)
    pages = {page.number: page for page in read_pdf(NEW).pages}
    checked = 0
    for prefix, records in (("rule", doc.rules), ("list", doc.host_lists), ("hist", doc.history)):
        for i, record in enumerate(records):
            for j, ev in enumerate(record.evidence):
                box, sheet = values[f"{prefix}-{i}-e{j}"], sheets[str(ev.box.page)]
                page = pages[ev.box.page]
                left, top, right, bottom = sheet["rect"]
                sx, sy = (right - left) / page.width, (bottom - top) / page.height
                glyphs = [
                    left + ev.box.x0 * sx,
                    top + ev.box.top * sy,
                    left + ev.box.x1 * sx,
                    top + ev.box.bottom * sy,
                ]
                assert _contains(box["rect"], glyphs), (ev, box)
                checked += 1
    assert checked > 100
    # The ink: the pixel row just under each value box is blank across its width (the
    # box's bottom edge passes under its glyphs' descenders, not through them).
    cut = []
    greys: dict[str, Image.Image] = {}  # each page image decoded once
    for key, box in values.items():
        sheet = sheets[box["page"]]
        left, top, right, bottom = sheet["rect"]
        kx = sheet["natural"][0] / (right - left)
        ky = sheet["natural"][1] / (bottom - top)
        if sheet["src"] not in greys:
            with Image.open(relay_review.parent / sheet["src"]) as image:
                greys[sheet["src"]] = image.convert("L")
        x0, _y0, x1, y1 = box["rect"]
        row = round((y1 - top) * ky) + 1
        below = greys[sheet["src"]].crop(
            (round((x0 - left) * kx) + 2, row, round((x1 - left) * kx) - 2, row + 1)
        )
        if min(below.tobytes(), default=255) < 128:
            cut.append(key)
    assert len(greys) > 1 and not cut, cut


def test_long_issue_text_wraps_inside_the_issues_panel(tmp_path: Path) -> None:
    pdf = _hostile_pdf(tmp_path / "hostile.pdf")
    doc = extract_document(pdf)
    long_text = "https://updates.example.com/" + "very-long-path-segment/" * 30
    doc.issues.append(
        Issue(
            code="unplaced-text",
            severity="warning",
            message="text in no row " * 12,
            page=1,
            text=long_text,
        )
    )
    index = render_review(doc, pdf, tmp_path / "out")
    with webdriver_or_skip(width=1100) as driver:
        _load(driver, index.resolve().as_uri())
        panel, widest, page_width, swatches = driver.execute_script(
            """
            const panel = document.getElementById('issues').getBoundingClientRect();
            const right = Math.max(...[...document.querySelectorAll('#issues *')].map(
              (el) => el.getBoundingClientRect().right));
            const swatches = [...document.querySelectorAll('.legend .swatch')].map((el) => {
              const s = getComputedStyle(el);
              return [s.backgroundColor, s.borderTopWidth, el.getBoundingClientRect().height];
            });
            return [[panel.left, panel.right], right, document.documentElement.scrollWidth,
                    swatches];
            """
        )
    assert widest <= panel[1] + 0.5, (widest, panel)
    assert page_width <= 1100
    # Legend swatches are filled colour chips, not empty boxes beside the checkboxes.
    assert swatches
    for colour, border, height in swatches:
        assert colour.startswith("rgb(") and colour != "rgb(255, 255, 255)", colour
        assert border == "0px" and height < 11
