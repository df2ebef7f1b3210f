"""Repeated failed logins lock the account out, for the admin form and for authenticate()."""

from datetime import timedelta

import pytest
from django.contrib.auth import authenticate
from django.test import RequestFactory
from django.urls import reverse

from cableroom.models import LoginFailure
from cableroom.web.lockout import is_locked_out
from tests import factories

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"


@pytest.fixture
def curator():
    return factories.curator("ada")


def log_in(client, password: str, username: str = "ada"):
    data = {"username": username, "password": password, "next": "/admin/"}
    return client.post(LOGIN, data)


def fail(client, times: int, username: str = "ada") -> None:
    for _ in range(times):
        response = log_in(client, "wrong password", username)
        assert response.status_code == 200  # the form again, not a redirect


def test_the_right_password_logs_in_below_the_limit(client, curator, settings):
    fail(client, settings.LOGIN_FAILURE_LIMIT - 1)
    response = log_in(client, factories.CURATOR_PASSWORD)
    assert response.status_code == 302 and response.url == "/admin/"
    assert not LoginFailure.objects.filter(username="ada").exists()  # success clears the count


def test_after_the_limit_even_the_right_password_is_refused(client, curator, settings):
    fail(client, settings.LOGIN_FAILURE_LIMIT)
    response = log_in(client, factories.CURATOR_PASSWORD)
    assert response.status_code == 200
    assert "Too many failed logins" in response.content.decode()
    assert client.get(reverse("admin:index")).status_code == 302  # still not logged in


def test_lockout_holds_for_every_login_path(curator, settings):
    request = RequestFactory().post(LOGIN)
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        assert authenticate(request, username="ada", password="nope") is None
    assert is_locked_out("ada")
    assert authenticate(request, username="ada", password=factories.CURATOR_PASSWORD) is None


def test_lockout_is_per_account(client, curator, settings):
    factories.curator("grace")
    fail(client, settings.LOGIN_FAILURE_LIMIT)
    assert log_in(client, factories.CURATOR_PASSWORD, "grace").status_code == 302


def test_lockout_ends_when_the_window_has_passed(client, curator, settings):
    fail(client, settings.LOGIN_FAILURE_LIMIT)
    earlier = timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES + 1)
    for failure in LoginFailure.objects.all():
        failure.at -= earlier
        failure.save()
    assert log_in(client, factories.CURATOR_PASSWORD).status_code == 302


def test_failures_record_the_address(client, curator):
    fail(client, 1)
    assert LoginFailure.objects.get().ip_address == "127.0.0.1"
