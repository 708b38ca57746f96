"""Answers kept per dataset version (server/cache.py): hits, invalidation, 304s, the bound."""

from __future__ import annotations

import requests
from conftest import LIVE_TOKEN
from newskg.server.cache import Entry, ResponseCache

SPEAKERS = "/api/queries/speakers"


def _entry(body: bytes) -> Entry:
    return Entry(200, (("Content-Type", "text/plain"),), body)


def test_a_new_version_drops_the_older_answers():
    cache = ResponseCache(1 << 20)
    cache.put("v1", "a", _entry(b"old"))
    assert cache.get("v1", "a").body == b"old"
    assert cache.get("v2", "a") is None
    assert cache.stats()["entries"] == 0
    assert cache.get("v1", "a") is None  # gone for good, not kept beside the new version


def test_bounded_by_bytes_least_recently_used_first():
    cache = ResponseCache(8 * 1024)
    for name in "abcdefghij":
        assert cache.put("v", name, _entry(name.encode() * 800))
    assert cache.get("v", "a") is None  # pushed out by the later ones
    assert cache.get("v", "j") is not None
    assert cache.stats()["bytes"] <= 8 * 1024
    assert not cache.put("v", "big", _entry(b"x" * 2000))  # more than an eighth of the bound


def test_last_modified_moves_forward_with_every_version():
    cache = ResponseCache()
    first = cache.last_modified("v1")
    assert cache.last_modified("v1") == first
    second = cache.last_modified("v2")
    third = cache.last_modified("v3")
    assert first < second < third  # even within one second


def _update(server, text: str) -> None:
    response = requests.post(server.url + "/update", data={"update": text},
                             headers={"Authorization": f"Bearer {LIVE_TOKEN}"})
    assert response.status_code == 204, response.text


def test_canned_answers_are_kept_until_an_update(start_server):
    server = start_server("--update-token", LIVE_TOKEN)
    first = requests.get(server.url + SPEAKERS)
    second = requests.get(server.url + SPEAKERS)
    assert first.status_code == second.status_code == 200
    assert (first.headers["X-Cache"], second.headers["X-Cache"]) == ("miss", "hit")
    assert first.content == second.content
    assert first.headers["X-Result-Count"] == second.headers["X-Result-Count"]
    as_csv = requests.get(server.url + SPEAKERS, params={"format": "csv"})
    assert as_csv.headers["X-Cache"] == "miss"  # another representation, another entry
    assert as_csv.headers["Content-Type"].startswith("text/csv")

    _update(server, 'INSERT DATA { GRAPH <urn:test:cache> { <urn:test:s> '
                    '<https://w3id.org/newskg/ontology#speaker> <urn:test:new-speaker> . '
                    '<urn:test:s> a <https://w3id.org/newskg/ontology#Statement> } }')
    after = requests.get(server.url + SPEAKERS)
    assert after.headers["X-Cache"] == "miss"
    assert after.headers["X-Dataset-Version"] != first.headers["X-Dataset-Version"]
    assert b"urn:test:new-speaker" in after.content
    assert b"urn:test:new-speaker" not in first.content


def test_conditional_requests_answer_304_without_a_body(start_server):
    server = start_server("--update-token", LIVE_TOKEN)
    first = requests.get(server.url + SPEAKERS)
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    by_etag = requests.get(server.url + SPEAKERS, headers={"If-None-Match": etag})
    assert by_etag.status_code == 304 and by_etag.content == b""
    assert by_etag.headers["ETag"] == etag
    by_date = requests.get(server.url + SPEAKERS, headers={"If-Modified-Since": modified})
    assert by_date.status_code == 304
    # If-None-Match wins over If-Modified-Since.
    other = requests.get(server.url + SPEAKERS, headers={"If-None-Match": 'W/"other"',
                                                         "If-Modified-Since": modified})
    assert other.status_code == 200

    _update(server, "INSERT DATA { GRAPH <urn:test:cache> { <urn:test:a> <urn:test:b> 1 } }")
    changed = requests.get(server.url + SPEAKERS, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    newer = requests.get(server.url + SPEAKERS, headers={"If-Modified-Since": modified})
    assert newer.status_code == 200
    assert newer.headers["Last-Modified"] != modified


def test_resource_pages_and_void_are_kept_and_follow_ingest(start_server):
    server = start_server("--update-token", LIVE_TOKEN)
    url = server.url + "/id/actor/john-kirby"
    turtle = {"Accept": "text/turtle"}
    first, second = requests.get(url, headers=turtle), requests.get(url, headers=turtle)
    assert first.status_code == 200
    assert (first.headers["X-Cache"], second.headers["X-Cache"]) == ("miss", "hit")
    assert first.content == second.content
    html = requests.get(url, headers={"Accept": "text/html"})
    assert html.headers["X-Cache"] == "miss" and html.headers["Content-Type"].startswith(
        "text/html")
    void = [requests.get(server.url + "/.well-known/void") for _ in range(2)]
    assert [v.headers["X-Cache"] for v in void] == ["miss", "hit"]

    ingest = requests.post(server.url + "/api/ingest",
                           json={"text": "Kirby-Meldung\nJohn Kirby sagte, die Lage sei ernst.",
                                 "id": "cache-test"},
                           headers={"Authorization": f"Bearer {LIVE_TOKEN}"})
    assert ingest.status_code == 201, ingest.text
    again = requests.get(url, headers=turtle)
    assert again.headers["X-Cache"] == "miss"
    assert b"cache-test" in again.content
    assert requests.get(server.url + "/.well-known/void").headers["X-Cache"] == "miss"


def test_an_answer_cut_at_the_row_limit_is_kept_with_its_marker(start_server):
    server = start_server("--max-results", "2")
    first = requests.get(server.url + SPEAKERS)
    second = requests.get(server.url + SPEAKERS)
    assert first.status_code == second.status_code == 206
    assert (first.headers["X-Cache"], second.headers["X-Cache"]) == ("miss", "hit")
    assert second.headers["X-Result-Truncated"] == "2"
    assert len(second.json()["results"]["bindings"]) == 2
