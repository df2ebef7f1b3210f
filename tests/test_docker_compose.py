"""docker-compose.yml cannot run here (no Docker engine), so its shape is checked."""

import os
import re
import subprocess
import sys

import yaml

from tests.paths import REPO

COMPOSE = yaml.safe_load((REPO / "docker-compose.yml").read_text())


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


def test_the_search_index_lives_on_a_volume_and_is_built_beside_the_site():
    web = COMPOSE["services"]["web"]
    folder = web["environment"]["SEARCH_INDEX_DIR"]
    assert f"search-index:{folder}" in web["volumes"]
    assert "search-index" in COMPOSE["volumes"]
    command = web["command"]
    assert command.index("migrate") < command.index("rebuild_search_index --if-missing")
    assert command.index("rebuild_search_index") < command.index("gunicorn")


def test_ports_are_published_on_loopback_only():
    for service in COMPOSE["services"].values():
        for port in service.get("ports", []):
            assert port.startswith("127.0.0.1:"), port


def test_secrets_come_from_the_environment_not_the_file():
    web_env = COMPOSE["services"]["web"]["environment"]
    assert web_env["SECRET_KEY"].startswith("${SECRET_KEY")
    assert COMPOSE["services"]["db"]["environment"]["POSTGRES_PASSWORD"].startswith("${")


# The replica profile: primary, streaming replica, and web nodes reading from it.

SERVICES = COMPOSE["services"]
WEB_NODES = [name for name, svc in SERVICES.items() if "gunicorn" in svc.get("command", "")]


def test_the_replica_runs_only_in_its_profile_and_the_default_services_in_none():
    assert SERVICES["replica"]["profiles"] == ["replica"]
    assert "profiles" not in SERVICES["db"] and "profiles" not in SERVICES["web"]


def test_the_replica_is_a_streaming_copy_of_db_made_once_with_pg_basebackup():
    replica, db = SERVICES["replica"], SERVICES["db"]
    assert replica["image"] == db["image"]  # a physical copy needs the same major version
    assert replica["depends_on"]["db"]["condition"] == "service_healthy"
    command = replica["command"]
    basebackup = re.search(r"pg_basebackup (.*?)&&", command, re.S).group(1).split()
    assert {"-R", "-X", "stream"} <= set(basebackup)  # standby.signal + primary_conninfo
    assert basebackup[basebackup.index("-h") + 1] == "db"
    assert basebackup[basebackup.index("-U") + 1] == db["environment"]["POSTGRES_USER"]
    assert "PG_VERSION" in command.split("pg_basebackup")[0]  # only into an empty folder
    assert command.rstrip().split("&&")[-1].split()[:2] == ["exec", "postgres"]
    own = {v.split(":")[0] for v in replica["volumes"]} & set(COMPOSE["volumes"])
    assert own and not own & {v.split(":")[0] for v in db["volumes"]}
    assert "pg_isready" in " ".join(replica["healthcheck"]["test"])


def test_the_primary_lets_the_replica_stream_its_wal():
    mounts = [v.split(":") for v in SERVICES["db"]["volumes"]]
    [script] = [REPO / src for src, dst, *_ in mounts if "docker-entrypoint-initdb.d" in dst]
    line = re.search(r"host replication (\S+) all scram-sha-256", script.read_text())
    assert line and line.group(1) == "${POSTGRES_USER}"
    assert '>> "$PGDATA/pg_hba.conf"' in script.read_text()


def test_web_nodes_write_to_the_primary_and_web2_reads_the_replica():
    primary = SERVICES["web"]["environment"]["DATABASE_URL"]
    assert len(WEB_NODES) >= 2
    for name in WEB_NODES:
        environment = SERVICES[name]["environment"]
        assert environment["DATABASE_URL"] == primary, name
        assert environment["SECRET_KEY"] == SERVICES["web"]["environment"]["SECRET_KEY"]
    replica_url = SERVICES["web2"]["environment"]["DATABASE_REPLICA_URLS"]
    assert replica_url == primary.replace("@db:5432/", "@replica:5432/")
    assert SERVICES["web2"]["profiles"] == ["replica"]
    assert SERVICES["web"]["environment"]["DATABASE_REPLICA_URLS"] == "${DATABASE_REPLICA_URLS:-}"


def test_only_one_node_migrates_and_the_others_wait_for_it_and_the_replica():
    migrating = [name for name in WEB_NODES if "migrate" in SERVICES[name]["command"]]
    assert migrating == ["web"]
    assert "healthz" in " ".join(SERVICES["web"]["healthcheck"]["test"])
    waits = SERVICES["web2"]["depends_on"]
    assert waits["web"]["condition"] == waits["replica"]["condition"] == "service_healthy"


def test_each_web_node_keeps_its_page_cache_and_static_files_outside_the_shared_folder():
    for name in WEB_NODES:
        service = SERVICES[name]
        shared = [v.split(":")[1] for v in service["volumes"] if v.startswith(".:")]
        for setting in ("PAGE_CACHE_DIR", "STATIC_ROOT"):
            path = service["environment"][setting]
            assert path.startswith("/") and not any(path.startswith(s) for s in shared), name
        assert "collectstatic" in service["command"], name


DEFAULT = re.compile(r"^\$\{(?P<name>[A-Z_]+):(?P<kind>[-?])(?P<value>.*)\}$")


def compose_defaults() -> dict[str, str]:
    """The web service's environment as compose gives it when .env sets nothing."""
    values = {}
    for name, value in COMPOSE["services"]["web"]["environment"].items():
        match = DEFAULT.match(str(value))
        if match is None:
            values[name] = str(value)
        elif match["kind"] == "-":
            values[name] = match["value"]
    return values


def env_example() -> dict[str, str]:
    lines = (REPO / ".env.example").read_text().splitlines()
    return dict(line.split("=", 1) for line in lines if re.match(r"^[A-Z_]+=", line))


def test_compose_defaults_match_env_example():
    example = env_example()
    shared = {
        name: value for name, value in compose_defaults().items() if example.get(name, "") != ""
    }
    assert shared, "compose should default some of .env.example's settings"
    assert {name: example[name] for name in shared} == shared
    for name in ["SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "TRUST_PROXY"]:
        assert name in shared, name


def test_check_deploy_passes_with_compose_defaults():
    env = {k: v for k, v in os.environ.items() if k not in env_example()}
    env.update(compose_defaults())
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "cableroom.settings",
            "SECRET_KEY": "a-long-random-production-key-" + "x" * 40,  # from .env
            "DATABASE_URL": "postgres://cableroom:pw@db:5432/cableroom",
        }
    )
    command = [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"]
    result = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_gunicorn_leaves_long_request_lines_to_the_app():
    # Its own cap (at most 8190 bytes) is below the app's bounds of 400 and 414.
    for name in WEB_NODES:
        command = " ".join(SERVICES[name]["command"].split())
        assert "--limit-request-line 0" in command, name
