"""The Content-Security-Policy in Chromium: the dashboard, the editor and the pages work under it,
and it reports no violation (a violation event listener counts them from the first byte).

Debian's Chromium through Playwright, as in test_dashboard.py; the page context does not
bypass the policy.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from helpers.servers import CHROMIUM_ARGS, TOKEN, live_server, seed_store
from playwright.sync_api import Page, sync_playwright

COUNT_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__cspViolations.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline'));
});
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    store_dir = seed_store(tmp_path_factory.mktemp("csp") / "store")
    with live_server(store_dir, TOKEN) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                              args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(COUNT_VIOLATIONS)
    page = context.new_page()
    page.console_csp = []
    page.on("console", lambda m: page.console_csp.append(m.text)
            if "Content Security Policy" in m.text else None)
    page.errors = []
    page.on("pageerror", lambda err: page.errors.append(str(err)))
    yield page
    context.close()


def violations(page: Page) -> list[str]:
    return page.evaluate("window.__cspViolations") + page.console_csp


def test_dashboard_works_under_the_policy(page, server):
    response = page.goto(server + "/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_selector("body[data-last-query]")
    for name in ("conflicting-numbers", "statements", "mentions-network"):
        page.click(f"#question-list a[data-query='{name}']")
        page.wait_for_selector(f"body[data-last-query='{name}']")
    assert page.locator("#chart .main-svg").count() >= 1  # plotly drew its chart
    assert page.locator("#results tbody tr").count() > 0
    page.hover("#chart .main-svg")  # hover labels and the mode bar appear
    page.wait_for_timeout(300)
    assert violations(page) == []
    assert page.errors == []
    # the same policy as every page (no 'unsafe-inline' for styles): plotly.js inserted no
    # <style> and took its rules from the stylesheet the server reads out of its bundle
    assert "'unsafe-inline'" not in response.headers["content-security-policy"]
    assert page.locator("style").count() == 0
    assert page.evaluate("getComputedStyle(document.querySelector('#chart .modebar'))"
                         ".position") == "absolute"


def test_editor_and_pages_work_under_the_policy(page, server):
    page.goto(server + "/sparql")
    page.click("#run")
    page.wait_for_selector("table.results-table tbody tr")
    page.goto(server + "/id/actor/john-kirby")
    assert "John Kirby" in page.inner_text("body")
    page.goto(server + "/ontology")
    page.goto(server + "/.well-known/void", wait_until="load")
    page.wait_for_timeout(300)
    assert violations(page) == []
    assert page.errors == []


def test_the_policy_is_enforced_and_violations_are_counted(page, server):
    page.goto(server + "/sparql")
    page.evaluate("""() => {
      const s = document.createElement('script');
      s.textContent = 'window.__ran = true';
      document.body.appendChild(s);
    }""")
    page.wait_for_timeout(300)
    assert page.evaluate("window.__ran === undefined")
    assert any("script-src" in v for v in violations(page))
