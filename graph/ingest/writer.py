"""``Document``s into the store: every document analysed and mapped to RDF before the first
write, then each document's named graph replaced in one atomic update."""

from __future__ import annotations

import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pyoxigraph as ox
from newskg.graph.ingest.reader import IngestError
from newskg.graph.model import Document
from newskg.graph.pipeline import analyze
from newskg.graph.rdf.iris import document_iri
from newskg.graph.rdf.mapping import analysis_to_triples
from newskg.graph.store.base import Store


@dataclass(frozen=True)
class IngestSummary:
    """What one ingested document contributed to the store."""

    document: str  # document id
    iri: str  # the document IRI, also its named graph
    statements: int
    actors: int
    triples: int
    warnings: tuple[str, ...] = ()  # what the pipeline found odd about the text

    def line(self) -> str:
        return (
            f"{self.document}: {self.statements} statements, {self.actors} actors, "
            f"{self.triples} triples"
        )



Progress = Callable[[int, int], None]


def ingest_documents(
    store: Store,
    documents: Sequence[Document],
    base: str | None = None,
    progress: Progress | None = None,
) -> list[IngestSummary]:
    """Analyse every document, map it to RDF, then replace each document's named graph.

    All analysis happens before the first write, so an analysis failure leaves the store
    unchanged; each document's graph is then replaced in one atomic update. Meanwhile each
    document's triples wait as zlib-compressed N-Triples (about 11 kB for the seed article
    against 167 kB uncompressed), so a corpus of thousands of articles fits in memory.
    """
    prepared: list[tuple[IngestSummary, bytes]] = []
    for done, doc in enumerate(documents, start=1):
        try:
            analysis = analyze(doc)
            triples = list(dict.fromkeys(analysis_to_triples(analysis, base)))
        except Exception as err:  # a pipeline bug must not half-ingest a corpus
            raise IngestError(f"{doc.id}: analysis failed: {type(err).__name__}: {err}") from err
        summary = IngestSummary(doc.id, document_iri(doc.id, base), len(analysis.statements),
                                len(analysis.actors), len(triples), tuple(analysis.warnings))
        packed = zlib.compress(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), 6)
        prepared.append((summary, packed))
        if progress:
            progress(done, len(documents))
    ensure = getattr(store, "ensure_ontology", None)
    if ensure is not None:
        ensure()
    for summary, packed in prepared:
        triples = [q.triple for q in ox.parse(zlib.decompress(packed), ox.RdfFormat.N_TRIPLES)]
        store.replace_graph(summary.iri, triples)
    return [summary for summary, _ in prepared]

