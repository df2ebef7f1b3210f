"""`manage.py import_cables` and `import_sample`: exit status, bad input, progress, and an
import killed with SIGKILL in a real process, then run again."""

import gzip
import importlib.util
import io
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from cableroom.importing.progress import BarProgress, LineProgress, NotesOnly, progress_for
from cableroom.models import Cable, CableVersion, ImportRun
from cableroom.search.backends.tantivy_index import read_state
from tests.import_inputs import cable_text, dump_row, reference_id, write_dump
from tests.paths import REPO

ROOT = REPO


def command(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_cables", *map(str, args), "--workers", "0", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def failing_command(*args) -> str:
    err = io.StringIO()
    with pytest.raises(CommandError, match="could not be imported"):
        call_command("import_cables", *map(str, args), "--workers", "0", stderr=err)
    return err.getvalue()


@pytest.mark.django_db
def test_the_command_prints_the_summary(tmp_path):
    out, err = command(write_dump(tmp_path / "cables.csv", [dump_row(1), dump_row(2)]))
    assert "read 2, imported 2, unchanged 0, new versions 0, warned 0, failed 0" in out
    assert Cable.objects.count() == 2


@pytest.mark.django_db
def test_dry_run_writes_nothing(tmp_path):
    out, _ = command(write_dump(tmp_path / "cables.csv", [dump_row(1)]), "--dry-run")
    assert out.startswith("Dry run, nothing written: read 1, imported 1")
    assert not Cable.objects.exists() and not ImportRun.objects.exists()


def broken_quote(tmp_path) -> tuple[Path, str]:
    row = dump_row(2).replace('"Embassy Astana"', '"Embassy "Astana"')
    rows = [dump_row(1), row, dump_row(3)]
    line = rows[0].count("\n") + 1
    return write_dump(tmp_path / "broken.csv", rows), f"row 2 (line {line}): unexpected"


def truncated_gzip(tmp_path) -> tuple[Path, str]:
    # Well over one read block, so the rows before the cut are read before it fails.
    rows = "".join(dump_row(serial) for serial in range(100, 900)).encode()
    path = tmp_path / "truncated.csv.gz"
    path.write_bytes(gzip.compress(rows)[:-64])
    return path, "file truncated or corrupt"


def undecodable(tmp_path) -> tuple[Path, str]:
    path = tmp_path / "undecodable.txt"
    path.write_bytes(b"UNCLAS ASTANA 000001\nTAGS: PREL\n\x81\x8d\n")
    return path, "undecodable bytes"


def not_a_cable(tmp_path) -> tuple[Path, str]:
    path = tmp_path / "notes.txt"
    path.write_text("Shopping list: bread, milk.\n")
    return path, "not a cable"


def empty(tmp_path) -> tuple[Path, str]:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    return path, "empty"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "make_input", [broken_quote, truncated_gzip, undecodable, not_a_cable, empty]
)
def test_bad_input_is_named_and_fails_the_run_but_good_records_are_kept(tmp_path, make_input):
    bad, reason = make_input(tmp_path)
    good = write_dump(tmp_path / "good.csv", [dump_row(50)])
    err = failing_command(bad, good)
    failed = [line for line in err.splitlines() if line.startswith("FAILED")]
    assert failed and all(str(bad) in line for line in failed)
    assert any(reason in line for line in failed), failed
    assert Cable.objects.filter(reference_id=reference_id(50)).exists()
    assert ImportRun.objects.get().status == ImportRun.Status.FAILED


@pytest.mark.django_db
def test_the_good_rows_around_bad_ones_are_all_imported(tmp_path):
    broken, _ = broken_quote(tmp_path)
    truncated, _ = truncated_gzip(tmp_path)
    failing_command(broken, truncated)
    stored = set(Cable.objects.values_list("reference_id", flat=True))
    assert {reference_id(1), reference_id(3)} <= stored
    assert reference_id(2) not in stored
    assert reference_id(100) in stored  # read before the gzip's cut


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_is_a_bar_on_a_terminal_and_lines_elsewhere():
    assert isinstance(progress_for(Terminal()), BarProgress)
    assert isinstance(progress_for(io.StringIO()), LineProgress)
    assert type(progress_for(Terminal(), enabled=False)) is NotesOnly


def test_the_bar_shows_count_rate_and_time_left():
    stream = Terminal()
    bar = BarProgress(stream)
    bar.start(10)
    bar.advance(4)
    bar.note("FAILED somewhere: a reason")
    bar.close()
    shown = stream.getvalue()
    assert "4/10" in shown and "FAILED somewhere: a reason" in shown
    assert "cables/s" in shown and "<" in shown  # rate, then elapsed<remaining


def test_plain_lines_report_the_count_and_rate():
    stream = io.StringIO()
    lines = LineProgress(stream, interval=0)
    lines.start(None)
    lines.advance(1500)
    lines.close()
    assert "1,500 records read" in stream.getvalue()
    assert "/s)" in stream.getvalue()


# --- the real process: exit status, kill -9 and resume ---------------------------------


class Archive:
    """A database for the import subprocesses: a SQLite file, or a PostgreSQL database
    of its own next to the test database (so the test run's own data is never touched)."""

    def __init__(self, tmp_path: Path):
        settings = connection.settings_dict
        self.vendor = connection.vendor
        if self.vendor == "sqlite":
            self.path = tmp_path / "archive.sqlite3"
            self.url = f"sqlite:///{self.path}"
        else:
            self.name = f"{settings['NAME']}_subprocess"
            self.server = (
                f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT'] or 5432}"
            )
            self.url = f"{self.server}/{self.name}"
            self._admin(f"DROP DATABASE IF EXISTS {self.name}", f"CREATE DATABASE {self.name}")
        assert self.manage("migrate", "--noinput", "-v0").returncode == 0

    def manage(self, *args, **options):
        return subprocess.run(self.command(*args), **self._process(), **options)

    def start(self, *args) -> subprocess.Popen:
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
        return subprocess.Popen(self.command(*args), env=self._process()["env"], cwd=ROOT, **quiet)

    def command(self, *args) -> list[str]:
        return [sys.executable, str(ROOT / "manage.py"), *map(str, args)]

    def count(self, sql: str) -> int:
        if self.vendor == "sqlite":
            with sqlite3.connect(self.path, timeout=20) as db:
                return db.execute(sql).fetchone()[0]
        import psycopg

        with psycopg.connect(self.url) as db:
            return db.execute(sql).fetchone()[0]

    def drop(self) -> None:
        if self.vendor != "sqlite":
            self._admin(f"DROP DATABASE IF EXISTS {self.name} WITH (FORCE)")

    def _process(self) -> dict:
        environment = {
            **os.environ,
            "DATABASE_URL": self.url,
            "SECRET_KEY": "test-only-key-not-secret",
            "DJANGO_SETTINGS_MODULE": "cableroom.settings",
        }
        return {"env": environment, "cwd": ROOT, "capture_output": True, "text": True}

    def _admin(self, *statements: str) -> None:
        import psycopg

        with psycopg.connect(f"{self.server}/postgres", autocommit=True) as server:
            for statement in statements:
                server.execute(statement)


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    """One migrated database for the process tests (migrating takes seconds)."""
    made = Archive(tmp_path_factory.mktemp("archive"))
    yield made
    made.drop()


def wait_for_cables(archive: Archive, process: subprocess.Popen, at_least: int) -> int:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        try:
            found = archive.count("SELECT count(*) FROM cableroom_cable")
        except Exception:  # noqa: BLE001 - the writer may hold a lock for a moment
            found = 0
        if found >= at_least:
            return found
        time.sleep(0.05)
    raise AssertionError(f"no batch committed in time (exit {process.poll()})")


def children(pid: int) -> list[int]:
    found = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(child) for child in found.read_text().split()] if found.exists() else []


def all_gone(pids: list[int], seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not any(Path(f"/proc/{pid}").exists() for pid in pids):
            return True
        time.sleep(0.1)
    return False


@pytest.mark.slow
def test_an_import_killed_with_sigkill_completes_when_run_again(tmp_path, archive):
    total, batch = 1200, 50
    dump = write_dump(
        tmp_path / "cables.csv", [dump_row(serial) for serial in range(1, 1 + total)]
    )
    args = ("import_cables", dump, "--batch-size", batch, "--workers", "1", "--no-progress")
    process = archive.start(*args)
    wait_for_cables(archive, process, at_least=batch)
    workers = children(process.pid)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert workers, "the import should parse in a worker process"
    assert all_gone(workers), "a parsing worker outlived the killed import"
    kept = archive.count("SELECT count(*) FROM cableroom_cable")
    assert process.returncode == -signal.SIGKILL
    assert 0 < kept < total, "the import finished before it could be killed"
    assert kept % batch == 0, "a batch was committed in part"
    assert archive.count("SELECT count(*) FROM cableroom_cableversion") == kept

    killed_run = "SELECT count(*) FROM cableroom_importrun WHERE status = '{}'"
    assert archive.count(killed_run.format("running")) == 1

    again = archive.manage(*args)
    assert again.returncode == 0, again.stderr
    assert f"read {total:,}, imported {total - kept:,}, unchanged {kept:,}" in again.stdout
    assert archive.count(killed_run.format("interrupted")) == 1, "the killed run is marked"
    assert archive.count(killed_run.format("running")) == 0
    assert archive.count("SELECT count(*) FROM cableroom_cable") == total
    assert archive.count("SELECT count(DISTINCT reference_id) FROM cableroom_cable") == total
    assert archive.count("SELECT count(*) FROM cableroom_cableversion") == total
    assert archive.count("SELECT count(*) FROM cableroom_paragraph") == 2 * total
    assert archive.count("SELECT max(version_count) FROM cableroom_cable") == 1


@pytest.mark.slow
def test_the_process_exits_non_zero_when_an_input_failed(tmp_path, archive):
    good = write_dump(tmp_path / "good.csv", [dump_row(9999)])
    (tmp_path / "empty.txt").write_bytes(b"")
    done = archive.manage("import_cables", good, tmp_path / "empty.txt", "--no-progress")
    assert done.returncode == 1
    assert f"FAILED {tmp_path / 'empty.txt'}: empty file" in done.stderr
    assert "read 2, imported 1" in done.stdout
    found = f"SELECT count(*) FROM cableroom_cable WHERE reference_id = '{reference_id(9999)}'"
    assert archive.count(found) == 1


@pytest.mark.slow
def test_workers_writing_side_by_side_store_each_cable_once_with_every_copy(tmp_path, archive):
    """Two copies of each cable in neighbouring one-row batches: on PostgreSQL two
    workers write them at the same moment and must take turns, not duplicate."""
    serials = range(5001, 5031)
    rows = []
    for serial in serials:
        rows.append(dump_row(serial))
        rows.append(dump_row(serial, text=cable_text(serial, subject="A LATER COPY")))
        if serial % 5 == 0:
            rows.append(dump_row(serial))  # the same bytes again: unchanged
    dump = write_dump(tmp_path / "copies.csv", rows)
    done = archive.manage(
        "import_cables", dump, "--batch-size", 1, "--workers", 2, "--no-progress"
    )
    assert done.returncode == 0, done.stderr
    assert "read 66, imported 30, unchanged 6, new versions 30, warned 0, failed 0" in done.stdout
    ours = "reference_id IN ({})".format(", ".join(f"'{reference_id(s)}'" for s in serials))
    assert archive.count(f"SELECT count(*) FROM cableroom_cable WHERE {ours}") == 30
    versions = (
        "SELECT count(*) FROM cableroom_cableversion v JOIN cableroom_cable c "
        f"ON c.id = v.cable_id WHERE {ours}"
    )
    assert archive.count(versions) == 60
    assert archive.count(f"SELECT min(version_count) FROM cableroom_cable WHERE {ours}") == 2
    assert archive.count(f"SELECT max(version_count) FROM cableroom_cable WHERE {ours}") == 2
    current = (
        "SELECT count(*) FROM cableroom_cable c JOIN cableroom_cableversion v "
        f"ON v.id = c.current_version_id AND v.cable_id = c.id WHERE {ours}"
    )
    assert archive.count(current) == 30


# --- import_sample ------------------------------------------------------------------------


@pytest.mark.django_db
def test_import_sample_imports_the_shared_corpus_and_seed_when_the_archive_is_empty(
    tmp_path, settings
):
    (tmp_path / "corpus").mkdir()
    write_dump(tmp_path / "corpus" / "cables.csv", [dump_row(1)])
    (tmp_path / "seed").mkdir()
    write_dump(tmp_path / "seed" / "cables.csv", [dump_row(2)])
    settings.CABLEROOM_SHARED_DIR = tmp_path
    out = io.StringIO()
    call_command("import_sample", stdout=out, stderr=io.StringIO())
    assert Cable.objects.count() == 2
    assert "imported 2" in out.getvalue()
    # ... and builds the search index, which a second run finds complete.
    assert "2 cables indexed" in out.getvalue()
    assert read_state(settings.SEARCH_INDEX_DIR).complete
    call_command("import_sample", stdout=out)
    assert "holds 2 cables; no sample imported" in out.getvalue()
    assert "is complete; 0 cable(s) caught up" in out.getvalue()


@pytest.mark.django_db
def test_import_sample_takes_a_path(tmp_path):
    dump = write_dump(tmp_path / "mine.csv", [dump_row(7)])
    call_command("import_sample", "--path", str(dump), stdout=io.StringIO(), stderr=io.StringIO())
    assert CableVersion.objects.get().source_path == str(dump)


@pytest.mark.django_db
def test_import_sample_says_how_to_import_when_there_is_nothing(tmp_path, settings, monkeypatch):
    settings.CABLEROOM_SHARED_DIR = tmp_path / "nowhere"
    monkeypatch.setattr("importlib.util.find_spec", lambda name, *args: None)
    out = io.StringIO()
    call_command("import_sample", stdout=out)
    assert "No sample data found" in out.getvalue()
    assert "import_cables" in out.getvalue()
    assert not Cable.objects.exists()


@pytest.mark.django_db
def test_import_sample_falls_back_to_synthetic_cables(tmp_path, settings, monkeypatch):
    if importlib.util.find_spec("cableroom.synthetic") is None:
        pytest.skip("cableroom.synthetic is not installed")
    settings.CABLEROOM_SHARED_DIR = tmp_path / "nowhere"
    settings.BASE_DIR = tmp_path
    monkeypatch.setattr("cableroom.management.commands.import_sample.SYNTHETIC_COUNT", 12)
    out = io.StringIO()
    call_command("import_sample", stdout=out, stderr=io.StringIO())
    assert "generating 12 synthetic cables" in out.getvalue()
    assert Cable.objects.count() == Cable.objects.filter(is_synthetic=True).count() == 12
