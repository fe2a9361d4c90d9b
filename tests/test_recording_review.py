"""The write side: reviewers' decisions, the four-eyes rule, publishing a source with its
positions, and retraction (tracker/recording/review.py, retraction.py). The pages are tested
in tests/test_review.py and tests/test_editing_changes.py."""

import pytest

from tests.conftest import make_excerpt, make_party, make_position, make_provision, make_source
from tests.users import make_user
from tracker import recording
from tracker.models import Excerpt, Position, ReviewStatus, Source, StaleEdit

pytestmark = pytest.mark.django_db

PENDING, PUBLISHED, RETURNED = ReviewStatus.PENDING, ReviewStatus.PUBLISHED, ReviewStatus.RETURNED


@pytest.fixture
def author():
    return make_user("amira")


@pytest.fixture
def pending_source(author):
    """A pending source with three pending positions: two recorded by amira, one by jonas."""
    source = make_source(
        text="Ruritania objected. Oslandia agreed. Jonas's party abstained.",
        status=PENDING,
        created_by=author,
    )
    provision = make_provision()
    for quote, recorder in (
        ("Ruritania objected.", author),
        ("Oslandia agreed.", author),
        ("Jonas's party abstained.", None),
    ):
        make_position(
            make_party(),
            provision,
            make_excerpt(source, quote=quote),
            status=PENDING,
            recorded_by=recorder,
        )
    return source


def refusal(call, *args, **kwargs):
    with pytest.raises(recording.Refused) as caught:
        call(*args, **kwargs)
    return caught.value


def test_shapers_follow_edits_since_the_last_publication(author, reviewer):
    position = make_position(status=PENDING, recorded_by=author)
    assert recording.shapers(Position, [position]) == {position.pk: {author.pk}}
    lena = make_user("lena")
    recording.edit_position(position, {"summary": "Edited."}, version=position.version, by=lena)
    assert recording.shapers(Position, [position])[position.pk] == {author.pk, lena.pk}
    recording.decide(position, publish=True, version=position.version, by=reviewer)
    assert recording.shapers(Position, [position])[position.pk] == {author.pk}


def test_a_reviewer_publishes_or_sends_back_with_a_comment(author, reviewer):
    position = make_position(status=PENDING, recorded_by=author)
    refused = refusal(
        recording.decide,
        position,
        publish=False,
        comment=" ",
        version=position.version,
        by=reviewer,
    )
    assert refused.field == "comment"
    recording.decide(
        position, publish=False, comment="Check the date.", version=position.version, by=reviewer
    )
    position.refresh_from_db()
    assert position.status == RETURNED and position.reviewed_by == reviewer
    assert position.history.first().history_change_reason == "Sent back"


def test_each_decision_that_may_not_be_taken_is_refused_saying_why(author, reviewer):
    mine = make_position(status=PENDING, recorded_by=reviewer)
    refused = refusal(recording.decide, mine, publish=True, version=mine.version, by=reviewer)
    assert refused.code == recording.Refused.NOT_ALLOWED and "another reviewer" in refused.reason
    theirs = make_position(status=PENDING, recorded_by=reviewer)
    refused = refusal(recording.decide, theirs, publish=True, version=theirs.version, by=author)
    assert refused.reason == "Only reviewers publish or send back what editors recorded."
    done = make_position(status=PUBLISHED)
    refused = refusal(recording.decide, done, publish=True, version=done.version, by=reviewer)
    assert refused.code == recording.Refused.DECIDED
    on_pending_source = make_position(
        excerpt=make_excerpt(make_source(status=PENDING)), status=PENDING
    )
    refused = refusal(
        recording.decide,
        on_pending_source,
        publish=True,
        version=on_pending_source.version,
        by=reviewer,
    )
    assert refused.code == recording.Refused.NOT_YET
    assert refused.record == on_pending_source.excerpt.source
    gone = make_position(status=PENDING)
    recording.retract(gone, reason="Wrong.", version=gone.version, by=author)
    refused = refusal(recording.decide, gone, publish=True, version=gone.version, by=reviewer)
    assert refused.code == recording.Refused.RETRACTED


def test_a_decision_on_a_stale_copy_is_not_saved(author, reviewer):
    position = make_position(status=PENDING, recorded_by=author)
    stale = Position.objects.get(pk=position.pk)
    recording.edit_position(position, {"summary": "Changed."}, version=position.version, by=author)
    with pytest.raises(StaleEdit):
        recording.decide(stale, publish=True, version=stale.version, by=reviewer)
    assert Position.objects.get(pk=position.pk).status == PENDING


def test_a_source_is_published_with_the_positions_this_reviewer_may_publish(pending_source, author):
    jonas = make_user("jonas", reviewer=True)
    mine = Position.objects.get(recorded_by=None)
    mine.recorded_by = jonas
    mine.save()
    published, left = recording.publish_source_with_positions(
        pending_source, version=pending_source.version, by=jonas
    )
    pending_source.refresh_from_db()
    assert pending_source.status == PUBLISHED
    assert len(published) == 2 and all(p.status == PUBLISHED for p in published)
    assert [(p, why) for p, why in left] == [
        (mine, "You recorded or changed this position, so another reviewer decides on it.")
    ]
    mine.refresh_from_db()
    assert mine.status == PENDING
    for position in published:
        assert position.history.first().history_change_reason == "Published"
        assert position.history.first().history_user == jonas


def test_publishing_with_positions_is_all_or_nothing(pending_source):
    jonas = make_user("jonas", reviewer=True)
    refused = refusal(
        recording.publish_source_with_positions, pending_source, version=1, by=make_user("x")
    )
    assert refused.code == recording.Refused.NOT_ALLOWED
    stale = Source.objects.get(pk=pending_source.pk)
    pending_source.title = "Changed"
    pending_source.save()
    with pytest.raises(StaleEdit):
        recording.publish_source_with_positions(stale, version=stale.version, by=jonas)
    assert not Position.objects.filter(status=PUBLISHED).exists()


# --- Retraction -----------------------------------------------------------------------------


def test_retraction_needs_a_reason_and_what_cites_the_record_goes_first(author):
    position = make_position()
    excerpt, source = position.excerpt, position.excerpt.source
    refused = refusal(recording.retract, position, reason=" ", version=1, by=author)
    assert refused.field == "reason"
    for record in (excerpt, source):
        refused = refusal(recording.retract, record, reason="Wrong.", version=1, by=author)
        assert refused.code == recording.Refused.CITED
        assert list(refused.blocking) == [position]
    recording.retract(position, reason="Misread.", version=position.version, by=author)
    source.refresh_from_db()
    recording.retract(source, reason="Not the article.", version=source.version, by=author)
    excerpt.refresh_from_db()
    assert excerpt.is_retracted
    assert excerpt.retraction_reason == "Its source was retracted: Not the article."
    refused = refusal(recording.retract, source, reason="Again.", version=9, by=author)
    assert refused.code == recording.Refused.RETRACTED
    assert Excerpt.objects.count() == 1  # nothing deleted
