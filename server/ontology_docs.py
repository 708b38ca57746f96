"""The ontology's HTML documentation: every class, property and statement kind."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import pyoxigraph as ox
from newskg.graph.namespaces import KIND_NS, ONTOLOGY_IRI, ONTOLOGY_NS
from newskg.server.describe import (
    RDF_TYPE,
    TermView,
    _sort_key,
    compact,
    local_href,
    prefixes,
)

# --- the ontology's documentation -----------------------------------------------------------

OWL = "http://www.w3.org/2002/07/owl#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
#: Sections of the ontology page: heading, anchor, and the rdf:type that puts a term in it.
TERM_SECTIONS = (
    ("Classes", "classes", OWL + "Class"),
    ("Object properties", "object-properties", OWL + "ObjectProperty"),
    ("Datatype properties", "datatype-properties", OWL + "DatatypeProperty"),
    ("Annotation properties", "annotation-properties", OWL + "AnnotationProperty"),
    ("Statement kinds", "kinds", SKOS + "Concept"),
)
CHARACTERISTICS = {
    OWL + "FunctionalProperty": "functional",
    OWL + "InverseFunctionalProperty": "inverse functional",
    OWL + "TransitiveProperty": "transitive",
    OWL + "SymmetricProperty": "symmetric",
}


@dataclass
class TermDoc:
    """One class, property or concept as documented on /ontology."""

    anchor: str
    iri: str
    name: str
    labels: list[tuple[str, str]]  # (language, text)
    comments: list[tuple[str, str]]
    supers: list[TermView]
    domains: list[TermView]
    ranges: list[TermView]
    inverses: list[TermView]
    characteristics: list[str]


@dataclass
class OntologyView:
    iri: str
    titles: list[tuple[str, str]]
    descriptions: list[tuple[str, str]]
    version: str | None
    sections: list[tuple[str, str, list[TermDoc]]]  # (heading, section anchor, terms)
    prefixes: dict[str, str]


def term_anchor(iri: str) -> str:
    """The fragment that documents ``iri`` on /ontology (the term's local name)."""
    if iri.startswith(ONTOLOGY_NS):
        return iri[len(ONTOLOGY_NS) :]
    if iri.startswith(KIND_NS):
        return "kind-" + iri[len(KIND_NS) :]
    return "term-" + "".join(c if c.isalnum() else "-" for c in iri)


@lru_cache(maxsize=4)
def ontology_view(turtle: bytes) -> OntologyView:
    """Documentation of every class, property and statement kind in the ontology file."""
    graph = ox.Store()
    graph.extend(ox.parse(turtle, ox.RdfFormat.TURTLE, base_iri=ONTOLOGY_IRI))
    table = prefixes()

    def objects(subject: ox.NamedNode, predicate: str) -> list:
        quads = graph.quads_for_pattern(subject, ox.NamedNode(predicate), None)
        return sorted((q.object for q in quads), key=_sort_key)

    def texts(subject: ox.NamedNode, *predicates: str) -> list[tuple[str, str]]:
        found = []
        for predicate in predicates:
            for value in objects(subject, predicate):
                if isinstance(value, ox.Literal):
                    found.append((value.language or "", value.value))
        return sorted(set(found), key=lambda pair: (_lang_order(pair[0]), pair[1]))

    def links(subject: ox.NamedNode, predicate: str) -> list[TermView]:
        return [
            TermView("iri", o.value, compact(o.value, table), local_href(o.value, ""))
            for o in objects(subject, predicate)
            if isinstance(o, ox.NamedNode)
        ]

    sections = []
    documented: set[str] = set()
    for heading, anchor, type_iri in TERM_SECTIONS:
        terms = []
        for quad in graph.quads_for_pattern(None, ox.NamedNode(RDF_TYPE), ox.NamedNode(type_iri)):
            term = quad.subject
            if not isinstance(term, ox.NamedNode) or term.value in documented:
                continue
            documented.add(term.value)
            types = {t.value for t in objects(term, RDF_TYPE) if isinstance(t, ox.NamedNode)}
            supers = links(term, RDFS + "subClassOf") + links(term, RDFS + "subPropertyOf")
            terms.append(TermDoc(
                anchor=term_anchor(term.value),
                iri=term.value,
                name=compact(term.value, table),
                labels=texts(term, RDFS + "label", SKOS + "prefLabel"),
                comments=texts(term, RDFS + "comment", SKOS + "definition"),
                supers=supers + links(term, SKOS + "broader"),
                domains=links(term, RDFS + "domain"),
                ranges=links(term, RDFS + "range"),
                inverses=links(term, OWL + "inverseOf"),
                characteristics=sorted(CHARACTERISTICS[t] for t in types if t in CHARACTERISTICS),
            ))
        terms.sort(key=lambda t: t.name.lower())
        sections.append((heading, anchor, terms))

    ontology = ox.NamedNode(ONTOLOGY_IRI)
    versions = texts(ontology, OWL + "versionInfo")
    return OntologyView(
        iri=ONTOLOGY_IRI,
        titles=texts(ontology, DCTERMS + "title", RDFS + "label"),
        descriptions=texts(ontology, DCTERMS + "description", RDFS + "comment"),
        version=versions[0][1] if versions else None,
        sections=sections,
        prefixes=table,
    )


DCTERMS = "http://purl.org/dc/terms/"


def _lang_order(language: str) -> int:
    return {"en": 0, "de": 1}.get(language, 2)
