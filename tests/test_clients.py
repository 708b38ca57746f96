"""Real SPARQL clients, unchanged, against a running server: SPARQLWrapper (every result
format, GET and POST), rdflib's SPARQLStore, Debian's roqet (rasqal-utils) and curl."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from xml.dom.minidom import Document

import pytest
import rdflib
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, JSONLD, N3, POST, RDFXML, TSV, TURTLE, XML, SPARQLWrapper

NKG = "https://w3id.org/newskg/ontology#"
KIRBY = "https://w3id.org/newskg/id/actor/john-kirby"
SPEAKERS = (
    f"PREFIX nkg: <{NKG}> SELECT ?speaker (COUNT(?s) AS ?n) "
    "WHERE { ?s a nkg:Statement ; nkg:speaker ?speaker } GROUP BY ?speaker ORDER BY ?speaker"
)
ASK_KIRBY = f"PREFIX nkg: <{NKG}> ASK {{ ?s nkg:speaker <{KIRBY}> }}"
CONSTRUCT_KIRBY = (
    f"PREFIX nkg: <{NKG}> CONSTRUCT {{ ?s nkg:speaker <{KIRBY}> ; nkg:content ?c }} "
    f"WHERE {{ ?s nkg:speaker <{KIRBY}> ; nkg:content ?c }}"
)


def _wrapper(live_server, query: str, fmt: str, method: str) -> SPARQLWrapper:
    client = SPARQLWrapper(live_server.sparql)
    client.setQuery(query)
    client.setReturnFormat(fmt)
    client.setMethod(method)
    return client


@pytest.mark.parametrize("method", ["GET", POST])
def test_sparqlwrapper_select_in_every_results_format(live_server, method):
    as_json = _wrapper(live_server, SPEAKERS, JSON, method).queryAndConvert()
    speakers = {b["speaker"]["value"]: int(b["n"]["value"])
                for b in as_json["results"]["bindings"]}
    assert speakers[KIRBY] >= 3
    as_xml = _wrapper(live_server, SPEAKERS, XML, method).queryAndConvert()
    assert isinstance(as_xml, Document)
    assert len(as_xml.getElementsByTagName("result")) == len(speakers)
    as_csv = _wrapper(live_server, SPEAKERS, CSV, method).queryAndConvert()
    rows = list(csv.reader(io.StringIO(as_csv.decode("utf-8"))))
    assert rows[0] == ["speaker", "n"]
    assert {r[0]: int(r[1]) for r in rows[1:]} == speakers
    as_tsv = _wrapper(live_server, SPEAKERS, TSV, method).queryAndConvert()
    lines = as_tsv.decode("utf-8").strip().split("\n")
    assert lines[0] == "?speaker\t?n"
    assert f"<{KIRBY}>" in as_tsv.decode("utf-8")
    assert len(lines) == 1 + len(speakers)


@pytest.mark.parametrize("method", ["GET", POST])
def test_sparqlwrapper_ask(live_server, method):
    assert _wrapper(live_server, ASK_KIRBY, JSON, method).queryAndConvert()["boolean"] is True
    as_xml = _wrapper(live_server, ASK_KIRBY, XML, method).queryAndConvert()
    assert as_xml.getElementsByTagName("boolean")[0].firstChild.data == "true"


@pytest.mark.parametrize("method", ["GET", POST])
@pytest.mark.parametrize("fmt", [TURTLE, N3, RDFXML, XML, JSONLD])
def test_sparqlwrapper_construct_in_every_graph_format(live_server, method, fmt):
    result = _wrapper(live_server, CONSTRUCT_KIRBY, fmt, method).queryAndConvert()
    if isinstance(result, bytes):  # Turtle and N3 come back raw
        graph = rdflib.Graph().parse(data=result.decode("utf-8"), format="turtle")
    else:
        graph = result
    assert isinstance(graph, rdflib.Graph)
    speakers = set(graph.objects(None, rdflib.URIRef(NKG + "speaker")))
    assert speakers == {rdflib.URIRef(KIRBY)}
    assert len(set(graph.subjects(rdflib.URIRef(NKG + "content"), None))) >= 3


def test_sparqlwrapper_describe(live_server):
    client = _wrapper(live_server, f"DESCRIBE <{KIRBY}>", TURTLE, "GET")
    graph = rdflib.Graph().parse(data=client.queryAndConvert().decode("utf-8"), format="turtle")
    assert (rdflib.URIRef(KIRBY), None, None) in graph


def test_sparqlwrapper_sees_a_malformed_query_as_an_error(live_server):
    from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

    with pytest.raises(QueryBadFormed):
        _wrapper(live_server, "SELECT * WHERE {", JSON, "GET").queryAndConvert()


def test_rdflib_sparqlstore(live_server):
    # The default return format (XML): Accept "application/rdf+xml, ...sparql-results+xml".
    graph = rdflib.Graph(store=SPARQLStore(live_server.sparql))
    rows = list(graph.query(SPEAKERS))
    assert rdflib.URIRef(KIRBY) in {row[0] for row in rows}
    assert graph.query(ASK_KIRBY).askAnswer is True
    constructed = graph.query(CONSTRUCT_KIRBY).graph
    assert set(constructed.objects(None, rdflib.URIRef(NKG + "speaker"))) == {
        rdflib.URIRef(KIRBY)}
    # Triple-pattern access, which SPARQLStore turns into its own SELECT queries.
    assert len(list(graph.triples((rdflib.URIRef(KIRBY), None, None)))) > 0


def test_rdflib_sparqlstore_json_results(live_server):
    graph = rdflib.Graph(store=SPARQLStore(live_server.sparql, returnFormat="json"))
    counts = {row[0]: int(row[1]) for row in graph.query(SPEAKERS)}
    assert counts[rdflib.URIRef(KIRBY)] >= 3


def _roqet() -> str:
    path = shutil.which("roqet")
    if path is None:
        raise RuntimeError("roqet is not installed: apt-get install rasqal-utils")
    return path


@pytest.mark.parametrize("results", ["simple", "csv", "tsv", "xml"])
def test_roqet_select(live_server, results):
    done = subprocess.run(
        [_roqet(), "-q", "-p", live_server.sparql, "-r", results, "-e", SPEAKERS],
        capture_output=True, text=True, timeout=60, check=False,
    )
    assert done.returncode == 0, done.stderr
    assert KIRBY in done.stdout


def test_roqet_reports_a_bad_query(live_server):
    done = subprocess.run(
        [_roqet(), "-q", "-p", live_server.sparql, "-e", "SELECT * WHERE { ?s"],
        capture_output=True, text=True, timeout=60, check=False,
    )
    assert done.returncode != 0
    assert "400" in done.stderr


def _curl(*args: str) -> subprocess.CompletedProcess:
    curl = shutil.which("curl")
    if curl is None:
        raise RuntimeError("curl is not installed")
    return subprocess.run([curl, "-sS", *args], capture_output=True, timeout=60, check=False)


def test_curl_get_post_and_direct(live_server):
    url = live_server.sparql
    get = _curl("-G", url, "--data-urlencode", f"query={ASK_KIRBY}",
                "-H", "Accept: application/sparql-results+json")
    assert get.returncode == 0 and b'"boolean":true' in get.stdout
    form = _curl(url, "--data-urlencode", f"query={SPEAKERS}", "-H", "Accept: text/csv")
    assert form.returncode == 0 and KIRBY.encode() in form.stdout
    direct = _curl(url, "-H", "Content-Type: application/sparql-query",
                   "-H", "Accept: application/n-triples", "--data-binary", CONSTRUCT_KIRBY)
    graph = rdflib.Graph().parse(data=direct.stdout.decode("utf-8"), format="nt")
    assert (None, rdflib.URIRef(NKG + "speaker"), rdflib.URIRef(KIRBY)) in graph


def test_curl_status_codes(live_server):
    status = _curl("-o", "/dev/null", "-w", "%{http_code}", "-G", live_server.sparql,
                   "--data-urlencode", "query=SELECT * WHERE {", )
    assert status.stdout == b"400"
    refused = _curl("-o", "/dev/null", "-w", "%{http_code}", "-G", live_server.sparql,
                    "--data-urlencode", f"query={SPEAKERS}", "-H", "Accept: image/png")
    assert refused.stdout == b"406"
