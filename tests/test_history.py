"""History pages (tracker/views/history.py, tracker/reading/history.py): one record's changes field by
field, and the recent changes across the site; what the public sees and what editors see."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import make_excerpt, make_party, make_position, make_provision, make_source
from tests.users import make_user
from tracker.models import ProvisionAlias, ReviewStatus
from tracker.reading import history

pytestmark = pytest.mark.django_db

PENDING, PUBLISHED = ReviewStatus.PENDING, ReviewStatus.PUBLISHED


def history_url(kind, pk):
    return reverse("tracker:history", args=[kind, pk])


@pytest.fixture
def author():
    return make_user("amira")


@pytest.fixture
def lived(client, author, reviewer):
    """A position recorded as a draft, sent back, edited, published, edited again (back to
    review), published again and finally retracted, each step through the app."""
    position = make_position(
        make_party(name="Egypt", code="EGY", kind="state"),
        make_provision(title="Board of Peace"),
        status=PENDING,
        recorded_by=author,
        stance="opposes",
        summary="Draft summary never published.",
    )
    position.history.update(history_user=author)

    def edit(user, **changes):
        client.force_login(user)
        position.refresh_from_db()
        data = {
            "stance": position.stance,
            "attribution": position.attribution,
            "speaker": position.speaker,
            "stated_on": "",
            "summary": position.summary,
            "version": position.version,
            **changes,
        }
        response = client.post(reverse("tracker:position-edit", args=[position.pk]), data)
        assert response.status_code == 302, response.content.decode()

    def review(decision, comment=""):
        client.force_login(reviewer)
        position.refresh_from_db()
        url = reverse("tracker:review-position", args=[position.pk])
        data = {"decision": decision, "comment": comment, "version": position.version}
        assert client.post(url, data).status_code == 302

    review("return", "Internal note: check the stance.")
    edit(author, stance="conditional", summary="Backs the board if Egypt has a seat.")
    review("publish", "Checked.")
    edit(author, speaker="Foreign minister")
    review("publish")
    client.force_login(author)
    position.refresh_from_db()
    response = client.post(
        reverse("tracker:position-retract", args=[position.pk]),
        {"reason": "Misread the article.", "version": position.version},
    )
    assert response.status_code == 302
    client.logout()
    position.refresh_from_db()
    return position


def entries_in(page):
    return re.findall(r'<span class="action">([^<]+)</span>', page)


def test_editors_see_every_step_newest_first_with_who_and_what(client, lived, author):
    client.force_login(author)
    response = client.get(history_url("position", lived.pk))
    assert response.status_code == 200
    page = response.content.decode()
    assert entries_in(page) == [
        "Retracted",
        "Published",
        "Edited; back to review",
        "Published",
        "Edited; back to review",
        "Sent back",
        "Recorded",
    ]
    assert "by jonas" in page and "by amira" in page
    # Field by field, with labels and readable values.
    assert (
        '<th scope="row">Stance</th><td class="before">Opposes</td><td class="after">Conditional</td>'
        in page
    )
    assert "Reason for retraction" in page and "Misread the article." in page
    assert "Internal note: check the stance." in page  # reviewers' notes: editors only
    assert "Draft summary never published." in page


def test_the_public_sees_the_published_versions_without_names_or_notes(client, lived):
    response = client.get(history_url("position", lived.pk))
    assert response.status_code == 200
    page = response.content.decode()
    assert entries_in(page) == ["Retracted", "Edited", "Published"]
    assert "Draft summary never published." not in page
    assert "Internal note" not in page and "Checked." not in page
    assert "amira" not in page and "jonas" not in page
    assert "Backs the board if Egypt has a seat." in page
    assert "Foreign minister" in page


def test_the_history_of_a_record_the_public_cannot_see_is_for_editors(client, author):
    position = make_position(status=PENDING, recorded_by=author)
    source = make_source(status=PENDING)
    excerpt = make_excerpt(source)
    for kind, pk in [("position", position.pk), ("source", source.pk), ("excerpt", excerpt.pk)]:
        assert client.get(history_url(kind, pk)).status_code == 404
    client.force_login(make_user("visitor", editor=False))
    assert client.get(history_url("position", position.pk)).status_code == 404
    client.force_login(author)
    for kind, pk in [("position", position.pk), ("source", source.pk), ("excerpt", excerpt.pk)]:
        response = client.get(history_url(kind, pk))
        assert response.status_code == 200
        if kind != "excerpt":
            assert "Pending review" in response.content.decode()


def test_unknown_kinds_ids_and_pages_are_404(client):
    provision = make_provision()
    assert client.get(history_url("resolution", 1)).status_code == 404
    assert client.get(history_url("position", 999999)).status_code == 404
    url = history_url("provision", provision.pk)
    assert client.get(url).status_code == 200
    for page in ("0", "-1", "x", "2"):
        assert client.get(url, {"page": page}).status_code == 404


def test_provision_and_party_histories_are_public_with_their_aliases(client):
    provision = make_provision(title="Disarmament", aliases=["disarm*"])
    party = make_party(name="Hamas", code="hamas", aliases=["Hamas"])
    provision.title = "Disarmament of armed groups"
    provision.save()
    alias = ProvisionAlias.objects.get(provision=provision)
    alias.phrase = "decommission*"
    alias.save()
    ProvisionAlias.objects.create(provision=provision, phrase="weapons handover").delete()
    page = client.get(history_url("provision", provision.pk)).content.decode()
    assert entries_in(page) == [
        "Edited",
        "Added",
        "Alias removed",
        "Alias added",
        "Alias changed",
        "Alias added",
    ]
    assert "Disarmament of armed groups" in page
    assert '“disarm*”</span> → <span class="phrase">“decommission*”' in page
    assert "“weapons handover”" in page
    assert reverse("tracker:provision", args=[provision.slug]) in page
    page = client.get(history_url("party", party.pk)).content.decode()
    assert entries_in(page) == ["Added", "Alias added"]


def test_an_excerpts_mentions_are_diffed_by_name(client, author):
    excerpt = make_excerpt(make_source())
    excerpt.provisions.add(make_provision(title="Chapter VII"))
    excerpt.parties.add(make_party(name="Russia"))
    client.force_login(author)
    page = client.get(history_url("excerpt", excerpt.pk)).content.decode()
    assert "Provisions mentioned" in page and "Chapter VII" in page
    assert "Parties mentioned" in page and "Russia" in page


def test_a_long_history_is_paged(client):
    provision = make_provision(title="Version 0")
    for n in range(1, history.PAGE_SIZE + 5):
        provision.title = f"Version {n}"
        provision.save()
    url = history_url("provision", provision.pk)
    first = client.get(url).content.decode()
    assert len(entries_in(first)) == history.PAGE_SIZE
    assert "?page=2" in first and "Older changes" in first
    second = client.get(url, {"page": 2}).content.decode()
    assert entries_in(second)[-1] == "Added"
    assert "Newer changes" in second and "Older changes" not in second
    # The oldest entry of page 1 is still diffed against the version before it.
    assert entries_in(first)[-1] == "Edited"


def test_html_in_any_field_is_escaped_in_histories(client, author):
    position = make_position(summary="<img src=x onerror=alert(1)>", speaker="<i>x</i>")
    for url in (history_url("position", position.pk), EDITS, reverse("tracker:recent-changes")):
        page = client.get(url).content.decode()
        assert "<img src=x" not in page and "<i>x</i>" not in page


def test_a_record_history_runs_a_bounded_number_of_queries(client, author):
    def grow(position, n):
        for i in range(n):
            position.summary = f"Summary {i}"
            position.save()

    excerpt = make_excerpt(make_source())
    excerpt.provisions.add(make_provision())
    small = make_position(excerpt=excerpt)
    big = make_position(excerpt=excerpt, stance="opposes")
    grow(small, 2)
    grow(big, 40)
    client.force_login(author)
    counts = []
    for record, kind in [(small, "position"), (big, "position")]:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(history_url(kind, record.pk)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    for _ in range(30):
        excerpt.parties.add(make_party())
    with CaptureQueriesContext(connection) as queries:
        assert client.get(history_url("excerpt", excerpt.pk)).status_code == 200
    assert len(queries) <= counts[0] + 3


# --- Recent changes -------------------------------------------------------------------------

EDITS = "/changes/?view=edits"  # every edit, field by field; /changes/ itself is what's new


def test_recent_changes_lists_every_kind_newest_first_with_links(client, author):
    provision = make_provision(title="Withdrawal lines")
    party = make_party(name="Qatar")
    source = make_source(title="Doha talks")
    position = make_position(party, provision, make_excerpt(source), summary="Wants a timetable.")
    position.stance = "conditional"
    position.save()
    page = client.get(EDITS).content.decode()
    first_row = page.index('<ol class="change-list">')
    assert page.index("Stance", first_row) < page.index("Doha talks", first_row)
    for kind, pk in [
        ("position", position.pk),
        ("source", source.pk),
        ("provision", provision.pk),
        ("party", party.pk),
    ]:
        assert history_url(kind, pk) in page
    assert reverse("tracker:provision", args=[provision.slug]) in page
    assert "Qatar on Withdrawal lines: Conditional" in page


def test_recent_changes_shows_the_public_only_published_records(client, author):
    make_position(status=PENDING, summary="Pending one.", party=make_party(name="Secretland"))
    make_source(status=PENDING, title="Unpublished article")
    make_position(summary="Published one.", party=make_party(name="Openland"))
    public = client.get(EDITS).content.decode()
    assert "Openland on" in public
    assert "Secretland on" not in public and "Unpublished article" not in public
    assert "amira" not in public
    client.force_login(author)
    page = client.get(EDITS).content.decode()
    assert "Secretland on" in page and "Unpublished article" in page


def test_recent_changes_is_bounded_in_rows_and_queries(client):
    def build(n, tag):
        for i in range(n):
            source = make_source(title=f"{tag} {i}")
            excerpt = make_excerpt(source)
            excerpt.provisions.add(make_provision())
            position = make_position(excerpt=excerpt)
            position.summary = f"{tag} changed {i}"
            position.save()

    build(2, "small")
    with CaptureQueriesContext(connection) as small:
        client.get(EDITS)
    build(30, "big")
    with CaptureQueriesContext(connection) as big:
        page = client.get(EDITS).content.decode()
    assert len(big) <= len(small) + 2  # a name lookup or two more, never one per row
    assert page.count('class="history-link"') == history.RECENT_LIMIT
