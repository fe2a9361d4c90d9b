"""Changing and retracting records (tracker/views/changing.py): edit forms checked against the
version they were opened at, and retraction with a reason instead of deletion."""

import datetime
import re

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils import timezone

from tests.conftest import make_excerpt, make_party, make_position, make_provision, make_source
from tests.users import make_user
from tracker.models import Excerpt, Position, ReviewStatus, Source

pytestmark = pytest.mark.django_db

PUBLISHED = ReviewStatus.PUBLISHED


@pytest.fixture
def position():
    source = make_source(
        text="Israel objected to the mandate of the force, an official said.",
        title="Israel objects",
        published_on=datetime.date(2025, 11, 10),
    )
    return make_position(
        make_party(name="Israel", code="ISR", kind="state"),
        make_provision(title="Mandate of the force"),
        make_excerpt(source, quote="Israel objected to the mandate of the force"),
        stance="opposes",
        attribution="anonymous-official",
        summary="Objected to the mandate.",
        stated_on=datetime.date(2025, 11, 9),
    )


def edit_url(position):
    return reverse("tracker:position-edit", args=[position.pk])


def version_in(page):
    return int(re.search(r'name="version" value="(\d+)"', page).group(1))


def form_data(position, **changes):
    data = {
        "stance": position.stance,
        "attribution": position.attribution,
        "speaker": position.speaker,
        "stated_on": position.stated_on.isoformat() if position.stated_on else "",
        "summary": position.summary,
        "version": position.version,
    }
    return {**data, **changes}


# --- Access ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["position-edit", "position-retract", "source-edit"])
def test_anonymous_visitors_are_sent_to_log_in_and_others_get_403(client, position, name):
    pk = position.excerpt.source_id if name.startswith("source") else position.pk
    url = reverse(f"tracker:{name}", args=[pk])
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(resolve_url(settings.LOGIN_URL))
    assert client.post(url, {}).status_code == 302
    client.force_login(make_user("visitor", editor=False))
    assert client.get(url).status_code == 403
    assert client.post(url, {}).status_code == 403
    position.refresh_from_db()
    assert position.version == 1 and not position.is_retracted


def test_unknown_ids_are_404(client, editor):
    for name in ("position-edit", "source-edit", "position-retract", "excerpt-retract"):
        assert client.get(reverse(f"tracker:{name}", args=[999999])).status_code == 404
        assert client.post(reverse(f"tracker:{name}", args=[999999]), {}).status_code == 404


# --- Editing a position ---------------------------------------------------------------------


def test_the_form_opens_with_the_stored_values_and_its_version(client, editor, position):
    page = client.get(edit_url(position)).content.decode()
    assert version_in(page) == position.version
    assert 'value="Objected to the mandate."' in page
    assert 'value="2025-11-09"' in page
    assert "Israel objected to the mandate of the force" in page  # the quote, not editable
    assert 'name="party"' not in page and 'name="excerpt"' not in page
    assert "sends it back to review" in page  # it is published


def test_an_edit_saves_and_sends_a_published_position_back_to_review(client, editor, position):
    response = client.post(
        edit_url(position), form_data(position, stance="conditional", speaker="  Gideon   Saar ")
    )
    assert response.status_code == 302
    assert response.url == reverse("tracker:history", args=["position", position.pk])
    position.refresh_from_db()
    assert position.stance == "conditional" and position.speaker == "Gideon Saar"
    assert position.status == ReviewStatus.PENDING and position.version == 2
    assert not Position.objects.current().filter(pk=position.pk).exists()
    record = position.history.latest()
    assert record.history_user == editor and record.history_change_reason == "Edited"
    page = client.get(response.url).content.decode()
    assert "goes back to review" in page


def test_party_provision_and_excerpt_cannot_be_changed_here(client, editor, position):
    other = make_position()
    data = form_data(
        position,
        summary="Objected to the mandate, again.",
        party=other.party_id,
        provision=other.provision_id,
        excerpt=other.excerpt_id,
    )
    assert client.post(edit_url(position), data).status_code == 302
    position.refresh_from_db()
    assert (position.party_id, position.provision_id, position.excerpt_id) != (
        other.party_id,
        other.provision_id,
        other.excerpt_id,
    )
    assert position.summary == "Objected to the mandate, again."


def test_a_returned_position_goes_back_to_the_queue_when_edited(client, editor, position):
    Position.objects.filter(pk=position.pk).update(
        status=ReviewStatus.RETURNED, review_comment="Name the speaker."
    )
    position.refresh_from_db()
    page = client.get(edit_url(position)).content.decode()
    assert "Name the speaker." in page
    client.post(edit_url(position), form_data(position, speaker="A named official"))
    position.refresh_from_db()
    assert position.status == ReviewStatus.PENDING


def test_two_editors_open_the_same_position_and_the_second_save_is_refused(client, position):
    first, second = make_user("amira"), make_user("lena")
    one, two = client, client.__class__()
    one.force_login(first)
    two.force_login(second)
    # Both open the form…
    opened_one = version_in(one.get(edit_url(position)).content.decode())
    opened_two = version_in(two.get(edit_url(position)).content.decode())
    assert opened_one == opened_two == 1
    # …both save.
    saved = one.post(edit_url(position), form_data(position, summary="Objected to its scope."))
    assert saved.status_code == 302
    refused = two.post(
        edit_url(position),
        form_data(position, summary="Rejected the mandate.", stance="mixed", version=opened_two),
    )
    assert refused.status_code == 409
    page = refused.content.decode()
    assert "Someone else saved this first" in page
    assert "amira saved a change" in page
    assert "Your change was not saved, and theirs was not overwritten." in page
    # Both versions, side by side, and the form reopened on the saved one.
    assert "Objected to its scope." in page and "Rejected the mandate." in page
    assert "Mixed" in page and "Opposes" in page
    assert page.count("differs</span>") == 2
    assert version_in(page) == 2
    assert 'value="Objected to its scope."' in page
    position.refresh_from_db()
    assert position.summary == "Objected to its scope." and position.stance == "opposes"
    assert position.version == 2
    assert position.history.count() == 2  # created, then the first save only
    # Having seen both, the second editor may knowingly save theirs in its place.
    keep = re.search(
        r'<form method="post" action="[^"]*" class="keep-mine">(.*?)</form>', page, re.S
    )
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)">', keep.group(1)))
    assert fields["version"] == "2" and fields["summary"] == "Rejected the mandate."
    assert two.post(edit_url(position), fields).status_code == 302
    position.refresh_from_db()
    assert position.summary == "Rejected the mandate." and position.stance == "mixed"


def test_a_double_submission_changes_nothing_the_second_time(client, editor, position):
    data = form_data(position, summary="Objected to its scope.")
    assert client.post(edit_url(position), data).status_code == 302
    again = client.post(edit_url(position), data, follow=True)
    assert again.status_code == 200
    assert "already saved (was the form sent twice?)" in again.content.decode()
    position.refresh_from_db()
    assert position.version == 2 and position.history.count() == 2


def test_saving_unchanged_values_changes_nothing(client, editor, position):
    response = client.post(edit_url(position), form_data(position), follow=True)
    assert "Nothing was changed" in response.content.decode()
    position.refresh_from_db()
    assert position.version == 1 and position.status == PUBLISHED


def tomorrow() -> str:
    """Tomorrow as typed, worked out when the test runs (not when it is collected: a run may
    cross midnight)."""
    return (timezone.localdate() + datetime.timedelta(days=1)).isoformat()


def typed(changes: dict) -> dict:
    """The changes as the editor types them, a value given as a function read now."""
    return {key: value() if callable(value) else value for key, value in changes.items()}


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"summary": ""}, "summary", "This field is required."),
        ({"summary": "   "}, "summary", "This field is required."),
        ({"summary": "x" * 301}, "summary", "at most 300 characters"),
        ({"summary": "One line.\nTwo lines."}, "summary", "Keep the summary to one line."),
        ({"speaker": "x" * 301}, "speaker", "at most 300 characters"),
        ({"stated_on": "2025-13-45"}, "stated_on", "Enter a valid date."),
        ({"stated_on": "yesterday"}, "stated_on", "Enter a valid date."),
        ({"stated_on": tomorrow}, "stated_on", "This date is in the future"),
        ({"stance": "endorses"}, "stance", "Select a valid choice."),
        ({"attribution": ""}, "attribution", "This field is required."),
        ({"summary": "Null\x00byte"}, "summary", "Null characters are not allowed."),
    ],
)
def test_bad_input_is_answered_next_to_the_field_with_no_change(
    client, editor, position, changes, field, message
):
    response = client.post(edit_url(position), form_data(position, **typed(changes)))
    assert response.status_code == 400
    page = response.content.decode()
    errors = re.search(rf'<ul class="field-errors" id="id_{field}_error">(.*?)</ul>', page, re.S)
    assert errors and message in errors.group(1)
    assert f'aria-describedby="id_{field}_helptext id_{field}_error"' in page or (
        f'aria-describedby="id_{field}_error"' in page
    )
    assert "Nothing was saved." in page
    position.refresh_from_db()
    assert position.version == 1 and position.summary == "Objected to the mandate."


@pytest.mark.parametrize("version", ["", "abc", "0"])
def test_a_form_without_its_version_is_refused(client, editor, position, version):
    response = client.post(edit_url(position), form_data(position, summary="New.", version=version))
    assert response.status_code == 400
    assert "open the page again" in response.content.decode()
    position.refresh_from_db()
    assert position.summary == "Objected to the mandate."


def test_a_stance_already_recorded_from_the_same_quote_is_refused(client, editor, position):
    make_position(position.party, position.provision, position.excerpt, stance="mixed")
    response = client.post(edit_url(position), form_data(position, stance="mixed"))
    assert response.status_code == 400
    assert "already records this stance" in response.content.decode()


def test_html_in_a_field_is_kept_as_text_and_escaped(client, editor, position):
    speaker = '<script>alert("x")</script>'
    client.post(edit_url(position), form_data(position, speaker=speaker))
    position.refresh_from_db()
    assert position.speaker == speaker
    for url in (
        edit_url(position),
        reverse("tracker:history", args=["position", position.pk]),
        reverse("tracker:provision", args=[position.provision.slug]),
    ):
        page = client.get(url).content.decode()
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page, url
        assert '<script>alert("x")' not in page


def test_a_retracted_position_cannot_be_edited(client, editor, position):
    position.retract("Wrong party.")
    response = client.get(edit_url(position))
    assert response.status_code == 409
    assert "Record a new position instead." in response.content.decode()
    response = client.post(edit_url(position), form_data(position, summary="New."))
    assert response.status_code == 409
    position.refresh_from_db()
    assert position.summary == "Objected to the mandate."


# --- Editing a source -----------------------------------------------------------------------


def source_data(source, **changes):
    data = {
        "title": source.title,
        "outlet": source.outlet,
        "author": source.author,
        "url": source.url,
        "published_on": source.published_on.isoformat() if source.published_on else "",
        "language": source.language,
        "version": source.version,
    }
    return {**data, **changes}


def test_a_source_edit_changes_its_details_never_its_text(client, editor, position):
    source = position.excerpt.source
    url = reverse("tracker:source-edit", args=[source.pk])
    page = client.get(url).content.decode()
    assert 'name="text"' not in page and "stays so" in page
    data = source_data(
        source,
        title="Israel objects to the force's mandate",
        outlet="Example News",
        url="https://example.org/israel-objects",
        text="Replaced text.",
    )
    response = client.post(url, data)
    assert response.status_code == 302
    source.refresh_from_db()
    assert source.title == "Israel objects to the force's mandate"
    assert source.url == "https://example.org/israel-objects"
    assert source.text.startswith("Israel objected")
    assert source.status == PUBLISHED  # details are not a claim: it stays published
    assert source.history.latest().history_user == editor


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"title": "x" * 501}, "title", "at most 500 characters"),
        ({"url": "javascript:alert(1)"}, "url", "starting with http:// or https://"),
        ({"url": "https://" + "a" * 2000 + ".org"}, "url", "at most 2000 characters"),
        ({"published_on": "2025-02-30"}, "published_on", "Enter a valid date."),
        ({"published_on": tomorrow}, "published_on", "This date is in the future"),
        ({"language": "en_GB!"}, "language", "a language tag"),
        ({"language": ""}, "language", "This field is required."),
    ],
)
def test_bad_source_details_are_refused_next_to_the_field(
    client, editor, position, changes, field, message
):
    source = position.excerpt.source
    response = client.post(
        reverse("tracker:source-edit", args=[source.pk]), source_data(source, **typed(changes))
    )
    assert response.status_code == 400
    page = response.content.decode()
    errors = re.search(rf'<ul class="field-errors" id="id_{field}_error">(.*?)</ul>', page, re.S)
    assert errors and message in errors.group(1)
    source.refresh_from_db()
    assert source.version == 1


def test_a_url_another_source_has_is_refused_with_a_link_to_it(client, editor, position):
    other = make_source(url="https://example.org/taken")
    source = position.excerpt.source
    response = client.post(
        reverse("tracker:source-edit", args=[source.pk]),
        source_data(source, url="https://example.org/taken"),
    )
    assert response.status_code == 400
    assert reverse("tracker:source", args=[other.pk]) in response.content.decode()
    # Its own URL is fine.
    Source.objects.filter(pk=source.pk).update(url="https://example.org/own")
    source.refresh_from_db()
    response = client.post(
        reverse("tracker:source-edit", args=[source.pk]), source_data(source, outlet="Wire")
    )
    assert response.status_code == 302


def test_a_stale_source_edit_shows_both_versions(client, editor, position):
    source = position.excerpt.source
    url = reverse("tracker:source-edit", args=[source.pk])
    opened = version_in(client.get(url).content.decode())
    assert client.post(url, source_data(source, outlet="First outlet")).status_code == 302
    response = client.post(url, source_data(source, outlet="Second outlet", version=opened))
    assert response.status_code == 409
    page = response.content.decode()
    assert "First outlet" in page and "Second outlet" in page
    source.refresh_from_db()
    assert source.outlet == "First outlet"


def test_a_returned_source_goes_back_to_the_queue_when_edited(client, editor):
    source = make_source(status=ReviewStatus.RETURNED)
    client.post(
        reverse("tracker:source-edit", args=[source.pk]), source_data(source, author="A. Writer")
    )
    source.refresh_from_db()
    assert source.status == ReviewStatus.PENDING and source.author == "A. Writer"


# --- Retracting -----------------------------------------------------------------------------


def retract(client, record, reason="The quote is from an earlier draft.", version=None):
    kind = type(record).__name__.lower()
    return client.post(
        reverse(f"tracker:{kind}-retract", args=[record.pk]),
        {"reason": reason, "version": version or record.version},
    )


def test_retracting_a_position_keeps_it_in_the_history(client, editor, position):
    page = client.get(reverse("tracker:position-retract", args=[position.pk])).content.decode()
    assert "Nothing is deleted" in page and version_in(page) == 1
    response = retract(client, position)
    assert response.status_code == 302
    assert response.url == reverse("tracker:history", args=["position", position.pk])
    position.refresh_from_db()
    assert position.is_retracted and position.retracted_by == editor
    assert position.retraction_reason == "The quote is from an earlier draft."
    assert not Position.objects.current().filter(pk=position.pk).exists()
    assert Position.objects.filter(pk=position.pk).exists()
    page = client.get(response.url).content.decode()
    assert "Retracted" in page and "The quote is from an earlier draft." in page
    provision_page = client.get(
        reverse("tracker:provision", args=[position.provision.slug])
    ).content.decode()
    assert "No party's stance on this provision is recorded yet." in provision_page


@pytest.mark.parametrize(
    ("reason", "message"),
    [
        ("", "Say why this is being retracted."),
        ("  \n ", "Say why this is being retracted."),
        ("x" * 1001, "at most 1000 characters"),
    ],
)
def test_a_retraction_needs_a_reason(client, editor, position, reason, message):
    response = retract(client, position, reason=reason)
    assert response.status_code == 400
    assert message in response.content.decode()
    position.refresh_from_db()
    assert not position.is_retracted


def test_retracting_twice_or_from_a_stale_form_changes_nothing(client, editor, position):
    opened = position.version
    position.summary = "Changed meanwhile."
    position.save()
    response = retract(client, position, version=opened)
    assert response.status_code == 409
    assert "changed after you opened the form" in response.content.decode()
    position.refresh_from_db()
    assert not position.is_retracted
    assert retract(client, position).status_code == 302
    again = retract(client, position, reason="Second reason.")
    assert again.status_code == 409
    assert "already" in again.content.decode().lower()
    position.refresh_from_db()
    assert position.retraction_reason == "The quote is from an earlier draft."


def test_html_in_a_reason_is_escaped(client, editor, position):
    retract(client, position, reason="<b>bold</b> claim")
    page = client.get(reverse("tracker:history", args=["position", position.pk])).content.decode()
    assert "&lt;b&gt;bold&lt;/b&gt; claim" in page and "<b>bold</b>" not in page


def test_an_excerpt_that_positions_cite_is_not_retracted_until_they_are(client, editor, position):
    excerpt = position.excerpt
    pending = make_position(make_party(), position.provision, excerpt, status=ReviewStatus.PENDING)
    url = reverse("tracker:excerpt-retract", args=[excerpt.pk])
    page = client.get(url).content.decode()
    assert "Positions still rest on this excerpt" in page
    assert reverse("tracker:position-retract", args=[position.pk]) in page
    assert reverse("tracker:position-retract", args=[pending.pk]) in page
    assert 'name="reason"' not in page
    response = retract(client, excerpt)
    assert response.status_code == 409
    excerpt.refresh_from_db()
    assert not excerpt.is_retracted
    retract(client, position)
    retract(client, pending)
    assert retract(client, excerpt).status_code == 302
    excerpt.refresh_from_db()
    assert excerpt.is_retracted and excerpt.retracted_by == editor


def test_a_source_is_retracted_with_its_excerpts_once_no_position_cites_it(
    client, editor, position
):
    source = position.excerpt.source
    loose = make_excerpt(source, quote="an official said")
    assert retract(client, source).status_code == 409
    source.refresh_from_db()
    assert not source.is_retracted
    retract(client, position)
    source.refresh_from_db()
    assert retract(client, source, reason="Wrong article.").status_code == 302
    source.refresh_from_db()
    assert source.is_retracted and source.retraction_reason == "Wrong article."
    for excerpt in Excerpt.objects.filter(source=source):
        assert excerpt.is_retracted
        assert excerpt.retraction_reason == "Its source was retracted: Wrong article."
    assert loose.pk in Excerpt.objects.filter(source=source).values_list("pk", flat=True)
    page = client.get(reverse("tracker:source", args=[source.pk])).content.decode()
    assert "This source was retracted" in page
