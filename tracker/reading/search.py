"""Full-text search across sources, excerpts, positions, provisions and parties.

Two backends answer with the same kind of results (ranked, grouped by kind, with the matching
words marked):

- PostgreSQL: its full-text search (to_tsvector / to_tsquery, ts_rank_cd, ts_headline), each
  searched column backed by a GIN expression index (migration 0002_search); a source's vector
  is also stored, to rank long articles by (migration 0015).
- SQLite: FTS5 tables with external content, kept in sync with the tracker's tables by triggers
  (migration 0002_search), ranked by bm25() and marked by highlight() / snippet().

On both, sources, excerpts and positions are ranked among the newest CANDIDATES rows of their
kind that match, not among every match: a broad search ("needs work", or a prefix as one types)
matches most of a million positions, and ranking them all took 200 ms and more. The page says
so ("the best of the newest 2,000"). A narrower search (fewer matches) ranks every match, however
old. Provisions and parties are few and ranked whole.

The query is read the same way for both: its words, each of which must appear (stemmed, accents
ignored on SQLite); a number also matches its Roman numeral and its name (7 = VII = seven), as
the linker's aliases do; the last word also matches as a prefix, so results follow as one types.
Provisions and parties are also found by their aliases, through the linker.

Each kind's results for a query are kept until a record of that kind changes (_kept_hits): on a
day of saves, a search page is worked out again from the kept sources' and excerpts' results
and the positions' alone, the sources' being most of a search's time.
"""

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.utils.html import escape
from django.utils.safestring import mark_safe

from tracker.freshness import KEPT_SECONDS, kind_tag, token_for
from tracker.models import (
    Excerpt,
    Party,
    PartyAlias,
    Position,
    Provision,
    ProvisionAlias,
    ReviewStatus,
    Source,
)
from tracker.text.linking import Linker
from tracker.text.numbers import number_forms, number_value

MAX_QUERY_CHARS = 200
MAX_TERMS = 8
LIMIT = 20  # results shown per kind
# Sources, excerpts and positions are ranked among the newest this many that match (PostgreSQL:
# their stored vectors, 0016 and 0017; SQLite: the FTS5 tables read newest first); a search that
# matches more shows the best of those.
CANDIDATES = 2000
# The newest rows of a kind read down the primary key for them before the GIN index is asked:
# a search that matches two rows in five or more finds its CANDIDATES there (5,000 read in
# about 10 ms at a million positions; 20,000 took longer than the index on a broad search).
WINDOW = 5_000
CONFIG = "english"  # PostgreSQL text search configuration the GIN indexes were first built with
# The same with accents folded (unaccent), made by migration 0015 where the extension could be
# created; the GIN indexes are then built with it.
UNACCENT_CONFIG = "tracker_english"


def pg_config(using=DEFAULT_DB_ALIAS):
    """The text search configuration the GIN indexes are built with: accent-folding where
    migration 0015 made it, else plain english. Asked once per connection."""
    conn = connections[using]
    known = getattr(conn, "_tracker_search_config", None)
    if known is None:
        with conn.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_ts_config WHERE cfgname = %s", [UNACCENT_CONFIG])
            known = UNACCENT_CONFIG if cursor.fetchone() else CONFIG
        conn._tracker_search_config = known
    return known


# Words too common to narrow anything (PostgreSQL's english configuration drops these itself).
STOP_WORDS = frozenset("a an and are as at be by for from in is it of on or the to with".split())  # noqa: SIM905

# Marks put around matched words by the database; replaced by <mark> after escaping the text.
OPEN, CLOSE = "\ue000", "\ue001"

# What each kind searches: its table and columns. On SQLite each has an FTS5 table named
# <table>_fts over those columns (migration 0002_search); on PostgreSQL a GIN index each.
SEARCHED = {
    "source": ("tracker_source", ["text"]),
    "excerpt": ("tracker_excerpt", ["exact"]),
    "position": ("tracker_position", ["summary"]),
    "provision": ("tracker_provision", ["title", "summary"]),
    "party": ("tracker_party", ["name"]),
}


def sqlite_index_statements(table, columns):
    """The FTS5 table over `table` and the three triggers that keep it in sync, each created
    only if missing. The same definitions as migration 0002_search."""
    fts = f"{table}_fts"
    cols = ", ".join(columns)
    new = ", ".join(f"new.{column}" for column in columns)
    old = ", ".join(f"old.{column}" for column in columns)
    delete = f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.id, {old});"
    insert = f"INSERT INTO {fts}(rowid, {cols}) VALUES (new.id, {new});"
    return {
        fts: f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5({cols}, content='{table}', "
        "content_rowid='id', tokenize='porter unicode61 remove_diacritics 2')",
        f"{fts}_ai": f"CREATE TRIGGER IF NOT EXISTS {fts}_ai AFTER INSERT ON {table} "
        f"BEGIN {insert} END",
        f"{fts}_ad": f"CREATE TRIGGER IF NOT EXISTS {fts}_ad AFTER DELETE ON {table} "
        f"BEGIN {delete} END",
        f"{fts}_au": f"CREATE TRIGGER IF NOT EXISTS {fts}_au AFTER UPDATE ON {table} "
        f"BEGIN {delete} {insert} END",
    }


def ensure_sqlite_index(using=DEFAULT_DB_ALIAS):
    """Make sure every FTS5 table and trigger is in place; one query when they are. `using` is
    a database alias, as for a post_migrate receiver; other databases than SQLite are left alone.

    Django's SQLite schema editor remakes a table to alter it (a new column with a constraint,
    a changed field), and the old table's triggers go with it. Whatever is missing is created
    again and the index rebuilt from the tables, so nothing written meanwhile is lost. Returns
    the names that were missing.
    """
    conn = connections[using]
    if conn.vendor != "sqlite":
        return []
    wanted = {}
    for table, columns in SEARCHED.values():
        wanted.update(sqlite_index_statements(table, columns))
    with conn.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger') AND name IN "
            f"({', '.join(['%s'] * len(wanted))})",
            list(wanted),
        )
        missing = sorted(set(wanted) - {row[0] for row in cursor.fetchall()})
        if missing:
            for statement in wanted.values():
                cursor.execute(statement)
            for table, _columns in SEARCHED.values():
                cursor.execute(f"INSERT INTO {table}_fts({table}_fts) VALUES ('rebuild')")
    return missing


@dataclass
class Hit:
    obj: object
    snippets: list  # safe HTML, one per searched column, with the matching words marked
    rank: float = 0.0
    alias: str = ""  # the words of the query that matched one of its aliases

    @property
    def snippet(self):
        return self.snippets[0] if self.snippets else ""


@dataclass
class Group:
    kind: str
    label: str
    hits: list = field(default_factory=list)
    more: bool = False  # more matches than LIMIT
    # More matches than CANDIDATES: the hits are the best of the newest CANDIDATES only.
    bounded: bool = False


@dataclass
class Results:
    query: str
    terms: list
    groups: list

    @property
    def count(self):
        return sum(len(group.hits) for group in self.groups)

    @property
    def more(self):
        return any(group.more for group in self.groups)

    @property
    def bounded(self):
        return any(group.bounded for group in self.groups)


KINDS = [
    ("provision", "Provisions"),
    ("party", "Parties"),
    ("position", "Positions"),
    ("excerpt", "Excerpts"),
    ("source", "Sources"),
]


def marked(text):
    """Text from the database with OPEN/CLOSE marks: escaped, with the marks as <mark>."""
    text = re.sub(f"{CLOSE}(\\s+){OPEN}", r"\1", text or "")  # "Chapter VII" as one mark
    html = escape(text).replace(OPEN, "<mark>").replace(CLOSE, "</mark>")
    return mark_safe(html)


def number_alternatives(word):
    """7 -> [7, vii, seven]; VII -> [vii, 7, seven]; seven -> [seven, 7, vii]."""
    lowered = word.lower()
    # "one" is too common a word to mean 1, and "I" a pronoun.
    value = None if lowered == "one" else number_value(word, single_letters=False)
    if value is None:
        return [lowered]
    roman, digits, spelled = number_forms(value)
    alternatives = [digits, roman.lower(), spelled]
    return [lowered, *[a for a in alternatives if a != lowered]]


def query_terms(query):
    """The words of a query, each as its list of alternatives; at most MAX_TERMS words."""
    words = re.findall(r"[^\W_]+", (query or "")[:MAX_QUERY_CHARS])
    kept = [w for w in words if w.lower() not in STOP_WORDS] or words
    return [number_alternatives(word[:50]) for word in kept[:MAX_TERMS]]


MAX_ALIASES = 40  # alternatives a named party or provision brings to one term


def searchable_alias(phrase):
    """An alias as words full-text search can look for (a trailing * kept as a prefix), or None
    when it cannot: a gap ("send ... troops"), or a short capitals-only alias ("US", "PA")
    that only matches capitals, which a full-text index cannot tell from a common word."""
    if "..." in phrase or "…" in phrase:
        return None
    words = re.findall(r"[^\W_]+\*?", phrase)
    if not words:
        return None
    letters = re.sub(r"[^\w]", "", phrase)
    if letters.isupper() and (len(letters) <= 2 or letters.lower() in STOP_WORDS):
        return None
    return " ".join(word.lower() for word in words)


def _alias_phrases(kind, key):
    """A party's name and aliases, or a provision's aliases (not those that only refer
    back)."""
    if kind == "party":
        names = [Party.objects.filter(code=key).values_list("name", flat=True).first()]
        aliases = PartyAlias.objects.filter(party__code=key, refers_back=False)
    else:
        names = []  # a title is a description, not a way of naming it in a text
        aliases = ProvisionAlias.objects.filter(provision__slug=key, refers_back=False)
    names += list(aliases.order_by("phrase").values_list("phrase", flat=True))
    phrases = [searchable_alias(name) for name in names if name]
    return list(dict.fromkeys(p for p in phrases if p))[:MAX_ALIASES]


def _fold(text):
    """Lower case, accents off: "Türkiye" -> "turkiye"."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _party_names_in(text):
    """(start, end, "party", code) where the text spells a party's name, accents and case aside
    (the linker reads aliases; a name need not be one)."""
    folded = _fold(text)
    if len(folded) != len(text):  # a letter that folds to two: positions would not line up
        return []
    found = []
    for code, name in Party.objects.values_list("code", "name"):
        for match in re.finditer(rf"(?<!\w){re.escape(_fold(name))}(?!\w)", folded):
            found.append((match.start(), match.end(), "party", code))
    return found


def search_terms(query):
    """The query's terms (query_terms), where the words that name a party or a provision (as
    the linker reads them: "Turkiye", "Turkey", "Türkiye" all name Türkiye) become one term
    whose alternatives are its name and every alias, so that each finds what the others find,
    in the text too."""
    text = (query or "")[:MAX_QUERY_CHARS]
    words = list(re.finditer(r"[^\W_]+", text))
    kept = [w for w in words if w.group(0).lower() not in STOP_WORDS] or words
    kept = kept[:MAX_TERMS]
    terms = [number_alternatives(w.group(0)[:50]) for w in kept]
    named = (
        [(m.start, m.end, m.kind, m.key) for m in Linker.current().mentions(text)] if kept else []
    )
    named += _party_names_in(text)
    replaced = {}
    for start, end, kind, key in named:
        inside = [i for i, w in enumerate(kept) if start <= w.start() < end]
        if not inside or any(i in replaced for i in inside):
            continue
        spoken = " ".join(kept[i].group(0).lower() for i in inside)
        alternatives = list(dict.fromkeys([spoken, *_alias_phrases(kind, key)]))
        for i in inside:
            replaced[i] = (inside[0], alternatives)
    expanded = []
    for i, term in enumerate(terms):
        if i not in replaced:
            expanded.append(term)
        elif replaced[i][0] == i:
            expanded.append(replaced[i][1])
    return expanded


def search(query, limit=LIMIT):
    """Search everything for `query`: Results with one Group per kind, in KINDS order."""
    terms = search_terms(query)
    groups = [Group(kind, label) for kind, label in KINDS]
    if not terms:
        return Results(query=query, terms=terms, groups=groups)
    backend = {"postgresql": PostgresBackend, "sqlite": SqliteBackend}.get(connection.vendor)
    if backend is None:
        raise NotImplementedError(f"Search is not available on {connection.vendor}.")
    searcher = backend(terms, limit)
    for group in groups:
        hits, group.bounded = _kept_hits(searcher, group.kind, terms, limit)
        group.hits, group.more = hits[:limit], len(hits) > limit
    _add_alias_hits(query, groups, limit)
    return Results(query=query, terms=terms, groups=groups)


# The kinds whose results change with their own records (freshness.kind_tag); provisions' and
# parties' change with what every page may show (SHARED), which every token includes.
OWN_TAG = {"source", "excerpt", "position"}


def _kept_hits(searcher, kind, terms, limit):
    """One kind's results for the terms, and whether more than CANDIDATES matched (the hits
    then being the best of the newest CANDIDATES), kept until a record of that kind (or what
    every page shows) changes: a position saved leaves the sources' and excerpts' results of
    every query as they were, and the search page is worked out again from them and the
    positions' alone."""
    tags = {kind_tag(kind)} if kind in OWN_TAG else set()
    token = token_for(tags)
    described = repr((connection.vendor, kind, terms, limit))
    key = "search-hits:" + hashlib.sha256(described.encode()).hexdigest()[:32]
    kept = cache.get(key)
    if kept is not None and kept[0] == token:
        return kept[1]
    found = getattr(searcher, kind)(), searcher.bounded
    cache.set(key, (token, found), KEPT_SECONDS)
    return found


def _add_alias_hits(query, groups, limit):
    """Provisions and parties whose aliases the query names (Turkey -> Türkiye, Chapter 7 ->
    Chapter VII), found by the linker, as the tracker finds mentions in articles."""
    mentions = Linker.current().mentions(query[:MAX_QUERY_CHARS])
    if not mentions:
        return
    by_kind = {"provision": {}, "party": {}}
    for mention in mentions:
        by_kind[mention.kind].setdefault(mention.key, query[mention.start : mention.end])
    models = {"provision": (Provision, "slug"), "party": (Party, "code")}
    for group in groups:
        if group.kind not in by_kind or not by_kind[group.kind]:
            continue
        model, key_field = models[group.kind]
        aliases = by_kind[group.kind]
        found = {getattr(hit.obj, key_field): hit for hit in group.hits}
        missing = [key for key in aliases if key not in found]
        extra = model.objects.filter(**{f"{key_field}__in": missing}) if missing else []
        for obj in extra:
            found[getattr(obj, key_field)] = Hit(obj=obj, snippets=[escape(str(obj))])
            group.hits.append(found[getattr(obj, key_field)])
        for key, words in aliases.items():
            if key in found:
                found[key].alias = words
        # Named by an alias first: the query says which one it means.
        group.hits.sort(key=lambda hit: not hit.alias)
        group.more = group.more or len(group.hits) > limit
        group.hits = group.hits[:limit]


class PostgresBackend:
    def __init__(self, terms, limit):
        from django.contrib.postgres.search import SearchQuery

        groups = []
        for index, alternatives in enumerate(terms):
            last = index == len(terms) - 1
            # Words are letters and digits only (search_terms), so quoting them is enough; a
            # phrase's words follow one another (<->), a trailing * is a prefix.
            parts = []
            for phrase in alternatives:
                words = phrase.split()
                quoted = [f"'{w.rstrip('*')}'" + (":*" if w.endswith("*") else "") for w in words]
                if last and len(words) == 1 and not words[0].endswith("*"):
                    quoted[0] += ":*"
                parts.append(quoted[0] if len(quoted) == 1 else "(" + " <-> ".join(quoted) + ")")
            groups.append("(" + " | ".join(parts) + ")")
        self.raw = " & ".join(groups)
        self.bounded = False  # the last kind searched had more matches than CANDIDATES
        self.query = SearchQuery(self.raw, config=pg_config(), search_type="raw")
        self.limit = limit

    def _search(self, queryset, columns, headline_options, stored=None, indexed=False):
        """queryset's rows whose columns match, best first, with a headline per column. The
        vector is written exactly as the GIN index in 0015 is, so that it is used to find
        them; `stored`: a column that holds the same vector (0016, 0017), to rank them by
        without working it out from each row's text. `indexed`: that column is the one the
        GIN index covers (0017): the newest CANDIDATES rows that match are found by it, and
        only those are ranked, so that a search matching most of a million rows ranks a few
        thousand, not all of them."""
        from django.contrib.postgres.search import (
            SearchHeadline,
            SearchRank,
            SearchVector,
            SearchVectorField,
        )
        from django.db.models.expressions import RawSQL

        self.bounded = False  # until _newest finds more matches than CANDIDATES
        config = pg_config()
        vector = SearchVector(*columns, config=config)
        ranked_on = vector
        if stored is not None:
            table = connection.ops.quote_name(queryset.model._meta.db_table)
            stored_column = connection.ops.quote_name(stored)
            ranked_on = RawSQL(f"{table}.{stored_column}", (), output_field=SearchVectorField())
        headlines = {
            f"headline_{column}": SearchHeadline(
                column,
                self.query,
                config=config,
                start_sel=OPEN,
                stop_sel=CLOSE,
                **headline_options,
            )
            for column in columns
        }
        rank = SearchRank(ranked_on, self.query, cover_density=True)
        if indexed:
            rows = self._best_of(queryset, table, stored_column, config, rank, headlines)
        else:
            matching = queryset.alias(search_vector=vector).filter(search_vector=self.query)
            rows = matching.annotate(rank=rank, **headlines).order_by("-rank", "pk")[
                : self.limit + 1
            ]
        return [
            Hit(
                obj=row,
                snippets=[marked(getattr(row, f"headline_{column}")) for column in columns],
                rank=row.rank,
            )
            for row in rows
        ]

    def _best_of(self, queryset, table, column, config, rank, headlines):
        """The best limit + 1 of queryset's rows among the newest CANDIDATES that match (_newest),
        best first, annotated with `rank` and `headlines`.

        The candidates come ranked (by the same ts_rank_cd of the same stored vector) and the
        rows are read in that order, a few dozen at a time, until limit + 1 of them are
        visible: ranking 2,000 rows by id again in one query, with the joins the queryset
        needs (an excerpt's source), took 10 to 20 ms a kind at a million positions, most of
        a search's time."""
        from django.db.models import BooleanField
        from django.db.models.expressions import RawSQL

        ranked = sorted(self._newest(table, column, config), key=lambda row: (-row[1], row[0]))
        wanted, start, step = self.limit + 1, 0, 2 * (self.limit + 1)
        rows = []
        while len(rows) < wanted and start < len(ranked):
            ids = [row[0] for row in ranked[start : start + step]]
            start, step = start + step, step * 4
            # One array parameter, not hundreds: Django and psycopg wrote 2,000 placeholders
            # into a query slower than PostgreSQL ranked the rows.
            chunk = queryset.filter(
                RawSQL(f"{table}.id = ANY(%s)", (ids,), output_field=BooleanField())
            )
            rows += chunk.annotate(rank=rank, **headlines).order_by("-rank", "pk")
        return rows[:wanted]

    def _newest(self, table, column, config):
        """(id, rank) of the newest CANDIDATES rows of `table` whose stored vector `column`
        matches, ranked as SearchRank(cover_density=True) ranks them (ts_rank_cd); `bounded`
        set when more match.

        PostgreSQL cannot tell how many rows a query (a prefix above all) matches, and reads
        every match through the GIN index to sort them: 200,000 for a broad search at a million
        positions. So the newest WINDOW rows are read down the primary key first, and a broad
        search finds its candidates there; a search that finds fewer asks the GIN index for
        the rest, among the rows older than the window (as every search did before: a few
        milliseconds more than that)."""
        query = "to_tsquery(%s::regconfig, %s)"
        with connection.cursor() as cursor:
            # The window's rows are read down the primary key and go no further than the
            # CANDIDATES-th match, each ranked as it is read: as a CTE the window's 5,000
            # vectors were kept, then sorted (on disk for sources' long ones).
            cursor.execute(
                f"WITH matching AS (SELECT id, ts_rank_cd(vector, {query}) AS rank "
                f"FROM (SELECT c.id, c.{column} AS vector FROM {table} AS c "
                f"ORDER BY c.id DESC LIMIT %s) AS window_rows WHERE vector @@ {query} "
                "ORDER BY id DESC LIMIT %s) "
                f"SELECT (SELECT min(id) FROM (SELECT id FROM {table} "
                "ORDER BY id DESC LIMIT %s) AS window_ids), "
                "array(SELECT id FROM matching ORDER BY id DESC), "
                "array(SELECT rank FROM matching ORDER BY id DESC)",
                # One more than CANDIDATES: whether any match is left unranked.
                [config, self.raw, WINDOW, config, self.raw, CANDIDATES + 1, WINDOW],
            )
            oldest, ids, ranks = cursor.fetchone()
            found = list(zip(ids or [], ranks or [], strict=True))
            if len(found) <= CANDIDATES:
                older = "TRUE" if oldest is None else "c.id < %s"
                cursor.execute(
                    f"SELECT id, ts_rank_cd(vector, {query}) FROM (SELECT c.id, "
                    f"c.{column} AS vector FROM {table} AS c WHERE {older} "
                    f"AND c.{column} @@ {query} ORDER BY c.id DESC LIMIT %s) AS older",
                    [
                        config,
                        self.raw,
                        *([] if oldest is None else [oldest]),
                        config,
                        self.raw,
                        CANDIDATES + 1 - len(found),
                    ],
                )
                found += cursor.fetchall()
        self.bounded = len(found) > CANDIDATES
        return found[:CANDIDATES]

    whole = {"highlight_all": True}

    def source(self):
        return self._search(
            Source.objects.visible(),
            ["text"],
            {"max_words": 35, "min_words": 15, "max_fragments": 2, "fragment_delimiter": " … "},
            # Articles are long: ranking many by vectors worked out from their texts took
            # most of a search's time.
            stored="search_vector",
            indexed=True,
        )

    def excerpt(self):
        return self._search(
            Excerpt.objects.visible().select_related("source"),
            ["exact"],
            self.whole,
            # They grow with the record: a broad search matches thousands (0017).
            stored="search_vector",
            indexed=True,
        )

    def position(self):
        return self._search(
            Position.objects.visible().select_related("party", "provision", "excerpt__source"),
            ["summary"],
            self.whole,
            stored="search_vector",
            indexed=True,
        )

    def provision(self):
        return self._search(Provision.objects.all(), ["title", "summary"], self.whole)

    def party(self):
        return self._search(Party.objects.all(), ["name"], self.whole)


class SqliteBackend:
    def __init__(self, terms, limit):
        ensure_sqlite_index()
        groups = []
        for index, alternatives in enumerate(terms):
            last = index == len(terms) - 1
            # FTS5 strings in double quotes (a phrase's words in order); the words hold letters
            # and digits only; a trailing * is a prefix.
            parts = []
            for phrase in alternatives:
                prefix = phrase.endswith("*") or (last and " " not in phrase)
                parts.append(f'"{phrase.rstrip("*")}"' + ("*" if prefix else ""))
            groups.append("(" + " OR ".join(parts) + ")")
        self.match = " AND ".join(groups)
        self.bounded = False  # the last kind searched had more matches than CANDIDATES
        self.limit = limit

    def _search(
        self,
        kind,
        model,
        joins="",
        where="",
        where_params=(),
        select_related=(),
        snippet_column=None,
        bounded=False,
    ):
        """The rows of `kind` that match, best first (bm25), with the matching words marked.
        `bounded`: only the newest CANDIDATES rows that match are ranked, as on PostgreSQL
        (_oldest_candidate), so that a search matching most of a million rows ranks a few
        thousand, not all of them."""
        base, columns = SEARCHED[kind]
        table = f"{base}_fts"
        bound, bound_params = "", []
        self.bounded = False  # until _oldest_candidate finds more matches than CANDIDATES
        oldest = self._oldest_candidate(table) if bounded else None
        if oldest is not None:
            bound, bound_params = f"AND {table}.rowid >= %s", [oldest]
        marks = []
        for number, column in enumerate(columns):
            if column == snippet_column:
                marks.append(f"snippet({table}, {number}, %s, %s, ' … ', 40)")
            else:
                marks.append(f"highlight({table}, {number}, %s, %s)")
        sql = (
            f"SELECT {table}.rowid, bm25({table}), {', '.join(marks)} "
            f"FROM {table} JOIN {base} ON {base}.id = {table}.rowid {joins} "
            f"WHERE {table} MATCH %s {bound} {where} "
            f"ORDER BY bm25({table}), {table}.rowid LIMIT %s"
        )
        params = [OPEN, CLOSE] * len(columns)
        params += [self.match, *bound_params, *where_params, self.limit + 1]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        objects = model.objects.select_related(*select_related).in_bulk([row[0] for row in rows])
        return [
            Hit(obj=objects[row[0]], snippets=[marked(text) for text in row[2:]], rank=-row[1])
            for row in rows
            if row[0] in objects
        ]

    def _oldest_candidate(self, table):
        """The rowid of the CANDIDATES-th newest row of the FTS5 table `table` that matches,
        or None when fewer match (then every match is ranked); `bounded` set when more match.

        FTS5 reads a match's rows in rowid order, newest first when asked, without ranking
        them: a few milliseconds at a million positions where ranking every match took 200.
        The ranking query then takes `rowid >= ` it, which FTS5 applies as it reads (its
        query plan says `M1>`). Asked as a subquery of the ranking query instead, SQLite
        planned it badly (28 s)."""
        with connection.cursor() as cursor:
            # Two rows: the second, if any, is a match left unranked.
            cursor.execute(
                f"SELECT rowid FROM {table} WHERE {table} MATCH %s "
                "ORDER BY rowid DESC LIMIT 2 OFFSET %s",
                [self.match, CANDIDATES - 1],
            )
            rows = cursor.fetchall()
        self.bounded = len(rows) > 1
        return rows[0][0] if rows else None

    def source(self):
        return self._search(
            "source",
            Source,
            where="AND tracker_source.retracted_at IS NULL AND tracker_source.status = %s",
            where_params=[ReviewStatus.PUBLISHED],
            snippet_column="text",
            bounded=True,
        )

    def excerpt(self):
        return self._search(
            "excerpt",
            Excerpt,
            joins="JOIN tracker_source ON tracker_source.id = tracker_excerpt.source_id",
            where="AND tracker_excerpt.retracted_at IS NULL "
            "AND tracker_source.retracted_at IS NULL AND tracker_source.status = %s",
            where_params=[ReviewStatus.PUBLISHED],
            select_related=["source"],
            bounded=True,
        )

    def position(self):
        return self._search(
            "position",
            Position,
            where="AND tracker_position.retracted_at IS NULL AND tracker_position.status = %s",
            where_params=[ReviewStatus.PUBLISHED],
            select_related=["party", "provision", "excerpt__source"],
            bounded=True,
        )

    def provision(self):
        return self._search("provision", Provision)

    def party(self):
        return self._search("party", Party)
