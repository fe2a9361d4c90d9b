"""Accounts: log in and out with Django's own views, the header says who is logged in, the
password can be changed, and five failed logins for one username from one address lock that
pair out for an hour (django-axes), saying so plainly."""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import authenticate, get_user_model
from django.test import Client, RequestFactory
from django.urls import reverse

from tests.conftest import scoped_url
from tests.users import PASSWORD

pytestmark = pytest.mark.django_db
LOGIN = reverse("login")


def log_in(client, username="amira", password=PASSWORD, address="10.0.0.1", **extra):
    return client.post(
        LOGIN, {"username": username, "password": password, **extra}, REMOTE_ADDR=address
    )


def test_the_header_offers_log_in_to_visitors(client):
    overview = scoped_url("overview")
    html = client.get(overview).text
    assert f'<a href="{LOGIN}?next={overview}">Log in</a>' in html
    assert "Log out" not in html and "Add source" not in html


def test_logging_in_and_out(client, editor_account):
    response = log_in(client, next="/suggestions/")
    assert response.status_code == 302 and response.url == "/suggestions/"
    html = client.get(scoped_url("overview")).text
    assert ">amira</a>" in html
    assert f'<form action="{reverse("logout")}" method="post">' in html
    assert 'href="/sources/new/">Add source</a>' in html and ">Suggestions</a>" in html
    # Logging out is a POST; a GET does not log anyone out.
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert response.status_code == 302 and response.url == reverse("tracker:home")
    assert "Log in" in client.get(scoped_url("overview")).text


def test_a_non_editor_sees_no_editing_links(client):
    get_user_model().objects.create_user("reader", password=PASSWORD)
    log_in(client, "reader")
    html = client.get(scoped_url("overview")).text
    assert ">reader</a>" in html and "Add source" not in html


def test_a_wrong_password_says_so_on_the_form(client, editor_account):
    response = log_in(client, password="wrong")
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.text


def test_changing_the_password(client, editor_account):
    log_in(client)
    url = reverse("password_change")
    assert "<h1>Change your password</h1>" in client.get(url).text
    response = client.post(
        url,
        {"old_password": "wrong", "new_password1": "x", "new_password2": "y"},
    )
    assert response.status_code == 200 and "field-errors" in response.text
    new = "another-long-passphrase-2025"
    response = client.post(
        url, {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    )
    assert response.status_code == 302 and response.url == reverse("password_change_done")
    editor_account.refresh_from_db()
    assert editor_account.check_password(new)


def test_five_failures_lock_the_username_from_that_address_for_an_hour(client, editor_account):
    for _ in range(4):
        assert log_in(client, password="wrong").status_code == 200
    response = log_in(client, password="wrong")
    assert response.status_code == 429
    assert "Logging in is paused" in response.text
    assert "5 failed attempts to log in as <strong>amira</strong>" in response.text
    # Even the right password is refused now, from that address.
    response = log_in(client, password=PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    # The same username from another address, and another username from this one, still work.
    assert log_in(Client(), address="10.0.0.2").status_code == 302
    get_user_model().objects.create_user("jonas", password=PASSWORD)
    assert log_in(Client(), "jonas").status_code == 302
    assert AccessAttempt.objects.filter(username="amira", ip_address="10.0.0.1").exists()


def test_the_lockout_page_escapes_the_username(client, editor_account):
    for _ in range(5):
        response = log_in(client, username="<script>x</script>", password="wrong")
    assert response.status_code == 429
    assert "<script>x</script>" not in response.text
    assert "&lt;script&gt;x&lt;/script&gt;" in response.text


def test_authenticate_without_a_request_skips_the_rate_limit(editor_account):
    """Server-side code (commands, the data import) has no request to count."""
    assert authenticate(username="amira", password=PASSWORD) == editor_account
    request = RequestFactory().post(LOGIN, REMOTE_ADDR="10.0.0.9")
    assert authenticate(request, username="amira", password=PASSWORD) == editor_account
