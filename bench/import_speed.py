"""End-to-end import speed: `manage.py import_cables` into an empty SQLite and PostgreSQL.

For each database a fresh, migrated archive is made (a temporary SQLite file; a
PostgreSQL database named `cableroom_import_bench`, dropped and created again), then
the import runs in its own process exactly as a user runs it. Prints records per second
of wall time (the figure the target is about: 1,000/s on PostgreSQL), the CPU seconds
the import and its parsing workers used, and the machine's load, since a shared
machine slows every wall-clock figure. A second run over the same input measures an
idempotent re-run (everything unchanged).

    .venv/bin/python bench/import_speed.py                      # the dev corpus
    .venv/bin/python bench/import_speed.py bench/data/cables-250000-s1.csv.gz
    .venv/bin/python bench/import_speed.py --databases postgres --workers 1 PATH...
"""

import argparse
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
PG_SERVER = "postgres://postgres@127.0.0.1:5432"
PG_DATABASE = "cableroom_import_bench"
TARGET = 1000
_SUMMARY = re.compile(r"read ([\d,]+), imported ([\d,]+).* in ([\d,.]+) s")


def manage(database_url: str, *args: str, capture: bool = False) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": "bench-only-not-secret"}
    env["DJANGO_SETTINGS_MODULE"] = "cableroom.settings"
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        cwd=ROOT,
        check=False,
        capture_output=capture,
        text=True,
    )


def fresh_database(kind: str, folder: Path) -> str:
    """An empty, migrated archive of this kind; returns its DATABASE_URL."""
    if kind == "sqlite":
        url = f"sqlite:///{folder / 'bench.sqlite3'}"
    else:
        import psycopg

        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as server:
            server.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE}")
            server.execute(f"CREATE DATABASE {PG_DATABASE}")
        url = f"{PG_SERVER}/{PG_DATABASE}"
    if manage(url, "migrate", "--noinput", "-v0").returncode:
        sys.exit(f"migrate failed for {kind}")
    return url


def timed_import(url: str, paths: list[str], workers: str | None) -> dict:
    """Run import_cables once; its own summary gives records and seconds."""
    args = ["import_cables", *paths, "--no-progress"]
    if workers is not None:
        args += ["--workers", workers]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    load = os.getloadavg()[0]
    started = time.monotonic()
    done = manage(url, *args, capture=True)
    wall = time.monotonic() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    match = _SUMMARY.search(done.stdout)
    if match is None:
        sys.exit(f"import failed:\n{done.stdout}\n{done.stderr[-2000:]}")
    read, imported, seconds = (float(group.replace(",", "")) for group in match.groups())
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {
        "read": int(read),
        "imported": int(imported),
        "seconds": seconds,
        "wall": wall,
        "cpu": cpu,
        "load": (load + os.getloadavg()[0]) / 2,
    }


def report(kind: str, label: str, run: dict) -> None:
    rate = run["read"] / run["seconds"]
    mark = (
        ""
        if kind != "postgres" or label != "first"
        else ("  (target 1,000/s: " + ("met)" if rate >= TARGET else "NOT met)"))
    )
    print(
        f"{kind:9} {label:7} {run['read']:>9,} records  {run['imported']:>9,} imported  "
        f"{run['seconds']:8.1f} s  {rate:7,.0f} records/s  "
        f"cpu {run['cpu']:7.1f} s (import + workers)  load {run['load']:.1f}{mark}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", help="inputs (default: the dev corpus)")
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--workers", default=None, help="passed to import_cables")
    parser.add_argument("--no-rerun", action="store_true", help="skip the unchanged re-run")
    args = parser.parse_args()
    paths = args.paths or [str(CORPUS)]
    for path in paths:
        if not Path(path).exists():
            sys.exit(f"not found: {path}")
    print(f"inputs: {', '.join(paths)}; {os.cpu_count()} CPUs")
    for kind in args.databases.split(","):
        with tempfile.TemporaryDirectory() as folder:
            url = fresh_database(kind, Path(folder))
            report(kind, "first", timed_import(url, paths, args.workers))
            if not args.no_rerun:
                report(kind, "re-run", timed_import(url, paths, args.workers))
        if kind == "postgres":
            import psycopg

            with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as server:
                server.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE}")


if __name__ == "__main__":
    main()
