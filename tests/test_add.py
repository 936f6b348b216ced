"""``portdoc add``: registering a revision PDF in a source folder (issue 12)."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from pdfgen import HistoryTable, build_pdf
from pdfgen_truth import sample_spec

from pipeline.cli import main
from pipeline.release.sources import load_source


@pytest.fixture(scope="module")
def revision_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A clean revision (the sample document, version 2.1), outside any source folder."""
    path = tmp_path_factory.mktemp("downloads") / "mail-relay-ports-2.1.pdf"
    build_pdf(sample_spec(n_rows=8, n_addresses=6), path)
    return path


@pytest.fixture(scope="module")
def next_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same document one revision later: version 2.2 (its history says so)."""
    spec = sample_spec(n_rows=8, n_addresses=6)
    history = next(b for s in spec.sections for b in s.blocks if isinstance(b, HistoryTable))
    history.rows.append(("March-2021", "2.2", "Another mirror"))
    path = tmp_path_factory.mktemp("downloads") / "mail-relay-ports-2.2.pdf"
    build_pdf(spec, path)
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
    revision_pdf: Path, next_pdf: Path, tmp_path: Path
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
    inside.write_bytes(next_pdf.read_bytes())
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
        ("version-listed", "version 2.1 is already listed (mail-relay-ports-2.1.pdf); to put"),
        ("other-vendor", "--vendor 'Other' differs from the source's vendor 'Acme'"),
        ("other-homepage", "--homepage 'https://other.invalid' differs"),
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
    elif setup == "version-listed":  # the same revision under another name
        pdf = tmp_path / "renamed.pdf"
        pdf.write_bytes(revision_pdf.read_bytes())
    elif setup in ("other-vendor", "other-homepage"):
        pdf = tmp_path / "renamed.pdf"
        pdf.write_bytes(revision_pdf.read_bytes())
        option = ["--vendor", "Other"] if setup == "other-vendor" else []
        vendor = option or ["--homepage", "https://other.invalid"]
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


def test_add_replace_puts_a_revision_in_the_place_of_its_version(
    revision_pdf: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "relay"
    new = ["--vendor", "Acme", "--product", "Relay"]
    assert main(["add", str(folder), str(revision_pdf), "--origin", "reconstruction", *new]) == 0
    fixed = tmp_path / "mail-relay-ports-2.1-fixed.pdf"
    fixed.write_bytes(revision_pdf.read_bytes())
    capsys.readouterr()
    # The same vendor and product as source.json are no contradiction.
    argv = ["add", str(folder), str(fixed), "--origin", "vendor", "--vendor", "Acme"]
    assert main([*argv, "--replace"]) == 0
    err = capsys.readouterr().err
    assert f"{folder}: replaced {revision_pdf.name}\n" in err
    meta = load_source(folder)
    assert [(r.file, r.origin) for r in meta.revisions] == [(fixed.name, "vendor")]
    assert sorted(p.name for p in folder.iterdir()) == [fixed.name, "source.json"]


def test_add_prints_the_revision_counts(
    revision_pdf: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "relay"
    assert main(["add", str(folder), str(revision_pdf), "--origin", "vendor",
                 "--vendor", "A", "--product", "B"]) == 0  # fmt: skip
    err = capsys.readouterr().err
    assert "0 errors, 0 warnings, 0 not placed); 1 revisions" in err, err


def test_remove_takes_a_revision_out_by_its_version(
    revision_pdf: Path, next_pdf: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "sources" / "relay"
    new = ["--vendor", "Acme", "--product", "Relay"]
    assert main(["add", str(folder), str(revision_pdf), "--origin", "vendor", *new]) == 0
    assert main(["add", str(folder), str(next_pdf), "--origin", "vendor"]) == 0
    capsys.readouterr()
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    # No revision of that version: nothing changes.
    assert main(["remove", str(folder), "9.9"]) == 2
    err = capsys.readouterr().err
    assert err == f"portdoc remove: {folder}/source.json: no listed revision has version 9.9\n"
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    assert main(["remove", str(folder), "2.1"]) == 0
    assert f"removed {revision_pdf.name} (version 2.1); 1 revisions" in capsys.readouterr().err
    assert [r.file for r in load_source(folder).revisions] == [next_pdf.name]
    assert sorted(p.name for p in folder.iterdir()) == [next_pdf.name, "source.json"]
    # The last revision stays: a source has at least one.
    assert main(["remove", str(folder), "2.2"]) == 2
    assert "the source's only revision; remove the folder" in capsys.readouterr().err
    assert [r.file for r in load_source(folder).revisions] == [next_pdf.name]
    assert main(["remove", str(tmp_path / "nowhere"), "2.2"]) == 2
    assert "no source.json; not a source folder" in capsys.readouterr().err


def test_files_are_written_with_the_users_umask(revision_pdf: Path, tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        folder = tmp_path / "relay"
        argv = ["add", str(folder), str(revision_pdf), "--origin", "vendor"]
        assert main([*argv, "--vendor", "A", "--product", "B"]) == 0
        out = tmp_path / "doc.json"
        assert main(["extract", str(revision_pdf), "-o", str(out), "-q"]) == 0
    finally:
        os.umask(old)
    for path in (folder / "source.json", folder / revision_pdf.name, out):
        assert stat.S_IMODE(path.stat().st_mode) == 0o644, path


def test_remove_takes_a_version_out_with_its_reissue(
    revision_pdf: Path, next_pdf: Path, tmp_path: Path
) -> None:
    """A re-issue (`portdoc fetch` keeps it beside the file it re-issues) is the same
    version: removing the version removes both."""
    from pipeline.release.register import add_revision, remove_revision

    folder = tmp_path / "relay"
    add_revision(folder, revision_pdf, "vendor", vendor="Acme", product="Relay")
    reissue = tmp_path / "relay-2.1-reissued.pdf"
    build_pdf(sample_spec(n_rows=8, n_addresses=7), reissue)  # 2.1, other bytes
    details = {"reissue_of": revision_pdf.name}
    add_revision(folder, reissue, "vendor", details=details, versions_checked=True)
    add_revision(folder, next_pdf, "vendor")
    removed = remove_revision(folder, "2.1")
    assert removed.files == (revision_pdf.name, reissue.name)
    assert [r.file for r in load_source(folder).revisions] == [next_pdf.name]
    assert sorted(p.name for p in folder.iterdir()) == [next_pdf.name, "source.json"]


def test_add_and_publish_read_each_revision_once(
    revision_pdf: Path, next_pdf: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """add reads every listed revision to learn its version, through the project's
    cache (``.cache/portdoc`` beside sources/), which publish shares: each PDF is parsed
    once, however many adds and publishes follow, and the cached reading is the same."""
    import pipeline.extract

    real = pipeline.extract.extract_document
    read: list[str] = []

    def counting(path: Path, **options: object) -> object:
        read.append(Path(path).name)
        return real(path, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline.extract, "extract_document", counting)
    folder = tmp_path / "sources" / "relay"
    vendor = ["--vendor", "Acme", "--product", "Relay"]
    assert main(["add", str(folder), str(revision_pdf), "--origin", "vendor", *vendor]) == 0
    assert main(["add", str(folder), str(next_pdf), "--origin", "vendor"]) == 0
    assert read == [revision_pdf.name, next_pdf.name]
    assert sorted(p.name for p in (tmp_path / ".cache" / "portdoc").iterdir())[0].endswith(".json")
    # A version already listed is refused, from the cache: nothing parsed again.
    copy = tmp_path / "copy-of-2.1.pdf"
    copy.write_bytes(revision_pdf.read_bytes())
    assert main(["add", str(folder), str(copy), "--origin", "vendor"]) == 2
    assert read == [revision_pdf.name, next_pdf.name]
    output = tmp_path / "output"
    publish = ["publish", "--sources", str(folder.parent), "--output", str(output), "-q"]
    assert main([*publish, "--allow-fixtures"]) in (0, 1)
    assert read == [revision_pdf.name, next_pdf.name]
    document = json.loads((output / "relay" / "2.1" / "document.json").read_text())
    assert document["document"]["file_name"] == revision_pdf.name
    assert document["document"]["vendor"] == "Acme"
