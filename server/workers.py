"""Query evaluation that can be stopped: a pool of worker processes over the on-disk store.

pyoxigraph has no query timeout and a thread inside its evaluator cannot be interrupted, so
a runaway query (a cross product under ORDER BY) would hold a server thread and a core for
as long as it likes. Each worker is a process that opens the store read-only (RocksDB
allows that beside the server's own read-write handle, and the OS page cache is shared, so
memory is not multiplied); on timeout the parent kills it and starts a fresh one. A worker
reopens the store when the dataset version it is handed differs from the one it opened, so
updates made by the server are seen. ``InlineEvaluator`` runs in the request thread for an
in-memory store that no other process can open; it cannot stop a query (docs/server.md).

Both evaluate the same way: the result is serialised by pyoxigraph into a spooled buffer
(cut at ``max_results`` rows or triples), and only then does the client get a status, so a
cut or stopped result is never announced with a plain 200.
"""

from __future__ import annotations

import multiprocessing
import queue
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO

import pyoxigraph as ox
from newskg.graph.namespaces import KIND_NS, ONTOLOGY_NS
from newskg.graph.search.index import SearchIndex, text_stage_lemma
from newskg.graph.search.sparql import search_functions
from newskg.server.conneg import GRAPH_OX, RESULTS_OX
from newskg.server.results import serialise_solutions, serialise_triples

CHUNK_BYTES = 64 * 1024
SPOOL_IN_MEMORY_BYTES = 4 * 1024 * 1024

#: Prefixes offered to the Turtle/TriG/RDF-XML serialisers.
OUTPUT_PREFIXES = {
    "nkg": ONTOLOGY_NS,
    "kind": KIND_NS,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "schema": "http://schema.org/",
    "nif": "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#",
}


class QueryFailed(Exception):
    """Evaluation ended without a result; ``kind`` picks the HTTP status."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind  # "syntax", "evaluation", "timeout", "busy" or "died"


@dataclass
class QueryTask:
    """Everything a worker needs, picklable."""

    query: str
    form: str  # SELECT, ASK, CONSTRUCT, DESCRIBE
    format_name: str  # a conneg.Format name
    format_kind: str  # "results" or "graph"
    max_results: int
    # The protocol's default-graph-uri / named-graph-uri; None when neither was given.
    default_graphs: list[str] | None = None
    named_graphs: list[str] | None = None
    query_has_dataset: bool = False  # the query's own FROM / FROM NAMED
    # Parameters of a canned query: variable name -> RDF term, bound by pyoxigraph's
    # substitution (SEP-0007), never written into the text; a VALUES block instead made a
    # parameterised query up to 30x slower (bench/README.md).
    substitutions: dict | None = None
    search_index: str | None = None  # the synced full-text index file, for search:* functions


@dataclass
class QueryOutcome:
    """A finished evaluation: the row count, whether it was cut, and the body chunks."""

    count: int
    truncated: bool
    chunks: Iterable[bytes] = field(repr=False)  # has close() when it holds a worker


def _ox_format(task: QueryTask) -> ox.QueryResultsFormat | ox.RdfFormat:
    return (RESULTS_OX if task.format_kind == "results" else GRAPH_OX)[task.format_name]


def evaluate(store: ox.Store, task: QueryTask, output: IO[bytes]) -> tuple[int, bool]:
    """Evaluate ``task`` on ``store`` and serialise into ``output``; (count, truncated).

    Raises SyntaxError for a malformed query (pyoxigraph's message) and OSError/ValueError
    for evaluation errors.
    """
    kwargs: dict = {}
    if task.default_graphs is not None or task.named_graphs is not None:
        # Protocol parameters define the whole dataset and override FROM (SPARQL 1.1 §2.1.4).
        kwargs["default_graph"] = [ox.NamedNode(g) for g in task.default_graphs or ()]
        kwargs["named_graphs"] = [ox.NamedNode(g) for g in task.named_graphs or ()]
    elif not task.query_has_dataset:
        kwargs["use_default_graph_as_union"] = True
    if task.substitutions:
        kwargs["substitutions"] = {ox.Variable(k): v for k, v in task.substitutions.items()}
    if task.search_index is not None:
        kwargs["custom_functions"] = _search_functions(task.search_index)
    result = store.query(task.query, **kwargs)
    fmt = _ox_format(task)
    if isinstance(result, ox.QueryBoolean):
        result.serialize(output, fmt)
        return 1, False
    if isinstance(result, ox.QuerySolutions):
        return serialise_solutions(result, fmt, task.max_results, output)
    return serialise_triples(result, fmt, task.max_results, output, OUTPUT_PREFIXES)


def _read_chunks(spool: IO[bytes]) -> Iterator[bytes]:
    spool.seek(0)
    try:
        while chunk := spool.read(CHUNK_BYTES):
            yield chunk
    finally:
        spool.close()


def _search_functions(path: str) -> dict:
    """``search:score`` and ``search:snippet`` over the index file (read only, here)."""
    return search_functions(SearchIndex(None if path == ":memory:" else path,
                                         text_stage_lemma))


class InlineEvaluator:
    """Evaluates in the calling thread (an in-memory store); no hard time limit."""

    stoppable = False

    def __init__(self, store: ox.Store) -> None:
        self.store = store
        self.replacements = 0

    def run(self, task: QueryTask, version: str, timeout: float) -> QueryOutcome:
        # Closed by _read_chunks once the response has been sent.
        spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY_BYTES)  # noqa: SIM115
        try:
            count, truncated = evaluate(self.store, task, spool)
        except SyntaxError as err:
            spool.close()
            raise QueryFailed("syntax", str(err)) from err
        except (OSError, ValueError, RuntimeError) as err:
            spool.close()
            raise QueryFailed("evaluation", str(err)) from err
        return QueryOutcome(count, truncated, _read_chunks(spool))

    def worker_pids(self) -> list[int]:
        return []

    def start(self) -> None:
        pass

    def shutdown(self) -> None:
        pass


def _open_read_only(store_path: str, attempts: int = 5) -> ox.Store:
    """Open the store read-only, retrying while the server's handle compacts files away."""
    for attempt in range(attempts):
        try:
            return ox.Store.read_only(store_path)
        except (OSError, RuntimeError):
            if attempt == attempts - 1:
                raise
            time.sleep(0.05 * (attempt + 1))
    raise AssertionError("unreachable")


def _worker_main(conn, store_path: str) -> None:
    """A worker's loop: receive (task, version), answer header then chunks then b''."""
    store = None
    opened_version = None
    while True:
        try:
            task, version = conn.recv()
        except EOFError:
            return
        with tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY_BYTES) as spool:
            try:
                if store is None or version != opened_version:
                    store = None
                    store = _open_read_only(store_path)
                    opened_version = version
                try:
                    count, truncated = evaluate(store, task, spool)
                except (OSError, RuntimeError):
                    # A read-only handle can lose files to the server's compaction: reopen once.
                    spool.seek(0)
                    spool.truncate()
                    store = _open_read_only(store_path)
                    count, truncated = evaluate(store, task, spool)
            except SyntaxError as err:
                conn.send(("error", "syntax", str(err)))
                continue
            except Exception as err:  # noqa: BLE001 - any failure is reported to the client
                conn.send(("error", "evaluation", f"{type(err).__name__}: {err}"))
                continue
            conn.send(("ok", count, truncated))
            for chunk in _read_chunks(spool):
                conn.send_bytes(chunk)
        conn.send_bytes(b"")


class _Worker:
    def __init__(self, ctx, store_path: str) -> None:
        self.conn, child_conn = ctx.Pipe()
        self.process = ctx.Process(
            target=_worker_main, args=(child_conn, store_path), daemon=True
        )
        self.process.start()
        child_conn.close()

    def kill(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.conn.close()


class _WorkerStream:
    """Body chunks from a worker; closing it hands the worker back (or replaces it).

    An object rather than a generator so that a response closed before its first chunk
    (a HEAD request, a client gone) still releases the worker.
    """

    def __init__(self, pool: ProcessPool, worker: _Worker, timeout: float) -> None:
        self.pool = pool
        self.worker = worker
        self.timeout = timeout
        self.finished = False
        self.released = False

    def __iter__(self) -> Iterator[bytes]:
        try:
            while not self.released:
                if not self.worker.conn.poll(self.timeout):
                    break
                chunk = self.worker.conn.recv_bytes()
                if not chunk:
                    self.finished = True
                    break
                yield chunk
        except (EOFError, OSError):
            pass
        finally:
            self.close()

    def close(self) -> None:
        if self.released:
            return
        self.released = True
        if self.finished:
            self.pool._idle.put(self.worker)
        else:  # unread chunks or a dead pipe: start afresh
            self.pool._replace(self.worker)


class ProcessPool:
    """``size`` worker processes; a worker that overruns its time limit is killed and replaced."""

    stoppable = True

    def __init__(self, store_path: str, size: int = 2) -> None:
        self.store_path = store_path
        self._ctx = multiprocessing.get_context("forkserver")
        self._ctx.set_forkserver_preload(["pyoxigraph", "newskg.server.workers"])
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self.size = max(1, size)
        self.replacements = 0
        self._closed = False
        self._started = False

    def start(self) -> None:
        """Start the workers (else the first query does: apps built in tests stay light)."""
        with self._lock:
            if self._started:
                return
            self._started = True
        for _ in range(self.size):
            self._add_worker()

    def _add_worker(self) -> None:
        worker = _Worker(self._ctx, self.store_path)
        with self._lock:
            self._all.add(worker)
        self._idle.put(worker)

    def _replace(self, worker: _Worker) -> None:
        worker.kill()
        with self._lock:
            self._all.discard(worker)
            self.replacements += 1
        if not self._closed:
            self._add_worker()

    def worker_pids(self) -> list[int]:
        with self._lock:
            return sorted(w.process.pid for w in self._all if w.process.pid)

    def run(self, task: QueryTask, version: str, timeout: float) -> QueryOutcome:
        """Evaluate on an idle worker; QueryFailed on error, timeout or a busy pool."""
        self.start()
        try:
            worker = self._idle.get(timeout=timeout)
        except queue.Empty:
            raise QueryFailed("busy", "all query workers are busy; try again later") from None
        try:
            worker.conn.send((task, version))
            if not worker.conn.poll(timeout):
                self._replace(worker)
                raise QueryFailed("timeout", f"query stopped after the {timeout:g} s time limit")
            message = worker.conn.recv()
        except (EOFError, OSError, BrokenPipeError) as err:
            self._replace(worker)
            raise QueryFailed("died", f"the query worker died ({err or 'no answer'}); "
                                      "it has been replaced") from err
        if message[0] == "error":
            self._idle.put(worker)
            raise QueryFailed(message[1], message[2])
        _, count, truncated = message
        return QueryOutcome(count, truncated, self._stream(worker, timeout))

    def _stream(self, worker: _Worker, timeout: float) -> _WorkerStream:
        return _WorkerStream(self, worker, timeout)

    def shutdown(self) -> None:
        self._closed = True
        with self._lock:
            workers = list(self._all)
        for worker in workers:
            worker.kill()
