"""The review queue and reviewers' decisions (tracker/views/review.py)."""

import pytest
from django.conf import settings
from django.db import connection
from django.shortcuts import resolve_url
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import (
    make_excerpt,
    make_party,
    make_position,
    make_provision,
    make_source,
    scoped_url,
)
from tests.users import make_user
from tracker.models import Position, ReviewStatus, Source
from tracker.recording import shapers

pytestmark = pytest.mark.django_db

QUEUE = reverse("tracker:review")
PENDING = ReviewStatus.PENDING


@pytest.fixture
def author():
    return make_user("amira")


@pytest.fixture
def pending(author):
    """A published source with a pending position on it, recorded by `author`."""
    source = make_source(
        text="Türkiye said it was ready to send troops to the force.", title="Ankara ready"
    )
    excerpt = make_excerpt(source, quote="Türkiye said it was ready to send troops")
    return make_position(
        make_party(name="Türkiye"),
        make_provision(title="International Stabilization Force"),
        excerpt,
        status=PENDING,
        recorded_by=author,
        summary="Said it was ready to send troops.",
    )


def decide(client, position, decision="publish", comment="", version=None, **extra):
    data = {"decision": decision, "comment": comment, "version": version or position.version}
    return client.post(reverse("tracker:review-position", args=[position.pk]), data, **extra)


# --- Who may see and decide -----------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_log_in(client, pending):
    for url in (QUEUE, reverse("tracker:review-position", args=[pending.pk])):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(resolve_url(settings.LOGIN_URL))
    assert decide(client, pending).status_code == 302
    pending.refresh_from_db()
    assert pending.status == PENDING


def test_a_user_who_is_not_an_editor_gets_a_plain_403(client, pending):
    client.force_login(make_user("visitor", editor=False))
    response = client.get(QUEUE)
    assert response.status_code == 403
    assert "This page is for the tracker" in response.content.decode()
    assert decide(client, pending).status_code == 403


def test_an_editor_sees_the_queue_but_no_buttons(client, pending, author):
    client.force_login(make_user("lena"))
    page = client.get(QUEUE).content.decode()
    assert "Said it was ready to send troops." in page
    assert "Türkiye said it was ready to send troops" in page
    assert "Recorded by amira" in page
    assert 'value="publish"' not in page
    assert "A reviewer publishes it or sends it back." in page
    # …and may not decide by posting either.
    assert decide(client, pending).status_code == 403
    pending.refresh_from_db()
    assert pending.status == PENDING


def test_a_reviewer_gets_the_buttons_except_on_what_they_recorded(client, reviewer, pending):
    own = make_position(status=PENDING, recorded_by=reviewer, summary="Own record.")
    client.force_login(reviewer)
    page = client.get(QUEUE).content.decode()
    assert page.count('value="publish"') == 1
    assert f'action="{reverse("tracker:review-position", args=[pending.pk])}"' in page
    assert "You recorded or changed this position, so another reviewer decides on it." in page
    assert f'action="{reverse("tracker:review-position", args=[own.pk])}"' not in page


def test_the_queue_lists_the_oldest_first_with_sources_and_counts(client, reviewer, author):
    first = make_position(status=PENDING, recorded_by=author, summary="First recorded.")
    second = make_position(status=PENDING, recorded_by=author, summary="Second recorded.")
    source = make_source(
        text="An article still waiting <b>for</b> a reviewer.", status=PENDING, created_by=author
    )
    make_position(status=ReviewStatus.PUBLISHED, summary="Already published.")
    retracted = make_position(status=PENDING, summary="Withdrawn draft.")
    retracted.retract("Recorded by mistake.")
    client.force_login(reviewer)
    page = client.get(QUEUE).content.decode()
    assert page.index("First recorded.") < page.index("Second recorded.")
    assert "Already published." not in page and "Withdrawn draft." not in page
    assert "(2 waiting)" in page and "(1 waiting)" in page
    assert "An article still waiting &lt;b&gt;for&lt;/b&gt; a reviewer." in page
    assert f"Added by {author.username}" in page
    assert first.pk != second.pk != source.pk


def test_the_queue_runs_a_bounded_number_of_queries(
    client, reviewer, author, django_assert_max_num_queries
):
    def build(n):
        for _ in range(n):
            source = make_source(status=PENDING, created_by=author)
            make_position(excerpt=make_excerpt(source), status=PENDING, recorded_by=author)
            returned = make_position(status=ReviewStatus.RETURNED, reviewed_by=reviewer)
            returned.review_comment = "Check the date."
            returned.save()

    client.force_login(reviewer)
    build(2)
    with CaptureQueriesContext(connection) as small:
        assert client.get(QUEUE).status_code == 200
    build(8)
    with django_assert_max_num_queries(len(small)):
        assert client.get(QUEUE).status_code == 200


# --- Decisions ------------------------------------------------------------------------------


def test_publishing_sets_the_review_fields_in_one_versioned_save(client, reviewer, pending):
    client.force_login(reviewer)
    before = pending.version
    response = decide(client, pending, comment="Checked against the original.")
    assert response.status_code == 302 and response.url == QUEUE
    pending.refresh_from_db()
    assert pending.status == ReviewStatus.PUBLISHED
    assert pending.reviewed_by == reviewer and pending.reviewed_at is not None
    assert pending.review_comment == "Checked against the original."
    assert pending.version == before + 1
    assert Position.objects.current().filter(pk=pending.pk).exists()
    record = pending.history.latest()
    assert record.history_user == reviewer and record.status == ReviewStatus.PUBLISHED
    assert "Published:" in client.get(QUEUE).content.decode()  # the message after the redirect


def test_sending_back_needs_a_comment_next_to_the_field(client, reviewer, pending):
    client.force_login(reviewer)
    response = decide(client, pending, decision="return", comment="   ")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Say what should change before sending it back." in page
    assert 'aria-invalid="true"' in page
    pending.refresh_from_db()
    assert pending.status == PENDING and pending.version == 1


def test_sending_back_with_a_comment_shows_it_to_editors(client, reviewer, pending):
    client.force_login(reviewer)
    comment = "The quote is about <script>alert(1)</script> another provision."
    assert decide(client, pending, decision="return", comment=comment).status_code == 302
    pending.refresh_from_db()
    assert pending.status == ReviewStatus.RETURNED and pending.review_comment == comment
    assert not Position.objects.current().filter(pk=pending.pk).exists()
    client.force_login(make_user("lena"))
    page = client.get(QUEUE).content.decode()
    assert "Sent back by jonas" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert" not in page


def test_an_author_cannot_review_their_own_record(client, author, pending):
    reviewer_author = make_user("rhea", reviewer=True)
    own = make_position(status=PENDING, recorded_by=reviewer_author)
    client.force_login(reviewer_author)
    response = decide(client, own)
    assert response.status_code == 403
    assert "You recorded or changed this position" in response.content.decode()
    own.refresh_from_db()
    assert own.status == PENDING and own.reviewed_by is None


def test_a_reviewer_who_edited_it_since_publication_cannot_publish_it(client, author, pending):
    editor_reviewer = make_user("rhea", reviewer=True)
    client.force_login(editor_reviewer)
    url = reverse("tracker:position-edit", args=[pending.pk])
    data = {
        "stance": "conditional",
        "attribution": pending.attribution,
        "speaker": "",
        "stated_on": "",
        "summary": pending.summary,
        "version": pending.version,
    }
    assert client.post(url, data).status_code == 302
    pending.refresh_from_db()
    assert shapers(Position, [pending])[pending.pk] == {author.pk, editor_reviewer.pk}
    assert decide(client, pending).status_code == 403
    # Another reviewer may; after that, a new edit by someone else resets who may not.
    other = make_user("jonas", reviewer=True)
    client.force_login(other)
    assert decide(client, pending).status_code == 302
    pending.refresh_from_db()
    assert shapers(Position, [pending])[pending.pk] == {author.pk}


def test_a_position_whose_source_is_pending_waits_for_its_source(client, reviewer, author):
    source = make_source(
        text="Hamas said it would study the text.", status=PENDING, created_by=author
    )
    position = make_position(
        excerpt=make_excerpt(source), status=PENDING, recorded_by=author, summary="Will study it."
    )
    client.force_login(reviewer)
    page = client.get(QUEUE).content.decode()
    assert "Its source is awaiting review: publish the source first." in page
    response = decide(client, position)
    assert response.status_code == 409
    assert "publish the source first" in response.content.decode()
    assert reverse("tracker:review-source", args=[source.pk]) in response.content.decode()
    position.refresh_from_db()
    assert position.status == PENDING
    # Sending it back is still possible; publishing the source first unblocks it.
    response = client.post(
        reverse("tracker:review-source", args=[source.pk]),
        {"decision": "publish", "comment": "", "version": source.version},
    )
    assert response.status_code == 302
    source.refresh_from_db()
    assert source.status == ReviewStatus.PUBLISHED and source.reviewed_by == reviewer
    assert decide(client, position).status_code == 302


def test_a_decision_on_a_stale_copy_is_refused(client, reviewer, pending):
    client.force_login(reviewer)
    opened_at = pending.version
    pending.summary = "Changed meanwhile by an editor."
    pending.save()
    response = decide(client, pending, version=opened_at)
    assert response.status_code == 409
    page = response.content.decode()
    assert "changed after you opened it" in page
    assert "Changed meanwhile by an editor." in page  # shown as it stands now
    pending.refresh_from_db()
    assert pending.status == PENDING and pending.reviewed_by is None


def test_a_double_submission_says_it_was_already_done(client, reviewer, pending):
    client.force_login(reviewer)
    assert decide(client, pending).status_code == 302
    pending.refresh_from_db()
    version = pending.version
    response = decide(client, pending, version=version - 1)
    assert response.status_code == 409
    assert "already published by jonas" in response.content.decode()
    pending.refresh_from_db()
    assert pending.version == version


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"decision": "delete", "version": 1}, "Choose Publish or Send back."),
        ({"version": 1}, "Choose Publish or Send back."),
        ({"decision": "publish"}, "open the page again"),
        ({"decision": "publish", "version": "x"}, "open the page again"),
        ({"decision": "return", "comment": "x" * 2001, "version": 1}, "at most 2000"),
    ],
)
def test_bad_input_is_answered_with_a_message_and_no_change(
    client, reviewer, pending, data, message
):
    client.force_login(reviewer)
    response = client.post(reverse("tracker:review-position", args=[pending.pk]), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    pending.refresh_from_db()
    assert pending.status == PENDING and pending.version == 1


def test_unknown_records_and_get_on_decisions(client, reviewer, pending):
    client.force_login(reviewer)
    assert client.get(reverse("tracker:review-position", args=[999999])).status_code == 404
    assert client.post(reverse("tracker:review-source", args=[999999]), {}).status_code == 404
    assert client.put(reverse("tracker:review-position", args=[pending.pk])).status_code == 405
    response = client.get(reverse("tracker:review-position", args=[pending.pk]))
    assert response.status_code == 200 and 'value="publish"' in response.content.decode()


def test_a_retracted_record_is_not_reviewed(client, reviewer, pending):
    opened = Position.objects.get(pk=pending.pk)
    pending.retract("Wrong party.")
    client.force_login(reviewer)
    response = decide(client, opened)
    assert response.status_code == 409
    assert "retracted" in response.content.decode()


def test_the_source_item_shows_its_whole_text_escaped(client, reviewer, author):
    source = make_source(
        text="Opening line.\n<img src=x onerror=alert(1)> " + "word " * 200 + "Closing line.",
        status=PENDING,
        created_by=author,
    )
    client.force_login(reviewer)
    page = client.get(reverse("tracker:review-source", args=[source.pk])).content.decode()
    assert "Closing line." in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    queue_page = client.get(QUEUE).content.decode()
    assert "Opening line." in queue_page and "Closing line." not in queue_page


# --- htmx -----------------------------------------------------------------------------------


def test_with_htmx_a_decision_replaces_only_its_item(client, reviewer, pending):
    client.force_login(reviewer)
    response = decide(client, pending, headers={"HX-Request": "true"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "<html" not in page and f'id="review-position-{pending.pk}"' in page
    assert "Published:" in page


def test_with_htmx_errors_come_back_in_the_item(client, reviewer, pending):
    client.force_login(reviewer)
    response = decide(client, pending, decision="return", headers={"HX-Request": "true"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "<html" not in page and "Say what should change" in page
    assert f'id="review-position-{pending.pk}"' in page
    assert '<h3 class="review-title"' in page  # at the queue's heading level


def test_with_htmx_a_stale_or_repeated_decision_says_so_in_the_item(client, reviewer, pending):
    client.force_login(reviewer)
    opened_at = pending.version
    pending.summary = "Changed meanwhile."
    pending.save()
    hx = {"HX-Request": "true"}
    response = decide(client, pending, version=opened_at, headers=hx)
    assert response.status_code == 409  # swapped in too (htmx-config in base.html)
    page = response.content.decode()
    assert "<html" not in page and "changed after you opened it" in page
    assert "Changed meanwhile." in page
    assert decide(client, pending, version=pending.version, headers=hx).status_code == 200
    response = decide(client, pending, version=pending.version, headers=hx)
    assert response.status_code == 409
    page = response.content.decode()
    assert "<html" not in page and f'id="review-position-{pending.pk}"' in page
    assert "already published" in page


# --- Pending positions on the public pages --------------------------------------------------


def test_editors_see_pending_positions_apart_and_uncounted(client, pending):
    published = make_position(
        pending.party, make_provision(title="Other provision"), status=ReviewStatus.PUBLISHED
    )
    provision_url = reverse("tracker:provision", args=[pending.provision.slug])
    party_url = scoped_url("party", pending.party.code)
    public = client.get(provision_url).content.decode()
    assert "Awaiting review" not in public and "Said it was ready" not in public
    client.force_login(make_user("lena"))
    page = client.get(provision_url).content.decode()
    assert "Awaiting review" in page and "Pending review" in page
    assert page.index("Awaiting review") < page.index("Said it was ready to send troops.")
    assert "No party's stance on this provision is recorded yet." in page  # not counted
    assert reverse("tracker:position-edit", args=[pending.pk]) in page
    party_page = client.get(party_url).content.decode()
    assert "A stance is recorded on 1 of 2 provisions." in party_page
    assert party_page.index("Awaiting review") < party_page.index("Said it was ready")
    assert published.pk


def test_reviewing_leaves_sources_and_positions_of_others_alone(client, reviewer, pending):
    other = make_position(status=PENDING)
    client.force_login(reviewer)
    decide(client, pending)
    other.refresh_from_db()
    assert other.status == PENDING and Source.objects.filter(status=PENDING).count() == 0


def test_the_pages_run_a_bounded_number_of_queries_for_editors(client, author):
    provision, party = make_provision(), make_party()

    def build(n):
        for _ in range(n):
            make_position(party, provision, status=PENDING, recorded_by=author)
            make_position(party, provision, stance="opposes")

    client.force_login(make_user("lena"))
    counts = []
    for n in (1, 6):
        build(n)
        for url in (
            reverse("tracker:provision", args=[provision.slug]),
            scoped_url("party", party.code),
        ):
            client.get(url)
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            counts.append(len(queries))
    assert counts[:2] == counts[2:]


# --- A source with its positions, in one action -----------------------------------------------


@pytest.fixture
def pending_article(author):
    """A pending source with two pending positions recorded by amira."""
    source = make_source(
        text="Ruritania objected to the force. Oslandia welcomed it.",
        status=PENDING,
        created_by=author,
        title="Two reactions",
    )
    provision = make_provision(title="The force")
    for quote in ("Ruritania objected to the force.", "Oslandia welcomed it."):
        make_position(
            make_party(),
            provision,
            make_excerpt(source, quote=quote),
            status=PENDING,
            recorded_by=author,
        )
    return source


def decide_source(client, source, decision, **extra):
    data = {"decision": decision, "comment": "", "version": source.version}
    return client.post(reverse("tracker:review-source", args=[source.pk]), data, **extra)


def test_the_queue_offers_to_publish_a_source_with_its_pending_positions(
    client, reviewer, pending_article
):
    client.force_login(reviewer)
    page = client.get(QUEUE).content.decode()
    assert 'value="publish-all">Publish with its 2 pending positions' in page


def test_a_reviewer_publishes_a_source_with_its_positions_in_one_action(
    client, reviewer, pending_article
):
    client.force_login(reviewer)
    response = decide_source(client, pending_article, "publish-all")
    assert response.status_code == 302 and response.url == QUEUE
    pending_article.refresh_from_db()
    assert pending_article.status == ReviewStatus.PUBLISHED
    positions = Position.objects.filter(excerpt__source=pending_article)
    assert {p.status for p in positions} == {ReviewStatus.PUBLISHED}
    for position in positions:
        assert position.history.first().history_user == reviewer
    page = client.get(QUEUE).content.decode()
    assert "Published: Two reactions, with 2 of its positions." in page
    assert "No position awaits review." in page


def test_positions_the_reviewer_recorded_stay_pending_and_say_why(
    client, reviewer, pending_article
):
    own = Position.objects.filter(excerpt__source=pending_article).first()
    own.recorded_by = reviewer
    own.save()
    client.force_login(reviewer)
    response = decide_source(client, pending_article, "publish-all", headers={"HX-Request": "true"})
    assert response.status_code == 200 and response.headers["HX-Redirect"] == QUEUE
    own.refresh_from_db()
    assert own.status == PENDING
    page = client.get(QUEUE).content.decode()
    assert "with 1 of its positions" in page and "Left pending:" in page
    assert "You recorded or changed this position, so another reviewer decides on it." in page


def test_the_author_of_the_source_cannot_publish_it_with_its_positions(
    client, author, pending_article
):
    author.groups.add(*make_user("other", reviewer=True).groups.all())
    client.force_login(author)
    response = decide_source(client, pending_article, "publish-all")
    assert response.status_code == 403
    assert not Position.objects.filter(status=ReviewStatus.PUBLISHED).exists()
