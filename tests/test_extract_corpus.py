"""Every shared-corpus PDF extracts with every fact right and nothing extra."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from corpus import corpus_params, corpus_pdfs, needs_shared, run_score

from pipeline.extract import extract_document

PDFS = corpus_pdfs()


@pytest.fixture(scope="module")
def extracted() -> dict[Path, dict]:
    return {pdf: extract_document(pdf).model_dump(mode="json") for pdf in PDFS}


@pytest.mark.parametrize("pdf", corpus_params(PDFS), ids=lambda p: getattr(p, "name", None))
def test_every_fact_right(pdf: Path, extracted: dict, tmp_path: Path, shared: Path) -> None:
    truth = pdf.with_name(pdf.stem + ".truth.json")
    result = run_score("extract", extracted[pdf], truth, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("pdf", corpus_params(PDFS), ids=lambda p: getattr(p, "name", None))
def test_clean_document_has_no_issues(pdf: Path, extracted: dict) -> None:
    doc = extracted[pdf]
    assert [i for i in doc["issues"] if i["severity"] != "info"] == []


@pytest.mark.parametrize("pdf", corpus_params(PDFS), ids=lambda p: getattr(p, "name", None))
def test_every_value_has_provenance(pdf: Path, extracted: dict) -> None:
    doc = extracted[pdf]
    pages = doc["document"]["page_count"]
    for record in doc["rules"] + doc["host_lists"] + doc["history"]:
        assert record["provenance"]["pages"], record
        assert all(1 <= b["page"] <= pages for b in record["provenance"]["boxes"])
    for rule in doc["rules"]:
        located = {(e["field"], e["value"]) for e in rule["evidence"]}
        for field in ("hosts", "addresses", "address_sources"):
            for value in rule[field]:
                assert (field, value) in located, (rule["id"], field, value)
    for host_list in doc["host_lists"]:
        located = {(e["field"], e["value"]) for e in host_list["evidence"]}
        for field in ("hosts", "addresses"):
            for value in host_list[field]:
                assert (field, value) in located


@pytest.mark.parametrize("pdf", corpus_params(PDFS), ids=lambda p: getattr(p, "name", None))
def test_rule_ids_unique_and_stable(pdf: Path, extracted: dict) -> None:
    ids = [r["id"] for r in extracted[pdf]["rules"]]
    assert len(ids) == len(set(ids))
    again = extract_document(pdf).model_dump(mode="json")
    assert json.dumps(again, sort_keys=True) == json.dumps(extracted[pdf], sort_keys=True)


@needs_shared
def test_same_content_from_two_producers_gives_same_rules(extracted: dict) -> None:
    """Revision 1.1 printed by Word and by an HTML exporter: the same facts."""
    word = [p for p in PDFS if p.name == "connection-ports-and-protocols-1.1.pdf"]
    html = [p for p in PDFS if p.name == "connection-ports-and-protocols-1.1-html-export.pdf"]
    if not word or not html:
        pytest.skip("both renderings of revision 1.1 are needed")

    def facts(doc: dict) -> list:
        keys = ("id", "ports", "direction", "hosts", "addresses", "address_sources", "host_lists")
        return [{k: r[k] for k in keys} for r in doc["rules"]]

    assert facts(extracted[word[0]]) == facts(extracted[html[0]])
