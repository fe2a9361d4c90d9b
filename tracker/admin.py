"""The admin: where staff curate the catalogue (provisions, parties, aliases and exclusions) and
the people who speak for parties, see what editors linked that no alias covers, approve or reject
the aliases and exclusions proposed from it, and can browse everything else. Sources, excerpts
and positions are never deleted: they are retracted."""

from django.contrib import admin, messages
from django.db import models
from django.db.models import Count
from simple_history.admin import SimpleHistoryAdmin

from tracker import recording
from tracker.models import (
    Excerpt,
    LinkExample,
    Membership,
    Negotiation,
    Party,
    PartyAlias,
    PartyExclusion,
    Person,
    PersonName,
    Position,
    Provision,
    ProvisionAlias,
    ProvisionExclusion,
    Source,
    Verdict,
    VocabularyProposal,
)
from tracker.recording import vocabulary


class NoDeleteMixin:
    """Retract with a reason instead: the record, and what cites it, stays."""

    def has_delete_permission(self, request, obj=None):
        return False


class RetractedFilter(admin.SimpleListFilter):
    title = "retracted"
    parameter_name = "retracted"

    def lookups(self, request, model_admin):
        return [("no", "Standing"), ("yes", "Retracted")]

    def queryset(self, request, queryset):
        if self.value() == "no":
            return queryset.filter(retracted_at__isnull=True)
        if self.value() == "yes":
            return queryset.filter(retracted_at__isnull=False)
        return queryset


class ProvisionInline(admin.TabularInline):
    model = Provision
    fields = ["display_order", "slug", "title", "category"]
    extra = 0
    show_change_link = True


@admin.register(Negotiation)
class NegotiationAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "is_default"]
    search_fields = ["title", "description"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [ProvisionInline]


class ProvisionAliasInline(admin.TabularInline):
    model = ProvisionAlias
    extra = 3


class ProvisionExclusionInline(admin.TabularInline):
    model = ProvisionExclusion
    extra = 1


@admin.register(Provision)
class ProvisionAdmin(SimpleHistoryAdmin):
    list_display = ["title", "slug", "category", "display_order", "alias_count", "position_count"]
    list_editable = ["display_order"]
    list_filter = ["category", "negotiation"]
    search_fields = ["title", "slug", "summary", "aliases__phrase"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [ProvisionAliasInline, ProvisionExclusionInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                alias_total=Count("aliases", distinct=True),
                position_total=Count("positions", distinct=True),
            )
        )

    @admin.display(description="aliases", ordering="alias_total")
    def alias_count(self, obj):
        return obj.alias_total

    @admin.display(description="positions", ordering="position_total")
    def position_count(self, obj):
        return obj.position_total


class PartyAliasInline(admin.TabularInline):
    model = PartyAlias
    extra = 3


class PartyExclusionInline(admin.TabularInline):
    model = PartyExclusion
    extra = 1


@admin.register(Party)
class PartyAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "kind"]
    list_filter = ["kind", "groups"]
    search_fields = ["name", "code", "aliases__phrase"]
    filter_horizontal = ["groups"]
    inlines = [PartyAliasInline, PartyExclusionInline]


class PersonNameInline(admin.TabularInline):
    model = PersonName
    extra = 2


class MembershipInline(admin.TabularInline):
    model = Membership
    fields = ["party", "role", "start_date", "end_date", "source"]
    autocomplete_fields = ["party"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    extra = 1


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    """The people who speak for parties (Popolo persons): their names, as writers spell them,
    and the parties they speak for, in which role and when."""

    list_display = ["name", "speaks_for"]
    list_filter = ["memberships__party"]
    search_fields = ["name", "other_names__name", "memberships__role"]
    inlines = [PersonNameInline, MembershipInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("memberships__party")

    @admin.display(description="speaks for")
    def speaks_for(self, obj):
        return ", ".join(str(m.party) for m in obj.memberships.all()) or "—"


class ReadOnlyInline(admin.TabularInline):
    """What cites or is cited by a record, listed for reading; changed on its own page."""

    extra = 0
    show_change_link = True
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None):
        return False


class ExcerptInline(ReadOnlyInline):
    model = Excerpt
    fields = ["start", "end", "exact", "made_by", "retracted_at"]


@admin.register(Source)
class SourceAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    list_display = [
        "display_title",
        "outlet",
        "published_on",
        "origin",
        "seed_file",
        "retracted_at",
    ]
    list_filter = ["origin", "language", "outlet", RetractedFilter]
    search_fields = ["title", "outlet", "author", "url", "text", "seed_file"]
    date_hierarchy = "created_at"
    # A URL typed without a scheme is taken as https (Django 6's default).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    readonly_fields = [
        "text_sha256",
        "created_at",
        "updated_at",
        "retracted_at",
        "retracted_by",
        "retraction_reason",
    ]
    inlines = [ExcerptInline]

    def get_readonly_fields(self, request, obj=None):
        # The text of a stored source never changes: excerpts point into it by offset.
        if obj is not None:
            return [*self.readonly_fields, "text", "origin", "seed_file"]
        return self.readonly_fields


class PositionInline(ReadOnlyInline):
    model = Position
    fk_name = "excerpt"
    fields = ["party", "provision", "stance", "attribution", "stated_on", "retracted_at"]


@admin.register(Excerpt)
class ExcerptAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    list_display = ["__str__", "source", "start", "end", "made_by", "retracted_at"]
    list_filter = ["made_by", "provisions", "parties", RetractedFilter]
    list_select_related = ["source"]
    search_fields = ["exact", "source__title"]
    autocomplete_fields = ["source", "provisions", "parties"]
    readonly_fields = [
        "prefix",
        "suffix",
        "created_at",
        "updated_at",
        "retracted_at",
        "retracted_by",
        "retraction_reason",
    ]
    inlines = [PositionInline]

    def get_readonly_fields(self, request, obj=None):
        # Offsets and quote are the anchor: they are set once, when the excerpt is made.
        if obj is not None:
            return [*self.readonly_fields, "source", "start", "end", "exact"]
        return self.readonly_fields


@admin.register(Position)
class PositionAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    list_display = [
        "party",
        "provision",
        "stance",
        "attribution",
        "speaker",
        "stated_on",
        "recorded_at",
        "retracted_at",
    ]
    list_filter = ["stance", "attribution", "provision", "party__kind", "origin", RetractedFilter]
    list_select_related = ["party", "provision"]
    search_fields = ["summary", "speaker", "party__name", "provision__title", "excerpt__exact"]
    autocomplete_fields = ["party", "provision", "excerpt"]
    date_hierarchy = "recorded_at"
    readonly_fields = [
        "evidence",
        "recorded_at",
        "recorded_by",
        "updated_at",
        "retracted_at",
        "retracted_by",
        "retraction_reason",
    ]

    @admin.display(description="quote")
    def evidence(self, obj):
        if obj.excerpt_id is None:
            return "—"
        return f"“{obj.excerpt.exact}” ({obj.excerpt.source.display_title})"


# --- What editors teach the linker ---------------------------------------------------------------


class UncoveredFilter(admin.SimpleListFilter):
    title = "what it shows"
    parameter_name = "shows"

    def lookups(self, request, model_admin):
        return [
            ("uncovered", "Linked by editors, no alias covers it"),
            ("left-out", "Suggestions editors left out"),
        ]

    def queryset(self, request, queryset):
        if self.value() == "uncovered":
            return queryset.filter(verdict=Verdict.ADDED, covered=False)
        if self.value() == "left-out":
            return queryset.filter(verdict=Verdict.DROPPED)
        return queryset


@admin.register(LinkExample)
class LinkExampleAdmin(admin.ModelAdmin):
    """Every suggestion an editor kept or left out and every excerpt linked by hand, as labelled
    examples. Read only: they are what editors did."""

    list_display = ["text", "label", "verdict", "covered", "matched", "source", "created_at"]
    list_filter = [UncoveredFilter, "verdict", "covered", "provision", "party"]
    list_select_related = ["provision", "party", "source"]
    search_fields = ["text", "matched"]
    actions = ["propose_from_examples"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description="Propose aliases and exclusions (from all examples)")
    def propose_from_examples(self, request, queryset):
        made = vocabulary.propose()
        self.message_user(
            request,
            f"{len(made)} new proposal{'s' if len(made) != 1 else ''}: see Vocabulary proposals. "
            "Nothing changes until staff approve one.",
        )


@admin.register(VocabularyProposal)
class VocabularyProposalAdmin(admin.ModelAdmin):
    """Aliases and exclusions proposed from the examples. Approving one adds its phrase to the
    vocabulary; nothing else does. A pending phrase may be edited before it is approved."""

    list_display = ["phrase", "kind", "label", "support", "against", "status", "decided_by"]
    list_filter = ["status", "kind", "provision", "party"]
    list_select_related = ["provision", "party", "decided_by"]
    search_fields = ["phrase"]
    readonly_fields = [
        "kind",
        "provision",
        "party",
        "support",
        "against",
        "status",
        "decided_by",
        "decided_at",
        "example_texts",
    ]
    fields = ["phrase", *readonly_fields]
    actions = ["approve", "reject"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.status != VocabularyProposal.Status.PENDING:
            return ["phrase", *self.readonly_fields]
        return self.readonly_fields

    @admin.display(description="examples")
    def example_texts(self, obj):
        return "\n".join(f"• {e.text}" for e in obj.examples.all()[:10]) or "—"

    def _decide(self, request, queryset, decide, done):
        count = 0
        for proposal in queryset:
            try:
                decide(proposal, by=request.user)
            except recording.Refused as refused:
                self.message_user(request, refused.reason, level=messages.WARNING)
            else:
                count += 1
        self.message_user(request, f"{count} {done}.")

    @admin.action(description="Approve: add to the vocabulary")
    def approve(self, request, queryset):
        self._decide(request, queryset, vocabulary.approve, "approved and added")

    @admin.action(description="Reject")
    def reject(self, request, queryset):
        self._decide(request, queryset, vocabulary.reject, "rejected")
