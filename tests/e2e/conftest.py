"""Browser tests: the system Chromium driven by Playwright against pytest-django's live server.

One browser for all of them; a fresh context (cookies, cache) for each page. Every page
opened here fails its test if it asks for anything outside the live server (no CDN, no fonts,
no external request of any kind) or logs an error to the console, which is where Chromium
reports what the Content-Security-Policy blocked.

Needs: /usr/bin/chromium (Debian's `chromium` package; another with CHROMIUM_PATH) and
node_modules/axe-core (`npm ci`). Without them these tests fail; they are never skipped.
"""

import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.urls import reverse

from tests import conftest
from tests.users import PASSWORD
from tracker.models import Negotiation, Position, Source, VoteEvent

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE = settings.BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="package")
def browser():
    """One browser for all the browser tests (this package), closed after the last of them.

    Playwright's sync API runs an event loop in this thread; Django's ORM, used by the tests and
    fixtures around it, refuses to run beside one unless told it is safe, as it is here. Only
    while the browser is open: the setting must not leak into other tests (`check --deploy`
    rightly fails on it)."""
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        yield from _browser()
    finally:
        if previous is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def _browser():
    if not CHROMIUM.exists():
        pytest.fail(f"Chromium is needed for the browser tests and is not at {CHROMIUM}.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture
def seeded(transactional_db, seeds_dir):
    """The seeds, in the live server's database (emptied again after each test)."""
    from tracker.loading.seeding import load_seeds

    load_seeds(seeds_dir)


def scoped_url(name, *args, negotiation=None):
    """A negotiation's page, as a plain string: Playwright takes no lazy strings."""
    return str(conftest.scoped_url(name, *args, negotiation=negotiation))


def log_in(page, username="amira"):
    """Sign in through the login page, as a person would (the accounts from tests/users.py)."""
    page.goto(reverse("login"))
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r"/$"))


def public_paths():
    """Every kind of public page, by name, with a seeded source opened at an excerpt that a
    position cites (needs the `seeded` database)."""
    negotiation = Negotiation.objects.default().slug
    source = Source.objects.get(seed_file__startswith="003_")
    cited = Position.objects.filter(excerpt__source=source).first().excerpt
    return {
        "overview": scoped_url("overview"),
        "provision": reverse("tracker:provision", args=["chapter-vii"]),
        "party": scoped_url("party", "ISR"),
        "source": reverse("tracker:source", args=[source.pk]) + f"#excerpt-{cited.pk}",
        "matrix": scoped_url("matrix"),
        "matrix cell": reverse("tracker:matrix-cell", args=["ISR", "chapter-vii"]),
        "matrix as of": scoped_url("matrix") + "?as_of=2025-11-04",
        "matrix filtered": scoped_url("matrix") + "?stance=opposes&evidence=on-record&empty=show",
        "methodology": reverse("tracker:methodology"),
        "what's new": reverse("tracker:recent-changes"),
        "every edit": reverse("tracker:recent-changes") + "?view=edits",
        "search": reverse("tracker:search") + "?q=Chapter+7",
        "sources": reverse("tracker:sources"),
        "texts": reverse("tracker:drafts", args=[negotiation]),
        "version": reverse("tracker:version", args=[negotiation, "us-draft", 2]),
        "what changed": reverse("tracker:compare", args=[negotiation, "us-draft"]) + "?from=1&to=4",
        "side by side": reverse("tracker:crosswalk", args=[negotiation]),
        "timeline": reverse("tracker:timeline", args=[negotiation]),
        "projected vote": reverse("tracker:projection", args=[negotiation]) + "?as_of=2025-11-16",
        "the vote": VoteEvent.objects.get().get_absolute_url(),
    }


class PageWatch:
    """What a page did that it should not have: requests leaving the live server, errors."""

    def __init__(self, origin):
        self.origin = origin
        self.external = []
        self.errors = []

    def route(self, route):
        url = route.request.url
        if url.startswith(("data:", "about:")) or self._same_origin(url):
            route.continue_()
        else:
            self.external.append(url)
            route.abort()

    def _same_origin(self, url):
        parts = urlsplit(url)
        return f"{parts.scheme}://{parts.netloc}" == self.origin

    def console(self, message):
        if message.type == "error":
            self.errors.append(message.text)


@pytest.fixture
def open_page(browser, live_server):
    """open_page(path, js=True, viewport=DESKTOP, bypass_csp=False) -> a Playwright page."""
    contexts, watches = [], []

    def open_(path="/", js=True, viewport=DESKTOP, bypass_csp=False, expect_status=200):
        context = browser.new_context(
            base_url=live_server.url,
            viewport=viewport,
            java_script_enabled=js,
            bypass_csp=bypass_csp,
        )
        contexts.append(context)
        watch = PageWatch(live_server.url)
        watches.append(watch)
        context.route("**/*", watch.route)
        page = context.new_page()
        page.watch = watch  # so a test that expects an error can say so
        page.on("console", watch.console)
        page.on("pageerror", lambda error: watch.errors.append(str(error)))
        if path is not None:
            response = page.goto(path)
            assert response.status == expect_status, f"{path}: {response.status}"
            if expect_status >= 400:
                # The browser logs the failed page load itself; that is not the page's fault.
                watch.errors.clear()
        return page

    yield open_
    for context in contexts:
        context.close()
    for watch in watches:
        assert watch.external == [], f"requests outside the site: {watch.external}"
        assert watch.errors == [], f"console errors (CSP violations among them): {watch.errors}"


def axe_violations(page):
    """axe-core's serious and critical violations on the page as it is now."""
    if not AXE.exists():
        pytest.fail(f"axe-core is needed for the browser tests: run `npm ci` ({AXE} is missing).")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {
            "rule": violation["id"],
            "impact": violation["impact"],
            "help": violation["help"],
            "where": [node["target"] for node in violation["nodes"][:3]],
        }
        for violation in result["violations"]
        if violation["impact"] in ("serious", "critical")
    ]
