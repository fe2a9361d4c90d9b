"""Error pages and empty states: a real 404 page, a 500 page that needs neither the database nor
a request, and a tracker with nothing in it yet."""

import pytest
from django.template.loader import render_to_string
from django.urls import reverse


@pytest.mark.django_db
def test_an_empty_tracker_says_so(client):
    response = client.get(reverse("tracker:overview"))
    assert response.status_code == 200
    assert "No resolution is loaded yet" in response.text
    assert client.get(reverse("tracker:matrix")).status_code == 200
    assert client.get(reverse("tracker:search"), {"q": "anything"}).status_code == 200


@pytest.mark.django_db
def test_an_unknown_address_gets_the_404_page(client):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert "<title>Not found · Resolution Tracker</title>" in response.text
    assert 'href="/matrix/"' in response.text


def test_the_500_page_renders_without_a_request_or_database():
    html = render_to_string("500.html")
    assert "<title>Server error · Resolution Tracker</title>" in html
    assert "Something went wrong" in html
