"""Query evaluation that can be stopped: a pool of worker processes over the on-disk store.

pyoxigraph has no query timeout and a thread inside its evaluator cannot be interrupted, so
a runaway query (a cross product under ORDER BY) would hold a server thread and a core for
as long as it likes. Each worker is a process that opens the store read-only (RocksDB
allows that beside the server's own read-write handle, and the OS page cache is shared, so
memory is not multiplied); on timeout the parent kills it and starts a fresh one. A worker
reopens the store when the dataset version it is handed differs from the one it opened, so
updates made by the server are seen. ``InlineEvaluator`` runs in the request thread for an
in-memory store that no other process can open; it cannot stop a query (docs/server.md).

A worker does everything a public query costs: the guard's parse (``guard.py``), content
negotiation, evaluation and serialisation, so all of it is under the time limit, the memory
ceiling and the client's time budget. Workers cannot open network sockets
(``sandbox.deny_outbound``) unless a SERVICE allow-list is configured. The pool's watchdog
kills a worker whose resident memory passes the ceiling; a ``FairScheduler``
(``limits.py``) decides which client may take a free worker. Pages other than /sparql
(resource pages, VoID, dumps) run their store reads in the same workers through ``call``.

Both evaluators evaluate the same way: the result is serialised by pyoxigraph into a spooled
buffer (cut at ``max_results`` rows or triples), and only then does the client get a status,
so a cut or stopped result is never announced with a plain 200.
"""

from __future__ import annotations

import importlib
import multiprocessing
import queue
import signal
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO

import pyoxigraph as ox
from newskg.graph.namespaces import KIND_NS, ONTOLOGY_NS
from newskg.graph.rdf.formats import FORMATS
from newskg.server.results import serialise_solutions, serialise_triples

CHUNK_BYTES = 64 * 1024
SPOOL_IN_MEMORY_BYTES = 4 * 1024 * 1024
#: How often the watchdog samples a busy worker's resident memory.
WATCH_INTERVAL = 0.02

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

    def __init__(self, kind: str, message: str, retry_after: float = 1.0) -> None:
        super().__init__(message)
        # "guard", "syntax", "conneg", "evaluation", "timeout", "memory", "busy", "budget",
        # or "died"
        self.kind = kind
        self.retry_after = retry_after


@dataclass
class QueryTask:
    """Everything a worker needs, picklable.

    A public query comes with ``form`` None: the worker runs the guard on it and negotiates
    the format from ``accept`` and ``format_args``. A trusted one (a canned query) comes
    with its form and format decided.
    """

    query: str
    form: str | None = None  # SELECT, ASK, CONSTRUCT, DESCRIBE; None: decided by the guard
    format_name: str | None = None  # a name in newskg.graph.rdf.formats.FORMATS
    max_results: int = 10_000
    # The protocol's default-graph-uri / named-graph-uri; None when neither was given.
    default_graphs: list[str] | None = None
    named_graphs: list[str] | None = None
    query_has_dataset: bool = False  # the query's own FROM / FROM NAMED
    # Parameters of a canned query: variable name -> RDF term, bound by pyoxigraph's
    # substitution (SEP-0007), never written into the text; a VALUES block instead made a
    # parameterised query up to 30x slower (bench/README.md).
    substitutions: dict | None = None
    search_index: str | None = None  # the synced full-text index file, for search:* functions
    accept: str | None = None
    format_args: list[str] = field(default_factory=list)
    service_allowlist: tuple[str, ...] = ()


@dataclass
class CallTask:
    """A function ``module:name`` called as ``function(store, *args)`` in a worker."""

    function: str
    args: tuple = ()


@dataclass
class QueryOutcome:
    """A finished evaluation: the row count, whether it was cut, and the body chunks."""

    count: int
    truncated: bool
    chunks: Iterable[bytes] = field(repr=False)  # has close() when it holds a worker
    form: str = "SELECT"
    format_name: str = "json"
    # Bytes of the body, known because it is spooled whole first: sent as Content-Length,
    # so that the connection stays open (waitress closes after every chunked response).
    size: int | None = None


def _store_graphs(store: ox.Store) -> list[str]:
    from newskg.graph.store.base import META_GRAPH

    return [g.value for g in store.named_graphs()
            if isinstance(g, ox.NamedNode) and g.value != META_GRAPH]


def prepare(store, task: QueryTask, deep: bool = True, graphs=None, info=None) -> None:
    """Run the guard and content negotiation on a public query (``task.form`` is None).

    ``graphs`` lists the store's own graphs (default: the named graphs of ``store``);
    ``info`` is the query's parse when a worker made it (a remote store: then the guard's
    shortcut is never taken). Raises QueryFailed "guard", "syntax" or "conneg".
    """
    if task.form is not None:
        return
    from newskg.server import conneg
    from newskg.server.guard import QueryRejected, QuerySyntaxError, check_query

    try:
        info = check_query(task.query, graphs or (lambda: _store_graphs(store)),
                           task.service_allowlist,
                           default_graph_uris=task.default_graphs or (),
                           named_graph_uris=task.named_graphs or (), deep=deep, info=info)
    except QuerySyntaxError as err:
        raise QueryFailed("syntax", _syntax_message(task.query, str(err))) from None
    except QueryRejected as err:
        raise QueryFailed("guard", str(err)) from None
    fmt = conneg.negotiate(info.form, task.accept, task.format_args)
    if fmt is None:
        offered = ", ".join(conneg.documented_accepts(info.form))
        raise QueryFailed("conneg", f"cannot produce that format for {info.form}; "
                                    f"available: {offered}")
    task.form = info.form
    task.format_name = fmt.name
    task.query_has_dataset = bool(info.from_graphs or info.from_named_graphs)


#: Set in a worker that cannot open network sockets (``_worker_main``).
_SANDBOXED = False


def _syntax_message(text: str, guard_message: str) -> str:
    """pyoxigraph's message for a text the guard cannot read, when it has one.

    pyoxigraph names the line and column of the error more precisely (the editor marks it).
    It is asked only in a sandboxed worker, over an empty in-memory store and without
    reading any result; whatever it thinks, the query stays refused.
    """
    if _SANDBOXED:
        try:
            ox.Store().query(text)
        except SyntaxError as err:
            return str(err)
        except Exception:  # noqa: BLE001, S110 - only its syntax verdict matters here
            pass
    return guard_message


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
    fmt = FORMATS[task.format_name].pyoxigraph
    if isinstance(result, ox.QueryBoolean):
        result.serialize(output, fmt)
        return 1, False
    if isinstance(result, ox.QuerySolutions):
        return serialise_solutions(result, fmt, task.max_results, output)
    return serialise_triples(result, fmt, task.max_results, output, OUTPUT_PREFIXES)


def store_view(store: ox.Store):
    """The ``EmbeddedStore`` interface over a raw pyoxigraph store (for ``call`` functions)."""
    from newskg.graph.store.embedded import EmbeddedStore

    view = EmbeddedStore.__new__(EmbeddedStore)
    view.path = None
    view.read_only = True
    view._store = store
    return view


def resolve_function(name: str) -> Callable:
    module, _, attr = name.partition(":")
    return getattr(importlib.import_module(module), attr)


def _read_chunks(spool: IO[bytes]) -> Iterator[bytes]:
    spool.seek(0)
    try:
        while chunk := spool.read(CHUNK_BYTES):
            yield chunk
    finally:
        spool.close()


def _search_functions(path: str) -> dict:
    """``search:score`` and ``search:snippet`` over the index file (read only, here)."""
    from newskg.graph.search.index import SearchIndex, text_stage_lemma
    from newskg.graph.search.sparql import search_functions

    return search_functions(SearchIndex(None if path == ":memory:" else path,
                                         text_stage_lemma))


class InlineEvaluator:
    """Evaluates in the calling thread (an in-memory store); no hard time limit."""

    stoppable = False
    isolation = "none (in-process evaluation)"

    def __init__(self, store: ox.Store) -> None:
        self.store = store
        self.replacements = 0
        self.memory_stops = 0
        self.size = 0

    def run(self, task: QueryTask, version: str, timeout: float,
            client: str = "-") -> QueryOutcome:
        prepare(self.store, task, deep=False)
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
        return QueryOutcome(count, truncated, _read_chunks(spool), task.form or "SELECT",
                            task.format_name or "json", spool.tell())

    def call(self, function: str, args: tuple, version: str, timeout: float,
             client: str = "-"):
        return resolve_function(function)(store_view(self.store), *args)

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


def _worker_main(conn, store_path: str | None, isolate: bool, data_limit: int,
                 version: str | None = None) -> None:
    """A worker's loop: receive (task, version); answer a header, then chunks, then b''."""
    from newskg.server import sandbox

    global _SANDBOXED
    means = sandbox.deny_outbound(single_threaded=True) if isolate else "off (allow-list)"
    _SANDBOXED = isolate and means != "none"
    sandbox.limit_memory(data_limit)
    conn.send(("ready", means))
    store = None
    opened_version = None
    if version is not None and store_path is not None:  # open now, not at the first query
        try:
            store = _open_read_only(store_path)
            opened_version = version
        except Exception:  # noqa: BLE001, S110 - the first task retries and reports it
            pass
    while True:
        try:
            task, version = conn.recv()
        except EOFError:
            return
        try:  # a pool without a store (``store_path`` None) only parses for a remote store
            if store_path is not None and (store is None or version != opened_version):
                store = None
                store = _open_read_only(store_path)
                opened_version = version
        except Exception as err:  # noqa: BLE001 - reported to the client
            conn.send(("error", "evaluation", f"cannot open the store: {err}"))
            continue
        if isinstance(task, CallTask):
            try:
                value = resolve_function(task.function)(store_view(store), *task.args)
            except Exception as err:  # noqa: BLE001 - reported to the caller
                conn.send(("error", "evaluation", f"{type(err).__name__}: {err}"))
                continue
            conn.send(("value", value))
            continue
        try:
            prepare(store, task)
        except QueryFailed as err:
            conn.send(("error", err.kind, str(err)))
            continue
        except MemoryError:
            conn.send(("error", "memory", "the query needed more memory than allowed"))
            continue
        except Exception as err:  # noqa: BLE001 - the guard must never take the worker down
            conn.send(("error", "guard", f"the query could not be checked: {err}"))
            continue
        with tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY_BYTES) as spool:
            try:
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
            except MemoryError:
                conn.send(("error", "memory", "the query needed more memory than allowed"))
                continue
            except Exception as err:  # noqa: BLE001 - any failure is reported to the client
                conn.send(("error", "evaluation", f"{type(err).__name__}: {err}"))
                continue
            conn.send(("ok", count, truncated, task.form, task.format_name, spool.tell()))
            for chunk in _read_chunks(spool):
                conn.send_bytes(chunk)
        conn.send_bytes(b"")


class _Worker:
    def __init__(self, ctx, store_path: str | None, isolate: bool, data_limit: int,
                 version: str | None = None) -> None:
        self.conn, child_conn = ctx.Pipe()
        self.process = ctx.Process(
            target=_worker_main,
            args=(child_conn, store_path, isolate, data_limit, version),
            daemon=True,
        )
        self.process.start()
        child_conn.close()
        self.means: str | None = None

    def kill(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.conn.close()


class _WorkerStream:
    """Body chunks from a worker; closing it hands the worker back (or replaces it).

    An object rather than a generator so that a response closed before its first chunk
    (a HEAD request, a client gone) still releases the worker.
    """

    def __init__(self, pool: ProcessPool, worker: _Worker, timeout: float, client: str,
                 started: float) -> None:
        self.pool = pool
        self.worker = worker
        self.timeout = timeout
        self.client = client
        self.started = started
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
        # unread chunks or a dead pipe: start afresh
        self.pool._checkin(self.worker, self.client, self.started, keep=self.finished)


class ProcessPool:
    """``size`` worker processes with a time limit, a memory ceiling and fair scheduling.

    A worker that overruns its time limit or its memory ceiling is killed and replaced.
    """

    stoppable = True

    def __init__(self, store_path: str | None, size: int = 2, memory_limit: int = 0,
                 isolate: bool = True, scheduler=None) -> None:
        from newskg.server.limits import FairScheduler

        self.store_path = store_path
        self._ctx = multiprocessing.get_context("forkserver")
        self._ctx.set_forkserver_preload(["pyoxigraph", "newskg.server.workers",
                                          "newskg.server.guard", "newskg.server.sandbox",
                                          "rdflib.plugins.sparql.parser",
                                          "newskg.server.linked_data"])
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self.size = max(1, size)
        self.memory_limit = memory_limit  # bytes of resident memory per worker; 0: none
        self.isolate = isolate
        self.scheduler = scheduler or FairScheduler(self.size, budget=0)
        self.replacements = 0
        self.memory_stops = 0
        self.last_version: str | None = None
        # Bumped when the store's files change without a new dataset version (a compaction):
        # workers reopen the store as they do for a new version.
        self.generation = 0
        self.isolation = "not started"
        self._closed = False
        self._started = False

    @property
    def _data_limit(self) -> int:
        # The backstop under the watchdog (sandbox.limit_memory): a little above the ceiling.
        # The backstop under the watchdog. RLIMIT_DATA counts reserved, untouched memory too
        # (thread stacks of RocksDB and of the guard's parser, allocator arenas), so it sits
        # well above the resident ceiling; it ends a burst that outruns the sampling.
        return 2 * self.memory_limit + (256 << 20) if self.memory_limit else 0

    def start(self) -> None:
        """Start the workers (else the first query does: apps built in tests stay light)."""
        with self._lock:
            if self._started:
                return
            self._started = True
        for _ in range(self.size):
            self._add_worker()

    def _add_worker(self) -> None:
        worker = _Worker(self._ctx, self.store_path, self.isolate, self._data_limit,
                         self.last_version)
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

    # -- taking and giving back workers ------------------------------------------------------

    def _checkout(self, client: str) -> tuple[_Worker, float]:
        from newskg.server.limits import NoWorker, OverBudget

        self.start()
        started = time.monotonic()
        try:
            self.scheduler.acquire(client)
        except OverBudget as err:
            raise QueryFailed("budget", str(err), err.retry_after) from None
        except NoWorker:
            raise QueryFailed("busy", "all query workers are busy; try again later",
                              2.0) from None
        wait = max(0.1, self.scheduler.wait - (time.monotonic() - started))
        try:
            worker = self._idle.get(timeout=wait)
        except queue.Empty:
            self.scheduler.release(client, 0.0)
            raise QueryFailed("busy", "all query workers are busy; try again later",
                              2.0) from None
        return worker, time.monotonic()

    def _checkin(self, worker: _Worker, client: str, started: float, keep: bool) -> None:
        if keep:
            self._idle.put(worker)
        else:
            self._replace(worker)
        self.scheduler.release(client, time.monotonic() - started)

    def _await(self, worker: _Worker, deadline: float, timeout: float):
        """The worker's next message; kills it at the deadline or past the memory ceiling."""
        conn = worker.conn
        pid = worker.process.pid
        from newskg.server.sandbox import rss_bytes

        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise QueryFailed("timeout", f"query stopped after the {timeout:g} s time limit")
            if conn.poll(min(WATCH_INTERVAL, remaining)):
                message = conn.recv()
                if message[0] == "ready":
                    worker.means = message[1]
                    self.isolation = message[1]
                    continue
                return message
            if self.memory_limit and rss_bytes(pid) > self.memory_limit:
                with self._lock:
                    self.memory_stops += 1
                raise QueryFailed("memory", "query stopped at the memory ceiling of "
                                            f"{self.memory_limit >> 20} MiB per query worker")
            if not worker.process.is_alive():
                raise self._death(worker)

    def _death(self, worker: _Worker) -> QueryFailed:
        """Why a worker died: an allocation refused at the memory backstop aborts it."""
        worker.process.join(1.0)
        code = worker.process.exitcode
        if self.memory_limit and code in (-signal.SIGABRT, -signal.SIGKILL):
            with self._lock:
                self.memory_stops += 1
            return QueryFailed("memory", "query stopped at the memory ceiling of "
                                         f"{self.memory_limit >> 20} MiB per query worker")
        return QueryFailed("died", f"the query worker died (exit {code}); it has been replaced")

    def reopen(self) -> None:
        """Have every worker reopen the store before its next task (its files were rewritten)."""
        with self._lock:
            self.generation += 1

    def _dispatch(self, task, version: str, timeout: float, client: str):
        version = f"{version}#{self.generation}"
        self.last_version = version  # a replacement opens the store at this version at once
        worker, started = self._checkout(client)
        try:
            worker.conn.send((task, version))
            message = self._await(worker, started + timeout, timeout)
        except QueryFailed:
            self._checkin(worker, client, started, keep=False)
            raise
        except (EOFError, OSError) as err:
            failure = self._death(worker)
            self._checkin(worker, client, started, keep=False)
            raise failure from err
        return worker, started, message

    def run(self, task: QueryTask, version: str, timeout: float,
            client: str = "-") -> QueryOutcome:
        """Evaluate on a worker; QueryFailed on refusal, error, timeout, memory or no worker."""
        worker, started, message = self._dispatch(task, version, timeout, client)
        if message[0] == "error":
            self._checkin(worker, client, started, keep=True)
            raise QueryFailed(message[1], message[2])
        _, count, truncated, form, format_name, size = message
        stream = _WorkerStream(self, worker, timeout, client, started)
        return QueryOutcome(count, truncated, stream, form, format_name, size)

    def call(self, function: str, args: tuple, version: str, timeout: float,
             client: str = "-"):
        """``function(store, *args)`` in a worker, under the same limits as a query."""
        worker, started, message = self._dispatch(CallTask(function, tuple(args)), version,
                                                  timeout, client)
        self._checkin(worker, client, started, keep=True)
        if message[0] == "error":
            raise QueryFailed(message[1], message[2])
        return message[1]

    def shutdown(self) -> None:
        self._closed = True
        with self._lock:
            workers = list(self._all)
        for worker in workers:
            worker.kill()


#: Resident memory of everything but the query workers' evaluation: the server process with
#: its request threads, the fork server, the resource tracker and the idle workers' own
#: footprint (measured about 200 MiB in all with two workers, docs/server.md).
SERVER_OVERHEAD_MB = 300


def memory_bound_mb(workers: int, worker_memory_mb: int) -> int:
    """The documented bound on the whole process tree's resident memory, in MiB."""
    return SERVER_OVERHEAD_MB + workers * worker_memory_mb
