"""The canned-query catalog: headers, typed parameters bound as RDF terms, never as text."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest
from newskg.graph.namespaces import KIND_NS
from newskg.graph.store.embedded import EmbeddedStore
from newskg.queries import (
    CatalogError,
    ParameterError,
    UnknownQuery,
    get_query,
    list_queries,
    parse_query,
    run,
)

EX = "http://example.org/"
INJECTION = 'x" } ; DROP ALL ; #'
XSD_DATE = ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")

SAYINGS = """# title: Sayings
# description: What someone said, optionally of one kind, after a date.
# chart: table
# An ordinary comment line, not a header.
# param: speaker; type=iri; optional; choices=speakers; label=Speaker
# param: kind; type=kind; optional; choices=kinds
# param: word; type=string; optional
# param: since; type=date; default=2024-01-01
# param: longest; type=integer; default=100
PREFIX ex: <http://example.org/>
SELECT ?speaker ?text ?kind ?word ?since ?longest WHERE {
  ?s ex:speaker ?speaker ; ex:text ?text ; ex:kind ?kind ; ex:date ?date .
  FILTER(?date >= ?since)
  FILTER(COALESCE(CONTAINS(?text, ?word), true))
  FILTER(STRLEN(?text) <= ?longest)
}
ORDER BY ?text
"""


@pytest.fixture()
def catalog(tmp_path):
    folder = tmp_path / "queries"
    folder.mkdir()
    (folder / "sayings.rq").write_text(SAYINGS, encoding="utf-8")
    (folder / "speakers.rq").write_text(
        "# title: Speakers\nSELECT DISTINCT ?value WHERE { ?s <http://example.org/speaker> ?value }\n",
        encoding="utf-8",
    )
    (folder / "kinds.rq").write_text("SELECT ?value WHERE { ?s ?p ?value }\n", encoding="utf-8")
    return folder


@pytest.fixture()
def store(tmp_path):
    opened = EmbeddedStore(tmp_path / "store")
    rows = [
        ("s1", "kirby", "Soldaten sind in Russland", "assertion", "2024-10-23"),
        ("s2", "kirby", "legitime Ziele", "warning", "2024-10-23"),
        ("s3", "peskow", "souveränes Recht", "denial", "2023-05-01"),
    ]
    quads = []
    for s, who, text, kind, day in rows:
        subject = ox.NamedNode(EX + s)
        quads += [
            ox.Triple(subject, ox.NamedNode(EX + "speaker"), ox.NamedNode(EX + who)),
            ox.Triple(subject, ox.NamedNode(EX + "text"), ox.Literal(text)),
            ox.Triple(subject, ox.NamedNode(EX + "kind"), ox.NamedNode(KIND_NS + kind)),
            ox.Triple(subject, ox.NamedNode(EX + "date"),
                      ox.Literal(day, datatype=XSD_DATE)),
        ]
    opened.replace_graph(EX + "doc", quads)
    yield opened
    opened.close()


def texts(result) -> list[str]:
    return [row["text"].value for row in result]


def test_header_is_read(catalog):
    query = get_query("sayings", catalog)
    assert (query.title, query.chart) == ("Sayings", "table")
    assert query.description.startswith("What someone said")
    assert [p.name for p in query.params] == ["speaker", "kind", "word", "since", "longest"]
    speaker = query.param("speaker")
    assert (speaker.type, speaker.optional, speaker.choices, speaker.label) == (
        "iri", True, "speakers", "Speaker")
    assert query.param("since").default == "2024-01-01"
    assert not query.param("since").required
    described = json.loads(json.dumps(query.to_dict()))
    assert described["name"] == "sayings"
    assert described["params"][0] == {
        "name": "speaker", "type": "iri", "label": "Speaker", "required": False,
        "optional": True, "default": None, "choices": "speakers",
    }
    assert [q.name for q in list_queries(catalog)] == ["kinds", "sayings", "speakers"]


def test_bind_converts_each_type_to_a_term(catalog):
    query = get_query("sayings", catalog)
    bound = query.bind({"speaker": EX + "kirby", "kind": "warning", "word": "Ziele",
                        "since": "2024-10-01", "longest": "5"})
    assert bound["speaker"] == ox.NamedNode(EX + "kirby")
    assert bound["kind"] == ox.NamedNode(KIND_NS + "warning")
    assert bound["word"] == ox.Literal("Ziele")
    assert bound["since"] == ox.Literal("2024-10-01", datatype=XSD_DATE)
    assert bound["longest"] == ox.Literal(5)
    # Defaults fill in, optional parameters stay unbound, empty form fields count as absent.
    assert query.bind({"word": ""}) == {
        "since": ox.Literal("2024-01-01", datatype=XSD_DATE),
        "longest": ox.Literal(100),
    }
    assert query.bind({"kind": KIND_NS + "denial"})["kind"] == ox.NamedNode(KIND_NS + "denial")


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("nope", "1", "has no parameter 'nope'"),
        ("longest", "ten", "not an integer"),
        ("longest", "1.5", "not an integer"),
        ("since", "24.10.2024", "not a date"),
        ("since", "2024-02-30", "not a date"),
        ("kind", "lie", "not a statement kind"),
        ("speaker", "kirby", "not an absolute IRI"),
        ("speaker", "http://example.org/a b", "not an absolute IRI"),
        ("speaker", INJECTION, "not an absolute IRI"),
        ("kind", INJECTION, "not a statement kind"),
    ],
)
def test_bind_refuses_bad_values(catalog, name, value, message):
    with pytest.raises(ParameterError, match=message):
        get_query("sayings", catalog).bind({name: value})


def test_required_parameter_must_be_given(tmp_path):
    query = parse_query("# param: who; type=iri\nSELECT * WHERE { ?who ?p ?o }", "needs")
    assert query.param("who").required
    with pytest.raises(ParameterError, match="needs parameter 'who'"):
        query.bind({})


def test_run_filters_by_bound_terms(catalog, store):
    query = get_query("sayings", catalog)
    assert texts(run(store, query, {})) == ["Soldaten sind in Russland", "legitime Ziele"]
    assert texts(run(store, query, {"kind": "warning"})) == ["legitime Ziele"]
    assert texts(run(store, query, {"since": "2020-01-01", "speaker": EX + "peskow"})) == [
        "souveränes Recht"]
    assert texts(run(store, query, {"word": "Russland"})) == ["Soldaten sind in Russland"]


def test_injection_is_a_value_not_query_text(catalog, store):
    before = (store.triple_count(), store.version())
    result = run(store, get_query("sayings", catalog), {"word": INJECTION})
    assert texts(result) == []  # no saying contains that text; nothing else happened
    assert (store.triple_count(), store.version()) == before
    # The same text really is found when it is data, so it was compared, not executed.
    extra = ox.NamedNode(EX + "s9")
    store.replace_graph(EX + "doc2", [
        ox.Triple(extra, ox.NamedNode(EX + "speaker"), ox.NamedNode(EX + "x")),
        ox.Triple(extra, ox.NamedNode(EX + "text"), ox.Literal(INJECTION)),
        ox.Triple(extra, ox.NamedNode(EX + "kind"), ox.NamedNode(KIND_NS + "claim")),
        ox.Triple(extra, ox.NamedNode(EX + "date"), ox.Literal("2024-10-24", datatype=XSD_DATE)),
    ])
    assert texts(run(store, get_query("sayings", catalog), {"word": INJECTION})) == [INJECTION]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("# param: x; type=number\nSELECT ?x {}", "type 'number' is not one of"),
        ("# param: y; type=iri\nSELECT ?x {}", "not a variable of the query"),
        ("# param: y; type=iri\nSELECT ?x { ?x ?p ?y }", "must be in the SELECT clause"),
        ("# param: x\n# param: x\nSELECT ?x {}", "declared twice"),
        ("# param: x; type=integer; default=many\nSELECT ?x {}", "bad default"),
        ("# param: x; colour=red\nSELECT ?x {}", "cannot read 'colour=red'"),
        ("# param: 1x\nSELECT ?x {}", "bad parameter name"),
    ],
)
def test_malformed_headers_are_refused(text, message):
    with pytest.raises(CatalogError, match=message):
        parse_query(text, "broken")


def test_unknown_query_names_the_known_ones(catalog):
    with pytest.raises(UnknownQuery, match="no canned query 'missing' .known: kinds, sayings"):
        get_query("missing", catalog)
    with pytest.raises(KeyError):
        get_query("../sayings", catalog)


def test_shipped_catalog_is_consistent():
    queries = {q.name: q for q in list_queries()}
    empty = ox.Store()
    assert "statements" in queries
    for query in queries.values():
        assert query.title, f"{query.name} has no title"
        for param in query.params:
            assert param.choices is None or param.choices in queries, (query.name, param.name)
        # Every shipped query is valid SPARQL: it runs with its defaults on an empty store.
        if not any(p.required for p in query.params):
            result = empty.query(query.sparql, substitutions={
                ox.Variable(k): v for k, v in query.bind({}).items()})
            if isinstance(result, ox.QuerySolutions):
                assert result.variables, query.name
            list(result) if not isinstance(result, ox.QueryBoolean) else bool(result)
