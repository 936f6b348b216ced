"""pipeline.release.frames: published revisions and document JSONs as typed DataFrames."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest
from test_publish import relay, run, write_source
from truthdoc import CLEARSWIFT, EXAMPLECORP, truth_document

from pipeline.model.errors import UnusableInputError
from pipeline.release.frames import compare_flows, load

pytestmark = pytest.mark.skipif(
    not EXAMPLECORP.is_dir(), reason="../shared/corpus is not beside the project"
)

ROOT = Path(__file__).resolve().parents[1]
PANDAS_TYPES = {"string": "string", "integer": "Int64", "boolean": "boolean"}


@pytest.fixture(scope="module")
def output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The relay in three revisions and Clearswift, published; cwd-relative paths as in
    the README."""
    root = tmp_path_factory.mktemp("frames")
    write_source(root / "sources", "relay", [relay("1.0"), relay("1.1"), relay("2.0")])
    clearswift = truth_document(CLEARSWIFT, "3.3")
    write_source(root / "sources", "clearswift-seg", [clearswift], vendor="Clearswift")
    run(root / "sources", root / "output")
    return root / "output"


def test_columns_are_typed_as_their_table_schemas_say(output: Path) -> None:
    folder = output / "relay" / "2.0"
    revision = load(folder)
    package = json.loads((folder / "datapackage.json").read_text())
    for resource in package["resources"]:
        frame = getattr(revision, resource["name"])
        fields = resource["schema"]["fields"]
        assert list(frame.columns) == [f["name"] for f in fields]
        assert [str(frame[f["name"]].dtype) for f in fields] == [
            PANDAS_TYPES[f["type"]] for f in fields
        ]
    assert len(revision.rules) == 45
    heartbeat = revision.flows[revision.flows["id"] == "internal/cluster-heartbeat"].iloc[0]
    assert (heartbeat["port"], heartbeat["port_end"]) == (7400, 7410)
    assert revision.rules["any_destination"].any()
    assert pd.isna(revision.rules.set_index("id").loc["external/mail-transfer", "direction"])


def test_filter_flows_by_port(output: Path) -> None:
    latest = load(output / "relay" / "latest")
    https = latest.flows[latest.flows["port"] == 443]
    # The relay's table names hosts in Hostname/IP Address columns, with no direction and
    # no "from"/"to": their side is unknown, and published as such.
    assert "sandbox-eu.example.net" in set(https["side_unknown"])
    assert not set(https["destination"].dropna())
    assert set(https["protocol"]) == {"tcp"}


def test_host_lists_and_changes(output: Path) -> None:
    revision = load(output / "relay" / "2.0")
    hosts = revision.host_lists
    assert {"host_list", "title", "type", "value"} == set(hosts.columns)
    assert "sn12.example.org" in set(hosts[hosts["type"] == "host"]["value"])
    changes = revision.changes
    assert set(changes["version"]) == {"2.0"}
    rules = changes[changes["type"] == "rule"].set_index("service")
    assert rules.loc["News feed", "change"] == "removed"
    assert rules.loc["SNMP monitoring", "fields"] == "direction"
    [retirement] = changes[changes["type"] == "retirement"].itertuples()
    assert retirement.effective == "2024-04-01"
    assert retirement.addresses == "192.0.2.4 198.51.100.4 203.0.113.3"


def test_a_document_json_loads_like_its_published_folder(output: Path, tmp_path: Path) -> None:
    path = tmp_path / "document.json"
    path.write_text(relay("1.0").model_dump_json())
    from_json = load(path)
    published = load(output / "relay" / "1.0")
    pd.testing.assert_frame_equal(from_json.rules, published.rules)
    pd.testing.assert_frame_equal(from_json.flows, published.flows)
    pd.testing.assert_frame_equal(from_json.host_lists, published.host_lists)
    assert set(from_json.changes["change"]) == {"added"}


def test_compare_two_versions(output: Path) -> None:
    moved = compare_flows(load(output / "relay" / "1.1"), load(output / "relay" / "2.0"))
    removed = moved[moved["change"] == "removed"]
    assert set(removed["service"]) == {"News feed", "Reputation rule updates"}
    reputation = removed[removed["service"] == "Reputation rule updates"]
    assert set(reputation["side_unknown"]) == {"192.0.2.4", "198.51.100.4", "203.0.113.3"}
    added = set(moved[moved["change"] == "added"]["service"])
    assert added == {"Sandbox detonation service", "Cluster heartbeat", "Reputation rule updates"}
    changed = moved[moved["change"] == "changed"]
    assert set(changed["service"]) == {"SNMP monitoring"} and set(changed["direction"]) == {"both"}
    assert compare_flows(load(output / "relay" / "2.0"), load(output / "relay" / "2.0")).empty


def test_not_a_revision_is_refused(tmp_path: Path) -> None:
    with pytest.raises(UnusableInputError, match="not a published revision"):
        load(tmp_path)
    with pytest.raises(UnusableInputError, match=r"absent\.json"):
        load(tmp_path / "absent.json")


def test_the_readme_example_runs_as_written(monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 17: against the output/ that `make run` publishes (the committed one: a test
    in test_publish checks it is what the sources publish to), in the project folder."""
    readme = (ROOT / "README.md").read_text()
    [example] = re.findall(r"```python\n(# pipeline\.release\.frames.*?)```", readme, re.S)
    monkeypatch.chdir(ROOT)
    namespace: dict[str, object] = {}
    exec(compile(example, "README.md", "exec"), namespace)
    https = namespace["https"]
    assert isinstance(https, pd.DataFrame) and not https.empty
    kinds = set(https["destination_type"].dropna()) | set(https["side_unknown_type"].dropna())
    assert "host" in kinds
    moved = namespace["moved"]
    assert isinstance(moved, pd.DataFrame)
    assert {"change", "service", "protocol", "port"} <= set(moved.columns)


def test_compare_flows_lines_up_two_published_revisions(output: Path) -> None:
    moved = compare_flows(load(output / "relay" / "1.1"), load(output / "relay" / "2.0"))
    assert set(moved["change"]) == {"added", "removed", "changed"}
