"""What every store shares: the ``Store`` protocol, its error, and the bookkeeping both
implementations write the same way.

Each document lives in its own named graph (the document's IRI); the ontology lives in the
named graph ``https://w3id.org/newskg/ontology``. Queries see the union of all graphs as
their default graph. A small meta graph (``urn:newskg:meta``) holds the dataset version, a
token that every write replaces *in the same SPARQL update* as the write itself, so a server
can use it as an ETag, and the hash of the ontology file last loaded. Everything here is
expressible over the SPARQL 1.1 protocols, so the embedded store (``embedded.py``) and the
remote one (``remote.py``) build the same updates from this module.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from importlib import resources
from pathlib import Path
from typing import IO, Protocol

import pyoxigraph as ox
from newskg.graph.namespaces import ONTOLOGY_IRI
from newskg.graph.rdf.formats import SYNTAX_BY_EXTENSION
from newskg.graph.store.records import META_GRAPH, DocumentRecord, record_update

Bindings = Mapping[str, ox.NamedNode | ox.Literal | ox.BlankNode]

#: The meta graph's predicates: the version token, the SHA-256 of the ontology file loaded.
VERSION = "urn:newskg:meta#version"
ONTOLOGY_HASH = "urn:newskg:meta#ontologyHash"

#: A new version token in the same update as a write (STRUUID: unique across stores too).
#: Two operations, not one DELETE/INSERT with an OPTIONAL: Virtuoso drops the whole solution
#: when a DELETE template variable is unbound (the first write would never set a version).
BUMP_VERSION = f"""DELETE WHERE {{ GRAPH <{META_GRAPH}> {{ <{META_GRAPH}> <{VERSION}> ?old }} }} ;
INSERT {{ GRAPH <{META_GRAPH}> {{ <{META_GRAPH}> <{VERSION}> ?new }} }}
WHERE {{ BIND(STRUUID() AS ?new) }}"""


class StoreError(Exception):
    """A store cannot be opened or a change to it failed; the message names the problem."""


class Store(Protocol):
    """What the rest of newskg needs from a triple store."""

    def query(self, sparql: str, bindings: Bindings | None = None):
        """Evaluate a SPARQL query over the union of all graphs; pyoxigraph result objects."""

    def update(self, sparql: str) -> None:
        """Execute a SPARQL update (the version changes with it)."""

    def replace_graph(
        self, graph: str, triples: Iterable[ox.Triple], record: DocumentRecord | None = None
    ) -> None:
        """Atomically replace the named graph ``graph`` with ``triples`` (and its record)."""

    def load(self, path: Path, graph: str | None = None) -> int:
        """Bulk-load an RDF file (syntax from the extension); return the quads added."""

    def dump(
        self,
        output: IO[bytes],
        format: ox.RdfFormat,
        graph: str | None = None,
        prefixes: Mapping[str, str] | None = None,
    ) -> None:
        """Serialise the whole dataset, or one graph, to ``output``."""

    def graphs(self) -> list[str]:
        """IRIs of the named graphs that hold data (the meta graph excluded)."""

    def triple_count(self) -> int:
        """Number of quads that hold data (the meta graph excluded)."""

    def version(self) -> str:
        """A token that changes whenever the data changes ("" for a never-written store)."""

    def bump_version(self) -> None:
        """Mark the data as changed (after a write made behind the store's back)."""

    def close(self) -> None:
        """Release the store (its lock, for an on-disk store)."""


def sparql_term(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> str:
    """A term in SPARQL syntax; pyoxigraph's N-Triples form (escapes included) is valid SPARQL."""
    return str(term)


def ontology_update(stored_hash: str | None, graph_present: bool) -> str | None:
    """The one update that (re)writes the bundled ontology's graph and records its hash.

    None when the graph already holds the same file (``stored_hash`` is its SHA-256).
    """
    data = ontology_file().read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if stored_hash == digest and graph_present:
        return None
    try:
        triples = list(ox.parse(data, ox.RdfFormat.TURTLE, base_iri=ONTOLOGY_IRI))
    except SyntaxError as err:
        raise StoreError(f"the bundled ontology does not parse: {err}") from err
    meta = (
        f"DELETE WHERE {{ GRAPH <{META_GRAPH}> {{ <{META_GRAPH}> <{ONTOLOGY_HASH}> ?h }} }} ;"
        f"\nINSERT DATA {{ GRAPH <{META_GRAPH}> {{ <{META_GRAPH}> <{ONTOLOGY_HASH}> "
        f'"{digest}" }} }} ;\n'
    )
    return meta + replace_graph_update(ONTOLOGY_IRI, triples)


def replace_graph_update(
    graph: str, triples: Iterable[ox.Triple], record: DocumentRecord | None = None
) -> str:
    """The one SPARQL update that drops ``graph``, fills it with ``triples``, bumps the version.

    With ``record``, the same update replaces the document's record in the meta graph, so a
    record exists exactly when its graph was written completely (see ``records``).
    """
    g = sparql_term(ox.NamedNode(graph))
    triples = list(triples)
    body = " .\n".join(
        f"{sparql_term(t.subject)} {sparql_term(t.predicate)} {sparql_term(t.object)}"
        for t in triples
    )
    # Blank nodes in a template with an empty WHERE are fresh, as in INSERT DATA; Virtuoso
    # refuses blank nodes in INSERT DATA, so a graph that has any is written this way.
    blank = any(isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode)
                for t in triples)
    verb, where = ("INSERT", " WHERE {}") if blank else ("INSERT DATA", "")
    insert = f"{verb} {{ GRAPH {g} {{\n{body}\n}} }}{where} ;\n" if body else ""
    noted = record_update(graph, record) if record is not None else ""
    return f"DROP SILENT GRAPH {g} ;\n{insert}{noted}{BUMP_VERSION}"


def ontology_file() -> Path:
    """The bundled OWL ontology (``ontology/newskg.ttl``, installed as ``newskg.ontology``)."""
    path = Path(str(resources.files("newskg.ontology").joinpath("newskg.ttl")))
    if not path.is_file():
        raise StoreError(f"the bundled ontology is missing: {path}")
    return path


def syntax_for(path: Path) -> ox.RdfFormat:
    """The RDF syntax of ``path`` from its extension, or a StoreError listing the known ones."""
    ext = path.suffix.lower().lstrip(".")
    if ext not in SYNTAX_BY_EXTENSION:
        known = ", ".join(f".{e}" for e in SYNTAX_BY_EXTENSION)
        shown = f"'.{ext}'" if ext else "no extension"
        raise StoreError(f"{path}: unknown RDF syntax ({shown}); expected one of {known}")
    return SYNTAX_BY_EXTENSION[ext]


def check_rdf_file(path: Path, fmt: ox.RdfFormat) -> None:
    """Parse the whole file once so that a syntax error leaves the store untouched."""
    try:
        with path.open("rb") as handle:
            for _ in ox.parse(handle, fmt, base_iri=file_base(path)):
                pass
    except OSError as err:
        raise StoreError(f"{path}: cannot read: {err.strerror or err}") from err
    except (SyntaxError, ValueError) as err:
        first_line = str(err).splitlines()[0] if str(err) else type(err).__name__
        raise StoreError(f"{path}: not valid {fmt.name}: {first_line}") from err


def file_base(path: Path) -> str:
    """Relative IRIs in a loaded file resolve against the file's own URI, as RDF says."""
    return path.resolve().as_uri()


def triple_key(triple: ox.Triple) -> tuple[str, str, str]:
    return (str(triple.subject), str(triple.predicate), str(triple.object))
