"""Linked data over real HTTP: /id resources, /ontology, dumps and VoID from a running server.

The server is a real waitress process over an on-disk store holding the seed article's
gold Analysis and a small probe document whose text carries a ``<script>`` element, both
mapped to RDF by the real mapping (``analysis_to_triples``).
"""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from html.parser import HTMLParser

import pytest
import rdflib
import requests
from helpers.servers import BASE, HOSTILE_IRI, PROBE_ID, build_store, start_server, stop_server
from newskg.graph.model import KINDS
from newskg.graph.namespaces import ONTOLOGY_NS
from newskg.graph.rdf.iris import document_iri
from newskg.ontology import ontology_path
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, RDF
from seed_analysis import SEED_ID, seed_analysis

BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
NKG = rdflib.Namespace(ONTOLOGY_NS)
VOID = rdflib.Namespace("http://rdfs.org/ns/void#")
KIRBY = BASE + "actor/john-kirby"
FIRST_STATEMENT = f"{BASE}doc/{SEED_ID}/statement/0"


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    store_path = tmp_path_factory.mktemp("ld") / "store"
    build_store(store_path)
    process, url = start_server(store_path)
    try:
        yield url
    finally:
        stop_server(process)


def local(iri: str) -> str:
    """The server path at which a data IRI is served."""
    assert iri.startswith(BASE)
    return "/id/" + iri[len(BASE):]


def get(server: str, path: str, accept: str | None = None, **params) -> requests.Response:
    headers = {"Accept": accept} if accept else {}
    return requests.get(server + path, headers=headers, params=params, timeout=30)


def turtle_graph(response: requests.Response) -> rdflib.Graph:
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"].startswith("text/turtle")
    return rdflib.Graph().parse(data=response.text, format="turtle")


class MarkedText(HTMLParser):
    """Collects the text inside <mark> and inside class="sentence" of the document text."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = {"mark": 0, "sentence": 0, "doc": 0, "cue": 0}
        self.stack: list[str | None] = []
        self.marked = ""
        self.sentence = ""
        self.cues: list[str] = []

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        kind = ("doc" if "document-text" in classes else "sentence" if "sentence" in classes
                else "cue" if "cue" in classes else "mark" if tag == "mark" else None)
        self.stack.append(kind)
        if kind:
            self.depth[kind] += 1
        if kind == "cue" and self.depth["doc"]:
            self.cues.append("")

    def handle_endtag(self, tag):
        kind = self.stack.pop() if self.stack else None
        if kind:
            self.depth[kind] -= 1

    def handle_data(self, data):
        if self.depth["doc"] and self.depth["mark"]:
            self.marked += data
        if self.depth["doc"] and self.depth["sentence"]:
            self.sentence += data
        if self.depth["doc"] and self.depth["cue"]:
            self.cues[-1] += data


# --- /id ------------------------------------------------------------------------------------


def test_actor_is_html_for_a_browser(server):
    response = get(server, local(KIRBY), BROWSER_ACCEPT)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/html")
    assert "Accept" in response.headers["Vary"]
    page = response.text
    assert "<h1>John Kirby</h1>" in page
    assert 'href="/ontology#Person"' in page
    # Incoming links: the statements he made point at their local pages.
    assert f'href="/id/doc/{SEED_ID}/statement/' in page
    assert "Referenced by" in page


def test_actor_is_turtle_with_both_directions(server):
    graph = turtle_graph(get(server, local(KIRBY), "text/turtle"))
    kirby = rdflib.URIRef(KIRBY)
    assert (kirby, RDF.type, NKG.Person) in graph
    spoken = set(graph.subjects(NKG.speaker, kirby))
    assert rdflib.URIRef(FIRST_STATEMENT) in spoken
    assert len(spoken) >= 3


@pytest.mark.parametrize("number", range(len(seed_analysis().statements)))
def test_statement_html_marks_content_and_cue_inside_its_sentence(server, number):
    iri = f"{BASE}doc/{SEED_ID}/statement/{number}"
    graph = turtle_graph(get(server, local(iri), "text/turtle"))
    statement = rdflib.URIRef(iri)
    page = get(server, local(iri), BROWSER_ACCEPT)
    assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html")
    parser = MarkedText()
    parser.feed(page.text)
    assert parser.marked == str(graph.value(statement, NKG.content))
    assert " ... ".join(parser.cues) == str(graph.value(statement, NKG.cue))
    sentence_iri = graph.value(statement, NKG.inSentence)
    sentence = turtle_graph(get(server, local(str(sentence_iri)), "text/turtle"))
    anchor = sentence.value(sentence_iri, rdflib.URIRef(
        "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#anchorOf"))
    assert parser.sentence == str(anchor)


def test_statement_in_every_rdf_syntax(server):
    reference = turtle_graph(get(server, local(FIRST_STATEMENT), "text/turtle"))
    assert (rdflib.URIRef(FIRST_STATEMENT), NKG.speaker, rdflib.URIRef(KIRBY)) in reference
    for media_type, syntax in (
        ("application/ld+json", "json-ld"),
        ("application/n-triples", "nt"),
        ("application/rdf+xml", "xml"),
    ):
        response = get(server, local(FIRST_STATEMENT), media_type)
        assert response.status_code == 200
        assert response.headers["Content-Type"].startswith(media_type)
        graph = rdflib.Graph().parse(data=response.text, format=syntax)
        assert isomorphic(graph, reference), media_type


def test_format_parameter_and_q_values(server):
    as_nt = get(server, local(KIRBY), BROWSER_ACCEPT, format="nt")
    assert as_nt.headers["Content-Type"].startswith("application/n-triples")
    preferred = get(server, local(KIRBY), "text/html;q=0.5, application/ld+json")
    assert preferred.headers["Content-Type"].startswith("application/ld+json")
    alias = get(server, local(KIRBY), "application/json")
    assert alias.headers["Content-Type"].startswith("application/ld+json")
    anything = get(server, local(KIRBY), "*/*")
    assert anything.headers["Content-Type"].startswith("text/turtle")


def test_unknown_resource_is_404_and_unknown_type_406(server):
    missing = get(server, "/id/actor/nobody-at-all", "text/turtle")
    assert missing.status_code == 404
    assert "nobody-at-all" in missing.text
    assert get(server, "/id/actor/nobody-at-all", BROWSER_ACCEPT).status_code == 404
    refused = get(server, local(KIRBY), "image/png")
    assert refused.status_code == 406
    assert "text/turtle" in refused.text


def test_markup_in_data_shows_as_text(server):
    statement = f"{BASE}doc/{PROBE_ID}/statement/0"
    page = get(server, local(statement), BROWSER_ACCEPT).text
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(" in page
    document = get(server, f"/id/doc/{PROBE_ID}", BROWSER_ACCEPT).text
    assert "<b>Probe</b>" not in document and "&lt;b&gt;Probe&lt;/b&gt;" in document
    assert HOSTILE_IRI in document and 'href="javascript:' not in document


# --- /ontology ------------------------------------------------------------------------------


def test_ontology_html_documents_every_class_and_property(server):
    ontology = rdflib.Graph().parse(ontology_path(), format="turtle")
    page = get(server, "/ontology", BROWSER_ACCEPT)
    assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html")
    terms = set(ontology.subjects(RDF.type, OWL.Class))
    terms |= set(ontology.subjects(RDF.type, OWL.ObjectProperty))
    terms |= set(ontology.subjects(RDF.type, OWL.DatatypeProperty))
    own = [t for t in terms if str(t).startswith(ONTOLOGY_NS)]
    assert len(own) > 20
    for term in own:
        name = str(term)[len(ONTOLOGY_NS):]
        assert f'id="{name}"' in page.text, name
    for term in terms:
        assert f"<code>{term}</code>" in page.text, term
    # Comments appear in both languages.
    comments = {c.language: str(c) for c in ontology.objects(NKG.Statement, rdflib.RDFS.comment)}
    assert comments["en"] in page.text and comments["de"] in page.text


def test_statement_kinds_resolve_to_their_documentation(server):
    page = get(server, "/ontology", BROWSER_ACCEPT).text
    for kind in KINDS:
        assert f'id="kind-{kind}"' in page
    statement = get(server, local(FIRST_STATEMENT), BROWSER_ACCEPT).text
    assert 'href="/ontology#kind-assertion"' in statement
    moved = requests.get(server + "/kind/denial", allow_redirects=False, timeout=30)
    assert moved.status_code == 303
    assert moved.headers["Location"].endswith("/ontology#kind-denial")


def test_ontology_rdf_by_content_negotiation(server):
    turtle = get(server, "/ontology", "text/turtle")
    assert turtle.status_code == 200
    assert turtle.content == ontology_path().read_bytes()
    reference = rdflib.Graph().parse(data=turtle.text, format="turtle")
    as_xml = get(server, "/ontology", "application/rdf+xml")
    graph = rdflib.Graph().parse(data=as_xml.text, format="xml")
    assert len(graph) == len(reference)


# --- dumps and VoID ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def void(server) -> rdflib.Graph:
    response = get(server, "/.well-known/void")
    assert response.headers["Content-Type"].startswith("text/turtle")
    return turtle_graph(response)


def dataset_node(void: rdflib.Graph) -> rdflib.term.Node:
    (node,) = void.subjects(RDF.type, VOID.Dataset)
    return node


def test_dumps_decompress_and_parse(server, void):
    triples = rdflib.Graph().parse(
        data=gzip.decompress(get(server, "/dumps/newskg.nt.gz").content), format="nt")
    turtle = get(server, "/dumps/newskg.ttl.gz")
    assert turtle.headers["Content-Type"] == "application/gzip"
    from_turtle = rdflib.Graph().parse(data=gzip.decompress(turtle.content), format="turtle")
    assert isomorphic(triples, from_turtle)
    quads = rdflib.Dataset().parse(
        data=gzip.decompress(get(server, "/dumps/newskg.nq.gz").content), format="nquads")
    graphs = {str(g.identifier) for g in quads.graphs()}
    assert document_iri(SEED_ID, BASE) in graphs and document_iri(PROBE_ID, BASE) in graphs
    assert (rdflib.URIRef(KIRBY), RDF.type, NKG.Person) in triples
    declared = int(void.value(dataset_node(void), VOID.triples))
    assert len(triples) == declared


def test_dump_carries_the_dataset_version(server, void):
    version = str(void.value(dataset_node(void), OWL.versionInfo))
    response = get(server, "/dumps/newskg.nq.gz")
    assert response.headers["X-Dataset-Version"] == version
    first_line = gzip.decompress(response.content).split(b"\n", 1)[0].decode()
    assert first_line == f"# newskg dataset version {version}"
    again = get(server, "/dumps/newskg.nq.gz")
    assert again.content == response.content  # served from the per-version cache
    assert get(server, "/dumps/newskg.rdf.gz").status_code == 404


def test_void_counts_and_links(server, void):
    dataset = dataset_node(void)
    statements = [
        p for p in void.objects(dataset, VOID.classPartition)
        if void.value(p, VOID["class"]) == NKG.Statement
    ]
    expected = len(seed_analysis().statements) + 1
    assert int(void.value(statements[0], VOID.entities)) == expected
    vocabularies = {str(v) for v in void.objects(dataset, VOID.vocabulary)}
    assert ONTOLOGY_NS.rstrip("#") in vocabularies
    assert "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#" in vocabularies
    dumps = {str(d) for d in void.objects(dataset, VOID.dataDump)}
    assert dumps == {f"{server}/dumps/newskg.{ext}.gz" for ext in ("ttl", "nt", "nq")}
    assert void.value(dataset, VOID.sparqlEndpoint) == rdflib.URIRef(server + "/sparql")
    examples = list(void.objects(dataset, VOID.exampleResource))
    assert rdflib.URIRef(FIRST_STATEMENT) in examples
    for example in examples:
        assert get(server, local(str(example)), "text/turtle").status_code == 200


def test_void_in_other_syntaxes(server, void):
    as_jsonld = get(server, "/.well-known/void", "application/ld+json")
    graph = rdflib.Graph().parse(data=as_jsonld.text, format="json-ld")
    assert len(graph) == len(void)
    page = get(server, "/.well-known/void", BROWSER_ACCEPT)
    assert page.headers["Content-Type"].startswith("text/html")
    assert "void:triples" in page.text


def test_dumps_and_void_follow_a_change_of_the_data(tmp_path):
    store_path = tmp_path / "store"
    build_store(store_path)
    process, url = start_server(store_path, NEWSKG_UPDATE_TOKEN="t0ken")
    try:
        before = turtle_graph(get(url, "/.well-known/void"))
        dump_before = get(url, "/dumps/newskg.nt.gz")
        added = "<https://example.org/s> <https://example.org/p> \"neu\" ."
        update = f"INSERT DATA {{ GRAPH <{BASE}doc/extra> {{ {added} }} }}"
        response = requests.post(
            url + "/update", data={"update": update},
            headers={"Authorization": "Bearer t0ken"}, timeout=30,
        )
        assert response.status_code in (200, 204), response.text
        after = turtle_graph(get(url, "/.well-known/void"))
        dump_after = get(url, "/dumps/newskg.nt.gz")
    finally:
        stop_server(process)
    old, new = dataset_node(before), dataset_node(after)
    assert before.value(old, OWL.versionInfo) != after.value(new, OWL.versionInfo)
    assert int(after.value(new, VOID.triples)) == int(before.value(old, VOID.triples)) + 1
    assert dump_after.headers["X-Dataset-Version"] == str(after.value(new, OWL.versionInfo))
    assert added.encode() not in gzip.decompress(dump_before.content)
    assert added.encode() in gzip.decompress(dump_after.content)
