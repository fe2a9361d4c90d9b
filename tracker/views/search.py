"""Search across sources, excerpts, positions, provisions and parties (tracker.reading.search)."""

from django.views.decorators.vary import vary_on_headers

from tracker.reading.search import CANDIDATES, MAX_QUERY_CHARS, search
from tracker.views.caching import cached_for_readers
from tracker.views.htmx import render_page


@cached_for_readers(lag_setting="SEARCH_LAG_SECONDS")
@vary_on_headers("HX-Request")
def search_page(request):
    query = " ".join(request.GET.get("q", "").split())[:MAX_QUERY_CHARS]
    results = search(query) if query else None
    context = {
        "query": query,
        "results": results,
        "max_query_chars": MAX_QUERY_CHARS,
        # Sources, excerpts and positions are ranked among the newest CANDIDATES matches of
        # each kind, not every one (on PostgreSQL and SQLite alike).
        "candidates": f"{CANDIDATES:,}",
    }
    return render_page(request, "tracker/search.html", context, partial="results")
