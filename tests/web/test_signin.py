"""Sign-in throttling (django-axes, cableroom/web/signin.py): per (client, username) and
per client, never a lock a stranger can put on a curator, atomic under concurrency."""

import logging
import threading
import time
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import authenticate
from django.contrib.auth.backends import ModelBackend
from django.db import connection, connections
from django.db.models import F, Sum
from django.test import Client, RequestFactory
from django.urls import reverse

from tests import factories

LOGIN = "/admin/login/"
ATTACKER = "203.0.113.9"
CURATORS_OWN = "198.51.100.20"


@pytest.fixture
def ada(db):
    return factories.curator("ada")


@pytest.fixture
def password_checks(monkeypatch):
    """How many times a password was hashed and compared (Django's ModelBackend)."""
    calls = []
    original = ModelBackend.authenticate

    def counted(self, request, username=None, password=None, **kwargs):
        calls.append(username)
        return original(self, request, username=username, password=password, **kwargs)

    monkeypatch.setattr(ModelBackend, "authenticate", counted)
    return calls


def sign_in(client, password, username="ada", address=ATTACKER):
    data = {"username": username, "password": password, "next": "/admin/"}
    return client.post(LOGIN, data, REMOTE_ADDR=address)


def recorded_failures(**filters) -> int:
    total = AccessAttempt.objects.filter(**filters).aggregate(n=Sum("failures_since_start"))
    return total["n"] or 0


def test_the_right_password_signs_in_below_the_limit_and_clears_the_pair(client, ada, settings):
    for _ in range(settings.SIGN_IN_FAILURE_LIMIT - 1):
        failed = sign_in(client, "wrong")
        assert failed.status_code == 200  # the form again, with Django's own message
        assert "Please enter the correct username and password" in failed.content.decode()
    response = sign_in(client, factories.CURATOR_PASSWORD)
    assert response.status_code == 302 and response.url == "/admin/"
    assert recorded_failures(username="ada") == 0


def test_after_the_limit_the_pair_is_refused_with_a_clear_message(client, ada, settings):
    for _ in range(settings.SIGN_IN_FAILURE_LIMIT):
        sign_in(client, "wrong")
    response = sign_in(client, factories.CURATOR_PASSWORD)
    assert response.status_code == 429
    assert response["Retry-After"] == str(settings.SIGN_IN_LOCKOUT_MINUTES * 60)
    page = response.content.decode()
    assert "Too many failed sign-ins from your address" in page
    assert "<form" in page, "the sign-in form is still shown"
    assert client.get(reverse("admin:index")).status_code == 302  # not signed in


def test_the_curator_signs_in_from_elsewhere_while_a_client_hammers_the_name(
    client, ada, settings, password_checks
):
    for _ in range(3 * settings.SIGN_IN_FAILURE_LIMIT):
        sign_in(client, "wrong", address=ATTACKER)
    assert len(password_checks) == settings.SIGN_IN_FAILURE_LIMIT, "refused before hashing"
    response = sign_in(Client(), factories.CURATOR_PASSWORD, address=CURATORS_OWN)
    assert response.status_code == 302 and response.url == "/admin/"


def test_twenty_usernames_from_one_client_are_throttled_after_the_cap(
    client, ada, settings, password_checks
):
    statuses = [
        sign_in(client, "guess", username=f"user{number}").status_code for number in range(20)
    ]
    cap = settings.SIGN_IN_CLIENT_LIMIT
    assert cap < 20
    assert len(password_checks) == cap
    assert recorded_failures(ip_address=ATTACKER) == cap
    assert statuses[cap:] == [429] * (20 - cap)
    # The client is locked for every name, the real one too; other clients are not.
    assert sign_in(client, factories.CURATOR_PASSWORD).status_code == 429
    assert sign_in(Client(), factories.CURATOR_PASSWORD, address=CURATORS_OWN).status_code == 302


def test_one_ipv6_client_is_its_slash_64(client, ada, settings):
    for host in range(1, settings.SIGN_IN_FAILURE_LIMIT + 1):
        sign_in(client, "wrong", address=f"2001:db8:5:6::{host:x}")
    inside = sign_in(client, factories.CURATOR_PASSWORD, address="2001:db8:5:6:ffff::1")
    assert inside.status_code == 429
    outside = sign_in(Client(), factories.CURATOR_PASSWORD, address="2001:db8:5:7::1")
    assert outside.status_code == 302


def test_the_lock_ends_when_the_window_has_passed(client, ada, settings):
    for _ in range(settings.SIGN_IN_FAILURE_LIMIT):
        sign_in(client, "wrong")
    earlier = timedelta(minutes=settings.SIGN_IN_LOCKOUT_MINUTES + 1)
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - earlier)
    assert sign_in(client, factories.CURATOR_PASSWORD).status_code == 302


def test_refused_attempts_do_not_extend_the_lock(client, ada, settings):
    for _ in range(settings.SIGN_IN_FAILURE_LIMIT):
        sign_in(client, "wrong")
    before = recorded_failures(username="ada")
    for _ in range(5):
        assert sign_in(client, "wrong").status_code == 429
    assert recorded_failures(username="ada") == before


def test_each_lockout_logs_one_line(client, ada, settings, caplog):
    with caplog.at_level(logging.WARNING):
        for _ in range(settings.SIGN_IN_FAILURE_LIMIT + 4):
            sign_in(client, "wrong")
    lines = [r.getMessage() for r in caplog.records if r.name == "cableroom.web.signin"]
    assert lines == [
        f"Sign-in locked for {settings.SIGN_IN_LOCKOUT_MINUTES} minutes: "
        f"{settings.SIGN_IN_FAILURE_LIMIT} failures for 'ada' from {ATTACKER}"
    ]
    assert not [r for r in caplog.records if r.name.startswith("axes")], "axes says it once"


def test_authenticate_itself_refuses_a_locked_pair(ada, settings):
    request = RequestFactory().post(LOGIN, REMOTE_ADDR=ATTACKER)
    for _ in range(settings.SIGN_IN_FAILURE_LIMIT):
        assert authenticate(request, username="ada", password="nope") is None
    request = RequestFactory().post(LOGIN, REMOTE_ADDR=ATTACKER)
    assert authenticate(request, username="ada", password=factories.CURATOR_PASSWORD) is None


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_concurrent_failures_record_at_most_the_limit(settings, monkeypatch):
    """12 wrong passwords at once from one client: at most the limit reach the password
    check. The check is slowed so that, without the lock, all twelve would pass it."""
    if connection.vendor != "postgresql":
        pytest.skip("sign-ins are serialized per client on PostgreSQL only")
    factories.curator("ada")
    checks = []
    original = ModelBackend.authenticate

    def slow_check(self, request, username=None, password=None, **kwargs):
        checks.append(username)
        time.sleep(0.2)
        return original(self, request, username=username, password=password, **kwargs)

    monkeypatch.setattr(ModelBackend, "authenticate", slow_check)
    start = threading.Barrier(12)
    statuses = []

    def attempt():
        try:
            start.wait()
            statuses.append(sign_in(Client(), "wrong").status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    # The failure that reaches the limit is answered 429 already.
    limit = settings.SIGN_IN_FAILURE_LIMIT
    assert sorted(statuses) == [200] * (limit - 1) + [429] * (12 - limit + 1)
    assert len(checks) == limit
    assert recorded_failures(username="ada") == limit
