"""Checks a rendered output tree before it is published: the last gate before the swap.

Every JSON file against its schema, every CSV against the Table Schema in the
``datapackage.json`` beside it (header, bytes, hash, unique primary key, foreign key),
every line of the one-per-line feeds against its normaliser (and no allow-all network),
every path component against a strict pattern.
"""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any
from xml.etree import ElementTree

import jsonschema_rs

from pipeline.model.errors import PublishRefusedError
from pipeline.release.render import sha256_hex
from pipeline.release.schemas import PUBLISHED_FOLDER, schema_errors
from pipeline.release.tree import MARKER, MARKER_TEXT
from pipeline.values import normalize as nz

# Every path component portdoc writes: source ids, versions, fixed file names.
SAFE_PART = re.compile(r"^[0-9A-Za-z][0-9A-Za-z._-]{0,63}$")
JSON_KINDS = {
    "index.json": "index",
    "document.json": "document",
    "diff.json": "diff",
    "datapackage.json": "datapackage",
    "changes.json": "changes",
}
TEXT_SUFFIXES = (".csv", ".txt", ".md")
FEEDS = ("hosts.txt", "ipv4.txt", "ipv6.txt")
ATOM_FEED = "{http://www.w3.org/2005/Atom}feed"
MAX_SHOWN = 5


def path_problems(relative: str) -> list[str]:
    parts = relative.split("/")
    if any(not SAFE_PART.match(part) or ".." in part for part in parts):
        return [f"{relative}: unsafe path"]
    return []


def _csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))


def _resource_problems(folder: str, resource: dict[str, Any], files: dict[str, bytes]) -> list[str]:
    path = folder + resource["path"]
    data = files.get(path)
    if data is None:
        return [f"{path}: listed in datapackage.json but missing"]
    problems = []
    if resource["bytes"] != len(data) or resource["hash"] != f"sha256:{sha256_hex(data)}":
        problems.append(f"{path}: bytes or hash differ from datapackage.json")
    rows = _csv_rows(data)
    names = [field["name"] for field in resource["schema"]["fields"]]
    if not rows or rows[0] != names:
        return [*problems, f"{path}: header differs from the Table Schema"]
    if any(len(row) != len(names) for row in rows[1:]):
        problems.append(f"{path}: a row has the wrong number of cells")
    key = [names.index(name) for name in resource["schema"]["primaryKey"]]
    keys = [tuple(row[i] for i in key) for row in rows[1:]]
    if len(set(keys)) != len(keys) or any("" in k for k in keys):
        problems.append(f"{path}: primary key {resource['schema']['primaryKey']} not unique")
    return problems


def _foreign_key_problems(folder: str, package: dict[str, Any], files: dict[str, bytes]) -> list:
    problems = []
    by_name = {resource["name"]: resource for resource in package["resources"]}
    for resource in package["resources"]:
        for foreign in resource["schema"].get("foreignKeys", []):
            target = by_name.get(foreign["reference"]["resource"])
            if target is None:
                problems.append(f"{folder}{resource['path']}: foreign key to a missing resource")
                continue
            own = _column(files.get(folder + resource["path"], b""), foreign["fields"])
            known = set(
                _column(files.get(folder + target["path"], b""), foreign["reference"]["fields"])
            )
            if not set(own) <= known:
                problems.append(
                    f"{folder}{resource['path']}: {foreign['fields']} not in {target['path']}"
                )
    return problems


def _column(data: bytes, name: str) -> list[str]:
    rows = _csv_rows(data) if data else []
    if not rows or name not in rows[0]:
        return []
    index = rows[0].index(name)
    return [row[index] for row in rows[1:] if len(row) > index]


def _package_problems(relative: str, package: dict[str, Any], files: dict[str, bytes]) -> list:
    folder = relative[: -len("datapackage.json")]
    problems = []
    for resource in package["resources"]:
        problems += _resource_problems(folder, resource, files)
    return problems + _foreign_key_problems(folder, package, files)


def _feed_line_problem(name: str, line: str) -> str | None:
    try:
        value = nz.hostname(line) if name == "hosts.txt" else nz.address(line)
    except nz.InvalidValue as e:
        return str(e)
    if name != "hosts.txt" and (
        nz.is_broad_network(value) or (":" in value) != (name == "ipv6.txt")
    ):
        return f"{line} does not belong in a firewall feed of {name}"
    return None


def feed_problems(name: str, text: str) -> list[str]:
    """The one-per-line feeds hold only what their name says: valid hostnames, or
    addresses of one family none of which is broad enough to allow everything."""
    problems = []
    for number, line in enumerate(text.splitlines(), 1):
        problem = _feed_line_problem(name, line)
        if problem:
            problems.append(f"line {number}: {problem}")
    return problems


def _atom_problems(relative: str, data: bytes) -> list[str]:
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as e:
        return [f"{relative}: not XML ({e})"]
    return [] if root.tag == ATOM_FEED else [f"{relative}: not an Atom feed"]


def _schema_problems(relative: str, text: str) -> list[str]:
    try:
        jsonschema_rs.meta.validate(json.loads(text))
    except (
        json.JSONDecodeError,
        jsonschema_rs.ValidationError,
        jsonschema_rs.ReferencingError,
    ) as e:
        return [f"{relative}: not a JSON Schema ({e})"]
    return []


def json_kind(relative: str) -> str | None:
    """The kind of a JSON file portdoc publishes, by its path (``ports/index.json`` is
    the listing of a revision's ``ports/``, not the tree's index)."""
    if relative.endswith("/ports/index.json"):
        return "ports"
    return JSON_KINDS.get(relative.rsplit("/", 1)[-1])


def file_problems(relative: str, data: bytes, files: dict[str, bytes]) -> list[str]:
    name = relative.rsplit("/", 1)[-1]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return [f"{relative}: not UTF-8"]
    if "\r" in text:
        return [f"{relative}: CR line endings (LF only)"]
    kind = json_kind(relative)
    if kind is not None:
        try:
            parsed = json.loads(text)
        except json.JSONDecodeError as e:
            return [f"{relative}: not JSON ({e.msg})"]
        problems = [f"{relative}: {error}" for error in schema_errors(kind, parsed)]
        if name == "datapackage.json" and not problems:
            problems += _package_problems(relative, parsed, files)
        return problems
    if name in FEEDS:
        return [f"{relative}: {problem}" for problem in feed_problems(name, text)[:1]]
    if name.endswith(TEXT_SUFFIXES):
        return []
    if name.endswith(".atom"):
        return _atom_problems(relative, data)
    if relative.startswith(f"{PUBLISHED_FOLDER}/") and name.endswith(".schema.json"):
        return _schema_problems(relative, text)
    return [f"{relative}: not a kind of file portdoc publishes"]


def tree_problems(files: dict[str, bytes]) -> list[str]:
    problems = [f"{name}: missing" for name in ("index.json", MARKER) if name not in files]
    if files.get(MARKER, MARKER_TEXT) != MARKER_TEXT:
        problems.append(f"{MARKER}: not portdoc's text")
    for relative, data in sorted(files.items()):
        if relative != MARKER:  # the one hidden name: it says whose folder this is
            problems += path_problems(relative) or file_problems(relative, data, files)
    return problems


def validate_tree(files: dict[str, bytes]) -> None:
    """Raise ``PublishRefusedError`` listing the first problems; nothing is written then."""
    problems = tree_problems(files)
    if problems:
        shown = "; ".join(problems[:MAX_SHOWN])
        more = f" (and {len(problems) - MAX_SHOWN} more)" if len(problems) > MAX_SHOWN else ""
        raise PublishRefusedError(f"the output failed validation, nothing written: {shown}{more}")
