"""The store: one small interface, an embedded pyoxigraph implementation.

Each document lives in its own named graph (the document's IRI). Queries see the union
of all graphs as their default graph. A remote implementation over the SPARQL 1.1
protocols can implement the same ``Store`` protocol.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import IO, Protocol

import pyoxigraph as ox

Bindings = Mapping[str, ox.NamedNode | ox.Literal | ox.BlankNode]


class StoreError(Exception):
    """A store cannot be opened or a change to it failed; the message names the problem."""


class Store(Protocol):
    """What the rest of newskg needs from a triple store."""

    def query(self, sparql: str, bindings: Bindings | None = None):
        """Evaluate a SPARQL query over the union of all graphs; pyoxigraph result objects."""

    def update(self, sparql: str) -> None:
        """Execute a SPARQL update."""

    def replace_graph(self, graph: str, triples: Iterable[ox.Triple]) -> None:
        """Atomically replace the named graph ``graph`` with ``triples``."""

    def load(self, path: Path, graph: str | None = None) -> int:
        """Bulk-load an RDF file (syntax from the extension); return the triples added."""

    def dump(self, output: IO[bytes], format: ox.RdfFormat, graph: str | None = None) -> None:
        """Serialise the whole dataset, or one graph, to ``output``."""

    def graphs(self) -> list[str]:
        """IRIs of the named graphs."""

    def triple_count(self) -> int:
        """Number of quads in the store."""

    def close(self) -> None:
        """Release the store (its lock, for an on-disk store)."""


class EmbeddedStore:
    """pyoxigraph on disk (or in memory when ``path`` is None)."""

    def __init__(self, path: str | Path | None = None, read_only: bool = False) -> None:
        self.path = Path(path) if path is not None else None
        try:
            if self.path is None:
                self._store = ox.Store()
            elif read_only:
                self._store = ox.Store.read_only(str(self.path))
            else:
                self.path.mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(self.path))
        except OSError as err:
            raise StoreError(f"cannot open store at {self.path}: {err}") from err

    def query(self, sparql: str, bindings: Bindings | None = None):
        subs = {ox.Variable(k): v for k, v in (bindings or {}).items()}
        return self._store.query(sparql, use_default_graph_as_union=True, substitutions=subs)

    def update(self, sparql: str) -> None:
        self._store.update(sparql)

    def replace_graph(self, graph: str, triples: Iterable[ox.Triple]) -> None:
        g = ox.NamedNode(graph)
        quads = [ox.Quad(t.subject, t.predicate, t.object, g) for t in triples]
        # One update = one transaction: the old graph goes and the new one comes together.
        self._store.update(f"DROP SILENT GRAPH <{graph}>")
        self._store.extend(quads)
        self._store.flush()

    def load(self, path: Path, graph: str | None = None) -> int:
        before = self.triple_count()
        fmt = ox.RdfFormat.from_extension(Path(path).suffix.lstrip("."))
        if fmt is None:
            raise StoreError(f"unknown RDF syntax for {path}")
        to_graph = ox.NamedNode(graph) if graph else None
        self._store.bulk_load(path=str(path), format=fmt, to_graph=to_graph)
        return self.triple_count() - before

    def dump(self, output: IO[bytes], format: ox.RdfFormat, graph: str | None = None) -> None:
        if graph is not None:
            self._store.dump(output, format, from_graph=ox.NamedNode(graph))
        else:
            self._store.dump(output, format)

    def graphs(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def triple_count(self) -> int:
        return len(self._store)

    def close(self) -> None:
        self._store = None  # pyoxigraph releases the lock when the object is dropped


def open_store(location: str, read_only: bool = False) -> Store:
    """Open the store at ``location``: a directory (embedded) or, later, an http(s) URL."""
    if location.startswith(("http://", "https://")):
        raise StoreError("remote stores are not supported yet")
    return EmbeddedStore(location, read_only=read_only)
