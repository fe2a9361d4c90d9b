"""A superuser can browse every record in the admin; nothing citable can be deleted there."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tracker.models import Excerpt, Negotiation, Party, Person, Position, Provision, Source

pytestmark = pytest.mark.django_db

MODELS = [Negotiation, Provision, Party, Person, Source, Excerpt, Position]


@pytest.fixture
def admin_client(client, seeded_db):
    user = get_user_model().objects.create_superuser("chief", "chief@example.org", "pw-for-tests")
    client.force_login(user)
    return client


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_superuser_browses_list_search_and_detail(admin_client, model):
    info = model._meta.app_label, model._meta.model_name
    listing = admin_client.get(reverse("admin:{}_{}_changelist".format(*info)))
    assert listing.status_code == 200
    searched = admin_client.get(reverse("admin:{}_{}_changelist".format(*info)), {"q": "Israel"})
    assert searched.status_code == 200
    record = model.objects.first()
    detail = admin_client.get(reverse("admin:{}_{}_change".format(*info), args=[record.pk]))
    assert detail.status_code == 200


def test_position_list_shows_party_provision_and_stance(admin_client):
    response = admin_client.get(
        reverse("admin:tracker_position_changelist"), {"stance__exact": "opposes"}
    )
    assert "Israel" in response.text and "Opposes" in response.text


@pytest.mark.parametrize("model", [Source, Excerpt, Position], ids=lambda m: m.__name__)
def test_sources_excerpts_and_positions_cannot_be_deleted(admin_client, model):
    record = model.objects.first()
    url = reverse(f"admin:tracker_{model._meta.model_name}_delete", args=[record.pk])
    assert admin_client.post(url, {"post": "yes"}).status_code == 403
    assert model.objects.filter(pk=record.pk).exists()


def test_provision_aliases_are_edited_inline(admin_client):
    provision = Provision.objects.get(slug="chapter-vii")
    response = admin_client.get(reverse("admin:tracker_provision_change", args=[provision.pk]))
    assert "enforcement chapter of the Charter" in response.text


def test_exclusions_beside_aliases_and_people_with_their_memberships(admin_client):
    provision = Provision.objects.get(slug="isf-mandate")
    response = admin_client.get(reverse("admin:tracker_provision_change", args=[provision.pk]))
    assert "British Mandate" in response.text and "Refers back" in response.text
    person = Person.objects.get(name="Vassily Nebenzia")
    response = admin_client.get(reverse("admin:tracker_person_change", args=[person.pk]))
    assert "Nebenzya" in response.text and "Permanent Representative" in response.text
