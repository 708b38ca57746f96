"""The SPARQL 1.1 Protocol over real HTTP, modelled on the W3C protocol test cases.

Each test names the W3C case (https://www.w3.org/2009/sparql/docs/tests/data-sparql11/protocol/)
it follows; the cases that do not apply to a read-only endpoint are listed in docs/server.md.
"""

from __future__ import annotations

import http.client
import json
from urllib.parse import urlencode

import pyoxigraph as ox
import requests
from conftest import LIVE_TOKEN, seed_document_iri
from newskg.graph.namespaces import ONTOLOGY_IRI

COUNT_STATEMENTS = (
    "PREFIX nkg: <https://w3id.org/newskg/ontology#> "
    "SELECT (COUNT(?s) AS ?n) WHERE { ?s a nkg:Statement }"
)
GRAPH_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
FORM = "application/x-www-form-urlencoded"


def _json_value(response: requests.Response, var: str = "n") -> str:
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"].startswith("application/sparql-results+json")
    return response.json()["results"]["bindings"][0][var]["value"]


def test_query_get(live_server):
    """query_get: a SELECT by GET with query=."""
    response = requests.get(live_server.sparql, params={"query": COUNT_STATEMENTS})
    assert int(_json_value(response)) == 14  # the gold reading has 14 statements


def test_query_post_form(live_server):
    """query_post_form: POST application/x-www-form-urlencoded."""
    response = requests.post(live_server.sparql, data={"query": COUNT_STATEMENTS})
    assert int(_json_value(response)) == 14


def test_query_post_direct(live_server):
    """query_post_direct: POST application/sparql-query with the query as the body."""
    response = requests.post(
        live_server.sparql, data=COUNT_STATEMENTS.encode(),
        headers={"Content-Type": "application/sparql-query"},
    )
    assert int(_json_value(response)) == 14


def test_default_graph_is_union_of_all_graphs(live_server):
    """Without a dataset, the default graph is the union: the seed and the ontology."""
    union = int(_json_value(requests.get(live_server.sparql, params={"query": GRAPH_COUNT})))
    seed = int(_json_value(requests.get(live_server.sparql, params={
        "query": GRAPH_COUNT, "default-graph-uri": seed_document_iri()})))
    ontology = int(_json_value(requests.get(live_server.sparql, params={
        "query": GRAPH_COUNT, "default-graph-uri": ONTOLOGY_IRI})))
    assert seed > 0 and ontology > 0
    assert union >= seed + ontology


def test_query_dataset_default_graphs_get(live_server):
    """query_dataset_default_graphs_get: two default-graph-uri parameters are merged."""
    both = requests.get(live_server.sparql, params={
        "query": GRAPH_COUNT, "default-graph-uri": [seed_document_iri(), ONTOLOGY_IRI]})
    seed = requests.get(live_server.sparql, params={
        "query": GRAPH_COUNT, "default-graph-uri": seed_document_iri()})
    assert int(_json_value(both)) > int(_json_value(seed))


def test_query_dataset_default_graphs_post(live_server):
    """query_dataset_default_graphs_post: the same parameters in a form body."""
    response = requests.post(live_server.sparql, data={
        "query": GRAPH_COUNT, "default-graph-uri": [ONTOLOGY_IRI]})
    direct = requests.get(live_server.sparql, params={
        "query": GRAPH_COUNT, "default-graph-uri": ONTOLOGY_IRI})
    assert _json_value(response) == _json_value(direct)


def test_query_dataset_named_graphs(live_server):
    """query_dataset_named_graphs_get/post: named-graph-uri limits what GRAPH ?g sees."""
    query = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    for response in (
        requests.get(live_server.sparql, params={"query": query,
                                                 "named-graph-uri": ONTOLOGY_IRI}),
        requests.post(live_server.sparql, data={"query": query,
                                                "named-graph-uri": ONTOLOGY_IRI}),
    ):
        assert response.status_code == 200
        graphs = [b["g"]["value"] for b in response.json()["results"]["bindings"]]
        assert graphs == [ONTOLOGY_IRI]
    # Without the parameter every graph of the store is there.
    everything = requests.get(live_server.sparql, params={"query": query}).json()
    names = {b["g"]["value"] for b in everything["results"]["bindings"]}
    assert {ONTOLOGY_IRI, seed_document_iri()} <= names


def test_query_dataset_full(live_server):
    """query_dataset_full / query_multiple_dataset: default and named graphs together;
    protocol parameters override the query's own FROM."""
    query = (f"SELECT (COUNT(*) AS ?n) FROM <{seed_document_iri()}> "
             "WHERE { ?s ?p ?o }")
    from_clause = requests.get(live_server.sparql, params={"query": query})
    overridden = requests.get(live_server.sparql, params={
        "query": query, "default-graph-uri": ONTOLOGY_IRI, "named-graph-uri": ONTOLOGY_IRI})
    ontology_only = requests.get(live_server.sparql, params={
        "query": GRAPH_COUNT, "default-graph-uri": ONTOLOGY_IRI})
    seed_only = requests.get(live_server.sparql, params={
        "query": GRAPH_COUNT, "default-graph-uri": seed_document_iri()})
    assert _json_value(from_clause) == _json_value(seed_only)
    assert _json_value(overridden) == _json_value(ontology_only)


def test_query_content_type_select(live_server):
    """query_content_type_select: a SELECT answers with a SPARQL results type."""
    response = requests.post(live_server.sparql, data={"query": "SELECT * { ?s ?p ?o } LIMIT 1"})
    assert response.headers["Content-Type"].split(";")[0] in (
        "application/sparql-results+json", "application/sparql-results+xml")


def test_query_content_type_ask(live_server):
    """query_content_type_ask: an ASK answers with a SPARQL results type and a boolean."""
    response = requests.post(live_server.sparql, data={"query": "ASK { ?s ?p ?o }"},
                             headers={"Accept": "application/sparql-results+xml"})
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/sparql-results+xml")
    assert "<boolean>true</boolean>" in response.text


def test_query_content_type_construct_and_describe(live_server):
    """query_content_type_construct / _describe: an RDF type, and the body parses."""
    for query in (
        "CONSTRUCT WHERE { ?s a <https://w3id.org/newskg/ontology#Person> }",
        "DESCRIBE <https://w3id.org/newskg/id/actor/john-kirby>",
    ):
        response = requests.get(live_server.sparql, params={"query": query},
                                headers={"Accept": "text/turtle"})
        assert response.status_code == 200, response.text
        assert response.headers["Content-Type"].startswith("text/turtle")
        triples = list(ox.parse(response.content, ox.RdfFormat.TURTLE))
        assert triples


def test_bad_query_method(live_server):
    """bad_query_method: PUT is not a query operation."""
    response = requests.put(live_server.sparql, data={"query": "ASK {}"})
    assert response.status_code == 405


def test_bad_multiple_queries(live_server):
    """bad_multiple_queries: two query parameters are a client error."""
    response = requests.get(live_server.sparql, params={"query": ["ASK {}", "ASK {}"]})
    assert response.status_code == 400
    assert "more than one" in response.text


def test_bad_query_wrong_media_type(live_server):
    """bad_query_wrong_media_type: POST text/plain is refused."""
    response = requests.post(live_server.sparql, data=b"ASK {}",
                             headers={"Content-Type": "text/plain"})
    assert response.status_code == 415


def test_bad_query_missing_form_type(live_server):
    """bad_query_missing_form_type / bad_query_missing_direct_type: a POST body without a
    Content-Type."""
    response = requests.post(live_server.sparql, data=b"query=ASK%20%7B%7D",
                             headers={"Content-Type": ""})
    assert response.status_code == 415


def test_bad_query_non_utf8(live_server):
    """bad_query_non_utf8: a direct POST declared in another charset."""
    body = "ASK {}".encode("utf-16")
    response = requests.post(live_server.sparql, data=body,
                             headers={"Content-Type": "application/sparql-query; charset=UTF-16"})
    assert response.status_code == 415
    undeclared = requests.post(live_server.sparql, data=body,
                               headers={"Content-Type": "application/sparql-query"})
    assert undeclared.status_code == 400


def test_bad_query_syntax(live_server):
    """bad_query_syntax: 400 with the parser's message, never a 500."""
    response = requests.get(live_server.sparql, params={"query": "SELECT * WHERE { ?s ?p }"})
    assert response.status_code == 400
    assert "syntax error" in response.text
    assert "Traceback" not in response.text


def test_bad_update_get_and_update_at_query_endpoint(live_server):
    """bad_update_get: no update by GET; the query endpoint never runs an update."""
    update = f"INSERT DATA {{ GRAPH <{seed_document_iri()}> {{ <urn:a> <urn:b> <urn:c> }} }}"
    for response in (
        requests.get(live_server.sparql, params={"update": update}),
        requests.get(live_server.sparql, params={"query": update}),
        requests.post(live_server.sparql, data={"query": update}),
        requests.post(live_server.sparql, data=update,
                      headers={"Content-Type": "application/sparql-query"}),
    ):
        assert response.status_code == 400
    assert requests.get(live_server.url + "/update", params={"update": update}).status_code == 405
    check = requests.get(live_server.sparql, params={"query": "ASK { <urn:a> <urn:b> <urn:c> }"})
    assert check.json()["boolean"] is False


def test_update_needs_the_token(live_server):
    """/update: 401 without a token, 403 with a wrong one, 204 with the right one."""
    update = "INSERT DATA { GRAPH <urn:test:protocol> { <urn:x> <urn:y> 'z' } }"
    url = live_server.url + "/update"
    assert requests.post(url, data={"update": update}).status_code == 401
    wrong = requests.post(url, data={"update": update},
                          headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 403
    right = requests.post(url, data=update, headers={
        "Authorization": f"Bearer {LIVE_TOKEN}", "Content-Type": "application/sparql-update"})
    assert right.status_code == 204, right.text
    seen = requests.get(live_server.sparql, params={"query": "ASK { <urn:x> <urn:y> 'z' }"})
    assert seen.json()["boolean"] is True
    cleanup = requests.post(url, data={"update": "DROP GRAPH <urn:test:protocol>"},
                            headers={"Authorization": f"Bearer {LIVE_TOKEN}"})
    assert cleanup.status_code == 204


def test_update_is_off_without_a_token(start_server):
    server = start_server()
    response = requests.post(server.url + "/update",
                             data={"update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"},
                             headers={"Authorization": "Bearer anything"})
    assert response.status_code == 403
    assert "disabled" in response.text


def test_service_description(live_server):
    """GET /sparql with an RDF Accept and no query: a SPARQL 1.1 Service Description."""
    response = requests.get(live_server.sparql, headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    graph = list(ox.parse(response.content, ox.RdfFormat.TURTLE))
    sd = "http://www.w3.org/ns/sparql-service-description#"
    endpoints = [t.object.value for t in graph if t.predicate.value == sd + "endpoint"]
    assert endpoints == [live_server.sparql]
    names = {t.object.value for t in graph if t.predicate.value == sd + "name"}
    assert seed_document_iri() in names
    languages = {t.object.value for t in graph if t.predicate.value == sd + "supportedLanguage"}
    assert sd + "SPARQL11Update" in languages  # the live server has an update token


def test_html_get_without_query_is_the_editor(live_server):
    response = requests.get(live_server.sparql, headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/html")
    assert "<form" in response.text or "<textarea" in response.text


def test_cors_on_the_query_endpoint_not_on_update(live_server):
    preflight = requests.options(live_server.sparql, headers={
        "Origin": "https://example.org", "Access-Control-Request-Method": "POST"})
    assert preflight.status_code == 200
    assert preflight.headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]
    get = requests.get(live_server.sparql, params={"query": "ASK {}"},
                       headers={"Origin": "https://example.org"})
    assert get.headers["Access-Control-Allow-Origin"] == "*"
    update = requests.post(live_server.url + "/update", data={"update": "CLEAR ALL"},
                           headers={"Origin": "https://example.org"})
    assert "Access-Control-Allow-Origin" not in update.headers
    ingest = requests.post(live_server.url + "/api/ingest", json={"text": "x"},
                           headers={"Origin": "https://example.org"})
    assert ingest.status_code in (401, 403)
    assert "Access-Control-Allow-Origin" not in ingest.headers


def test_head_request(live_server):
    response = requests.head(live_server.sparql, params={"query": "ASK {}"})
    assert response.status_code == 200
    assert response.content == b""
    # The worker that evaluated it went back to the pool: the next query is answered.
    again = requests.get(live_server.sparql, params={"query": "ASK { ?s ?p ?o }"})
    assert json.loads(again.text)["boolean"] is True


def test_update_post_form_and_bad_updates(live_server):
    """update_post_form; bad_multiple_updates; bad_update_syntax; bad_update_wrong_media_type;
    bad_update_missing_form_type; bad_update_non_utf8; bad_update_dataset_conflicting
    (using-graph-uri is not supported: 400)."""
    url = live_server.url + "/update"
    auth = {"Authorization": f"Bearer {LIVE_TOKEN}"}
    insert = "INSERT DATA { GRAPH <urn:test:form> { <urn:f> <urn:g> <urn:h> } }"
    assert requests.post(url, data={"update": insert}, headers=auth).status_code == 204
    assert requests.post(url, data={"update": "DROP GRAPH <urn:test:form>"},
                         headers=auth).status_code == 204
    cases = [
        ({"data": {"update": [insert, insert]}}, 400),
        ({"data": {"update": "INSERT DATA { <urn:a> }"}}, 400),
        ({"data": insert.encode(), "headers": {"Content-Type": "text/plain"}}, 415),
        ({"data": {"update": insert, "using-graph-uri": "urn:x"}}, 400),
        ({"data": {"update": "SELECT * WHERE { ?s ?p ?o }"}}, 400),
        # bad_update_missing_form_type, bad_update_non_utf8
        ({"data": b"update=CLEAR%20ALL", "headers": {"Content-Type": ""}}, 415),
        ({"data": "CLEAR ALL".encode("utf-16"),
          "headers": {"Content-Type": "application/sparql-update; charset=UTF-16"}}, 415),
    ]
    for kwargs, status in cases:
        headers = {**auth, **kwargs.pop("headers", {})}
        response = requests.post(url, headers=headers, **kwargs)
        assert response.status_code == status, (kwargs, response.text)


def test_answers_have_a_length_and_keep_the_connection_open(live_server):
    """A worker's answer is spooled whole, so it carries Content-Length; without one waitress
    closes the connection after every response and each query pays a new connection."""
    host, port = live_server.url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    try:
        sockets = []
        for query in ("SELECT ?s WHERE { ?s ?p ?o } LIMIT 3", "ASK { ?s ?p ?o }",
                      "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 2"):
            connection.request("GET", "/sparql?" + urlencode({"query": query}),
                               headers={"Accept": "application/sparql-results+json, "
                                                  "application/n-triples"})
            response = connection.getresponse()
            body = response.read()
            assert response.status == 200
            assert int(response.headers["Content-Length"]) == len(body) > 0
            assert response.headers.get("Connection", "").lower() != "close"
            sockets.append(connection.sock)
        assert sockets[0] is not None and sockets.count(sockets[0]) == 3  # one connection
    finally:
        connection.close()
