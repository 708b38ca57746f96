"""The RDF mapping and the statements query: deterministic, IRIs as in the contract, offsets
that slice the text, on a real in-memory pyoxigraph store."""

from __future__ import annotations

import copy
import io
import random
from datetime import date
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from helpers.rdf import rapper_ntriples
from newskg.graph.model import Span
from newskg.graph.namespaces import ONTOLOGY_IRI
from newskg.graph.rdf.iris import (
    actor_iri,
    doc_id_for,
    document_iri,
    instant_iri,
    place_iri,
    post_iri,
    sentence_iri,
    slug,
    span_iri,
    statement_iri,
)
from newskg.graph.rdf.mapping import PREFIXES, MappingError, analysis_to_triples
from newskg.graph.store.embedded import EmbeddedStore
from newskg.ontology import ontology_path
from newskg.queries import __file__ as queries_init
from rdflib.compare import isomorphic
from seed_analysis import SEED_ID, load_gold, seed_analysis

BASE = "https://w3id.org/newskg/id/"
NKG = PREFIXES["nkg"]
COLUMNS = ["statement", "speaker", "speakerName", "speakerType", "mention", "cue", "kind",
           "directQuote", "content", "dateText", "dateBegin", "dateEnd", "document",
           "sentence", "charStart", "charEnd", "confidence", "speakerConfidence", "extractor"]


def query_text(name: str) -> str:
    return (Path(queries_init).parent / f"{name}.rq").read_text(encoding="utf-8")


def ingest(store: EmbeddedStore, analysis, base: str = BASE) -> None:
    store.replace_graph(document_iri(analysis.document.id, base),
                        analysis_to_triples(analysis, base))


def rows(store: EmbeddedStore, name: str, bindings=None) -> tuple[list[str], list[dict]]:
    result = store.query(query_text(name), bindings)
    variables = [v.value for v in result.variables]
    table = [{v: (row[v].value if row[v] is not None else None) for v in variables}
             for row in result]
    return variables, table


@pytest.fixture(scope="module")
def seed():
    return seed_analysis()


@pytest.fixture()
def store(seed):
    store = EmbeddedStore()
    ingest(store, seed)
    yield store
    store.close()


# ---- IRIs ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "expected"), [
    ("John Kirby", "john-kirby"),
    ("Weißes Haus", "weisses-haus"),
    ("Südkorea", "suedkorea"),
    ("Pjöngjang", "pjoengjang"),
    ("Enrique Peña Nieto", "enrique-pena-nieto"),
    ("  NIS (Südkorea)!  ", "nis-suedkorea"),
    ("US-Verteidigungsminister", "us-verteidigungsminister"),
])
def test_slug(name, expected):
    assert slug(name) == expected


def test_slug_of_a_name_without_latin_letters_is_stable_and_not_empty():
    assert slug("Путин") == slug("Путин")
    assert slug("Путин").startswith("u-") and slug("Путин") != slug("Песков")
    with pytest.raises(ValueError):
        slug("   ")


def test_doc_id_rules():
    assert doc_id_for("Mein Artikel 1", "x/y.txt", "text") == "mein-artikel-1"
    assert doc_id_for(None, "corpus/Nordkorea Soldaten.txt", "text") == "nordkorea-soldaten"
    by_hash = doc_id_for(None, None, "Hallo Welt")
    assert by_hash.startswith("sha-") and len(by_hash) == len("sha-") + 12
    assert by_hash == doc_id_for(None, "-", "Hallo Welt") != doc_id_for(None, None, "Hallo")


def test_iris_follow_the_contract():
    doc = document_iri("nordkorea", BASE)
    assert doc == "https://w3id.org/newskg/id/doc/nordkorea"
    assert sentence_iri("nordkorea", 3, BASE) == doc + "/sentence/3"
    assert statement_iri("nordkorea", 0, BASE) == doc + "/statement/0"
    assert span_iri("nordkorea", 10, 20, BASE) == doc + "/span/10-20"
    assert actor_iri("Lloyd Austin", BASE) == BASE + "actor/lloyd-austin"
    assert post_iri("Verteidigungsminister", "USA", BASE) == BASE + "post/verteidigungsminister--usa"
    assert post_iri("Kremlsprecher", None, BASE) == BASE + "post/kremlsprecher"
    assert place_iri("Donezk", BASE) == BASE + "place/donezk"
    assert instant_iri(doc + "/time/0", "begin") == doc + "/time/0/begin"
    assert document_iri("x", "http://example.org/kg") == "http://example.org/kg/doc/x"


# ---- the mapping --------------------------------------------------------------------------

def test_mapping_is_deterministic(seed):
    first = analysis_to_triples(seed, BASE)
    assert first == analysis_to_triples(copy.deepcopy(seed), BASE)
    assert len(first) == len(set(first)) > 500


def test_statements_are_numbered_in_text_order_whatever_the_input_order(seed):
    shuffled = copy.deepcopy(seed)
    random.Random(7).shuffle(shuffled.statements)
    assert set(analysis_to_triples(shuffled, BASE)) == set(analysis_to_triples(seed, BASE))


def test_statement_triples_carry_provenance(seed):
    triples = set(analysis_to_triples(seed, BASE))
    first = ox.NamedNode(statement_iri(SEED_ID, 0, BASE))
    doc = ox.NamedNode(document_iri(SEED_ID, BASE))

    def has(s, p, o):
        return ox.Triple(s, ox.NamedNode(p), o) in triples

    assert has(first, NKG + "speaker", ox.NamedNode(actor_iri("John Kirby", BASE)))
    assert has(first, NKG + "inDocument", doc)
    assert has(first, NKG + "inSentence", ox.NamedNode(sentence_iri(SEED_ID, 0, BASE)))
    span = ox.NamedNode(span_iri(SEED_ID, 0, 105, BASE))
    assert has(first, NKG + "contentSpan", span)
    assert has(span, PREFIXES["nif"] + "referenceContext", doc)
    integer = ox.NamedNode(PREFIXES["xsd"] + "integer")
    assert has(span, PREFIXES["nif"] + "endIndex", ox.Literal("105", datatype=integer))
    assert has(first, NKG + "kind", ox.NamedNode(PREFIXES["kind"] + "assertion"))
    assert has(doc, PREFIXES["schema"] + "datePublished",
               ox.Literal("2024-10-24", datatype=ox.NamedNode(PREFIXES["xsd"] + "date")))


def test_actors_posts_and_quantities(seed):
    triples = set(analysis_to_triples(seed, BASE))
    austin = ox.NamedNode(actor_iri("Lloyd Austin", BASE))
    post = ox.NamedNode(post_iri("Verteidigungsminister", "USA", BASE))
    rdf_type = ox.NamedNode(PREFIXES["rdf"] + "type")
    assert ox.Triple(austin, rdf_type, ox.NamedNode(NKG + "Person")) in triples
    assert ox.Triple(austin, rdf_type, ox.NamedNode(NKG + "Actor")) in triples
    assert ox.Triple(austin, ox.NamedNode(NKG + "holdsPost"), post) in triples
    assert ox.Triple(post, ox.NamedNode(NKG + "postIn"),
                     ox.NamedNode(actor_iri("USA", BASE))) in triples
    nordkorea = ox.NamedNode(actor_iri("Nordkorea", BASE))
    assert ox.Triple(nordkorea, ox.NamedNode(PREFIXES["skos"] + "altLabel"),
                     ox.Literal("Pjöngjang", language="de")) in triples
    decimal = ox.NamedNode(PREFIXES["xsd"] + "decimal")
    values = {t.object for t in triples if t.predicate.value == NKG + "value"}
    assert values == {ox.Literal(v, datatype=decimal) for v in ("3000", "1500", "10000")}


def test_a_different_base_moves_every_data_iri(seed):
    other = "http://example.org/kg/"
    for triple in analysis_to_triples(seed, other):
        for term in (triple.subject, triple.object):
            if isinstance(term, ox.NamedNode) and "/newskg/id/" in term.value:
                pytest.fail(f"{term.value} ignores the configured base")
        assert triple.subject.value.startswith(other)


def test_bad_values_are_refused_with_a_clear_error(seed):
    wrong_kind = copy.deepcopy(seed)
    wrong_kind.statements[0].kind = "rumour"
    with pytest.raises(MappingError, match="rumour"):
        analysis_to_triples(wrong_kind, BASE)
    outside = copy.deepcopy(seed)
    outside.statements[0].content = Span(10, 10**6)
    with pytest.raises(MappingError, match="outside the text"):
        analysis_to_triples(outside, BASE)


def test_turtle_with_the_prefixes_round_trips(seed):
    triples = analysis_to_triples(seed, BASE)
    turtle = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)
    assert b"@prefix nkg:" in turtle and b"nkg:Statement" in turtle
    ntriples = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
    assert isomorphic(rdflib.Graph().parse(data=turtle.decode("utf-8"), format="turtle"),
                      rdflib.Graph().parse(data=ntriples, format="nt"))


def test_store_gives_back_exactly_the_mapped_triples(seed, store):
    buffer = io.BytesIO()
    store.dump(buffer, ox.RdfFormat.N_TRIPLES, graph=document_iri(SEED_ID, BASE))
    stored = {q.triple for q in ox.parse(buffer.getvalue(), ox.RdfFormat.N_TRIPLES)}
    assert stored == set(analysis_to_triples(seed, BASE))


# ---- the statements query -----------------------------------------------------------------

def test_statements_query_columns_and_offsets(seed, store):
    variables, table = rows(store, "statements")
    assert variables == COLUMNS
    gold = load_gold()["statements"]
    assert len(table) == len(gold) == 14
    text = seed.document.text
    for row, expected in zip(table, gold, strict=True):
        start, end = int(row["charStart"]), int(row["charEnd"])
        assert text[start:end] == row["content"] == expected["content"]
        assert row["speakerName"] == expected["speaker"]
        assert row["speakerType"] == expected["speaker_type"]
        assert row["mention"] == expected["mention"]
        assert row["cue"] == expected["cue"]
        assert row["kind"] == expected["kind"]
        assert row["directQuote"] == expected["direct_quote"]
        assert row["dateText"] == expected["date_text"]
        if expected["date"]:
            first, _, last = expected["date"].partition("/")
            assert (row["dateBegin"], row["dateEnd"]) == (first, last or first)
            date.fromisoformat(row["dateBegin"])
        else:
            assert row["dateBegin"] is None and row["dateEnd"] is None
        assert row["document"] == document_iri(SEED_ID, BASE)
        assert row["sentence"].startswith(row["document"] + "/sentence/")
        assert row["speaker"] == actor_iri(expected["speaker"], BASE)
    starts = [int(r["charStart"]) for r in table]
    assert starts == sorted(starts)


def test_statements_query_typed_values(store):
    result = store.query(query_text("statements"))
    row = next(iter(result))
    assert row["charStart"].datatype.value == PREFIXES["xsd"] + "integer"
    assert row["kind"].datatype.value == PREFIXES["xsd"] + "string"


def test_statements_query_speaker_parameter(store):
    nis = ox.NamedNode(actor_iri("NIS", BASE))
    _, table = rows(store, "statements", {"speaker": nis})
    assert [r["mention"] for r in table] == ["Südkoreas Geheimdienst NIS", "die Agentur"]
    assert {r["speaker"] for r in table} == {nis.value}


def test_statements_query_with_ontology_loaded_and_a_second_document(seed, store):
    """Shared actors in two graphs and the ontology graph must not multiply rows."""
    store.load(ontology_path(), graph=ONTOLOGY_IRI)
    second = copy.deepcopy(seed)
    second.document.id = "zweiter-artikel"
    ingest(store, second)
    _, table = rows(store, "statements")
    assert len(table) == 28
    assert [r["document"] for r in table] == sorted(r["document"] for r in table)
    kirby = [r for r in table if r["speakerName"] == "John Kirby"]
    assert len(kirby) == 12 and {r["speakerType"] for r in kirby} == {"person"}


def test_speakers_choice_list(store):
    variables, table = rows(store, "speakers")
    assert variables == ["value", "label"]
    assert [r["label"] for r in table] == sorted([
        "Dmitri Peskow", "John Kirby", "Lloyd Austin", "NIS", "Nordkorea",
        "Ukrainische Medien", "Wladimir Selenskyj"])
    assert all(r["value"].startswith(BASE + "actor/") for r in table)


def test_statements_query_header():
    header = [line for line in query_text("statements").splitlines() if line.startswith("# ")]
    assert header[:4] == [
        "# title: All statements",
        ("# description: One row per attributed statement, with speaker, cue, kind, quote "
         "status, date and provenance."),
        "# chart: table",
        "# param: speaker; type=iri; optional; choices=speakers; label=Speaker",
    ]


def test_rapper_reads_the_mapped_turtle_like_rdflib(seed, tmp_path):
    path = tmp_path / "seed.ttl"
    path.write_bytes(ox.serialize(analysis_to_triples(seed, BASE), format=ox.RdfFormat.TURTLE,
                                  prefixes=PREFIXES))
    from_rapper = rdflib.Graph().parse(data=rapper_ntriples(path), format="nt")
    assert isomorphic(from_rapper, rdflib.Graph().parse(str(path), format="turtle"))
    assert len(from_rapper) == len(analysis_to_triples(seed, BASE))


def test_cue_lemma_is_written_only_when_known(seed):
    lemma = ox.NamedNode(NKG + "cueLemma")
    assert not [t for t in analysis_to_triples(seed, BASE) if t.predicate == lemma]
    with_lemma = copy.deepcopy(seed)
    with_lemma.statements[0].cue_lemma = "sagen"
    written = [t for t in analysis_to_triples(with_lemma, BASE) if t.predicate == lemma]
    assert [(t.subject.value, t.object.value) for t in written] == [
        (statement_iri(SEED_ID, 0, BASE), "sagen")]
