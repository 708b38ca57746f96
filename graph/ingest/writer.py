"""``Document``s into the store, all or nothing: every document analysed and mapped to RDF
before the first write, then each document's named graph (with its record of content hash and
extractor version) replaced in one atomic update. For corpora, ``stream.ingest_stream``
bounds memory instead."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from newskg.graph.ingest.reader import IngestError, IngestSummary
from newskg.graph.ingest.work import (
    Analysed,
    analyse_document,
    content_hash,
    extractor_version,
)
from newskg.graph.model import Document
from newskg.graph.rdf.iris import document_iri
from newskg.graph.store.base import Store
from newskg.graph.store.records import DocumentRecord

Progress = Callable[[int, int], None]


def ingest_documents(
    store: Store,
    documents: Sequence[Document],
    base: str | None = None,
    progress: Progress | None = None,
) -> list[IngestSummary]:
    """Analyse every document, map it to RDF, then replace each document's named graph.

    All analysis happens before the first write, so an analysis failure leaves the store
    unchanged; each document's graph (with its record of content hash and extractor version)
    is then replaced in one atomic update. Meanwhile each document's triples wait as
    zlib-compressed N-Triples.
    """
    prepared = []
    for done, doc in enumerate(documents, start=1):
        result = analyse_document(doc, base)
        if result.error is not None:
            raise IngestError(f"{doc.id}: {result.error}")
        prepared.append((doc, result))
        if progress:
            progress(done, len(documents))
    ensure = getattr(store, "ensure_ontology", None)
    if ensure is not None:
        ensure()
    summaries = []
    for doc, result in prepared:
        iri = document_iri(doc.id, base)
        record = DocumentRecord(content_hash(doc, base), extractor_version())
        write_analysed(store, iri, result, record)
        summaries.append(IngestSummary(doc.id, iri, result.statements, result.actors,
                                       result.triples, result.warnings))
    return summaries


def write_analysed(store: Store, iri: str, result: Analysed, record: DocumentRecord) -> None:
    """Replace ``iri``'s graph with an analysed document's triples and record, atomically.

    A store that takes N-Triples as they come from the analysis (the embedded store) gets
    them without parsing them into Python objects here, which the writer, one process for
    all workers, could not afford; any other store gets the triples.
    """
    by_text = getattr(store, "replace_graph_ntriples", None)
    if by_text is not None:
        by_text(iri, result.ntriples(), record)
    else:
        store.replace_graph(iri, result.triple_list(), record)
