"""The library surface: `import pipeline` is cheap, exports the verbs and models a script
needs, and the README's example runs as written against what `publish` writes."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import pipeline

ROOT = Path(__file__).resolve().parents[1]


def test_import_pipeline_loads_no_stage() -> None:
    code = (
        "import sys, pipeline; "
        "print(sorted(m for m in sys.modules if m.startswith('pipeline.') or m in "
        "('pandas', 'pdfplumber', 'jsonschema', 'pydantic')))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout.strip()
    assert loaded == "[]"


def test_comparing_two_document_jsons_loads_no_pdf_reader(tmp_path: Path) -> None:
    from pipeline.model.canonical import model_json
    from pipeline.model.models import Document, DocumentInfo

    for version in ("1.0", "1.1"):
        doc = Document(document=DocumentInfo(version=version))
        (tmp_path / f"{version}.json").write_bytes(model_json(doc))
    code = (
        "import sys; from pathlib import Path; from pipeline.revisions import diff_files; "
        f"diff_files(Path({str(tmp_path / '1.0.json')!r}), Path({str(tmp_path / '1.1.json')!r})); "
        "print(sorted(m for m in sys.modules if m.startswith(('pipeline.families', "
        "'pipeline.layout', 'pdfminer', 'pdfplumber'))))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout.strip()
    assert loaded == "[]"


def test_every_exported_name_resolves() -> None:
    for name in pipeline.__all__:
        assert getattr(pipeline, name) is not None, name
    assert issubclass(pipeline.UnusableInputError, pipeline.PortdocError)
    assert pipeline.load.__name__ == "load_document"
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        _ = pipeline.nothing  # type: ignore[attr-defined]


def test_unusable_input_raises_the_exception_root(tmp_path: Path) -> None:
    not_pdf = tmp_path / "notes.pdf"
    not_pdf.write_text("hello")
    with pytest.raises(pipeline.PortdocError):
        pipeline.extract_document(not_pdf)


def test_the_readme_library_example_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    readme = (ROOT / "README.md").read_text()
    [example] = re.findall(r"```python\n(# pipeline as a library.*?)```", readme, re.S)
    shutil.copytree(ROOT / "sources", tmp_path / "sources")
    report = pipeline.publish(tmp_path / "sources", tmp_path / "output")
    assert isinstance(report, pipeline.PublishReport)
    monkeypatch.chdir(tmp_path)
    exec(compile(example, "README.md", "exec"), {})
    printed = capsys.readouterr().out
    rules = len(pipeline.load(Path("output/clearswift-seg/3.3/document.json")).rules)
    assert rules > 0
    # The same revision against itself: its rules, and a diff that finds no change.
    assert printed.startswith(f"{rules} rules; 3.3 → 3.3\n(no changes)\n")


def test_no_module_shadows_an_exported_name() -> None:
    """Importing a submodule sets it as an attribute of the package: a module named like
    an export (a ``pipeline/load.py``) would replace the function with a module."""
    import importlib
    import pkgutil
    import types

    for found in pkgutil.walk_packages(pipeline.__path__, "pipeline."):
        importlib.import_module(found.name)
    for name in pipeline.__all__:
        assert not isinstance(getattr(pipeline, name), types.ModuleType), name
