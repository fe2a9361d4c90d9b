"""The write side: recording a source with the linker's excerpts, linking it again, and
changing its details (tracker/recording/sources.py). Each refusal is tested here through the
domain module; tests/test_editing_source.py and test_editing_changes.py test the pages."""

import pytest
from django.apps import apps

from tests.conftest import make_party, make_provision, make_source
from tests.long_articles import long_article
from tests.users import make_user
from tracker import recording
from tracker.models import Excerpt, MadeBy, ProvisionAlias, ReviewStatus, Source, StaleEdit
from tracker.recording.sources import MAX_TEXT_CHARS

pytestmark = pytest.mark.django_db

TEXT = "Ruritania rejects the mandate.\nNobody else spoke.\nRuritania said the mandate may work."


@pytest.fixture
def vocabulary():
    make_provision(slug="mandate", title="The mandate", aliases=["mandate"])
    make_party(code="RUR", name="Ruritania", aliases=["Ruritania"])


def refusal(call, *args, **kwargs):
    with pytest.raises(recording.Refused) as caught:
        call(*args, **kwargs)
    return caught.value


def test_a_source_is_stored_pending_with_the_linkers_excerpts_and_their_history(vocabulary):
    amira = make_user("amira")
    source = recording.record_source(text=TEXT.replace("\n", "\r\n"), title="T", by=amira)
    assert source.status == ReviewStatus.PENDING and source.created_by == amira
    assert "\r" not in source.text
    excerpts = list(source.excerpts.order_by("start"))
    assert [e.exact for e in excerpts] == [
        "Ruritania rejects the mandate.",
        "Ruritania said the mandate may work.",
    ]
    assert all(e.made_by == MadeBy.LINKER and e.created_by == amira for e in excerpts)
    # Each excerpt's first version lists what it mentions, as a change through a form would.
    first = Excerpt.history.filter(id=excerpts[0].pk).get()
    assert first.history_user == amira
    provisions = apps.get_model("tracker", "HistoricalExcerpt_provisions")
    assert list(
        provisions.objects.filter(history=first).values_list("provision__slug", flat=True)
    ) == ["mandate"]


def test_suggestions_left_out_are_not_stored(vocabulary):
    first_key = recording.span_key(next(iter(recording.sources.Linker.from_database().link(TEXT))))
    source = recording.record_source(text=TEXT, drop={first_key, "0-3"})
    assert [e.exact for e in source.excerpts.all()] == ["Ruritania said the mandate may work."]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (" \n ", "Paste the article's text."),
        ("x" * (MAX_TEXT_CHARS + 1), "the limit is 1,000,000 characters"),
    ],
)
def test_a_text_empty_or_too_long_is_refused(text, reason):
    refused = refusal(recording.record_source, text=text)
    assert reason in refused.reason and refused.field == "text"
    assert not Source.objects.exists()


def test_a_text_or_url_already_stored_is_refused_with_a_link_to_it():
    stored = make_source(text="Some\nstored text.", url="https://example.org/a")
    refused = refusal(recording.record_source, text="Some\r\nstored text.")
    assert refused.code == recording.Refused.DUPLICATE and refused.field == "text"
    assert refused.reason == f"This text is already stored: source {stored.pk}."
    assert refused.link == (f"source {stored.pk}", stored.get_absolute_url())
    refused = refusal(recording.record_source, text="Other text.", url="https://example.org/a")
    assert refused.field == "url" and f"source {stored.pk}" in refused.reason
    assert Source.objects.count() == 1


def test_relinking_adds_what_new_aliases_find_and_nothing_twice(vocabulary):
    source = recording.record_source(text=TEXT)
    assert recording.relink_source(source) == 0
    provision = make_provision(slug="debate", aliases=["spoke"])
    added = recording.relink_source(source, linker=recording.sources.Linker.from_database())
    assert added == 2  # the excerpt "Nobody else spoke." and its mention
    spoke = source.excerpts.get(exact="Nobody else spoke.")
    assert list(spoke.provisions.all()) == [provision]
    assert recording.relink_source(source, linker=recording.sources.Linker.from_database()) == 0
    assert ProvisionAlias.objects.count() == 2


def test_a_long_article_is_stored_whole(vocabulary):
    make_provision(slug="board", aliases=["Board of Peace"])
    make_party(code="ISR", name="Israel", aliases=["Israel"])
    text = long_article(60_000, seed=1)
    source = recording.record_source(text=text)
    found = recording.sources.Linker.from_database().link(text)
    assert source.excerpts.count() == len(found) > 50
    assert {(e.start, e.end) for e in source.excerpts.all()} == {(s.start, s.end) for s in found}


def history_of(excerpt):
    """Each version of an excerpt: (type, reason, user, tracked fields, the mentions beside it)."""
    tracked = [f.attname for f in Excerpt.history.model.tracked_fields]
    rows = []
    for version in Excerpt.history.filter(id=excerpt.pk).order_by("history_id"):
        mentions = {
            ("provision", slug)
            for slug in version.provisions.values_list("provision__slug", flat=True)
        } | {("party", code) for code in version.parties.values_list("party__code", flat=True)}
        fields = {name: getattr(version, name) for name in tracked}
        rows.append(
            (
                version.history_type,
                version.history_change_reason,
                version.history_user,
                fields,
                mentions,
            )
        )
    return rows


def mentions_of(excerpt):
    return {("provision", p.slug) for p in excerpt.provisions.all()} | {
        ("party", p.code) for p in excerpt.parties.all()
    }


def test_excerpts_written_in_bulk_are_whole_with_one_first_version_each(vocabulary):
    amira = make_user("amira")
    source = recording.record_source(text=TEXT, title="T", by=amira)
    tracked = [f.attname for f in Excerpt.history.model.tracked_fields]
    for excerpt in source.excerpts.all():
        made = Excerpt.for_span(source, excerpt.start, excerpt.end)
        assert (excerpt.exact, excerpt.prefix, excerpt.suffix) == (
            made.exact,
            made.prefix,
            made.suffix,
        )
        assert (excerpt.made_by, excerpt.created_by, excerpt.version) == (MadeBy.LINKER, amira, 1)
        assert not excerpt.is_retracted and excerpt.created_at <= excerpt.updated_at
        assert (excerpt.carried_from, excerpt.anchor_status, excerpt.retracted_by) == (
            None,
            "",
            None,
        )
        fields = {name: getattr(excerpt, name) for name in tracked}
        assert history_of(excerpt) == [("+", None, amira, fields, mentions_of(excerpt))]


def test_an_excerpt_that_gains_mentions_gets_a_version_listing_them_all(vocabulary):
    amira = make_user("amira")
    source = recording.record_source(text=TEXT, by=amira)
    rejects = source.excerpts.get(start=0)
    make_party(code="MAN", name="Mandate people", aliases=["rejects"])
    linker = recording.sources.Linker.from_database()
    assert recording.relink_source(source, linker=linker, by=amira) == 1
    first, second = history_of(rejects)
    assert first[4] == {("provision", "mandate"), ("party", "RUR")}
    assert second[:3] == ("~", "Mentions added", amira)
    assert second[4] == mentions_of(rejects) == first[4] | {("party", "MAN")}


# --- Changing a source's details --------------------------------------------------------------


def test_an_edit_keeps_a_published_source_published_and_sends_a_returned_one_to_the_queue():
    lena = make_user("lena")
    source = make_source(title="Old")
    recording.edit_source(source, {"title": "New"}, version=source.version, by=lena)
    source.refresh_from_db()
    assert source.title == "New" and source.status == ReviewStatus.PUBLISHED
    source.status = ReviewStatus.RETURNED
    source.save()
    recording.edit_source(source, {"outlet": "Wire"}, version=source.version, by=lena)
    source.refresh_from_db()
    assert source.status == ReviewStatus.PENDING
    assert source.history.first().history_change_reason == "Edited"


def test_an_edit_is_refused_for_a_retracted_source_a_taken_url_or_the_text():
    source = make_source()
    other = make_source(url="https://example.org/taken")
    refused = refusal(
        recording.edit_source, source, {"url": other.url}, version=source.version, by=None
    )
    assert refused.field == "url" and f"Another source has this URL: source {other.pk}." == (
        refused.reason
    )
    refused = refusal(recording.edit_source, source, {"text": "x"}, version=1, by=None)
    assert "text cannot be changed" in refused.reason
    recording.retract(source, reason="Wrong article.", version=source.version, by=None)
    refused = refusal(recording.edit_source, source, {"title": "x"}, version=1, by=None)
    assert refused.code == recording.Refused.RETRACTED


def test_an_edit_from_a_stale_copy_changes_nothing():
    source = make_source(title="Old")
    stale = Source.objects.get(pk=source.pk)
    recording.edit_source(source, {"title": "First"}, version=source.version, by=None)
    with pytest.raises(StaleEdit):
        recording.edit_source(stale, {"title": "Second"}, version=stale.version, by=None)
    source.refresh_from_db()
    assert source.title == "First"
