"""The same corpus in Datasette: its own virtual environment, an SQLite copy, FTS5.

The SQLite database is copied from the benchmark's PostgreSQL archive after the import,
so both sides hold exactly the same cables, tags and text. The table is what a
Datasette user would publish: one row per cable, tags and caveats as JSON arrays (for
`_facet_array` and `__arraycontains`), an FTS5 index over subject and body, and B-tree
indexes on the faceted and sorted columns.
"""

import json
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import psycopg

from bench.corpus import DATA_DIR, ROOT
from bench.queries import PAGE_SIZE, tilde_encode

VENV = ROOT / "bench" / ".venv-datasette"
REQUIREMENT = "datasette>=0.64,<1"
BATCH = 2_000

SCHEMA = """
CREATE TABLE cables (
    id INTEGER PRIMARY KEY,
    reference_id TEXT NOT NULL,
    date_time TEXT,
    year INTEGER,
    month INTEGER,
    origin TEXT,
    classification TEXT,
    caveats TEXT,
    tags TEXT,
    subject TEXT,
    body TEXT
);
"""
INDEXES = """
CREATE UNIQUE INDEX cables_reference_id ON cables (reference_id);
CREATE INDEX cables_date_time ON cables (date_time);
CREATE INDEX cables_origin ON cables (origin);
CREATE INDEX cables_classification ON cables (classification);
CREATE INDEX cables_year ON cables (year);
CREATE VIRTUAL TABLE cables_fts USING fts5 (subject, body, content="cables", content_rowid="id");
INSERT INTO cables_fts (cables_fts) VALUES ('rebuild');
"""
EXPORT = """
SELECT c.id, c.reference_id, to_char(c.date_time AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'),
       c.year, c.month, p.name, c.classification,
       coalesce((SELECT json_agg(m.code ORDER BY m.code) FROM cableroom_cable_caveats cc
                 JOIN cableroom_marking m ON m.id = cc.marking_id WHERE cc.cable_id = c.id), '[]'),
       coalesce((SELECT json_agg(t.code ORDER BY ct.position) FROM cableroom_cabletag ct
                 JOIN cableroom_tag t ON t.id = ct.tag_id WHERE ct.cable_id = c.id), '[]'),
       c.subject, c.body
FROM cableroom_cable c LEFT JOIN cableroom_post p ON p.id = c.origin_id
ORDER BY c.id
"""


def ensure_venv(log=print) -> Path:
    """bench/.venv-datasette with Datasette installed (pip, once); returns its executable."""
    executable = VENV / "bin" / "datasette"
    if executable.exists():
        return executable
    log(f"creating {VENV.relative_to(ROOT)} and installing {REQUIREMENT}")
    subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    pip = [str(VENV / "bin" / "python"), "-m", "pip", "install", "--quiet"]
    subprocess.run([*pip, REQUIREMENT], check=True)
    return executable


def version() -> str:
    done = subprocess.run(
        [str(VENV / "bin" / "datasette"), "--version"], capture_output=True, text=True, check=False
    )
    return done.stdout.strip()


def database_path(label: str) -> Path:
    """`cables.db` in a folder per corpus: Datasette names the database after the file."""
    return DATA_DIR / f"datasette-{label}" / "cables.db"  # label: the corpus file's stem


def build(pg_url: str, path: Path, log=print) -> float:
    """Copy the archive into a fresh SQLite database at `path`; return the seconds it took."""
    started = time.monotonic()
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.unlink(missing_ok=True)
    target = sqlite3.connect(partial)
    target.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + SCHEMA)
    with psycopg.connect(pg_url) as source, source.cursor(name="bench_export") as cursor:
        cursor.itersize = BATCH
        cursor.execute(EXPORT)
        rows = 0
        while batch := cursor.fetchmany(BATCH):
            target.executemany(
                f"INSERT INTO cables VALUES ({', '.join('?' * 11)})", [_row(r) for r in batch]
            )
            rows += len(batch)
    log(f"  {rows:,} rows copied; indexing (B-tree and FTS5)")
    target.executescript(INDEXES)
    target.commit()
    target.execute("ANALYZE")
    target.close()
    partial.replace(path)
    return time.monotonic() - started


def _row(row: tuple) -> tuple:
    values = list(row)
    for index in (7, 8):  # json_agg comes back decoded
        if not isinstance(values[index], str):
            values[index] = json.dumps(values[index])
    return tuple(values)


def deep_page_token(path: Path, page: int) -> str:
    """Datasette's `_next` for newest-first order that lands on our page `page`."""
    if page <= 1:
        return ""
    with sqlite3.connect(path) as connection:
        found = connection.execute(
            "SELECT date_time, id FROM cables ORDER BY date_time DESC, id LIMIT 1 OFFSET ?",
            [(page - 1) * PAGE_SIZE - 1],
        ).fetchone()
    if found is None:
        return ""
    date_time, pk = found
    return f"{tilde_encode(str(date_time))},{tilde_encode(str(pk))}"


def serve_command(path: Path, port: int) -> list[str]:
    """Datasette serving the file read-only, time limits raised so every query answers."""
    settings = {
        "sql_time_limit_ms": 600_000,
        "facet_time_limit_ms": 600_000,
        "suggest_facets": "off",
        "default_page_size": 25,
        "num_sql_threads": 2,
        "allow_download": "off",
    }
    command = [str(VENV / "bin" / "datasette"), "serve", "-i", str(path)]
    command += ["--host", "127.0.0.1", "--port", str(port)]
    for name, value in settings.items():
        command += ["--setting", name, str(value)]
    return command
