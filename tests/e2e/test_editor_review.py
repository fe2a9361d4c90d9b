"""Review, change and history in a real browser: an editor edits a published position (it goes
back to review), another user, a reviewer, publishes it from the queue in place, the editor
retracts it with a reason, and its history shows every step. A second editor working from a
stale copy is refused and sees both versions. Every page passes axe-core; screenshots of each
step go to /tmp/shots/review-*.png."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from tests.e2e.conftest import PHONE, axe_violations, log_in, scoped_url
from tracker.models import Position, ReviewStatus

pytestmark = pytest.mark.django_db(transaction=True)
SHOTS = Path("/tmp/shots")


@pytest.fixture
def people(seeded, editor_account, reviewer):
    return {"amira": editor_account, "jonas": reviewer}


def shoot(page, name, full_page=True):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"review-{name}.png"), full_page=full_page)


def headings_in_order(page):
    levels = page.eval_on_selector_all("h1, h2, h3, h4, h5, h6", "hs => hs.map(h => +h.tagName[1])")
    assert levels and levels[0] == 1 and levels.count(1) == 1, levels
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False)), levels


def seed_position():
    return Position.objects.current().get(party__code="ISR", provision__slug="chapter-vii")


def test_edit_review_publish_retract_and_the_history_of_it_all(people, open_page):
    position = seed_position()
    edit_path = reverse("tracker:position-edit", args=[position.pk])
    history_path = reverse("tracker:history", args=["position", position.pk])

    # 1. The editor opens the position's edit form from the provision page.
    editor = open_page(None)
    log_in(editor, "amira")
    editor.goto(reverse("tracker:provision", args=["chapter-vii"]))
    entry = editor.locator("li.position", has_text=position.summary).first
    entry.get_by_role("link", name=re.compile(r"^Edit ")).click()
    editor.wait_for_url(re.compile(re.escape(edit_path) + "$"))
    assert "sends it back to review" in editor.inner_text("main")
    shoot(editor, "1-edit-form")
    editor.get_by_label("Speaker").fill("Israeli diplomat at the UN")
    editor.get_by_label("Summary").fill("Wants the text to avoid invoking Chapter VII.")
    editor.get_by_role("button", name="Save changes").click()
    editor.wait_for_url(re.compile(re.escape(history_path) + "$"))
    assert "goes back to review" in editor.inner_text(".messages")
    shoot(editor, "2-saved-history")

    # 2. On the provision page the editor sees it apart, awaiting review, not counted.
    editor.goto(reverse("tracker:provision", args=["chapter-vii"]))
    awaiting = editor.locator("section.awaiting")
    assert "Wants the text to avoid invoking Chapter VII." in awaiting.inner_text()
    assert "Pending review" in awaiting.inner_text()
    awaiting.scroll_into_view_if_needed()
    shoot(editor, "3-awaiting-review")
    position.refresh_from_db()
    assert position.status == ReviewStatus.PENDING

    # 3. The editor may not publish their own change: no buttons for them (not a reviewer).
    editor.goto(reverse("tracker:review"))
    item = editor.locator(f"#review-position-{position.pk}")
    assert item.get_by_role("button", name=re.compile("Publish")).count() == 0

    # 4. The reviewer, another user, publishes it from the queue, in place.
    reviewer = open_page(None)
    log_in(reviewer, "jonas")
    reviewer.goto(reverse("tracker:review"))
    reviewer.evaluate("window.notReloaded = true")
    item = reviewer.locator(f"#review-position-{position.pk}")
    item.get_by_label("Comment for the editor").fill("Checked against the UN press release.")
    item.scroll_into_view_if_needed()
    shoot(reviewer, "4-queue")
    item.get_by_role("button", name=re.compile("^Publish")).click()
    reviewer.wait_for_selector(f"#review-position-{position.pk}.done")
    assert "Published:" in reviewer.inner_text(f"#review-position-{position.pk}")
    assert reviewer.evaluate("window.notReloaded") is True
    shoot(reviewer, "5-published")
    position.refresh_from_db()
    assert position.status == ReviewStatus.PUBLISHED
    assert position.reviewed_by == people["jonas"]

    # 5. Published, it is in the matrix: Israel's Chapter VII cell opens it as evidence, in place.
    editor.goto(scoped_url("matrix"))
    editor.locator('a[href^="/matrix/cell/ISR/chapter-vii/"]').first.click()
    evidence = editor.locator("#evidence-panel.is-open")
    evidence.wait_for()
    assert "Wants the text to avoid invoking Chapter VII." in evidence.inner_text()
    shoot(editor, "5b-matrix-evidence", full_page=False)

    # 6. The editor retracts it, with a reason.
    editor.goto(reverse("tracker:position-retract", args=[position.pk]))
    editor.get_by_label("Reason").fill("The quote is from an earlier draft of the text.")
    shoot(editor, "6-retract-form")
    editor.get_by_role("button", name="Retract this position").click()
    editor.wait_for_url(re.compile(re.escape(history_path) + "$"))
    position.refresh_from_db()
    assert position.is_retracted

    # 7. The history shows every step, newest first, with who and what.
    actions = editor.locator(".history-entry .action").all_inner_texts()
    assert actions == ["Retracted", "Published", "Edited; back to review", "Recorded"]
    text = editor.inner_text("main")
    assert "by jonas" in text and "by amira" in text
    assert "The quote is from an earlier draft of the text." in text
    assert "Checked against the UN press release." in text
    shoot(editor, "7-history")

    # …and the public sees it too, without names and reviewers' notes.
    visitor = open_page(history_path)
    text = visitor.inner_text("main")
    assert "Retracted" in text and "jonas" not in text and "Checked against" not in text
    shoot(visitor, "8-history-public")


def test_a_stale_edit_is_refused_and_both_versions_shown(people, open_page):
    position = seed_position()
    edit_path = reverse("tracker:position-edit", args=[position.pk])
    first, second = open_page(None), open_page(None)
    for page in (first, second):
        log_in(page, "amira")
        page.goto(edit_path)
    first.get_by_label("Summary").fill("First editor's summary.")
    first.get_by_role("button", name="Save changes").click()
    first.wait_for_url(re.compile("/history/"))
    second.get_by_label("Summary").fill("Second editor's summary.")
    with second.expect_response(lambda r: r.request.method == "POST") as answer:
        second.get_by_role("button", name="Save changes").click()
    assert answer.value.status == 409
    text = second.inner_text("main")
    assert "Someone else saved this first" in text
    assert "First editor's summary." in text and "Second editor's summary." in text
    shoot(second, "9-conflict")
    position.refresh_from_db()
    assert position.summary == "First editor's summary."
    second.watch.errors = [e for e in second.watch.errors if "status of 409" not in e]


def test_the_editor_pages_pass_axe_and_work_on_a_phone(people, open_page):
    position = seed_position()
    source = position.excerpt.source
    page = open_page(None, bypass_csp=True)  # axe-core is injected as an inline script
    log_in(page, "jonas")
    problems = {}
    for name, path in {
        "queue": reverse("tracker:review"),
        "edit position": reverse("tracker:position-edit", args=[position.pk]),
        "edit source": reverse("tracker:source-edit", args=[source.pk]),
        "retract position": reverse("tracker:position-retract", args=[position.pk]),
        "retract excerpt": reverse("tracker:excerpt-retract", args=[position.excerpt_id]),
        "history": reverse("tracker:history", args=["position", position.pk]),
        "history provision": reverse("tracker:history", args=["provision", position.provision_id]),
        "recent changes": reverse("tracker:recent-changes"),
    }.items():
        assert page.goto(path).status == 200, name
        assert page.title().endswith("· Resolution Tracker"), name
        headings_in_order(page)
        if violations := axe_violations(page):
            problems[name] = violations
    assert problems == {}
    phone = open_page(None, viewport=PHONE)
    log_in(phone, "jonas")
    for path in (
        reverse("tracker:recent-changes"),
        reverse("tracker:position-edit", args=[position.pk]),
    ):
        phone.goto(path)
        assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], path
    shoot(phone, "10-phone-edit")
    phone.goto(reverse("tracker:recent-changes"))
    shoot(phone, "11-phone-changes", full_page=False)  # a hundred of them: the first few


def test_reviewing_works_with_javascript_off(people, open_page):
    position = seed_position()
    editor = open_page(None, js=False)
    log_in(editor, "amira")
    editor.goto(reverse("tracker:position-edit", args=[position.pk]))
    editor.get_by_label("Speaker").fill("A named diplomat")
    editor.get_by_role("button", name="Save changes").click()
    editor.wait_for_url(re.compile("/history/"))
    reviewer = open_page(None, js=False)
    log_in(reviewer, "jonas")
    reviewer.goto(reverse("tracker:review"))
    item = reviewer.locator(f"#review-position-{position.pk}")
    item.get_by_role("button", name=re.compile("^Send back")).click()
    # Without a comment: the page says so next to the field, and nothing changes.
    assert "Say what should change" in reviewer.inner_text("main")
    reviewer.get_by_label("Comment for the editor").fill("Name the diplomat's post.")
    reviewer.get_by_role("button", name=re.compile("^Send back")).click()
    reviewer.wait_for_url(re.compile(r"/review/$"))
    assert "Sent back:" in reviewer.inner_text(".messages")
    position.refresh_from_db()
    assert position.status == ReviewStatus.RETURNED
    reviewer.watch.errors = [e for e in reviewer.watch.errors if "status of 400" not in e]
