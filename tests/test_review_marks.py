"""The review marks the value that changed (issue 17 item 7): a changed port's own box is
ringed as changed and the rule's CHANGED badge sits beside it, not beside an unchanged
value of the row; where a field has no box of its own, the record's box is used as
before. Its colours are told apart with any colour vision, and not by colour alone."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

import pytest
from browser import webdriver_or_skip
from pdfgen import PortTable, build_pdf
from pdfgen_truth import sample_spec
from test_review import GEOMETRY, _load, _overlap

from pipeline.extract import extract_document
from pipeline.model.models import Box, Document, Evidence
from pipeline.pdf.pdfmodel import read_pdf
from pipeline.review import render_review
from pipeline.reviewmarks import VALUE_KINDS

SERVICE = "Online documentation"


def _revision(path: Path, port: str) -> Path:
    """The sample document with the "Online documentation" row on ``port``."""
    spec = sample_spec(n_rows=6, n_addresses=3)
    tables = [b for s in spec.sections for b in s.blocks if isinstance(b, PortTable)]
    row = next(r for table in tables for r in table.rows if r[0] == SERVICE)
    row[2] = port
    build_pdf(spec, path)
    return path


def _with_port_box(doc: Document, pdf: Path, port: str) -> tuple[int, int]:
    """(rule index, evidence index) of the row's port box: the extraction's own, or where
    this build of the extractor gives ports no box yet, the printed word's."""
    i = next(k for k, r in enumerate(doc.rules) if r.service == SERVICE)
    rule = doc.rules[i]
    for j, ev in enumerate(rule.evidence):
        if ev.field == "ports" and ev.value.endswith(f"/{port}"):
            return i, j
    row = rule.provenance.box
    assert row is not None
    page = next(p for p in read_pdf(pdf).pages if p.number == row.page)
    [word] = [w for w in page.words if w.text == port and row.top <= w.yc <= row.bottom]
    box = Box(page=page.number, x0=word.x0, top=word.top, x1=word.x1, bottom=word.bottom)
    rule.evidence.append(Evidence(field="ports", value=f"tcp/{port}", text=port, box=box))
    return i, len(rule.evidence) - 1


@pytest.fixture(scope="module")
def port_change(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int, int, int]:
    """The review of a revision whose only change is a port (80 -> 6514): the index,
    the rule's index, its port box's evidence index and its host box's."""
    folder = tmp_path_factory.mktemp("port-change")
    old = extract_document(_revision(folder / "old.pdf", "80"))
    pdf = _revision(folder / "new.pdf", "6514")
    new = extract_document(pdf)
    i, port = _with_port_box(new, pdf, "6514")
    host = next(j for j, ev in enumerate(new.rules[i].evidence) if ev.field == "hosts")
    return render_review(new, pdf, folder / "review", old), i, port, host


def test_the_changed_port_is_ringed_and_the_unchanged_host_is_not(
    port_change: tuple[Path, int, int, int],
) -> None:
    index, i, port, host = port_change
    page = index.read_text(encoding="utf-8")
    assert re.search(rf'<div class="box k-value diff-changed" id="rule-{i}-e{port}"', page)
    assert re.search(rf'<div class="box k-hosts" id="rule-{i}-e{host}"', page)
    [badge] = re.findall(rf'<div class="badge badge-changed"[^>]*data-for="rule-{i}"[^>]*>', page)
    assert f'data-value="rule-{i}-e{port}"' in badge


def test_the_changed_badge_sits_on_the_changed_port_in_a_browser(
    port_change: tuple[Path, int, int, int],
) -> None:
    index, i, port, host = port_change
    with webdriver_or_skip() as driver:
        _load(driver, index.resolve().as_uri())
        found = driver.execute_script(GEOMETRY)
    boxes = found["boxes"]
    [badge] = [b for b in found["badges"] if b["row"] == f"rule-{i}"]
    assert badge["text"] == "CHANGED"
    port_box, host_box = boxes[f"rule-{i}-e{port}"]["rect"], boxes[f"rule-{i}-e{host}"]["rect"]

    def gap(a: list[float], b: list[float]) -> float:
        dx = max(b[0] - a[2], a[0] - b[2], 0)
        dy = max(b[1] - a[3], a[1] - b[3], 0)
        return float((dx * dx + dy * dy) ** 0.5)

    rect = badge["rect"]
    values = {k: b["rect"] for k, b in boxes.items() if b["kind"] in VALUE_KINDS}
    # On the port: touching its box and centred on it, over or under it or to a side.
    assert gap(port_box, rect) < 2, (port_box, rect)
    centre = ((rect[0] + rect[2]) / 2, (rect[1] + rect[3]) / 2)
    assert port_box[0] <= centre[0] <= port_box[2] or port_box[1] <= centre[1] <= port_box[3]
    nearest = min(values, key=lambda k: gap(values[k], rect))
    assert nearest == f"rule-{i}-e{port}", (nearest, badge)
    assert gap(host_box, rect) > gap(port_box, rect) + 2
    assert not any(_overlap(v, rect) for v in values.values())  # it covers no value


def test_a_field_without_a_box_of_its_own_marks_the_record(tmp_path: Path) -> None:
    folder = tmp_path
    old = extract_document(_revision(folder / "old.pdf", "80"))
    pdf = _revision(folder / "new.pdf", "6514")
    new = extract_document(pdf)
    i = next(k for k, r in enumerate(new.rules) if r.service == SERVICE)
    new.rules[i].evidence = [ev for ev in new.rules[i].evidence if ev.field != "ports"]
    page = render_review(new, pdf, folder / "review", old).read_text(encoding="utf-8")
    [badge] = re.findall(rf'<div class="badge badge-changed"[^>]*data-for="rule-{i}"[^>]*>', page)
    assert "data-value" not in badge  # placed in the row as before
    assert re.search(rf'<div class="box k-rule diff-changed" id="rule-{i}"', page)
    values = re.findall(rf'<div class="box ([^"]*)" id="rule-{i}-e\d+"', page)
    assert values and not [css for css in values if "diff-" in css]


def _kind_styles() -> dict[str, str]:
    css = resources.files("pipeline").joinpath("templates/review.html").read_text("utf-8")
    return dict(re.findall(r"^\.(k-[a-z_]+|diff-[a-z]+) \{([^}]*)\}", css, re.M))


OKABE_ITO = {"#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7"}


def test_review_colours_are_distinct_and_not_colour_alone() -> None:
    styles = _kind_styles()
    css = resources.files("pipeline").joinpath("templates/review.html").read_text("utf-8")
    variables = dict(re.findall(r"--(added|changed|removed): (#[0-9A-Fa-f]{6})", css))

    def colour(kind: str) -> str:
        return re.search(r"--c: (#[0-9A-Fa-f]{6})", styles[kind])[1].upper()  # type: ignore[index]

    # The pairs the issue names, each told apart by colour (Okabe-Ito) and by a cue
    # that is not colour: a line style, a pattern, a ring with a label.
    assert colour("k-unplaced") != colour("k-issue")
    assert "dashed" in styles["k-unplaced"] and "repeating-linear-gradient" in styles["k-unplaced"]
    assert "solid" in styles["k-issue"] and '.box.k-issue::after { content: "!"' in css
    assert colour("k-hosts") != variables["added"].upper()
    assert colour("k-addresses") != variables["changed"].upper()
    assert {colour(k) for k in ("k-hosts", "k-addresses", "k-unplaced", "k-issue")} <= OKABE_ITO
    assert {v.upper() for v in variables.values()} <= OKABE_ITO
