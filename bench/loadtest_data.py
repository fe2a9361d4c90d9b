"""The load test's data: the seeds, then synthetic articles about the same parties and provisions.

bench/synthetic.py builds its own catalogue of 200 parties x 60 provisions for the export
benchmark; a page or a matrix of that shape is not what readers will see. Here the catalogue is
the seeds' (the real provisions and parties), and the synthetic articles add what months of
coverage would: hundreds of sources, each with a dozen sentences, ten of which are a party's
stated position on a provision (thousands of positions, a dozen or so per party and provision,
over time), so that every page, the matrix and search have realistic amounts to show.

Everything is a function of an article's number; rows go in with bulk_create in one
transaction (seconds for thousands).
"""

import datetime

from django.db import connection, transaction
from django.utils import timezone

from tracker.freshness import restamp
from tracker.loading.seeding import load_seeds
from tracker.models import (
    Attribution,
    Excerpt,
    Origin,
    Party,
    Position,
    Provision,
    ReviewStatus,
    Source,
    Stance,
)
from tracker.text import anchoring

POSITIONS_PER_SOURCE = 10
FIRST_DAY = datetime.date(2025, 10, 1)
DAYS = 60
OUTLETS = ["Reuters", "Le Monde", "Al-Monitor", "Hürriyet Daily News", "Haaretz", "Asharq"]
VERBS = {
    Stance.SUPPORTS: "backs",
    Stance.CONDITIONAL: "could accept, on conditions,",
    Stance.SEEKS_AMENDMENT: "wants changes to",
    Stance.UNDECIDED: "has not yet decided on",
    Stance.MIXED: "is divided over",
    Stance.OPPOSES: "rejects",
}
STANCES = list(VERBS)
ATTRIBUTIONS = list(Attribution)
FILLER = [
    "Negotiations continued late into the evening at the Council.",
    "Diplomats said a vote could come within days.",
]


def _hash(n):
    return (n * 2654435761 + 12345) % 2**32


def _sentence(party, provision, stance, day):
    return (
        f"{party.name} {VERBS[stance]} the draft on “{provision.title}”, "
        f"its representative said on {day:%-d %B}."
    )


def build(sources=400, seeds_dir=None):
    """Load the seeds, then add `sources` articles with POSITIONS_PER_SOURCE positions each."""
    from django.conf import settings

    load_seeds(seeds_dir or settings.BASE_DIR / "seeds")
    parties = list(Party.objects.order_by("code"))
    provisions = list(Provision.objects.order_by("display_order", "slug"))
    pairs = [(party, provision) for party in parties for provision in provisions]
    now = timezone.now()
    with transaction.atomic():
        source_rows, plans = [], []
        for j in range(sources):
            h = _hash(j)
            published = FIRST_DAY + datetime.timedelta(days=j * DAYS // max(sources, 1))
            sentences, plan = [FILLER[j % 2]], []
            for k in range(POSITIONS_PER_SOURCE):
                party, provision = pairs[(j * POSITIONS_PER_SOURCE + k * 37) % len(pairs)]
                stance = STANCES[_hash(j * 31 + k) % len(STANCES)]
                day = published - datetime.timedelta(days=_hash(k + j) % 3)
                sentence = _sentence(party, provision, stance, day)
                sentences.append(sentence)
                plan.append((sentence, party, provision, stance, day, _hash(j * 17 + k)))
            sentences.append(FILLER[(j + 1) % 2])
            text = anchoring.normalize_text(
                f"Council talks, day {j + 1}\n\n"
                + "\n\n".join(" ".join(sentences[i : i + 3]) for i in range(0, len(sentences), 3))
            )
            source_rows.append(
                Source(
                    title=f"Council talks on the Gaza draft, day {j + 1}",
                    outlet=OUTLETS[j % len(OUTLETS)],
                    url=f"https://news.example/gaza-draft/{j + 1}",
                    published_on=None if h % 10 == 0 else published,
                    text=text,
                    text_sha256=anchoring.text_digest(text),
                    origin=Origin.EDITOR,
                    status=ReviewStatus.PUBLISHED,
                )
            )
            plans.append(plan)
        created = Source.objects.bulk_create(source_rows)

        excerpts, planned = [], []
        for source, plan in zip(created, plans, strict=True):
            for sentence, party, provision, stance, day, h in plan:
                start = source.text.index(sentence)
                excerpt = Excerpt.for_span(
                    source, start, start + len(sentence), made_by=Excerpt.MadeBy.LINKER
                )
                excerpts.append(excerpt)
                planned.append((excerpt, party, provision, stance, day, h))
        Excerpt.objects.bulk_create(excerpts)
        Excerpt.parties.through.objects.bulk_create(
            Excerpt.parties.through(excerpt_id=e.pk, party_id=party.pk) for e, party, *_ in planned
        )
        Excerpt.provisions.through.objects.bulk_create(
            Excerpt.provisions.through(excerpt_id=e.pk, provision_id=provision.pk)
            for e, _, provision, *_ in planned
        )
        positions = []
        for n, (excerpt, party, provision, stance, day, h) in enumerate(planned):
            retracted = h % 50 == 0
            positions.append(
                Position(
                    party=party,
                    provision=provision,
                    stance=stance,
                    excerpt=excerpt,
                    speaker="" if h % 3 == 0 else f"Ambassador {h % 97}",
                    attribution=ATTRIBUTIONS[(h >> 3) % len(ATTRIBUTIONS)],
                    stated_on=day if (h >> 5) % 10 < 7 else None,
                    summary=f"{party.name} is reported to say it {VERBS[stance]} this provision.",
                    origin=Origin.EDITOR,
                    status=ReviewStatus.PUBLISHED,
                    recorded_at=now - datetime.timedelta(minutes=len(planned) - n),
                    retracted_at=now if retracted else None,
                    retraction_reason="Misattributed in the first report." if retracted else "",
                )
            )
        Position.objects.bulk_create(positions)
        Position.objects.refresh_current()
        restamp()
    # Statistics, as autovacuum would have gathered them on a database in use: without them the
    # planner takes every table for empty and picks plans that only suit empty tables.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return {
        "sources": Source.objects.count(),
        "excerpts": Excerpt.objects.count(),
        "positions": Position.objects.count(),
        "parties": len(parties),
        "provisions": len(provisions),
    }
