"""Streaming ingest: read, analyse and write a corpus of any size with bounded memory.

Documents flow from ``inputs.iter_items`` in batches of ``batch_size``. For each batch the
store is asked once which documents it already holds with the same content hash and extractor
version (those are skipped: a rerun after a crash or ``kill -9`` redoes only the rest); the
others go to the analysis engine (this process, worker processes, or a Dask cluster), with
at most ``engine.capacity`` in flight. One writer (this process) takes results back in input
order and writes each document's graph and record in one atomic update. Memory is bounded by
the batch size and the capacity, never by the corpus.

A bad document (unreadable, malformed, empty, markup, too large, a pipeline failure) is an
event of kind ``failed`` and the run goes on. A failure of the store or of the engine stops
the run at once: every document written so far is complete, and none is half-written.
``strict=True`` keeps the all-or-nothing behaviour: every document is read and analysed
before the first write, and any failure writes nothing.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from itertools import islice

from newskg.graph.ingest.inputs import Item
from newskg.graph.ingest.parallel import EngineError, analysed
from newskg.graph.ingest.reader import IngestError, IngestSummary
from newskg.graph.ingest.work import Analysed, content_hash, extractor_version
from newskg.graph.ingest.writer import write_analysed
from newskg.graph.rdf.iris import document_iri
from newskg.graph.store.records import DocumentRecord, lookup_records

DEFAULT_BATCH = 64
#: The embedded store is flushed to disk every this many writes, which bounds its memory
#: (RocksDB otherwise keeps every recent write in memory: see ``EmbeddedStore.flush``).
FLUSH_EVERY = 200


@dataclass(frozen=True)
class Event:
    """What happened to one input: ``ingested``, ``skipped`` (unchanged) or ``failed``."""

    kind: str
    origin: str
    words: int = 0
    summary: IngestSummary | None = None
    message: str | None = None  # why it failed


@dataclass
class RunReport:
    """Counts of a run, kept up to date while it runs (progress reads them)."""

    ingested: int = 0
    skipped: int = 0
    failed: int = 0
    words: int = 0
    started: float = field(default_factory=time.monotonic)
    seconds: float = 0.0

    @property
    def done(self) -> int:
        return self.ingested + self.skipped + self.failed

    def count(self, event: Event) -> None:
        setattr(self, event.kind, getattr(self, event.kind) + 1)
        self.words += event.words
        self.seconds = time.monotonic() - self.started


Listener = Callable[[Event, RunReport], None]


@dataclass
class _Pending:
    origin: str
    iri: str
    record: DocumentRecord
    words: int
    future: object


def ingest_stream(
    store,
    items: Iterable[Item],
    engine,
    base: str | None = None,
    listener: Listener | None = None,
    batch_size: int = DEFAULT_BATCH,
    strict: bool = False,
) -> RunReport:
    """Ingest ``items`` into ``store`` (see the module docstring); the run's counts."""
    report = RunReport()
    notify = listener or (lambda event, report: None)

    flush = getattr(store, "flush", None)
    flusher = _Flusher(flush) if flush is not None else None

    def emit(event: Event) -> None:
        report.count(event)
        if flusher and event.kind == "ingested" and report.ingested % FLUSH_EVERY == 0:
            flusher.start()
        notify(event, report)

    ensure = getattr(store, "ensure_ontology", None)
    if ensure is not None:
        ensure()
    try:
        if strict:
            _strict(store, items, engine, base, emit)
        else:
            _streamed(store, items, engine, base, emit, batch_size)
    finally:
        if flusher:
            flusher.close()
    report.seconds = time.monotonic() - report.started
    return report


class _Flusher:
    """Flushes the store in a thread of its own while the writer goes on writing.

    A flush of 200 documents' writes takes RocksDB about 0.2 s; done in the writer's thread
    it stopped the writer, the workers ran out of work and a core idled every 200 documents
    (a tenth of a ``--jobs 2`` run). pyoxigraph releases the GIL while it flushes, and
    RocksDB takes writes meanwhile. One flush at a time; when one is still running, the
    next is left to the next turn. A failed flush raises in the writer at the next turn or
    at the end, so a store failure still stops the run.
    """

    def __init__(self, flush: Callable[[], None]) -> None:
        self._flush = flush
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="newskg-flush")
        self._running: Future | None = None

    def start(self) -> None:
        if self._running is not None:
            if not self._running.done():
                return
            self._running.result()
        self._running = self._pool.submit(self._flush)

    def close(self) -> None:
        self._pool.shutdown(wait=True)
        if self._running is not None:
            self._running.result()


def _streamed(store, items, engine, base, emit, batch_size: int) -> None:
    pending: deque[_Pending] = deque()
    try:
        for batch in _batches(items, max(1, batch_size)):
            for todo in _submit_batch(store, batch, engine, base, emit):
                pending.append(todo)
                while len(pending) >= engine.capacity:
                    _write(store, pending.popleft(), emit)
        while pending:
            _write(store, pending.popleft(), emit)
    finally:
        for todo in pending:  # a stopped run: do not wait for analyses nobody will write
            cancel = getattr(todo.future, "cancel", None)
            if cancel is not None:
                cancel()


def _batches(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def _submit_batch(store, batch: list[Item], engine, base, emit) -> Iterator[_Pending]:
    """Report the batch's bad items, skip its unchanged documents, submit the rest."""
    good = []
    for item in batch:
        if item.document is None:
            emit(Event("failed", item.origin, message=item.error))
        else:
            good.append(item)
    iris = [document_iri(item.document.id, base) for item in good]
    stored = lookup_records(store, iris) if iris else {}
    version = extractor_version()
    for item, iri in zip(good, iris, strict=True):
        doc = item.document
        record = DocumentRecord(content_hash(doc, base), version)
        words = len(doc.text.split())
        if stored.get(iri) == record:
            emit(Event("skipped", item.origin, words))
            continue
        yield _Pending(item.origin, iri, record, words, engine.submit(doc, base))


def _write(store, todo: _Pending, emit) -> None:
    """Write one analysed document (its graph and record in one update), or report it."""
    result = analysed(todo.future)
    if result.error is not None:
        emit(Event("failed", todo.origin, todo.words, message=f"{result.document}: "
                                                              f"{result.error}"))
        return
    write_analysed(store, todo.iri, result, todo.record)
    emit(Event("ingested", todo.origin, todo.words, summary=_summary(result, todo.iri)))


def _summary(result: Analysed, iri: str) -> IngestSummary:
    return IngestSummary(result.document, iri, result.statements, result.actors,
                         result.triples, result.warnings)


def _strict(store, items, engine, base, emit) -> None:
    """All or nothing: read and analyse everything, then write (results stay compressed)."""
    good: list[Item] = []
    for item in items:
        if item.document is None:
            raise IngestError(f"{item.origin}: {item.error}")
        good.append(item)
    pending: list[_Pending] = []
    for batch in _batches(good, max(1, engine.capacity)):
        submitted = list(_submit_batch(store, batch, engine, base, emit))
        for todo in submitted:
            result = analysed(todo.future)
            if result.error is not None:
                raise IngestError(f"{result.document}: {result.error}")
            todo.future = _Done(result)
            pending.append(todo)
    for todo in pending:
        _write(store, todo, emit)


class _Done:
    """A finished result standing in for its future, so the writer can treat both alike."""

    def __init__(self, result: Analysed) -> None:
        self._result = result

    def result(self) -> Analysed:
        return self._result


__all__ = ["DEFAULT_BATCH", "EngineError", "Event", "RunReport", "ingest_stream"]
