"""Results cut at the row limit by counting lines of pyoxigraph's own output (server/results.py)."""

from __future__ import annotations

import io

import pyoxigraph as ox
import pytest
from newskg.server.results import serialise_solutions, serialise_triples

FORMATS = (ox.QueryResultsFormat.TSV, ox.QueryResultsFormat.JSON, ox.QueryResultsFormat.XML)


@pytest.fixture(scope="module")
def store() -> ox.Store:
    store = ox.Store()
    for i in range(3000):  # literals with line breaks and tabs: escaped, never a new line
        store.add(ox.Quad(ox.NamedNode(f"http://e/{i}"), ox.NamedNode("http://e/p"),
                          ox.Literal(f"line\none\ttab {i}", language="de")))
    return store


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("limit", [1, 2999, 3000, 5000])
def test_solutions_are_cut_exactly_at_the_limit(store, fmt, limit):
    out = io.BytesIO()
    count, truncated = serialise_solutions(store.query("SELECT * WHERE { ?s ?p ?o }"), fmt,
                                           limit, out)
    rows = list(ox.parse_query_results(out.getvalue(), fmt))
    assert count == len(rows) == min(limit, 3000)
    assert truncated == (limit < 3000)
    assert all(str(row["o"].value).startswith("line\none\ttab") for row in rows)


@pytest.mark.parametrize("fmt", [ox.RdfFormat.N_TRIPLES, ox.RdfFormat.TURTLE])
@pytest.mark.parametrize("limit", [10, 3000, 4000])
def test_graphs_are_cut_exactly_at_the_limit(store, fmt, limit):
    out = io.BytesIO()
    count, truncated = serialise_triples(store.query("CONSTRUCT WHERE { ?s ?p ?o }"), fmt,
                                         limit, out, {"e": "http://e/"})
    assert count == len(list(ox.parse(out.getvalue(), fmt))) == min(limit, 3000)
    assert truncated == (limit < 3000)


def test_an_empty_result_keeps_its_head():
    out = io.BytesIO()
    assert serialise_solutions(ox.Store().query("SELECT ?x WHERE { ?x ?p ?o }"),
                               ox.QueryResultsFormat.JSON, 10, out) == (0, False)
    assert b'"vars":["x"]' in out.getvalue()
