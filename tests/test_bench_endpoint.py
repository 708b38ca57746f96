"""The endpoint benchmark's data and queries (bench/synthetic_graph.py, bench/endpoint_mix.py)."""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import pyoxigraph as ox

from newskg import queries as catalog

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # bench/ is not installed
from bench.endpoint_mix import (
    AD_HOC,
    PREFIXES,
    canned_requests,
    parameter_pools,
    substituted,
)
from bench.synthetic_graph import write_graph


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_graph_is_deterministic_by_seed_and_sized(tmp_path):
    first, second, other = tmp_path / "a.nq", tmp_path / "b.nq", tmp_path / "c.nq"
    info = write_graph(first, 20_000, 7, tmp_path)
    write_graph(second, 20_000, 7, tmp_path)
    write_graph(other, 20_000, 8, tmp_path)
    assert _digest(first) == _digest(second) != _digest(other)
    assert 18_000 <= info["quads"] <= 22_000 and info["documents"] >= 20


def _store(tmp_path) -> ox.Store:
    path = tmp_path / "g.nq"
    write_graph(path, 20_000, 3, tmp_path)
    store = ox.Store()
    store.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS)
    return store


def _ask(store):
    def ask(sparql: str) -> list[dict]:
        return [{v.value: row[v].value for v in row_vars(row)}
                for row in store.query(sparql, use_default_graph_as_union=True)]

    def row_vars(row):
        return [ox.Variable(name) for name in ("speaker", "name", "n", "unit", "statement")
                if _has(row, name)]

    return ask


def _has(row, name: str) -> bool:
    try:
        return row[name] is not None
    except (KeyError, IndexError):
        return False


def test_written_in_parameters_answer_as_pyoxigraph_substitution_does(tmp_path):
    store = _store(tmp_path)
    pools = parameter_pools(_ask(store), seed=1, size=4)
    assert len(pools["speakers"]) == 4 and pools["units"]
    for name, requests in canned_requests(pools).items():
        query = catalog.get_query(name)
        if not query.params:
            continue
        for request in requests[:2]:
            raw = dict(request.params)
            bound = query.bind(raw)
            expected = list(store.query(
                query.sparql, use_default_graph_as_union=True,
                substitutions={ox.Variable(k): v for k, v in bound.items()}))
            written = list(store.query(substituted(query.sparql, bound),
                                       use_default_graph_as_union=True))
            assert len(written) == len(expected), (name, raw)
            assert sorted(map(str, written)) == sorted(map(str, expected)), (name, raw)


def test_every_ad_hoc_query_parses():
    for name, template in AD_HOC.items():
        text = PREFIXES + template.replace("{speaker}", "urn:x").replace("{name}", "X")
        text = text.replace("{day}", "2020-01-01").replace("{until}", "2020-03-01")
        text = text.replace("{word}", "wort").replace("{Word}", "Wort")
        ox.Store().query(text)  # raises SyntaxError when a template is broken
        assert name
