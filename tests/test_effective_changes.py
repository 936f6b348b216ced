"""Retirements and other dated changes of the vendor's history reach every place a person
reads changes (issue 17 item 6): `portdoc diff --format text`, the review's Changes
panel, the Atom entry and CHANGELOG.md, with the date they take effect."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pdfgen import HistoryTable, build_pdf
from pdfgen_truth import sample_spec

from pipeline.cli import main
from pipeline.diff import diff_documents, diff_text, effective_changes
from pipeline.extract import extract_document
from pipeline.model.models import Document, HistoryEntry
from pipeline.release.publish import publish
from pipeline.review import write_review

RETIRING = "The gateways 198.51.100.7 and 198.51.100.8 will be retired on 30 June 2025"
CLOSING = "Port 8025 will be closed on 1 September 2025"


def _revision(folder: Path, extra: list[tuple[str, str, str]]) -> Path:
    spec = sample_spec(n_rows=8, n_addresses=4)
    history = next(b for s in spec.sections for b in s.blocks if isinstance(b, HistoryTable))
    history.rows.extend(extra)
    version = extra[-1][1] if extra else "2.1"
    path = folder / f"relay-{version}.pdf"
    build_pdf(spec, path)
    return path


@pytest.fixture(scope="module")
def revisions(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Version 2.1, and 2.2 whose history retires an address and closes a port, each on
    a day."""
    folder = tmp_path_factory.mktemp("effective")
    old = _revision(folder, [])
    new = _revision(folder, [("May-2025", "2.2", f"{RETIRING}. {CLOSING}")])
    return old, new


def test_the_history_entry_says_when_it_takes_effect(revisions: tuple[Path, Path]) -> None:
    doc = extract_document(revisions[1])
    entry = next(h for h in doc.history if h.version == "2.2")
    assert entry.retired_addresses == ["198.51.100.7", "198.51.100.8"]
    assert entry.effective == "2025-06-30"


def test_diff_text_shows_the_retirement_with_its_date(
    revisions: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = revisions
    assert main(["diff", str(old), str(new), "--format", "text"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert "+ history  2.2" in lines
    [line] = [x for x in lines if x.startswith("! ")]
    assert line.startswith(
        "! effective 2025-06-30  retirement (history 2.2)  198.51.100.7 198.51.100.8  "
    )
    assert "will be retired on 30 June 2025" in out
    assert lines[-1].endswith("; 1 dated change: effective 2025-06-30")


def test_an_announced_change_without_addresses_is_a_dated_change() -> None:
    old = Document()
    new = Document()
    new.history = [
        HistoryEntry(version="3.0", description=CLOSING, effective="2025-09-01"),
        HistoryEntry(version="2.9", description="Typo fixes"),
    ]
    diff = diff_documents(old, new)
    assert [c.model_dump(mode="json") for c in diff.effective_changes] == [
        {"version": "3.0", "effective": "2025-09-01", "description": CLOSING}
    ]
    assert f'! effective 2025-09-01  dated change (history 3.0)  "{CLOSING}"' in diff_text(diff)
    assert effective_changes(new) == diff.effective_changes


def test_review_changes_panel_shows_the_retirement(
    revisions: tuple[Path, Path], tmp_path: Path
) -> None:
    old, new = revisions
    page = write_review(new, tmp_path / "review", previous=old).read_text(encoding="utf-8")
    [item] = re.findall(r'<li class="chg chg-effective"[^>]*>.*?</li>', page)
    assert '<span class="v mod effective">2025-06-30</span>' in item
    assert "retirement, history" in item and "−198.51.100.7" in item and "−198.51.100.8" in item
    assert "will be retired on 30 June 2025" in item
    # Each retired address links to its box on the page.
    for target in re.findall(r'href="#([^"]+)"', item):
        assert f'id="{target}"' in page


def test_publish_puts_the_retirement_in_the_changelog_and_the_feed(
    revisions: tuple[Path, Path], tmp_path: Path
) -> None:
    old, new = revisions
    source = tmp_path / "sources" / "relay"
    assert main(["add", str(source), str(old), "--origin", "vendor",
                 "--vendor", "Acme", "--product", "Relay"]) == 0  # fmt: skip
    assert main(["add", str(source), str(new), "--origin", "vendor"]) == 0
    out = tmp_path / "output"
    publish(tmp_path / "sources", out, allow_example_data=True, cache_dir=tmp_path / "cache")
    expected = "! effective 2025-06-30  retirement (history 2.2)  198.51.100.7 198.51.100.8  "
    changelog = (out / "relay" / "CHANGELOG.md").read_text()
    section = changelog[changelog.index("## 2.2") : changelog.index("## 2.1")]
    assert any(line.startswith(expected) for line in section.splitlines()), section
    assert "; 1 dated change: effective 2025-06-30" in section
    feed = (out / "relay" / "feed.atom").read_text()
    entry = feed[feed.index("<id>urn:portdoc:relay:2.2</id>") : feed.index("</entry>")]
    assert "\n" + expected in entry or '<content type="text">' + expected in entry, entry
    changes = (out / "relay" / "changes.json").read_text()
    assert '"effective": "2025-06-30"' in changes
    # The first revision's own history: its 2018 retirement is in its entry too.
    first = changelog[changelog.index("## 2.1") :]
    assert "! effective 2018-11-22  retirement (history 1.1)  192.0.2.9 192.0.2.10" in first
