"""Query evaluation forwarded to a remote SPARQL store (``newskg serve --store http://…``).

The server in front of a remote store keeps everything it does for the embedded store: the
guard, conneg, the result limit, canned queries, resource pages and the dashboard all run
here; only evaluation moves to the store. The query goes out with the protocol's dataset
(default-graph-uri / named-graph-uri), its answer is parsed while it arrives (JSON results or
N-Triples) and written in the format the client asked for by the same code as the embedded
evaluation, cut at ``max_results`` (so a huge answer is never held whole: the connection is
closed once enough rows came).

The guard reads every query on rdflib's full parse (never the shortcut of ``quick_guard``:
the remote store's parser is not pyoxigraph's and may accept extensions, such as a
pragma that makes it fetch IRIs), so a text rdflib cannot read is refused before it leaves.
That parse runs in a pool of sandboxed worker processes without a store (``parsers``),
under the query's time limit, the memory ceiling and the client's fair share, as on the
embedded store; the remote evaluation gets what is left of the time limit.

The time limit: a store that takes a limit per request is told it (Fuseki's ``timeout``);
every store's connection is dropped when the limit passes, whether the answer has not
started or stalls midway. A store without a per-request limit (Oxigraph server) may go on
evaluating after the drop; start it with its own ``--timeout-s`` to stop it there too.
"""

from __future__ import annotations

import time
from contextlib import ExitStack

import pyoxigraph as ox
from newskg.graph.store.base import StoreError
from newskg.graph.store.remote import RemoteStore, RemoteTimeout, with_values
from newskg.server.evaluation import evaluate, prepare, resolve_function, spooled
from newskg.server.guard import inspect_in_worker
from newskg.server.tasks import QueryFailed, QueryOutcome, QueryTask
from newskg.server.workers import ProcessPool


class _Deadline:
    """A response whose reads fail once the time limit has passed (a stalled stream too)."""

    def __init__(self, response, deadline: float) -> None:
        self._response = response
        self._deadline = deadline

    def read(self, size: int = -1) -> bytes:
        remaining = self._deadline - time.monotonic()
        if remaining <= 0:
            raise RemoteTimeout("the time limit passed while the answer arrived")
        sock = getattr(getattr(self._response, "fp", None), "raw", None)
        sock = getattr(sock, "_sock", None)
        if sock is not None:
            sock.settimeout(remaining)
        try:
            return self._response.read(size)
        except TimeoutError as err:
            raise RemoteTimeout("the time limit passed while the answer arrived") from err

    def readinto(self, buffer) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


class _Forwarder:
    """Looks like a pyoxigraph store to ``workers.evaluate``; asks the remote store instead."""

    def __init__(self, store: RemoteStore, timeout: float, stack) -> None:
        self.store = store
        self.timeout = timeout
        self.deadline = time.monotonic() + timeout
        self.stack = stack

    def query(self, sparql: str, use_default_graph_as_union: bool = False,
              default_graph=None, named_graphs=None, substitutions=None):
        if substitutions:  # a remote store takes the parameters as a VALUES block
            sparql = with_values(sparql, {v.value: term for v, term in substitutions.items()})
        dataset = None
        if default_graph is not None or named_graphs is not None:
            dataset = ([g.value for g in default_graph or ()],
                       [g.value for g in named_graphs or ()])
        media, response = self.stack.enter_context(
            self.store.open_query(sparql, dataset, self.timeout))
        stream = _Deadline(response, self.deadline)
        results_format = ox.QueryResultsFormat.from_media_type(media)
        if results_format is not None:
            return ox.parse_query_results(stream, results_format)
        rdf_format = ox.RdfFormat.from_media_type(media)
        if rdf_format is None:
            raise StoreError(f"the SPARQL server answered with an unknown type: {media}")
        return (quad.triple for quad in ox.parse(stream, rdf_format))


class RemoteEvaluator:
    """Forwards each query to the remote store (see the module docstring)."""

    stoppable = True  # the connection is dropped at the limit

    def __init__(self, store: RemoteStore, parsers: ProcessPool | None = None) -> None:
        self.store = store
        #: Worker processes without a store that parse public queries for the guard; None:
        #: parse in the request thread (tests of the forwarding only).
        self.parsers = parsers
        self.size = parsers.size if parsers else 0

    @property
    def replacements(self) -> int:
        return self.parsers.replacements if self.parsers else 0

    @property
    def memory_stops(self) -> int:
        return self.parsers.memory_stops if self.parsers else 0

    def _parse(self, task: QueryTask, version: str, timeout: float, client: str):
        """The guard's parse of a public query, in a parser worker; None for a trusted one."""
        if task.form is not None:
            return None
        if self.parsers is None:
            kind, value = inspect_in_worker(None, task.query)
        else:
            kind, value = self.parsers.call("newskg.server.guard:inspect_in_worker",
                                            (task.query,), version, timeout, client)
        if kind != "ok":
            raise QueryFailed(kind, value)
        return value

    def run(self, task: QueryTask, version: str, timeout: float,
            client: str = "-") -> QueryOutcome:
        deadline = time.monotonic() + timeout
        info = self._parse(task, version, timeout, client)
        prepare(None, task, graphs=self.store.graphs, info=info)
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise QueryFailed("timeout", f"query stopped after the {timeout:g} s time limit")

        def forward(spool) -> tuple[int, bool]:
            with ExitStack() as stack:
                return evaluate(_Forwarder(self.store, remaining, stack), task, spool)

        try:
            return spooled(task, forward)
        except SyntaxError as err:
            raise QueryFailed("syntax", str(err)) from err
        except RemoteTimeout as err:
            raise QueryFailed("timeout", f"query stopped after the {timeout:g} s time limit"
                              ) from err
        except (StoreError, OSError, ValueError, RuntimeError) as err:
            raise QueryFailed("evaluation", str(err)) from err

    def call(self, function: str, args: tuple, version: str, timeout: float,
             client: str = "-"):
        """A page's store reads, over the remote store, in the request thread."""
        return resolve_function(function)(self.store, *args)

    def worker_pids(self) -> list[int]:
        return self.parsers.worker_pids() if self.parsers else []

    @property
    def isolation(self) -> str:
        """The parser workers' sandbox; evaluation itself happens at the remote store."""
        means = self.parsers.isolation if self.parsers else "none"
        return f"parsers: {means}; evaluation: at the remote store"

    def start(self) -> None:
        if self.parsers:
            self.parsers.start()

    def shutdown(self) -> None:
        if self.parsers:
            self.parsers.shutdown()
