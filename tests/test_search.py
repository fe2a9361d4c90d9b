"""Search: the same kind of results on PostgreSQL (full-text search, GIN indexes) and on SQLite
(FTS5 kept in sync by triggers)."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from tests.conftest import make_excerpt, make_party, make_position, make_provision, make_source
from tracker.models import PartyAlias, Position, ReviewStatus, Source
from tracker.reading.search import (
    LIMIT,
    SEARCHED,
    ensure_sqlite_index,
    query_terms,
    search,
    search_terms,
)


def kinds(results):
    return {group.kind: group for group in results.groups}


def test_query_terms_read_words_numbers_and_nothing_else():
    assert query_terms("Chapter 7") == [["chapter"], ["7", "vii", "seven"]]
    assert query_terms("chapter VII") == [["chapter"], ["vii", "7", "seven"]]
    assert query_terms("the mandate of the force") == [["mandate"], ["force"]]
    assert query_terms("the") == [["the"]]
    assert query_terms("'; DROP TABLE x; -- \" * :") == [["drop"], ["table"], ["x"]]
    assert query_terms("") == []


@pytest.fixture
def corpus(db):
    chapter = make_provision(
        slug="chapter-vii",
        title="Chapter VII and whether the text is binding",
        summary="Whether the resolution invokes Chapter VII.",
        aliases=["Chapter VII", "binding"],
    )
    turkey = make_party(code="TUR", name="Türkiye", kind="state", aliases=["Turkey", "Ankara"])
    israel = make_party(code="ISR", name="Israel", kind="state", aliases=["Israel"])
    source = make_source(
        title="Council talks",
        text="Israel wants to avoid Chapter 7 <b>at all costs</b>. Turkey wants a role.",
    )
    excerpt = make_excerpt(source, quote="Israel wants to avoid Chapter 7 <b>at all costs</b>.")
    position = make_position(
        israel,
        chapter,
        excerpt,
        stance="opposes",
        summary="An Israeli official says Israel wants language that avoids Chapter VII.",
    )
    return {
        "chapter": chapter,
        "turkey": turkey,
        "source": source,
        "excerpt": excerpt,
        "position": position,
    }


def test_chapter_7_finds_chapter_vii_in_every_kind_with_the_words_marked(corpus):
    results = kinds(search("Chapter 7"))
    [provision] = results["provision"].hits
    assert provision.obj == corpus["chapter"]
    # "binding", another of its aliases, is found too: a provision named by one alias is
    # searched for by all of them.
    assert (
        provision.snippets[0]
        == "<mark>Chapter VII</mark> and whether the text is <mark>binding</mark>"
    )
    assert provision.alias == "Chapter 7"  # the linker reads it as an alias, 7 = VII
    [position] = results["position"].hits
    assert "<mark>Chapter VII</mark>" in position.snippet
    [excerpt] = results["excerpt"].hits
    # The stored text is escaped; only the marks are markup.
    assert excerpt.snippet == (
        "Israel wants to avoid <mark>Chapter 7</mark> &lt;b&gt;at all costs&lt;/b&gt;."
    )
    [source] = results["source"].hits
    assert source.obj == corpus["source"] and "<mark>Chapter 7</mark>" in source.snippet


def test_parties_are_found_by_name_and_by_alias(corpus):
    [hit] = kinds(search("Turkey"))["party"].hits
    assert hit.obj == corpus["turkey"] and hit.alias == "Turkey"
    [hit] = kinds(search("Türkiye"))["party"].hits
    assert hit.snippet == "<mark>Türkiye</mark>"


def test_the_last_word_matches_as_a_prefix_while_typing(corpus):
    assert kinds(search("chap"))["provision"].hits
    assert kinds(search("Israeli offic"))["position"].hits


def test_retracted_and_unpublished_records_are_not_found(corpus):
    corpus["position"].retract("Misread.")
    hidden = make_source(text="Chapter 7 again, in a draft.", status=ReviewStatus.PENDING)
    results = kinds(search("Chapter 7"))
    assert results["position"].hits == []
    assert hidden not in [hit.obj for hit in results["source"].hits]
    corpus["source"].retract("Withdrawn by the outlet.")
    results = kinds(search("Chapter 7"))
    assert results["source"].hits == [] and results["excerpt"].hits == []


def test_the_index_follows_edits_and_new_records(corpus):
    position = corpus["position"]
    position.summary = "An official now speaks of peace enforcement."
    position.save()
    assert kinds(search("avoids"))["position"].hits == []
    assert [h.obj for h in kinds(search("enforcement"))["position"].hits] == [position]
    new = make_source(title="Later", text="A wholly new article about zebras.")
    assert [h.obj for h in kinds(search("zebras"))["source"].hits] == [new]


def test_nothing_matches_quietly(corpus):
    results = search("zzzzzz qqqqq")
    assert results.count == 0
    assert search("").count == 0
    assert search("the of and").count == 0  # only words PostgreSQL ignores


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 index")
def test_sqlite_triggers_are_restored_when_a_table_remake_drops_them(corpus):
    ensure_sqlite_index()
    # What Django's SQLite schema editor does to a table it alters: its triggers go with it.
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER tracker_source_fts_ai")
    make_source(title="Written meanwhile", text="Hippopotamus sightings at the Council.")
    missing = ensure_sqlite_index()
    assert missing == ["tracker_source_fts_ai"]
    assert ensure_sqlite_index() == []
    assert kinds(search("hippopotamus"))["source"].hits  # the rebuild indexed it


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 index")
@pytest.mark.django_db
def test_sqlite_has_an_fts5_table_and_three_triggers_per_searched_table():
    ensure_sqlite_index()
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE name LIKE '%\\_fts%' ESCAPE '\\'")
        names = {row[0] for row in cursor.fetchall()}
    for table, _columns in SEARCHED.values():
        assert {f"{table}_fts", f"{table}_fts_ai", f"{table}_fts_ad", f"{table}_fts_au"} <= names


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's GIN indexes")
def test_postgresql_uses_the_gin_index(corpus):
    from django.contrib.postgres.search import SearchVector

    from tracker.reading.search import PostgresBackend, pg_config

    backend = PostgresBackend(query_terms("Chapter 7"), limit=20)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        # The stored vector (0016, indexed by 0017) is what the sources are found by.
        cursor.execute(
            "EXPLAIN SELECT id FROM tracker_source WHERE search_vector @@ to_tsquery(%s, %s)",
            [pg_config(), backend.raw],
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "tracker_source_text_fts" in plan
    # The stored vector finds what the one worked out from the text found before.
    stored = Source.objects.extra(
        where=["search_vector @@ to_tsquery(%s, %s)"], params=[pg_config(), backend.raw]
    )
    computed = Source.objects.annotate(v=SearchVector("text", config=pg_config())).filter(
        v=backend.query
    )
    assert set(stored.values_list("pk", flat=True)) == set(computed.values_list("pk", flat=True))
    assert stored.exists()


@pytest.mark.django_db
def test_the_search_page_without_a_query_shows_the_form(client):
    response = client.get(reverse("tracker:search"))
    assert response.status_code == 200
    assert '<label for="q">Search for</label>' in response.text
    assert 'hx-trigger="input changed delay:300ms, search"' in response.text


def test_the_search_page_works_without_javascript(client, corpus):
    response = client.get(reverse("tracker:search"), {"q": "Chapter 7"})
    html = response.text
    assert "<title>“Chapter 7” · Search · Resolution Tracker</title>" in html
    assert 'value="Chapter 7"' in html
    assert "4 results for “Chapter 7”" in html
    main = html[html.index("<main") :]  # the site's navigation has a "Sources" link too
    assert main.index("Provisions") < main.index("Positions") < main.index("Sources")
    assert f"/sources/{corpus['source'].pk}/#excerpt-{corpus['excerpt'].pk}" in html


def test_the_search_page_to_htmx_is_the_results_and_the_count(client, corpus):
    response = client.get(
        reverse("tracker:search"), {"q": "Turkey"}, headers={"HX-Request": "true"}
    )
    html = response.text
    assert "<html" not in html and "<form" not in html
    assert html.lstrip().startswith("<title>“Turkey” · Search")
    assert 'id="result-count" class="result-count" role="status" hx-swap-oob="true"' in html
    assert 'id="results"' in html
    assert "Named in your search as “<mark>Turkey</mark>”" in html


@pytest.mark.skipif(connection.vendor == "sqlite", reason="other databases than SQLite")
@pytest.mark.django_db
def test_ensure_sqlite_index_leaves_other_databases_alone(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert ensure_sqlite_index("default") == []


def test_an_alias_added_by_an_editor_is_searched_at_once(corpus):
    assert not kinds(search("Türkei"))["party"].hits  # a linker for these aliases is built

    PartyAlias.objects.create(party=corpus["turkey"], phrase="Türkei")

    [hit] = kinds(search("Türkei"))["party"].hits
    assert hit.obj == corpus["turkey"] and hit.alias == "Türkei"


def test_a_party_named_by_any_alias_is_searched_for_by_all_of_them(corpus):
    # The text says "Turkey"; "Turkiye" and "Türkiye" name the same party, so they find it.
    for query in ["Turkey", "Turkiye", "Türkiye", "Ankara"]:
        [hit] = kinds(search(query))["source"].hits
        assert hit.obj == corpus["source"], query
        assert "<mark>Turkey</mark>" in hit.snippet, query


def test_search_terms_put_a_named_party_s_aliases_together(corpus):
    [term] = search_terms("Turkiye")
    assert {"turkiye", "türkiye", "turkey", "ankara"} <= set(term)
    # Words that name nothing keep their own alternatives.
    assert search_terms("Chapter 7 role")[-1] == ["role"]


def test_accents_are_folded_on_every_database(corpus):
    make_source(title="Ankara's view", text="Türkiye’s foreign minister spoke of the force.")
    assert kinds(search("foreign Turkiye"))["source"].hits


def test_each_kind_of_result_is_worked_out_again_only_when_its_records_change(corpus, monkeypatch):
    """On a day of saves a search is worked out again from the kept results of the kinds that
    did not change: a position saved leaves the sources' search (most of a search's time)."""
    from tracker.reading import search as searching

    asked = []
    for backend in (searching.PostgresBackend, searching.SqliteBackend):
        for kind in ("source", "excerpt", "position"):
            original = getattr(backend, kind)

            def counted(self, original=original, kind=kind):
                asked.append(kind)
                return original(self)

            monkeypatch.setattr(backend, kind, counted)

    first = kinds(search("Chapter 7"))
    assert sorted(asked) == ["excerpt", "position", "source"]
    asked.clear()
    again = kinds(search("Chapter 7"))
    assert asked == []  # nothing changed: every kind's results kept
    assert [h.obj for h in again["source"].hits] == [h.obj for h in first["source"].hits]

    later = make_position(
        corpus["turkey"],
        corpus["chapter"],
        corpus["excerpt"],
        stance="supports",
        summary="Türkiye would accept Chapter VII.",
    )
    results = kinds(search("Chapter 7"))
    assert asked == ["position"]
    assert later in [hit.obj for hit in results["position"].hits]
    assert [hit.obj for hit in results["source"].hits] == [corpus["source"]]

    asked.clear()
    source = corpus["source"]
    source.title = "Council talks, updated"
    source.save()
    results = kinds(search("Chapter 7"))
    assert sorted(asked) == ["excerpt", "position", "source"]
    assert results["source"].hits[0].obj.title == "Council talks, updated"


def test_the_page_says_when_only_the_best_matches_are_shown(client, db):
    party, provision = make_party(code="RUR", name="Ruritania"), make_provision(slug="aid")
    for n in range(LIMIT + 1):
        excerpt = make_excerpt(make_source(title=f"Diary {n}", text=f"Zebra crossing {n} agreed."))
        make_position(party, provision, excerpt, stance="supports", summary=f"Zebra {n}.")

    text = client.get(reverse("tracker:search"), {"q": "zebra"}).content.decode()

    assert "the best matches of each kind are shown" in text
    # Fewer than CANDIDATES matched: every match was ranked, and the page does not hedge.
    assert "of a kind match" not in text


@pytest.mark.django_db
def test_on_the_seeds_turkiye_finds_at_least_what_turkey_finds(seeded_db):
    excerpts = {q: kinds(search(q, limit=500))["excerpt"].hits for q in ("Turkiye", "Turkey")}
    assert len(excerpts["Turkiye"]) >= len(excerpts["Turkey"]) > 2
    assert {h.obj.pk for h in excerpts["Turkey"]} <= {h.obj.pk for h in excerpts["Turkiye"]}


def test_a_broad_search_ranks_the_newest_matches_only(db, monkeypatch):
    """Excerpts and positions are ranked among the newest CANDIDATES that match (PostgreSQL's
    stored vectors, 0017; SQLite's FTS5 tables read newest first): a search that matches most
    of the record does not rank all of it."""
    from tracker.reading import search as searching

    party, provision = make_party(code="RUR", name="Ruritania"), make_provision(slug="aid")
    excerpt = make_excerpt(make_source(title="Diary", text="The zebra crossing was agreed."))
    made = [
        make_position(party, provision, excerpt, stance=stance, summary=f"Zebra {stance}.")
        for stance in ("supports", "opposes", "mixed")
    ]
    monkeypatch.setattr(searching, "CANDIDATES", 2)
    # The newest rows read first (WINDOW) hold them all, one, or none of them.
    for window in (100, 1, 0):
        monkeypatch.setattr(searching, "WINDOW", window)
        cache.clear()  # each kind's results are kept for a query
        hits = {g.kind: [h.obj.pk for h in g.hits] for g in search("zebra").groups}
        assert sorted(hits["position"]) == sorted(p.pk for p in made[1:]), window
        assert hits["excerpt"] == [excerpt.pk]


def test_a_narrow_search_still_finds_the_oldest_matches(db, monkeypatch):
    """The bound is on matches, not on rows: a word only old rows hold is found behind any
    number of newer rows, and a query matching fewer than CANDIDATES ranks them all."""
    from tracker.reading import search as searching

    party, provision = make_party(code="RUR", name="Ruritania"), make_provision(slug="aid")
    old = make_excerpt(make_source(title="Old", text="The okapi clause was agreed."))
    oldest = make_position(party, provision, old, stance="supports", summary="Okapi, yes.")
    newer = make_excerpt(make_source(title="New", text="The zebra crossing was agreed."))
    for stance in ("supports", "opposes", "mixed", "undecided"):
        make_position(party, provision, newer, stance=stance, summary=f"Zebra {stance}.")
    monkeypatch.setattr(searching, "CANDIDATES", 2)
    monkeypatch.setattr(searching, "WINDOW", 2)

    hits = {g.kind: [h.obj.pk for h in g.hits] for g in search("okapi").groups}

    assert hits["position"] == [oldest.pk]
    assert hits["excerpt"] == [old.pk]
    assert hits["source"] == [old.source.pk]


def test_the_page_says_a_broad_search_showed_the_best_of_the_newest(client, db, monkeypatch):
    """With more matches of a kind than CANDIDATES, the oldest are not ranked, and the page
    names the bound."""
    from tracker.reading import search as searching

    party = make_party(code="RUR", name="Ruritania")
    excerpt = make_excerpt(make_source(title="Diary", text="The zebra crossing was agreed."))
    for n in range(LIMIT + 3):
        provision = make_provision(slug=f"aid-{n}")
        make_position(party, provision, excerpt, stance="supports", summary=f"Zebra seen {n:02d}.")
    monkeypatch.setattr(searching, "CANDIDATES", LIMIT + 1)
    monkeypatch.setattr("tracker.views.search.CANDIDATES", LIMIT + 1)

    text = client.get(reverse("tracker:search"), {"q": "zebra"}).content.decode()

    assert (
        f"where more than {LIMIT + 1} of a kind match, the best of its newest {LIMIT + 1}" in text
    )
    again = client.get(reverse("tracker:search"), {"q": "zebra"}).content.decode()
    assert f"the best of its newest {LIMIT + 1}" in again  # kept results keep the bound's note
    assert "seen 02." in text  # equal ranks: the oldest ranked first
    assert "seen 00." not in text and "seen 01." not in text
    cache.clear()
    ranked = kinds(search("zebra", limit=100))["position"].hits
    assert sorted(hit.obj.summary for hit in ranked) == [
        f"Zebra seen {n:02d}." for n in range(2, LIMIT + 3)
    ]


def test_the_best_standing_matches_are_shown_when_better_ones_are_retracted(db):
    """Candidates are ranked before it is known which are shown (PostgreSQL reads them best
    first, a few at a time): retracted ones are passed over, however well they rank."""
    party = make_party(code="RUR", name="Ruritania")
    excerpt = make_excerpt(make_source(title="Diary", text="The zebra crossing was agreed."))
    retracted = [
        make_position(
            party, make_provision(slug=f"best-{n}"), excerpt, summary="Zebra zebra zebra."
        )
        for n in range(5)
    ]
    Position.objects.filter(pk__in=[p.pk for p in retracted]).update(
        retracted_at=timezone.now(), retraction_reason="Misattributed."
    )
    standing = [
        make_position(party, make_provision(slug=f"rest-{n}"), excerpt, summary=f"A zebra, {n}.")
        for n in range(3)
    ]

    group = kinds(search("zebra", limit=1))["position"]

    assert [hit.obj.pk for hit in group.hits] == [standing[0].pk]
    assert group.more
