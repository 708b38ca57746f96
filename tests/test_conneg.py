"""Content negotiation alone: plain calls of ``newskg.server.conneg``, no server. A matrix of
Accept headers and format= values → the format each kind of path answers with (the rules are
in the module's docstring); the same choices over real HTTP are in test_conneg_http.py."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
import rdflib.plugin
from newskg.graph.rdf.formats import FORMATS, RDF_SYNTAXES, RESULT_FORMATS, SYNTAX_BY_EXTENSION
from newskg.server import conneg
from rdflib.parser import Parser
from rdflib.query import ResultParser

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
CHROME = ("text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,"
          "image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7")
SPARQLWRAPPER_JSON = ("application/sparql-results+json,application/json,text/javascript,"
                      "application/javascript")
SPARQLWRAPPER_RDF = "application/rdf+xml, text/rdf+n3, application/n-triples;q=0.9"

#: Accept → (SELECT/ASK at /sparql, CONSTRUCT/DESCRIBE at /sparql, a resource page); format
#: names, "html" for the page, None for nothing acceptable (406).
ACCEPT = [
    (None, "json", "turtle", "turtle"),
    ("", "json", "turtle", "turtle"),
    ("*/*", "json", "turtle", "turtle"),
    ("application/sparql-results+json", "json", None, None),
    ("application/json", "json", "jsonld", "jsonld"),
    ("application/xml", "xml", "rdfxml", "rdfxml"),
    ("text/xml", "xml", "rdfxml", "rdfxml"),
    ("text/csv", "csv", None, None),
    ("text/tab-separated-values", "tsv", None, None),
    ("text/turtle", None, "turtle", "turtle"),
    ("application/x-turtle", None, "turtle", "turtle"),
    ("application/n-triples", None, "ntriples", "ntriples"),
    ("text/plain", None, "ntriples", "ntriples"),
    ("application/n-quads", None, "nquads", None),
    ("application/trig", None, "trig", None),
    ("application/ld+json", None, "jsonld", "jsonld"),
    ("application/rdf+xml", None, "rdfxml", "rdfxml"),
    ("text/html", None, None, "html"),
    ("image/png", None, None, None),
    ("nonsense", None, None, None),
    # q-values: the highest wins; q=0 refuses, even when a wildcard would allow it
    ("text/csv;q=0.5, application/sparql-results+xml;q=0.9", "xml", None, None),
    ("application/sparql-results+json;q=0, */*;q=0.1", "xml", "turtle", "turtle"),
    ("text/turtle;q=0, application/sparql-results+json;q=0.5, */*;q=0.1", "json", "ntriples",
     "jsonld"),
    ("text/turtle;q=0.2, application/rdf+xml", None, "rdfxml", "rdfxml"),
    ("text/html;q=0.5, application/ld+json", None, "jsonld", "jsonld"),
    # the most specific range decides: CSV at 0.5 although */* says 0.9
    ("text/csv;q=0.5, */*;q=0.9", "json", "turtle", "turtle"),
    ("application/sparql-results+json;q=0.1, text/csv;q=0.5, */*;q=0.9", "xml", "turtle",
     "turtle"),
    # a wildcard picks by the primary media type, never by an alias
    ("text/*", "csv", "turtle", "turtle"),
    ("text/*;q=0.8, application/n-triples;q=0.9", "csv", "ntriples", "ntriples"),
    ("application/*", "json", "ntriples", "jsonld"),
    # equal q: the more specific range, then the one the client wrote first
    ("*/*, text/csv", "csv", "turtle", "turtle"),
    ("application/rdf+xml, text/turtle", None, "rdfxml", "rdfxml"),
    ("text/turtle, application/rdf+xml", None, "turtle", "turtle"),
    ("text/tab-separated-values, text/csv", "tsv", None, None),
    # parameters other than q do not matter; an invalid q drops its range (RFC 9110)
    ("text/turtle;charset=utf-8", None, "turtle", "turtle"),
    ("text/csv;q=abc", None, None, None),
    ("text/csv;q=abc, text/tab-separated-values;q=0.5", "tsv", None, None),
    ("TEXT/Turtle", None, "turtle", "turtle"),
    # what clients send
    (SPARQLWRAPPER_JSON, "json", "jsonld", "jsonld"),
    (SPARQLWRAPPER_RDF, None, "rdfxml", "rdfxml"),
    (BROWSER, "xml", "rdfxml", "html"),
    (CHROME, "xml", "rdfxml", "html"),
]

#: format= → (results, graph, page); it wins over any Accept.
FORMAT = [
    ("json", "json", "jsonld", "jsonld"), ("xml", "xml", "rdfxml", "rdfxml"),
    ("csv", "csv", None, None), ("tsv", "tsv", None, None), ("srj", "json", None, None),
    ("srx", "xml", None, None), ("application/sparql-results+json", "json", None, None),
    ("turtle", None, "turtle", "turtle"), ("ttl", None, "turtle", "turtle"),
    ("n3", None, "turtle", "turtle"), ("text/n3", None, "turtle", "turtle"),
    ("ntriples", None, "ntriples", "ntriples"), ("nt", None, "ntriples", "ntriples"),
    ("n-triples", None, "ntriples", "ntriples"), ("nquads", None, "nquads", None),
    ("nq", None, "nquads", None), ("trig", None, "trig", None),
    ("jsonld", None, "jsonld", "jsonld"), ("json-ld", None, "jsonld", "jsonld"),
    ("rdfxml", None, "rdfxml", "rdfxml"), ("rdf", None, "rdfxml", "rdfxml"),
    ("rdf+xml", None, "rdfxml", "rdfxml"), ("application/rdf+xml", None, "rdfxml", "rdfxml"),
    ("html", None, None, "html"), (" TTL ", None, "turtle", "turtle"),
    ("nonsense", None, None, None),
]


def name(offer) -> str | None:
    return None if offer is None else offer.name


@pytest.mark.parametrize(("accept", "results", "graph", "page"), ACCEPT)
def test_accept(accept, results, graph, page):
    assert name(conneg.negotiate("SELECT", accept)) == results
    assert name(conneg.negotiate("ASK", accept)) == results
    assert name(conneg.negotiate("CONSTRUCT", accept)) == graph
    assert name(conneg.negotiate("DESCRIBE", accept)) == graph
    assert name(conneg.choose(conneg.PAGES, accept)) == page


@pytest.mark.parametrize(("value", "results", "graph", "page"), FORMAT)
def test_format_parameter_wins_over_accept(value, results, graph, page):
    for accept in (None, "text/html", "image/png", "text/csv"):
        assert name(conneg.negotiate("SELECT", accept, value)) == results
        assert name(conneg.negotiate("CONSTRUCT", accept, [value])) == graph
        assert name(conneg.choose(conneg.PAGES, accept, [value])) == page


def test_of_several_format_values_the_first_producible_wins():
    assert name(conneg.negotiate("SELECT", None, ["nonsense", "tsv", "csv"])) == "tsv"
    assert name(conneg.negotiate("SELECT", None, ["turtle", "text/csv"])) == "csv"
    assert conneg.negotiate("SELECT", "text/csv", ["nonsense"]) is None
    # an empty list is no format= at all
    assert name(conneg.negotiate("SELECT", "text/csv", [])) == "csv"


@pytest.mark.parametrize(("accept", "html"), [
    (BROWSER, True), (CHROME, True), ("text/html", True), ("application/xhtml+xml", True),
    ("text/html;q=0.5, image/png", True),
    (None, False), ("*/*", False), ("text/*", False), ("text/turtle", False),
    ("text/html;q=0.5, application/ld+json", False),
    ("*/*, text/html;q=0.5", False), ("text/turtle, text/html", False),
    ("text/html, text/turtle", True), ("text/html;q=0", False),
    (SPARQLWRAPPER_JSON, False),
])
def test_wants_html_when_the_page_ranks_above_every_format(accept, html):
    assert conneg.wants_html(accept) is html


@pytest.mark.parametrize(("accept", "fmt", "expected"), [
    (None, None, "json"), ("*/*", None, "json"), ("image/png", None, "json"),
    ("text/csv;q=0.5, text/tab-separated-values;q=0.9", None, "tsv"),
    ("application/xml", None, "xml"), ("text/csv;q=0", None, "json"),
    ("text/csv", "xml", "xml"), (None, "JSON", "json"), (None, "srx", "xml"),
    (None, "turtle", None), (None, "nonsense", None),
])
def test_the_api_falls_back_to_json_and_refuses_unknown_format_names(accept, fmt, expected):
    assert name(conneg.results_format(accept, fmt)) == expected


def test_documented_accepts_name_every_media_type_offered():
    assert conneg.documented_accepts("SELECT")[:2] == ["application/sparql-results+json",
                                                       "application/json"]
    graph = conneg.documented_accepts("DESCRIBE")
    assert {"text/turtle", "application/n-quads", "text/plain"} <= set(graph)
    assert "text/csv" not in graph


def test_the_registry_agrees_with_pyoxigraph_and_rdflib():
    for fmt in (*RDF_SYNTAXES, *RESULT_FORMATS):
        assert fmt.pyoxigraph.media_type.split(";")[0] == fmt.media_type, fmt.name
        assert fmt.pyoxigraph.file_extension in fmt.extensions, fmt.name
        assert fmt.iri.startswith("http://www.w3.org/ns/formats/")
    for fmt in RDF_SYNTAXES:
        assert ox.RdfFormat.from_media_type(fmt.media_type) == fmt.pyoxigraph
        assert fmt.dataset == fmt.pyoxigraph.supports_datasets, fmt.name
        for ext in fmt.extensions:
            assert SYNTAX_BY_EXTENSION[ext] == fmt.pyoxigraph
        assert rdflib.plugin.get(fmt.rdflib, Parser), fmt.name
    for fmt in RESULT_FORMATS:
        assert rdflib.plugin.get(fmt.rdflib, ResultParser), fmt.name
    assert len(FORMATS) == len(RDF_SYNTAXES) + len(RESULT_FORMATS)
    assert FORMATS["csv"].content_type == "text/csv; charset=utf-8"
    assert FORMATS["json"].content_type == "application/sparql-results+json"


def test_every_offer_is_named_by_its_own_name_and_media_type_only_once():
    for offers in (conneg.RESULTS, conneg.GRAPHS, conneg.PAGES):
        for offer in offers:
            for value in (offer.name, offer.media_type, *offer.spellings):
                assert [o.name for o in offers if o.called(value)] == [offer.name]
