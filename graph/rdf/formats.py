"""Every serialisation newskg reads or writes, in one table: RDF syntaxes and SPARQL results.

The command line (``--format``, ``load``'s file extensions), the store, the endpoint's
content negotiation, the resource pages, the canned-query API and the dumps all look a
format up here, so a media type, an extension or a short name is spelled in one place.
Which formats each of them *offers* is their own choice (a tuple of names there); what a
format *is* lives here.

The pyoxigraph format objects cannot be pickled, so a worker process is told a format's
``name`` and looks the object up here.
"""

from __future__ import annotations

from typing import NamedTuple

import pyoxigraph as ox

W3C_FORMATS = "http://www.w3.org/ns/formats/"


class Format(NamedTuple):
    """One serialisation: how it is named, sent, stored on disk and handed to the libraries.

    A NamedTuple, not a dataclass: ``dataclasses`` (with ``inspect``) would be most of what
    the command line's start-up imports for its ``--format`` choices.
    """

    name: str  # the short name: --format, format=, the table key
    media_type: str  # the Content-Type sent (without parameters)
    aliases: tuple[str, ...]  # other media types that select it in Accept or format=
    extensions: tuple[str, ...]  # file extensions it is read from; the first is written
    pyoxigraph: ox.RdfFormat | ox.QueryResultsFormat  # its reader and writer
    rdflib: str  # rdflib's parser name
    kind: str  # "rdf" (triples or quads) or "results" (SPARQL SELECT/ASK results)
    dataset: bool = False  # carries named graphs (quads), not just one graph
    spellings: tuple[str, ...] = ()  # other short names clients send in format=
    iri: str = ""  # the W3C format IRI (service descriptions, VoID)
    charset: str = "utf-8"  # what pyoxigraph writes

    @property
    def content_type(self) -> str:
        """The Content-Type header: text/* types name their charset (their default is not
        UTF-8); the others are UTF-8 by definition."""
        if self.media_type.startswith("text/"):
            return f"{self.media_type}; charset={self.charset}"
        return self.media_type

    @property
    def extension(self) -> str:
        """The extension a file written in this format gets."""
        return self.extensions[0]

    def called(self, value: str) -> bool:
        """True when ``value`` (lower case) names this format: a short name or a media type."""
        return value in (self.name, *self.spellings, self.media_type, *self.aliases)


RDF_SYNTAXES = (
    Format("turtle", "text/turtle", ("application/x-turtle", "application/turtle"), ("ttl",),
           ox.RdfFormat.TURTLE, "turtle", "rdf", spellings=("ttl",), iri=W3C_FORMATS + "Turtle"),
    Format("ntriples", "application/n-triples", ("text/plain",), ("nt",),
           ox.RdfFormat.N_TRIPLES, "nt", "rdf", spellings=("nt", "n-triples"),
           iri=W3C_FORMATS + "N-Triples"),
    Format("nquads", "application/n-quads", ("text/x-nquads",), ("nq",),
           ox.RdfFormat.N_QUADS, "nquads", "rdf", dataset=True, spellings=("nq", "n-quads"),
           iri=W3C_FORMATS + "N-Quads"),
    Format("trig", "application/trig", ("application/x-trig",), ("trig",),
           ox.RdfFormat.TRIG, "trig", "rdf", dataset=True, iri=W3C_FORMATS + "TriG"),
    Format("rdfxml", "application/rdf+xml", ("application/xml", "text/xml"),
           ("rdf", "owl", "xml"), ox.RdfFormat.RDF_XML, "xml", "rdf",
           spellings=("rdf", "rdf+xml", "rdf/xml"), iri=W3C_FORMATS + "RDF_XML"),
    Format("jsonld", "application/ld+json", ("application/json", "application/x-json+ld"),
           ("jsonld",), ox.RdfFormat.JSON_LD, "json-ld", "rdf", dataset=True,
           spellings=("json-ld",), iri=W3C_FORMATS + "JSON-LD"),
    Format("n3", "text/n3", (), ("n3",), ox.RdfFormat.N3, "n3", "rdf",
           iri=W3C_FORMATS + "N3"),
)
RESULT_FORMATS = (
    Format("json", "application/sparql-results+json", ("application/json",), ("json", "srj"),
           ox.QueryResultsFormat.JSON, "json", "results", spellings=("srj",),
           iri=W3C_FORMATS + "SPARQL_Results_JSON"),
    Format("xml", "application/sparql-results+xml", ("application/xml", "text/xml"),
           ("srx", "xml"), ox.QueryResultsFormat.XML, "xml", "results", spellings=("srx",),
           iri=W3C_FORMATS + "SPARQL_Results_XML"),
    Format("csv", "text/csv", (), ("csv",), ox.QueryResultsFormat.CSV, "csv", "results",
           iri=W3C_FORMATS + "SPARQL_Results_CSV"),
    Format("tsv", "text/tab-separated-values", (), ("tsv",), ox.QueryResultsFormat.TSV, "tsv",
           "results", iri=W3C_FORMATS + "SPARQL_Results_TSV"),
)
#: Every format by its short name (RDF and results names never collide).
FORMATS = {f.name: f for f in (*RDF_SYNTAXES, *RESULT_FORMATS)}

#: The syntaxes ``load`` reads, by file extension (in the order of the table).
SYNTAX_BY_EXTENSION = {ext: f.pyoxigraph for f in RDF_SYNTAXES for ext in f.extensions}

