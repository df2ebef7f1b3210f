"""`/healthz`: ok or not and which check failed, never the error's text."""

import json
import os
import subprocess
import sys
from types import SimpleNamespace

import pytest
from django.db import DatabaseError

from cableroom.web import health
from tests.paths import REPO


@pytest.mark.django_db
def test_healthz_answers_ok_when_every_check_passes(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "migrations": "ok",
        "static": "ok",
    }


@pytest.mark.django_db
def test_healthz_names_the_failed_check_without_its_text(client, monkeypatch, caplog):
    from django.db.backends.utils import CursorWrapper

    def broken_execute(self, sql, params=None):
        raise DatabaseError('connection to server at "10.1.2.3", port 6543 failed: secret_db')

    monkeypatch.setattr(CursorWrapper, "execute", broken_execute)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "database": "failed",
        "migrations": "not checked",
        "static": "ok",
    }
    assert "10.1.2.3" not in response.content.decode()
    assert "10.1.2.3" in caplog.text, "the details go to the server log"


@pytest.mark.django_db
def test_healthz_fails_when_a_migration_is_not_applied(client, monkeypatch):
    pending = [(SimpleNamespace(app_label="cableroom", name="0099_not_applied"), False)]
    monkeypatch.setattr(health, "_migrated", False)
    monkeypatch.setattr(health.MigrationExecutor, "migration_plan", lambda self, nodes: pending)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["migrations"] == "failed"


@pytest.mark.django_db
def test_healthz_fails_when_the_stylesheet_is_missing(client, monkeypatch):
    monkeypatch.setattr(health, "STATIC_PROBE", "cableroom/css/no-such-file.css")
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["static"] == "failed"


WRONG_DATABASE_PROBE = """
import json
import django
django.setup()
from django.test import Client
from django.test.utils import setup_test_environment
setup_test_environment()
client = Client(raise_request_exception=False)
answers = {}
for url in ["/healthz", "/", "/cables/", "/cables.json", "/cable/06ASTANA33.txt"]:
    response = client.get(url)
    answers[url] = [response.status_code, response.get("Retry-After"),
                    response.get("Content-Type"), response.content.decode()]
print(json.dumps(answers))
"""


@pytest.fixture(scope="module", params=["no such database", "no server on the port"])
def wrong_database(request, tmp_path_factory):
    """What a production process answers when its DATABASE_URL points nowhere useful."""
    url, detail = {
        "no such database": (
            "postgres://postgres@127.0.0.1:5432/cableroom_hardening_absent_db",
            'database "cableroom_hardening_absent_db" does not exist',
        ),
        "no server on the port": (
            "postgres://postgres@127.0.0.1:9/cableroom_absent_db",
            'connection to server at "127.0.0.1", port 9 failed',
        ),
    }[request.param]
    env = {
        **{k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": url,
    }
    command = [sys.executable, "-c", WRONG_DATABASE_PROBE]
    result = subprocess.run(
        command, cwd=REPO, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert detail in result.stderr, "the details go to the server log"
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.slow
def test_healthz_with_a_wrong_database_url_shows_no_host_port_or_name(wrong_database):
    answers = wrong_database
    status, _, _, body = answers["/healthz"]
    assert status == 503
    assert json.loads(body)["database"] == "failed"
    for secret in ["127.0.0.1", "5432", ":9", "absent_db", "postgres"]:
        assert secret not in body, secret


@pytest.mark.slow
def test_the_database_down_page_is_a_503_with_retry_after(wrong_database):
    answers = wrong_database
    for url in ["/", "/cables/"]:
        status, retry_after, content_type, body = answers[url]
        assert (status, content_type) == (503, "text/html; charset=utf-8"), url
        assert int(retry_after) > 0
        assert "try again shortly" in body and 'class="site-header"' in body
        assert "absent_db" not in body and "127.0.0.1" not in body
    status, retry_after, content_type, body = answers["/cables.json"]
    assert (status, content_type) == (503, "application/json")
    assert json.loads(body)["status"] == 503 and int(retry_after) > 0
    status, _, content_type, body = answers["/cable/06ASTANA33.txt"]
    assert status == 503 and content_type.startswith("text/plain")
    assert body.startswith("503 ")
