"""The commands of the README's Quick start, Importing and Curation sections work as
written, run as a newcomer runs them: in a fresh copy of the checkout with ../shared
beside it, no .env and no database, nothing set but PATH, HOME and LANG.

Two departures, both named here: the copy shares the checkout's .venv (a symlink; the
Makefile would build the same one in about 20 s), and `PORT` is set to a free port so
`make run` cannot collide with a server already on 8000. `make test` is the suite this
test belongs to: it is run as `make -n test` (the target and what it would run resolve);
CI runs it for real.
"""

import os
import re
import shlex
import shutil
import signal
import socket
import sqlite3
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from tests.paths import REPO, SHARED

SECTIONS = ("Quick start", "Importing cables", "Curation")
PASSWORD = "a newcomer's long passphrase"
SERVE_TIMEOUT = 30 * 60  # the first run imports the corpus: ten seconds to minutes


def section_commands(readme: str, title: str) -> list[str]:
    """The command lines of the ```sh blocks of one `## title` section, in order."""
    section = readme.split(f"\n## {title}\n", 1)[1].split("\n## ", 1)[0]
    commands = []
    for block in re.findall(r"```sh\n(.*?)```", section, flags=re.DOTALL):
        for line in block.replace("\\\n", " ").splitlines():
            if line.strip() and not line.lstrip().startswith("#"):
                commands.append(line.strip())
    return commands


def readme_commands() -> dict[str, list[str]]:
    readme = (REPO / "README.md").read_text()
    return {title: section_commands(readme, title) for title in SECTIONS}


def is_make_run(command: str) -> bool:
    return shlex.split(command, comments=True) == ["make", "run"]


def is_make_test(command: str) -> bool:
    return shlex.split(command, comments=True)[-2:] == ["make", "test"]


def test_the_sections_hold_the_commands_this_test_runs():
    commands = readme_commands()
    assert all(commands.values()), commands
    assert any(is_make_run(command) for command in commands["Quick start"])
    assert any("createcurator" in command for command in commands["Curation"])


# --- The commands, run -------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def tracked_files() -> list[str]:
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO,
        capture_output=True,
        check=True,
    )
    return [name for name in listed.stdout.decode().split("\0") if name]


@pytest.fixture(scope="module")
def newcomer(tmp_path_factory):
    """A copy of the checkout as a clone would be (no .env, no var/), ../shared beside it,
    and the environment of a new shell."""
    if os.environ.get("DATABASE_URL"):
        pytest.skip("README commands run once, in the SQLite pass: they never read DATABASE_URL")
    if not SHARED.is_dir():
        pytest.skip(f"README COMMANDS NOT RUN: {SHARED} is missing; they import from it")
    if not (REPO / ".venv" / ".installed").exists():
        pytest.skip("README COMMANDS NOT RUN: no .venv in the checkout (make install)")
    root = tmp_path_factory.mktemp("newcomer")
    checkout = root / "cableroom"
    for name in tracked_files():
        if (REPO / name).is_file():
            (checkout / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, checkout / name)  # keeps times: make sees .venv current
    (checkout / ".venv").symlink_to(REPO / ".venv")
    (root / "shared").symlink_to(SHARED)
    home = root / "home"
    home.mkdir()
    env = {"PATH": os.environ["PATH"], "HOME": str(home), "LANG": "C.UTF-8"}
    stale = subprocess.run(["make", "-q", ".venv/.installed"], cwd=checkout, env=env)
    assert stale.returncode == 0, "the checkout's .venv is older than pyproject.toml: make install"
    return checkout, {**env, "PORT": str(free_port())}


def serve_and_stop(checkout: Path, env: dict, log: Path) -> float:
    """`make run` until it serves the home page, then Ctrl-C; the seconds it took to serve."""
    url = f"http://127.0.0.1:{env['PORT']}/"
    started = time.monotonic()
    with open(log, "w") as output:
        server = subprocess.Popen(
            ["bash", "-c", "make run"],
            cwd=checkout,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        seconds = wait_for_page(url, server, started, log)
    finally:
        os.killpg(server.pid, signal.SIGINT)  # Ctrl-C reaches the terminal's process group
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
            pytest.fail(f"Ctrl-C did not stop make run:\n{log.read_text()[-3000:]}")
    return seconds


def wait_for_page(url: str, server: subprocess.Popen, started: float, log: Path) -> float:
    while time.monotonic() - started < SERVE_TIMEOUT:
        if server.poll() is not None:
            pytest.fail(f"make run ended ({server.returncode}):\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                if response.status == 200:
                    return time.monotonic() - started
        except OSError:
            time.sleep(1)
    pytest.fail(f"make run did not serve {url} in {SERVE_TIMEOUT} s:\n{log.read_text()[-3000:]}")


def run_command(checkout: Path, env: dict, command: str) -> subprocess.CompletedProcess:
    if is_make_test(command):
        command = re.sub(r"\bmake test\b", "make -n test", command)
    return subprocess.run(
        ["bash", "-c", command],
        cwd=checkout,
        env=env,
        # A prompt reads its answers here: no terminal, as in a new session.
        input=f"{PASSWORD}\n{PASSWORD}\n",
        capture_output=True,
        text=True,
        start_new_session=True,
        timeout=20 * 60,
    )


@pytest.mark.slow
def test_the_readme_commands_work_as_written(newcomer, tmp_path):
    checkout, env = newcomer
    commands = readme_commands()
    first = serve_and_stop(checkout, env, tmp_path / "first-run.log")
    log = (tmp_path / "first-run.log").read_text()
    assert "SECRET_KEY=" in (checkout / ".env").read_text()
    key = (checkout / ".env").read_text()
    assert_first_run_log(log)

    again = serve_and_stop(checkout, env, tmp_path / "second-run.log")
    assert "no sample imported" in (tmp_path / "second-run.log").read_text()
    assert (checkout / ".env").read_text() == key, "a second make run keeps the .env"
    print(f"make run: serving after {first:.0f} s, and after {again:.0f} s the second time")

    for section in SECTIONS:
        for command in commands[section]:
            if is_make_run(command):
                continue  # run twice above
            result = run_command(checkout, env, command)
            assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
    with sqlite3.connect(checkout / "var" / "cableroom.sqlite3") as database:
        staff = database.execute("SELECT username FROM auth_user WHERE is_staff").fetchall()
    assert sorted(name for (name,) in staff) == ["alice", "bob"]


def assert_first_run_log(log: str) -> None:
    """The first run's output: the key written, the import explained, each line once."""
    assert "Wrote .env with a new SECRET_KEY" in log
    assert log.count("Watching for file changes") == 1, log[-3000:]
    assert "Warned " in log and "parse_cables --worst 20" in log
    (skipped,) = [line for line in log.splitlines() if "skipped" in line.lower()]
    assert skipped.startswith("Skipped 2 files that are not cable sources: ")
