"""One document's analysis, as a unit of work that can run anywhere: in the writer's process,
in a worker process of this machine, or on a Dask worker of another machine.

``analyse_document`` takes a picklable ``Document`` and returns a picklable ``Analysed``:
the document's triples as zlib-compressed N-Triples (about 11 kB for the seed article against
167 kB uncompressed), or the reason it failed. It never raises for a bad document, so one
article cannot sink a corpus; the writer decides what a failure means (``--strict``).

``EXTRACTOR_VERSION`` names the code and data that turn a text into triples (the package
version and a hash of the analysis modules and lexicons), and ``content_hash`` what a document
brings (its text and metadata); both are stored with each graph so that a rerun skips what is
already there exactly as it would be written.
"""

from __future__ import annotations

import hashlib
import json
import os
import zlib
from dataclasses import dataclass

import pyoxigraph as ox
from newskg.graph.model import Document
from newskg.graph.pipeline import analyze
from newskg.graph.rdf.mapping import analysis_to_triples
from newskg.graph.text.word_tags import save_cache
from newskg.graph.version import extractor_version

__all__ = ["Analysed", "analyse_document", "content_hash", "extractor_version"]

#: A worker process writes the word-tag cache it has learnt every this many documents
#: (worker processes end without running ``atexit`` handlers).
SAVE_CACHE_EVERY = 200


@dataclass(frozen=True)
class Analysed:
    """The outcome of analysing one document: compressed triples, or why there are none."""

    document: str
    packed: bytes = b""  # zlib-compressed N-Triples
    statements: int = 0
    actors: int = 0
    triples: int = 0
    warnings: tuple[str, ...] = ()
    error: str | None = None

    def ntriples(self) -> bytes:
        """The triples as N-Triples, unpacked (in the writer, just before they are written)."""
        return zlib.decompress(self.packed)

    def triple_list(self) -> list[ox.Triple]:
        """The triples, unpacked and parsed."""
        return [q.triple for q in ox.parse(self.ntriples(), ox.RdfFormat.N_TRIPLES)]


def content_hash(doc: Document, base: str | None) -> str:
    """SHA-256 of everything a document's graph is made from besides the code."""
    fields = [doc.id, doc.text, doc.title, doc.published.isoformat() if doc.published else None,
              doc.source, base]
    return hashlib.sha256(json.dumps(fields, ensure_ascii=False).encode("utf-8")).hexdigest()


def analyse_document(doc: Document, base: str | None = None) -> Analysed:
    """Analyse ``doc`` and map it to RDF; a failure becomes ``Analysed.error``, never a raise."""
    try:
        analysis = analyze(doc)
        triples = list(dict.fromkeys(analysis_to_triples(analysis, base)))
        packed = zlib.compress(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), 6)
    except Exception as err:  # noqa: BLE001 - any pipeline bug is this document's failure
        return Analysed(doc.id, error=f"analysis failed: {type(err).__name__}: {err}")
    finally:
        _count_for_cache()
    return Analysed(doc.id, packed, len(analysis.statements), len(analysis.actors),
                    len(triples), tuple(analysis.warnings))


_analysed_here = 0
_is_worker = False  # set by warm(): this process analyses for a writer elsewhere


def _count_for_cache() -> None:
    """In a worker process, save the word-tag cache now and then (no atexit runs there)."""
    global _analysed_here
    _analysed_here += 1
    if _is_worker and _analysed_here % SAVE_CACHE_EVERY == 0:
        save_word_cache()


def save_word_cache() -> None:
    """Write what this process's tagger learnt to the shared word-tag cache file."""
    save_cache()


def warm() -> int:
    """Load the tagger's model, its cache file and every lexicon by analysing a short text.

    Run once where workers are forked from (they inherit the loaded state) or once on each
    Dask worker; returns the process id, so a caller can see how many processes it reached.
    """
    global _is_worker
    _is_worker = True
    analyse_document(Document(id="warm-up", text="Probe\nDer Sprecher sagte am Montag in "
                              "Berlin, die Lage sei ernst."))
    return os.getpid()
