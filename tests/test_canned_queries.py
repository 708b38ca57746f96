"""Every canned query, run on the seed article's graph (the real pipeline), against the gold."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from newskg.graph.ingest.reader import Metadata, read_text_file
from newskg.graph.ingest.writer import ingest_documents
from newskg.graph.namespaces import DEFAULT_DATA_BASE
from newskg.graph.store.embedded import EmbeddedStore

from newskg import queries as catalog

DATA = Path(__file__).parent / "data"
SEED = DATA / "nordkorea-soldaten-russland.txt"
GOLD = json.loads((DATA / "seed-gold.json").read_text(encoding="utf-8"))
PUBLISHED = date(2024, 10, 24)
KIRBY = DEFAULT_DATA_BASE + "actor/john-kirby"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """An on-disk store holding the seed article, ingested by the real pipeline."""
    seeded = EmbeddedStore(tmp_path_factory.mktemp("canned") / "store")
    document = read_text_file(SEED, Metadata(published=PUBLISHED))
    ingest_documents(seeded, [document], DEFAULT_DATA_BASE)
    yield seeded
    seeded.close()


def rows(store, name: str, **params: str) -> list[dict[str, str]]:
    """The answer of a canned query as dicts of plain strings (absent values left out)."""
    query = catalog.get_query(name)
    results = catalog.run(store, query, params)
    names = [v.value for v in results.variables]
    return [
        {n: term.value for n, term in zip(names, solution, strict=True) if term is not None}
        for solution in results
    ]


def gold_statements(**where) -> list[dict]:
    return [s for s in GOLD["statements"] if all(s.get(k) == v for k, v in where.items())]


def test_every_canned_query_runs_and_declares_a_title_and_chart(store):
    charts = {"table", "bar", "timeline", "network", "pie", "numbers"}
    for query in catalog.list_queries():
        assert query.title and query.description, query.name
        assert query.chart in charts, query.name
        rows(store, query.name)  # evaluates without error, no parameter given


def test_statements_by_actor_gives_kirbys_six_statements(store):
    answer = rows(store, "statements", speaker=KIRBY)
    expected = gold_statements(speaker="John Kirby")
    assert len(answer) == len(expected) == 6
    assert [r["content"] for r in answer] == [s["content"] for s in expected]
    assert {r["speakerName"] for r in answer} == {"John Kirby"}


def test_actors_by_number_and_kind_match_the_gold_counts(store):
    answer = {(r["speakerName"], r["kindName"]): int(r["statements"])
              for r in rows(store, "actors-by-kind")}
    expected = Counter((s["speaker"], s["kind"]) for s in GOLD["statements"])
    assert answer == dict(expected)
    types = {r["speakerName"]: r["speakerType"] for r in rows(store, "actors-by-kind")}
    assert types == {s["speaker"]: s["speaker_type"] for s in GOLD["statements"]}


def test_actors_by_kind_filters_by_a_kind_parameter(store):
    answer = rows(store, "actors-by-kind", kind="denial")
    assert [(r["speakerName"], r["statements"]) for r in answer] == [("Nordkorea", "1")]


def test_conflicting_numbers_give_each_source_its_number(store):
    answer = rows(store, "conflicting-numbers")
    pairs = {(r["sourceName"], float(r["value"])) for r in answer}
    expected = {(c["source"], float(c["value"]))
                for c in GOLD["numeric_claims_about_north_korean_soldiers"]}
    assert pairs == expected  # 3000 by Kirby, 1500 by NIS, 10000 by Selenskyj
    assert {r["unit"] for r in answer} == {"Soldaten"}
    assert ("mindestens", 3000.0) in {(r.get("qualifier"), float(r["value"])) for r in answer}
    assert rows(store, "conflicting-numbers", unit="Soldaten") == answer
    assert rows(store, "conflicting-numbers", unit="Panzer") == []


def test_denials_name_pjoengjang_for_north_korea(store):
    answer = rows(store, "denials")
    expected = gold_statements(kind="denial")
    assert [(r["speakerName"], r["mention"], r["content"]) for r in answer] == [
        (s["speaker"], s["mention"], s["content"]) for s in expected
    ]


def test_timeline_orders_resolved_dates_and_intervals(store):
    answer = rows(store, "timeline")
    expected = sorted(
        (s["date"].split("/")[0], s["date"].split("/")[-1], s["content"])
        for s in GOLD["statements"] if s["date"]
    )
    assert sorted((r["dateBegin"], r["dateEnd"], r["content"]) for r in answer) == expected
    begins = [r["dateBegin"] for r in answer]
    assert begins == sorted(begins)
    selenskyj = next(r for r in answer if r["speakerName"] == "Wladimir Selenskyj")
    assert (selenskyj["dateText"], selenskyj["dateBegin"], selenskyj["dateEnd"]) == (
        "zwei Wochen später", "2024-10-15", "2024-10-24")
    assert {r["speakerName"] for r in rows(store, "timeline", kind="report")} == {
        "Ukrainische Medien"}


def test_roles_hold_every_gold_post(store):
    answer = {(r["personName"], r["roleTitle"], r.get("organizationName"))
              for r in rows(store, "roles")}
    for person in GOLD["persons"]:
        for role in person["roles"]:
            assert (person["name"], role["title"], role["organization"]) in answer


def test_mentions_network_links_speakers_to_the_actors_they_name(store):
    edges = {(r["speakerName"], r["mentionedName"]): int(r["statements"])
             for r in rows(store, "mentions-network")}
    for edge in [("Dmitri Peskow", "Russland"), ("Dmitri Peskow", "Nordkorea"),
                 ("NIS", "Nordkorea"), ("Wladimir Selenskyj", "Nordkorea")]:
        assert edges.get(edge, 0) >= 1, edge
    assert all(speaker != mentioned for speaker, mentioned in edges)
    only_nis = rows(store, "mentions-network", speaker=DEFAULT_DATA_BASE + "actor/nis")
    assert {r["speakerName"] for r in only_nis} == {"NIS"}


def test_provenance_offsets_slice_the_text_and_the_paragraph_is_whole(store):
    text = SEED.read_text(encoding="utf-8")
    answer = rows(store, "provenance")
    assert len(answer) == len(GOLD["statements"])
    for r in answer:
        start, end = int(r["charStart"]), int(r["charEnd"])
        assert text[start:end] == r["content"]
        assert int(r["sentenceStart"]) <= start < end <= int(r["sentenceEnd"])
        pieces = [r.get(k, "") for k in ("paragraphBefore", "sentenceBefore")]
        pieces += [r["content"], r.get("sentenceAfter", ""), r.get("paragraphAfter", "")]
        paragraph = "".join(pieces)
        assert paragraph in text.splitlines()
        assert r["title"] == text.splitlines()[0]
        assert r["published"] == "2024-10-24"
    one = rows(store, "provenance", statement=answer[4]["statement"])
    assert one == [answer[4]]


def test_direct_quotes_are_the_full_and_partial_quotes(store):
    answer = rows(store, "direct-quotes")
    expected = {(s["speaker"], s["direct_quote"], s["content"])
                for s in GOLD["statements"] if s["direct_quote"] != "none"}
    assert {(r["speakerName"], r["directQuote"], r["content"]) for r in answer} == expected
    assert answer[0]["directQuote"] == "full"  # full quotes first
    assert answer[0]["content"].startswith("Wenn diese nordkoreanischen Soldaten")


def test_events_hold_the_treaty_in_june(store):
    answer = rows(store, "events")
    treaty = [r for r in answer if r["eventType"] == "treaty"]
    assert len(treaty) == 1
    assert set(treaty[0]["participants"].split("; ")) == {"Russland", "Nordkorea"}
    assert (treaty[0]["dateText"], treaty[0]["dateBegin"], treaty[0]["dateEnd"]) == (
        "im Juni", "2024-06-01", "2024-06-30")
    assert "strategische Partnerschaft" in treaty[0]["label"]


def test_overview_documents_and_kinds_count_the_seed(store):
    (overview,) = rows(store, "overview")
    assert int(overview["documents"]) == 1
    assert int(overview["statements"]) == len(GOLD["statements"])
    assert int(overview["persons"]) >= len(GOLD["persons"])
    (document,) = rows(store, "documents")
    assert document["published"] == "2024-10-24"
    assert int(document["statements"]) == len(GOLD["statements"])
    kinds = {r["value"]: int(r["statements"]) for r in rows(store, "kinds")}
    assert kinds == dict(Counter(s["kind"] for s in GOLD["statements"]))
    assert {r["value"] for r in rows(store, "units")} == {"Soldaten"}
    choices = rows(store, "statement-choices")
    assert len(choices) == len(GOLD["statements"])
    assert choices[0]["label"].startswith("John Kirby: ")


def test_parameters_are_terms_so_an_injection_attempt_changes_nothing(store):
    before = store.triple_count()
    attack = 'Soldaten" } ; DROP ALL ; #'
    assert rows(store, "conflicting-numbers", unit=attack) == []
    with pytest.raises(catalog.ParameterError):
        rows(store, "denials", speaker=attack)
    with pytest.raises(catalog.ParameterError):
        rows(store, "timeline", kind="denial } UNION { ?s ?p ?o")
    assert store.triple_count() == before


def test_cli_answers_every_canned_query_with_its_parameters(tmp_path):
    """`newskg query NAME --param ...` on a store built by `newskg ingest` of the seed."""
    newskg = [str(Path(sys.executable).parent / "newskg"), "--store", str(tmp_path / "store")]
    ingest = subprocess.run(newskg + ["ingest", str(SEED), "--published", "2024-10-24"],
                            check=False, capture_output=True, text=True, timeout=600)
    assert ingest.returncode == 0, ingest.stderr
    calls = {name: [] for name in (q.name for q in catalog.list_queries())}
    calls["conflicting-numbers"] = ["--param", "unit=Soldaten"]
    calls["actors-by-kind"] = ["--param", "kind=denial"]
    calls["timeline"] = ["--param", f"speaker={KIRBY}"]
    for name, extra in calls.items():
        done = subprocess.run(newskg + ["query", name, *extra, "--format", "csv"],
                              check=False, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, (name, done.stderr)
        assert done.stdout.splitlines(), name
    numbers = subprocess.run(newskg + ["query", "conflicting-numbers", "--format", "csv"],
                             check=False, capture_output=True, text=True, timeout=120).stdout
    for value, source in (("3000", "John Kirby"), ("1500", "NIS"), ("10000", "Wladimir Selenskyj")):
        assert any(value in line and source in line for line in numbers.splitlines())
    bad = subprocess.run(newskg + ["query", "timeline", "--param", "kind=nonsense"],
                         check=False, capture_output=True, text=True, timeout=120)
    assert bad.returncode != 0 and "Traceback" not in bad.stderr
