"""A SPARQL server's answer as the pyoxigraph result objects the embedded store returns.

Query results (JSON, XML, CSV, TSV) become ``QuerySolutions`` or ``QueryBoolean``; graphs
(N-Triples, Turtle, …) become ``QueryTriples``. Virtuoso's JSON answer to ASK (one row of
``__ASK_RETVAL``) is turned into the boolean it means.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox
from newskg.graph.store.base import StoreError


def parse_result(media: str, data: bytes):
    """The answer ``data`` of media type ``media``, parsed."""
    results_format = ox.QueryResultsFormat.from_media_type(media)
    try:
        if results_format is not None:
            return _boolean_as_such(ox.parse_query_results(data, results_format))
        rdf_format = ox.RdfFormat.from_media_type(media)
        if rdf_format is None:
            raise StoreError(f"the SPARQL server answered with an unknown type: {media}")
        return _as_query_triples(ox.parse(data, rdf_format))
    except SyntaxError as err:
        raise StoreError(f"the SPARQL server's {media} answer does not parse: {err}") from err


_ASK_ROW = ox.Variable("__ASK_RETVAL")


def _boolean_as_such(result):
    """Virtuoso answers ASK in JSON as one row of ``__ASK_RETVAL``: make it a boolean."""
    if isinstance(result, ox.QuerySolutions) and result.variables == [_ASK_ROW]:
        rows = list(result)
        value = bool(rows) and rows[0][_ASK_ROW].value not in ("0", "false")
        return ox.parse_query_results(f'{{"head":{{}},"boolean":{str(value).lower()}}}',
                                      ox.QueryResultsFormat.JSON)
    return result


def _as_query_triples(quads: Iterable[ox.Quad]) -> ox.QueryTriples:
    """A graph answer as pyoxigraph's own ``QueryTriples`` (writers test for that type)."""
    scratch = ox.Store()
    scratch.extend(ox.Quad(q.subject, q.predicate, q.object) for q in quads)
    return scratch.query("CONSTRUCT WHERE { ?s ?p ?o }")
