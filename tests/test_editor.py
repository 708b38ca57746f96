"""The SPARQL editor in a real browser (headless Chromium) against a running server.

It opens the editor, runs a canned query and reads the table; follows the shareable link;
checks the highlighter's overlay and that markup in results stays text.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests
from helpers.hostile import EXPLOSIVE
from helpers.servers import HOSTILE_IRI, PROBE_TEXT, build_store, start_server, stop_server
from playwright.sync_api import Page, sync_playwright

from newskg import queries as catalog

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-background-networking", "--disable-gpu"]
CANNED = "actors-by-kind"


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    store_path = tmp_path_factory.mktemp("editor") / "store"
    build_store(store_path)
    process, url = start_server(store_path)
    try:
        yield url
    finally:
        stop_server(process)


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser) -> Iterator[Page]:
    context = browser.new_context()
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.dialogs = dialogs
    try:
        yield page
    finally:
        context.close()


def canned(name: str):
    (query,) = [q for q in catalog.list_queries() if q.name == name]
    return query


def rows_over_protocol(server: str, query: str) -> dict:
    response = requests.post(
        server + "/sparql", data={"query": query},
        headers={"Accept": "application/sparql-results+json"}, timeout=30,
    )
    assert response.status_code == 200, response.text
    return response.json()


def test_editor_runs_a_canned_query_and_shows_the_table(server, page):
    page.goto(server + "/sparql")
    assert page.title().startswith("SPARQL editor")
    # The example query is what shows first; the project's prefixes are declared implicitly.
    assert page.input_value("#query").startswith("# Who said what")
    assert "PREFIX" not in page.input_value("#query")
    assert "nkg:" in page.inner_text("#prefix-note")
    page.select_option("#examples", CANNED)
    body = canned(CANNED).sparql.split("SELECT", 1)[1]
    shown = page.input_value("#query")
    assert "PREFIX nkg:" not in shown and body in shown  # the site's prefix lines are folded
    page.click("#run")
    page.wait_for_selector("table.results-table tbody tr")
    expected = rows_over_protocol(server, canned(CANNED).sparql)
    headers = page.locator("table.results-table thead th").all_inner_texts()
    assert headers == expected["head"]["vars"]
    shown = page.locator("table.results-table tbody tr").count()
    assert shown == len(expected["results"]["bindings"]) > 0
    page.wait_for_selector("table.results-table[data-labelled]")
    assert "John Kirby" in page.inner_text("table.results-table")
    # IRIs under the data base link to this server's resource pages.
    hrefs = page.locator("table.results-table a").evaluate_all("as => as.map(a => a.href)")
    assert any(h.startswith(server + "/id/actor/") for h in hrefs)
    assert page.inner_text("#status").startswith(f"{shown} row")


def test_shared_link_opens_the_editor_filled_and_run(server, page):
    page.goto(server + "/sparql")
    query = "SELECT ?name WHERE { ?a <http://xmlns.com/foaf/0.1/name> ?name } ORDER BY ?name"
    page.fill("#query", query)
    page.click("#run")
    page.wait_for_selector("table.results-table tbody tr")
    link = page.get_attribute("#share", "href")
    assert link.startswith("/sparql?query=")
    page.goto(server + link)
    assert page.input_value("#query") == query
    page.wait_for_selector("table.results-table tbody tr")
    assert "John Kirby" in page.inner_text("table.results-table")


def test_highlighter_overlays_the_query_exactly(server, page):
    page.goto(server + "/sparql")
    page.fill("#query", 'SELECT ?x WHERE { ?x a nkg:Statement ; nkg:content "ja" } # note')
    code = page.locator("#highlight")
    assert code.inner_text().rstrip() == page.input_value("#query")
    assert page.locator("#highlight .tok-keyword").all_inner_texts()[:2] == ["SELECT", "WHERE"]
    assert page.locator("#highlight .tok-variable").all_inner_texts() == ["?x", "?x"]
    assert page.locator("#highlight .tok-pname").all_inner_texts() == [
        "nkg:Statement", "nkg:content"]
    assert page.locator("#highlight .tok-string").all_inner_texts() == ['"ja"']
    assert page.locator("#highlight .tok-comment").all_inner_texts() == ["# note"]
    # The textarea lies exactly over the highlighted copy.
    boxes = [page.locator(s).bounding_box() for s in ("#query", ".code-highlight")]
    assert boxes[0] == boxes[1]


def test_markup_in_results_is_shown_as_text(server, page):
    page.goto(server + "/sparql")
    page.fill("#query", "SELECT ?text WHERE { ?d <http://persistence.uni-leipzig.org/nlp2rdf/"
                        'ontologies/nif-core#isString> ?text FILTER(CONTAINS(?text, "<script>")) }')
    page.click("#run")
    page.wait_for_selector("table.results-table tbody tr")
    assert page.inner_text("table.results-table tbody td") == PROBE_TEXT
    assert page.locator("table.results-table script").count() == 0
    page.fill("#query", "SELECT ?o WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#seeAlso> ?o }")
    page.click("#run")
    # the first query's table stays until the second answer arrives: wait for the new header
    page.wait_for_selector("table.results-table thead th:text-is('o')")
    assert page.inner_text("table.results-table tbody td") == HOSTILE_IRI
    assert page.locator("table.results-table a").count() == 0
    assert page.dialogs == []


def test_query_errors_are_shown(server, page):
    page.goto(server + "/sparql")
    page.fill("#query", "SELECT WHERE {")
    page.click("#run")
    page.wait_for_selector("#status.error")
    assert "400" in page.inner_text("#status")
    assert page.inner_text("#results").strip() != ""


def test_error_marker_sits_on_the_line_of_the_error(server, page):
    page.goto(server + "/sparql")
    # nkg: is added as a PREFIX line when the query runs; the marker still counts from here
    page.fill("#query", "SELECT ?s WHERE {\n  ?s a nkg:Statement .\n  ?s nkg:speaker {\n}")
    page.click("#run")
    marker = page.locator("#error-marker")
    marker.wait_for()
    assert marker.get_attribute("data-line") == "3"
    assert "line 3" in page.inner_text("#status")
    before = page.evaluate("(() => { const r = document.createRange(); "
                           "r.setStart(document.getElementById('highlight'), 0); "
                           "r.setEndBefore(document.getElementById('error-marker')); "
                           "return r.toString(); })()")
    assert before.count("\n") == 2  # the marker is on the third line
    page.type("#query", " ")
    assert page.locator("#error-marker").count() == 0  # editing clears it


def test_results_show_labels_and_completion_offers_the_ontology(server, page):
    page.goto(server + "/sparql")
    page.click("#run")
    page.wait_for_selector("table.results-table[data-labelled]")
    cells = page.locator("table.results-table tbody td").all_inner_texts()
    assert "John Kirby" in cells and "assertion" in cells
    assert not [c for c in cells if c.startswith(("actor/", "doc/", "kind:", "http"))]
    assert page.inner_text("#status").endswith(" s") and "rows in" in page.inner_text("#status")
    page.fill("#query", "SELECT * WHERE { ?s a nkg:Stat")
    page.press("#query", "End")
    page.type("#query", "e")
    page.wait_for_selector("#completions:not([hidden]) li")
    assert page.locator("#completions li").first.get_attribute("data-name") == "nkg:Statement"
    page.press("#query", "Enter")
    assert page.input_value("#query") == "SELECT * WHERE { ?s a nkg:Statement"


def test_truncated_answers_carry_a_banner(start_server, page):
    server = start_server("--max-results", "2")
    page.goto(server.url + "/sparql")
    page.click("#run")
    page.wait_for_selector("#banner:not([hidden])")
    assert page.inner_text("#banner").startswith("Truncated")
    assert page.locator("table.results-table tbody tr").count() == 2


def test_a_query_stopped_at_the_time_limit_carries_a_banner(start_server, page):
    """The server's 503 with X-Query-Stopped shows as a "Stopped" banner, not a bare error."""
    server = start_server("--query-timeout", "1")
    page.goto(server.url + "/sparql")
    page.fill("#query", EXPLOSIVE)
    page.click("#run")
    page.wait_for_selector("#banner:not([hidden])", timeout=30_000)
    banner = page.inner_text("#banner")
    assert banner.startswith("Stopped: the query ran into the server's time limit"), banner
    assert "time-limit=1s" in banner
    assert "Stopped (503)" in page.inner_text("#status")
    assert page.locator("table.results-table").count() == 0


def test_graph_results_are_shown_as_turtle(server, page):
    page.goto(server + "/sparql")
    page.fill("#query", "CONSTRUCT { ?a <http://xmlns.com/foaf/0.1/name> ?n } "
                        "WHERE { ?a <http://xmlns.com/foaf/0.1/name> ?n }")
    page.click("#run")
    page.wait_for_selector("pre.graph-text")
    text = page.inner_text("pre.graph-text")
    assert '"John Kirby"' in text
    assert page.inner_text("#status").startswith("graph")
