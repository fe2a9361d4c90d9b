"""Reader pages are kept until the records change (tracker/views/caching.py): a reader never
sees a page older than the records, an editor never gets a reader's page, and a browser that
has the page gets a 304."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.conftest import (
    make_excerpt,
    make_party,
    make_position,
    make_provision,
    make_source,
    scoped_url,
)
from tests.users import make_user
from tracker import freshness
from tracker.models import DataStamp, Position, ReviewStatus
from tracker.views import caching


@pytest.fixture
def world(db):
    party = make_party(code="RUR", name="Ruritania", kind="state")
    provision = make_provision(slug="mandate", title="The mandate")
    excerpt = make_excerpt(make_source(title="Diary"))
    make_position(party, provision, excerpt, stance="opposes", stated_on=datetime.date(2025, 11, 1))
    return {"party": party, "provision": provision, "excerpt": excerpt}


def cell(html):
    start = html.index('id="cell-RUR-mandate"')
    return html[start : html.index("</a>", start)]


def test_a_kept_page_costs_one_query_and_says_the_same(client, world, django_assert_num_queries):
    matrix = str(scoped_url("matrix"))
    first = client.get(matrix)
    with django_assert_num_queries(1):  # the records' token
        again = client.get(matrix)
    assert again.status_code == 200
    assert again.content == first.content
    assert again["ETag"] == first["ETag"]
    assert again["Content-Type"] == first["Content-Type"]


def test_a_change_to_the_records_shows_at_once(client, world):
    assert "Opposes" in cell(client.get(scoped_url("matrix")).text)

    make_position(
        world["party"],
        world["provision"],
        world["excerpt"],
        stance="supports",
        stated_on=datetime.date(2025, 11, 5),
    )

    assert "Supports" in cell(client.get(scoped_url("matrix")).text)


def test_a_retraction_shows_at_once_on_every_kept_page(client, world):
    pages = [
        scoped_url("matrix"),
        reverse("tracker:matrix-cell", args=["RUR", "mandate"]),
    ]
    before = {page: client.get(page).content for page in pages}

    Position.objects.get().retract("Misattributed in the first report.")

    for page in pages:
        assert client.get(page).content != before[page], page


def test_htmx_fragments_and_whole_pages_are_kept_apart(client, world):
    url = reverse("tracker:matrix-cell", args=["RUR", "mandate"])
    whole = client.get(url)
    fragment = client.get(url, headers={"HX-Request": "true"})
    whole_again = client.get(url)

    assert "<html" in whole.text and "<html" not in fragment.text
    assert whole_again.content == whole.content
    assert "HX-Request" in fragment["Vary"]


def test_an_unchanged_page_is_a_304_for_a_browser_that_has_it(client, world):
    first = client.get(scoped_url("matrix"))
    again = client.get(scoped_url("matrix"), headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304
    assert again.content == b""

    make_position(world["party"], make_provision(), world["excerpt"])
    changed = client.get(scoped_url("matrix"), headers={"If-None-Match": first["ETag"]})
    assert changed.status_code == 200


def test_a_readers_page_sets_no_cookie_and_holds_no_token(client, world):
    response = client.get(scoped_url("matrix"))
    assert not response.cookies
    assert "csrftoken" not in response.text
    assert "Cookie" in response["Vary"]  # a proxy keeps readers' and editors' pages apart
    assert "no-cache" in response["Cache-Control"]


def test_an_editor_sees_their_own_page_not_the_readers(client, world):
    make_position(
        world["party"],
        world["provision"],
        world["excerpt"],
        stance="mixed",
        status=ReviewStatus.PENDING,
    )
    url = reverse("tracker:source", args=[world["excerpt"].source_id])
    assert "badge pending" not in client.get(url).text  # a reader's page, kept

    client.force_login(make_user("amira"))
    page = client.get(url)

    assert "badge pending" in page.text  # editors see what waits for review
    assert "x-csrftoken" in page.text  # and their htmx requests carry the token


def test_a_bad_request_is_worked_out_each_time(client, world):
    bad = scoped_url("matrix") + "?as_of=yesterday"
    client.get(bad)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(bad).status_code == 400
    assert len(queries) > 1


def test_a_busy_server_reads_the_token_a_few_times_a_second(
    client, world, settings, django_assert_num_queries
):
    settings.STAMP_FRESH_SECONDS = 60
    matrix = str(scoped_url("matrix"))
    first = client.get(matrix)
    # Another server process records a change: this one reads the new token within the minute
    # given here (a second by default), and until then serves the page it has, without a query.
    Position.objects.update(stance="mixed")
    DataStamp.objects.update(token="changed-elsewhere")
    with django_assert_num_queries(0):
        assert client.get(matrix).content == first.content

    # A change made by this process shows at once.
    make_position(
        world["party"],
        world["provision"],
        world["excerpt"],
        stance="undecided",
        stated_on=datetime.date(2025, 11, 9),
    )
    assert "Undecided" in cell(client.get(scoped_url("matrix")).text)


def test_a_download_worked_out_on_a_busy_server_reads_the_token_once(client, world, settings):
    settings.STAMP_FRESH_SECONDS = 60
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("tracker:export-matrix-csv"))
        response.getvalue()

    # Once for the kept page's key, not again for the download's ETag.
    assert response.status_code == 200 and response["ETag"]
    assert sum("tracker_datastamp" in query["sql"] for query in queries) == 1


def test_while_one_request_works_out_a_changed_page_others_get_the_version_before(
    client, world, rf
):
    before = client.get(scoped_url("matrix"))
    make_position(
        world["party"],
        world["provision"],
        world["excerpt"],
        stance="supports",
        stated_on=datetime.date(2025, 11, 5),
    )
    # Another server process is working out the changed page (it holds the page's lock).
    page_key = caching._page_key(rf.get(scoped_url("matrix")))
    lock = f"{page_key}:{freshness.current_stamp()}:working"
    cache.add(lock, True, caching.LOCK_SECONDS)

    meanwhile = client.get(scoped_url("matrix"))
    assert meanwhile.content == before.content  # the version before the change, at once

    cache.delete(lock)  # that request finished without keeping it (it failed, say)
    after = client.get(scoped_url("matrix"))
    assert "Supports" in cell(after.text)
    assert after["ETag"] != before["ETag"]


def supports_on(world, day=datetime.date(2025, 11, 5)):
    make_position(
        world["party"], world["provision"], world["excerpt"], stance="supports", stated_on=day
    )


def test_after_a_change_a_reader_is_answered_at_once_and_the_next_one_sees_it(
    client, world, settings, django_assert_max_num_queries
):
    settings.STALE_PAGE_SECONDS = 10
    matrix = str(scoped_url("matrix"))
    before = client.get(matrix)
    supports_on(world)

    # The first reader gets the version before; the page is worked out once that answer has
    # gone (as the server closes the response), not while the reader waits.
    response = client.get(matrix)
    assert response.content == before.content
    assert response["ETag"] == before["ETag"]

    with django_assert_max_num_queries(1):  # the records' token: the page was kept meanwhile
        after = client.get(matrix)
    assert "Supports" in cell(after.text)
    assert after["ETag"] != before["ETag"]
    assert cache.get(caching.REFRESH_SLOT) is None  # the server is free for the next page


def test_a_download_is_worked_out_again_after_its_reader_is_answered(client, world, settings):
    settings.STALE_PAGE_SECONDS = 10
    url = reverse("tracker:export-matrix-csv")
    before = client.get(url).getvalue()
    supports_on(world)

    assert client.get(url).getvalue() == before
    after = client.get(url).getvalue()
    assert after != before and b"supports" in after.lower()


def test_the_server_works_out_one_page_at_a_time_after_answering(client, world, settings, rf):
    settings.STALE_PAGE_SECONDS = 10
    before = {url: client.get(url) for url in (scoped_url("matrix"), scoped_url("overview"))}
    supports_on(world)
    cache.add(caching.REFRESH_SLOT, True, caching.LOCK_SECONDS)  # busy with another page

    for url, kept in before.items():
        # Answered with the version before; nothing is worked out while the server is busy.
        assert client.get(url).content == kept.content
        assert client.get(url).content == kept.content

    cache.delete(caching.REFRESH_SLOT)
    matrix = str(scoped_url("matrix"))
    assert client.get(matrix).content == before[matrix].content  # sets it off now
    assert "Supports" in cell(client.get(matrix).text)


def test_a_page_older_than_the_change_by_more_than_the_setting_is_worked_out_at_once(
    client, world, settings
):
    settings.STALE_PAGE_SECONDS = 10
    client.get(scoped_url("matrix"))
    supports_on(world)
    DataStamp.objects.update(changed_at=timezone.now() - datetime.timedelta(seconds=11))
    freshness.forget()
    cache.add(caching.REFRESH_SLOT, True, caching.LOCK_SECONDS)  # even while the server is busy

    assert "Supports" in cell(client.get(scoped_url("matrix")).text)


def test_a_page_that_fails_to_be_worked_out_after_answering_is_tried_again(
    client, world, settings, monkeypatch
):
    settings.STALE_PAGE_SECONDS = 10
    before = client.get(scoped_url("matrix"))
    supports_on(world)
    from tracker.views import matrix as matrix_views

    def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    with monkeypatch.context() as patched:
        patched.setattr(matrix_views, "_with_matrix", broken)
        assert client.get(scoped_url("matrix")).content == before.content

    # The failure is logged, the page's lock and the server's slot are let go: the next
    # reader's request sets it off again.
    assert cache.get(caching.REFRESH_SLOT) is None
    assert client.get(scoped_url("matrix")).content == before.content
    assert "Supports" in cell(client.get(scoped_url("matrix")).text)


def test_a_browser_revalidating_after_a_change_gets_a_304_and_the_page_is_worked_out(
    client, world, settings
):
    settings.STALE_PAGE_SECONDS = 10
    matrix = str(scoped_url("matrix"))
    before = client.get(matrix)
    supports_on(world)

    revalidated = client.get(matrix, HTTP_IF_NONE_MATCH=before["ETag"])
    assert revalidated.status_code == 304  # answered at once with what it has

    after = client.get(matrix, HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200 and "Supports" in cell(after.text)
