"""An editor in a real browser: logs in, adds a source keeping some of the linker's suggestions,
selects words in the article to record a position in place, and does the same with JavaScript
off; every page passes axe-core, and nothing breaks the Content-Security-Policy."""

import re

import pytest
from django.urls import reverse

from tests.e2e.conftest import PHONE, axe_violations, log_in, scoped_url
from tracker.models import Excerpt, MadeBy, Position, ReviewStatus, Source

pytestmark = pytest.mark.django_db(transaction=True)
ARTICLE = (
    "Ankara and the force\n"
    "Israel objected to Turkey’s involvement in the International Stabilization Force.\n"
    "The weather in New York was mild.\n"
    "Türkiye said it was ready to send troops under a Security Council mandate."
)


@pytest.fixture
def editor(seeded, editor_account):
    """The seeds, and the editor's account (signed in through the login page by log_in)."""
    return editor_account


def select_words(page, words):
    """Select `words` in the article as a reader would, by a range over its text nodes."""
    page.evaluate(
        """(words) => {
          for (const para of document.querySelectorAll('p.para')) {
            const walker = document.createTreeWalker(para, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
              const at = node.data.indexOf(words);
              if (at < 0) continue;
              const range = document.createRange();
              range.setStart(node, at);
              range.setEnd(node, at + words.length);
              getSelection().removeAllRanges();
              getSelection().addRange(range);
              para.dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
              return;
            }
          }
          throw new Error('words not found: ' + words);
        }""",
        words,
    )


def test_an_editor_adds_a_source_and_records_a_position_in_place(editor, open_page):
    page = open_page(scoped_url("overview"))
    log_in(page)
    page.get_by_role("link", name="Add source").click()
    # Loaded, htmx included: typed before htmx has set the form up, the text would never be
    # previewed (a person is not that quick; on a busy machine the test was).
    page.wait_for_url(re.compile(r"/sources/new/$"), wait_until="load")
    page.get_by_label("Title").fill("Ankara and the force")
    page.get_by_label("Text").fill(ARTICLE)
    suggestions = page.locator(".suggested-excerpts li")
    suggestions.first.wait_for()
    assert suggestions.count() == 3
    assert "<mark>" in page.locator(".suggested-excerpts").inner_html()
    # Leave out the headline; keep the other two.
    headline = suggestions.first
    assert headline.inner_text().startswith("Ankara and the force")
    headline.get_by_role("checkbox", name="Leave out").check()
    assert Source.objects.count() == 7  # nothing saved while previewing (the seeds have 7)
    page.get_by_role("button", name="Save source").click()
    page.wait_for_url(re.compile(r"/sources/\d+/$"))
    source = Source.objects.get(title="Ankara and the force")
    assert source.status == ReviewStatus.PENDING
    assert source.excerpts.filter(made_by=MadeBy.LINKER).count() == 2
    assert page.locator(".badge.pending").first.inner_text() == "Pending review"

    page.evaluate("window.notReloaded = true")
    select_words(page, "it was ready to send troops")
    bar = page.locator("#selection-form")
    assert "it was ready to send troops" in bar.inner_text()
    bar.get_by_role("button", name="Record a position from the selection").click()
    form = page.locator("#position-entry")
    form.wait_for()
    assert form.locator("blockquote").inner_text() == "it was ready to send troops"
    # A mistake first: a party the tracker does not know. The message shows in place.
    form.get_by_label("Party").fill("Atlantis")
    form.get_by_label("Provision").select_option(label="ISF: composition and command")
    form.get_by_label("Stance").select_option("supports")
    form.get_by_label("Attribution").select_option("media-report")
    form.get_by_label("Summary").fill("Türkiye was reported ready to send troops.")
    form.get_by_role("button", name="Save position").click()
    page.locator("#position-entry .field-errors").first.wait_for()
    assert (
        "No party has the name or code “Atlantis”" in page.locator("#position-entry").inner_text()
    )
    assert page.evaluate("window.notReloaded") is True
    assert not Position.objects.filter(excerpt__source=source).exists()
    # Chromium logs the 400 answer itself; that is expected here.
    page.watch.errors = [e for e in page.watch.errors if "status of 400" not in e]
    page.locator("#position-entry").get_by_label("Party").fill("Türkiye")
    page.locator("#position-entry").get_by_role("button", name="Save position").click()
    page.wait_for_url(re.compile(r"#excerpt-\d+$"))
    position = Position.objects.get(excerpt__source=source)
    assert position.excerpt.exact == "it was ready to send troops"
    assert position.excerpt.made_by == MadeBy.PERSON
    assert position.status == ReviewStatus.PENDING and position.party.code == "TUR"
    assert "Position recorded" in page.locator(".messages").inner_text()
    assert page.locator(".citing .badge.pending").count() == 1


def test_offsets_count_characters_as_python_does(editor, open_page):
    """Letters outside the Basic Multilingual Plane are two units in JavaScript, one in Python."""
    from tests.conftest import make_source

    source = make_source(text="Emoji 🇹🇷 first. Türkiye objected to the mandate 🙂 today.")
    page = open_page(scoped_url("overview"))
    log_in(page)
    page.goto(reverse("tracker:source", args=[source.pk]))
    select_words(page, "objected to the mandate 🙂")
    page.get_by_role("button", name="Record a position from the selection").click()
    page.locator("#position-entry blockquote").wait_for()
    assert page.locator("#position-entry blockquote").inner_text() == "objected to the mandate 🙂"


def test_without_javascript_an_excerpt_opens_the_form_as_a_page(editor, open_page):
    page = open_page(scoped_url("overview"), js=False)
    log_in(page)
    source = Source.objects.get(seed_file__startswith="003_")
    excerpt = Excerpt.objects.filter(source=source).order_by("start").first()
    page.goto(reverse("tracker:source", args=[source.pk]))
    # The selection bar needs JavaScript and stays hidden without it.
    assert not page.locator("#selection-form").is_visible()
    page.locator(f"#note-{excerpt.pk}").get_by_role(
        "link", name="Record a position from this"
    ).click()
    page.wait_for_url(re.compile(rf"/positions/new/\?excerpt={excerpt.pk}$"))
    form = page.locator("form.entry-form")
    form.get_by_label("Party").fill("ISR")
    form.get_by_label("Provision").select_option("chapter-vii")
    form.get_by_label("Stance").select_option("undecided")
    form.get_by_label("Attribution").select_option("media-report")
    form.get_by_label("Summary").fill("Reported without a stated view.")
    form.get_by_role("button", name="Save position").click()
    page.wait_for_url(re.compile(rf"#excerpt-{excerpt.pk}$"))
    assert Position.objects.filter(excerpt=excerpt, stance="undecided").exists()


def test_the_editing_pages_pass_axe_on_desktop_and_phone(editor, open_page):
    for viewport in (None, PHONE):
        # axe-core is injected as an inline script, which the page's CSP rightly forbids.
        page = open_page(None, bypass_csp=True, **({"viewport": viewport} if viewport else {}))
        problems = {}
        page.goto(reverse("login"))
        problems["login"] = axe_violations(page)
        log_in(page)
        page.goto(reverse("tracker:source-new"))
        page.get_by_label("Text").fill(ARTICLE)
        page.locator(".suggested-excerpts li").first.wait_for()
        problems["add source"] = axe_violations(page)
        source = Source.objects.get(seed_file__startswith="003_")
        page.goto(reverse("tracker:source", args=[source.pk]))
        select_words(page, "Trump administration")
        page.get_by_role("button", name="Record a position from the selection").click()
        page.locator("#position-entry").wait_for()
        problems["position form"] = axe_violations(page)
        page.goto(reverse("tracker:suggestions"))
        problems["suggestions"] = axe_violations(page)
        assert {name: found for name, found in problems.items() if found} == {}
        # No page is wider than a phone's screen.
        if viewport:
            for path in (reverse("tracker:source-new"), reverse("tracker:suggestions")):
                page.goto(path)
                assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
