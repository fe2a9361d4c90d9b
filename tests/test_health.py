"""/healthz and the 503 page when the database cannot be reached."""

import logging

import pytest
from django.db import OperationalError
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_healthz_answers_ok_when_the_database_answers(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "no-cache" in response["Cache-Control"]


def fail_queries(execute, sql, params, many, context):
    raise OperationalError("connection refused")


def test_healthz_answers_503_when_the_database_does_not(client):
    from django.db import connection

    with connection.execute_wrapper(fail_queries):
        response = client.get(reverse("healthz"))
    assert response.status_code == 503


def test_pages_answer_a_plain_503_without_a_stack_trace(client):
    from django.db import connection

    with connection.execute_wrapper(fail_queries):
        response = client.get(reverse("tracker:home"))
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert "Temporarily unavailable" in response.text
    assert "Traceback" not in response.text and "OperationalError" not in response.text
    # The same client gets a normal page once the database answers again.
    assert client.get(reverse("tracker:home")).status_code == 200


def test_an_outage_logs_one_line_per_request_without_a_traceback(client, caplog):
    from django.db import connection

    with connection.execute_wrapper(fail_queries), caplog.at_level(logging.WARNING):
        client.get(reverse("tracker:home"))
        client.post(reverse("login"), {"username": "amira", "password": "x"})
    assert [(record.levelname, record.getMessage()) for record in caplog.records] == [
        ("WARNING", "Database unavailable (OperationalError: connection refused) for GET /"),
        (
            "WARNING",
            "Database unavailable (OperationalError: connection refused) for POST "
            + reverse("login"),
        ),
    ]
    assert not any(record.exc_info for record in caplog.records)


def test_security_headers_on_every_response(client):
    response = client.get(reverse("tracker:home"))
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
