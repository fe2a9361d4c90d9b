"""The negotiation's texts and its vote in a real browser, at desktop and phone width: a diff
between two made-up revisions side by side and inline, a position marked as referring to
earlier wording, the crosswalk, the vote, the projection and the timeline; each passes
axe-core, and each is saved as a screenshot (/tmp/shots/texts-*.png) to look at."""

import datetime
from pathlib import Path

import pytest
from django.urls import reverse

from tests.conftest import make_excerpt, make_party, make_position, make_provision, make_source
from tests.e2e.conftest import PHONE, axe_violations, log_in
from tests.made_up_resolutions import REVISION_1, REVISION_2
from tracker.models import Negotiation, VoteEvent
from tracker.recording import texts

pytestmark = pytest.mark.django_db(transaction=True)
SHOTS = Path("/tmp/shots")


@pytest.fixture
def revised(seeded):
    """A made-up draft in a negotiation of its own, two revisions with their texts, and a
    position stated between them on a provision whose wording changed."""
    negotiation = Negotiation.objects.create(slug="veloria", title="Veloria lighthouses")
    reporting = make_provision(
        slug="lamp-reports",
        title="Reports on the lamps",
        negotiation=negotiation,
        aliases=["report to the Council"],
    )
    make_provision(
        slug="lamp-keepers", title="Keepers", negotiation=negotiation, aliases=["keeper service"]
    )
    sponsor = make_party(code="RUR", name="Ruritania", kind="state")
    citation = texts.record_citation(url="https://example.org/veloria", quote="A draft.")
    draft = texts.record_draft(negotiation, slug="lamps", title="Lamps draft", sponsor=sponsor)
    texts.record_version(
        draft,
        label="First draft",
        status="circulated",
        provenance="official-text",
        circulated_on=datetime.date(2025, 10, 1),
        text=REVISION_1,
        citations=[citation],
    )
    source = make_source(text="Ruritania objected to yearly reports.", title="Ruritania on reports")
    make_position(
        sponsor,
        reporting,
        make_excerpt(source, quote="Ruritania objected to yearly reports."),
        stance="opposes",
        stated_on=datetime.date(2025, 10, 5),
    )
    texts.record_version(
        draft,
        label="Revised draft",
        status="circulated",
        provenance="official-text",
        circulated_on=datetime.date(2025, 10, 10),
        text=REVISION_2,
        citations=[citation],
    )
    return negotiation


def shoot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"texts-{name}.png"), full_page=True)


def test_a_diff_side_by_side_and_inline_and_earlier_wording(revised, open_page):
    compare = reverse("tracker:compare", args=["veloria", "lamps"])
    for viewport, tag in ((None, "desktop"), (PHONE, "phone")):
        page = open_page(None, bypass_csp=True, **({"viewport": viewport} if viewport else {}))
        problems = {}
        page.goto(compare + "?from=1&to=2")
        assert page.locator("del", has_text="year").count() >= 1
        assert page.locator("ins", has_text="six months").count() >= 1
        problems["side by side"] = axe_violations(page)
        shoot(page, f"diff-side-{tag}")
        page.get_by_label("Show").select_option("inline")
        page.get_by_role("button", name="Compare").click()
        page.wait_for_url("**view=inline**")
        assert "OP3 → OP4" in page.locator(".diff-inline").inner_text()
        problems["inline"] = axe_violations(page)
        shoot(page, f"diff-inline-{tag}")
        page.goto(reverse("tracker:provision", args=["lamp-reports"]))
        note = page.locator(".earlier-wording-note")
        assert "May refer to earlier wording" in note.first.inner_text()
        assert page.locator("#wording .badge.changed").count() == 1
        problems["provision across versions"] = axe_violations(page)
        shoot(page, f"provision-{tag}")
        page.goto(reverse("tracker:matrix", args=["veloria"]))
        assert page.locator("#cell-RUR-lamp-reports .earlier-wording").count() == 1
        problems["matrix"] = axe_violations(page)
        assert {name: found for name, found in problems.items() if found} == {}
        if viewport:
            for path in (compare + "?from=1&to=2", compare + "?from=1&to=2&view=inline"):
                page.goto(path)
                assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_the_seeded_texts_and_vote_pages_at_both_widths(seeded, open_page):
    slug = Negotiation.objects.default().slug
    pages = {
        "versions": reverse("tracker:drafts", args=[slug]),
        "crosswalk": reverse("tracker:crosswalk", args=[slug]),
        "vote": VoteEvent.objects.get().get_absolute_url(),
        "projection": reverse("tracker:projection", args=[slug]) + "?as_of=2025-11-16",
        "timeline": reverse("tracker:timeline", args=[slug]),
        "overview": reverse("tracker:overview", args=[slug]),
    }
    for viewport, tag in ((None, "desktop"), (PHONE, "phone")):
        page = open_page(None, bypass_csp=True, **({"viewport": viewport} if viewport else {}))
        for name, path in pages.items():
            page.goto(path)
            assert axe_violations(page) == [], name
            shoot(page, f"{name}-{tag}")
            if viewport:
                width = page.evaluate("document.documentElement.scrollWidth")
                assert width <= PHONE["width"], (name, width)
    page.goto(pages["vote"])
    assert "13–0–2." in page.locator(".vote-result").inner_text()
    assert page.locator("svg.chart title").first.text_content().startswith("How the Council voted")


def test_an_editor_reads_a_paragraph_and_adds_a_reported_change(revised, editor_account, open_page):
    version_2 = reverse("tracker:version", args=["veloria", "lamps", 2])
    for viewport, tag in ((None, "desktop"), (PHONE, "phone")):
        page = open_page(None, bypass_csp=True, **({"viewport": viewport} if viewport else {}))
        log_in(page)
        page.goto(version_2)
        page.locator("#para_3 .paragraph-edit").click()
        page.wait_for_url("**/paragraphs/para_3/")
        assert axe_violations(page) == []
        shoot(page, f"paragraph-form-{tag}")
        if viewport:
            assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
            continue
        # The new OP3 is read as the old OP3, carrying the keepers.
        page.locator("input[name=earlier][value=para_3]").check()
        page.get_by_label("Keepers").check()
        page.get_by_role("button", name="Save").click()
        page.wait_for_url("**/versions/2/#para_3")
        assert "saved as you read it" in page.locator(".messages").inner_text()
        assert "Keepers" in page.locator("#para_3 .paragraph-provisions").inner_text()
        # A source given without its scheme is refused in place, keeping what was typed.
        page.goto(reverse("tracker:reported-change-new", args=["veloria", "lamps", 2]))
        page.get_by_label("Provision", exact=True).select_option("lamp-reports")
        page.get_by_label("What changed").fill("Reports every six months.")
        page.get_by_label("Reported at (URL)").fill("example.org/story")
        page.get_by_role("button", name="Save the change").click()
        assert "starting with http://" in page.locator(".field-errors").inner_text()
        page.watch.errors.remove(
            "Failed to load resource: the server responded with a status of 400 (Bad Request)"
        )
        assert page.get_by_label("What changed").input_value() == "Reports every six months."
        assert axe_violations(page) == []
        shoot(page, "reported-change-refused-desktop")
