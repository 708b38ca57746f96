"""Where documents are analysed: in the writer's process, or in worker processes of this machine.

Every engine has the same three members: ``submit(doc, base)`` returns a future whose
``result()`` is an ``Analysed``; ``capacity`` is how many documents may be in flight at once
(the writer never submits more, which bounds memory); ``close()`` releases the workers.
The Dask engine (``cluster.py``) has the same shape.

Worker processes are forked from a forkserver that imports ``warmed`` first: the tagger's
model, its word-tag cache file and the lexicons are loaded once, and every worker inherits
them copy-on-write instead of paying the cold start itself (about half a second each, and
the memory of each copy). The forkserver, not plain fork, because the writer holds an open
store (RocksDB threads) that a forked child must not inherit.
"""

from __future__ import annotations

from concurrent.futures import Future, ProcessPoolExecutor

from newskg.graph.ingest.cluster import DaskEngine
from newskg.graph.ingest.engine import IN_FLIGHT_PER_WORKER, EngineError
from newskg.graph.ingest.prestart import (
    planned_jobs,
    start_forkserver,
    worker_context,
)
from newskg.graph.ingest.work import Analysed, analyse_document, warm
from newskg.graph.model import Document


class InlineEngine:
    """Analyses in the calling process when its result is asked for (``--jobs 1``)."""

    name = "1 process"
    capacity = 1

    def submit(self, doc: Document, base: str | None) -> Future:
        future: Future = Future()
        future.set_result(analyse_document(doc, base))
        return future

    def close(self) -> None:
        pass


class ProcessEngine:
    """``jobs`` worker processes of this machine, started warm from one forkserver."""

    def __init__(self, jobs: int) -> None:
        self.jobs = jobs
        self.name = f"{jobs} processes"
        self.capacity = jobs * IN_FLIGHT_PER_WORKER
        self._pool = ProcessPoolExecutor(max_workers=jobs, mp_context=worker_context(),
                                         initializer=_mark_worker)
        # The forkserver's warm-up starts now (if ``newskg ingest`` has not started it
        # already), not at the first submit: it overlaps the writer's own start.
        start_forkserver()

    def submit(self, doc: Document, base: str | None) -> Future:
        return self._pool.submit(analyse_document, doc, base)

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


def _mark_worker() -> None:
    """Each worker keeps the word-tag cache file up to date (workers end without atexit)."""
    warm()  # a no-op in cost when the forkserver preloaded it; marks this a worker


def make_engine(jobs: int | None, cluster: str | None = None, expected: int | None = None):
    """The engine for ``--jobs``/``--cluster``; few documents are analysed in-process
    (``prestart.planned_jobs``)."""
    if cluster:
        return DaskEngine(cluster)
    jobs = planned_jobs(jobs, expected)
    if jobs <= 1:
        return InlineEngine()
    return ProcessEngine(jobs)


def analysed(future: Future) -> Analysed:
    """The future's ``Analysed`` (a worker that died is that document's failure)."""
    try:
        return future.result()
    except Exception as err:
        raise EngineError(f"the analysis workers failed: {type(err).__name__}: {err}") from err
