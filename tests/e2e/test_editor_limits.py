"""The editor's path at its limits, in a real browser: a long article saves with every kept
suggestion, a paste over the limit is refused in place with the text kept, and an error answer
to an htmx request shows its message beside the form, with DEBUG on and off."""

import re

import pytest
from django.urls import reverse

from tests.e2e.conftest import log_in, scoped_url
from tests.long_articles import long_article
from tracker.models import Source

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def editor(seeded, editor_account):
    return editor_account


def open_add_source(open_page):
    page = open_page(scoped_url("overview"))
    log_in(page)
    page.goto(reverse("tracker:source-new"), wait_until="load")
    return page


def paste(page, text):
    """Put `text` in the article field as a paste would (one input event, not a key a
    character), and wait for the preview it asks for."""
    box = page.get_by_label("Text")
    box.evaluate("(box, text) => { box.value = text; }", text)
    with page.expect_response(re.compile(r"/sources/new/preview/$"), timeout=60_000):
        box.dispatch_event("input")
    # htmx swaps the list in once the answer has come: wait for that, not only the answer.
    page.wait_for_function(
        "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')"
    )


def test_a_300000_character_article_saves_with_every_kept_suggestion(editor, open_page):
    page = open_add_source(open_page)
    page.get_by_label("Title").fill("A long article")
    paste(page, long_article(300_000, seed=3))
    rows = page.locator(".suggested-excerpts li")
    shown = rows.count()
    assert shown > 500  # several hundred: more than the old form could send
    rows.nth(1).get_by_role("checkbox", name="Leave out").check()
    page.get_by_role("button", name="Save source").click()
    page.wait_for_url(re.compile(r"/sources/\d+/$"), timeout=60_000)
    source = Source.objects.get(title="A long article")
    assert source.excerpts.count() == shown - 1
    assert len(source.text) > 299_000


def test_a_paste_over_the_limit_is_refused_in_place_and_kept(editor, open_page):
    page = open_add_source(open_page)
    text = "Israel objected to the mandate. " * 65_000  # about 2 MB
    box = page.get_by_label("Text")
    box.evaluate(
        "(box, text) => { box.value = text; box.dispatchEvent(new Event('input')); }", text
    )
    message = page.locator("#suggestions [role=alert]")
    message.wait_for()
    assert "characters long; the limit is 1,000,000 characters" in message.inner_text()
    assert box.evaluate("box => box.value.length") == len(text)
    page.get_by_role("button", name="Save source").click()
    assert "Nothing was saved" in message.inner_text()
    assert page.url.endswith("/sources/new/")
    assert box.evaluate("box => box.value.length") == len(text)
    assert not Source.objects.filter(text__startswith="Israel objected").exists()


@pytest.mark.parametrize("debug", [False, True], ids=["DEBUG off", "DEBUG on"])
def test_an_error_answer_keeps_the_form_and_shows_its_message(editor, open_page, settings, debug):
    settings.DEBUG = debug
    page = open_add_source(open_page)
    # Text already stored: the preview answers 400 with the reason, in place.
    stored = Source.objects.get(seed_file__startswith="003_")
    paste(page, stored.text)
    suggestions = page.locator("#suggestions")
    assert "This text is already stored" in suggestions.inner_text()
    assert suggestions.get_by_role("link", name=f"source {stored.pk}").count() == 1
    assert page.get_by_label("Text").evaluate("box => box.value") == stored.text
    assert page.get_by_role("button", name="Save source").is_visible()
    # An answer htmx does not swap in (here: more than the server reads) shows beside its
    # target, and the text stays.
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 50_000
    text = long_article(80_000, seed=8)
    paste(page, text)
    alert = page.locator(".htmx-error[role=alert]")
    alert.wait_for()
    assert "larger than the tracker reads" in alert.inner_text()
    assert page.get_by_label("Text").evaluate("box => box.value") == text
    assert page.get_by_role("heading", name="Add a source").is_visible()
    # Chromium and htmx log the failed answers themselves; that is expected here.
    page.watch.errors = [
        e for e in page.watch.errors if "status of 4" not in e and "Error Code 413" not in e
    ]
