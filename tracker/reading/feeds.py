"""An Atom feed of newly recorded positions, newest first, for readers who follow the tracker.

The matrix's filters narrow it: ?provision=chapter-vii-authority follows one provision,
?party=USA one party, ?category=… or ?kind=… a group of them. A retracted position stays in
the feed, marked as retracted, so a reader who saw it learns that it was withdrawn.
"""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html

from tracker.models import PartyKind, ProvisionCategory
from tracker.reading.exports import Permalinks

FEED_LENGTH = 50


class PositionsFeed(Feed):
    feed_type = Atom1Feed
    author_name = "Resolution Tracker"
    item_guid_is_permalink = False

    def __init__(self, filters):
        super().__init__()
        self.filters = filters  # a valid tracker.reading.matrix.MatrixFilters

    def get_object(self, request, *args, **kwargs):
        self.request = request
        self.permalink = Permalinks(request.build_absolute_uri("/"))
        return self.filters

    def title(self, filters):
        return "Resolution Tracker: positions recorded" + self._scope(filters)

    def subtitle(self, filters):
        return (
            "Newly recorded party positions on the draft resolution's provisions, newest first, "
            "each with its verbatim quote and a link to the source."
        )

    def link(self, filters):
        """The matrix page, narrowed the same way as the feed."""
        query = self.request.GET.urlencode()
        if filters.negotiation is None:
            return reverse("tracker:home")
        page = reverse("tracker:matrix", args=[filters.negotiation.slug])
        return page + (f"?{query}" if query else "")

    def feed_url(self, filters):
        return self.request.get_full_path()

    def items(self, filters):
        return (
            filters.positions()
            .public()
            .select_related("party", "provision", "excerpt__source")
            .defer("excerpt__source__text")
            .order_by("-recorded_at", "-pk")[:FEED_LENGTH]
        )

    def item_title(self, position):
        title = (
            f"{position.party.name} · {position.provision.title}: {position.get_stance_display()}"
        )
        return f"Retracted: {title}" if position.is_retracted else title

    def item_description(self, position):
        source = position.excerpt.source
        description = format_html(
            "<p>{}</p><blockquote>{}</blockquote><p>{}{}, {}</p>",
            position.summary,
            position.excerpt.exact,
            f"{position.speaker}. " if position.speaker else "",
            source.display_title,
            source.outlet or "outlet unknown",
        )
        if position.is_retracted:
            description = format_html(
                "<p><strong>Retracted:</strong> {}</p>{}", position.retraction_reason, description
            )
        return description

    def item_link(self, position):
        return self.permalink(position.excerpt.source_id, position.excerpt_id)

    def item_guid(self, position):
        # Several positions can cite one excerpt, so the link is not an entry's identity.
        return f"tag:{self.request.get_host().split(':')[0]},2025:position/{position.pk}"

    def item_pubdate(self, position):
        return position.recorded_at

    def item_updateddate(self, position):
        return position.updated_at

    def item_categories(self, position):
        return [position.party.code, position.provision.slug, position.stance]

    def _scope(self, filters):
        data = filters.cleaned_data
        parts = []
        if data.get("provision"):
            parts.append("on " + ", ".join(p.title for p in filters.provisions()))
        elif data.get("category"):
            labels = [ProvisionCategory(c).label.lower() for c in data["category"]]
            parts.append("on " + ", ".join(labels) + " provisions")
        if data.get("party"):
            parts.append("by " + ", ".join(p.name for p in filters.parties()))
        elif data.get("kind"):
            parts.append("by " + ", ".join(PartyKind(k).label.lower() for k in data["kind"]))
        if data.get("as_of"):
            parts.append(f"stated by {data['as_of'].isoformat()}")
        return (" " + " ".join(parts)) if parts else ""
