"""The dataset's VoID and DCAT description (``/.well-known/void``): counts, partitions by
property and class, vocabularies, example resources and the dumps. Computed in a query worker
(it scans the whole store), once per dataset version."""

from __future__ import annotations

import pyoxigraph as ox
from newskg.graph.namespaces import ONTOLOGY_IRI, ONTOLOGY_NS
from newskg.graph.store.base import META_GRAPH
from newskg.server.dumps import DUMPS

#: The worker function that computes it (``void_triples``), as a worker is told it.
VOID_TRIPLES = "newskg.server.void:void_triples"
VOID = "http://rdfs.org/ns/void#"
DCAT = "http://www.w3.org/ns/dcat#"
DCTERMS = "http://purl.org/dc/terms/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
IANA = "https://www.iana.org/assignments/media-types/"
#: Every data triple: all named graphs except the store's bookkeeping graph.
DATA_TRIPLE = f"GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != <{META_GRAPH}>)"
EXAMPLE_CLASSES = ("Document", "Statement", "Person", "Organization", "CountryOrGovernment")


def _count(store, sparql: str) -> int:
    rows = list(store.query(sparql))
    return int(rows[0]["n"].value) if rows else 0


def void_triples(store, root: str, data_base: str, version: str):
    """VoID and DCAT triples describing the dataset served at ``root``; and the dataset IRI."""
    dataset = ox.NamedNode(root + ".well-known/void#dataset")
    triples: list[ox.Triple] = []

    def add(s, p: str, o) -> None:
        triples.append(ox.Triple(s, ox.NamedNode(p), o))

    def integer(n: int) -> ox.Literal:
        return ox.Literal(str(n), datatype=ox.NamedNode(XSD + "integer"))

    add(dataset, RDF + "type", ox.NamedNode(VOID + "Dataset"))
    add(dataset, RDF + "type", ox.NamedNode(DCAT + "Dataset"))
    add(dataset, DCTERMS + "title", ox.Literal("newskg", language="en"))
    add(dataset, DCTERMS + "description", ox.Literal(
        "Who said what, when, about whom: statements from news articles.", language="en"))
    add(dataset, OWL + "versionInfo", ox.Literal(version))
    add(dataset, DCAT + "version", ox.Literal(version))
    add(dataset, VOID + "uriSpace", ox.Literal(data_base))
    add(dataset, VOID + "sparqlEndpoint", ox.NamedNode(root + "sparql"))
    service = ox.NamedNode(root + "sparql")
    add(dataset, DCAT + "accessService", service)
    add(service, RDF + "type", ox.NamedNode(DCAT + "DataService"))
    add(service, DCAT + "endpointURL", service)
    add(service, DCAT + "servesDataset", dataset)

    distinct = f"SELECT DISTINCT ?s ?p ?o WHERE {{ {DATA_TRIPLE} }}"
    triple_count = _count(store, f"SELECT (COUNT(*) AS ?n) {{ {distinct} }}")
    add(dataset, VOID + "triples", integer(triple_count))
    for prop, var in (("distinctSubjects", "?s"), ("properties", "?p"), ("distinctObjects", "?o")):
        count = _count(store, f"SELECT (COUNT(DISTINCT {var}) AS ?n) WHERE {{ {DATA_TRIPLE} }}")
        add(dataset, VOID + prop, integer(count))
    typed = DATA_TRIPLE.replace("?p ?o", "a ?c")
    count = _count(store, f"SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE {{ {typed} }}")
    add(dataset, VOID + "classes", integer(count))
    add(dataset, VOID + "documents", integer(len(store.graphs())))

    vocabularies = {ONTOLOGY_IRI}
    query = "SELECT ?p (COUNT(*) AS ?n) WHERE { { " + distinct + " } } GROUP BY ?p ORDER BY ?p"
    for row in store.query(query):
        vocabularies.add(_namespace(row["p"].value))
        part = ox.BlankNode()
        add(dataset, VOID + "propertyPartition", part)
        add(part, VOID + "property", row["p"])
        add(part, VOID + "triples", integer(int(row["n"].value)))
    query = f"SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE {{ {typed} }} GROUP BY ?c ORDER BY ?c"
    for row in store.query(query):
        if not isinstance(row["c"], ox.NamedNode):
            continue
        vocabularies.add(_namespace(row["c"].value))
        part = ox.BlankNode()
        add(dataset, VOID + "classPartition", part)
        add(part, VOID + "class", row["c"])
        add(part, VOID + "entities", integer(int(row["n"].value)))
    for vocabulary in sorted(vocabularies - {""}):
        add(dataset, VOID + "vocabulary", ox.NamedNode(vocabulary))

    for local in EXAMPLE_CLASSES:
        query = f"SELECT ?x WHERE {{ ?x a <{ONTOLOGY_NS}{local}> }} ORDER BY ?x LIMIT 1"
        for row in store.query(query):
            add(dataset, VOID + "exampleResource", row["x"])

    for name, syntax in DUMPS.items():
        url = ox.NamedNode(f"{root}dumps/{name}")
        add(dataset, VOID + "dataDump", url)
        add(dataset, DCAT + "distribution", url)
        add(url, RDF + "type", ox.NamedNode(DCAT + "Distribution"))
        add(url, DCAT + "downloadURL", url)
        add(url, DCAT + "mediaType", ox.NamedNode(IANA + syntax.media_type))
        add(url, DCAT + "compressFormat", ox.NamedNode(IANA + "application/gzip"))
        add(url, DCTERMS + "format", ox.NamedNode(syntax.iri))
        add(url, DCAT + "version", ox.Literal(version))
    return triples, dataset.value



def _namespace(iri: str) -> str:
    """The vocabulary an IRI belongs to: everything up to its last ``#`` or ``/``."""
    cut = max(iri.rfind("#"), iri.rfind("/"))
    namespace = iri[: cut + 1] if cut > len("https://") else ""
    return ONTOLOGY_IRI if namespace == ONTOLOGY_NS else namespace
