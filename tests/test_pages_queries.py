"""Every page runs a bounded number of queries: the same number over a small world and over one
three times bigger (more parties, provisions, sources, excerpts and positions)."""

import datetime

import pytest
from django.urls import reverse

from tests.conftest import (
    make_excerpt,
    make_party,
    make_position,
    make_provision,
    make_source,
    scoped_url,
)
from tracker.models import Excerpt, Party, ReviewStatus
from tracker.views import pages

KINDS = [kind.value for kind in Party.Kind]
# No page may pass this, whatever the data.
MAX_QUERIES = 12


def build_world(size, tag):
    """`size` units of data: 2 provisions and 2 parties per unit, one source per party with two
    sentences on each provision and a current and an earlier position on each, and a retracted
    and a pending one. Returns the objects the pages are measured on."""
    provisions = [
        make_provision(slug=f"{tag}-plan-{i}", aliases=[f"{tag} plan {i}"]) for i in range(2 * size)
    ]
    parties = [
        make_party(code=f"{tag}-party-{i}", kind=KINDS[i % len(KINDS)], aliases=[f"{tag}land{i}"])
        for i in range(2 * size)
    ]
    sources, mentions = [], []
    for i, party in enumerate(parties):
        sentences = []
        for j, _provision in enumerate(provisions):
            sentences.append(f"{tag}land{i} backs the {tag} plan {j}.")
            sentences.append(f"Earlier, {tag}land{i} doubted the {tag} plan {j}.")
        source = make_source(
            text="\n".join(sentences),
            title="" if i % 2 else f"{tag} article {i}",
            url=f"https://example.org/{tag}/{i}" if i % 3 == 0 else "",
        )
        sources.append(source)
        for j, provision in enumerate(provisions):
            now = make_excerpt(source, quote=f"{tag}land{i} backs the {tag} plan {j}.")
            before = make_excerpt(
                source, quote=f"Earlier, {tag}land{i} doubted the {tag} plan {j}."
            )
            for excerpt in (now, before):
                mentions.append((excerpt, provision, party))
            make_position(
                party, provision, before, stance="undecided", stated_on=datetime.date(2025, 11, 1)
            )
            make_position(
                party, provision, now, stance="supports", stated_on=datetime.date(2025, 11, 5)
            )
    # In bulk, for speed (the history of mentions is not what these tests are about).
    Excerpt.provisions.through.objects.bulk_create(
        Excerpt.provisions.through(excerpt=e, provision=provision) for e, provision, _ in mentions
    )
    Excerpt.parties.through.objects.bulk_create(
        Excerpt.parties.through(excerpt=e, party=party) for e, _, party in mentions
    )
    retracted = make_position(party, provision, now, stance="opposes")
    retracted.retract("Misread the article.")
    make_position(party, provision, before, stance="mixed", status=ReviewStatus.PENDING)
    make_source(text=f"A {tag} article still waiting for review.", status=ReviewStatus.PENDING)
    return {"provision": provisions[-1], "party": parties[-1], "source": sources[-1]}


PAGES = [
    "overview",
    "sources",
    "provision",
    "provision page 2",
    "party",
    "party page 2",
    "source",
    "matrix",
    "matrix as of",
    "matrix filtered",
    "matrix htmx",
    "cell",
    "cell htmx",
    "search",
    "search htmx",
]


def page_urls(objects):
    party, provision, source = objects["party"], objects["provision"], objects["source"]
    cell = reverse("tracker:matrix-cell", args=[party.code, provision.slug])
    return {
        "overview": (scoped_url("overview"), {}),
        "sources": (reverse("tracker:sources") + "?page=2", {}),
        "provision": (reverse("tracker:provision", args=[provision.slug]), {}),
        "provision page 2": (reverse("tracker:provision", args=[provision.slug]) + "?page=2", {}),
        "party": (scoped_url("party", party.code), {}),
        "party page 2": (scoped_url("party", party.code) + "?page=2", {}),
        "source": (reverse("tracker:source", args=[source.pk]), {}),
        "matrix": (scoped_url("matrix"), {}),
        "matrix as of": (scoped_url("matrix") + "?as_of=2025-11-03", {}),
        "matrix filtered": (scoped_url("matrix") + "?kind=non-state&category=security", {}),
        "matrix htmx": (scoped_url("matrix"), {"HX-Request": "true"}),
        "cell": (cell, {}),
        "cell htmx": (cell + "?as_of=2025-11-03", {"HX-Request": "true"}),
        "search": (reverse("tracker:search") + "?q=backs+plan", {}),
        "search htmx": (reverse("tracker:search") + "?q=doubted", {"HX-Request": "true"}),
    }


@pytest.mark.django_db
def test_queries_do_not_grow_with_the_data(client, django_assert_max_num_queries, monkeypatch):
    """One test for every page, so the two worlds are built once. Pages are made short, so
    that both worlds have several: the second page is measured too."""
    monkeypatch.setattr(pages, "EXCERPTS_PER_PAGE", 3)
    monkeypatch.setattr(pages, "SOURCES_PER_PAGE", 1)
    counts = {page: [] for page in PAGES}
    for size, tag in [(1, "small"), (3, "big")]:
        urls = page_urls(build_world(size, tag))
        for page in PAGES:
            url, headers = urls[page]
            client.get(url, headers=headers)  # warm up: per-process and first-request work
            with django_assert_max_num_queries(MAX_QUERIES, info=page) as captured:
                response = client.get(url, headers=headers)
            assert response.status_code == 200, (page, response.content[:500])
            if page.endswith("page 2") or page == "sources":
                assert 'aria-current="page"><span class="visually-hidden">Page </span>2<' in (
                    response.text
                ), page
            counts[page].append(len(captured.captured_queries))
    grew = {page: n for page, n in counts.items() if n[0] != n[1]}
    assert not grew, f"queries grew with the data (small, big): {grew}"
