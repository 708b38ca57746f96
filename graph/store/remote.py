"""The store over HTTP: any SPARQL 1.1 server (Oxigraph server, Fuseki, Virtuoso, GraphDB, …).

``RemoteStore`` implements the same ``Store`` protocol as the embedded pyoxigraph store, so
a corpus that outgrows one machine moves to a server and nothing else changes. Queries go
over the SPARQL 1.1 Protocol (POST form), writes are SPARQL 1.1 Updates (each write and its
version bump in one request, so one transaction on servers that run a request atomically),
bulk loads and dumps use the Graph Store Protocol (N-Quads, streamed).

The location is the server's base URL; query-string options set the endpoint layout::

    http://127.0.0.1:7878                       Oxigraph server: /query, /update, /store
    http://127.0.0.1:3030/ds?layout=fuseki      Fuseki: /ds/sparql, /ds/update, /ds/data
    http://host/x?query=q&update=u&data=d       any layout (paths relative to the base)
    …&timeout=60                                seconds per request (default 120)

The server must evaluate queries over the union of all graphs (Oxigraph server:
``--union-default-graph``; Fuseki/TDB2: ``tdb2:unionDefaultGraph true``); the store checks
this as soon as its meta graph exists and says so in the error otherwise.
"""

from __future__ import annotations

import tempfile
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import pyoxigraph as ox
from newskg.graph.namespaces import ONTOLOGY_IRI
from newskg.graph.store import sparql_text
from newskg.graph.store.base import (
    BUMP_VERSION,
    META_GRAPH,
    ONTOLOGY_HASH,
    VERSION,
    Bindings,
    StoreError,
    check_rdf_file,
    file_base,
    ontology_update,
    replace_graph_update,
    syntax_for,
    triple_key,
)
from newskg.graph.store.locations import (  # noqa: F401 - parse_location is re-exported
    DATASET_READS,
    LAYOUTS,
    SYSTEM_GRAPHS,
    TIMEOUT_PARAMETERS,
    RemoteLocation,
    parse_location,
)
from newskg.graph.store.records import DocumentRecord
from newskg.graph.store.results import parse_result as _parse_result

_ACCEPT_QUERY = (
    "application/sparql-results+json, application/n-triples;q=0.9, text/turtle;q=0.8, "
    "application/sparql-results+xml;q=0.7"
)
_UNION_HELP = (
    "the SPARQL server does not query the union of its graphs; start Oxigraph server with "
    "--union-default-graph, or set tdb2:unionDefaultGraph true on a Fuseki dataset"
)
_META = f"<{META_GRAPH}>"


class RemoteTimeout(StoreError):
    """The server did not answer in time; the connection was dropped."""


class RemoteStore:
    """A SPARQL 1.1 server as newskg's store (see the module docstring for the URL)."""

    def __init__(self, url: str, read_only: bool = False) -> None:
        location = parse_location(url)
        self.url = location.shown
        self.read_only = read_only
        self.query_url, self.update_url, self.data_url = (
            location.query, location.update, location.data
        )
        self.timeout = location.timeout
        #: The query parameter a server reads as its own time limit, and its unit per second.
        self.timeout_parameter = TIMEOUT_PARAMETERS.get(location.layout)
        self._system_graphs = SYSTEM_GRAPHS.get(location.layout, ())
        self._dataset_reads = location.layout in DATASET_READS
        self._auth = location.auth
        self._closed = False
        self._union_checked = False
        self._check_union()  # also proves the server answers, before any work is done

    # -- reading ---------------------------------------------------------------------------

    def query(self, sparql: str, bindings: Bindings | None = None):
        """Evaluate on the server; the same pyoxigraph result kinds as the embedded store."""
        text = with_values(sparql, bindings) if bindings else sparql
        body = urllib.parse.urlencode({"query": text}).encode("utf-8")
        media, data = self._request(
            self.query_url, "query", body,
            {"Content-Type": "application/x-www-form-urlencoded", "Accept": _ACCEPT_QUERY},
        )
        return _parse_result(media, data)

    @contextmanager
    def open_query(self, sparql: str, dataset: tuple[list[str], list[str]] | None = None,
                   timeout: float | None = None):
        """The server's answer to ``sparql`` while it arrives: (media type, response).

        ``dataset`` is the protocol's default-graph-uri and named-graph-uri lists. With
        ``timeout`` the request is dropped when no byte came for that long; servers that
        take a time limit per request (Fuseki: ``timeout``) are also told it.
        """
        fields = [("query", sparql)]
        if dataset is not None:
            fields += [("default-graph-uri", g) for g in dataset[0]]
            fields += [("named-graph-uri", g) for g in dataset[1]]
        if timeout is not None and self.timeout_parameter:
            name, scale = self.timeout_parameter
            fields.append((name, f"{timeout * scale:g}"))
        body = urllib.parse.urlencode(fields).encode("utf-8")
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": _ACCEPT_QUERY}
        with self._open(self.query_url, "query", body, headers, "POST", timeout) as response:
            yield response.headers.get_content_type(), response

    def graphs(self) -> list[str]:
        # Virtuoso binds no graph to an empty pattern: ask it for graphs with a triple.
        pattern = "?s ?p ?o" if self._system_graphs else ""
        rows = self.query(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ {pattern} }} }}")
        hidden = {META_GRAPH, *self._system_graphs}
        return sorted(
            row["g"].value for row in rows
            if isinstance(row["g"], ox.NamedNode) and row["g"].value not in hidden
        )

    def triple_count(self) -> int:
        hidden = ", ".join(f"<{g}>" for g in (META_GRAPH, *self._system_graphs))
        rows = self.query(
            f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g NOT IN "
            f"({hidden})) }}"
        )
        return int(next(iter(rows))["n"].value)

    def version(self) -> str:
        return self._meta_value(VERSION) or ""

    def dump(
        self,
        output: IO[bytes],
        format: ox.RdfFormat,
        graph: str | None = None,
        prefixes: Mapping[str, str] | None = None,
    ) -> None:
        """Serialise one graph, the dataset, or (triple formats) the merge of all graphs."""
        if graph is not None and not self._has_graph(graph):
            raise StoreError(f"no graph <{graph}> in the store")
        if graph is not None:
            items: Iterable = self._get_graph(graph)
        else:
            quads = self._data_quads()
            if format.supports_datasets:
                items = quads
            else:
                items = sorted({q.triple for q in quads}, key=triple_key)
        try:
            ox.serialize(items, output, format, prefixes=dict(prefixes or {}))
        except BrokenPipeError:
            raise
        except (OSError, ValueError) as err:
            raise StoreError(f"cannot write {format.name}: {err}") from err

    # -- writing ---------------------------------------------------------------------------

    def update(self, sparql: str) -> None:
        """Run a SPARQL update; the version bump rides in the same request."""
        self._writable()
        text = sparql.rstrip()
        joiner = "\n" if text.endswith(";") else "\n;\n"
        try:
            self._update(f"{text}{joiner}{BUMP_VERSION}")
        except SyntaxError:
            # A trailing comment may have swallowed our separator: the update alone then
            # fails with its own message if it is really wrong.
            self._update(sparql)
            self.bump_version()
        self._check_union()

    def replace_graph(
        self, graph: str, triples: Iterable[ox.Triple], record: DocumentRecord | None = None
    ) -> None:
        self._writable()
        if graph == META_GRAPH:
            raise StoreError(f"{META_GRAPH} is reserved for newskg's bookkeeping")
        try:
            self._update(replace_graph_update(graph, triples, record))
        except SyntaxError as err:
            raise StoreError(f"cannot replace graph <{graph}>: {err}") from err
        self._check_union()

    def load(self, path: Path, graph: str | None = None) -> int:
        """Check the whole file, then POST it as N-Quads to the Graph Store endpoint."""
        self._writable()
        path = Path(path)
        fmt = syntax_for(path)
        if graph is not None and fmt.supports_datasets:
            raise StoreError(f"{path}: --graph applies to triple formats, not to {fmt.name}")
        if graph is None and not fmt.supports_datasets:
            raise StoreError(
                f"{path}: a remote store keeps data in named graphs; give --graph IRI"
            )
        check_rdf_file(path, fmt)
        before = self.triple_count()
        with tempfile.TemporaryFile() as nquads:
            _to_nquads(path, fmt, graph, nquads)
            size = nquads.tell()
            nquads.seek(0)
            self._request(
                self.data_url, f"loading {path}", nquads,
                {"Content-Type": "application/n-quads", "Content-Length": str(size)},
            )
        self.bump_version()
        self._check_union()
        return self.triple_count() - before

    def bump_version(self) -> None:
        self._writable()
        self._update(BUMP_VERSION)

    def ensure_ontology(self) -> bool:
        """Write the bundled ontology into its graph unless the same file is there."""
        self._writable()
        update = ontology_update(self._meta_value(ONTOLOGY_HASH), self._has_graph(ONTOLOGY_IRI))
        if update is None:
            return False
        self._update(update)
        self._check_union()
        return True

    def close(self) -> None:
        self._closed = True  # no connection is kept between requests

    # -- helpers ---------------------------------------------------------------------------

    def _writable(self) -> None:
        if self.read_only:
            raise StoreError(f"the store at {self.url} is opened read-only")

    def _update(self, sparql: str) -> None:
        self._request(
            self.update_url, "update", sparql.encode("utf-8"),
            {"Content-Type": "application/sparql-update; charset=utf-8"},
        )

    def _has_graph(self, graph: str) -> bool:
        if graph == META_GRAPH:
            return False
        iri = str(ox.NamedNode(graph))
        return bool(self.query(f"ASK {{ GRAPH {iri} {{ ?s ?p ?o }} }}"))

    def _meta_value(self, predicate: str) -> str | None:
        rows = self.query(
            f"SELECT ?v WHERE {{ GRAPH {_META} {{ {_META} <{predicate}> ?v }} }} LIMIT 1"
        )
        for row in rows:
            return row["v"].value
        return None

    def _check_union(self) -> None:
        """Refuse a server whose default graph is not the union (decidable once meta exists)."""
        if self._union_checked:
            return
        if self._meta_value(VERSION) is None:
            return  # nothing written yet: check again after the first write
        if not self.query(f"ASK {{ {_META} <{VERSION}> ?v }}"):
            raise StoreError(f"{self.url}: {_UNION_HELP}")
        self._union_checked = True

    def _get_graph(self, graph: str) -> Iterator[ox.Triple]:
        if not self._dataset_reads:  # one graph (one document) at a time, in memory
            iri = str(ox.NamedNode(graph))
            sparql = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {iri} {{ ?s ?p ?o }} }}"
            media, data = self._request(
                self.query_url, "query", urllib.parse.urlencode({"query": sparql}).encode(),
                {"Content-Type": "application/x-www-form-urlencoded",
                 "Accept": "application/n-triples"})
            return iter(_parse_result(media, data))
        url = f"{self.data_url}?{urllib.parse.urlencode({'graph': graph})}"
        quads = self._stream(url, ox.RdfFormat.N_TRIPLES, f"reading <{graph}>")
        return (q.triple for q in quads)

    def _data_quads(self) -> Iterator[ox.Quad]:
        if not self._dataset_reads:
            return (ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(g))
                    for g in self.graphs() for t in self._get_graph(g))
        meta = ox.NamedNode(META_GRAPH)
        quads = self._stream(self.data_url, ox.RdfFormat.N_QUADS, "reading the dataset")
        return (q for q in quads if q.graph_name != meta)

    def _stream(self, url: str, fmt: ox.RdfFormat, what: str) -> Iterator[ox.Quad]:
        """Graph Store Protocol GET, parsed while it arrives (dumps need not fit in memory)."""
        with self._open(url, what, None, {"Accept": fmt.media_type}, "GET") as response:
            answered = ox.RdfFormat.from_media_type(response.headers.get_content_type())
            try:
                yield from ox.parse(response, answered or fmt)
            except SyntaxError as err:
                raise StoreError(f"{what}: the server's answer does not parse: {err}") from None

    def _request(
        self, url: str, what: str, body, headers: Mapping[str, str]
    ) -> tuple[str, bytes]:
        """One POST; the answer's media type and body."""
        with self._open(url, what, body, headers, "POST") as response:
            return response.headers.get_content_type(), response.read()

    @contextmanager
    def _open(self, url: str, what: str, body, headers: Mapping[str, str], method: str,
              timeout: float | None = None):
        """An HTTP exchange; every failure becomes a one-line StoreError (or SyntaxError)."""
        timeout = self.timeout if timeout is None else timeout
        if self._closed:
            raise StoreError("the store is closed")
        request = urllib.request.Request(
            url, data=body, headers={**headers, **self._auth}, method=method
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                yield response
        except urllib.error.HTTPError as err:
            detail = _first_line(err.read())
            if err.code == 400 and what in ("query", "update"):
                raise SyntaxError(detail or "the server refused the request") from None
            message = f"{what} failed at {url}: HTTP {err.code} {err.reason}"
            raise StoreError(f"{message}: {detail}" if detail else message) from None
        except urllib.error.URLError as err:
            raise StoreError(f"cannot reach the SPARQL server at {url}: {_reason(err)}") from None
        except TimeoutError:
            raise RemoteTimeout(f"{what} at {url} timed out after {timeout:g} s") from None
        except OSError as err:
            raise StoreError(f"{what} at {url} failed: {err.strerror or err}") from None


def with_values(sparql: str, bindings: Bindings) -> str:
    """``sparql`` with the parameters bound by a VALUES block (see ``sparql_text``)."""
    try:
        return sparql_text.with_values(sparql, bindings)
    except ValueError as err:
        raise StoreError(str(err)) from None


def _to_nquads(path: Path, fmt: ox.RdfFormat, graph: str | None, output: IO[bytes]) -> None:
    """The file as N-Quads: relative IRIs resolved as locally, quads in named graphs only."""
    target = ox.NamedNode(graph) if graph else None
    with path.open("rb") as handle:
        quads = []
        for quad in ox.parse(handle, fmt, base_iri=file_base(path)):
            if target is not None:
                quad = ox.Quad(quad.subject, quad.predicate, quad.object, target)
            elif isinstance(quad.graph_name, ox.DefaultGraph):
                raise StoreError(
                    f"{path}: has triples in the default graph; a remote store keeps data "
                    "in named graphs (put them in a GRAPH, or load a triple file with --graph)"
                )
            quads.append(quad)
            if len(quads) >= 10_000:
                ox.serialize(quads, output, ox.RdfFormat.N_QUADS)
                quads = []
        if quads:
            ox.serialize(quads, output, ox.RdfFormat.N_QUADS)


def _first_line(body: bytes) -> str:
    text = body.decode("utf-8", errors="replace").strip()
    return text.splitlines()[0][:300] if text else ""


def _reason(err: urllib.error.URLError) -> str:
    reason = err.reason
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused (is the server running?)"
    if isinstance(reason, TimeoutError):
        return "timed out"
    if isinstance(reason, OSError):
        return reason.strerror or str(reason)
    return str(reason)
