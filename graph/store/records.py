"""What each stored document was made from: its content hash and the extractor version.

A resumed or repeated ingest must know which documents are already in the store exactly as
this run would write them. Each document's graph is written together with a small record in
the meta graph (``urn:newskg:meta``), in the same SPARQL update, so the record exists if and
only if the graph it describes was written completely::

    <urn:newskg:meta:doc:HASH-OF-IRI> meta:graph "https://…/doc/x" ;
        meta:contentHash "sha256 of text and metadata" ; meta:extractor "version" .

The record names its graph by a literal, not by the IRI itself, so the record never shows up
among the links of the document's resource page (queries see the union of all graphs).
Everything is plain SPARQL 1.1, so the embedded store and any SPARQL server keep the same
records.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pyoxigraph as ox

#: The named graph that holds bookkeeping (the version token, these records); never exported.
META_GRAPH = "urn:newskg:meta"

_META = "urn:newskg:meta#"
_GRAPH = f"<{_META}graph>"
_HASH = f"<{_META}contentHash>"
_EXTRACTOR = f"<{_META}extractor>"
#: Most graph names asked about in one lookup query (keeps requests to a server small).
LOOKUP_CHUNK = 200


@dataclass(frozen=True)
class DocumentRecord:
    """The content hash and extractor version a document's graph was made from."""

    content_hash: str
    extractor: str


def record_iri(graph: str) -> str:
    """The record's subject: derived from the graph name, never the graph name itself."""
    return "urn:newskg:meta:doc:" + hashlib.sha256(graph.encode("utf-8")).hexdigest()[:40]


def record_update(graph: str, record: DocumentRecord) -> str:
    """SPARQL update operations that replace ``graph``'s record (to join a larger update)."""
    subject = f"<{record_iri(graph)}>"
    name = str(ox.Literal(graph))
    return (
        f"DELETE WHERE {{ GRAPH <{META_GRAPH}> {{ {subject} ?p ?o }} }} ;\n"
        f"INSERT DATA {{ GRAPH <{META_GRAPH}> {{ {subject} {_GRAPH} {name} ; "
        f"{_HASH} {ox.Literal(record.content_hash)} ; "
        f"{_EXTRACTOR} {ox.Literal(record.extractor)} }} }} ;\n"
    )


def record_nquads(graph: str, record: DocumentRecord) -> str:
    """The record's quads as N-Quads: the same terms ``record_update`` inserts (for a load)."""
    subject = f"<{record_iri(graph)}>"
    meta = f"<{META_GRAPH}>"
    return (
        f"{subject} {_GRAPH} {ox.Literal(graph)} {meta} .\n"
        f"{subject} {_HASH} {ox.Literal(record.content_hash)} {meta} .\n"
        f"{subject} {_EXTRACTOR} {ox.Literal(record.extractor)} {meta} .\n"
    )


def lookup_records(store, graphs: Sequence[str]) -> dict[str, DocumentRecord]:
    """The stored records of those of ``graphs`` that have one."""
    found: dict[str, DocumentRecord] = {}
    for start in range(0, len(graphs), LOOKUP_CHUNK):
        chunk = graphs[start : start + LOOKUP_CHUNK]
        values = " ".join(str(ox.Literal(g)) for g in chunk)
        sparql = (
            f"SELECT ?g ?h ?v WHERE {{ VALUES ?g {{ {values} }} GRAPH <{META_GRAPH}> "
            f"{{ ?r {_GRAPH} ?g ; {_HASH} ?h ; {_EXTRACTOR} ?v }} }}"
        )
        for row in store.query(sparql):
            found[row["g"].value] = DocumentRecord(row["h"].value, row["v"].value)
    return found


def all_records(store) -> Iterable[tuple[str, DocumentRecord]]:
    """Every record in the store (for checks and reports)."""
    sparql = (
        f"SELECT ?g ?h ?v WHERE {{ GRAPH <{META_GRAPH}> "
        f"{{ ?r {_GRAPH} ?g ; {_HASH} ?h ; {_EXTRACTOR} ?v }} }} ORDER BY ?g"
    )
    for row in store.query(sparql):
        yield row["g"].value, DocumentRecord(row["h"].value, row["v"].value)
