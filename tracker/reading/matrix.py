"""The party x provision position matrix, and the filters that shape it.

One implementation for the matrix page, its exports and the export command: the same query
string means the same matrix everywhere.
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.db import connection
from django.db.models import QuerySet
from django.utils import timezone

from tracker.models import (
    PARTY_KIND_ORDER,
    Attribution,
    Excerpt,
    Negotiation,
    Party,
    PartyKind,
    Position,
    Provision,
    ProvisionCategory,
    ReviewStatus,
    Source,
    Stance,
)
from tracker.models.catalogue import PartyQuerySet
from tracker.models.positions import PositionQuerySet


class MatrixFilters(forms.Form):
    """Query-string filters: ?negotiation=…&as_of=YYYY-MM-DD&kind=…&party=…&category=…&provision=…
    &evidence=on-record&stance=…&empty=show

    Every field is optional and every multiple one may repeat (?kind=bloc&kind=non-state).
    `evidence=on-record` counts positions stated on the record only (each cell: the latest of
    those); `stance` keeps the parties with at least one of those stances in view; parties with
    no stance in view fold away unless `empty=show`. The
    negotiation is the page's own when the address names one, else `?negotiation=`, else the
    default one.
    """

    as_of = forms.DateField(
        required=False,
        input_formats=["%Y-%m-%d"],
        label="As of",
        help_text="Replay the matrix as it stood on this day (YYYY-MM-DD).",
        error_messages={"invalid": "Give the “as of” date as YYYY-MM-DD, e.g. 2025-11-10."},
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    kind = forms.MultipleChoiceField(
        required=False,
        choices=PartyKind.choices,
        label="Party kind",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "%(value)s is not a party kind."},
    )
    category = forms.MultipleChoiceField(
        required=False,
        choices=ProvisionCategory.choices,
        label="Provision category",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "%(value)s is not a provision category."},
    )
    stance = forms.MultipleChoiceField(
        required=False,
        choices=Stance.choices,
        label="Parties with a stance",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "%(value)s is not a stance."},
    )
    evidence = forms.ChoiceField(
        required=False,
        choices=[("", "Every attribution"), (Attribution.ON_RECORD.value, "On the record only")],
        label="Evidence",
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "%(value)s is not an evidence filter."},
    )
    empty = forms.ChoiceField(
        required=False,
        choices=[("", "Fold away"), ("show", "Show")],
        label="Parties with no recorded stance",
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": "Give “show” or nothing, not %(value)s."},
    )
    party = forms.MultipleChoiceField(
        required=False, label="Parties", widget=forms.MultipleHiddenInput
    )
    provision = forms.MultipleChoiceField(
        required=False, label="Provisions", widget=forms.MultipleHiddenInput
    )

    def __init__(
        self, data: Any = None, *, negotiation: Negotiation | None = None, **kwargs: Any
    ) -> None:
        super().__init__(data, **kwargs)
        every = {n.slug: n for n in Negotiation.objects.all()}
        named = every.get((data or {}).get("negotiation") or "") if negotiation is None else None
        # `?negotiation=` is a field added here, not declared: self.negotiation is the record.
        self.fields["negotiation"] = forms.ChoiceField(
            required=False, label="Negotiation", widget=forms.HiddenInput
        )
        self.negotiation: Negotiation | None = (
            negotiation or named or next((n for n in every.values() if n.is_default), None)
        )
        # With one negotiation, every position is in it: no condition to pay for.
        self.several_negotiations = len(every) > 1
        # Unknown codes and slugs are a clear error, not a silently smaller matrix.
        party = self.fields["party"]
        provision = self.fields["provision"]
        chosen = self.fields["negotiation"]
        assert isinstance(party, forms.ChoiceField) and isinstance(provision, forms.ChoiceField)
        assert isinstance(chosen, forms.ChoiceField)
        chosen.choices = [(slug, slug) for slug in every]
        chosen.error_messages["invalid_choice"] = "There is no negotiation %(value)s."
        party.choices = [(code, code) for code in Party.objects.values_list("code", flat=True)]
        party.error_messages["invalid_choice"] = "There is no party with code %(value)s."
        provision.choices = [
            (slug, slug)
            for slug in Provision.objects.filter(negotiation=self.negotiation).values_list(
                "slug", flat=True
            )
        ]
        title = self.negotiation.title if self.negotiation else "this negotiation"
        provision.error_messages["invalid_choice"] = (
            f"There is no provision with slug %(value)s in {title}."
        )

    def clean_as_of(self) -> datetime.date | None:
        as_of = self.cleaned_data.get("as_of")
        if as_of and as_of > timezone.localdate():
            raise forms.ValidationError("The “as of” date cannot be in the future.")
        return as_of

    def error_text(self) -> str:
        """All the errors as one plain sentence or more, for a 400 answer or a message."""
        return " ".join(
            f"{self.fields[name].label}: {message}" if name != "__all__" else str(message)
            for name, messages in self.errors.items()
            for message in messages
        )

    def parties(self) -> PartyQuerySet:
        parties = Party.objects.all()
        if kinds := self.cleaned_data.get("kind"):
            parties = parties.filter(kind__in=kinds)
        if codes := self.cleaned_data.get("party"):
            parties = parties.filter(code__in=codes)
        return parties

    def provisions(self) -> QuerySet[Provision]:
        provisions = Provision.objects.filter(negotiation=self.negotiation)
        if categories := self.cleaned_data.get("category"):
            provisions = provisions.filter(category__in=categories)
        if slugs := self.cleaned_data.get("provision"):
            provisions = provisions.filter(slug__in=slugs)
        return provisions.order_by("display_order", "slug")

    def positions(self) -> PositionQuerySet:
        """Every position (the whole history, retracted ones included) within the filters,
        stated by the "as of" day when one is given."""
        positions = self._in_view(Position.objects.all())
        if as_of := self.cleaned_data.get("as_of"):
            positions = positions.as_of(as_of)
        return positions

    def current_positions(self) -> PositionQuerySet:
        """The current position of each party on each provision, as of the day if given; with
        `evidence=on-record`, the latest of its positions stated on the record."""
        as_of = self.cleaned_data.get("as_of")
        if self.cleaned_data.get("evidence") == Attribution.ON_RECORD:
            on_record = Position.objects.filter(attribution=Attribution.ON_RECORD)
            if as_of:
                on_record = on_record.as_of(as_of)
            latest = Position.objects.all()._latest(on_record)
            return self._in_view(Position.objects.filter(pk__in=latest))
        return self._in_view(Position.objects.current(as_of=as_of))

    def _in_view(self, positions: PositionQuerySet) -> PositionQuerySet:
        """`positions` of the parties and provisions in view. With nothing to narrow them, no
        condition at all: two that every row meets still cost a lookup each, which is a
        tenth of a million-row export's time."""
        if self.cleaned_data.get("kind") or self.cleaned_data.get("party"):
            positions = positions.filter(party__in=self.parties())
        if self.cleaned_data.get("category") or self.cleaned_data.get("provision"):
            positions = positions.filter(provision__in=self.provisions())
        elif self.several_negotiations:
            positions = positions.filter(provision__negotiation=self.negotiation)
        return positions


@dataclass
class Matrix:
    parties: list[Party]
    provisions: list[Provision]
    # party id -> {provision id -> the stance code of its current position}
    stances: dict[int, dict[int, str]] = field(default_factory=dict)
    # party id -> the provisions on which its current position may refer to earlier wording
    outdated: dict[int, set[int]] = field(default_factory=dict)
    # party id -> the provisions where its current position cannot be told apart in time from
    # another of its positions there (today's matrix only: a replayed day ranks as it stood)
    unordered: dict[int, set[int]] = field(default_factory=dict)
    # party id -> {provision id -> the attribution code of its current position}
    attributions: dict[int, dict[int, str]] = field(default_factory=dict)
    # parties in view with no stance in view, folded away (not in `parties`) unless asked for
    folded: list[Party] = field(default_factory=list)

    def row(self, party: Party) -> dict[int, str]:
        """{provision id: stance} of the party's current positions in view."""
        return self.stances.get(party.pk, {})

    def attributions_of(self, party: Party) -> dict[int, str]:
        """{provision id: attribution} of the party's current positions in view."""
        return self.attributions.get(party.pk, {})

    def outdated_in(self, party: Party) -> frozenset[int]:
        """The provisions on which the party's current position may refer to earlier wording."""
        return frozenset(self.outdated.get(party.pk, ()))

    def unordered_in(self, party: Party) -> frozenset[int]:
        """The provisions where the party's current position is first only by the order of
        recording: its order in time against another of its positions there is not known."""
        return frozenset(self.unordered.get(party.pk, ()))

    def groups(self) -> list[tuple[str, list[Party]]]:
        """[(kind label, [party])] in the order permanent members, elected members, other
        states, blocs, non-state actors, international bodies."""
        grouped: dict[str, list[Party]] = {}
        for party in self.parties:
            grouped.setdefault(party.kind, []).append(party)
        return [
            (PartyKind(kind).label, grouped[kind]) for kind in PARTY_KIND_ORDER if kind in grouped
        ]


def build_matrix(filters: MatrixFilters) -> Matrix:
    """The matrix for valid filters, in three queries whatever its size."""
    provisions = list(filters.provisions())
    parties = list(filters.parties().in_display_order())
    stances: dict[int, dict[int, str]] = {}
    attributions: dict[int, dict[int, str]] = {}
    outdated: dict[int, set[int]] = {}
    unordered: dict[int, set[int]] = {}
    today = filters.cleaned_data.get("as_of") is None
    current = (
        filters.current_positions()
        .order_by()
        .values_list(
            "party_id", "provision_id", "stance", "attribution", "wording_changed", "order_unknown"
        )
    )
    for party_id, provision_id, stance, attribution, changed, order_unknown in current:
        stances.setdefault(party_id, {})[provision_id] = stance
        attributions.setdefault(party_id, {})[provision_id] = attribution
        if changed:
            outdated.setdefault(party_id, set()).add(provision_id)
        if order_unknown and today:
            unordered.setdefault(party_id, set()).add(provision_id)
    # Rows: the parties with one of the chosen stances, if any are chosen; with none in view,
    # folded away unless asked for.
    if wanted := set(filters.cleaned_data.get("stance") or ()):
        parties = [p for p in parties if wanted & set(stances.get(p.pk, {}).values())]
    folded: list[Party] = []
    if filters.cleaned_data.get("empty") != "show":
        folded = [p for p in parties if not stances.get(p.pk)]
        parties = [p for p in parties if stances.get(p.pk)]
    return Matrix(
        parties=parties,
        provisions=provisions,
        stances=stances,
        outdated=outdated,
        unordered=unordered,
        attributions=attributions,
        folded=folded,
    )


# The newest days on which a published position was stated (its own date, or else its source's),
# walked down one day at a time through indexes: ten days cost ten index probes, however many
# positions were stated on each. (A DISTINCT over the positions reads all of them: half a second
# at a million. Sources are walked newest first with ORDER BY … LIMIT 1: PostgreSQL computes a
# MAX() under EXISTS over every source.)
REPLAY_DAYS_SQL = """
WITH RECURSIVE stated(day, n) AS (
    SELECT MAX(p.stated_on), 1 FROM {position} p
    WHERE p.status = %s AND p.retracted_at IS NULL
    UNION ALL
    SELECT (
        SELECT MAX(p.stated_on) FROM {position} p
        WHERE p.status = %s AND p.retracted_at IS NULL AND p.stated_on < stated.day
    ), n + 1
    FROM stated WHERE stated.day IS NOT NULL AND n < %s
), undated(day, n) AS (
    SELECT (
        SELECT s.published_on FROM {source} s
        WHERE s.published_on IS NOT NULL AND EXISTS ({undated_position})
        ORDER BY s.published_on DESC LIMIT 1
    ), 1
    UNION ALL
    SELECT (
        SELECT s.published_on FROM {source} s
        WHERE s.published_on < undated.day AND EXISTS ({undated_position})
        ORDER BY s.published_on DESC LIMIT 1
    ), n + 1
    FROM undated WHERE undated.day IS NOT NULL AND n < %s
)
SELECT day FROM stated WHERE day IS NOT NULL
UNION
SELECT day FROM undated WHERE day IS NOT NULL
ORDER BY day DESC
"""
UNDATED_POSITION_SQL = (
    "SELECT 1 FROM {excerpt} e JOIN {position} p ON p.excerpt_id = e.id "
    "WHERE e.source_id = s.id AND p.stated_on IS NULL AND p.status = %s "
    "AND p.retracted_at IS NULL"
)


def replay_days(limit: int) -> list[datetime.date]:
    """The `limit` most recent days, oldest first, on which a published, non-retracted position
    was stated: the days on which replaying the matrix can show something new."""
    tables = {
        "position": connection.ops.quote_name(Position._meta.db_table),
        "source": connection.ops.quote_name(Source._meta.db_table),
        "excerpt": connection.ops.quote_name(Excerpt._meta.db_table),
    }
    sql = REPLAY_DAYS_SQL.format(undated_position=UNDATED_POSITION_SQL.format(**tables), **tables)
    published = ReviewStatus.PUBLISHED.value
    with connection.cursor() as cursor:
        cursor.execute(sql, [published, published, limit, published, published, limit])
        days = [row[0] for row in cursor.fetchall()][:limit]
    # SQLite hands dates back as text.
    days = [d if isinstance(d, datetime.date) else datetime.date.fromisoformat(d) for d in days]
    return sorted(days)
