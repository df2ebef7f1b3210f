"""Tantivy against PostgreSQL's GIN path (and RUM) on one imported PostgreSQL archive.

Matches are timed in-process through each engine's backend, with the per-process search
cache bypassed: `match_ids` (every matching id, what facet counts and date order need)
and `match_ranked` (ids and ranks, what relevance order needs). Engines take turns
sample by sample after a warm-up, so a change of machine load falls on both. Printed
and written to bench/results/search-engines-<time>.json with the machine's description.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cableroom_tantivy_real \\
        .venv/bin/python bench/search_engines.py --index-dir var/bench-search-index \\
        [--rebuild] [--samples 25] [--rum]
    .venv/bin/python bench/search_engines.py --import-rates bench/data/real-x4-....csv.gz

`--rebuild` times `rebuild_index` into the folder (cables/s). `--rum` builds a copy of
the search table with a RUM index (Debian postgresql-15-rum), times the build and the
same queries on it. `--import-rates DUMP` imports DUMP into a scratch database
(cableroom_tantivy_import, dropped and made again for each run) five ways, in turns:
as before issue 19 (vectors and their GIN index maintained), without the GIN index,
without the database's full-text structures at all, and the first and last of those
with a Tantivy index kept in step by the import (`--way NAME` picks some).
"""

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script
    sys.path.insert(0, str(ROOT))

from bench.import_speed import ServerCpu  # noqa: E402
from bench.report import machine_description  # noqa: E402
from bench.stats import Summary  # noqa: E402

QUERIES = ['"prime minister"', "government", "nucl*", "heroin", '"nuclear program" iran']
PG_SERVER = "postgres://postgres@127.0.0.1:5432"
IMPORT_DATABASE = "cableroom_tantivy_import"
RESULTS = ROOT / "bench" / "results"
RUM_TABLE = "bench_cable_search_rum"


def setup_django() -> None:
    os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cableroom.settings")
    os.environ["SEARCH_CACHE_MB"] = "0"
    import django

    django.setup()


def du(path: Path) -> int:
    return sum(item.stat().st_size for item in path.rglob("*") if item.is_file())


def rebuild(folder: Path) -> dict:
    from cableroom.search.index_updates import rebuild_index

    started, cpu = time.monotonic(), time.process_time()
    count = rebuild_index(folder=folder, fresh=True)
    seconds, cpu = time.monotonic() - started, time.process_time() - cpu
    figures = {
        "cables": count,
        "seconds": round(seconds, 1),
        "cables_per_s": round(count / seconds),
        "process_cpu_ms_per_cable": round(1000 * cpu / max(count, 1), 3),
        "index_bytes": du(folder),
    }
    print(f"rebuild: {figures}", flush=True)
    return figures


class RumEngine:
    """The same queries through a RUM index on a copy of the search table."""

    def __init__(self, connection):
        self.connection = connection

    def build(self) -> dict:
        with self.connection.cursor() as cursor:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS rum")
            cursor.execute(f"DROP TABLE IF EXISTS {RUM_TABLE}")
            cursor.execute(
                f"CREATE TABLE {RUM_TABLE} AS SELECT cable_id, vector FROM cableroom_cable_search"
            )
            cursor.execute("SET maintenance_work_mem = '256MB'")
            started = time.monotonic()
            cursor.execute(
                f"CREATE INDEX {RUM_TABLE}_idx ON {RUM_TABLE} USING rum (vector rum_tsvector_ops)"
            )
            seconds = time.monotonic() - started
            cursor.execute(f"ANALYZE {RUM_TABLE}")
            cursor.execute(f"SELECT pg_relation_size('{RUM_TABLE}_idx')")
            size = cursor.fetchone()[0]
        figures = {"index_build_seconds": round(seconds, 1), "index_bytes": size}
        print(f"rum: {figures}", flush=True)
        return figures

    def match_ids(self, tsquery: str) -> int:
        return len(self._rows(f"SELECT cable_id FROM {RUM_TABLE} WHERE vector @@ %s", tsquery))

    def match_ranked(self, tsquery: str) -> int:
        # RUM's distance from the index itself: the reason to have RUM.
        sql = (
            f"SELECT cable_id, vector <=> q FROM {RUM_TABLE}, to_tsquery('english', %s) q "
            "WHERE vector @@ q ORDER BY vector <=> q"
        )
        return len(self._rows(sql, tsquery, plain=False))

    def _rows(self, sql: str, tsquery: str, plain: bool = True) -> list:
        if plain:
            sql = sql.replace("%s", "to_tsquery('english', %s)")
        with self.connection.cursor() as cursor:
            cursor.execute("SET enable_seqscan = off")
            cursor.execute(sql, [tsquery])
            rows = cursor.fetchall()
            cursor.execute("RESET enable_seqscan")
            return rows


def engines(folder: Path, rum: bool):
    from django.db import connection

    from cableroom.search.backends.postgres import PostgresBackend
    from cableroom.search.backends.tantivy_index import open_reader
    from cableroom.search.backends.tantivy_search import TantivyBackend

    gin = PostgresBackend(connection)
    gin.configure_connection()
    tantivy = TantivyBackend(gin, open_reader(folder))
    sides = {"gin": gin, "tantivy": tantivy}
    if rum:
        sides["rum"] = RumEngine(connection)
    return sides


def time_queries(sides: dict, samples: int) -> list[dict]:
    from cableroom.search import parse_query
    from cableroom.search.backends.postgres import PostgresBackend

    results = []
    for text in QUERIES:
        tree = parse_query(text).tree
        tsquery = PostgresBackend(None).compile(tree)
        row = {"query": text}
        for kind in ("match_ids", "match_ranked"):
            calls = {name: _call(side, kind, tree, tsquery) for name, side in sides.items()}
            found = {name: call() for name, call in calls.items()}  # warm-up
            timings = {name: [] for name in sides}
            for _ in range(samples):
                for name, call in calls.items():
                    started = time.perf_counter()
                    call()
                    timings[name].append(time.perf_counter() - started)
            row[kind] = {
                name: {**Summary.of(values).as_dict(), "matches": found[name]}
                for name, values in timings.items()
            }
            line = "  ".join(
                f"{name} {Summary.of(values).median_ms:7.1f} / {Summary.of(values).p95_ms:7.1f} ms"
                f" ({found[name]:,})"
                for name, values in timings.items()
            )
            print(f"{text:26} {kind:12} {line}", flush=True)
        results.append(row)
    return results


def _call(side, kind: str, tree, tsquery: str):
    if hasattr(side, "compile"):
        method = getattr(side, kind)

        def call():
            answer = method(tree)
            return len(answer[0] if isinstance(answer, tuple) else answer)

        return call
    return lambda: getattr(side, kind)(tsquery)


def _children_cpu() -> float:
    """CPU seconds of this process's finished children (an import and its workers)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def import_rates(dump: Path, rounds: int, chosen: list[str]) -> list[dict]:
    """Import `dump` into a fresh scratch database each way, the ways in turns."""
    import psycopg

    no_vectors = [
        "DROP TRIGGER cableroom_cable_search_insert ON cableroom_cable",
        "DROP INDEX cable_search_gin",
    ]
    # way -> (statements after migrating, whether a Tantivy index is kept in step)
    ways = {
        "vectors and GIN (today)": ([], False),
        "vectors, no GIN": (["DROP INDEX cable_search_gin"], False),
        "no database full-text": (no_vectors, False),
        "vectors and GIN + Tantivy": ([], True),
        "Tantivy only": (no_vectors, True),
    }
    ways = {way: ways[way] for way in chosen or ways}
    runs = []
    url = f"{PG_SERVER}/{IMPORT_DATABASE}"
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "SECRET_KEY": "bench-only-not-secret",
        "SEARCH_ENGINE": "database",
    }
    for round_number in range(rounds):
        for way, (statements, tantivy) in ways.items():
            with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as server:
                server.execute(f"DROP DATABASE IF EXISTS {IMPORT_DATABASE}")
                server.execute(f"CREATE DATABASE {IMPORT_DATABASE}")
            manage = [sys.executable, str(ROOT / "manage.py")]
            subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, check=True)
            with psycopg.connect(url, autocommit=True) as database:
                for statement in statements:
                    database.execute(statement)
            with tempfile.TemporaryDirectory() as folder:
                run_env = {**env, "SEARCH_INDEX_DIR": folder}
                if tantivy:  # an empty, complete index, kept in step by the import
                    run_env["SEARCH_ENGINE"] = "auto"
                    subprocess.run(
                        [*manage, "rebuild_search_index", "--no-progress"],
                        env=run_env,
                        check=True,
                        stdout=subprocess.DEVNULL,
                    )
                load = os.getloadavg()[0]
                server = ServerCpu(IMPORT_DATABASE)
                children = _children_cpu()
                started = time.monotonic()
                subprocess.run(
                    [*manage, "import_cables", "--no-progress", str(dump)],
                    env=run_env,
                    check=True,
                    stdout=subprocess.DEVNULL,
                )
            seconds = time.monotonic() - started
            client_cpu, server_cpu = _children_cpu() - children, server.stop()
            with psycopg.connect(url) as database:
                cables = database.execute("SELECT count(*) FROM cableroom_cable").fetchone()[0]
            run = {
                "round": round_number,
                "way": way,
                "cables": cables,
                "seconds": round(seconds, 1),
                "cables_per_s": round(cables / seconds),
                # CPU per cable does not depend on what else the machine runs.
                "import_cpu_ms_per_cable": round(1000 * client_cpu / cables, 3),
                "postgres_cpu_ms_per_cable": round(1000 * server_cpu / cables, 3),
                "load": round((load + os.getloadavg()[0]) / 2, 1),
            }
            print(f"import: {run}", flush=True)
            runs.append(run)
    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as server:
        server.execute(f"DROP DATABASE IF EXISTS {IMPORT_DATABASE}")
    for way in ways:
        mine = [run for run in runs if run["way"] == way]
        rate = statistics.median(run["cables_per_s"] for run in mine)
        cpu = statistics.median(
            run["import_cpu_ms_per_cable"] + run["postgres_cpu_ms_per_cable"] for run in mine
        )
        print(f"{way:28} median {rate:,.0f} cables/s, {cpu:.2f} ms CPU/cable over {len(mine)}")
    return runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index-dir", type=Path, default=ROOT / "var" / "bench-search-index")
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--samples", type=int, default=25)
    parser.add_argument("--rum", action="store_true")
    parser.add_argument("--import-rates", type=Path, metavar="DUMP")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--way", action="append", default=[], help="only these import ways")
    args = parser.parse_args()
    started = time.time()
    data: dict = {"started_at": started, "machine": machine_description()}
    if args.import_rates:
        setup_django()
        data["import_rates"] = import_rates(args.import_rates.resolve(), args.rounds, args.way)
    else:
        setup_django()
        from django.db import connection

        from cableroom.search.backends.tantivy_index import read_state

        connection.ensure_connection()
        data["database"] = connection.settings_dict["NAME"]
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM cableroom_cable")
            data["cables"] = cursor.fetchone()[0]
            cursor.execute("SHOW server_version")
            data["machine"]["postgresql"] = cursor.fetchone()[0]
        state = read_state(args.index_dir)
        if args.rebuild or state is None or not state.complete:
            data["rebuild"] = rebuild(args.index_dir)
        sides = engines(args.index_dir, args.rum)
        if args.rum:
            data["rum"] = sides["rum"].build()
        data["samples"] = args.samples
        data["queries"] = time_queries(sides, args.samples)
    data["machine"]["load_average_after"] = [round(value, 2) for value in os.getloadavg()]
    stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime(started))
    RESULTS.mkdir(parents=True, exist_ok=True)
    kind = "import-rates" if args.import_rates else "search-engines"
    path = RESULTS / f"{kind}-{stamp}.json"
    path.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    print(f"results: {path}")


if __name__ == "__main__":
    main()
