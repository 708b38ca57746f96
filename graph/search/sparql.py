"""The search index inside SPARQL: custom functions the evaluating process answers itself.

    PREFIX search: <https://w3id.org/newskg/search#>
    SELECT ?s ?score ?snippet WHERE {
      ?s a nkg:Statement .
      BIND(search:score(?s, "Ausbildung") AS ?score)
      FILTER(BOUND(?score))
      BIND(search:snippet(?s, "Ausbildung") AS ?snippet)
    } ORDER BY DESC(?score)

``search:score(?x, query)`` is the bm25 score of statement or actor ``?x`` for ``query`` (the
query language of ``newskg search``), unbound when ``?x`` does not match;
``search:snippet(?x, query)`` its snippet with the hits in «guillemets». They are pyoxigraph
custom functions (``Store.query(custom_functions=...)``): no SERVICE, no request leaves the
process. Each distinct query string is looked up once per evaluation.
"""

from __future__ import annotations

from collections.abc import Callable

import pyoxigraph as ox
from newskg.graph.search.german import EmptyQuery
from newskg.graph.search.index import SearchIndex

SEARCH_NS = "https://w3id.org/newskg/search#"
_DOUBLE = ox.NamedNode("http://www.w3.org/2001/XMLSchema#double")


def uses_search(sparql: str) -> bool:
    """Whether a query text can call the search functions (cheap test before wiring them)."""
    return SEARCH_NS in sparql


def search_functions(index: SearchIndex) -> dict[ox.NamedNode, Callable]:
    """The custom functions over ``index`` for one query evaluation."""
    cache: dict[str, dict[str, tuple[float, str]]] = {}

    def matches(query) -> dict[str, tuple[float, str]]:
        text = query.value if isinstance(query, ox.Literal) else ""
        if text not in cache:
            try:
                cache[text] = index.scores(text)
            except EmptyQuery:
                cache[text] = {}
        return cache[text]

    def score(term, query):
        found = matches(query).get(getattr(term, "value", None))
        return None if found is None else ox.Literal(repr(found[0]), datatype=_DOUBLE)

    def snippet(term, query):
        found = matches(query).get(getattr(term, "value", None))
        return None if found is None else ox.Literal(found[1])

    return {ox.NamedNode(SEARCH_NS + "score"): score,
            ox.NamedNode(SEARCH_NS + "snippet"): snippet}
