"""Small factories that build records in code; no JSON fixtures."""

import datetime
import itertools

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.urls import reverse
from django.utils.functional import lazy

from tests.made_up_resolutions import REVISION_1
from tests.users import make_user
from tracker import freshness
from tracker.loading.seeding import load_seeds
from tracker.models import (
    Excerpt,
    Membership,
    Negotiation,
    Origin,
    Party,
    PartyAlias,
    Person,
    PersonName,
    Position,
    Provision,
    ProvisionAlias,
    ReviewStatus,
    Source,
)
from tracker.recording import texts
from tracker.text import anchoring
from tracker.text.linking import Linker

_counter = itertools.count(1)


def forget_what_is_kept():
    """Kept pages, the records' token and the linker belong to one test: a rolled-back test's
    records are gone."""
    cache.clear()
    freshness.forget()
    Linker.forget()


@pytest.fixture(autouse=True)
def fresh_page_cache():
    forget_what_is_kept()
    yield
    forget_what_is_kept()


@pytest.fixture
def editor_account(db):
    """The editor most tests act as (amira, in the editors group), not signed in."""
    return make_user("amira")


@pytest.fixture
def editor(client, editor_account):
    """The editor, signed in on the test client."""
    client.force_login(editor_account)
    return editor_account


@pytest.fixture
def reviewer(db):
    """A reviewer (jonas), not signed in."""
    return make_user("jonas", reviewer=True)


@pytest.fixture(autouse=True)
def search_follows_at_once(settings):
    """Search pages follow every change at once in tests, like every other page
    (test_page_dependencies.py holds them to it); the lag is tested on its own."""
    settings.SEARCH_LAG_SECONDS = 0


@pytest.fixture(autouse=True)
def first_reader_after_a_change_waits(settings):
    """Every page follows a change on the next request in tests; a server lets the first reader
    after a change have the version before while it works the new one out, tested on its own
    (test_page_cache.py)."""
    settings.STALE_PAGE_SECONDS = 0


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def plain_static_files(settings):
    """Production serves hashed files listed by `collectstatic`; tests render without it."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def seeds_dir():
    return settings.BASE_DIR / "seeds"


@pytest.fixture(scope="module")
def seeded_db(django_db_setup, django_db_blocker):
    """The seeds, loaded once for a test module and rolled back after it. Tests that use it
    also ask for `db` as usual; their own changes are undone after each test."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_seeds(settings.BASE_DIR / "seeds")
        yield
        transaction.set_rollback(True)


def make_negotiation(**fields):
    n = next(_counter)
    fields.setdefault("slug", f"negotiation-{n}")
    fields.setdefault("title", f"Negotiation {n}")
    fields.setdefault("is_default", not Negotiation.objects.exists())
    return Negotiation.objects.create(**fields)


def make_provision(slug=None, aliases=(), **fields):
    n = next(_counter)
    fields.setdefault("negotiation", Negotiation.objects.default() or make_negotiation())
    fields.setdefault("title", f"Provision {n}")
    fields.setdefault("summary", "What the draft says, as reported.")
    fields.setdefault("category", Provision.Category.SECURITY)
    fields.setdefault("display_order", n)
    provision = Provision.objects.create(slug=slug or f"provision-{n}", **fields)
    for phrase in aliases:
        ProvisionAlias.objects.create(provision=provision, phrase=phrase)
    return provision


def make_party(code=None, aliases=(), **fields):
    n = next(_counter)
    fields.setdefault("kind", Party.Kind.NON_STATE)
    fields.setdefault("name", f"Party {n}")
    party = Party.objects.create(code=code or f"party-{n}", **fields)
    for phrase in aliases:
        PartyAlias.objects.create(party=party, phrase=phrase)
    return party


def make_person(name, party=None, other_names=(), **membership):
    """A person who speaks for `party` (none: for no party), with other names."""
    person = Person.objects.create(name=name)
    for other in other_names:
        PersonName.objects.create(person=person, name=other)
    if party is not None:
        Membership.objects.create(person=person, party=party, **membership)
    return person


def make_source(text=None, **fields):
    n = next(_counter)
    text = anchoring.normalize_text(
        text or f"Article {n}. Israel objected to the mandate. Türkiye said it was ready."
    )
    fields.setdefault("title", f"Article {n}")
    fields.setdefault("origin", Origin.EDITOR)
    fields.setdefault("status", ReviewStatus.PUBLISHED)
    return Source.objects.create(text=text, **fields)


def make_excerpt(source=None, quote=None, occurrence=None, **fields):
    source = source or make_source()
    if quote is None:
        start, end = 0, min(len(source.text), 40)
    else:
        start, end = anchoring.find_quote(source.text, quote, occurrence)
    fields.setdefault("made_by", Excerpt.MadeBy.PERSON)
    excerpt = Excerpt.for_span(source, start, end, **fields)
    excerpt.save()
    return excerpt


def make_position(party=None, provision=None, excerpt=None, **fields):
    fields.setdefault("stance", "supports")
    fields.setdefault("attribution", "on-record")
    fields.setdefault("summary", "Said something on the record.")
    fields.setdefault("origin", Origin.EDITOR)
    fields.setdefault("status", ReviewStatus.PUBLISHED)
    return Position.objects.create(
        party=party or make_party(),
        provision=provision or make_provision(),
        excerpt=excerpt or make_excerpt(),
        **fields,
    )


def scoped_url(name, *args, negotiation=None):
    """The address of a negotiation's page (`name` under /negotiations/<slug>/), for the default
    negotiation unless one is given, worked out when first used: test modules name addresses
    before the database holds any negotiation (there is one after: the first page asked for
    makes an empty one, as the factories do)."""

    def address():
        default = negotiation or Negotiation.objects.default() or make_negotiation()
        slug = default.slug
        return reverse(f"tracker:{name}", args=[slug, *args])

    return lazy(address, str)()


def day(text):
    return datetime.date.fromisoformat(text)


@pytest.fixture
def veloria(db):
    """A made-up negotiation (tests/made_up_resolutions.py): a draft with its first version's
    text, four provisions and two sponsors, for the texts' tests."""

    negotiation = make_negotiation(slug="veloria", title="Veloria lighthouses")
    provisions = {
        "board": make_provision(
            slug="board", title="The Board of Lamps", aliases=["Board of Lamps"]
        ),
        "keepers": make_provision(slug="keepers", title="Keepers", aliases=["keeper service"]),
        "reporting": make_provision(
            slug="reporting", title="Reporting", aliases=["report to the Council"]
        ),
        "funding": make_provision(slug="funding", title="Funding", aliases=["lamp oil"]),
    }
    sponsor = make_party(code="RUR", name="Ruritania", kind="state")
    rival_sponsor = make_party(code="OSL", name="Oslandia", kind="state")
    citation = texts.record_citation(url="https://example.org/veloria", quote="A draft was shared.")
    draft = texts.record_draft(negotiation, slug="lamps", title="Lamps draft", sponsor=sponsor)
    first = texts.record_version(
        draft,
        label="First draft",
        status="circulated",
        provenance="official-text",
        circulated_on=datetime.date(2025, 10, 1),
        symbol="S/2099/1",
        text=REVISION_1,
        citations=[citation],
    )
    return {
        "negotiation": negotiation,
        "draft": draft,
        "first": first,
        "citation": citation,
        "sponsor": sponsor,
        "rival_sponsor": rival_sponsor,
        **provisions,
    }
