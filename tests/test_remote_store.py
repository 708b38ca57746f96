"""The remote store against a real Oxigraph server process: the CLI behaves as embedded.

Each server is ``oxigraph serve`` (the ``oxigraph`` PyPI package) on a free 127.0.0.1 port
over its own directory, stopped by pid. The embedded store fed the same article is the
reference: every comparison is row for row.
"""

from __future__ import annotations

import base64
import http.server
import json
import socket
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pyoxigraph as ox
import pytest
from conftest import free_port
from helpers.oxigraph import KIRBY, SEED_TEXT, OxigraphServer, newskg, ok, start_oxigraph
from newskg.graph.store.base import META_GRAPH, StoreError
from newskg.graph.store.opener import open_store
from newskg.graph.store.remote import RemoteStore, parse_location, with_values


def ingest_seed(store: str | Path) -> bytes:
    return ok(store, "ingest", str(SEED_TEXT), "--published", "2024-10-24")


def triples(store: str | Path) -> int:
    return json.loads(ok(store, "stats", "--json"))["triples"]


def assert_one_line_error(done: subprocess.CompletedProcess, fragment: str) -> None:
    err = done.stderr.decode()
    assert done.returncode == 1, err
    assert err.count("\n") == 1 and "Traceback" not in err, err
    assert fragment in err, err


@pytest.fixture
def server(tmp_path) -> Iterator[OxigraphServer]:
    started = start_oxigraph(tmp_path / "oxigraph")
    yield started
    started.stop()


@pytest.fixture(scope="module")
def seeded_pair(tmp_path_factory) -> Iterator[tuple[str, Path]]:
    """A remote and an embedded store, each fed the seed article through the CLI."""
    root = tmp_path_factory.mktemp("remote")
    started = start_oxigraph(root / "oxigraph")
    ingest_seed(started.url)
    embedded = root / "embedded"
    ingest_seed(embedded)
    yield started.url, embedded
    started.stop()


# -- the CLI over a remote store ------------------------------------------------------------


def test_statements_are_the_same_rows_as_embedded(seeded_pair):
    remote, embedded = seeded_pair
    rows = ok(remote, "query", "statements", "--format", "csv")
    assert rows == ok(embedded, "query", "statements", "--format", "csv")
    assert rows.count(b"\n") > 10  # the seed has statements; equal empties prove nothing


@pytest.mark.parametrize("query, param", [
    ("timeline", f"speaker={KIRBY}"),
    ("statements", f"speaker={KIRBY}"),
    ("timeline", "kind=claim"),
])
def test_canned_queries_with_a_parameter_match_embedded(seeded_pair, query, param):
    remote, embedded = seeded_pair
    args = ("query", query, "--param", param, "--format", "csv")
    rows = ok(remote, *args)
    assert rows == ok(embedded, *args)
    everything = ok(remote, "query", query, "--format", "csv")
    assert 1 < rows.count(b"\n") < everything.count(b"\n")  # the parameter filtered


def test_stats_and_nquads_export_match_embedded(seeded_pair):
    remote, embedded = seeded_pair
    assert json.loads(ok(remote, "stats", "--json")) == json.loads(ok(embedded, "stats", "--json"))
    exported = list(ox.parse(ok(remote, "export", "--format", "nquads"), ox.RdfFormat.N_QUADS))
    reference = list(ox.parse(ok(embedded, "export", "--format", "nquads"), ox.RdfFormat.N_QUADS))
    assert len(exported) == len(reference) == triples(remote)
    graphs = {q.graph_name.value for q in exported}
    assert graphs == {q.graph_name.value for q in reference}
    assert META_GRAPH not in graphs
    ground = {q for q in reference if not _has_blank(q)}
    assert ground == {q for q in exported if not _has_blank(q)}


def test_export_of_one_graph_matches_embedded(seeded_pair):
    remote, embedded = seeded_pair
    graph = ("--graph", "https://w3id.org/newskg/id/doc/nordkorea-soldaten-russland")
    turtle = ok(remote, "export", "--format", "turtle", *graph)
    exported = {t for t in ox.parse(turtle, ox.RdfFormat.TURTLE) if not _has_blank(t)}
    reference = ok(embedded, "export", "--format", "turtle", *graph)
    assert exported == {t for t in ox.parse(reference, ox.RdfFormat.TURTLE) if not _has_blank(t)}
    assert len(exported) > 100
    missing = newskg(remote, "export", "--graph", "http://example.org/none")
    assert_one_line_error(missing, "no graph <http://example.org/none>")


def _has_blank(quad: ox.Quad) -> bool:
    return isinstance(quad.subject, ox.BlankNode) or isinstance(quad.object, ox.BlankNode)


def test_ingesting_twice_skips_the_unchanged_and_bad_input_changes_nothing(server, tmp_path):
    ingest_seed(server.url)
    count = triples(server.url)
    version = RemoteStore(server.url).version()
    assert b"unchanged, skipped" in ingest_seed(server.url)
    assert triples(server.url) == count
    assert RemoteStore(server.url).version() == version  # stored unchanged: not written again
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\x00binary\x00")
    done = newskg(server.url, "ingest", str(bad), str(SEED_TEXT), "--published", "2024-10-24")
    assert done.returncode == 1 and b"bad.txt" in done.stderr
    assert b"0 ingested, 1 skipped, 1 failed" in done.stderr
    assert triples(server.url) == count


def test_load_into_a_graph_and_refusals(server, tmp_path):
    ingest_seed(server.url)
    before = triples(server.url)
    data = tmp_path / "extra.ttl"
    data.write_text('<s> <http://example.org/p> "ä \\"q\\""@de , 3 .\n', encoding="utf-8")
    out = ok(server.url, "load", str(data), "--graph", "http://example.org/g")
    assert b"2 triples added" in out
    assert triples(server.url) == before + 2
    rows = RemoteStore(server.url).query(
        "SELECT ?s ?o WHERE { GRAPH <http://example.org/g> { ?s ?p ?o } } ORDER BY ?o")
    values = [(r["s"].value, r["o"]) for r in rows]
    assert values == [(data.resolve().as_uri()[: -len("extra.ttl")] + "s", ox.Literal(3)),
                      (data.resolve().as_uri()[: -len("extra.ttl")] + "s",
                       ox.Literal('ä "q"', language="de"))]
    broken = tmp_path / "broken.ttl"
    broken.write_text("<a> <b> .\n", encoding="utf-8")
    assert_one_line_error(newskg(server.url, "load", str(broken), "--graph", "http://e/x"),
                          "not valid")
    assert_one_line_error(newskg(server.url, "load", str(data)), "--graph")
    assert triples(server.url) == before + 2


def test_load_nquads_keeps_graphs(server, tmp_path):
    data = tmp_path / "two.nq"
    data.write_text("<http://e/s> <http://e/p> <http://e/o> <http://e/g1> .\n"
                    "<http://e/s> <http://e/p> \"x\" <http://e/g2> .\n", encoding="utf-8")
    assert b"2 triples added" in ok(server.url, "load", str(data))
    assert RemoteStore(server.url).graphs() == ["http://e/g1", "http://e/g2"]
    mixed = tmp_path / "mixed.nq"
    mixed.write_text("<http://e/s> <http://e/p> <http://e/o> <http://e/g3> .\n"
                     "<http://e/s> <http://e/p> \"in the default graph\" .\n", encoding="utf-8")
    assert_one_line_error(newskg(server.url, "load", str(mixed)), "default graph")
    assert triples(server.url) == 2


def test_a_server_that_is_not_running_is_one_line_and_exit_1():
    url = f"http://127.0.0.1:{free_port()}"
    for args in (("stats",), ("query", "statements"), ("ingest", str(SEED_TEXT))):
        assert_one_line_error(newskg(url, *args), "connection refused")


def test_a_server_without_the_union_default_graph_is_refused(tmp_path):
    started = start_oxigraph(tmp_path / "plain", union=False)
    try:
        assert_one_line_error(newskg(started.url, "ingest", str(SEED_TEXT)),
                              "--union-default-graph")
        assert_one_line_error(newskg(started.url, "stats"), "--union-default-graph")
    finally:
        started.stop()


def test_http_errors_name_status_and_endpoint(server):
    url = server.url + "/?query=nowhere"
    with pytest.raises(StoreError, match=r"HTTP 404 .*/nowhere"):
        RemoteStore(url)
    assert_one_line_error(newskg(url, "stats"), "HTTP 404")


# -- the store object -----------------------------------------------------------------------


def test_query_returns_pyoxigraph_result_kinds(seeded_pair):
    store = open_store(seeded_pair[0])
    assert isinstance(store, RemoteStore)
    asked = store.query("ASK { ?s a <https://w3id.org/newskg/ontology#Statement> }")
    assert isinstance(asked, ox.QueryBoolean) and bool(asked)
    graph = store.query("CONSTRUCT WHERE { ?s a <https://w3id.org/newskg/ontology#Person> }")
    assert isinstance(graph, ox.QueryTriples)
    assert ox.Triple(ox.NamedNode(KIRBY), ox.NamedNode(
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
        ox.NamedNode("https://w3id.org/newskg/ontology#Person")) in set(graph)
    rows = store.query("SELECT ?x WHERE { BIND(?k AS ?x) }", {"k": ox.Literal('a "b" }')})
    assert [v.value for v in rows.variables] == ["x"]
    assert [r["x"] for r in rows] == [ox.Literal('a "b" }')]


def test_values_go_first_in_the_where_group():
    sparql = ('PREFIX where: <http://x/{}>\n# WHERE {\n'
              'SELECT ?where ("{" AS ?c) WHERE { ?s ?p ?where FILTER(?s = $r) }')
    bound = with_values(sparql, {"r": ox.NamedNode("http://e/r")})
    assert bound.endswith('WHERE { VALUES (?r) { (<http://e/r>) } ?s ?p ?where FILTER(?s = $r) }')
    construct = with_values("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", {"s": ox.Literal(1)})
    assert construct.startswith("CONSTRUCT { ?s ?p ?o } WHERE { VALUES (?s)")
    with pytest.raises(StoreError, match="blank node"):
        with_values("SELECT * {}", {"b": ox.BlankNode()})


def test_replace_graph_is_one_write_and_read_only_refuses(server):
    store = RemoteStore(server.url)
    store.replace_graph("http://e/g", [ox.Triple(ox.NamedNode("http://e/s"),
                                                 ox.NamedNode("http://e/p"), ox.Literal(1))])
    first = store.version()
    store.replace_graph("http://e/g", [ox.Triple(ox.NamedNode("http://e/s"),
                                                 ox.NamedNode("http://e/p"), ox.Literal(2))])
    assert store.version() not in ("", first)
    assert [r["o"] for r in store.query("SELECT ?o WHERE { GRAPH <http://e/g> { ?s ?p ?o } }")] \
        == [ox.Literal(2)]
    assert store.ensure_ontology() is True and store.ensure_ontology() is False
    reader = open_store(server.url, read_only=True)
    with pytest.raises(StoreError, match="read-only"):
        reader.replace_graph("http://e/g", [])
    with pytest.raises(StoreError, match="reserved"):
        store.replace_graph(META_GRAPH, [])


def test_store_url_options():
    fuseki = parse_location("http://h:3030/ds/?layout=fuseki&timeout=5")
    assert (fuseki.query, fuseki.update, fuseki.data) == (
        "http://h:3030/ds/sparql", "http://h:3030/ds/update", "http://h:3030/ds/data")
    assert fuseki.timeout == 5 and fuseki.auth == {}
    custom = parse_location("https://me:s%40cret@h/x?query=/sparql&data=gsp")
    assert (custom.query, custom.update, custom.data) == (
        "https://h/x/sparql", "https://h/x/update", "https://h/x/gsp")
    assert custom.auth == {"Authorization": "Basic " + base64.b64encode(b"me:s@cret").decode()}
    assert "cret" not in custom.shown
    graphdb = parse_location("http://h:7200/repositories/news?query=&update=statements&data=statements")
    assert (graphdb.query, graphdb.update, graphdb.data) == (
        "http://h:7200/repositories/news", "http://h:7200/repositories/news/statements",
        "http://h:7200/repositories/news/statements")
    for bad, message in (("http://h/?bogus=1", "unknown option"),
                         ("http://h/?layout=stardog", "unknown layout"),
                         ("http://h/?timeout=-1", "timeout"),
                         ("http://h/?timeout=nan", "timeout"),
                         ("http:///nohost", "not an http")):
        with pytest.raises(StoreError, match=message):
            parse_location(bad)


class _FailingSparql(http.server.BaseHTTPRequestHandler):
    """Answers every request with HTTP 503 and a two-line body; remembers the headers."""

    seen: ClassVar[list[dict[str, str]]] = []

    def do_POST(self) -> None:
        self.seen.append(dict(self.headers))
        body = b"store is rebuilding\nsecond line\n"
        self.send_response(503)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


def test_http_error_shows_status_and_first_body_line_and_sends_credentials():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _FailingSparql)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://me:secret@127.0.0.1:{httpd.server_port}/"
        with pytest.raises(StoreError) as caught:
            RemoteStore(url)
        message = str(caught.value)
        assert "HTTP 503" in message and "store is rebuilding" in message
        assert "second line" not in message and "secret" not in message
        expected = "Basic " + base64.b64encode(b"me:secret").decode()
        assert _FailingSparql.seen[-1]["Authorization"] == expected
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_a_server_that_never_answers_times_out_with_one_line():
    with socket.socket() as silent:  # accepts connections (backlog), never replies
        silent.bind(("127.0.0.1", 0))
        silent.listen(4)
        url = f"http://127.0.0.1:{silent.getsockname()[1]}?timeout=0.5"
        with pytest.raises(StoreError, match=r"timed out after 0.5 s"):
            RemoteStore(url)
