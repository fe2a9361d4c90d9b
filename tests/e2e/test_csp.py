"""The Content-Security-Policy in a real browser, DEBUG off as in production: every public page
loads, and htmx opens a matrix cell and follows search typing, without one violation.

Chromium reports a blocked script, style or request two ways: a `securitypolicyviolation`
event in the page and an error on the console. An init script (which the policy does not
govern) records the events in `window.cspViolations`; the console is watched by the shared
`open_page` fixture, which fails the test on any error."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from tests.e2e.conftest import public_paths, scoped_url

pytestmark = pytest.mark.django_db(transaction=True)

RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push({
    directive: event.violatedDirective,
    blocked: event.blockedURI,
    sample: event.sample,
    where: `${event.sourceFile}:${event.lineNumber}`,
  });
});
"""


def violations(page):
    return page.evaluate("window.cspViolations")


def strict_policy(response):
    policy = response.header_value("content-security-policy")
    assert policy, f"{response.url}: no Content-Security-Policy header"
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    return policy


@pytest.fixture
def csp_page(open_page):
    """A page that records CSP violations in every document it loads."""
    page = open_page(None)
    page.add_init_script(RECORD_VIOLATIONS)
    return page


def test_settings_are_production_like():
    assert settings.DEBUG is False


def test_a_violation_would_be_seen(seeded, csp_page):
    """The watch works: an inline script, which the policy forbids, is caught both ways."""
    page = csp_page
    strict_policy(page.goto(scoped_url("overview")))
    page.evaluate(
        """() => {
        const script = document.createElement("script");
        script.textContent = "window.inlineRan = true";
        document.body.append(script);
    }"""
    )
    page.wait_for_function("window.cspViolations.length > 0")
    assert page.evaluate("window.inlineRan") is None
    assert violations(page)[0]["directive"].startswith("script-src")
    assert any("Content Security Policy" in error for error in page.watch.errors)
    page.watch.errors.clear()  # expected here, and only here


def test_every_public_page_loads_without_a_violation(seeded, csp_page):
    page = csp_page
    found = {}
    for name, path in public_paths().items():
        response = page.goto(path)
        assert response.status == 200, name
        strict_policy(response)
        page.wait_for_load_state("networkidle")
        # htmx loaded from our own origin and ran (a blocked script would leave it undefined).
        assert page.evaluate("typeof htmx") == "object", name
        if seen := violations(page):
            found[name] = seen
    assert found == {}


def test_htmx_opens_a_matrix_cell_in_place_without_a_violation(seeded, csp_page):
    page = csp_page
    strict_policy(page.goto(scoped_url("matrix")))
    page.evaluate("window.notReloaded = true")
    page.locator("#cell-ISR-chapter-vii").click()
    evidence = page.locator("#evidence-panel.is-open")
    evidence.wait_for()
    assert "Israel on Chapter VII" in evidence.inner_text()
    assert page.url.endswith("/matrix/cell/ISR/chapter-vii/")
    assert page.evaluate("window.notReloaded") is True  # in place, not a new page
    # A filter applied by htmx swaps the matrix region in place too.
    page.get_by_text("Filters: party kind").click()
    page.get_by_label("Permanent Council member").check()
    page.wait_for_url(re.compile(r"kind=permanent-member"))
    page.wait_for_selector("#cell-ISR-chapter-vii", state="detached")
    assert page.evaluate("window.notReloaded") is True
    assert violations(page) == []


def test_search_follows_typing_without_a_violation(seeded, csp_page):
    page = csp_page
    strict_policy(page.goto(reverse("tracker:search")))
    page.evaluate("window.notReloaded = true")
    page.get_by_label("Search for").press_sequentially("Chapter 7", delay=20)
    page.wait_for_url(re.compile(r"q=Chapter(%20|\+)7"))
    page.wait_for_selector("#results mark")
    assert "Chapter VII" in page.inner_text("#results")
    assert page.evaluate("window.notReloaded") is True
    assert violations(page) == []
