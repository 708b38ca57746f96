"""Full-text search: German folding, the query language, the index kept in step with the
store (re-ingest, update), and its three doors: /api/search, SPARQL functions, the CLI."""

from __future__ import annotations

import json

import pytest
import requests
from conftest import seed_document_iri
from helpers.cli import SEED, newskg
from newskg.graph.search.german import EmptyQuery, fold, highlight, parse_query, snippet_html
from newskg.graph.search.index import Filters, SearchIndex

KIRBY = "https://w3id.org/newskg/id/actor/john-kirby"
NS = "PREFIX search: <https://w3id.org/newskg/search#>\n"
SEARCH_SPARQL = NS + """SELECT ?s ?score ?snippet WHERE {
  ?s a <https://w3id.org/newskg/ontology#Statement> .
  BIND(search:score(?s, "Ausbildung") AS ?score) FILTER(BOUND(?score))
  BIND(search:snippet(?s, "Ausbildung") AS ?snippet)
} ORDER BY DESC(?score)"""


def test_german_folding_and_a_query_language_that_cannot_inject():
    assert fold("Straße Ärzte ÖL Übel") == "strasse aerzte oel uebel"
    assert parse_query("Strasse").expression == '"strasse"'
    assert parse_query('"nach Russland" Ausbild*').expression == '"nach russland" "ausbild" *'
    assert parse_query("a OR b -c").expression == '"a" OR "b" NOT "c"'
    # FTS5 syntax in the input is only ever a word
    for hostile in ("body:x", "NEAR(a b)", "x AND", '"unclosed', "lemmas : x"):
        assert ":" not in parse_query(hostile).expression.replace("lemmas : ", "")
    with pytest.raises(EmptyQuery):
        parse_query("* - ()")
    segments = highlight("Er sagte <b>Ausbildung</b> & mehr", parse_query("ausbildung"))
    assert snippet_html(segments) == "Er sagte &lt;b&gt;<mark>Ausbildung</mark>&lt;/b&gt; &amp; mehr"


def test_search_ranks_filters_and_highlights(seed_store):
    index = SearchIndex(None)
    assert index.sync(seed_store) and not index.sync(seed_store)  # built once per version
    hits, total = index.search("Ausbildung")
    assert total == 3 and {h.type for h in hits} == {"statement"}
    assert all("<mark>Ausbildung</mark>" in h.to_dict()["snippet"] for h in hits)
    assert hits == sorted(hits, key=lambda h: -h.score)
    assert index.search('"nach Russland"')[1] >= 2
    assert index.search("Ausbild*")[1] >= 3
    assert index.search("Suedkoreas")[1] >= 1  # Südkoreas, folded
    by_kirby = index.search("Ausbildung", Filters(speaker=KIRBY))[0]
    assert len(by_kirby) == 2 and all(h.speaker == KIRBY for h in by_kirby)
    assert index.search("Ausbildung", Filters(speaker="kirby"))[1] == 2
    assert index.search("Ausbildung", Filters(kind="claim"))[1] == 1
    assert index.search("Ausbildung", Filters(document=seed_document_iri()))[1] == 3
    assert index.search("Ausbildung", Filters(document="https://example.org/none"))[1] == 0
    assert index.search("Ausbildung", Filters(since="2024-10-24", until="2024-10-24"))[1] == 3
    assert index.search("Ausbildung", Filters(since="2024-10-25"))[1] == 0
    actors = index.search("Kirby", Filters(type="actor"))[0]
    assert [h.iri for h in actors] == [KIRBY]


def test_the_index_follows_updates_and_reingest(seed_store):
    index = SearchIndex(None)
    index.sync(seed_store)
    seed_store.update(
        'PREFIX nkg: <https://w3id.org/newskg/ontology#>\n'
        'DELETE { GRAPH ?g { ?s nkg:content ?c } } INSERT { GRAPH ?g { ?s nkg:content '
        '"Waffenstillstand sofort" } } WHERE { GRAPH ?g { ?s nkg:content ?c '
        'FILTER(CONTAINS(?c, "1.500 Soldaten zur Ausbildung")) } }')
    assert index.sync(seed_store)
    assert index.search("Ausbildung")[1] == 2
    assert index.search("Waffenstillstand")[1] == 1
    seed_store.replace_graph(seed_document_iri(), [])  # the document re-ingested as empty
    assert index.sync(seed_store)
    assert index.search("Waffenstillstand")[1] == 0


def test_api_and_sparql_functions(live_server):
    url = live_server.url + "/api/search"
    answer = requests.get(url, params={"q": "Ausbildung"}, timeout=30).json()
    assert answer["total"] == 3
    assert answer["hits"][0]["segments"][1] == {"text": "Ausbildung", "hit": True}
    kirby = requests.get(url, params={"q": "Ausbildung", "speaker": KIRBY}, timeout=30).json()
    assert kirby["total"] == 2
    for bad in ({}, {"q": "x", "since": "gestern"}, {"q": "x", "type": "thing"}, {"q": "*"}):
        response = requests.get(url, params=bad, timeout=30)
        assert response.status_code == 400 and response.json()["error"]
    rows = requests.post(live_server.sparql, data={"query": SEARCH_SPARQL}, timeout=30,
                         headers={"Accept": "application/sparql-results+json"}).json()
    found = rows["results"]["bindings"]
    assert len(found) == 3 and all("«Ausbildung»" in r["snippet"]["value"] for r in found)


def test_syntax_errors_say_line_and_column(live_server):
    response = requests.post(live_server.sparql, timeout=30,
                             data={"query": "SELECT ?x WHERE {\n  ?x ?p ?o .\n  FILTER(?x = )\n}"})
    assert response.status_code == 400
    assert (response.headers["X-Error-Line"], response.headers["X-Error-Column"]) == ("4", "2")


def test_cli_search_after_reingest(tmp_path):
    store = tmp_path / "store"
    assert newskg("ingest", str(SEED), "--store", str(store)).returncode == 0
    done = newskg("search", "Ausbildung", "--store", str(store), "--format", "json",
                  env={"XDG_CACHE_HOME": str(tmp_path / "cache")})
    assert done.returncode == 0, done.err
    assert json.loads(done.out)["total"] == 3
    changed = tmp_path / SEED.name  # the same document id: its graph is replaced
    changed.write_text(SEED.read_text(encoding="utf-8").replace("Ausbildung", "Schulung"),
                       encoding="utf-8")
    done = newskg("ingest", str(changed), "--store", str(store))
    assert done.returncode == 0, done.err
    gone = newskg("search", "Ausbildung", "--store", str(store), "--format", "json",
                  env={"XDG_CACHE_HOME": str(tmp_path / "cache")})
    assert json.loads(gone.out)["total"] == 0
    again = newskg("search", "Schulung", "--store", str(store), "--format", "csv",
                   "--kind", "claim", env={"XDG_CACHE_HOME": str(tmp_path / "cache")})
    assert again.returncode == 0, again.err
    assert again.out.splitlines()[0].startswith("score,type") and "«Schulung»" in again.out
