"""Reading at a glance, in a real browser at desktop and phone width: the matrix (a cell open
beside the grid, a stance filter, the cards on a phone), the methodology page and what's new.
axe-core finds nothing serious on any of them.

With SCREENSHOTS_DIR set, each view is also saved there as a PNG (the README's screenshots:
`SCREENSHOTS_DIR=docs/screenshots`)."""

import os
import re
from pathlib import Path

import pytest
from django.urls import reverse

from tests.e2e.conftest import DESKTOP, PHONE, axe_violations, scoped_url

pytestmark = pytest.mark.django_db(transaction=True)


def shoot(page, name):
    folder = os.environ.get("SCREENSHOTS_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        # caret="initial": hiding the caret injects a style, which the page's CSP refuses.
        page.screenshot(path=str(Path(folder) / f"{name}.png"), caret="initial")


def fits(page, viewport):
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]


def test_the_matrix_keeps_its_headers_in_view_and_opens_a_cell_beside_them(seeded, open_page):
    page = open_page(scoped_url("matrix"), bypass_csp=True)
    # The page scrolls, not a box inside it; the header row stays at the top of the window.
    assert page.locator(".matrix-scroll").count() == 0
    page.mouse.wheel(0, 900)
    page.wait_for_function("window.scrollY > 300")
    header = page.locator(".matrix thead th").nth(1).bounding_box()
    assert -1 <= header["y"] <= 5
    page.evaluate("window.scrollTo(0, 0)")
    # A permanent member is marked as holding a veto.
    assert "holds a veto" in page.locator("#row-USA th").inner_text()
    assert axe_violations(page) == []
    page.locator("#cell-ISR-chapter-vii").click()
    panel = page.locator("#evidence-panel.is-open")
    panel.wait_for()
    assert "Anonymous official" in panel.inner_text()
    shoot(page, "matrix-desktop")
    assert axe_violations(page) == []


def test_a_cell_address_opens_with_its_evidence_in_view(seeded, open_page):
    for viewport in (DESKTOP, PHONE):
        page = open_page(
            reverse("tracker:matrix-cell", args=["ISR", "chapter-vii"]), viewport=viewport
        )
        panel = page.locator("#evidence-panel")
        box = panel.bounding_box()
        assert box["y"] < viewport["height"] - 100 and box["y"] + box["height"] > 0
        assert "Israel on Chapter VII" in panel.inner_text()
        # The cell it belongs to is scrolled into view, clear of the panel.
        cell = page.locator("#cell-ISR-chapter-vii").bounding_box()
        assert 0 <= cell["y"] < viewport["height"]
        if viewport is DESKTOP:
            assert cell["x"] + cell["width"] <= box["x"]
            shoot(page, "matrix-cell-desktop")
        if viewport is PHONE:
            # A sheet from the bottom of the screen, the full width.
            assert box["x"] == 0 and box["width"] == PHONE["width"]
            shoot(page, "matrix-cell-phone")


def test_who_opposes_anything_on_the_record(seeded, open_page):
    page = open_page(scoped_url("matrix"))
    page.get_by_text("Filters: party kind").click()
    page.get_by_label("Opposes").check()
    page.wait_for_url(re.compile(r"stance=opposes"))
    page.wait_for_selector("#row-USA", state="detached")
    assert page.locator("#row-ISR").count() == 1
    assert "Only parties with at least one stance: Opposes" in page.inner_text("main")
    shoot(page, "matrix-stance-filter")
    page.get_by_label("On the record only").check()
    page.wait_for_url(re.compile(r"evidence=on-record"))
    assert "Counting positions stated on the record only" in page.inner_text("main")


def test_on_a_phone_the_matrix_fits_and_passes_axe(seeded, open_page):
    page = open_page(scoped_url("matrix"), viewport=PHONE, bypass_csp=True)
    fits(page, PHONE)
    page.locator("#row-ISR").scroll_into_view_if_needed()
    assert page.locator("#cell-ISR-chapter-vii").is_visible()
    shoot(page, "matrix-phone")
    assert axe_violations(page) == []


def test_the_methodology_page_defines_the_words_and_the_chips_link_to_it(seeded, open_page):
    page = open_page(scoped_url("matrix"))
    page.locator(".legend").get_by_text("Conditional").click()
    page.wait_for_url(re.compile(r"/methodology/#stance-conditional$"))
    text = page.inner_text("main")
    for word in (
        "Supports",
        "Conditional",
        "Seeks amendment",
        "Undecided",
        "Mixed",
        "Opposes",
        "On the record",
        "Anonymous official",
        "Media report",
        "Claim by a third party",
        "order not known",
    ):
        assert word in text
    page.goto(reverse("tracker:methodology"))
    shoot(page, "methodology-desktop")
    phone = open_page(reverse("tracker:methodology"), viewport=PHONE, bypass_csp=True)
    fits(phone, PHONE)
    assert axe_violations(phone) == []


def test_whats_new_by_day_with_filters_at_desktop_and_phone(seeded, open_page):
    page = open_page(reverse("tracker:recent-changes"), bypass_csp=True)
    assert page.locator(".change-day h2").count() >= 1
    assert "(found by the linker)" not in page.inner_text("main")
    assert page.locator('head link[rel="alternate"][type="application/atom+xml"]').count() == 1
    shoot(page, "changes-desktop")
    assert axe_violations(page) == []
    page.get_by_text("Filters: party, provision").click()
    page.get_by_label("Party").select_option("ISR")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url(re.compile(r"party=ISR"))
    assert "Israel on" in page.inner_text("main") and "United States on" not in page.inner_text(
        "main"
    )
    phone = open_page(reverse("tracker:recent-changes"), viewport=PHONE, bypass_csp=True)
    fits(phone, PHONE)
    shoot(phone, "changes-phone")
    assert axe_violations(phone) == []
