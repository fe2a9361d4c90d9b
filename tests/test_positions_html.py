"""The positions a provision's page writes in Python (tracker/views/positions_html.py) are the
ones templates/tracker/_position.html writes, whitespace aside, for positions of every kind and
for readers and editors alike."""

import datetime
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.test import RequestFactory

from tests.conftest import make_excerpt, make_party, make_position, make_provision, make_source
from tests.users import make_user
from tracker.models import Negotiation, Position, ReviewStatus, Version
from tracker.views.positions_html import PositionWriter


def squeezed(html):
    return re.sub(r"\s+", " ", html).strip()


def by_template(position, user, **options):
    request = RequestFactory().get("/")
    request.user = user
    context = {"position": position, "negotiation": Negotiation.objects.default(), **options}
    return render_to_string("tracker/_position.html", context, request=request)


def variety():
    """Positions of every kind the template tells apart, read as the page reads them."""
    provision = make_provision(slug="mandate", title="Mandate & <scope>")
    party = make_party(code="R&R", name="Ruritania & “Friends”")
    dated = make_source(
        text="Ruritania backs the mandate. It said so twice.",
        title="A title",
        published_on=datetime.date(2025, 11, 3),
    )
    untitled = make_source(
        text="Ruritania 'doubts' the mandate, said a source close to the talks in the capital "
        "on Tuesday evening after a long meeting.",
        title="",
    )
    stated = make_position(
        party,
        provision,
        make_excerpt(dated, quote="Ruritania backs the mandate."),
        summary="Backs it <strongly>.",
        speaker="The ambassador",
        stated_on=datetime.date(2025, 11, 5),
    )
    reported = make_position(
        party, provision, make_excerpt(dated, quote="It said so twice."), stance="mixed"
    )
    undated = make_position(
        party,
        provision,
        make_excerpt(untitled, quote="Ruritania 'doubts' the mandate"),
        stance="opposes",
        attribution="anonymous-official",
    )
    retracted = make_position(
        party,
        provision,
        make_excerpt(untitled, quote="said a source close to the talks"),
        stance="undecided",
        summary="Misread?",
    )
    retracted.retract("Misattributed & withdrawn.")
    pending = make_position(
        party, provision, make_excerpt(dated), stance="conditional", status=ReviewStatus.PENDING
    )
    ids = [stated.pk, reported.pk, undated.pk, retracted.pk, pending.pk]
    read = {
        p.pk: p
        for p in Position.objects.filter(pk__in=ids).select_related(
            "party", "provision", "excerpt__source", "refers_to"
        )
    }
    positions = [read[pk] for pk in ids]
    # The wording changed after it was said: about a known version, and about none.
    positions[1].wording_changed = True
    positions[1].refers_to = Version(label="Second Draft")
    positions[2].wording_changed = True
    return positions


@pytest.mark.django_db
@pytest.mark.parametrize("editor", [False, True])
def test_each_position_is_written_as_the_template_writes_it(editor):
    positions = variety()
    user = make_user("amira") if editor else AnonymousUser()
    writer = PositionWriter(Negotiation.objects.default(), can_change=editor)
    options = [
        {"show_party": True, "show_quote": True},
        {"show_provision": True},
        {"show_party": True, "show_provision": True, "show_quote": True},
        {},
    ]
    for position in positions:
        for shown in options:
            assert squeezed(writer.write(position, **shown)) == squeezed(
                by_template(position, user, **shown)
            ), (position.pk, shown)
    # With its earlier positions: all of them, or the newest few and a link to the rest.
    current, *earlier = positions
    for total in (len(earlier), len(earlier) + 3, 1):
        shown = earlier[:total]
        assert squeezed(
            writer.write(
                current, show_party=True, show_quote=True, earlier=shown, earlier_total=total
            )
        ) == squeezed(
            by_template(
                current, user, show_party=True, show_quote=True, earlier=shown, earlier_total=total
            )
        ), total
