"""Who may change what, for every URL the project has, including ones added after this test.

The URL patterns are walked from the resolver; path converters are filled with real ids, codes
and slugs from the seeds (plus a pending record, so review pages have something to act on), and
every URL gets a POST carrying plausible form data:

- anonymous: a URL that is not public redirects to log in; a public (read-only) one answers as
  it would, and changes nothing either way;
- a logged-in user who is not an editor: 403 on what is not public (405 for a GET-only one);
- an editor without a CSRF token: 403 on every POST that is not public.

After each, every row of every table (sessions and login-attempt logs aside) is what it was.
"""

import re

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.conftest import make_excerpt, make_position, make_source
from tracker import roles
from tracker.models import Excerpt, Negotiation, Party, Position, Provision, ReviewStatus, Source

pytestmark = pytest.mark.django_db

# Not the tracker's own: Django's admin (staff only, tested in test_admin.py) and the account
# views, which anyone may use by design (logging in is a POST by an anonymous visitor).
SKIPPED_PREFIXES = ("admin/", "accounts/")
# Whatever makes, changes, retracts, publishes or dismisses must never be public.
MUTATING_NAME = re.compile(
    r"(?:^|[:-])(?:new|add|edit|retract|review|publish|return|dismiss|preview)(?:$|-)"
)
# Rows that change when anyone uses the site at all.
VOLATILE_TABLES = {
    "django_session",
    "axes_accessattempt",
    "axes_accesslog",
    "axes_accessfailurelog",
}
SEGMENT_MODELS = {"source": Source, "excerpt": Excerpt, "position": Position}


def walk(patterns, prefix="", namespace=""):
    """(route, name, pattern) for every URL pattern, however deeply included."""
    for entry in patterns:
        if isinstance(entry, URLResolver):
            space = entry.namespace or namespace
            yield from walk(entry.url_patterns, prefix + str(entry.pattern), space)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            yield prefix + str(entry.pattern), name, entry


def every_url():
    return [
        (route, name, pattern)
        for route, name, pattern in walk(get_resolver().url_patterns)
        if not route.startswith(SKIPPED_PREFIXES)
    ]


@pytest.fixture
def world(seeded_db):
    """Seeds plus a pending source, excerpt and position recorded by another editor."""
    roles.ensure_groups()
    User = get_user_model()
    author = User.objects.create_user("author-editor", password="x")
    author.groups.add(Group.objects.get(name=roles.EDITORS))
    source = make_source(
        text="Ruritania rejects the mandate.", status=ReviewStatus.PENDING, created_by=author
    )
    excerpt = make_excerpt(source, quote="Ruritania rejects the mandate.")
    position = make_position(
        Party.objects.get(code="ISR"),
        Provision.objects.get(slug="chapter-vii"),
        excerpt,
        status=ReviewStatus.PENDING,
        recorded_by=author,
    )
    return {"source": source, "excerpt": excerpt, "position": position}


def fill(route, world):
    """The route with each converter filled with something that exists."""

    def value(match):
        converter, name = match.group(1) or "str", match.group(2)
        before = route[: match.start()].rstrip("/").rsplit("/", 1)[-1].rstrip("s")
        if converter == "int" or name in ("pk", "id") or name.endswith("_id"):
            model = SEGMENT_MODELS.get(before) or SEGMENT_MODELS.get(name.removesuffix("_id"))
            if model is None:
                return str(world["source"].pk)
            pending = {Source: "source", Excerpt: "excerpt", Position: "position"}[model]
            return str(world[pending].pk)
        if name in ("code", "party"):
            return "ISR"
        if name == "negotiation":
            return Negotiation.objects.default().slug
        if name in ("slug", "provision"):
            return "chapter-vii"
        if name in ("model", "kind", "type"):
            # The id that follows is then filled as a source's (the default below).
            return before if before in SEGMENT_MODELS else "source"
        return "x"

    return re.sub(r"<(?:(\w+):)?(\w+)>", value, route)


def payload(world):
    """Form data that every editing view would accept, were the user allowed."""
    source, excerpt = world["source"], world["excerpt"]
    return {
        "title": "Permission test",
        "url": "https://example.org/permission-test",
        "language": "en",
        "text": "Türkiye objected to the mandate in a permission test.",
        "action": "save",
        "excerpt": excerpt.pk,
        "start": excerpt.start,
        "end": excerpt.end,
        "quote": excerpt.exact,
        "party": "TUR",
        "provision": "chapter-vii",
        "stance": "supports",
        "attribution": "on-record",
        "summary": "A permission test.",
        "speaker": "Nobody",
        "reason": "A permission test.",
        "comment": "A permission test.",
        "decision": "publish",
        "version": 1,
        "status": "published",
        "source": source.pk,
    }


def snapshot():
    """Every row of every table, sessions and login logs aside."""
    rows = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.db_table in VOLATILE_TABLES:
            continue
        fields = [f.attname for f in model._meta.concrete_fields]
        rows[model._meta.label] = sorted(map(repr, model._default_manager.values_list(*fields)))
    return rows


def user_in(*groups):
    roles.ensure_groups()
    user = get_user_model().objects.create_user("-".join(groups) or "reader", password="x")
    for group in groups:
        user.groups.add(Group.objects.get(name=group))
    return user


def is_public(client, url):
    """Public pages answer an anonymous GET themselves (200, or 404/400 for what is absent), or
    send it to another public page (today's addresses to the default negotiation's)."""
    response = client.get(url)
    if response.status_code in (301, 302):
        return not response.url.startswith(reverse("login"))
    return response.status_code in (200, 400, 404)


def test_the_walk_finds_the_editing_urls():
    names = {name for _route, name, _pattern in every_url()}
    for name in (
        "tracker:source-new",
        "tracker:source-preview",
        "tracker:position-new",
        "tracker:suggestions",
        "tracker:suggestion-dismiss",
    ):
        assert name in names
    assert all(name for _route, name, _pattern in every_url()), "every URL is named"


def test_anonymous_posts_go_to_log_in_and_change_nothing(client, world):
    data = payload(world)
    before = snapshot()
    checked = []
    for route, name, _pattern in every_url():
        url = "/" + fill(route, world)
        if is_public(client, url):
            assert not MUTATING_NAME.search(name or ""), f"{name} ({url}) is public"
            response = client.post(url, data)
            assert response.status_code < 500, (url, response.status_code)
        else:
            response = client.post(url, data)
            assert response.status_code == 302, (url, response.status_code)
            assert response.url.startswith(reverse("login") + "?next="), (url, response.url)
            checked.append(name)
        assert snapshot() == before, f"POST {url} as anonymous changed the database"
    assert "tracker:source-new" in checked and "tracker:position-new" in checked


def test_anonymous_htmx_requests_are_sent_to_log_in_as_a_whole_page(client, world):
    """Not the login form swapped into a fragment: the page they were on comes back after."""
    data = payload(world)
    headers = {"HX-Request": "true", "HX-Current-URL": "http://testserver/sources/new/"}
    checked = []
    for route, name, _pattern in every_url():
        url = "/" + fill(route, world)
        if is_public(client, url):
            continue
        response = client.post(url, data, headers=headers)
        assert response.status_code == 200, (url, response.status_code)
        assert response.headers["HX-Redirect"] == reverse("login") + "?next=/sources/new/", url
        checked.append(name)
    assert "tracker:source-preview" in checked and "tracker:review-position" in checked


def test_signed_in_non_editors_get_403_and_change_nothing(client, world):
    data = payload(world)
    anonymous = Client()
    client.force_login(user_in())
    before = snapshot()
    refused = []
    for route, name, _pattern in every_url():
        url = "/" + fill(route, world)
        response = client.post(url, data)
        if is_public(anonymous, url):
            assert response.status_code < 500, (url, response.status_code)
        else:
            assert response.status_code in (403, 405), (url, response.status_code)
            refused.append(name)
        assert snapshot() == before, f"POST {url} by a non-editor changed the database"
    assert "tracker:source-new" in refused and "tracker:suggestion-dismiss" in refused
    page = client.get(reverse("tracker:source-new"))
    assert page.status_code == 403
    assert "<h1>Not allowed</h1>" in page.text
    assert "Ask an administrator for an editor account." in page.text


def test_editors_posts_without_a_csrf_token_are_refused(world):
    data = payload(world)
    client = Client(enforce_csrf_checks=True)
    client.force_login(user_in(roles.EDITORS, roles.REVIEWERS))
    anonymous = Client()
    before = snapshot()
    refused = []
    for route, name, _pattern in every_url():
        url = "/" + fill(route, world)
        if is_public(anonymous, url):
            continue
        response = client.post(url, data)
        assert response.status_code == 403, (url, response.status_code)
        assert b"CSRF" in response.content
        refused.append(name)
        assert snapshot() == before, f"POST {url} without a CSRF token changed the database"
    assert "tracker:source-new" in refused and "tracker:position-new" in refused


def test_with_a_csrf_token_the_same_editor_can_save(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user_in(roles.EDITORS))
    page = client.get(reverse("tracker:source-new"))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    response = client.post(
        reverse("tracker:source-new"), {**payload(world), "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    assert Source.objects.filter(title="Permission test", status=ReviewStatus.PENDING).exists()


def test_editors_may_open_the_editing_pages(client, world):
    client.force_login(user_in(roles.EDITORS))
    assert client.get(reverse("tracker:source-new")).status_code == 200
    assert client.get(reverse("tracker:suggestions")).status_code == 200
    excerpt = world["excerpt"]
    position_url = reverse("tracker:position-new", args=[excerpt.source_id])
    assert client.get(position_url, {"excerpt": excerpt.pk}).status_code == 200
    # Pending sources are visible to editors, and to no one else.
    assert client.get(reverse("tracker:source", args=[excerpt.source_id])).status_code == 200
    assert Client().get(reverse("tracker:source", args=[excerpt.source_id])).status_code == 404
