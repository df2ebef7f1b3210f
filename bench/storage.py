"""Storage per cable: the size of every table and index of a loaded PostgreSQL archive,
and the in-process browse index's build time and memory. Figures for docs/scaling.md.

    .venv/bin/python bench/storage.py --database-url postgres://.../cableroom_load \\
        [--browse-index] [--builds 3]

The database must hold a corpus, e.g. `generate_cables --count 250000 --seed 1 --format db`
(see the README). Sizes come from PostgreSQL's own accounting (pg_relation_size,
pg_indexes_size, pg_total_relation_size) after a VACUUM ANALYZE, which this script runs
first so that visibility maps and statistics are as a settled archive's. Prints a table
and writes bench/results/storage-<time>.json with the machine's description.
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.report import RESULTS_DIR, machine_description  # noqa: E402

COUNTS = {
    "cables": "SELECT count(*) FROM cableroom_cable",
    "public cables": "SELECT count(*) FROM cableroom_cable WHERE withdrawn_at IS NULL",
    "versions": "SELECT count(*) FROM cableroom_cableversion",
    "paragraphs": "SELECT count(*) FROM cableroom_paragraph",
    "addressees": "SELECT count(*) FROM cableroom_addressee",
    "cable tags": "SELECT count(*) FROM cableroom_cabletag",
    "caveats": "SELECT count(*) FROM cableroom_cable_caveats",
    "references": "SELECT count(*) FROM cableroom_reference",
}
TABLES = """
SELECT c.relname,
       pg_relation_size(c.oid),
       coalesce(pg_total_relation_size(c.reltoastrelid), 0),
       pg_indexes_size(c.oid),
       pg_total_relation_size(c.oid)
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind = 'r' AND n.nspname = 'public' AND c.relname LIKE 'cableroom%%'
ORDER BY pg_total_relation_size(c.oid) DESC
"""
INDEXES = """
SELECT i.relname, t.relname, am.amname, pg_relation_size(i.oid)
FROM pg_index x
JOIN pg_class i ON i.oid = x.indexrelid
JOIN pg_class t ON t.oid = x.indrelid
JOIN pg_am am ON am.oid = i.relam
JOIN pg_namespace n ON n.oid = t.relnamespace
WHERE n.nspname = 'public' AND t.relname LIKE 'cableroom%%'
ORDER BY pg_relation_size(i.oid) DESC
"""
# What a cable's text costs before and after PostgreSQL compresses it into TOAST.
TEXT = """
SELECT avg(octet_length(raw_text)), avg(pg_column_size(raw_text))
FROM cableroom_cableversion
"""
MB = 1024 * 1024


def measure_database(url: str) -> dict:
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")
        counts = {name: connection.execute(sql).fetchone()[0] for name, sql in COUNTS.items()}
        tables = [
            dict(zip(["table", "heap", "toast", "indexes", "total"], row, strict=True))
            for row in connection.execute(TABLES).fetchall()
        ]
        indexes = [
            dict(zip(["index", "table", "method", "bytes"], row, strict=True))
            for row in connection.execute(INDEXES).fetchall()
        ]
        raw, stored = connection.execute(TEXT).fetchone()
        database = connection.execute("SELECT pg_database_size(current_database())").fetchone()
        version = connection.execute("SHOW server_version").fetchone()[0]
    return {
        "postgresql": version,
        "counts": counts,
        "database_bytes": database[0],
        "tables": tables,
        "indexes": indexes,
        "raw_text_bytes_per_version": float(raw or 0),
        "raw_text_stored_bytes_per_version": float(stored or 0),
    }


def _rss_bytes() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


def _array_bytes(value, seen: set[int]) -> int:
    """Bytes held by the numpy arrays reachable from the index's fields."""
    import numpy as np

    if id(value) in seen:
        return 0
    seen.add(id(value))
    if isinstance(value, np.ndarray):
        return value.nbytes
    if hasattr(value, "__dict__"):
        return sum(_array_bytes(item, seen) for item in vars(value).values())
    return 0


def measure_browse_index(url: str, builds: int) -> dict:
    """Build the index as a web worker does, `builds` times; time and memory."""
    os.environ.update(DATABASE_URL=url, DJANGO_SETTINGS_MODULE="cableroom.settings")
    os.environ.setdefault("SECRET_KEY", "storage-benchmark-only")
    import django

    django.setup()
    from cableroom.browse.index import build_index, current_generation

    generation = current_generation()
    before = _rss_bytes()
    seconds, index = [], None
    for _ in range(builds):
        index = None  # the previous copy goes first, as in a worker
        started = time.perf_counter()
        index = build_index(generation)
        seconds.append(time.perf_counter() - started)
    return {
        "cables": index.size,
        "build_seconds": [round(value, 3) for value in seconds],
        "build_seconds_median": round(statistics.median(seconds), 3),
        "array_bytes": _array_bytes(index, set()),
        "rss_growth_bytes": _rss_bytes() - before,
    }


def report(data: dict) -> str:
    cables = data["counts"]["cables"] or 1
    lines = [f"{name}: {value:,}" for name, value in data["counts"].items()]
    lines.append(
        f"database: {data['database_bytes'] / MB:,.0f} MB, "
        f"{data['database_bytes'] / cables:,.0f} bytes per cable"
    )
    lines.append(
        f"raw text per version: {data['raw_text_bytes_per_version']:,.0f} bytes, "
        f"{data['raw_text_stored_bytes_per_version']:,.0f} stored (compressed)"
    )
    lines.append("")
    lines.append(f"{'table':32} {'heap MB':>9} {'toast MB':>9} {'index MB':>9} {'B/cable':>9}")
    for table in data["tables"]:
        if table["total"] < MB:
            continue
        lines.append(
            f"{table['table']:32} {table['heap'] / MB:9,.1f} {table['toast'] / MB:9,.1f} "
            f"{table['indexes'] / MB:9,.1f} {table['total'] / cables:9,.0f}"
        )
    lines.append("")
    lines.append(f"{'index':48} {'method':6} {'MB':>8} {'B/cable':>8}")
    for index in data["indexes"]:
        if index["bytes"] < MB:
            continue
        lines.append(
            f"{index['index'][:48]:48} {index['method']:6} {index['bytes'] / MB:8,.1f} "
            f"{index['bytes'] / cables:8,.0f}"
        )
    browse = data.get("browse_index")
    if browse:
        lines.append("")
        arrays, growth = browse["array_bytes"] / MB, browse["rss_growth_bytes"] / MB
        lines.append(
            f"browse index: {browse['cables']:,} cables, build {browse['build_seconds']} s "
            f"(median {browse['build_seconds_median']} s), arrays {arrays:,.1f} MB, "
            f"worker RSS +{growth:,.0f} MB"
        )
    return "\n".join(lines)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--browse-index", action="store_true", help="also build the index")
    parser.add_argument("--builds", type=int, default=3)
    args = parser.parse_args(argv)
    started = time.time()
    data = measure_database(args.database_url)
    if args.browse_index:
        data["browse_index"] = measure_browse_index(args.database_url, args.builds)
    data["machine"] = machine_description(data["postgresql"])
    data["started_at"] = started
    print(report(data))
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime(started))
    path = RESULTS_DIR / f"storage-{stamp}.json"
    path.write_text(json.dumps(data, indent=1, default=str) + "\n", encoding="utf-8")
    print(f"\nwritten to {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
