"""End-to-end import speed into an empty SQLite and PostgreSQL archive.

For each database a fresh, migrated archive is made (a temporary SQLite file; a
PostgreSQL database named `cableroom_import_bench`, dropped and created again) and the
import runs exactly as `manage.py import_cables` runs it, in a process of its own.
Printed per database:

- records per second of wall time: the figure the target is about (1,000/s on
  PostgreSQL, the full 251,287-cable dump in about four minutes);
- CPU milliseconds per record of the importing process, of its worker processes and,
  for a local PostgreSQL, of the server processes doing the writes. Wall time depends on
  what else the machine runs (the load is printed); CPU time per record does not, so
  it shows where the time goes and what two idle cores would allow;
- the same for a second run over the same input (everything unchanged).

    .venv/bin/python bench/import_speed.py                      # the dev corpus
    .venv/bin/python bench/import_speed.py bench/data/cables-250000-s1.csv.gz
    .venv/bin/python bench/import_speed.py --databases postgres --workers 1 PATH...
    .venv/bin/python bench/import_speed.py --pg-database cableroom_mybench --batch-size 1000
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
PG_SERVER = "postgres://postgres@127.0.0.1:5432"
PG_DATABASE = "cableroom_import_bench"
TARGET = 1000


def pg_admin(*statements: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as server:
        for statement in statements:
            server.execute(statement)


def process_cpu(pid: int) -> float | None:
    """CPU seconds a local process has used (user + system), from /proc."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class ServerCpu:
    """CPU seconds used by the PostgreSQL server processes serving one database.

    The import writes over several connections (one per worker process), each served
    by its own server process that ends with it; a thread samples them every quarter
    second. A process first seen during the run is counted from zero.
    """

    def __init__(self, database: str):
        import psycopg

        self.database = database
        self.watcher = psycopg.connect(f"{PG_SERVER}/{database}", autocommit=True)
        self.initial = {pid: cpu for pid, cpu in self._sample().items()}
        self.last = dict(self.initial)
        self.running = True
        self.thread = threading.Thread(target=self._watch, daemon=True)
        self.thread.start()

    def stop(self) -> float:
        self.running = False
        self.thread.join()
        self.last.update(self._sample())
        self.watcher.close()
        return sum(cpu - self.initial.get(pid, 0.0) for pid, cpu in self.last.items())

    def _watch(self) -> None:
        while self.running:
            self.last.update(self._sample())
            time.sleep(0.25)

    def _sample(self) -> dict[int, float]:
        rows = self.watcher.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()"
            " AND backend_type = 'client backend'",
            [self.database],
        ).fetchall()
        found = {pid: process_cpu(pid) for (pid,) in rows}
        return {pid: cpu for pid, cpu in found.items() if cpu is not None}


def measure(paths: list[str], workers: int | None, batch_size: int | None = None) -> dict:
    """Run one import in this (Django-configured) process and time its parts."""
    from django.db import connection

    from cableroom.importing.run import import_cables

    connection.ensure_connection()
    server = (
        ServerCpu(connection.settings_dict["NAME"]) if connection.vendor == "postgresql" else None
    )
    children_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    main_before = time.process_time()
    load = os.getloadavg()[0]
    options = {"batch_size": batch_size} if batch_size else {}
    summary = import_cables(paths=paths, workers=workers, **options)
    main = time.process_time() - main_before
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    workers_cpu = (children.ru_utime + children.ru_stime) - (
        children_before.ru_utime + children_before.ru_stime
    )
    return {
        "read": summary.read,
        "imported": summary.imported,
        "failed": summary.failed,
        "seconds": summary.seconds,
        "main": main,
        "workers": workers_cpu,
        "server": server.stop() if server else None,
        "load": (load + os.getloadavg()[0]) / 2,
    }


def run_one(
    kind: str, url: str, paths: list[str], workers: int | None, rerun: bool, batch_size=None
) -> None:
    """Child mode: configure Django for `url`, migrate, import (twice), print JSON lines."""
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
    os.environ["DJANGO_SETTINGS_MODULE"] = "cableroom.settings"
    sys.path.insert(0, str(ROOT))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", "--noinput", verbosity=0)
    for label in ("first", "re-run") if rerun else ("first",):
        result = measure(paths, workers, batch_size)
        print(json.dumps({"kind": kind, "label": label, **result}), flush=True)


def report(run: dict) -> None:
    read = max(run["read"], 1)
    rate = run["read"] / run["seconds"] if run["seconds"] else 0.0
    per = {name: 1000 * run[name] / read for name in ("main", "workers", "server") if run[name]}
    per["total"] = sum(per.values())
    cpu = "  ".join(f"{name} {value:.2f}" for name, value in per.items())
    target = ""
    if run["kind"] == "postgres" and run["label"] == "first":
        target = "  target 1,000/s " + ("met" if rate >= TARGET else "NOT met")
    print(
        f"{run['kind']:9} {run['label']:7} {run['read']:>9,} records {run['imported']:>9,} new "
        f"{run['seconds']:8.1f} s {rate:7,.0f} records/s  load {run['load']:4.1f}  "
        f"cpu ms/record: {cpu}{target}"
    )
    if run["failed"]:
        print(f"          {run['failed']:,} inputs failed")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", help="inputs (default: the dev corpus)")
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--workers", type=int, default=None, help="parsing processes")
    parser.add_argument("--no-rerun", action="store_true", help="skip the unchanged re-run")
    parser.add_argument(
        "--pg-database",
        default=PG_DATABASE,
        help="scratch database to drop and create (never one holding data you need)",
    )
    parser.add_argument("--batch-size", type=int, default=None, help="records per batch")
    parser.add_argument("--child", nargs=2, metavar=("KIND", "URL"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    paths = [str(Path(path).resolve()) for path in args.paths or [CORPUS]]
    if args.child:
        run_one(*args.child, paths, args.workers, not args.no_rerun, args.batch_size)
        return
    for path in paths:
        if not Path(path).exists():
            sys.exit(f"not found: {path}")
    print(f"inputs: {', '.join(paths)}; {os.cpu_count()} CPUs")
    for kind in args.databases.split(","):
        for run in bench_database(kind, paths, args):
            report(run)


def bench_database(kind: str, paths: list[str], args) -> list:
    """Make a fresh archive of this kind and import into it in a child process."""
    database = args.pg_database
    with tempfile.TemporaryDirectory() as folder:
        if kind == "postgres":
            pg_admin(f"DROP DATABASE IF EXISTS {database}", f"CREATE DATABASE {database}")
            url = f"{PG_SERVER}/{database}"
        else:
            url = f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        command = [sys.executable, __file__, *paths, "--child", kind, url]
        for option, value in (("--workers", args.workers), ("--batch-size", args.batch_size)):
            if value is not None:
                command += [option, str(value)]
        if args.no_rerun:
            command.append("--no-rerun")
        try:
            child = subprocess.run(command, capture_output=True, text=True, check=False)
        finally:
            if kind == "postgres":
                pg_admin(f"DROP DATABASE IF EXISTS {database}")
    lines = [line for line in child.stdout.splitlines() if line.startswith("{")]
    if child.returncode or not lines:
        sys.exit(f"{kind} run failed:\n{child.stdout}\n{child.stderr[-3000:]}")
    return [json.loads(line) for line in lines]


if __name__ == "__main__":
    main()
