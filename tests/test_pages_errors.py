"""Error pages and empty states: a real 404 page, a 500 page that needs neither the database nor
a request, and a tracker with nothing in it yet."""

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from tests.conftest import scoped_url
from tracker.models import Negotiation


@pytest.mark.django_db
def test_an_empty_tracker_says_so(client):
    response = client.get(scoped_url("overview"))
    assert response.status_code == 200
    assert "No provisions are recorded yet." in response.text
    # Before any negotiation is recorded, the home page says so.
    Negotiation.objects.all().delete()
    assert "No negotiation is recorded yet." in client.get(reverse("tracker:home")).text
    assert client.get(scoped_url("matrix")).status_code == 200
    assert client.get(reverse("tracker:search"), {"q": "anything"}).status_code == 200


@pytest.mark.django_db
def test_an_unknown_address_gets_the_404_page(client):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert "<title>Not found · Resolution Tracker</title>" in response.text
    assert f'href="{reverse("tracker:home")}"' in response.text


def test_the_500_page_renders_without_a_request_or_database():
    html = render_to_string("500.html")
    assert "<title>Server error · Resolution Tracker</title>" in html
    assert "Something went wrong" in html
