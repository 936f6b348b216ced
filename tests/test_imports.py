"""The house: every module sits in a stage package, imports only its own stage or stages
below it, and no modules import each other in a circle (function-level imports count)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "pipeline"

# Low to high: a module may import its own stage and the stages before it.
STAGES = (
    "pipeline.model",
    "pipeline.values",
    "pipeline.pdf",
    "pipeline.layout",
    "pipeline.families",
    ("pipeline.document_json", "pipeline.extract", "pipeline.diff", "pipeline.revisions"),
    "pipeline.release",
    ("pipeline.reviewmarks", "pipeline.review"),
    ("pipeline.cliargs", "pipeline.cli"),
)


def _rank(module: str) -> int | None:
    for rank, stage in enumerate(STAGES):
        for name in (stage,) if isinstance(stage, str) else stage:
            if module == name or module.startswith(name + "."):
                return rank
    return None


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _imports(path: Path, known: set[str]) -> set[str]:
    """The portdoc modules a file imports, anywhere in it (``from pipeline.x import y``
    names module ``pipeline.x.y`` where that is a module)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.startswith("pipeline")}
        elif (
            isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("pipeline")
        ):
            for alias in node.names:
                child = f"{node.module}.{alias.name}"
                found.add(child if child in known else node.module)
    return found


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    known = set(modules)
    return {name: _imports(path, known) - {name} for name, path in modules.items()}


def test_every_module_is_in_a_stage() -> None:
    loose = [name for name in _modules() if name != "pipeline" and _rank(name) is None]
    assert loose == []


def test_no_module_imports_a_higher_stage() -> None:
    upward = []
    for module, imported in _graph().items():
        if module == "pipeline":  # the library surface re-exports lazily from every stage
            continue
        rank = _rank(module)
        assert rank is not None
        for target in imported:
            target_rank = _rank(target)
            if target_rank is not None and target_rank > rank:
                upward.append(f"{module} -> {target}")
    assert upward == []


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    done: set[str] = set()

    def visit(node: str, path: list[str]) -> list[str] | None:
        if node in path:
            return [*path[path.index(node) :], node]
        if node in done:
            return None
        for target in sorted(graph.get(node, ())):
            found = visit(target, [*path, node])
            if found:
                return found
        done.add(node)
        return None

    for node in sorted(graph):
        found = visit(node, [])
        if found:
            return found
    return None


def test_no_import_circle() -> None:
    graph = {name: deps for name, deps in _graph().items() if name != "pipeline"}
    # A package's __init__ importing its own modules is no circle of the stages.
    for name in graph:
        graph[name] = {dep for dep in graph[name] if dep != "pipeline"}
    assert _cycle(graph) is None


@pytest.mark.parametrize(
    ("graph", "expected"),
    [
        ({"a": {"b"}, "b": {"a"}}, ["a", "b", "a"]),
        ({"a": {"b"}, "b": {"c"}, "c": set()}, None),
    ],
)
def test_cycle_finder_finds_circles(graph: dict[str, set[str]], expected: list[str] | None) -> None:
    assert _cycle(graph) == expected


def test_a_lower_stage_importing_a_higher_one_is_seen(tmp_path: Path) -> None:
    source = tmp_path / "mod.py"
    source.write_text("def f():\n    from pipeline.release import publish\n")
    assert _imports(source, {"pipeline.release.publish"}) == {"pipeline.release.publish"}
    assert _rank("pipeline.values.normalize") < _rank("pipeline.release.publish")  # type: ignore[operator]
