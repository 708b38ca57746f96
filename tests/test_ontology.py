"""The ontology: OWL Lite only, parses everywhere, consistent in HermiT, documented in EN/DE,
and covers every term the RDF mapping writes."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
import rdflib
from helpers.rdf import rapper_ntriples
from newskg.graph.model import KINDS
from newskg.graph.namespaces import KIND_NS, ONTOLOGY_IRI, ONTOLOGY_NS
from newskg.graph.rdf.mapping import analysis_to_triples
from newskg.ontology import ontology_path, shapes_path
from owlready2 import World, sync_reasoner_hermit
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, RDF, RDFS, SKOS
from seed_analysis import seed_analysis

NKG = rdflib.Namespace(ONTOLOGY_NS)
DCTERMS = rdflib.Namespace("http://purl.org/dc/terms/")
XSD = rdflib.Namespace("http://www.w3.org/2001/XMLSchema#")  # plain: pytest probes names
BASE = "https://w3id.org/newskg/id/"

# What OWL Lite allows here: the constructs of the design brief, plus annotations.
ALLOWED_PREDICATES = {
    RDF.type, RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain, RDFS.range, RDFS.label,
    RDFS.comment, RDFS.isDefinedBy, OWL.inverseOf, OWL.onProperty, OWL.cardinality,
    OWL.minCardinality, OWL.maxCardinality, OWL.versionInfo, OWL.versionIRI,
}
ALLOWED_ANNOTATION_NAMESPACES = (str(DCTERMS), str(SKOS), "http://purl.org/vocab/vann/")
ALLOWED_TYPES = {
    OWL.Ontology, OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty,
    OWL.FunctionalProperty, OWL.InverseFunctionalProperty, OWL.Restriction, SKOS.Concept,
    SKOS.ConceptScheme, NKG.StatementKind,
}
FORBIDDEN = {
    OWL.unionOf, OWL.complementOf, OWL.oneOf, OWL.disjointWith, OWL.hasValue,
    OWL.intersectionOf, OWL.someValuesFrom, OWL.allValuesFrom, OWL.equivalentClass,
    OWL.disjointUnionOf, OWL.propertyChainAxiom, OWL.hasSelf, OWL.qualifiedCardinality,
}


@pytest.fixture(scope="module")
def ontology() -> rdflib.Graph:
    return rdflib.Graph().parse(str(ontology_path()), format="turtle")


def own_terms(graph: rdflib.Graph) -> set[rdflib.URIRef]:
    return {s for s in graph.subjects() if isinstance(s, rdflib.URIRef)
            and (str(s).startswith(ONTOLOGY_NS) or str(s).startswith(KIND_NS))}


def test_parses_identically_in_rdflib_and_pyoxigraph(ontology):
    oxi = list(ox.parse(path=str(ontology_path())))
    assert len(oxi) == len(ontology) > 500
    as_ntriples = ox.serialize(oxi, format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
    assert isomorphic(rdflib.Graph().parse(data=as_ntriples, format="nt"), ontology)
    # The shapes parse too.
    assert len(list(ox.parse(path=str(shapes_path())))) > 100


def test_only_owl_lite_constructs(ontology):
    for subject, predicate, obj in ontology:
        assert predicate not in FORBIDDEN, f"{predicate} is not OWL Lite"
        if predicate == RDF.type:
            assert obj in ALLOWED_TYPES, f"{subject} has type {obj}, not allowed here"
        elif predicate not in ALLOWED_PREDICATES:
            assert str(predicate).startswith(ALLOWED_ANNOTATION_NAMESPACES), predicate
            assert (predicate, RDF.type, OWL.AnnotationProperty) in ontology or str(
                predicate).startswith(str(SKOS)), f"{predicate} is not declared"
        if predicate in (OWL.cardinality, OWL.minCardinality, OWL.maxCardinality):
            assert obj.datatype == XSD.nonNegativeInteger and int(obj) in (0, 1)
    assert any(ontology.triples((None, OWL.maxCardinality, None)))


def test_restrictions_are_well_formed(ontology):
    for restriction in ontology.subjects(RDF.type, OWL.Restriction):
        assert isinstance(restriction, rdflib.BNode)
        assert len(list(ontology.objects(restriction, OWL.onProperty))) == 1
        counts = [p for p in (OWL.cardinality, OWL.minCardinality, OWL.maxCardinality)
                  if (restriction, p, None) in ontology]
        assert len(counts) == 1
        assert (None, RDFS.subClassOf, restriction) in ontology


def test_every_own_term_has_labels_and_comments_in_english_and_german(ontology):
    terms = own_terms(ontology)
    assert len(terms) > 60
    for term in terms:
        for predicate in (RDFS.label, RDFS.comment):
            languages = {o.language for o in ontology.objects(term, predicate)}
            assert {"en", "de"} <= languages, f"{term} lacks {predicate} in en/de"


def test_external_terms_are_declared(ontology):
    """OWL tools load the file without imports only if every foreign term is typed."""
    used = set()
    for predicate in (RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain, RDFS.range):
        used |= {o for o in ontology.objects(None, predicate) if isinstance(o, rdflib.URIRef)}
    foreign = {t for t in used if not str(t).startswith((ONTOLOGY_NS, str(XSD)))}
    assert foreign
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
    for term in foreign:
        assert any((term, RDF.type, k) in ontology for k in kinds), f"{term} is not declared"


def test_alignments_follow_the_data_model(ontology):
    schema = rdflib.Namespace("https://schema.org/")
    prov = rdflib.Namespace("http://www.w3.org/ns/prov#")
    expected = [
        (NKG.Document, RDFS.subClassOf, schema.NewsArticle),
        (NKG.Document, RDFS.subClassOf, prov.Entity),
        (NKG.Person, RDFS.subClassOf, rdflib.URIRef("http://xmlns.com/foaf/0.1/Person")),
        (NKG.Organization, RDFS.subClassOf, rdflib.URIRef("http://www.w3.org/ns/org#Organization")),
        (NKG.CountryOrGovernment, RDFS.subClassOf, NKG.Organization),
        (NKG.Media, RDFS.subClassOf, NKG.Organization),
        (NKG.Statement, RDFS.subClassOf, schema.Claim),
        (NKG.DateExpression, RDFS.subClassOf,
         rdflib.URIRef("http://www.w3.org/2006/time#ProperInterval")),
        (NKG.Sentence, RDFS.subClassOf, rdflib.URIRef(
            "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#Sentence")),
        (NKG.speaker, RDFS.subPropertyOf, prov.wasAttributedTo),
        (NKG.inDocument, RDFS.subPropertyOf, prov.wasDerivedFrom),
        (NKG.speaker, OWL.inverseOf, NKG.madeStatement),
        (NKG.speaker, RDF.type, OWL.FunctionalProperty),
    ]
    for triple in expected:
        assert triple in ontology, triple


def test_metadata(ontology):
    iri = rdflib.URIRef(ONTOLOGY_IRI)
    assert (iri, RDF.type, OWL.Ontology) in ontology
    for predicate in (OWL.versionInfo, OWL.versionIRI, DCTERMS.license, DCTERMS.creator,
                      DCTERMS.title, DCTERMS.created):
        assert ontology.value(iri, predicate) is not None, predicate
    assert str(ontology.value(iri, OWL.versionIRI)).startswith(ONTOLOGY_IRI + "/")


def test_kind_scheme_has_the_ten_kinds(ontology):
    scheme = rdflib.URIRef(KIND_NS)
    assert (scheme, RDF.type, SKOS.ConceptScheme) in ontology
    concepts = set(ontology.subjects(SKOS.inScheme, scheme))
    assert concepts == {rdflib.URIRef(KIND_NS + k) for k in KINDS}
    for kind in KINDS:
        concept = rdflib.URIRef(KIND_NS + kind)
        assert (concept, RDF.type, NKG.StatementKind) in ontology
        assert str(ontology.value(concept, SKOS.notation)) == kind
        assert {o.language for o in ontology.objects(concept, SKOS.prefLabel)} == {"en", "de"}
        assert (scheme, SKOS.hasTopConcept, concept) in ontology


def test_mapping_writes_only_declared_terms(ontology):
    """Every nkg: class and property in the seed's triples is defined by the ontology."""
    declared = own_terms(ontology)
    used = set()
    for triple in analysis_to_triples(seed_analysis(), BASE):
        used.add(triple.predicate.value)
        if triple.predicate.value == str(RDF.type):
            used.add(triple.object.value)
    own = {u for u in used if u.startswith(ONTOLOGY_NS)}
    assert len(own) > 30
    assert own <= {str(t) for t in declared}, own - {str(t) for t in declared}


def _hermit(graph: rdflib.Graph, tmp_path) -> list:
    path = tmp_path / "ontology.owl"
    graph.serialize(str(path), format="xml")
    world = World()
    loaded = world.get_ontology(path.as_uri()).load()
    with loaded:
        sync_reasoner_hermit(world, infer_property_values=False, debug=0)
    return list(world.inconsistent_classes())


def test_hermit_finds_it_consistent_with_no_unsatisfiable_class(ontology, tmp_path):
    assert _hermit(ontology, tmp_path) == []


def test_hermit_check_does_detect_an_unsatisfiable_class(ontology, tmp_path):
    """The same harness on a copy with a deliberate clash: proves the check can fail."""
    broken = rdflib.Graph()
    for triple in ontology:
        broken.add(triple)
    broken.add((NKG.Media, OWL.disjointWith, NKG.Organization))
    names = {c.name for c in _hermit(broken, tmp_path)}
    assert "Media" in names


def test_rapper_reads_the_same_triples(ontology):
    from_rapper = rdflib.Graph().parse(data=rapper_ntriples(ontology_path()), format="nt")
    assert isomorphic(from_rapper, ontology)
