"""A fourth PDF producer: Ghostscript's ``pdfwrite``, which CUPS and many "print to PDF"
paths on Linux run a document through. It re-encodes every font and writes its own
ToUnicode maps, with one known fault: a ligature glyph's letters are written as UTF-16
with the bytes swapped ("fl" as U+6600 U+6C00, "昀氀"). A reader sees "fl"; so must
the extraction. A shared genre document is distilled again and scored like the
original; the repair itself is checked on glyphs where Ghostscript is missing."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from corpus import score_file, shared_or_skip

from pipeline.extract import extract_document
from pipeline.pdf.words import Glyph, words


def glyph(text: str, x0: float) -> Glyph:
    return Glyph(text, x0, 100.0, x0 + 6.0, 110.0, "DejaVuSans", 10.0, True)


def test_a_ligature_written_with_swapped_bytes_reads_as_its_letters() -> None:
    # "Mail flow": M a i l, space, the "fl" ligature as Ghostscript maps it, o w.
    glyphs = [glyph(c, 10 + 6 * k) for k, c in enumerate("Mail")]
    glyphs += [glyph("\u6600\u6c00", 40.0), glyph("o", 46.0), glyph("w", 52.0)]
    assert [w.text for w in words(glyphs)] == ["Mail", "flow"]
    # One CJK character alone is text, not a swapped ligature: kept.
    assert [w.text for w in words([glyph("\u6600", 10.0)])] == ["\u6600"]


def test_a_ghostscript_distilled_document_scores_like_the_original(tmp_path: Path) -> None:
    gs = shutil.which("gs")
    if gs is None:
        pytest.skip("Ghostscript (gs) is not installed")
    genres = shared_or_skip() / "genres"
    original = genres / "contoso-securemail-3.1-functions.pdf"
    distilled = tmp_path / "distilled.pdf"
    subprocess.run(
        [
            gs,
            "-q",
            "-dNOPAUSE",
            "-dBATCH",
            "-dSAFER",
            "-sDEVICE=pdfwrite",
            "-o",
            distilled,
            original,
        ],
        check=True,
        timeout=120,
    )
    doc = extract_document(distilled)
    assert doc.document.producer and "Ghostscript" in doc.document.producer
    out = tmp_path / "out.json"
    out.write_text(json.dumps(doc.model_dump(mode="json")), encoding="utf-8")
    scored = score_file("genre", out, original.with_suffix(".truth.json"))
    assert scored.returncode == 0, scored.stdout
    assert "(100.0%) extra: 0" in scored.stdout, scored.stdout
    assert not [r.service for r in doc.rules if any(ord(c) >= 0x3000 for c in r.service)]
