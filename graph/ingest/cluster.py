"""Analysis on a Dask distributed cluster (``newskg ingest --cluster tcp://host:8786``).

The workers only analyse; the results (compressed N-Triples, ~10 kB an article) flow back
to the one writer, which writes each document atomically with its record. Why not let the
workers write straight to a remote store: the embedded store admits one writer process, a
SPARQL server's concurrent updates give no order between a document's graph and the version
token, and one writer keeps the record lookups and failure reports in input order. The writer
sets a ceiling (it writes about 40 news articles a second to the embedded store, about what
two worker cores analyse; docs/scale.md). So the cluster gives the same output and the same
guarantees as ``--jobs``: resumable, one atomic write per document, a failed document
reported and skipped.

Workers need newskg installed in the same version as the writer (the extractor version is
compared); each is warmed once when the run starts.
"""

from __future__ import annotations

from concurrent.futures import Future

from newskg.graph.ingest.engine import IN_FLIGHT_PER_WORKER, EngineError
from newskg.graph.ingest.work import analyse_document, extractor_version, warm
from newskg.graph.model import Document

#: Seconds to wait for the scheduler and for at least one worker.
CONNECT_TIMEOUT = 30


class DaskEngine:
    """An existing Dask cluster, reached through its scheduler address."""

    def __init__(self, address: str) -> None:
        try:  # late: distributed costs ~0.85 s to import (measured); only --cluster needs it
            from distributed import Client
        except ImportError as err:
            raise EngineError(f"--cluster needs the distributed package: {err}") from err
        try:
            self.client = Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
        except (OSError, TimeoutError, ValueError) as err:
            raise EngineError(f"cannot reach the Dask scheduler at {address}: {err}") from err
        try:
            self.client.wait_for_workers(1, timeout=CONNECT_TIMEOUT)
            versions = self.client.run(extractor_version)
            mismatched = sorted(w for w, v in versions.items() if v != extractor_version())
            if mismatched:
                raise EngineError(f"Dask workers {', '.join(mismatched)} run another newskg "
                                  f"(extractor {versions[mismatched[0]]}, here "
                                  f"{extractor_version()})")
            self.client.run(warm)
            threads = sum(self.client.nthreads().values())
        except EngineError:
            self.client.close()
            raise
        except Exception as err:
            self.client.close()
            raise EngineError(f"the Dask cluster at {address} is not usable: {err}") from err
        self.workers = len(versions)
        self.name = f"Dask cluster at {address} ({self.workers} workers, {threads} threads)"
        self.capacity = max(2, threads * IN_FLIGHT_PER_WORKER)

    def submit(self, doc: Document, base: str | None) -> Future:
        # pure=False: the same document submitted twice (a rerun) is analysed again.
        return self.client.submit(analyse_document, doc, base, pure=False)

    def close(self) -> None:
        self.client.close()
