"""The sources index: every published source, newest first, a page at a time, with its outlet,
date and counts."""

import datetime

import pytest
from django.urls import reverse

from tests.conftest import make_excerpt, make_position, make_source, scoped_url
from tracker.models import ReviewStatus


def dated_sources(count):
    """`count` published sources, one a day from 1 Oct 2025; the first undated. Oldest first."""
    return [
        make_source(
            title=f"Dispatch {i}",
            outlet="Example Wire",
            published_on=None if i == 0 else datetime.date(2025, 10, 1) + datetime.timedelta(i),
        )
        for i in range(count)
    ]


@pytest.mark.django_db
def test_the_overview_lists_the_newest_20_sources_and_links_to_them_all(client):
    sources = dated_sources(21)
    cited = make_excerpt(sources[-1])
    make_excerpt(sources[-1], quote="Israel objected to the mandate.")
    make_position(excerpt=cited)
    make_position(excerpt=cited, status=ReviewStatus.PENDING)
    html = client.get(scoped_url("overview")).text
    listed = html[html.index('id="sources-heading"') : html.index('id="parties-heading"')]
    assert "The newest 20 of 21 sources." in listed
    assert listed.index("Dispatch 20</a>") < listed.index("Dispatch 19</a>")
    assert "Dispatch 1</a>" in listed and "Dispatch 0</a>" not in listed  # undated: last
    dispatch = listed[listed.index("Dispatch 20</a>") :]
    assert "Example Wire · 21 Oct 2025 · 2 excerpts · cited by 1 position</span>" in dispatch
    assert f'<a href="{reverse("tracker:sources")}">All 21 sources, newest first</a>' in listed


@pytest.mark.django_db
def test_the_sources_page_lists_every_source_50_a_page(client):
    sources = dated_sources(51)
    make_position(excerpt=make_excerpt(sources[-1]))
    url = reverse("tracker:sources")

    html = client.get(url).text
    assert "<title>Sources · Resolution Tracker</title>" in html
    assert f'<a href="{url}" aria-current="page">Sources</a>' in html  # in the site navigation
    assert "<h1>Sources</h1>" in html
    assert "Showing 1–50 of 51 sources, newest first." in html
    assert html.index("Dispatch 50</a>") < html.index("Dispatch 49</a>")
    assert "Example Wire · 20 Nov 2025 · 1 excerpt · cited by 1 position" in html
    assert "Example Wire · 19 Nov 2025 · 0 excerpts · cited by 0 positions" in html
    assert "Dispatch 0</a>" not in html
    assert '<nav class="pager" aria-label="Pages of sources">' in html
    assert 'href="?page=2" rel="next">Older' in html

    html = client.get(url + "?page=2").text
    assert "<title>Sources (page 2 of 2) · Resolution Tracker</title>" in html
    assert "Showing source 51 of 51" in html
    assert "Dispatch 0</a>" in html and "Dispatch 1</a>" not in html
    assert "Outlet not known" not in html and "date not known · 0 excerpts" in html
    assert f'href="{url}" rel="prev">' in html


@pytest.mark.django_db
def test_the_sources_page_leaves_out_pending_and_retracted_sources(client):
    make_source(title="Published article")
    make_source(title="A pending article", status=ReviewStatus.PENDING)
    make_source(title="A retracted article").retract("Fabricated.")
    html = client.get(reverse("tracker:sources")).text
    assert "1 source, newest first." in html
    assert "Published article" in html
    assert "A pending article" not in html and "A retracted article" not in html
    assert 'class="pager"' not in html
