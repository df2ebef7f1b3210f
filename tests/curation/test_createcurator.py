"""manage.py createcurator: a staff account in the curator group, password validated."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.http import HttpRequest
from django.urls import reverse

from cableroom.management.commands.createcurator import PASSWORD_ENV
from tests import factories

pytestmark = pytest.mark.django_db


def create(monkeypatch, username="ada", password=factories.CURATOR_PASSWORD, **options):
    monkeypatch.setenv(PASSWORD_ENV, password)
    call_command("createcurator", username, noinput=True, **options)
    return get_user_model().objects.get(username=username)


def test_creates_a_staff_curator_who_can_log_in(monkeypatch, client):
    user = create(monkeypatch, email="ada@example.org")
    assert user.is_staff and not user.is_superuser
    assert list(user.groups.values_list("name", flat=True)) == ["curator"]
    assert user.email == "ada@example.org"
    assert client.login(request=HttpRequest(), username="ada", password=factories.CURATOR_PASSWORD)
    assert client.get(reverse("admin:cableroom_cable_changelist")).status_code == 200
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 403


def test_asks_twice_when_interactive(monkeypatch):
    answers = iter([factories.CURATOR_PASSWORD, factories.CURATOR_PASSWORD])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))
    call_command("createcurator", "grace")
    assert (
        get_user_model().objects.get(username="grace").check_password(factories.CURATOR_PASSWORD)
    )


def test_refuses_two_different_passwords(monkeypatch):
    answers = iter([factories.CURATOR_PASSWORD, "something else entirely"])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))
    with pytest.raises(CommandError, match="differ"):
        call_command("createcurator", "grace")


@pytest.mark.parametrize("password", ["short", "password123", "12345678901", "ada-curator"])
def test_django_password_validation_refuses_weak_passwords(monkeypatch, password):
    with pytest.raises(CommandError, match="Password refused"):
        create(monkeypatch, username="ada-curator", password=password)
    assert not get_user_model().objects.filter(username="ada-curator").exists()


def test_refuses_a_taken_name_and_a_missing_password(monkeypatch):
    create(monkeypatch)
    with pytest.raises(CommandError, match="already exists"):
        create(monkeypatch)
    monkeypatch.delenv(PASSWORD_ENV)
    with pytest.raises(CommandError, match="No password"):
        call_command("createcurator", "grace", noinput=True)
