"""Operations over real HTTP: /health, /metrics, the access log, dataset-version ETags,
conditional GETs, the address printed at start, read-only serving."""

from __future__ import annotations

import re
import time

import requests
from conftest import LIVE_TOKEN

ASK = "ASK { ?s ?p ?o }"


def test_serve_prints_the_address_to_open(live_server):
    assert f"newskg serving on {live_server.url}/" in live_server.log()


def test_health(live_server):
    response = requests.get(live_server.url + "/health")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["time_limit_enforced"] is True
    assert body["query_workers"] >= 1
    assert all(isinstance(v, str | int | bool) for v in body.values())  # no process ids
    assert body["version"] == response.headers["X-Dataset-Version"]


def test_metrics_count_requests_and_rejections(live_server):
    requests.get(live_server.sparql, params={"query": ASK})
    requests.get(live_server.sparql, params={"query": "SELECT * WHERE { SERVICE <http://x/> {} }"})
    text = requests.get(live_server.url + "/metrics").text
    ok = re.search(
        r'newskg_http_requests_total\{method="GET",endpoint="/sparql",status="200"\} (\d+)', text)
    assert ok and int(ok.group(1)) >= 1
    rejected = re.search(r'newskg_queries_rejected_total\{reason="guard"\} (\d+)', text)
    assert rejected and int(rejected.group(1)) >= 1
    assert 'newskg_http_request_duration_seconds_bucket{endpoint="/sparql",le="+Inf"}' in text
    assert "newskg_query_timeouts_total" in text
    assert re.search(r"^newskg_query_workers \d+$", text, re.MULTILINE)


def test_one_access_log_line_per_request(live_server):
    marker = f"/health?probe={time.monotonic_ns()}"
    requests.get(live_server.url + marker)
    requests.get(live_server.url + "/no-such-page-" + marker[-8:])
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and "/no-such-page-" + marker[-8:] not in live_server.log():
        time.sleep(0.1)
    log = live_server.log()
    assert re.search(r"newskg\.access GET /health 200 [\d.]+ms 127\.0\.0\.1", log)
    lines = [line for line in log.splitlines() if "/no-such-page-" + marker[-8:] in line]
    assert len(lines) == 1
    assert re.search(r"GET /no-such-page-\S+ 404 [\d.]+ms", lines[0])


def test_every_response_carries_the_dataset_version(live_server):
    version = requests.get(live_server.url + "/health").json()["version"]
    for response in (
        requests.get(live_server.sparql, params={"query": ASK}),
        requests.get(live_server.sparql, params={"query": "SELECT *"}),
        requests.get(live_server.url + "/no-such-page"),
        requests.get(live_server.url + "/metrics"),
    ):
        assert response.headers["X-Dataset-Version"] == version


def test_etag_conditional_get_and_change_with_the_data(live_server):
    params = {"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"}
    first = requests.get(live_server.sparql, params=params)
    second = requests.get(live_server.sparql, params=params)
    etag = first.headers["ETag"]
    assert etag == second.headers["ETag"]
    # Another representation of the same URL has another ETag.
    as_csv = requests.get(live_server.sparql, params=params, headers={"Accept": "text/csv"})
    assert as_csv.headers["ETag"] != etag
    not_modified = requests.get(live_server.sparql, params=params,
                                headers={"If-None-Match": etag})
    assert not_modified.status_code == 304
    assert not_modified.content == b""
    update = requests.post(
        live_server.url + "/update",
        data={"update": "INSERT DATA { GRAPH <urn:test:ops> { <urn:s> <urn:p> 1 } }"},
        headers={"Authorization": f"Bearer {LIVE_TOKEN}"},
    )
    assert update.status_code == 204, update.text
    try:
        changed = requests.get(live_server.sparql, params=params,
                               headers={"If-None-Match": etag})
        assert changed.status_code == 200
        assert changed.headers["ETag"] != etag
        # The query workers see the update (they reopen at the new version).
        before = int(first.json()["results"]["bindings"][0]["n"]["value"])
        after = int(changed.json()["results"]["bindings"][0]["n"]["value"])
        assert after > before
    finally:
        requests.post(live_server.url + "/update", data={"update": "DROP GRAPH <urn:test:ops>"},
                      headers={"Authorization": f"Bearer {LIVE_TOKEN}"})


def test_read_only_server_refuses_updates(start_server):
    server = start_server("--read-only", "--update-token", "ignored")
    response = requests.post(server.url + "/update", data={"update": "CLEAR ALL"},
                             headers={"Authorization": "Bearer ignored"})
    assert response.status_code == 403
    query = requests.get(server.sparql, params={"query": ASK})
    assert query.status_code == 200 and query.json()["boolean"] is True


def test_concurrent_requests_are_all_answered(live_server):
    from concurrent.futures import ThreadPoolExecutor

    query = "SELECT ?s WHERE { ?s ?p ?o } LIMIT 50"
    with ThreadPoolExecutor(8) as pool:
        responses = list(pool.map(
            lambda _: requests.get(live_server.sparql, params={"query": query}), range(32)))
    assert all(r.status_code == 200 for r in responses)
    assert all(len(r.json()["results"]["bindings"]) == 50 for r in responses)


def test_workers_option_sets_the_query_worker_processes(start_server):
    pooled = start_server("--workers", "3")
    health = requests.get(pooled.url + "/health").json()
    assert health["query_workers"] == 3 and health["time_limit_enforced"] is True
    inline = start_server("--workers", "0")
    health = requests.get(inline.url + "/health").json()
    assert health["query_workers"] == 0 and health["time_limit_enforced"] is False
    answer = requests.get(inline.sparql, params={"query": ASK})
    assert answer.status_code == 200 and answer.json()["boolean"] is True


def test_the_store_is_compacted_at_start_and_workers_reopen_it(start_server):
    """``serve`` compacts the store once in the background (the small files a load leaves
    beside the indexes); the query workers then reopen it and answer as before."""
    server = start_server()
    query = {"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"}
    headers = {"Accept": "application/sparql-results+json"}
    before = requests.get(server.sparql, params=query, headers=headers, timeout=30).json()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and "store compacted in" not in server.log():
        time.sleep(0.1)
    assert "store compacted in" in server.log()
    for _ in range(4):  # more queries than workers: each has reopened the store
        after = requests.get(server.sparql, params=query, headers=headers, timeout=30).json()
        assert after == before
