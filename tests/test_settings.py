"""The settings module: environment, refusals and the deployment checklist."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from cableroom.settings import DEFAULT_SQLITE_PATH, database_settings, replica_databases

REPO = Path(__file__).resolve().parents[1]
PRODUCTION_ENV = {
    "SECRET_KEY": "a-long-random-production-key-" + "x" * 40,
    "DEBUG": "0",
    "ALLOWED_HOSTS": "cables.example.org",
}


def run_python(code: str, env: dict) -> subprocess.CompletedProcess:
    ours = names_in_env_example()
    clean = {k: v for k, v in os.environ.items() if k not in ours}
    clean["DJANGO_SETTINGS_MODULE"] = "cableroom.settings"
    command = [sys.executable, "-c", code]
    return subprocess.run(command, cwd=REPO, env={**clean, **env}, capture_output=True, text=True)


def names_read_by_settings() -> set[str]:
    source = (REPO / "cableroom" / "settings.py").read_text()
    pattern = r'(?:environ\.get|env_str|env_bool|env_list)\(\s*"([A-Z_]+)"'
    return set(re.findall(pattern, source))


def names_in_env_example() -> set[str]:
    lines = (REPO / ".env.example").read_text().splitlines()
    return {line.split("=", 1)[0] for line in lines if re.match(r"^[A-Z_]+=", line)}


def test_env_example_lists_exactly_the_variables_settings_read():
    assert names_read_by_settings() == names_in_env_example()


def test_missing_secret_key_with_debug_off_is_refused_with_a_clear_message():
    result = run_python("import django; django.setup()", {"DEBUG": "0"})
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_debug_on_starts_without_a_secret_key():
    result = run_python("import django; django.setup(); print('started')", {"DEBUG": "1"})
    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout


def test_check_deploy_is_clean_under_production_settings():
    code = (
        "import sys; from django.core.management import execute_from_command_line;"
        "execute_from_command_line(['manage.py', 'check', '--deploy', '--fail-level', 'DEBUG'])"
    )
    result = run_python(code, PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_turn_on_https_protections():
    code = (
        "import django; django.setup(); from django.conf import settings as s;"
        "print(s.DEBUG, s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.SECURE_HSTS_SECONDS)"
    )
    result = run_python(code, PRODUCTION_ENV)
    assert result.stdout.split() == ["False", "True", "True", "31536000"]


def test_no_database_url_means_the_embedded_sqlite_file():
    config = database_settings("")
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert Path(config["NAME"]) == DEFAULT_SQLITE_PATH


def test_the_embedded_sqlite_folder_is_created_on_a_fresh_clone(tmp_path):
    # var/ is gitignored: a fresh clone has none, and `make run` must still start.
    path = tmp_path / "var" / "cableroom.sqlite3"
    config = database_settings("", default_sqlite_path=path)
    assert Path(config["NAME"]) == path
    assert path.parent.is_dir()


@pytest.mark.parametrize("scheme", ["postgres", "postgresql"])
def test_a_postgres_url_selects_postgresql_with_persistent_connections(scheme):
    config = database_settings(f"{scheme}://reader:pw@db.example:5433/archive")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"]) == ("db.example", 5433, "archive")
    assert config["CONN_MAX_AGE"] > 0
    assert config["CONN_HEALTH_CHECKS"] is True


def test_each_replica_url_becomes_an_alias_mirrored_by_the_test_database():
    databases = replica_databases(
        [
            "postgres://reader@replica-a:5432/archive",
            "postgres://reader@replica-b/archive?sslmode=require",
        ]
    )
    assert list(databases) == ["replica1", "replica2"]
    first, second = databases["replica1"], databases["replica2"]
    assert (first["HOST"], second["HOST"]) == ("replica-a", "replica-b")
    assert first["TEST"] == {"MIRROR": "default"}  # the suite never creates a database there
    assert first["OPTIONS"]["connect_timeout"] == 3
    assert second["OPTIONS"] == {"connect_timeout": 3, "sslmode": "require"}
    assert first["CONN_MAX_AGE"] > 0 and first["CONN_HEALTH_CHECKS"] is True


def test_replicas_come_from_the_environment_and_none_by_default():
    code = (
        "import django; django.setup(); from django.conf import settings as s;"
        "print(s.REPLICA_ALIASES, sorted(s.DATABASES), s.DATABASE_REPLICA_MAX_LAG)"
    )
    replicas = "postgres://r@one/archive, postgres://r@two/archive"
    with_two = run_python(code, {**PRODUCTION_ENV, "DATABASE_REPLICA_URLS": replicas})
    assert with_two.stdout.split("] ")[0] == "['replica1', 'replica2'"
    assert "10.0" in with_two.stdout
    none = run_python(code, PRODUCTION_ENV)
    assert none.stdout.startswith("[] ['default'] 10.0"), none.stderr


@pytest.mark.parametrize(("trust", "header"), [("0", "None"), ("1", "('HTTP_X_FORWARDED_PROTO',")])
def test_x_forwarded_proto_is_believed_only_behind_a_trusted_proxy(trust, header):
    code = "import django; django.setup(); from django.conf import settings as s;"
    code += "print(s.SECURE_PROXY_SSL_HEADER)"
    result = run_python(code, {**PRODUCTION_ENV, "TRUST_PROXY": trust})
    assert result.stdout.startswith(header), result.stdout + result.stderr


def test_a_secret_key_starting_with_a_dollar_is_taken_as_it_is():
    # Django's get_random_secret_key() may start with "$"; django-environ would read it as
    # the name of another variable (a reason the settings keep their own readers).
    key = "$HOME-" + "k" * 50
    code = "import django; django.setup(); from django.conf import settings as s;"
    code += "print(s.SECRET_KEY)"
    result = run_python(code, {**PRODUCTION_ENV, "SECRET_KEY": key})
    assert result.stdout.strip() == key, result.stderr


def test_sign_in_lands_on_the_admin():
    from django.conf import settings
    from django.shortcuts import resolve_url

    assert resolve_url(settings.LOGIN_REDIRECT_URL) == "/admin/"


def test_an_empty_variable_counts_as_unset():
    # As `cp .env.example .env` or compose's `${X:-}` give them.
    empty = {name: "" for name in names_in_env_example() if name != "SECRET_KEY"}
    code = "import django; django.setup(); from django.conf import settings as s;"
    code += "print(s.SECURE_HSTS_SECONDS, s.RATE_LIMIT_BURST, s.STATIC_ROOT.name, s.DEBUG)"
    result = run_python(code, {**PRODUCTION_ENV, **empty})
    assert result.stdout.split() == ["31536000", "20", "staticfiles", "False"], result.stderr
