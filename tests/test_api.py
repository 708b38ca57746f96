"""The canned-query API over real HTTP: a `newskg serve` subprocess on a free local port."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from helpers.servers import TOKEN, live_server, seed_store
from newskg.graph.namespaces import DEFAULT_DATA_BASE
from newskg.graph.store.embedded import EmbeddedStore

from newskg import queries as catalog


@pytest.fixture(scope="module")
def served_dir(tmp_path_factory) -> Path:
    return seed_store(tmp_path_factory.mktemp("api") / "store")


@pytest.fixture(scope="module")
def server(served_dir) -> Iterator[str]:
    """A server without an update token over the seed graph."""
    with live_server(served_dir) as url:
        yield url


@pytest.fixture(scope="module")
def served_store(server, served_dir) -> EmbeddedStore:
    """The served store opened read-only beside the server, to compare answers with."""
    return EmbeddedStore(served_dir, read_only=True)  # dropped, not closed: close() flushes


@pytest.fixture(scope="module")
def writable_server(tmp_path_factory) -> Iterator[str]:
    with live_server(seed_store(tmp_path_factory.mktemp("api-w") / "store"), TOKEN) as url:
        yield url


def test_query_list_carries_metadata_and_parameters(server):
    response = requests.get(server + "/api/queries", timeout=30)
    assert response.status_code == 200
    listed = {q["name"]: q for q in response.json()["queries"]}
    assert set(listed) == {q.name for q in catalog.list_queries()}
    timeline = listed["timeline"]
    assert timeline["chart"] == "timeline" and timeline["title"]
    assert {p["name"]: p["choices"] for p in timeline["params"]} == {
        "speaker": "speakers", "kind": "kinds"}


def test_results_as_json_csv_tsv_by_format_or_accept(server):
    url = server + "/api/queries/conflicting-numbers"
    as_json = requests.get(url, timeout=30)
    assert as_json.status_code == 200
    assert as_json.headers["Content-Type"].startswith("application/sparql-results+json")
    bindings = as_json.json()["results"]["bindings"]
    pairs = {(b["sourceName"]["value"], float(b["value"]["value"])) for b in bindings}
    assert pairs == {("John Kirby", 3000.0), ("NIS", 1500.0), ("Wladimir Selenskyj", 10000.0)}

    as_csv = requests.get(url, params={"format": "csv"}, timeout=30)
    assert as_csv.status_code == 200 and as_csv.headers["Content-Type"].startswith("text/csv")
    table = list(csv.DictReader(io.StringIO(as_csv.text)))
    assert {row["sourceName"] for row in table} == {"John Kirby", "NIS", "Wladimir Selenskyj"}

    as_tsv = requests.get(url, headers={"Accept": "text/tab-separated-values"}, timeout=30)
    assert as_tsv.status_code == 200
    assert as_tsv.headers["Content-Type"].startswith("text/tab-separated-values")
    assert as_tsv.text.splitlines()[0].split("\t")[:2] == ["?unit", "?value"]

    preferred = requests.get(url, timeout=30, headers={
        "Accept": "text/csv;q=0.5, text/tab-separated-values;q=0.9"})
    assert preferred.headers["Content-Type"].startswith("text/tab-separated-values")

    download = requests.get(url, params={"format": "csv", "download": "1"}, timeout=30)
    assert 'filename="conflicting-numbers.csv"' in download.headers["Content-Disposition"]


def test_parameters_select_kirbys_statements(server):
    kirby = DEFAULT_DATA_BASE + "actor/john-kirby"
    response = requests.get(server + "/api/queries/statements", params={"speaker": kirby},
                            timeout=30)
    assert response.status_code == 200
    bindings = response.json()["results"]["bindings"]
    assert len(bindings) == 6
    assert {b["speaker"]["value"] for b in bindings} == {kirby}


@pytest.mark.parametrize("params, fragment", [
    ({"nonsense": "1"}, "no parameter 'nonsense'"),
    ({"kind": "gossip"}, "is not a statement kind"),
    ({"speaker": "not an iri"}, "is not an absolute IRI"),
    ({"format": "yaml"}, "unknown format"),
])
def test_unknown_or_ill_typed_parameters_are_400_with_a_message(server, params, fragment):
    response = requests.get(server + "/api/queries/timeline", params=params, timeout=30)
    assert response.status_code == 400
    assert response.headers["Content-Type"].startswith("application/json")
    assert fragment in response.json()["error"]


def test_unknown_query_is_404(server):
    response = requests.get(server + "/api/queries/no-such-question", timeout=30)
    assert response.status_code == 404
    assert "no-such-question" in response.json()["error"]


def test_openapi_describes_every_canned_query(server):
    response = requests.get(server + "/api/openapi.json", timeout=30)
    assert response.status_code == 200
    spec = response.json()
    assert spec["openapi"].startswith("3.")
    for query in catalog.list_queries():
        operation = spec["paths"][f"/api/queries/{query.name}"]["get"]
        declared = {p["name"] for p in operation["parameters"] if "name" in p}
        assert declared == {p.name for p in query.params}
    kind = next(p for p in spec["paths"]["/api/queries/timeline"]["get"]["parameters"]
                if p.get("name") == "kind")
    assert "denial" in kind["schema"]["enum"]

    def refs(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "$ref":
                    yield value
                else:
                    yield from refs(value)
        elif isinstance(node, list):
            for value in node:
                yield from refs(value)

    for ref in refs(spec):  # every reference resolves inside the document
        target = spec
        for part in ref.removeprefix("#/").split("/"):
            target = target[part]
        assert target


def test_ingest_is_refused_when_updates_are_disabled(server):
    response = requests.post(server + "/api/ingest", json={"text": "Titel\nEr sagte, ja."},
                             headers={"Authorization": f"Bearer {TOKEN}"}, timeout=30)
    assert response.status_code == 403
    assert "disabled" in response.json()["error"]


def test_ingest_needs_the_token_and_a_valid_article(writable_server):
    url = writable_server + "/api/ingest"
    article = {"text": "Austin warnt Pjöngjang\nLloyd Austin sagte am Dienstag, Nordkorea "
                       "spiele mit dem Feuer.", "published": "2024-10-30"}
    assert requests.post(url, json=article, timeout=30).status_code == 401
    wrong = requests.post(url, json=article, headers={"Authorization": "Bearer nope"}, timeout=30)
    assert wrong.status_code == 403
    auth = {"Authorization": f"Bearer {TOKEN}"}
    for bad, fragment in [({"text": ""}, "'text'"),
                          ({**article, "published": "30.10.2024"}, "invalid date"),
                          ({"text": "<p>Hallo</p>\nText"}, "HTML")]:
        refused = requests.post(url, json=bad, headers=auth, timeout=30)
        assert refused.status_code == 400, bad
        assert fragment in refused.json()["error"]
    done = requests.post(url, json=article, headers=auth, timeout=300)
    assert done.status_code == 201, done.text
    created = done.json()
    assert created["document"].startswith(DEFAULT_DATA_BASE + "doc/sha-")
    documents = requests.get(writable_server + "/api/queries/documents", timeout=30).json()
    listed = {b["value"]["value"]: b for b in documents["results"]["bindings"]}
    assert created["document"] in listed
    assert listed[created["document"]]["published"]["value"] == "2024-10-30"
    assert listed[created["document"]]["label"]["value"] == "Austin warnt Pjöngjang"


@pytest.mark.parametrize("name, params", [
    ("statements", {"speaker": DEFAULT_DATA_BASE + "actor/john-kirby"}),
    ("actors-by-kind", {"kind": "claim"}),
    ("conflicting-numbers", {"unit": "Soldaten"}),
    ("timeline", {"speaker": DEFAULT_DATA_BASE + "actor/nis", "kind": "claim"}),
    ("mentions-network", {"speaker": DEFAULT_DATA_BASE + "actor/dmitri-peskow"}),
    ("provenance", {"statement": DEFAULT_DATA_BASE + "doc/nordkorea-soldaten-russland/statement/8"}),
    ("direct-quotes", {}),
])
def test_api_answers_as_the_catalog_does(server, served_store, name, params):
    """The API binds parameters as a trailing VALUES block in a query worker; the CLI and the
    catalog use pyoxigraph substitutions: both must give the same rows."""
    response = requests.get(f"{server}/api/queries/{name}", params=params, timeout=30)
    assert response.status_code == 200
    assert response.headers["X-Result-Count"] == str(len(response.json()["results"]["bindings"]))
    over_http = [{k: v["value"] for k, v in b.items()}
                 for b in response.json()["results"]["bindings"]]
    results = catalog.run(served_store, catalog.get_query(name), params)
    names = [v.value for v in results.variables]
    in_process = [{n: t.value for n, t in zip(names, row, strict=True) if t is not None}
                  for row in results]
    assert over_http == in_process
    assert over_http  # the parameters select something


def test_a_result_cut_at_the_row_limit_is_206_with_a_header(tmp_path):
    with live_server(seed_store(tmp_path / "store"), None, "--max-results", "3") as url:
        response = requests.get(url + "/api/queries/statements", timeout=30)
        assert response.status_code == 206
        assert response.headers["X-Result-Truncated"] == "3"
        assert len(response.json()["results"]["bindings"]) == 3
