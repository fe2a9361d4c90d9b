"""The field's open formats, built from the same records as the pages:

- Popolo (popoloproject.com): the parties as organizations, the Security Council with its
  members' seats as memberships (start and end dates), the people who speak for parties with
  their memberships; and each recorded vote as a vote event (organization_id, start_date,
  motion, result, counts by option, votes with voter_id and option), its explanations of vote
  linked to it.
- W3C Web Annotation (www.w3.org/TR/annotation-model/): every published excerpt as an
  annotation on its source, targeted by a TextQuoteSelector and a TextPositionSelector (Unicode
  code points, as the tracker counts), with the positions it proves as bodies, in an
  AnnotationCollection served a page at a time.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.core.paginator import Paginator

from tracker.models import (
    CouncilSeat,
    Excerpt,
    Negotiation,
    Party,
    Person,
    Position,
    VoteEvent,
    VoteOption,
)
from tracker.reading.votes import AFFIRMATIVE_VOTES_NEEDED, recorded_vote

COUNCIL_ID = "un-security-council"
POPOLO_OPTIONS = {
    VoteOption.YES: "yes",
    VoteOption.NO: "no",
    VoteOption.ABSTAIN: "abstain",
    VoteOption.ABSENT: "absent",
}
ANNOTATIONS_PER_PAGE = 100
ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"


def party_id(party: Party) -> str:
    return f"party-{party.code}"


def popolo(base_url: str) -> dict[str, Any]:
    """Organizations (the Council and the parties), people, and memberships."""
    organizations: list[dict[str, Any]] = [
        {
            "id": COUNCIL_ID,
            "name": "United Nations Security Council",
            "classification": "council",
        }
    ]
    for party in Party.objects.in_display_order().prefetch_related("groups"):
        organization: dict[str, Any] = {
            "id": party_id(party),
            "name": party.name,
            "classification": party.kind,
            "links": [{"url": base_url + party.get_absolute_url(), "note": "Resolution Tracker"}],
        }
        if party.is_state:
            organization["identifiers"] = [
                {"scheme": "ISO 3166-1 alpha-3", "identifier": party.code}
            ]
        groups = [party_id(g) for g in party.groups.all()]
        if groups:
            organization["parent_ids"] = groups
        organizations.append(organization)
    memberships: list[dict[str, Any]] = []
    for seat in CouncilSeat.objects.select_related("party").prefetch_related("citations"):
        membership: dict[str, Any] = {
            "id": f"council-seat-{seat.pk}",
            "organization_id": COUNCIL_ID,
            "member": {"@type": "Organization", "id": party_id(seat.party)},
            "role": "permanent member" if seat.permanent else "elected member",
            "sources": [{"url": c.url, "note": c.quote} for c in seat.citations.all()],
        }
        if seat.start:
            membership["start_date"] = seat.start.isoformat()
        if seat.end:
            membership["end_date"] = seat.end.isoformat()
        memberships.append(membership)
    people = []
    for person in Person.objects.prefetch_related("other_names", "memberships__party"):
        people.append(
            {
                "id": f"person-{person.pk}",
                "name": person.name,
                "other_names": [{"name": n.name} for n in person.other_names.all()],
            }
        )
        for membership in person.memberships.all():
            entry: dict[str, Any] = {
                "id": f"membership-{membership.pk}",
                "person_id": f"person-{person.pk}",
                "organization_id": party_id(membership.party),
                "role": membership.role,
            }
            for field in ("start_date", "end_date"):
                if value := getattr(membership, field):
                    entry[field] = value
            if membership.source:
                entry["sources"] = [{"url": membership.source}]
            memberships.append(entry)
    return {"organizations": organizations, "persons": people, "memberships": memberships}


def vote_events(negotiation: Negotiation, base_url: str) -> dict[str, Any]:
    """Every recorded vote of the negotiation as a Popolo vote event."""
    events = []
    for event in (
        VoteEvent.objects.filter(version__draft__negotiation=negotiation)
        .select_related("version__draft__negotiation", "version__draft__sponsor")
        .prefetch_related("citations")
        .order_by("date", "pk")
    ):
        recorded = recorded_vote(event)
        version = event.version
        outcome = recorded.outcome
        events.append(
            {
                "id": f"vote-event-{event.pk}",
                "organization_id": COUNCIL_ID,
                "identifier": event.meeting,
                "start_date": event.date.isoformat(),
                "motion": {
                    "id": f"version-{version.pk}",
                    "organization_id": COUNCIL_ID,
                    "text": f"{version.draft.title}: {version.label}"
                    + (f" ({version.symbol})" if version.symbol else ""),
                    "classification": "draft resolution",
                    "requirement": (
                        f"{AFFIRMATIVE_VOTES_NEEDED} affirmative votes and no negative vote of "
                        "a permanent member (Charter, Article 27(3))"
                    ),
                    "result": "pass" if outcome.adopted else "fail",
                },
                "result": "pass" if outcome.adopted else "fail",
                "counts": [
                    {"option": "yes", "value": outcome.yes},
                    {"option": "no", "value": outcome.no},
                    {"option": "abstain", "value": outcome.abstain},
                    {"option": "absent", "value": outcome.absent},
                ],
                "votes": [
                    {"voter_id": party_id(member.party), "option": POPOLO_OPTIONS[vote.option]}
                    for member, vote, _explanations in recorded.rows
                    if vote is not None
                ],
                "explanations": [
                    {
                        "voter_id": party_id(member.party),
                        "position_id": position.pk,
                        "url": base_url + position.excerpt.get_absolute_url(),
                        "quote": position.excerpt.exact,
                        "speaker": position.speaker,
                    }
                    for member, _vote, explanations in recorded.rows
                    for position in explanations
                ],
                "resolution": version.resolution_symbol or None,
                "url": base_url + event.get_absolute_url(),
                "sources": [{"url": c.url, "note": c.quote} for c in event.citations.all()],
            }
        )
    return {"negotiation": negotiation.slug, "vote_events": events}


def _annotated_excerpts(negotiation: Negotiation) -> Any:
    return (
        Excerpt.objects.visible()
        .filter(provisions__negotiation=negotiation)
        .distinct()
        .order_by("pk")
    )


def annotation_collection(negotiation: Negotiation, base_url: str, address: str) -> dict[str, Any]:
    """The AnnotationCollection: how many annotations, and its first and last pages."""
    paginator = Paginator(_annotated_excerpts(negotiation), ANNOTATIONS_PER_PAGE)
    return {
        "@context": ANNO_CONTEXT,
        "id": address,
        "type": "AnnotationCollection",
        "label": f"Excerpts of sources on {negotiation.title}, Resolution Tracker",
        "total": paginator.count,
        "first": f"{address}&page=1",
        "last": f"{address}&page={paginator.num_pages}",
    }


def annotation_page(
    negotiation: Negotiation, base_url: str, address: str, number: int
) -> dict[str, Any]:
    """One AnnotationPage (`number` from 1; raises django.core.paginator.InvalidPage)."""
    paginator = Paginator(_annotated_excerpts(negotiation), ANNOTATIONS_PER_PAGE)
    page = paginator.page(number)
    excerpts = list(
        Excerpt.objects.filter(pk__in=[e.pk for e in page.object_list])
        .select_related("source")
        .prefetch_related("provisions")
        .order_by("pk")
    )
    proven = defaultdict(list)
    for position in (
        Position.objects.visible()
        .filter(excerpt__in=excerpts)
        .select_related("party", "provision")
        .order_by("pk")
    ):
        proven[position.excerpt_id].append(position)
    result: dict[str, Any] = {
        "@context": ANNO_CONTEXT,
        "id": f"{address}&page={number}",
        "type": "AnnotationPage",
        "partOf": {"id": address, "total": paginator.count},
        "startIndex": page.start_index() - 1 if paginator.count else 0,
        "items": [_annotation(e, proven[e.pk], base_url) for e in excerpts],
    }
    if page.has_next():
        result["next"] = f"{address}&page={number + 1}"
    if page.has_previous():
        result["prev"] = f"{address}&page={number - 1}"
    return result


def _annotation(excerpt: Excerpt, positions: list[Position], base_url: str) -> dict[str, Any]:
    source = excerpt.source
    bodies: list[dict[str, Any]] = [
        {
            "type": "TextualBody",
            "purpose": "tagging",
            "value": provision.title,
            "id": base_url + provision.get_absolute_url(),
        }
        for provision in excerpt.provisions.all()
    ]
    bodies += [
        {
            "type": "TextualBody",
            "purpose": "describing",
            "id": base_url + position.get_absolute_url(),
            "value": f"{position.party.name}: {position.get_stance_display()} on "
            f"{position.provision.title}. {position.summary}",
            "format": "text/plain",
        }
        for position in positions
    ]
    return {
        "id": base_url + excerpt.get_absolute_url(),
        "type": "Annotation",
        "motivation": "describing" if positions else "tagging",
        "created": excerpt.created_at.isoformat(),
        "body": bodies,
        "target": {
            "source": source.url or base_url + source.get_absolute_url(),
            "selector": [
                {
                    "type": "TextQuoteSelector",
                    "exact": excerpt.exact,
                    "prefix": excerpt.prefix,
                    "suffix": excerpt.suffix,
                },
                {"type": "TextPositionSelector", "start": excerpt.start, "end": excerpt.end},
            ],
        },
    }
