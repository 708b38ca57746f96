"""Query evaluation that can be stopped: a pool of worker processes over the on-disk store.

pyoxigraph has no query timeout and a thread inside its evaluator cannot be interrupted, so
a runaway query (a cross product under ORDER BY) would hold a server thread and a core for
as long as it likes. Each worker is a process (``worker_process.py``) that opens the store
read-only; on timeout the parent kills it and starts a fresh one.

A worker does everything a public query costs: the guard's parse (``guard.py``), content
negotiation, evaluation and serialisation (``evaluation.py``), so all of it is under the
time limit, the memory ceiling and the client's time budget. The pool's watchdog kills a
worker whose resident memory passes the ceiling; a ``FairScheduler`` (``limits.py``)
decides which client may take a free worker. Pages other than /sparql (resource pages,
VoID, dumps) run their store reads in the same workers through ``call``.
"""

from __future__ import annotations

import multiprocessing
import queue
import signal
import threading
import time
from collections.abc import Iterator

from newskg.server.limits import FairScheduler, NoWorker, OverBudget
from newskg.server.sandbox import rss_bytes
from newskg.server.tasks import CallTask, QueryFailed, QueryOutcome, QueryTask
from newskg.server.worker_process import worker_main

#: How often the watchdog samples a busy worker's resident memory.
WATCH_INTERVAL = 0.02


class _Worker:
    def __init__(self, ctx, store_path: str | None, isolate: bool, data_limit: int,
                 version: str | None = None) -> None:
        self.conn, child_conn = ctx.Pipe()
        self.process = ctx.Process(
            target=worker_main,
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
        self.store_path = store_path
        self._ctx = multiprocessing.get_context("forkserver")
        self._ctx.set_forkserver_preload(["pyoxigraph", "newskg.server.workers",
                                          "newskg.server.worker_process",
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
