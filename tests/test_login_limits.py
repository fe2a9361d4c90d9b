"""Login limits count failures per client address, also behind a reverse proxy.

Behind a proxy every connection comes from the proxy (127.0.0.1 here), so the limit would
otherwise fall on the username alone and anyone could lock an editor out. TRUSTED_PROXY_COUNT
says how many proxies stand in front; the address they append to X-Forwarded-For is counted,
and what a client writes there itself is not.
"""

import runpy

import pytest
from django.test import Client
from django.urls import reverse

from tests.users import PASSWORD

pytestmark = pytest.mark.django_db
PROXY = "127.0.0.1"
ADDRESS_A = "198.51.100.7"
ADDRESS_B = "203.0.113.9"


@pytest.fixture
def trusted_proxies(settings, monkeypatch):
    """Apply the address settings that tracker/settings.py makes for a TRUSTED_PROXY_COUNT."""

    def apply(count):
        monkeypatch.setenv("TRUSTED_PROXY_COUNT", str(count))
        made = runpy.run_path(str(settings.BASE_DIR / "tracker" / "settings.py"))
        for name in ("AXES_IPWARE_META_PRECEDENCE_ORDER", "AXES_IPWARE_PROXY_COUNT"):
            setattr(settings, name, made[name])
        settings.IPWARE_STRICT = made["IPWARE_STRICT"]

    return apply


def log_in(password=PASSWORD, remote_addr=PROXY, forwarded_for=None):
    headers = {"REMOTE_ADDR": remote_addr}
    if forwarded_for is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return Client().post(reverse("login"), {"username": "amira", "password": password}, **headers)


def test_behind_one_proxy_failures_lock_out_the_forwarded_address_only(
    trusted_proxies, editor_account
):
    trusted_proxies(1)
    for _ in range(4):
        assert log_in("wrong", forwarded_for=ADDRESS_A).status_code == 200
    response = log_in("wrong", forwarded_for=ADDRESS_A)
    assert response.status_code == 429
    assert "5 failed attempts to log in as <strong>amira</strong>" in response.text
    assert log_in(forwarded_for=ADDRESS_A).status_code == 429
    # The same editor, through the same proxy, from another address.
    assert log_in(forwarded_for=ADDRESS_B).status_code == 302


def test_behind_one_proxy_a_client_cannot_pass_itself_off_as_another(
    trusted_proxies, editor_account
):
    trusted_proxies(1)
    # The client at A writes B into its own header; the proxy appends A after it.
    for _ in range(5):
        response = log_in("wrong", forwarded_for=f"{ADDRESS_B}, {ADDRESS_A}")
    assert response.status_code == 429
    assert log_in(forwarded_for=ADDRESS_A).status_code == 429
    assert log_in(forwarded_for=ADDRESS_B).status_code == 302


def test_without_a_proxy_a_forged_forwarded_for_is_ignored(trusted_proxies, editor_account):
    trusted_proxies(0)
    # Each attempt claims another address; all of them come from A.
    for n in range(5):
        response = log_in("wrong", remote_addr=ADDRESS_A, forwarded_for=f"192.0.2.{n + 1}")
    assert response.status_code == 429
    assert log_in(remote_addr=ADDRESS_A, forwarded_for=ADDRESS_B).status_code == 429
    # The address a forged header named is not locked out.
    assert log_in(remote_addr="192.0.2.1").status_code == 302
