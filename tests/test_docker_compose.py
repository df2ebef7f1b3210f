"""docker-compose.yml cannot run here (no Docker engine), so its shape is checked."""

from pathlib import Path

import yaml

COMPOSE = yaml.safe_load((Path(__file__).resolve().parents[1] / "docker-compose.yml").read_text())


def test_db_service_is_postgresql_15_or_newer_with_a_volume_and_healthcheck():
    db = COMPOSE["services"]["db"]
    image, version = db["image"].split(":")
    assert image == "postgres" and int(version.split(".")[0]) >= 15
    assert any(v.split(":")[0] in COMPOSE["volumes"] for v in db["volumes"])
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])


def test_web_waits_for_a_healthy_db_and_migrates_before_gunicorn():
    web = COMPOSE["services"]["web"]
    assert web["depends_on"]["db"]["condition"] == "service_healthy"
    command = web["command"]
    assert command.index("migrate") < command.index("gunicorn")


def test_web_and_db_share_database_name_user_and_password():
    db_env = COMPOSE["services"]["db"]["environment"]
    url = COMPOSE["services"]["web"]["environment"]["DATABASE_URL"]
    password = db_env["POSTGRES_PASSWORD"].split(":")[0]  # "${POSTGRES_PASSWORD:?...}"
    assert url.startswith(f"postgres://{db_env['POSTGRES_USER']}:{password}}}@")
    assert url.endswith(f"@db:5432/{db_env['POSTGRES_DB']}")


def test_ports_are_published_on_loopback_only():
    for service in COMPOSE["services"].values():
        for port in service.get("ports", []):
            assert port.startswith("127.0.0.1:"), port


def test_secrets_come_from_the_environment_not_the_file():
    web_env = COMPOSE["services"]["web"]["environment"]
    assert web_env["SECRET_KEY"].startswith("${SECRET_KEY")
    assert COMPOSE["services"]["db"]["environment"]["POSTGRES_PASSWORD"].startswith("${")
