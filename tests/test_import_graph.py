"""The installed package's import graph: no cycles, and the layers point one way.

Walks every module of the installed ``newskg`` with ``ast`` (imports inside functions too, so
a late import cannot hide a cycle) and fails on any cycle between modules, on any
``newskg.graph`` module importing the server or the command line, and on the server
importing the command line (configuration in ``newskg.config`` is shared, not the CLI).
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
import pkgutil
from pathlib import Path

import newskg

CLI = ("newskg.cli", "newskg.commands", "newskg.output", "newskg.progress")


#: The installed subpackages that live in folders of their own (graph/, server/, ...).
TOP = ("newskg.graph", "newskg.server", "newskg.queries", "newskg.ontology")


def _modules() -> dict[str, str]:
    """Every module of the installed package: name -> source file."""
    found = {"newskg": newskg.__file__}
    roots = [("newskg.", newskg.__path__)]
    for name in TOP:
        package = importlib.import_module(name)
        found[name] = package.__file__
        roots.append((name + ".", package.__path__))
    for prefix, path in roots:
        for info in pkgutil.walk_packages(path, prefix):
            spec = importlib.util.find_spec(info.name)
            if spec is not None and spec.origin and spec.origin.endswith(".py"):
                found[info.name] = spec.origin
    return found


def _imports(name: str, path: str, known: set[str]) -> set[str]:
    """The newskg modules that module ``name`` imports anywhere in its source."""
    is_package = path.endswith("__init__.py")
    targets: set[str] = set()
    with open(path, encoding="utf-8") as handle:
        tree = ast.parse(handle.read())
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            candidates = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            parts = name.split(".") if is_package else name.split(".")[:-1]
            base = ".".join(parts[: len(parts) - node.level + 1]) if node.level else ""
            module = ".".join(p for p in (base, node.module or "") if p)
            candidates = [f"{module}.{alias.name}" for alias in node.names] + [module]
        else:
            continue
        for candidate in candidates:
            while candidate and candidate not in known:
                candidate = candidate.rpartition(".")[0]
            if candidate and candidate != name:
                targets.add(candidate)
    return targets


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    known = set(modules)
    return {name: _imports(name, path, known) for name, path in modules.items()}


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for root, targets in edges.items():
        if root in index:
            continue
        work = [(root, iter(sorted(targets)))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                # a package importing its own submodules is how packages work, not a cycle
                if len(component) > 1 and not all(
                    m == min(component) or m.startswith(min(component) + ".") for m in component
                ):
                    found.append(sorted(component))
    return found


def test_no_import_cycles():
    assert _cycles(_graph()) == []


def test_graph_never_imports_the_server_or_the_command_line():
    forbidden = (*CLI, "newskg.config")
    breaches = sorted(
        f"{a} -> {b}" for a, targets in _graph().items() if a.startswith("newskg.graph")
        for b in targets if b.startswith("newskg.server") or b in forbidden
    )
    assert breaches == []


def test_server_never_imports_the_command_line():
    breaches = sorted(
        f"{a} -> {b}" for a, targets in _graph().items() if a.startswith("newskg.server")
        for b in targets if b in CLI
    )
    assert breaches == []


#: graph's packages by layer: a module may import its own package and lower layers only.
#: (facts' numbers and dates read text and actors; statements read date words from them.)
LAYERS = {
    "model": 0, "namespaces": 0, "version": 0, "text": 1, "actors": 2, "facts": 3,
    "statements": 4, "attribution": 5, "rdf": 6, "store": 7, "pipeline": 8, "ingest": 9,
    "search": 9, "evaluation": 10, "training": 11,
}
#: Imports against the layers, known and to be untangled (docs/architecture.md): a new one
#: fails the test; one that goes away must leave this list too.
KNOWN_UPWARD = {
    "newskg.graph.actors.coref -> newskg.graph.statements.continuations",
    "newskg.graph.actors.names -> newskg.graph.statements.lexicon",
    "newskg.graph.attribution.confidence -> newskg.graph.evaluation.spanscore",
    "newskg.graph.attribution.train -> newskg.graph.evaluation.spanscore",
    "newskg.graph.attribution.train -> newskg.graph.evaluation.speakerspan",
    "newskg.graph.statements.kind_train -> newskg.graph.pipeline",
}


def _layer(module: str) -> str | None:
    parts = module.split(".")
    return parts[2] if module.startswith("newskg.graph.") else None


def test_graph_packages_import_only_their_layer_and_below():
    edges = _graph()
    assert set(LAYERS) >= {_layer(m) for m in edges if _layer(m)}, "a new package: give it a layer"
    upward = set()
    for a, targets in edges.items():
        for b in targets:
            own, other = _layer(a), _layer(b)
            if own and other and own != other and LAYERS[other] >= LAYERS[own]:
                upward.add(f"{a} -> {b}")
    assert upward == KNOWN_UPWARD


def test_the_walk_sees_the_whole_package():
    edges = _graph()
    assert "newskg.graph.pipeline" in edges and "newskg.server.app" in edges
    assert "newskg.graph.store.base" in edges["newskg.graph.store.embedded"]
    assert _cycles({"a": {"b"}, "b": {"a"}, "c": set()}) == [["a", "b"]]


def test_no_test_module_imports_another():
    """Shared helpers live in conftest.py and tests/helpers/, so a test module can change
    (or go) without breaking another."""
    breaches = []
    for path in sorted(Path(__file__).parent.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            breaches += [f"{path.name} -> {n}" for n in names
                         if n.split(".")[-1].startswith("test_") or n.startswith("tests.")]
    assert breaches == []
