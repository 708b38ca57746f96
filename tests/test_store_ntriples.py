"""The embedded store's ingest path: a graph given as N-Triples, written by one load when new
(and flushed in the background).

It must leave exactly what ``replace_graph`` leaves (graph, record, one version token), fall
back to the SPARQL update for a graph that exists, and write nothing when the data is broken.
"""

from __future__ import annotations

import time

import pyoxigraph as ox
import pytest
from newskg.graph.ingest.stream import _Flusher
from newskg.graph.store.base import META_GRAPH, VERSION, StoreError
from newskg.graph.store.embedded import EmbeddedStore
from newskg.graph.store.records import DocumentRecord, lookup_records

EX = "http://example.org/"
G1 = EX + "doc/1"
RECORD = DocumentRecord("a" * 64, "v1")


def ntriples(*objects: str) -> bytes:
    triples = [ox.Triple(ox.NamedNode(EX + "s"), ox.NamedNode(EX + "p"), ox.Literal(o))
               for o in objects]
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)


def quads(store: EmbeddedStore) -> set[str]:
    """Every quad but the version token."""
    return {str(q) for q in store.ox_store.quads_for_pattern(None, None, None)
            if q.predicate != ox.NamedNode(VERSION)}


def tokens(store: EmbeddedStore) -> list[str]:
    meta = ox.NamedNode(META_GRAPH)
    return [q.object.value for q in
            store.ox_store.quads_for_pattern(meta, ox.NamedNode(VERSION), None, meta)]


@pytest.fixture()
def stores(tmp_path):
    by_load, by_update = EmbeddedStore(tmp_path / "a"), EmbeddedStore(tmp_path / "b")
    yield by_load, by_update
    by_load.close()
    by_update.close()


def test_a_new_graph_is_stored_as_replace_graph_stores_it(stores):
    by_load, by_update = stores
    data = ntriples("eins", 'zwei "mit" Anführung\nund Zeile .\n', "drei")
    by_update.replace_graph(G1, [q.triple for q in ox.parse(data, ox.RdfFormat.N_TRIPLES)],
                            RECORD)
    by_update.bump_version()  # a token to replace, as in the other store
    by_load.bump_version()
    before = by_load.version()
    by_load.replace_graph_ntriples(G1, data, RECORD)
    assert quads(by_load) == quads(by_update)
    assert len(quads(by_load)) == 3 + 3  # the graph and its record
    assert lookup_records(by_load, [G1]) == {G1: RECORD}
    assert len(tokens(by_load)) == 1 and by_load.version() not in ("", before)


def test_an_existing_graph_is_replaced_whole(stores):
    store, _ = stores
    store.replace_graph_ntriples(G1, ntriples("alt", "weg"), RECORD)
    newer = DocumentRecord("b" * 64, "v1")
    before = store.version()
    store.replace_graph_ntriples(G1, ntriples("neu"), newer)
    rows = store.query(f"SELECT ?o WHERE {{ GRAPH <{G1}> {{ ?s ?p ?o }} }}")
    assert [row["o"].value for row in rows] == ["neu"]
    assert lookup_records(store, [G1]) == {G1: newer}
    assert len(tokens(store)) == 1 and store.version() != before


def test_broken_data_writes_nothing(stores):
    store, _ = stores
    store.bump_version()
    before, version = quads(store), store.version()
    with pytest.raises(StoreError):
        store.replace_graph_ntriples(G1, ntriples("gut") + b"<http://x> kaputt .\n", RECORD)
    assert quads(store) == before and store.version() == version
    with pytest.raises(StoreError):
        store.replace_graph_ntriples(META_GRAPH, ntriples("x"), RECORD)


def test_two_tokens_after_a_crash_still_read_as_a_change(stores):
    """A crash between the load and the removal of the old token leaves two tokens."""
    store, _ = stores
    store.bump_version()
    old = store.version()
    meta = f"<{META_GRAPH}>"
    store.ox_store.load(f'{meta} <{VERSION}> "new-token" {meta} .\n', ox.RdfFormat.N_QUADS)
    assert store.version() not in (old, "new-token")
    store.replace_graph_ntriples(G1, ntriples("eins"), RECORD)
    assert len(tokens(store)) == 1


def test_a_background_flush_that_fails_stops_the_writer_at_its_next_turn():
    """The store is flushed in a thread of its own (stream._Flusher); its failure is not lost."""
    calls = []

    def failing_flush() -> None:
        calls.append(1)
        raise OSError("disk full")

    flusher = _Flusher(failing_flush)
    flusher.start()
    with pytest.raises(OSError, match="disk full"):
        for _ in range(1000):  # the next turn after the flush ended raises
            flusher.start()
            time.sleep(0.01)
    with pytest.raises(OSError, match="disk full"):
        flusher.close()  # and so does the end of the run
    assert calls == [1]
