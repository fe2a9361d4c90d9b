"""Editors keep the negotiation's texts through pages (tracker/views/revising.py): the next
version of a draft with its source, a change reported in a version, their reading of a paragraph,
and a newer text of an article. Bad input is refused in place and changes nothing. Every text
here is made up (tests/made_up_resolutions.py)."""

import pytest
from django.urls import reverse

from tests.conftest import make_excerpt, make_position, make_source
from tests.made_up_resolutions import REVISION_2
from tests.test_texts import DAY_2, paragraph
from tracker.models import Excerpt, ParagraphProvision, ReportedChange, Source, Version
from tracker.recording import texts

pytestmark = pytest.mark.django_db


def version_new_url(veloria):
    return reverse("tracker:version-new", args=[veloria["negotiation"].slug, veloria["draft"].slug])


def version_form(**changes):
    data = {
        "label": "Revised draft",
        "symbol": "S/2099/1/Rev.1",
        "circulated_on": DAY_2.isoformat(),
        "date_precision": "day",
        "status": "circulated",
        "resolution_symbol": "",
        "provenance": "official-text",
        "summary": "",
        "text": REVISION_2,
        "source_url": "https://example.org/veloria-rev1",
        "source_outlet": "Veloria Times",
        "source_quote": "A revised draft was circulated on Friday.",
    }
    return {**data, **changes}


def test_the_editors_pages_are_for_editors(client, veloria):
    for url in (
        version_new_url(veloria),
        reverse("tracker:source-revise", args=[veloria["first"].text_source.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response.url


def test_an_editor_adds_a_version_with_its_text_and_its_source(client, veloria, editor):
    response = client.post(version_new_url(veloria), version_form())
    version = Version.objects.get(draft=veloria["draft"], number=2)
    assert response.status_code == 302 and response.url.endswith("/versions/2/")
    assert version.label == "Revised draft" and version.circulated_on == DAY_2
    assert [c.url for c in version.citations.all()] == ["https://example.org/veloria-rev1"]
    # Its text is split and matched: the old OP3 is the new OP4.
    assert paragraph(version, "para_4").lineage == paragraph(veloria["first"], "para_3").lineage
    page = client.get(response.url).text
    assert "its text split into" in page and "Welcomes the offer of neighbouring states" in page


def test_a_version_without_its_source_or_with_a_made_up_text_is_refused_in_place(
    client, veloria, editor
):
    missing_source = client.post(version_new_url(veloria), version_form(source_url=""))
    assert missing_source.status_code == 400
    assert "Give the address of the page that reports it." in missing_source.text
    # What was typed stays in the form.
    assert "Welcomes the offer of neighbouring states" in missing_source.text
    not_official = client.post(
        version_new_url(veloria), version_form(provenance="reported-changes")
    )
    assert not_official.status_code == 400
    assert "Only an official text is stored as the version" in not_official.text
    dated_before = client.post(version_new_url(veloria), version_form(circulated_on="2025-09-01"))
    assert dated_before.status_code == 400
    assert "dated before First draft" in dated_before.text
    assert not Version.objects.filter(number=2).exists()


def test_a_version_known_only_by_reporting_then_its_reported_change(client, veloria, editor):
    response = client.post(
        version_new_url(veloria),
        version_form(text="", provenance="reported-changes", symbol="", date_precision="week"),
    )
    assert response.status_code == 302
    version = Version.objects.get(number=2)
    assert version.text_source is None and version.date_precision == "week"
    url = reverse("tracker:reported-change-new", args=[veloria["negotiation"].slug, "lamps", 2])
    form = {
        "provision": "reporting",
        "kind": "changed",
        "description": "Reports are due every six months instead of every year.",
        "quoted_wording": "",
        "source_url": "https://example.org/veloria-rev1",
        "source_outlet": "",
        "source_quote": "",
    }
    refused = client.post(url, {**form, "description": " "})
    assert refused.status_code == 400 and not ReportedChange.objects.exists()
    assert "Say what changed, in neutral words." in refused.text
    assert '<option value="reporting" selected>' in refused.text  # what was chosen stays
    saved = client.post(url, form)
    assert saved.status_code == 302
    change = ReportedChange.objects.get()
    assert change.provision == veloria["reporting"] and change.citations.count() == 1
    assert "Reports are due every six months" in client.get(saved.url).text


def test_an_editor_corrects_a_paragraph_and_confirms_its_provisions(client, veloria, editor):
    second = client.post(version_new_url(veloria), version_form())
    assert second.status_code == 302
    version = Version.objects.get(number=2)
    new_op3 = paragraph(version, "para_3")  # "Welcomes the offer … lamps and keepers"
    url = reverse(
        "tracker:paragraph-edit", args=[veloria["negotiation"].slug, "lamps", 2, "para_3"]
    )
    page = client.get(url)
    assert page.status_code == 200 and "New in this version" in page.text
    # The editor reads it as the old OP3 (the keeper service) and says it carries Keepers.
    response = client.post(url, {"earlier": "para_3", "provisions": ["keepers"]})
    assert response.status_code == 302 and response.url.endswith("#para_3")
    new_op3.refresh_from_db()
    assert new_op3.lineage == paragraph(veloria["first"], "para_3").lineage
    assert new_op3.lineage_by_editor
    mapping = ParagraphProvision.objects.get(paragraph=new_op3)
    assert (mapping.provision, mapping.mapping) == (veloria["keepers"], "confirmed")
    # The paragraph that had that identity before is new now.
    assert paragraph(version, "para_4").lineage != new_op3.lineage


def test_a_paragraph_form_with_a_made_up_choice_changes_nothing(client, veloria, editor):
    client.post(version_new_url(veloria), version_form())
    version = Version.objects.get(number=2)
    before = {(p.eid, p.lineage) for p in version.paragraphs.all()}
    url = reverse(
        "tracker:paragraph-edit", args=[veloria["negotiation"].slug, "lamps", 2, "para_3"]
    )
    response = client.post(url, {"earlier": "para_99", "provisions": ["nowhere"]})
    assert response.status_code == 400
    assert "Choose one of the paragraphs listed" in response.text
    assert {(p.eid, p.lineage) for p in version.paragraphs.all()} == before


def test_a_newer_text_of_an_article_keeps_its_excerpts_and_lists_what_it_lost(
    client, veloria, editor
):
    article = make_source(
        text="Ruritania objected to the Board. Later it agreed to the keepers.",
        url="https://example.org/story",
        title="Story",
    )
    kept = make_excerpt(article, quote="Later it agreed to the keepers.")
    lost = make_excerpt(article, quote="Ruritania objected to the Board.")
    make_position(veloria["sponsor"], veloria["board"], lost, stance="opposes")
    url = reverse("tracker:source-revise", args=[article.pk])
    assert "Store a newer text" in client.get(article.get_absolute_url()).text
    response = client.post(url, {"text": "Update, 5 pm: Later it agreed to the keepers."})
    assert response.status_code == 302
    newer = Source.objects.get(revision_of=article)
    page = client.get(response.url).text
    assert "1 of the earlier text" in page and "1 was not" in page
    assert "A newer text of" in page
    assert newer.excerpts.get(carried_from=kept).exact == kept.exact
    # The old text stands, says it was updated, and offers no second newer text.
    old_page = client.get(article.get_absolute_url()).text
    assert "its newer text" in old_page and "Store a newer text" not in old_page
    assert Excerpt.objects.standing().filter(pk=lost.pk).exists()
    assert client.get(url).url == reverse("tracker:source-revise", args=[newer.pk])


def test_an_empty_newer_text_is_refused(client, veloria, editor):
    article = make_source(text="Ruritania objected.", title="Story")
    response = client.post(reverse("tracker:source-revise", args=[article.pk]), {"text": "  "})
    assert response.status_code == 400
    assert not Source.objects.filter(revision_of=article).exists()


def test_the_version_page_offers_editors_their_links(client, veloria, editor):
    url = veloria["first"].get_absolute_url()
    page = client.get(url).text
    assert "Correct<span" in page
    client.logout()
    assert "Correct<span" not in client.get(url).text


def test_an_editor_names_the_version_a_statement_is_about(client, veloria, editor):
    second = client.post(version_new_url(veloria), version_form())
    assert second.status_code == 302
    source = make_source(text="Ruritania backs the lamp oil fund.", title="Oil")
    position = make_position(
        veloria["sponsor"],
        veloria["reporting"],
        make_excerpt(source, quote="Ruritania backs the lamp oil fund."),
        stance="supports",
        stated_on=DAY_2,
    )
    texts.refresh_positions(veloria["negotiation"])  # make_position saves it directly
    position.refresh_from_db()
    revised = Version.objects.get(number=2)
    assert position.refers_to == revised  # the version standing that day
    url = reverse("tracker:position-edit", args=[position.pk])
    page = client.get(url).text
    assert "About the version" in page and "Lamps draft: First draft (1 Oct 2025)" in page
    form = {
        "version": position.version,
        "stance": "supports",
        "attribution": position.attribution,
        "speaker": position.speaker,
        "stated_on": DAY_2.isoformat(),
        "summary": position.summary,
        "about_version": veloria["first"].pk,
    }
    response = client.post(url, form)
    assert response.status_code == 302
    position.refresh_from_db()
    # It is about the first draft, whose wording on reporting the revision changed.
    assert position.refers_to == veloria["first"] and position.wording_changed
