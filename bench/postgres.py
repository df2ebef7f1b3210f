"""The benchmark's own PostgreSQL database: created, migrated, loaded, dropped by the harness.

The import runs as a user runs it (`manage.py import_cables PATH`, its own process),
and its wall time gives cables/s. For the run only, a trigger marks every inserted
cable `is_synthetic` (the dump format cannot say so, and updating 250,000 rows
afterwards would recompute each row's search vector); it is dropped after the import.
"""

import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[1]
SERVER = os.environ.get("BENCH_PG_SERVER", "postgres://postgres@127.0.0.1:5432")
# BENCH_DATABASE lets several checkouts on one server bench side by side.
DATABASE = os.environ.get("BENCH_DATABASE", "cableroom_bench_run")
_SUMMARY = re.compile(r"read ([\d,]+), imported ([\d,]+)")

MARK_SYNTHETIC = """
CREATE OR REPLACE FUNCTION bench_mark_synthetic() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN NEW.is_synthetic := true; RETURN NEW; END $$;
CREATE TRIGGER bench_mark_synthetic BEFORE INSERT ON cableroom_cable
FOR EACH ROW EXECUTE FUNCTION bench_mark_synthetic();
"""
UNMARK = """
DROP TRIGGER IF EXISTS bench_mark_synthetic ON cableroom_cable;
DROP FUNCTION IF EXISTS bench_mark_synthetic();
"""


def database_url(name: str = DATABASE) -> str:
    return f"{SERVER}/{name}"


def recreate(name: str = DATABASE) -> None:
    """Drop and create the benchmark database (never any other)."""
    with psycopg.connect(database_url("postgres"), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def drop(name: str = DATABASE) -> None:
    with psycopg.connect(database_url("postgres"), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(env: dict, *args: str, capture: bool = False) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=capture,
        text=True,
    )


@dataclass
class ImportResult:
    seconds: float
    read: int
    imported: int

    @property
    def rate(self) -> float:
        return self.read / self.seconds if self.seconds else 0.0


def migrate_and_import(env: dict, corpus: Path, log=print, synthetic: bool = True) -> ImportResult:
    """Migrate the fresh database, then import the corpus the way a user would.

    `synthetic=False` for real cables (the real-text corpus): they are not marked.
    """
    manage(env, "migrate", "--noinput", "-v", "0")
    if synthetic:
        with psycopg.connect(env["DATABASE_URL"], autocommit=True) as connection:
            connection.execute(MARK_SYNTHETIC)
    log(f"importing {corpus.name} with manage.py import_cables")
    started = time.monotonic()
    done = manage(env, "import_cables", str(corpus), capture=True)
    seconds = time.monotonic() - started
    with psycopg.connect(env["DATABASE_URL"], autocommit=True) as connection:
        connection.execute(UNMARK)
        connection.execute("ANALYZE")
    match = _SUMMARY.search(done.stdout + done.stderr)
    read, imported = (int(match.group(i).replace(",", "")) for i in (1, 2)) if match else (0, 0)
    return ImportResult(seconds, read, imported)


def server_version(url: str) -> str:
    with psycopg.connect(url) as connection:
        return connection.execute("SHOW server_version").fetchone()[0]


def cable_count(url: str) -> int:
    with psycopg.connect(url) as connection:
        return connection.execute("SELECT count(*) FROM cableroom_cable").fetchone()[0]


def pick_values(url: str) -> dict:
    """The most common tags, origin and year, and a cable from the middle of the archive."""
    with psycopg.connect(url) as connection:
        # The three commonest: the first alone, all three for AND across a many-valued facet.
        tags = [
            row[0]
            for row in connection.execute(
                "SELECT t.code FROM cableroom_cabletag ct "
                "JOIN cableroom_tag t ON t.id = ct.tag_id "
                "GROUP BY t.code ORDER BY count(*) DESC, t.code LIMIT 3"
            )
        ]
        origin = connection.execute(
            "SELECT p.name FROM cableroom_cable c JOIN cableroom_post p ON p.id = c.origin_id "
            "GROUP BY p.name ORDER BY count(*) DESC, p.name LIMIT 1"
        ).fetchone()[0]
        year = connection.execute(
            "SELECT year FROM cableroom_cable WHERE year IS NOT NULL "
            "GROUP BY year ORDER BY count(*) DESC, year LIMIT 1"
        ).fetchone()[0]
        total = connection.execute("SELECT count(*) FROM cableroom_cable").fetchone()[0]
        # A third of the way through the cables that cite others (in real cables a
        # minority, in synthetic ones all).
        reference_id, pk = connection.execute(
            "WITH citing AS (SELECT c.reference_id, c.id FROM cableroom_cable c "
            "WHERE EXISTS (SELECT 1 FROM cableroom_reference r WHERE r.cable_id = c.id)) "
            "SELECT reference_id, id FROM citing ORDER BY id "
            "OFFSET (SELECT count(*) / 3 FROM citing) LIMIT 1"
        ).fetchone()
    return {
        "tag": tags[0], "tags": tags, "origin": origin, "year": year,
        "reference_id": reference_id, "pk": pk, "total": total,
    }  # fmt: skip
