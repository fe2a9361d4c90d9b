"""Browsing in a real browser: accessibility, htmx updates in place, and the same pages with
JavaScript off."""

import re

import pytest
from django.urls import reverse

from tests.e2e.conftest import PHONE, axe_violations, public_paths, scoped_url
from tracker.views import pages

pytestmark = pytest.mark.django_db(transaction=True)


def headings_in_order(page):
    levels = page.eval_on_selector_all("h1, h2, h3, h4, h5, h6", "hs => hs.map(h => +h.tagName[1])")
    assert levels and levels[0] == 1 and levels.count(1) == 1, levels
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False)), levels


def test_every_page_passes_axe_and_has_a_title_landmarks_and_ordered_headings(seeded, open_page):
    problems = {}
    # axe-core is injected as an inline script, which the page's CSP rightly forbids.
    page = open_page(None, bypass_csp=True)
    for name, path in [*public_paths().items(), ("not found", "/provisions/nothing/")]:
        response = page.goto(path)
        assert response.status == (404 if name == "not found" else 200), name
        assert page.title().endswith("· Resolution Tracker"), name
        assert page.locator("main").count() == 1 and page.locator("header nav").count() == 1
        headings_in_order(page)
        if violations := axe_violations(page):
            problems[name] = violations
    assert problems == {}
    # Chromium logs the 404 answer itself; that is expected here.
    page.watch.errors = [e for e in page.watch.errors if "status of 404" not in e]


def test_long_lists_come_a_page_at_a_time_and_pass_axe(seeded, open_page, monkeypatch):
    """Short pages, so that the seeds fill several: the pager is checked like the rest."""
    monkeypatch.setattr(pages, "EXCERPTS_PER_PAGE", 2)
    monkeypatch.setattr(pages, "SOURCES_PER_PAGE", 2)
    problems = {}
    page = open_page(None, bypass_csp=True)
    for name, path in [
        ("provision", reverse("tracker:provision", args=["chapter-vii"]) + "?page=2"),
        ("party", scoped_url("party", "ISR") + "?page=2"),
        ("sources", reverse("tracker:sources") + "?page=2"),
    ]:
        page.goto(path)
        headings_in_order(page)
        pager = page.locator("nav.pager")
        assert pager.count() == 1, name
        current = pager.get_by_role("link", name="Page 2", exact=True)
        assert current.get_attribute("aria-current") == "page", name
        assert pager.get_by_role("link", name="Newer").count() == 1, name
        if violations := axe_violations(page):
            problems[name] = violations
    assert problems == {}


def test_a_matrix_cell_opens_its_evidence_in_a_panel_beside_the_grid(seeded, open_page):
    page = open_page(scoped_url("matrix"))
    page.evaluate("window.notReloaded = true")
    cell = page.locator("#cell-ISR-chapter-vii")
    cell.click()
    evidence = page.locator("#evidence-panel.is-open")
    evidence.wait_for()
    assert "Israel on Chapter VII and whether the text is binding" in evidence.inner_text()
    assert "We’re aiming for a general, non-binding resolution" in evidence.inner_text()
    assert page.url.endswith("/matrix/cell/ISR/chapter-vii/")
    assert page.evaluate("window.notReloaded") is True
    assert page.locator("#cell-ISR-chapter-vii").get_attribute("aria-current") == "true"
    # Focus moves to the panel, which is in view beside the grid.
    assert page.evaluate("document.activeElement.id") == "evidence-panel"
    box = evidence.bounding_box()
    assert box["x"] > 640 and box["y"] + 100 < page.viewport_size["height"]
    evidence.get_by_role("link", name="Close").click()
    page.wait_for_selector("#evidence-panel.is-open", state="detached")
    assert page.url.endswith("/matrix/")
    assert page.evaluate("window.notReloaded") is True


def test_matrix_filters_update_in_place_and_bad_dates_say_why(seeded, open_page):
    page = open_page(scoped_url("matrix"))
    page.evaluate("window.notReloaded = true")
    page.get_by_text("Filters: party kind").click()
    page.get_by_label("Permanent Council member").check()
    page.wait_for_url(re.compile(r"kind=permanent-member"))
    page.wait_for_selector("#cell-ISR-chapter-vii", state="detached")
    assert page.locator("#row-FRA").count() == 1
    page.get_by_label("As of").fill("2025-11-04")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url(re.compile(r"as_of=2025-11-04"))
    assert "Replaying the matrix as it stood on 4 November 2025" in page.inner_text("main")
    assert page.evaluate("window.notReloaded") is True
    # A filter the server refuses (a 400) still shows its message, in place.
    page.evaluate(
        """() => htmx.ajax('GET', '/matrix/?as_of=2025-99-01',
                           {target: '#matrix-region', swap: 'outerHTML'})"""
    )
    page.wait_for_selector(".notice.error")
    assert "Give the “as of” date as YYYY-MM-DD" in page.inner_text("#matrix-region")
    assert page.evaluate("window.notReloaded") is True
    # Chromium logs the 400 answer itself; that is expected here.
    page.watch.errors = [e for e in page.watch.errors if "status of 400" not in e]


def test_search_results_follow_typing(seeded, open_page):
    page = open_page(reverse("tracker:search"))
    page.evaluate("window.notReloaded = true")
    page.get_by_label("Search for").press_sequentially("Chapter 7", delay=20)
    page.wait_for_url(re.compile(r"q=Chapter(%20|\+)7"))
    page.wait_for_selector("#results mark")
    assert "Chapter VII and whether the text is binding" in page.inner_text("#results")
    assert re.match(r"\d+ results? for “Chapter 7”", page.inner_text("#result-count"))
    assert page.title() == "“Chapter 7” · Search · Resolution Tracker"
    assert page.evaluate("window.notReloaded") is True


def test_everything_works_with_javascript_off(seeded, open_page):
    page = open_page(scoped_url("matrix"), js=False)
    page.click("#cell-ISR-chapter-vii")
    page.wait_for_url(re.compile(r"/matrix/cell/ISR/chapter-vii/"))
    assert "Israel on Chapter VII" in page.inner_text("#evidence-panel")
    page.get_by_text("Filters: party kind").click()
    page.get_by_label("Elected Council member").check()
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url(re.compile(r"kind=elected-member"))
    # Members with no recorded stance fold away, and a link shows them.
    assert page.locator("#row-DZA").count() == 0 and page.locator("#row-ISR").count() == 0
    page.get_by_role("link", name="Show them").click()
    page.wait_for_url(re.compile(r"empty=show"))
    assert page.locator("#row-DZA").count() == 1 and page.locator("#row-ISR").count() == 0
    page.goto(reverse("tracker:search"))
    page.get_by_label("Search for").fill("disarm")
    page.get_by_label("Search for").press("Enter")
    page.wait_for_url(re.compile(r"q=disarm"))
    assert "Demilitarization and disarmament" in page.inner_text("#results")
    page.goto(reverse("tracker:provision", args=["chapter-vii"]))
    page.get_by_text("1 other position of Israel on this (order in time not known)").click()
    assert page.get_by_text("Israel wants language that avoids invoking Chapter VII").is_visible()
    page.goto(scoped_url("overview"))
    page.get_by_role("link", name=re.compile(r"All \d+ sources, newest first")).click()
    page.wait_for_url(re.compile(r"/sources/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Sources"


def test_a_permalink_scrolls_to_the_excerpt_and_marks_it(seeded, open_page):
    path = public_paths()["source"]
    page = open_page(path)
    target = page.locator("mark.excerpt:target")
    assert target.count() == 1
    assert target.get_attribute("id") == path.split("#")[1]
    box = target.bounding_box()
    assert 0 <= box["y"] < page.viewport_size["height"]
    assert target.evaluate("e => getComputedStyle(e).outlineStyle") == "solid"


def test_keyboard_focus_is_visible(seeded, open_page):
    page = open_page(scoped_url("party", "ISR"))
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    page.goto(scoped_url("overview"))
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"


def test_on_a_phone_the_matrix_is_a_card_per_party(seeded, open_page):
    page = open_page(scoped_url("matrix"), viewport=PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    card = page.locator("#row-ISR")
    box = card.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    # Each line of the card names its provision, with the stance and how it is attributed.
    line = page.locator("#cell-ISR-chapter-vii")
    text = line.inner_text()
    assert "Chapter VII and whether the text is binding" in text and "Opposes" in text
    assert line.locator(".evidence-mark").is_visible()
    # No line for a provision without a stance.
    assert card.locator("td.no-stance").first.is_hidden()
