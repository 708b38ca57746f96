"""Safety over real HTTP: no outbound requests, foreign graphs refused, the time limit is real,
cut results are flagged, bodies and request rates are bounded, bad input is a 4xx."""

from __future__ import annotations

import socket
import threading
import time

import pyoxigraph as ox
import pytest
import requests
from conftest import LIVE_TOKEN, seed_document_iri
from helpers.hostile import EXPLOSIVE, ConnectionRecorder
from newskg.server.guard import QueryRejected, check_query, check_update, inspect


@pytest.fixture
def recorder():
    rec = ConnectionRecorder()
    yield rec
    rec.close()


def test_service_makes_no_connection(live_server, recorder):
    target = f"http://127.0.0.1:{recorder.port}/"
    queries = [
        f"SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}",
        f"select * where {{ service silent <{target}sparql> {{ ?s ?p ?o }} }}",
        f"PREFIX r: <{target}> SELECT * WHERE {{ SERVICE r:x {{ ?s ?p ?o }} }}",
        f"BASE <{target}> ASK {{ SERVICE <relative> {{ ?s ?p ?o }} }}",
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ OPTIONAL {{ SERVICE <{target}> {{ ?s ?p ?o }} }} }}",
    ]
    for query in queries:
        response = requests.get(live_server.sparql, params={"query": query})
        assert response.status_code == 400, query
        assert "SERVICE" in response.text
    # Sanity check that the recorder does see a connection when one is made.
    with socket.create_connection(("127.0.0.1", recorder.port)):
        pass
    time.sleep(0.5)  # let the accept loop count it
    assert recorder.close() == 1


def test_service_in_an_update_and_load_are_refused(live_server, recorder):
    target = f"http://127.0.0.1:{recorder.port}/"
    auth = {"Authorization": f"Bearer {LIVE_TOKEN}"}
    for update in (
        f"LOAD <{target}data.ttl>",
        f"LOAD SILENT <{target}data.ttl> INTO GRAPH <urn:g>",
        f"INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}",
    ):
        response = requests.post(live_server.url + "/update", data={"update": update},
                                 headers=auth)
        assert response.status_code == 400, update
    assert recorder.close() == 0


def test_dataset_clauses_may_only_name_own_graphs(live_server, recorder):
    foreign = f"http://127.0.0.1:{recorder.port}/data.ttl"
    cases = [
        {"query": f"SELECT * FROM <{foreign}> WHERE {{ ?s ?p ?o }}"},
        {"query": f"SELECT * FROM NAMED <{foreign}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"},
        {"query": "SELECT * WHERE { ?s ?p ?o }", "default-graph-uri": foreign},
        {"query": "SELECT * WHERE { ?s ?p ?o }", "named-graph-uri": foreign},
    ]
    for params in cases:
        response = requests.get(live_server.sparql, params=params)
        assert response.status_code == 400, params
        assert "not in this dataset" in response.text
    own = requests.get(live_server.sparql, params={
        "query": f"ASK FROM <{seed_document_iri()}> {{ ?s ?p ?o }}"})
    assert own.status_code == 200 and own.json()["boolean"] is True
    assert recorder.close() == 0


@pytest.mark.parametrize("query", [
    "SELECT",
    "SELECT * WHERE { ?s ?p ?o",
    'SELECT * WHERE { ?s ?p "unterminated }',
    "SELECT * WHERE { ?s ?p ?o } LIMIT -1",
    "PREFIX x: <http://x/> SELECT * WHERE { y:a ?p ?o }",
    "ASK { FILTER(1 +) }",
    "DESCRIBE",
    ")))(((",
    "SELECT * WHERE { ?s ?p ?o } ORDER BY",
    "\u0000\ufffd SELECT",
])
def test_malformed_queries_are_400(live_server, query):
    response = requests.post(live_server.sparql, data={"query": query})
    assert response.status_code == 400, response.text
    assert response.text.strip()
    assert "Traceback" not in response.text


def test_explosive_query_is_stopped_and_others_are_answered(start_server):
    server = start_server("--query-timeout", "3")
    before = requests.get(server.url + "/health").json()
    assert before["time_limit_enforced"] is True
    outcome: dict[str, requests.Response] = {}
    finished: dict[str, float] = {}

    def run_explosive() -> None:
        outcome["explosive"] = requests.get(server.sparql, params={"query": EXPLOSIVE})
        finished["explosive"] = time.monotonic()

    thread = threading.Thread(target=run_explosive)
    thread.start()
    time.sleep(0.5)  # let it reach a worker
    started = time.monotonic()
    simple = requests.get(server.sparql, params={"query": "ASK { ?s ?p ?o }"})
    finished["simple"] = time.monotonic()
    thread.join(60)
    assert simple.status_code == 200 and simple.json()["boolean"] is True
    # The simple query was answered while the explosive one was still running.
    assert finished["simple"] < finished["explosive"]
    assert finished["simple"] - started < 3.0  # generous: it takes milliseconds
    stopped = outcome["explosive"]
    assert stopped.status_code == 503
    assert stopped.headers["X-Query-Stopped"] == "time-limit=3s"
    assert "time limit" in stopped.text
    after = requests.get(server.url + "/health").json()
    assert after["worker_replacements"] == before["worker_replacements"] + 1
    assert after["query_workers"] == before["query_workers"]  # a count, no process ids
    # The replacement works.
    again = requests.get(server.sparql, params={"query": "ASK { ?s ?p ?o }"})
    assert again.status_code == 200 and again.json()["boolean"] is True
    metrics = requests.get(server.url + "/metrics").text
    assert "newskg_query_timeouts_total 1" in metrics


def test_row_limit_is_flagged_never_a_plain_200(start_server):
    server = start_server("--max-results", "5")
    select = requests.get(server.sparql, params={"query": "SELECT * WHERE { ?s ?p ?o }"},
                          headers={"Accept": "text/tab-separated-values"})
    assert select.status_code == 206
    assert select.headers["X-Result-Truncated"] == "5"
    assert len(select.text.strip().split("\n")) == 1 + 5  # header line + 5 rows
    construct = requests.get(server.sparql, params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"},
                             headers={"Accept": "application/n-triples"})
    assert construct.status_code == 206
    assert len(list(ox.parse(construct.content, ox.RdfFormat.N_TRIPLES))) == 5
    small = requests.get(server.sparql,
                         params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 5"})
    assert small.status_code == 200
    assert "X-Result-Truncated" not in small.headers
    assert len(small.json()["results"]["bindings"]) == 5


def test_body_size_limit(live_server):
    query = "ASK { ?s ?p ?o } #" + "x" * 1_100_000
    response = requests.post(live_server.sparql, data=query.encode(),
                             headers={"Content-Type": "application/sparql-query"})
    assert response.status_code == 413


def test_rate_limit_answers_429_with_retry_after(start_server):
    server = start_server(env={"NEWSKG_RATE_LIMIT": "3"})
    statuses = [requests.get(server.sparql, params={"query": "ASK {}"}).status_code
                for _ in range(3)]
    assert statuses == [200, 200, 200]
    refused = requests.get(server.sparql, params={"query": "ASK {}"})
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) >= 1
    # Health probes are never limited.
    assert requests.get(server.url + "/health").status_code == 200


# The guard on its own (the lexer, without HTTP).


def test_guard_ignores_keywords_in_strings_comments_and_iris():
    info = inspect('SELECT * WHERE { ?s ?p "SERVICE <http://x/>" . '
                   "?s <http://e/SERVICE> '''FROM <http://y/>''' } # SERVICE <http://z/>\n")
    assert info.form == "SELECT"
    assert info.services == [] and info.from_graphs == []


def test_guard_allowlist_and_variable_targets():
    query = "SELECT * WHERE { SERVICE <http://allowed.example/sparql> { ?s ?p ?o } }"
    with pytest.raises(QueryRejected):
        check_query(query, list)
    assert check_query(query, list, ["http://allowed.example/sparql"]).services
    with pytest.raises(QueryRejected, match="variable"):
        check_query("SELECT * WHERE { SERVICE ?x { ?s ?p ?o } }", list,
                    ["http://allowed.example/sparql"])


def test_guard_tells_updates_from_queries():
    assert inspect("PREFIX : <http://e/> INSERT DATA { :a :b :c }").form == "UPDATE"
    assert inspect("WITH <http://g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }").form == "UPDATE"
    assert inspect("# comment\nconstruct where { ?s ?p ?o }").form == "CONSTRUCT"
    with pytest.raises(QueryRejected, match="/update"):
        check_query("DROP ALL", list)
    with pytest.raises(QueryRejected, match="/sparql"):
        check_update("SELECT * {}")


def test_guard_decodes_unicode_escapes_in_iris():
    info = inspect("SELECT * FROM <http://a/\\u0062> WHERE { SERVICE <http://x/\\U00000063> "
                   "{ ?s ?p ?o } FILTER(?a < 3 && ?b > 2) }")
    assert info.from_graphs == ["http://a/b"]
    assert info.services == ["http://x/c"]
    with pytest.raises(QueryRejected, match="SERVICE"):
        check_query("SELECT * WHERE { SERVICE <http://x/\\u0063> { ?s ?p ?o } }", list)
