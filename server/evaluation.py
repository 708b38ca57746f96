"""Evaluating one task on one store, the same way in every evaluator: the guard and content
negotiation of a public query (``prepare``), then pyoxigraph's evaluation serialised into a
spooled buffer (``evaluate``), cut at ``max_results`` rows or triples; and the evaluator that
does so in the request thread (``InlineEvaluator``, for an in-memory store no other process
can open; it cannot stop a query, docs/server.md).

Only once the body is complete does the client get a status, so a cut or stopped result is
never announced with a plain 200.
"""

from __future__ import annotations

import importlib
import tempfile
from collections.abc import Callable, Iterator
from typing import IO

import pyoxigraph as ox
from newskg.graph.namespaces import KIND_NS, ONTOLOGY_NS
from newskg.graph.rdf.formats import FORMATS
from newskg.graph.search.index import SearchIndex, text_stage_lemma
from newskg.graph.search.sparql import search_functions
from newskg.graph.store.base import META_GRAPH
from newskg.graph.store.embedded import EmbeddedStore
from newskg.server import conneg
from newskg.server.guard import QueryRejected, QuerySyntaxError, check_query
from newskg.server.results import serialise_solutions, serialise_triples
from newskg.server.tasks import QueryFailed, QueryOutcome, QueryTask

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


def _store_graphs(store: ox.Store) -> list[str]:
    return [g.value for g in store.named_graphs()
            if isinstance(g, ox.NamedNode) and g.value != META_GRAPH]


def prepare(store, task: QueryTask, deep: bool = True, graphs=None, info=None,
            precise_syntax: bool = False) -> None:
    """Run the guard and content negotiation on a public query (``task.form`` is None).

    ``graphs`` lists the store's own graphs (default: the named graphs of ``store``);
    ``info`` is the query's parse when a worker made it (a remote store: then the guard's
    shortcut is never taken); ``precise_syntax``: a sandboxed worker asks pyoxigraph where a
    syntax error is. Raises QueryFailed "guard", "syntax" or "conneg".
    """
    if task.form is not None:
        return
    try:
        info = check_query(task.query, graphs or (lambda: _store_graphs(store)),
                           task.service_allowlist,
                           default_graph_uris=task.default_graphs or (),
                           named_graph_uris=task.named_graphs or (), deep=deep, info=info)
    except QuerySyntaxError as err:
        message = _syntax_message(task.query, str(err)) if precise_syntax else str(err)
        raise QueryFailed("syntax", message) from None
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


def _syntax_message(text: str, guard_message: str) -> str:
    """pyoxigraph's message for a text the guard cannot read, when it has one.

    pyoxigraph names the line and column of the error more precisely (the editor marks it).
    It is asked only in a sandboxed worker, over an empty in-memory store and without
    reading any result; whatever it thinks, the query stays refused.
    """
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


def store_view(store: ox.Store) -> EmbeddedStore:
    """The ``EmbeddedStore`` interface over a raw pyoxigraph store (for ``call`` functions)."""
    view = EmbeddedStore.__new__(EmbeddedStore)
    view.path = None
    view.read_only = True
    view._store = store
    return view


def resolve_function(name: str) -> Callable:
    """The function a ``CallTask`` names as ``module:name``."""
    module, _, attr = name.partition(":")
    return getattr(importlib.import_module(module), attr)


def read_chunks(spool: IO[bytes]) -> Iterator[bytes]:
    """The spooled body in chunks; the spool is closed at the end (or when abandoned)."""
    spool.seek(0)
    try:
        while chunk := spool.read(CHUNK_BYTES):
            yield chunk
    finally:
        spool.close()


def spooled(task: QueryTask, write: Callable[[IO[bytes]], tuple[int, bool]]) -> QueryOutcome:
    """The outcome of ``write(spool)`` (count, truncated) with the body read back from the
    spool, in the request thread; the spool is closed by ``read_chunks`` once the response
    has been sent, or at once when ``write`` fails."""
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY_BYTES)  # noqa: SIM115
    try:
        count, truncated = write(spool)
    except BaseException:
        spool.close()
        raise
    return QueryOutcome(count, truncated, read_chunks(spool), task.form or "SELECT",
                        task.format_name or "json", spool.tell())


def _search_functions(path: str) -> dict:
    """``search:score`` and ``search:snippet`` over the index file (read only, here)."""
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
        try:
            return spooled(task, lambda spool: evaluate(self.store, task, spool))
        except SyntaxError as err:
            raise QueryFailed("syntax", str(err)) from err
        except (OSError, ValueError, RuntimeError) as err:
            raise QueryFailed("evaluation", str(err)) from err

    def call(self, function: str, args: tuple, version: str, timeout: float,
             client: str = "-"):
        return resolve_function(function)(store_view(self.store), *args)

    def worker_pids(self) -> list[int]:
        return []

    def start(self) -> None:
        pass

    def shutdown(self) -> None:
        pass
