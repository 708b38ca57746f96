"""How many worker processes a run gets, and their forkserver started before anything heavy.

Light on purpose (the standard library only): ``newskg ingest`` starts the forkserver with
``start_forkserver`` before it imports the pipeline and opens the store, so that the
forkserver's own start (a new interpreter importing the pipeline and loading the tagger's
model and the lexicons, about a second of CPU) runs on the other core meanwhile instead of
after them, while the writer has nothing to write yet.
"""

from __future__ import annotations

import multiprocessing
import os
from multiprocessing import forkserver
from multiprocessing.context import BaseContext

#: Imported by the forkserver before it forks a worker (it warms the analysis).
WARMED_MODULE = "newskg.graph.ingest.warmed"


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def planned_jobs(jobs: int | None, expected: int | None = None) -> int:
    """Worker processes for ``--jobs`` (None: every core); one process for a few documents.

    Starting worker processes costs about a second, more than analysing two or three
    articles, so when the input is known to hold fewer documents than that, one process does.
    """
    jobs = default_jobs() if jobs is None else jobs
    if expected is not None:
        jobs = min(jobs, max(1, expected // 2))
    return jobs


def worker_context() -> BaseContext:
    """The forkserver context whose server preloads the warmed analysis."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([WARMED_MODULE])
    return context


def start_forkserver() -> None:
    """Start the forkserver now (its warm-up runs meanwhile); a no-op when it runs."""
    worker_context()
    forkserver.ensure_running()
