"""The reading pages: overview, provision, party and source.

Every page runs a fixed number of queries, whatever the number of parties, provisions, sources
or positions (tests/test_pages_*.py measure it at two data sizes).
"""

from collections import defaultdict

from django.core.paginator import Paginator
from django.db.models import Count, F, Max, OuterRef, Q, Subquery, Sum
from django.shortcuts import get_object_or_404, render

from tracker.models import (
    Excerpt,
    Party,
    Position,
    Provision,
    ReviewStatus,
    Source,
    VoteEvent,
)
from tracker.reading import charts, wording
from tracker.roles import is_editor
from tracker.text.linking import Linker
from tracker.views.caching import cached_for_readers, on_party, on_provision, on_source
from tracker.views.htmx import position_sort_key, stance_tally
from tracker.views.marking import highlight_source, mark_excerpt, mentions_in, text_fragment_url
from tracker.views.positions_html import (
    POSITION_ANNOTATIONS,
    POSITION_COLUMNS,
    PositionWriter,
)
from tracker.views.scoping import scoped

LATEST_POSITIONS = 8
# How much of an unbounded list a page shows; the rest is a page (or a link) away.
EXCERPTS_PER_PAGE = 30
SOURCES_PER_PAGE = 50
OVERVIEW_SOURCES = 20
EARLIER_SHOWN = 3
# What the provision page reads of its positions: the writer's columns less the provision's
# (the page has it), and for the earlier ones less the party's too (the current one has it).
PARTY_COLUMNS = tuple(c for c in POSITION_COLUMNS if not c.startswith("provision__"))
CELL_COLUMNS = (*(c for c in PARTY_COLUMNS if not c.startswith("party__")), "party")
STATEMENTS_SHOWN = 10


def _page(request, items, per_page):
    """The requested page of `items`. A page number past the end gives the last page and one
    that is not a number the first, as on the suggestions page: a stale link still shows
    something."""
    page = Paginator(items, per_page).get_page(request.GET.get("page"))
    # For the pager: the first and last pages, and two either side of this one.
    page.numbers = list(page.paginator.get_elided_page_range(page.number, on_each_side=2))
    return page


def _newest_sources():
    """Published, unretracted sources, newest first: by publication date (undated last), then
    the most recently stored."""
    return Source.objects.visible().newest_first()


def _with_counts(sources):
    """`sources` (a short list) with excerpt_count and position_count set: one query, over
    these sources only."""
    counts = {
        pk: (excerpts, positions)
        for pk, excerpts, positions in Source.objects.filter(pk__in=[s.pk for s in sources])
        .annotate(
            excerpt_count=Count(
                "excerpts", filter=Q(excerpts__retracted_at__isnull=True), distinct=True
            ),
            position_count=Count(
                "excerpts__positions",
                filter=Q(
                    excerpts__positions__retracted_at__isnull=True,
                    excerpts__positions__status=ReviewStatus.PUBLISHED,
                ),
                distinct=True,
            ),
        )
        .values_list("pk", "excerpt_count", "position_count")
    }
    for source in sources:
        source.excerpt_count, source.position_count = counts.get(source.pk, (0, 0))
    return sources


def _newest_excerpts(**mentioning):
    """Unretracted excerpts of published, unretracted sources that mention something, newest
    source first (by publication date, undated last, then the most recently stored), in reading
    order within a source."""
    return (
        Excerpt.objects.visible()
        .filter(**mentioning)
        .select_related("source")
        .order_by(F("source__published_on").desc(nulls_last=True), "-source_id", "start")
    )


@cached_for_readers
@scoped
def overview(request, negotiation):
    provisions = list(negotiation.provisions.all())
    parties = list(Party.objects.in_display_order())
    # Read down the index on when positions were recorded (position_recorded_idx) to the first
    # that fit, not by sorting every position of the negotiation.
    latest = list(
        Position.objects.visible()
        .filter(provision__negotiation=negotiation)
        .order_by("-recorded_at", "-pk")
        .select_related("party", "provision", "excerpt__source", "refers_to")[:LATEST_POSITIONS]
    )
    stances = defaultdict(list)
    current = Position.objects.current().filter(provision__negotiation=negotiation).order_by()
    for provision_id, stance in current.values_list("provision_id", "stance"):
        stances[provision_id].append(stance)
    rows = []
    for provision in provisions:
        tally, unknown = stance_tally(stances[provision.pk], len(parties))
        units = [stance for stance, _label, count in tally for _ in range(count)]
        rows.append({"provision": provision, "tally": tally, "unknown": unknown, "units": units})
    context = {
        "negotiation": negotiation,
        "drafts": wording.drafts_of(negotiation),
        "spread_svg": charts.stance_spread_svg(
            [charts.Spread(row["provision"].title, row["tally"], row["unknown"]) for row in rows],
            "Where the parties stand on each provision",
        )
        if rows
        else "",
        "vote_events": list(
            VoteEvent.objects.filter(version__draft__negotiation=negotiation)
            .select_related("version__draft__negotiation")
            .order_by("date")
        ),
        "rows": rows,
        "parties": parties,
        "latest": latest,
        "sources": _with_counts(list(_newest_sources()[:OVERVIEW_SOURCES])),
        "source_total": _newest_sources().count(),
        "last_updated": _last_updated(latest),
    }
    return render(request, "tracker/overview.html", context)


def _last_updated(latest):
    """When the newest published position or source was recorded, if any; `latest`: the
    newest positions, newest first (the overview lists them). Asked for on its own, the newest
    position's time was sorted out of every position of the negotiation on SQLite (its planner
    went through the provisions: 555 ms at a million positions)."""
    times = [
        latest[0].recorded_at if latest else None,
        Source.objects.visible().aggregate(latest=Max("created_at"))["latest"],
    ]
    return max((t for t in times if t is not None), default=None)


@cached_for_readers
def sources(request):
    """Every published source, newest first, a page at a time."""
    page = _page(request, _newest_sources(), SOURCES_PER_PAGE)
    page.object_list = _with_counts(list(page.object_list))
    return render(request, "tracker/sources.html", {"page": page})


def _marked_excerpts(excerpts, kind, key):
    """The excerpts as sentences in context with the words naming (kind, key) marked; the
    linker is built once per change to the records (Linker.current)."""
    linker = Linker.current()
    return [mark_excerpt(e, mentions_in(linker, e.exact), kind, key) for e in excerpts]


def _earlier_positions(provision, current):
    """For each current position, the newest EARLIER_SHOWN of its party's other published
    positions on the provision (retracted ones included, shown as such) and how many there are
    in all: one query that reads the newest few of each party's cell by their stored rank
    (Position.cell_rank, indexed), whatever the number of positions before them."""
    # The current positions are read already; the newest few others of each cell (their
    # party's current one is among its published positions: the rest are earlier). Their party
    # and provision are the current position's: given, not read again in every row.
    newest = (
        Position.objects.public()
        .filter(provision=provision, cell_rank__lte=EARLIER_SHOWN + 1, is_current=False)
        .select_related("excerpt__source", "refers_to")
        .only(*CELL_COLUMNS)
        .annotate(**POSITION_ANNOTATIONS)
        .order_by("party_id", "cell_rank")
    )
    parties = {p.party_id: p.party for p in current}
    earlier = defaultdict(list)
    for position in newest:
        party = parties.get(position.party_id)
        if party is None:
            continue  # a party with no current position here shows none of its earlier ones
        position.party, position.provision = party, provision
        earlier[position.party_id].append(position)
    return [(p, earlier[p.party_id][:EARLIER_SHOWN], p.cell_count - 1) for p in current]


@cached_for_readers(depends=on_provision)
def provision(request, slug):
    provision = get_object_or_404(Provision.objects.select_related("negotiation"), slug=slug)
    request.negotiation = provision.negotiation
    current = sorted(
        Position.objects.current()
        .filter(provision=provision)
        .select_related("party", "excerpt__source", "refers_to")
        .only(*PARTY_COLUMNS)
        .annotate(**POSITION_ANNOTATIONS),
        key=position_sort_key,
    )
    for position in current:
        position.provision = provision  # the page's own, not read again in every row
    stated = {p.party_id for p in current}
    silent = [p for p in Party.objects.in_display_order() if p.pk not in stated]
    page = _page(request, _newest_excerpts(provisions=provision), EXCERPTS_PER_PAGE)
    tally, _unknown = stance_tally([p.stance for p in current], 0)
    writer = PositionWriter(
        provision.negotiation, can_change=request.user.has_perm("tracker.change_position")
    )
    context = {
        "provision": provision,
        "current": writer.write_all(
            _earlier_positions(provision, current), show_party=True, show_quote=True
        ),
        "tally": tally,
        "silent": silent,
        "page": page,
        # The linker runs over the shown page only.
        "excerpts": _marked_excerpts(page, "provision", provision.slug),
        "wording": wording.wording_by_version(provision),
    }
    return render(request, "tracker/provision.html", context)


@cached_for_readers(depends=on_party)
@scoped
def party(request, negotiation, code):
    party = get_object_or_404(Party.objects.prefetch_related("groups", "members"), code=code)
    current = {
        p.provision_id: p
        for p in Position.objects.current()
        .filter(party=party, provision__negotiation=negotiation)
        .select_related("party", "provision", "excerpt__source", "refers_to")
    }
    provisions = [(p, current.get(p.pk)) for p in negotiation.provisions.all()]
    # The newest few, each with how many there are in all: one query. The newest
    # STATEMENTS_SHOWN of the party are among the newest STATEMENTS_SHOWN of each of its cells
    # (Position.cell_rank, indexed), and the total is the sum of its cells' counts, read from
    # each cell's newest position: nothing older is read.
    cells = Position.objects.filter(
        party=OuterRef("party"), provision__negotiation=negotiation, cell_rank=1
    )
    statements = list(
        Position.objects.public()
        .filter(party=party, provision__negotiation=negotiation, cell_rank__lte=STATEMENTS_SHOWN)
        .newest_first()
        .annotate(
            total=Subquery(cells.values("party").annotate(n=Sum("cell_count")).values("n")[:1])
        )
        .select_related("party", "provision", "excerpt__source", "refers_to")[:STATEMENTS_SHOWN]
    )
    page = _page(request, _newest_excerpts(parties=party), EXCERPTS_PER_PAGE)
    # The shown excerpts grouped by source, in page order (a source's excerpts are together).
    groups = {}
    for marked in _marked_excerpts(page, "party", party.code):
        source = marked.excerpt.source
        groups.setdefault(source.pk, (source, []))[1].append(marked)
    # How many sentences each shown source has in all, for those split across pages.
    totals = dict(
        Excerpt.objects.standing()
        .filter(parties=party, source_id__in=list(groups))
        .values("source_id")
        .annotate(n=Count("pk"))
        .values_list("source_id", "n")
    )
    sources = []
    for index, (source, mentions) in enumerate(groups.values()):
        total = totals.get(source.pk, len(mentions))
        split = len(mentions) < total
        sources.append(
            {
                "source": source,
                "mentions": mentions,
                "total": total,
                "before": split and index == 0 and page.has_previous(),
                "after": split and index == len(groups) - 1 and page.has_next(),
            }
        )
    context = {
        "party": party,
        "provisions": provisions,
        "known": len(current),
        "statements": statements,
        "statement_total": statements[0].total if statements else 0,
        "page": page,
        "sources": sources,
    }
    return render(request, "tracker/party.html", context)


@cached_for_readers(depends=on_source)
def source(request, pk):
    # Editors also see what waits for review (marked so); the public sees published records.
    editor = is_editor(request.user)
    source = get_object_or_404(Source.objects.all() if editor else Source.objects.public(), pk=pk)
    excerpts = list(
        source.excerpts.standing()
        .order_by("start", "end")
        .prefetch_related("provisions", "parties")
    )
    citing = defaultdict(list)
    for position in (
        (Position.objects.standing() if editor else Position.objects.visible())
        .filter(excerpt__source=source)
        .select_related("party", "provision")
        .order_by("party__name", "provision__display_order")
    ):
        citing[position.excerpt_id].append(position)
    numbers = {e.pk: number for number, e in enumerate(excerpts, start=1)}
    for excerpt in excerpts:
        excerpt.number = numbers[excerpt.pk]
        excerpt.citing = citing[excerpt.pk]
        excerpt.original_url = text_fragment_url(source.url, excerpt.exact)
    context = {
        "source": source,
        "paragraphs": highlight_source(source.text, excerpts, numbers),
        "excerpt_count": len(excerpts),
        "position_count": sum(len(p) for p in citing.values()),
        "editor": editor,
    }
    return render(request, "tracker/source.html", context)
