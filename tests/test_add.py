"""``portdoc add``: registering a revision PDF in a source folder (issue 12)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pdfgen import build_pdf
from pdfgen_truth import sample_spec

from pipeline.cli import main
from pipeline.release.sources import load_source


@pytest.fixture(scope="module")
def revision_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A clean revision (the sample document, version 2.1), outside any source folder."""
    path = tmp_path_factory.mktemp("downloads") / "mail-relay-ports-2.1.pdf"
    build_pdf(sample_spec(n_rows=8, n_addresses=6), path)
    return path


def test_add_creates_a_source_and_copies_the_pdf_in(
    revision_pdf: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "sources" / "acme-relay"
    argv = [
        "add",
        str(folder),
        str(revision_pdf),
        "--origin",
        "vendor",
        "--note",
        "from the portal",
    ]
    assert main([*argv, "--vendor", "Acme", "--product", "Mail Relay"]) == 0
    assert "version 2.1" in capsys.readouterr().err
    assert (folder / revision_pdf.name).read_bytes() == revision_pdf.read_bytes()
    written = (folder / "source.json").read_text(encoding="utf-8")
    assert json.loads(written) == {
        "id": "acme-relay",
        "vendor": "Acme",
        "product": "Mail Relay",
        "title": "Connection Ports and Protocols",
        "family": "connection-ports-and-protocols",
        "revisions": [{"file": revision_pdf.name, "origin": "vendor", "note": "from the portal"}],
    }
    assert written.endswith("}\n") and written.startswith('{\n  "id": "acme-relay",\n')
    assert load_source(folder).revisions[0].file == revision_pdf.name
    # Deterministic: the same registration elsewhere writes the same bytes.
    other = tmp_path / "again" / "acme-relay"
    assert (
        main([*argv[:1], str(other), *argv[2:], "--vendor", "Acme", "--product", "Mail Relay"]) == 0
    )
    assert (other / "source.json").read_bytes() == written.encode()


def test_add_appends_to_an_existing_source_and_keeps_its_form(
    revision_pdf: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "relay"
    folder.mkdir()
    older = folder / "older.pdf"
    older.write_bytes(revision_pdf.read_bytes())
    meta = {
        "id": "relay",
        "vendor": "Acme",
        "product": "Relay",
        "title": "Connection Ports and Protocols",
        "family": "connection-ports-and-protocols",
        "homepage": "https://acme.invalid",
        "revisions": [{"file": "older.pdf", "origin": "reconstruction", "note": "é"}],
    }
    (folder / "source.json").write_text(json.dumps(meta))  # one line, ASCII escapes
    # The PDF already in the folder is registered where it is (no copy).
    inside = folder / "newer.pdf"
    inside.write_bytes(revision_pdf.read_bytes())
    assert main(["add", str(folder), str(inside), "--origin", "vendor"]) == 0
    text = (folder / "source.json").read_text(encoding="utf-8")
    meta["revisions"].append({"file": "newer.pdf", "origin": "vendor"})
    assert json.loads(text) == meta
    assert '"note": "é"' in text and text.count("\n") > 10
    assert sorted(p.name for p in folder.iterdir()) == ["newer.pdf", "older.pdf", "source.json"]


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ("new-source-without-vendor", "give --vendor and --product"),
        ("already-listed", "already listed"),
        ("not-a-pdf", "not a PDF"),
        ("other-file-of-that-name", "different file of that name"),
        ("bad-name", "not usable as a revision file name"),
    ],
)
def test_add_refusals_change_nothing(
    setup: str,
    message: str,
    revision_pdf: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder = tmp_path / "sources" / "relay"
    pdf = revision_pdf
    vendor = ["--vendor", "Acme", "--product", "Relay"]
    if setup != "new-source-without-vendor":
        assert main(["add", str(folder), str(revision_pdf), "--origin", "vendor", *vendor]) == 0
    if setup == "new-source-without-vendor":
        vendor = []
    elif setup == "not-a-pdf":
        pdf = tmp_path / "page.pdf"
        pdf.write_text("<html>saved web page</html>")
    elif setup == "other-file-of-that-name":
        pdf = tmp_path / "elsewhere" / "second.pdf"
        pdf.parent.mkdir()
        pdf.write_bytes(revision_pdf.read_bytes())
        (folder / "second.pdf").write_bytes(b"%PDF-1.4 something else")
    elif setup == "bad-name":
        pdf = tmp_path / "ports;rm -rf.pdf"
        pdf.write_bytes(revision_pdf.read_bytes())
    before = {p.name: p.read_bytes() for p in folder.iterdir()} if folder.exists() else None
    capsys.readouterr()
    assert main(["add", str(folder), str(pdf), "--origin", "vendor", *vendor]) == 2
    err = capsys.readouterr().err
    assert err.startswith("portdoc add: ") and message in err and err.count("\n") == 1, err
    after = {p.name: p.read_bytes() for p in folder.iterdir()} if folder.exists() else None
    assert after == before


def test_add_registers_a_revision_with_invalid_values_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = sample_spec(n_rows=8, n_addresses=6)
    table = next(b for s in spec.sections for b in s.blocks if hasattr(b, "rows"))
    table.rows[0][2] = "8o"  # a port no one can use
    pdf = build_pdf(spec, tmp_path / "bad-port.pdf") or tmp_path / "bad-port.pdf"
    folder = tmp_path / "relay"
    assert (
        main(
            ["add", str(folder), str(pdf), "--origin", "vendor", "--vendor", "A", "--product", "B"]
        )
        == 1
    )
    assert "--allow-invalid" in capsys.readouterr().err
    assert load_source(folder).revisions[0].file == "bad-port.pdf"
