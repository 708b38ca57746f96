"""validate_dataset: the seed conforms and is consistent; broken data is caught, each break
by the check meant for it."""

from __future__ import annotations

import pytest
from newskg.graph.namespaces import ONTOLOGY_IRI
from newskg.graph.rdf.iris import actor_iri, document_iri, statement_iri
from newskg.graph.rdf.mapping import PREFIXES, analysis_to_triples
from newskg.graph.rdf.validate import ValidationReport, validate_dataset
from newskg.graph.store.embedded import EmbeddedStore
from newskg.ontology import ontology_path
from seed_analysis import SEED_ID, seed_analysis

BASE = "https://w3id.org/newskg/id/"
NKG = PREFIXES["nkg"]
DOC = document_iri(SEED_ID, BASE)
FIRST = statement_iri(SEED_ID, 0, BASE)


@pytest.fixture()
def store():
    store = EmbeddedStore()
    store.replace_graph(DOC, analysis_to_triples(seed_analysis(), BASE))
    yield store
    store.close()


def change(store: EmbeddedStore, sparql: str) -> None:
    store.update(f"PREFIX nkg: <{NKG}>\nPREFIX nif: <{PREFIXES['nif']}>\n{sparql}")


def test_seed_conforms_and_is_consistent(store):
    report = validate_dataset(store)
    assert isinstance(report, ValidationReport)
    assert report.conforms, report.text
    assert report.violations == 0
    assert "SHACL: conforms" in report.text and "OWL RL: consistent" in report.text


def test_ontology_graph_in_the_store_is_not_data(store):
    store.load(ontology_path(), graph=ONTOLOGY_IRI)
    report = validate_dataset(store)
    assert report.conforms, report.text


def test_statement_without_speaker(store):
    change(store, f"DELETE WHERE {{ GRAPH ?g {{ <{FIRST}> nkg:speaker ?s }} }}")
    report = validate_dataset(store, reasoning=False)
    assert not report.conforms and report.violations == 1
    assert "exactly one speaker" in report.text


def test_kind_outside_the_scheme(store):
    change(store, f"""DELETE {{ GRAPH ?g {{ <{FIRST}> nkg:kind ?k }} }}
        INSERT {{ GRAPH ?g {{ <{FIRST}> nkg:kind <https://w3id.org/newskg/kind/rumour> }} }}
        WHERE {{ GRAPH ?g {{ <{FIRST}> nkg:kind ?k }} }}""")
    report = validate_dataset(store, reasoning=False)
    assert not report.conforms and report.violations == 1
    assert "ten kind: concepts" in report.text


def test_quote_status_outside_the_three_values(store):
    change(store, f"""DELETE {{ GRAPH ?g {{ <{FIRST}> nkg:quoteStatus ?q }} }}
        INSERT {{ GRAPH ?g {{ <{FIRST}> nkg:quoteStatus "some" }} }}
        WHERE {{ GRAPH ?g {{ <{FIRST}> nkg:quoteStatus ?q }} }}""")
    report = validate_dataset(store, reasoning=False)
    assert not report.conforms and "quoteStatus" in report.text


def test_span_that_ends_before_it_begins(store):
    change(store, f"""DELETE {{ GRAPH ?g {{ ?span nif:endIndex ?e }} }}
        INSERT {{ GRAPH ?g {{ ?span nif:endIndex 0 }} }}
        WHERE {{ GRAPH ?g {{ <{FIRST}> nkg:contentSpan ?span . ?span nif:endIndex ?e }} }}""")
    report = validate_dataset(store, reasoning=False)
    assert not report.conforms and "smaller than its nif:endIndex" in report.text


@pytest.mark.parametrize("union_limit", [10**6, 0], ids=["union", "per-graph"])
def test_owl_rl_finds_a_clash_with_the_functional_speaker(store, union_limit):
    """Two speakers declared different: OWL RL infers them the same (speaker is functional)
    and owlrl reports the clash; SHACL separately counts the second speaker."""
    if not union_limit:
        other = seed_analysis()
        other.document.id = "zweiter-artikel"
        store.replace_graph(document_iri(other.document.id, BASE),
                            analysis_to_triples(other, BASE))
    kirby, nis = actor_iri("John Kirby", BASE), actor_iri("NIS", BASE)
    change(store, f"""INSERT DATA {{ GRAPH <{DOC}> {{
        <{FIRST}> nkg:speaker <{nis}> .
        <{nis}> <http://www.w3.org/2002/07/owl#differentFrom> <{kirby}> }} }}""")
    with_reasoning = validate_dataset(store, union_limit=union_limit)
    without = validate_dataset(store, reasoning=False)
    assert not with_reasoning.conforms
    assert with_reasoning.violations > without.violations
    assert "'sameAs' and 'differentFrom'" in with_reasoning.text
    if union_limit:
        assert "reasoning over the union of all graphs" in with_reasoning.text
    else:
        assert "reasoning over 2 batches of whole graphs" in with_reasoning.text
        assert f"  - <{DOC}>: 'sameAs'" in with_reasoning.text
    assert "OWL RL" not in without.text


def test_two_spellings_of_one_actor_warn_but_conform(store):
    """"Ukrainische Medien" and "ukrainische Medien" share an IRI: a warning, no failure."""
    other = seed_analysis()
    other.document.id = "zweiter-artikel"
    media = other.actors.pop("Ukrainische Medien")
    media.name = "ukrainische Medien"
    other.actors[media.name] = media
    for statement in other.statements:
        if statement.speaker == "Ukrainische Medien":
            statement.speaker = media.name
    store.replace_graph(document_iri(other.document.id, BASE), analysis_to_triples(other, BASE))
    report = validate_dataset(store, reasoning=False)
    assert report.conforms and report.violations == 0
    assert "1 warning(s)" in report.text and "more than one skos:prefLabel" in report.text
