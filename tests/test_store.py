"""The embedded store on disk: atomic graph replacement, version, load, dump, open errors."""

from __future__ import annotations

import io
import subprocess
import sys
import textwrap
import threading

import pyoxigraph as ox
import pytest
from newskg.graph.namespaces import ONTOLOGY_IRI
from newskg.graph.store.base import META_GRAPH, StoreError
from newskg.graph.store.embedded import EmbeddedStore
from newskg.graph.store.opener import open_store

EX = "http://example.org/"
G1 = EX + "graph/1"
G2 = EX + "graph/2"


def triple(s: str, p: str, o: ox.NamedNode | ox.Literal) -> ox.Triple:
    return ox.Triple(ox.NamedNode(EX + s), ox.NamedNode(EX + p), o)


@pytest.fixture()
def store(tmp_path):
    opened = EmbeddedStore(tmp_path / "store")
    yield opened
    opened.close()


def graph_triples(store: EmbeddedStore, graph: str) -> set[str]:
    rows = store.query(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
    return {f"{r['s']} {r['p']} {r['o']}" for r in rows}


def test_replace_graph_replaces_and_changes_version(store):
    assert store.version() == ""
    store.replace_graph(G1, [triple("a", "p", ox.Literal("eins")), triple("b", "p", ox.Literal("2"))])
    first = store.version()
    assert first
    assert store.triple_count() == 2
    store.replace_graph(G1, [triple("c", "p", ox.Literal("drei", language="de"))])
    assert store.triple_count() == 1  # replaced, not added to
    assert graph_triples(store, G1) == {f"<{EX}c> <{EX}p> \"drei\"@de"}
    assert store.version() not in ("", first)
    assert store.graphs() == [G1]  # the meta graph is bookkeeping, not data


def test_replace_graph_keeps_hard_literals_exact(store):
    text = 'Er sagte: „3.000“ \\ "zitiert"\nzweite Zeile\t> <'
    store.replace_graph(G1, [triple("a", "says", ox.Literal(text, language="de"))])
    (row,) = list(store.query(f"SELECT ?o WHERE {{ <{EX}a> <{EX}says> ?o }}"))
    assert row["o"].value == text
    assert row["o"].language == "de"


def test_failed_replace_leaves_store_unchanged(store):
    store.replace_graph(G1, [triple("a", "p", ox.Literal("alt"))])
    before = (store.triple_count(), store.version(), graph_triples(store, G1))

    def broken():
        yield triple("b", "p", ox.Literal("neu"))
        raise RuntimeError("analysis broke half-way")

    with pytest.raises(RuntimeError):
        store.replace_graph(G1, broken())
    assert (store.triple_count(), store.version(), graph_triples(store, G1)) == before
    with pytest.raises(StoreError, match="reserved"):
        store.replace_graph(META_GRAPH, [triple("x", "p", ox.Literal("x"))])


def test_other_graphs_are_untouched_by_a_replace(store):
    store.replace_graph(G1, [triple("a", "p", ox.Literal("1"))])
    store.replace_graph(G2, [triple("b", "p", ox.Literal("2"))])
    store.replace_graph(G1, [])
    assert store.graphs() == [G2]
    assert store.triple_count() == 1


def test_update_changes_version_even_with_trailing_comment(store):
    versions = {store.version()}
    store.update(f"INSERT DATA {{ <{EX}a> <{EX}p> 1 }}")
    versions.add(store.version())
    store.update(f"INSERT DATA {{ <{EX}b> <{EX}p> 2 }} ;")
    versions.add(store.version())
    store.update(f"INSERT DATA {{ <{EX}c> <{EX}p> 3 }} # done")
    versions.add(store.version())
    store.bump_version()
    versions.add(store.version())
    assert len(versions) == 5
    assert store.triple_count() == 3
    with pytest.raises(SyntaxError):
        store.update("INSERT DATA { <broken")
    assert store.triple_count() == 3


def test_version_and_data_survive_reopening(tmp_path):
    path = tmp_path / "store"
    first = EmbeddedStore(path)
    first.replace_graph(G1, [triple("a", "p", ox.Literal("1"))])
    version = first.version()
    first.close()
    again = EmbeddedStore(path)
    assert again.version() == version
    assert again.triple_count() == 1
    again.close()


def test_ontology_graph_loaded_once(store):
    assert store.ensure_ontology() is True
    count, version = store.triple_count(), store.version()
    assert count > 100
    assert ONTOLOGY_IRI in store.graphs()
    ask = store.query(
        "ASK { GRAPH <https://w3id.org/newskg/ontology> { "
        "<https://w3id.org/newskg/ontology#Statement> a <http://www.w3.org/2002/07/owl#Class> } }"
    )
    assert bool(ask)
    assert store.ensure_ontology() is False  # same file: nothing written
    assert (store.triple_count(), store.version()) == (count, version)


def test_load_by_extension_into_default_or_named_graph(store, tmp_path):
    ttl = tmp_path / "data.ttl"
    ttl.write_text(f"@prefix ex: <{EX}> .\nex:a ex:p ex:b , ex:c .\n", encoding="utf-8")
    nq = tmp_path / "data.nq"
    nq.write_text(f"<{EX}x> <{EX}p> \"1\" <{G2}> .\n", encoding="utf-8")
    version = store.version()
    assert store.load(ttl) == 2
    assert store.load(ttl, graph=G1) == 2
    assert store.load(nq) == 1
    assert store.graphs() == [G1, G2]
    assert store.triple_count() == 5
    assert store.version() != version


def test_load_refuses_unknown_syntax_and_broken_files_without_writing(store, tmp_path):
    store.replace_graph(G1, [triple("a", "p", ox.Literal("1"))])
    before = (store.triple_count(), store.version())
    unknown = tmp_path / "data.xyz"
    unknown.write_text("whatever", encoding="utf-8")
    with pytest.raises(StoreError, match=r"unknown RDF syntax \('\.xyz'\)"):
        store.load(unknown)
    broken = tmp_path / "broken.ttl"
    # The first statements are fine, the last is not: nothing may be loaded.
    broken.write_text(f"<{EX}a> <{EX}p> <{EX}b> .\n<{EX}c> <{EX}p> \"open .\n", encoding="utf-8")
    with pytest.raises(StoreError, match="broken.ttl: not valid Turtle"):
        store.load(broken)
    with pytest.raises(StoreError, match="cannot read"):
        store.load(tmp_path / "missing.ttl")
    assert (store.triple_count(), store.version()) == before


def test_turtle_dump_flattens_the_dataset_with_prefixes(store):
    shared = triple("a", "p", ox.Literal("in beiden"))
    store.replace_graph(G1, [shared, triple("b", "p", ox.NamedNode(EX + "c"))])
    store.replace_graph(G2, [shared])
    out = io.BytesIO()
    store.dump(out, ox.RdfFormat.TURTLE, prefixes={"ex": EX})
    text = out.getvalue().decode("utf-8")
    assert f"@prefix ex: <{EX}> ." in text
    assert "urn:newskg:meta" not in text
    parsed = set(ox.parse(out.getvalue(), ox.RdfFormat.TURTLE))
    assert {(q.subject, q.predicate, q.object) for q in parsed} == {
        (shared.subject, shared.predicate, shared.object),
        (ox.NamedNode(EX + "b"), ox.NamedNode(EX + "p"), ox.NamedNode(EX + "c")),
    }


def test_dataset_dump_keeps_graphs_and_one_graph_dump(store):
    store.replace_graph(G1, [triple("a", "p", ox.Literal("1"))])
    store.replace_graph(G2, [triple("b", "p", ox.Literal("2"))])
    out = io.BytesIO()
    store.dump(out, ox.RdfFormat.N_QUADS)
    quads = list(ox.parse(out.getvalue(), ox.RdfFormat.N_QUADS))
    assert sorted(q.graph_name.value for q in quads) == [G1, G2]
    one = io.BytesIO()
    store.dump(one, ox.RdfFormat.N_TRIPLES, graph=G2)
    assert one.getvalue().decode() == f'<{EX}b> <{EX}p> "2" .\n'
    with pytest.raises(StoreError, match="no graph"):
        store.dump(io.BytesIO(), ox.RdfFormat.TURTLE, graph=EX + "nothing")


def test_open_errors_name_the_problem(tmp_path):
    a_file = tmp_path / "file"
    a_file.write_text("x", encoding="utf-8")
    with pytest.raises(StoreError, match="it is a file, not a directory"):
        open_store(str(a_file))
    with pytest.raises(StoreError, match="cannot open store"):
        open_store(str(a_file / "below"))
    other = tmp_path / "documents"
    other.mkdir()
    (other / "letter.txt").write_text("x", encoding="utf-8")
    with pytest.raises(StoreError, match="non-empty directory that holds no store"):
        open_store(str(other))
    assert sorted(p.name for p in other.iterdir()) == ["letter.txt"]  # nothing written there
    with pytest.raises(StoreError, match="connection refused"):
        open_store("http://127.0.0.1:1/sparql").triple_count()


def test_store_held_by_another_process(tmp_path):
    path = tmp_path / "store"
    EmbeddedStore(path).close()
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import sys, pyoxigraph
            store = pyoxigraph.Store({str(path)!r})
            print("open", flush=True)
            sys.stdin.read()
        """)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "open"
        with pytest.raises(StoreError, match="in use by another process"):
            EmbeddedStore(path)
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
    EmbeddedStore(path).close()  # released once the holder is gone


def test_readers_never_see_a_half_replaced_graph(store):
    """A reader thread counts the graph while a writer swaps 300 and 200 triples back and forth:
    with an atomic replace it only ever sees 300 or 200, never an empty or partial graph."""

    def version_of(size: int, tag: int) -> list[ox.Triple]:
        return [triple(f"s{i}", "p", ox.Literal(f"{tag}-{i}")) for i in range(size)]

    store.replace_graph(G1, version_of(300, -1))
    finished = threading.Event()

    def writer() -> None:
        for round_ in range(40):
            store.replace_graph(G1, version_of(300 if round_ % 2 else 200, round_))
        finished.set()

    thread = threading.Thread(target=writer)
    thread.start()
    seen = set()
    count = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{G1}> {{ ?s ?p ?o }} }}"
    while not finished.is_set():
        seen.add(int(next(iter(store.query(count)))["n"].value))
    thread.join()
    assert seen and seen <= {200, 300}
    assert store.triple_count() == 300


def test_read_only_store_answers_and_closes(tmp_path):
    writer = EmbeddedStore(tmp_path / "store")
    writer.replace_graph("https://example.org/g", [
        ox.Triple(ox.NamedNode("https://example.org/s"), ox.NamedNode("https://example.org/p"),
                  ox.Literal("o")),
    ])
    writer.close()
    reader = EmbeddedStore(tmp_path / "store", read_only=True)
    assert reader.triple_count() == 1
    reader.close()  # must not try to flush a read-only instance
    with pytest.raises(StoreError):
        reader.triple_count()
