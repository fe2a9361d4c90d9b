"""Will it pass, and who voted how: the recorded vote with each member's explanation, the
projection from recorded statements (replayable day by day), and the negotiation's timeline."""

import datetime

from django import forms
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from tracker.models import Party, Provision, VoteEvent
from tracker.reading import charts, timeline, votes
from tracker.reading.matrix import replay_days
from tracker.views.caching import cached_for_readers
from tracker.views.scoping import scoped


@cached_for_readers
@scoped
def vote(request, negotiation, pk):
    event = get_object_or_404(
        VoteEvent.objects.select_related("version__draft__negotiation", "version__draft__sponsor"),
        pk=pk,
        version__draft__negotiation=negotiation,
    )
    recorded = votes.recorded_vote(event)
    before = votes.projection(negotiation, event.date - datetime.timedelta(days=1))
    projected = {row.member.party.pk: row for row in before.rows}
    rows = [
        (member, vote_, explanations, projected.get(member.party.pk))
        for member, vote_, explanations in recorded.rows
    ]
    seats = [
        charts.Seat(
            member.party.code,
            member.party.name,
            vote_.option if vote_ else "absent",
            member.permanent,
        )
        for member, vote_, _explanations in recorded.rows
    ]
    context = {
        "event": event,
        "recorded": recorded,
        "rows": rows,
        "before": before,
        "seats_svg": charts.seats_svg(seats, f"How the Council voted on {event.date:%d %B %Y}"),
        "citations": list(event.citations.all()),
    }
    return render(request, "tracker/vote.html", context)


class AsOf(forms.Form):
    as_of = forms.DateField(
        required=False,
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": "Give the day as YYYY-MM-DD, e.g. 2025-11-10."},
    )

    def clean_as_of(self):
        day = self.cleaned_data.get("as_of")
        if day and day > timezone.localdate():
            raise forms.ValidationError("The day cannot be in the future.")
        return day


@cached_for_readers
@scoped
def projection(request, negotiation):
    form = AsOf(request.GET)
    if not form.is_valid():
        context = {"error": " ".join(form.errors["as_of"]), "replay": []}
        return render(request, "tracker/projection.html", context, status=400)
    vote_events = list(
        VoteEvent.objects.filter(version__draft__negotiation=negotiation)
        .select_related("version__draft__negotiation")
        .order_by("date")
    )
    today = timezone.localdate()
    held = [e for e in vote_events if e.date <= today]
    # Once the Council has voted, the page opens on the eve of the vote: the Council that
    # voted, and what had been said by then; any other day is one click away.
    eve = held[0].date - datetime.timedelta(days=1) if held else None
    day = form.cleaned_data["as_of"] or eve or today
    projected = votes.projection(negotiation, day)
    seats = [
        charts.Seat(
            row.member.party.code, row.member.party.name, row.projection, row.member.permanent
        )
        for row in projected.rows
    ]
    context = {
        "projection": projected,
        "as_of": form.cleaned_data["as_of"],
        "seats_svg": charts.seats_svg(seats, f"Projected votes as of {day:%d %B %Y}", "projected"),
        "replay": replay_days(24),
        "vote_events": vote_events,
        "after_vote": [e for e in vote_events if e.date <= day],
        "eve_of": held[0] if eve is not None and day == eve else None,
        "today": today,
    }
    return render(request, "tracker/projection.html", context)


@cached_for_readers
@scoped
def negotiation_timeline(request, negotiation):
    party = provision = None
    error = ""
    if code := request.GET.get("party"):
        party = Party.objects.filter(code=code).first()
        if party is None:
            error = f"There is no party with code {code}."
    if slug := request.GET.get("provision"):
        provision = Provision.objects.filter(slug=slug, negotiation=negotiation).first()
        if provision is None:
            error = f"There is no provision {slug} in this negotiation."
    if error:
        return render(request, "tracker/timeline.html", {"error": error}, status=400)
    found = timeline.timeline(negotiation, party=party, provision=provision)
    marks = [charts.Mark(day, item.kind, item.title) for day, items in found.days for item in items]
    context = {
        "timeline": found,
        "party": party,
        "provision": provision,
        "parties": Party.objects.in_display_order(),
        "provisions": negotiation.provisions.all(),
        "timeline_svg": charts.timeline_svg(marks, f"Timeline of {negotiation.title}"),
        "kinds": charts.TIMELINE_KINDS,
    }
    return render(request, "tracker/timeline.html", context)
