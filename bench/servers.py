"""Start and stop the two servers on loopback: gunicorn (production settings) and Datasette.

Each server is a child process this harness started; it is stopped by its own process
id (SIGTERM, then SIGKILL after a grace period), never by name.
"""

import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.corpus import ROOT
from bench.timing import fetch

HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def production_env(database_url: str, static_root: Path) -> dict:
    """The production settings: DEBUG off, a fresh secret key, loopback host only.

    SECURE_SSL_REDIRECT is off because the benchmark speaks plain HTTP on loopback.
    """
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE="cableroom.settings",
        DATABASE_URL=database_url,
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        SECURE_SSL_REDIRECT="0",
        ALLOWED_HOSTS=HOST,
        STATIC_ROOT=str(static_root),
        LOG_LEVEL="ERROR",
        # Every benchmark client is 127.0.0.1: the per-client limit would answer 429.
        RATE_LIMIT_PER_MINUTE="0",
    )
    return env


class Server:
    """A child process serving HTTP on a port, stopped by its process id."""

    def __init__(self, name: str, command: list[str], port: int, env: dict, ready_path: str):
        self.name = name
        self.command = command
        self.port = port
        self.env = env
        self.ready_path = ready_path
        self.process: subprocess.Popen | None = None
        self.log = tempfile.NamedTemporaryFile(
            prefix=f"bench-{name}-", suffix=".log", delete=False
        )

    @property
    def base(self) -> str:
        return f"http://{HOST}:{self.port}"

    def start(self, timeout: float = 120.0) -> None:
        self.process = subprocess.Popen(
            self.command, cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited; see {self.log.name}")
            if fetch(self.base, self.ready_path, timeout=5).status == 200:
                return
            time.sleep(0.5)
        self.stop()
        raise RuntimeError(f"{self.name} did not answer {self.ready_path}; see {self.log.name}")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def __enter__(self) -> "Server":
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def gunicorn(env: dict, workers: int) -> Server:
    """gunicorn serving cableroom.wsgi with `workers` sync workers."""
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "cableroom.wsgi:application"]
    command += ["--bind", f"{HOST}:{port}", "--workers", str(workers), "--timeout", "600"]
    # As docker-compose.yml: the app's own 400/414 answer long queries, not gunicorn.
    command += ["--limit-request-line", "0"]
    return Server("gunicorn", command, port, env, "/healthz")


def collectstatic(env: dict) -> None:
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )


def datasette(command: list[str], port: int) -> Server:
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    return Server("datasette", command, port, env, "/-/versions.json")
