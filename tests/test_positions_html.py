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
from tracker.views.positions_html import (
    POSITION_ANNOTATIONS,
    POSITION_COLUMNS,
    PositionWriter,
)


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
    # Dates known to their week and month: the position's, and its source's.
    weekly = make_source(
        text="Ruritania wavered all week. It waits.",
        title="Weekly",
        published_on=datetime.date(2025, 11, 1),
        date_precision="month",
    )
    week = make_position(
        party,
        provision,
        make_excerpt(weekly, quote="Ruritania wavered all week."),
        stance="mixed",
        stated_on=datetime.date(2025, 10, 27),
        date_precision="week",
    )
    month = make_position(
        party, provision, make_excerpt(weekly, quote="It waits."), stance="undecided"
    )
    ids = [stated.pk, reported.pk, undated.pk, retracted.pk, pending.pk, week.pk, month.pk]
    related = Position.objects.filter(pk__in=ids).select_related(
        "party", "provision", "excerpt__source", "refers_to"
    )
    whole = {p.pk: p for p in related}
    # As the page reads them for the writer: the columns it shows only.
    narrow = {p.pk: p for p in related.only(*POSITION_COLUMNS).annotate(**POSITION_ANNOTATIONS)}
    pairs = [(whole[pk], narrow[pk]) for pk in ids]
    # The wording changed after it was said: about a known version, and about none.
    for position in pairs[1]:
        position.wording_changed = True
        position.refers_to = Version(label="Second Draft")
    for position in pairs[2]:
        position.wording_changed = True
    return pairs


@pytest.mark.django_db
@pytest.mark.parametrize("editor", [False, True])
def test_each_position_is_written_as_the_template_writes_it(editor, django_assert_num_queries):
    pairs = variety()
    user = make_user("amira") if editor else AnonymousUser()
    writer = PositionWriter(Negotiation.objects.default(), can_change=editor)
    options = [
        {"show_party": True, "show_quote": True},
        {"show_provision": True},
        {"show_party": True, "show_provision": True, "show_quote": True},
        {},
    ]
    for whole, narrow in pairs:
        for shown in options:
            expected = squeezed(by_template(whole, user, **shown))
            # The writer needs nothing the page did not read.
            with django_assert_num_queries(0):
                written = writer.write(narrow, **shown)
            assert squeezed(written) == expected, (narrow.pk, shown)
    # With its earlier positions: all of them, or the newest few and a link to the rest.
    (current, narrow_current), *earlier = pairs
    for total in (len(earlier), len(earlier) + 3, 1):
        shown = earlier[:total]
        written = writer.write(
            narrow_current,
            show_party=True,
            show_quote=True,
            earlier=[n for _w, n in shown],
            earlier_total=total,
        )
        expected = by_template(
            current,
            user,
            show_party=True,
            show_quote=True,
            earlier=[w for w, _n in shown],
            earlier_total=total,
        )
        assert squeezed(written) == squeezed(expected), total
