"""Content negotiation: which serialisation a SPARQL response gets.

The client chooses with ``format=`` (a short name or a media type, which wins) or with
``Accept`` and its q-values. Each query form has its own list of producible formats; the
first one is the default for ``*/*`` or no ``Accept`` at all. Nothing producible → ``None``,
which the endpoint turns into a 406.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox


@dataclass(frozen=True)
class Format:
    """A serialisation the endpoint can produce."""

    name: str  # short name, as ``format=`` takes it
    media_type: str  # the Content-Type sent
    aliases: tuple[str, ...]  # other media types in Accept that select it
    kind: str  # "results" (SELECT/ASK) or "graph" (CONSTRUCT/DESCRIBE)

    def pyoxigraph_format(self) -> ox.QueryResultsFormat | ox.RdfFormat:
        """The pyoxigraph format object (not picklable, so built where it is used)."""
        table = RESULTS_OX if self.kind == "results" else GRAPH_OX
        return table[self.name]


RESULT_FORMATS = (
    Format("json", "application/sparql-results+json", ("application/json",), "results"),
    Format("xml", "application/sparql-results+xml", ("application/xml", "text/xml"), "results"),
    Format("csv", "text/csv", (), "results"),
    Format("tsv", "text/tab-separated-values", (), "results"),
)
GRAPH_FORMATS = (
    Format("turtle", "text/turtle", ("application/x-turtle", "application/turtle"), "graph"),
    Format("ntriples", "application/n-triples", ("text/plain",), "graph"),
    Format("nquads", "application/n-quads", ("text/x-nquads",), "graph"),
    Format("trig", "application/trig", ("application/x-trig",), "graph"),
    Format("jsonld", "application/ld+json", ("application/json", "application/x-json+ld"),
           "graph"),
    Format("rdfxml", "application/rdf+xml", ("application/xml", "text/xml"), "graph"),
)
RESULTS_OX = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
GRAPH_OX = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}
#: Extra ``format=`` spellings that clients use.
FORMAT_SYNONYMS = {
    "srj": "json", "srx": "xml", "ttl": "turtle", "nt": "ntriples", "n-triples": "ntriples",
    "nq": "nquads", "n-quads": "nquads", "json-ld": "jsonld", "rdf": "rdfxml",
    "rdf+xml": "rdfxml", "rdf/xml": "rdfxml",
}
#: ``format=`` values that name a results format but, for a graph, mean its nearest syntax
#: (SPARQLWrapper sends format=xml for RDF/XML, format=n3 for N3, of which Turtle is a subset).
GRAPH_FORMAT_SYNONYMS = {"xml": "rdfxml", "json": "jsonld", "n3": "turtle", "text/n3": "turtle"}


def formats_for(form: str) -> tuple[Format, ...]:
    """The formats a query form can be answered in, the default first."""
    return GRAPH_FORMATS if form in ("CONSTRUCT", "DESCRIBE") else RESULT_FORMATS


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """``Accept`` as (media range, q) pairs, best first; stable for equal q."""
    if not header:
        return [("*/*", 1.0)]
    ranges = []
    for position, part in enumerate(header.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        q = 1.0
        for param in fields[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 0.0
        # Higher q first; among equals, more specific ranges before wildcards.
        specificity = 0 if media == "*/*" else (1 if media.endswith("/*") else 2)
        ranges.append((media, q, specificity, position))
    ranges.sort(key=lambda r: (-r[1], -r[2], r[3]))
    return [(media, q) for media, q, _, _ in ranges]


def _matches(media_range: str, fmt: Format) -> bool:
    if media_range == "*/*":
        return True
    if media_range.endswith("/*"):  # a wildcard picks by the primary type, not the aliases
        return fmt.media_type.startswith(media_range[:-1])
    return media_range in (fmt.media_type, *fmt.aliases)


def negotiate(
    form: str, accept: str | None, format_param: str | list[str] | None = None
) -> Format | None:
    """The format for a ``form`` query, or None when nothing acceptable can be produced.

    ``format_param`` (one value or several, the first producible wins) overrides Accept.
    """
    candidates = formats_for(form)
    wanted_values = [format_param] if isinstance(format_param, str) else (format_param or [])
    if wanted_values:
        for value in wanted_values:
            wanted = value.strip().lower()
            if candidates is GRAPH_FORMATS:
                wanted = GRAPH_FORMAT_SYNONYMS.get(wanted, wanted)
            wanted = FORMAT_SYNONYMS.get(wanted, wanted)
            for fmt in candidates:
                if wanted == fmt.name or wanted == fmt.media_type or wanted in fmt.aliases:
                    return fmt
        return None
    ranges = parse_accept(accept)
    refused = {media for media, q in ranges if q == 0.0}
    for media, q in ranges:
        if q == 0.0:
            continue
        for fmt in candidates:
            if _matches(media, fmt) and fmt.media_type not in refused:
                return fmt
    return None


def documented_accepts(form: str) -> list[str]:
    """Every media type the endpoint documents for ``form`` (for the tests and docs)."""
    return [t for fmt in formats_for(form) for t in (fmt.media_type, *fmt.aliases)]


def wants_html(accept: str | None) -> bool:
    """True when a browser asks: text/html ranks above every SPARQL and RDF type."""
    for media, q in parse_accept(accept):
        if q == 0.0:
            continue
        if media in ("text/html", "application/xhtml+xml"):
            return True
        if media != "*/*":
            return False
    return False


def format_named(form: str, name: str) -> Format:
    """The format called ``name`` among those of ``form`` (a worker's choice, by name)."""
    return next(fmt for fmt in formats_for(form) if fmt.name == name)
