"""The content-negotiation matrix over real HTTP: query form × Accept × format= → status and
Content-Type, and every 200 body parses in the format it claims. The same table is in
docs/server.md; the rules alone, without a server, are tested in test_conneg.py."""

from __future__ import annotations

import csv
import io

import pyoxigraph as ox
import pytest
import requests

QUERIES = {
    "SELECT": "SELECT ?s ?l WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l } LIMIT 5",
    "ASK": "ASK { ?s ?p ?o }",
    "CONSTRUCT": "CONSTRUCT WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l }",
    "DESCRIBE": "DESCRIBE <https://w3id.org/newskg/id/actor/john-kirby>",
}
RESULTS = ("SELECT", "ASK")
GRAPHS = ("CONSTRUCT", "DESCRIBE")

JSON = "application/sparql-results+json"
XML = "application/sparql-results+xml"
CSV = "text/csv"
TSV = "text/tab-separated-values"
TURTLE = "text/turtle"
NT = "application/n-triples"
NQ = "application/n-quads"
TRIG = "application/trig"
JSONLD = "application/ld+json"
RDFXML = "application/rdf+xml"
HTML = "text/html"

#: Accept header → media type answered, for results (SELECT, ASK) and graphs; None = 406.
ACCEPT_MATRIX = [
    # (Accept, results answer, graph answer)
    (None, JSON, TURTLE),
    ("*/*", JSON, TURTLE),
    (JSON, JSON, None),
    ("application/json", JSON, JSONLD),
    (XML, XML, None),
    ("application/xml", XML, RDFXML),
    ("text/xml", XML, RDFXML),
    (CSV, CSV, None),
    (TSV, TSV, None),
    (TURTLE, None, TURTLE),
    ("application/x-turtle", None, TURTLE),
    (NT, None, NT),
    ("text/plain", None, NT),
    (NQ, None, NQ),
    (TRIG, None, TRIG),
    (JSONLD, None, JSONLD),
    (RDFXML, None, RDFXML),
    ("image/png", None, None),
    # q-values
    (f"{CSV};q=0.5, {XML};q=0.9", XML, None),
    (f"{JSON};q=0, */*;q=0.1", XML, TURTLE),
    (f"{TURTLE};q=0.2, {RDFXML}", None, RDFXML),
    (f"text/*;q=0.8, {NT};q=0.9", CSV, NT),
    (f"{TURTLE};q=0, {JSON};q=0.5, */*;q=0.1", JSON, NT),
    # what SPARQLWrapper and browsers send
    (f"{JSON},application/json,text/javascript,application/javascript", JSON, JSONLD),
    # a browser following a shared link gets the editor, filled with the query
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", HTML, HTML),
]

#: format= → media type, for results and graphs; None = 406. format= wins over Accept.
#: For a graph, xml/json/n3 mean RDF/XML, JSON-LD and Turtle (what SPARQLWrapper sends).
FORMAT_MATRIX = [
    ("json", JSON, JSONLD), ("xml", XML, RDFXML), ("csv", CSV, None), ("tsv", TSV, None),
    ("srj", JSON, None), (JSON, JSON, None),
    ("turtle", None, TURTLE), ("ttl", None, TURTLE), ("ntriples", None, NT), ("nt", None, NT),
    ("nquads", None, NQ), ("trig", None, TRIG), ("jsonld", None, JSONLD),
    ("rdfxml", None, RDFXML), (RDFXML, None, RDFXML), ("nonsense", None, None),
    ("n3", None, TURTLE), ("json-ld", None, JSONLD), ("rdf+xml", None, RDFXML),
]

RESULT_PARSERS = {JSON: ox.QueryResultsFormat.JSON, XML: ox.QueryResultsFormat.XML}
GRAPH_PARSERS = {TURTLE: ox.RdfFormat.TURTLE, NT: ox.RdfFormat.N_TRIPLES,
                 NQ: ox.RdfFormat.N_QUADS, TRIG: ox.RdfFormat.TRIG,
                 JSONLD: ox.RdfFormat.JSON_LD, RDFXML: ox.RdfFormat.RDF_XML}


def _check(response: requests.Response, form: str, expected: str | None) -> None:
    if expected is None:
        assert response.status_code == 406, response.text
        assert "available:" in response.text
        return
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"].split(";")[0] == expected
    if expected == HTML:
        assert "<textarea" in response.text
        return
    assert "Accept" in response.headers["Vary"]
    if form in GRAPHS:
        assert list(ox.parse(response.content, GRAPH_PARSERS[expected]))
    elif expected in (JSON, XML):  
        parsed = ox.parse_query_results(io.BytesIO(response.content), RESULT_PARSERS[expected])
        if form == "ASK":
            assert bool(parsed) is True
        else:
            assert len(list(parsed)) == 5
    elif form == "SELECT":  # pyoxigraph reads TSV back; CSV is lossy, so the csv module
        if expected == TSV:
            parsed = ox.parse_query_results(io.BytesIO(response.content), ox.QueryResultsFormat.TSV)
            assert len(list(parsed)) == 5
        else:
            rows = list(csv.reader(io.StringIO(response.content.decode("utf-8"))))
            assert rows[0] == ["s", "l"] and len(rows) == 1 + 5
    else:
        assert response.text.strip() == "true"


@pytest.mark.parametrize("form", list(QUERIES))
@pytest.mark.parametrize(("accept", "results", "graph"), ACCEPT_MATRIX)
def test_accept_matrix(live_server, form, accept, results, graph):
    headers = {"Accept": accept} if accept is not None else {"Accept": ""}
    response = requests.get(live_server.sparql, params={"query": QUERIES[form]},
                            headers=headers)
    _check(response, form, results if form in RESULTS else graph)


@pytest.mark.parametrize("form", list(QUERIES))
@pytest.mark.parametrize(("fmt", "results", "graph"), FORMAT_MATRIX)
def test_format_parameter_matrix(live_server, form, fmt, results, graph):
    # An Accept that would choose otherwise: format= must win.
    response = requests.get(live_server.sparql, params={"query": QUERIES[form], "format": fmt},
                            headers={"Accept": "text/html;q=0.1"})
    _check(response, form, results if form in RESULTS else graph)


def test_repeated_format_parameters_first_producible_wins(live_server):
    # SPARQLWrapper sends format=tsv&format=text/tab-separated-values (and output=, results=).
    response = requests.get(live_server.sparql, params={
        "query": QUERIES["SELECT"], "format": ["nonsense", "tsv", "csv"]})
    _check(response, "SELECT", TSV)


def test_format_parameter_in_a_post_form(live_server):
    response = requests.post(live_server.sparql,
                             data={"query": QUERIES["SELECT"], "format": "csv"})
    _check(response, "SELECT", CSV)
