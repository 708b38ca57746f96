"""Content negotiation, in one place: which format a response gets, for every path that has
a choice (/sparql, the canned-query API, resource pages, the ontology, VoID).

``Accept`` is parsed by werkzeug (``parse_accept_header`` into a ``MIMEAccept``: RFC 9110
q-values, an invalid q drops its range). On top of it, the project's rules:

* ``format=`` (a short name, a spelling such as ``ttl``, or a media type) wins over
  ``Accept``; of several values the first producible one wins; none producible: nothing.
* No ``Accept`` (absent or empty) means the offer's default, its first format.
* A format's quality is that of the most specific range that matches its media type
  (``text/csv;q=0, */*`` refuses CSV); its aliases (``application/json`` for JSON results)
  count only when named exactly, never through a wildcard.
* The highest quality wins; among equal q the more specific range (type/subtype over
  type/* over */*), then the range the client wrote first, then the offer's own order.
  ``*/*`` therefore gives the default.
* Media-type parameters other than q are ignored (``text/turtle;charset=utf-8`` is Turtle).

Nothing acceptable is ``None`` here; /sparql and the pages answer it with a 406, the API
with its default, JSON. The formats themselves (media types, names, pyoxigraph objects) are
``newskg.graph.rdf.formats``; this module only chooses among them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from newskg.graph.rdf.formats import FORMATS, RESULT_FORMATS, Format
from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header


@dataclass(frozen=True)
class Page:
    """The HTML page a browser gets, as one more offer beside the RDF syntaxes."""

    name: str = "html"
    media_type: str = "text/html"
    aliases: tuple[str, ...] = ("application/xhtml+xml",)
    spellings: tuple[str, ...] = ()

    def called(self, value: str) -> bool:
        """True when ``value`` (lower case) names the page: ``html`` or its media types."""
        return value in (self.name, *self.spellings, self.media_type, *self.aliases)


HTML = Page()
Offer = Format | Page

#: SELECT and ASK results, at /sparql and the API; the first is the default.
RESULTS = tuple(RESULT_FORMATS)
#: CONSTRUCT and DESCRIBE results (and the service description) at /sparql.
GRAPHS = tuple(FORMATS[n] for n in ("turtle", "ntriples", "nquads", "trig", "jsonld", "rdfxml"))
#: Resource pages, the ontology and VoID: four RDF syntaxes, then the HTML page.
PAGES: tuple[Offer, ...] = (*(FORMATS[n] for n in ("turtle", "jsonld", "ntriples", "rdfxml")),
                            HTML)
#: ``format=`` values that name a results format but, for RDF, mean its nearest syntax
#: (SPARQLWrapper sends format=xml for RDF/XML, format=n3 for N3, of which Turtle is a subset).
RDF_SPELLINGS = {"xml": "rdfxml", "json": "jsonld", "n3": "turtle", "text/n3": "turtle"}


def formats_for(form: str) -> tuple[Format, ...]:
    """The formats a query form can be answered in, the default first."""
    return GRAPHS if form in ("CONSTRUCT", "DESCRIBE") else RESULTS


def parse_accept(header: str | None) -> MIMEAccept:
    """``Accept`` as werkzeug's MIMEAccept, media-type parameters other than q dropped."""
    parsed = parse_accept_header(header, MIMEAccept)
    if not parsed.provided:
        return parsed
    return MIMEAccept([(value.split(";")[0].strip().lower(), q) for value, q in parsed])


def _rank(accept: MIMEAccept, offer: Offer) -> tuple[float, int, int] | None:
    """(q, specificity, -position) of the range that decides for ``offer``; None if refused.

    ``accept`` is sorted most specific first, then by q, then in the client's order (a
    stable sort), so its index breaks ties by the client's order.
    """
    position = accept.find(offer.media_type)
    if position < 0:
        ranks = []
    else:
        value, q = accept[position]
        if q <= 0:
            return None
        ranks = [(q, 2 - value.count("*"), -position)]
    ranks += [(q, 2, -i) for i, (value, q) in enumerate(accept)
              if q > 0 and value in offer.aliases]
    return max(ranks, default=None)


def best(offers: Sequence[Offer], accept: str | None) -> Offer | None:
    """The offer the ``Accept`` header ranks highest (module docstring); None if none."""
    parsed = parse_accept(accept)
    if not parsed.provided:
        return offers[0]
    chosen, chosen_rank = None, None
    for offer in offers:
        rank = _rank(parsed, offer)
        if rank is not None and (chosen_rank is None or rank > chosen_rank):
            chosen, chosen_rank = offer, rank
    return chosen


def named(offers: Sequence[Offer], values: str | Sequence[str]) -> Offer | None:
    """The offer ``format=`` names (the first of several values that names one), or None."""
    rdf = any(getattr(offer, "kind", "") == "rdf" for offer in offers)
    for value in [values] if isinstance(values, str) else values:
        wanted = value.strip().lower()
        if rdf:
            wanted = RDF_SPELLINGS.get(wanted, wanted)
        for offer in offers:
            if offer.called(wanted):
                return offer
    return None


def choose(offers: Sequence[Offer], accept: str | None,
           format_param: str | Sequence[str] | None = None) -> Offer | None:
    """``format=`` when given (even when it names nothing producible), else ``Accept``."""
    if format_param:
        return named(offers, format_param)
    return best(offers, accept)


def negotiate(form: str, accept: str | None,
              format_param: str | Sequence[str] | None = None) -> Format | None:
    """The format of a /sparql answer to a ``form`` query; None: nothing acceptable (406)."""
    return choose(formats_for(form), accept, format_param)


def documented_accepts(form: str) -> list[str]:
    """Every media type the endpoint offers for ``form`` (the 406 message lists them)."""
    return [t for fmt in formats_for(form) for t in (fmt.media_type, *fmt.aliases)]


def wants_html(accept: str | None) -> bool:
    """True when a browser asks: the HTML page ranks above every SPARQL and RDF format."""
    return best((*RESULTS, *GRAPHS, HTML), accept) is HTML


def results_format(accept: str | None, format_param: str | None) -> Format | None:
    """The canned-query API's results format: ``format=``, else Accept, else JSON.

    None only when ``format=`` names no results format (the API answers 400).
    """
    if format_param:
        return named(RESULTS, format_param)
    return best(RESULTS, accept) or RESULTS[0]
