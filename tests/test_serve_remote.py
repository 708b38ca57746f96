"""``newskg serve --store http://…``: the same server in front of a real ``oxigraph serve``.

Two servers over the same ingested articles, one on an embedded store and one forwarding to
Oxigraph server, must answer alike: every canned query, SPARQL in several formats, resource
pages, the dashboard, the guard, the result limit and the time limit.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator

import pytest
from conftest import start_live_server
from helpers.oxigraph import KIRBY, SEED_TEXT, ok, start_oxigraph
from newskg.queries import list_queries


def get(url: str, accept: str | None = None, timeout: float = 60,
        data: bytes | None = None) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, data=data,
                                     headers={"Accept": accept} if accept else {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


def sparql(base: str, query: str, accept: str = "application/sparql-results+json"):
    return get(f"{base}/sparql?{urllib.parse.urlencode({'query': query})}", accept)


@pytest.fixture(scope="module")
def pair(tmp_path_factory) -> Iterator[tuple[str, str]]:
    """(embedded server URL, remote-store server URL), both over the seed article."""
    root = tmp_path_factory.mktemp("serve-remote")
    # Its own limit stops the runaway query of the last test there too (Oxigraph server has
    # no limit per request; newskg drops the connection at its own limit).
    oxigraph = start_oxigraph(root / "oxigraph", timeout_s=5)
    servers = []
    try:
        for store in (root / "embedded", oxigraph.url):
            ok(store, "ingest", str(SEED_TEXT), "--published", "2024-10-24")
        for name, store in (("embedded", root / "embedded"), ("remote", oxigraph.url)):
            servers.append(start_live_server(store, root / f"{name}.log", "--max-results", "50",
                                             "--query-timeout", "2"))
        yield servers[0].url, servers[1].url
    finally:
        for server in servers:
            server.stop()
        oxigraph.stop()


def test_every_canned_query_answers_as_on_the_embedded_store(pair):
    embedded, remote = pair
    for query in list_queries():
        local = get(f"{embedded}/api/queries/{query.name}?format=csv")
        forwarded = get(f"{remote}/api/queries/{query.name}?format=csv")
        assert forwarded[0] == local[0], (query.name, forwarded[2][:300])
        assert forwarded[2] == local[2], query.name
        assert forwarded[1].get("X-Result-Count") == local[1].get("X-Result-Count")


@pytest.mark.parametrize("accept", ["application/sparql-results+json", "text/csv",
                                    "application/sparql-results+xml"])
def test_sparql_select_in_every_format_and_the_row_limit(pair, accept):
    embedded, remote = pair
    query = ("SELECT ?s ?p ?o WHERE { ?s a <https://w3id.org/newskg/ontology#Statement> ; "
             "?p ?o } ORDER BY ?s ?p ?o")
    local, forwarded = sparql(embedded, query, accept), sparql(remote, query, accept)
    assert forwarded[0] == local[0] == 206  # more than --max-results 50 rows: cut, and said
    assert forwarded[1]["X-Result-Truncated"] == "50"
    assert forwarded[2] == local[2]


def test_construct_ask_and_the_dataset_of_the_protocol(pair):
    _, remote = pair
    construct = f"CONSTRUCT {{ <{KIRBY}> ?p ?o }} WHERE {{ <{KIRBY}> ?p ?o }}"
    local, forwarded = (sparql(b, construct, "application/n-triples") for b in pair)
    assert forwarded[0] == 200 and sorted(forwarded[2].splitlines()) == sorted(
        local[2].splitlines())
    assert json.loads(sparql(remote, "ASK { ?s ?p ?o }")[2])["boolean"] is True
    graph = "https://w3id.org/newskg/id/doc/nordkorea-soldaten-russland"
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    url = "/sparql?" + urllib.parse.urlencode({"query": count, "default-graph-uri": graph})
    answers = [get(base + url, "application/sparql-results+json") for base in pair]
    assert answers[0][2] == answers[1][2] and answers[1][0] == 200


def test_resource_pages_dashboard_and_guard(pair):
    _, remote = pair
    path = "/id/" + KIRBY.split("/id/", 1)[1]
    page = get(remote + path, "text/html")
    assert page[0] == 200 and b"Kirby" in page[2]
    turtle = [get(base + path, "text/turtle") for base in pair]
    assert turtle[1][0] == 200 and len(turtle[1][2]) == len(turtle[0][2])
    assert get(remote + "/")[0] == 200
    refused = sparql(remote, "SELECT * WHERE { SERVICE <http://evil.example/> { ?s ?p ?o } }")
    assert refused[0] == 400 and b"refused" in refused[2]
    assert sparql(remote, "SELEKT nonsense")[0] == 400


def test_the_time_limit_drops_a_runaway_query(pair):
    _, remote = pair
    runaway = ("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }")
    status, headers, _ = sparql(remote, runaway)
    assert status == 503 and headers["X-Query-Stopped"] == "time-limit=2s"
    assert json.loads(sparql(remote, "ASK { ?s ?p ?o }")[2])["boolean"] is True  # still serves


def test_the_guard_parses_every_query_under_the_time_limit(pair):
    """In front of a remote store every query is read by the full parse (no shortcut: the
    store's parser may take extensions, such as Virtuoso's pragmas that fetch IRIs), in a
    sandboxed parser worker under the time limit: a query that takes rdflib 9 s to read is
    stopped at the 2 s limit and the server keeps answering."""
    _, remote = pair
    pragma = "define input:grab-all 'yes' SELECT * WHERE { <http://127.0.0.1:9/x> ?p ?o }"
    status, _, body = sparql(remote, pragma)
    assert status == 400 and b"syntax error" in body
    long_query = "SELECT * WHERE { " + " ".join(
        f"?s <urn:p{i}> ?o{i} ." for i in range(8000)) + " }"
    started = time.monotonic()
    status, headers, _ = get(remote + "/sparql", "application/sparql-results+json",
                             data=urllib.parse.urlencode({"query": long_query}).encode())
    took = time.monotonic() - started
    assert status == 503 and headers["X-Query-Stopped"] == "time-limit=2s", status
    assert took < 6, took
    assert json.loads(sparql(remote, "ASK { ?s ?p ?o }")[2])["boolean"] is True
    health = json.loads(get(remote + "/health")[2])
    assert "seccomp" in health["worker_outbound_network"]
