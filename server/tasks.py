"""What the server hands an evaluator and what comes back: a query or a function call to
run against the store, its outcome, and the one error every evaluator raises.

The tasks cross a process boundary (the query workers), so they are plain picklable data:
formats travel by name (``newskg.graph.rdf.formats``), functions as ``module:name``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field


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
