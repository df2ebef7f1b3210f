"""Server time of the cable page (and its other forms) with a large archive on PostgreSQL.

Fills a database with synthetic cables shaped like real ones (8 paragraphs, 5 tags,
4 addressees, a caveat, 3 references of which 2 resolve and each cable cited by 2
others, 12 nearest cables stored for "More like this") by SQL `generate_series`, which
takes minutes where the importer would take much longer; then requests pages in-process
through Django's test client (no network, full middleware and templates) and prints the
median and 95th percentile of wall and CPU time and the query count of each. Targets
(issue 19): page 6 ms, `.json` 4 ms.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cableroom_reading \\
        .venv/bin/python bench/cable_page.py [--scale 250000] [--requests 300] \\
        [--baseline main] [--rounds 2] [--only "cable page"]

`--baseline REF` times the code of a git commit too, in one run: its tree is exported
to a temporary folder and each round times it, then this checkout, each in a process
of its own over the same database and the same cables (no migration may lie between
them). The bench cables carry `parser_version = 'bench'` and are added only up to
`--scale`; `--drop` deletes them. Uses tests.settings (the production settings with a
throwaway key and plain static files, so no collectstatic is needed).
"""

import argparse
import io
import json
import logging
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# The code timed: this checkout, or a baseline's exported tree (--code-root).
CODE_ROOT = os.environ.get("CABLE_PAGE_CODE_ROOT", str(ROOT))
sys.path.insert(0, CODE_ROOT)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/cableroom_reading")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

TARGETS_MS = {"cable page": 6, "cable .json": 4}
BENCH = "bench"

CABLES_SQL = """
WITH posts AS (
    SELECT array_agg(id ORDER BY id) AS ids,
           array_agg(coalesce(nullif(split_part(station_codes, ' ', 1), ''), 'BENCH')
                     ORDER BY id) AS codes
    FROM cableroom_post
), numbered AS (
    SELECT n, 1 + (n * 7919) %% cardinality(ids) AS p, 1966 + (n * 31) %% 45 AS y, ids, codes
    FROM generate_series(%(start)s, %(stop)s) AS g(n), posts
)
INSERT INTO cableroom_cable (
    reference_id, date_time, year, month, date_time_group, precedence, transmission_id,
    sender_routing_indicator, origin_id, from_line, classification, sections, eo_line,
    declassify_on, classified_by, classification_reasons, subject, summary, body, signer,
    warnings, warning_count, source_metadata, version_count, is_synthetic, curated_fields,
    withdrawal_reason, parser_version, created_at, updated_at)
SELECT lpad((y %% 100)::text, 2, '0') || codes[p] || n,
       make_timestamptz(y, 1 + n %% 12, 1 + n %% 28, n %% 24, n %% 60, 0, 'UTC'),
       y, 1 + n %% 12, 'P 191331Z APR 06', 'PRIORITY', 'VZCZCXRO' || n, 'RUEHAST', ids[p],
       'AMEMBASSY ' || codes[p],
       (ARRAY['UNCLASSIFIED', 'CONFIDENTIAL', 'SECRET//NOFORN',
              'UNCLASSIFIED//FOR OFFICIAL USE ONLY'])[1 + n %% 4],
       1, 'E.O. 12958: DECL: 04/19/2016', '04/19/2016', 'Ambassador A. Bench',
       '1.4 (b) and (d)', 'SYNTHETIC BENCH SUBJECT NUMBER ' || n, '',
       repeat(md5(n::text) || ' bench words ', 150), 'BENCH', '[]', 0, '{}', 1, true, '[]',
       '', %(bench)s, now(), now()
FROM numbered
"""

VERSIONS_SQL = (
    """
INSERT INTO cableroom_cableversion (cable_id, raw_text, raw_sha256, encoding, source_format,
    source_path, source_id, source_metadata, imported_at)
SELECT id, subject || E'\\n\\n' || body, encode(sha256(convert_to(body, 'UTF8')), 'hex'),
       'utf-8', 'text', 'bench/' || reference_id, '', '{}', now()
FROM cableroom_cable WHERE parser_version = %(bench)s AND current_version_id IS NULL
""",
    """
UPDATE cableroom_cable AS c SET current_version_id = v.id
FROM cableroom_cableversion AS v
WHERE v.cable_id = c.id AND c.parser_version = %(bench)s AND c.current_version_id IS NULL
""",
)

PARTS_SQL = """
INSERT INTO cableroom_paragraph (cable_id, position, number, marking, text)
SELECT c.id, k, k + 1, (ARRAY['U', 'SBU', 'C', 'S/NF'])[1 + (c.id + k) % 4],
       repeat(md5((c.id * 10 + k)::text) || ' paragraph text, ', 12)
FROM new_cables AS c, generate_series(0, 7) AS k;

WITH tags AS (SELECT array_agg(id ORDER BY id) AS ids FROM cableroom_tag)
INSERT INTO cableroom_cabletag (cable_id, tag_id, position)
SELECT c.id, ids[1 + (c.id + k * 811) % cardinality(ids)], k
FROM new_cables AS c, generate_series(0, 4) AS k, tags;

WITH posts AS (SELECT array_agg(id ORDER BY id) AS ids FROM cableroom_post)
INSERT INTO cableroom_addressee (cable_id, post_id, role, name, routing_indicator,
    precedence, serial, position)
SELECT c.id, ids[1 + (c.id + k * 13) % cardinality(ids)],
       CASE WHEN k = 0 THEN 'TO' ELSE 'INFO' END, 'AMEMBASSY BENCH ' || k, 'RUEHB' || k,
       'PRIORITY', lpad(k::text, 4, '0'), k
FROM new_cables AS c, generate_series(0, 3) AS k, posts;

WITH caveats AS (
    SELECT array_agg(id ORDER BY id) AS ids FROM cableroom_marking WHERE kind = 'caveat'
)
INSERT INTO cableroom_cable_caveats (cable_id, marking_id)
SELECT c.id, ids[1 + c.id % cardinality(ids)] FROM new_cables AS c, caveats;

INSERT INTO cableroom_reference (cable_id, target_reference_id, label, notal, text, position)
SELECT c.id,
       CASE WHEN k < 2 THEN coalesce(t.reference_id, '99MISSING' || c.id)
            ELSE '99MISSING' || (c.id % 5000) END,
       chr(65 + k), k = 2, 'REF ' || k, k
FROM new_cables AS c CROSS JOIN generate_series(0, 2) AS k
LEFT JOIN cableroom_cable AS t ON t.id = c.id - k - 1;

-- "More like this": twelve nearest cables stored a cable, as embed_cables leaves them.
INSERT INTO cableroom_similarcable (cable_id, similar_id, rank, score)
SELECT c.id, t.id, k, 1 - k / 100.0
FROM new_cables AS c CROSS JOIN generate_series(1, 12) AS k
JOIN cableroom_cable AS t ON t.id = c.id - k;
"""


def bench_count() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM cableroom_cable WHERE parser_version = %s", [BENCH])
        return cursor.fetchone()[0]


def populate(scale: int, batch: int = 50_000) -> None:
    """Add bench cables until there are `scale` of them, a batch per transaction."""
    have = bench_count()
    while have < scale:
        stop = min(scale, have + batch)
        started = time.monotonic()
        with transaction.atomic(), connection.cursor() as cursor:
            params = {"start": have + 1, "stop": stop, "bench": BENCH}
            cursor.execute("SELECT coalesce(max(id), 0) FROM cableroom_cable")
            first_id = cursor.fetchone()[0]
            cursor.execute(CABLES_SQL, params)
            cursor.execute(
                "CREATE TEMP TABLE new_cables ON COMMIT DROP AS SELECT id FROM cableroom_cable "
                "WHERE id > %s AND parser_version = %s",
                [first_id, BENCH],
            )
            for statement in VERSIONS_SQL:
                cursor.execute(statement, params)
            # Several statements in one call: only without parameters (simple protocol).
            cursor.execute(PARTS_SQL)
        have = stop
        print(f"  {have:,} bench cables ({time.monotonic() - started:.1f} s for this batch)")
    with connection.cursor() as cursor:
        # As autovacuum would in time: statistics, and the visibility map index-only scans need.
        cursor.execute("VACUUM ANALYZE")


def drop() -> None:
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM cableroom_cable WHERE parser_version = %s", [BENCH])


@dataclass
class Timings:
    """Wall-clock and this process's CPU milliseconds per request, and what came back."""

    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    queries: int = 0
    statuses: set[int] = field(default_factory=set)


def time_requests(client: Client, paths: list[str]) -> Timings:
    """Time each request; count the queries of the first (the others are alike)."""
    timings = Timings()
    client.get(paths[0])  # warm what the shape needs once (the browse index, for a search)
    with CaptureQueriesContext(connection) as queries:
        timings.statuses.add(client.get(paths[0]).status_code)
    timings.queries = len(queries.captured_queries)
    for path in paths:
        wall, cpu = time.perf_counter(), time.process_time()
        timings.statuses.add(client.get(path).status_code)
        timings.cpu.append((time.process_time() - cpu) * 1000)
        timings.wall.append((time.perf_counter() - wall) * 1000)
    return timings


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]


def summary(name: str, timings: Timings) -> dict:
    """Median and p95 of wall and CPU milliseconds, the queries and the statuses of a shape."""
    return {
        "shape": name,
        "wall_median": statistics.median(timings.wall),
        "wall_p95": percentile(timings.wall, 0.95),
        "cpu_median": statistics.median(timings.cpu),
        "cpu_p95": percentile(timings.cpu, 0.95),
        "queries": timings.queries,
        "statuses": sorted(timings.statuses),
        "n": len(timings.wall),
    }


def report(row: dict, code: str = "") -> None:
    """One line: wall and CPU median / p95 of the Django process, queries, statuses."""
    target = TARGETS_MS.get(row["shape"])
    print(
        f"{row['shape']:<24}{code:<10} wall {row['wall_median']:6.1f} / {row['wall_p95']:6.1f} ms"
        f"  cpu {row['cpu_median']:5.1f} / {row['cpu_p95']:5.1f} ms"
        f"  queries {row['queries']:2d}  status {row['statuses']}  n={row['n']}"
        + (f"  (target {target} ms)" if target else "")
    )


def sample_ids(count: int) -> list[str]:
    """The same cables on every run, so a baseline and this checkout read alike."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reference_id FROM cableroom_cable WHERE parser_version = %s "
            "ORDER BY md5(reference_id) LIMIT %s",
            [BENCH, count],
        )
        return [row[0] for row in cursor.fetchall()]


def corrected_and_inferred(ids: list[str]) -> tuple[list[str], list[str]]:
    """Half the sampled cables get a curator's correction of subject and tags (history
    rows, as the admin writes them), the other half an id year marked as guessed: what
    the cable page adds for them is one query each (their history, the review state)."""
    from cableroom.curation.edits import edit_cable
    from cableroom.models import Cable

    half = len(ids) // 2
    corrected, inferred = ids[:half], ids[half:]
    for cable in Cable.objects.filter(reference_id__in=corrected, curated_fields=[]):
        edit_cable(
            cable=cable,
            values={"subject": f"{cable.subject} (CORRECTED)", "tags": ["PREL", "KZ"]},
            user=None,
        )
    Cable.objects.filter(reference_id__in=inferred).update(reference_id_inferred=True)
    return corrected, inferred


def measure(requests: int, only: str = "") -> list[dict]:
    logging.getLogger("django.request").setLevel(logging.ERROR)  # 404s are expected here
    client = Client()
    sampled = sample_ids(requests * 2)
    ids = sampled[:requests]
    corrected, inferred = corrected_and_inferred(sampled[requests:])
    tag = "PREL"
    shapes = {
        "cable page": [f"/cable/{rid}/" for rid in ids],
        "cable page, corrected": [f"/cable/{rid}/" for rid in corrected],
        "cable page, id inferred": [f"/cable/{rid}/" for rid in inferred],
        "cable page, search=tag": [f"/cable/{rid}/?search=tag%3D{tag}" for rid in ids],
        "cable .json": [f"/cable/{rid}.json" for rid in ids],
        "cable .txt": [f"/cable/{rid}.txt" for rid in ids],
        "301 lower-case id": [f"/cable/{rid.lower()}/" for rid in ids[:100]],
        "404 unknown id": [f"/cable/{rid}9999/" for rid in ids[:100]],
        "/missing/": ["/missing/"] * 5,
        "/sitemap.xml": ["/sitemap.xml"] * 5,
        "sitemap last page": [f"/sitemap-cables.xml?p={last_sitemap_page()}"] * 3,
    }
    for path in shapes["cable page"][:20]:
        client.get(path)  # warm the connection, templates and caches
    return [
        summary(name, time_requests(client, paths))
        for name, paths in shapes.items()
        if name.startswith(only)
    ]


def last_sitemap_page() -> int:
    from cableroom.views.sitemaps import CABLES_PER_SITEMAP

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM cableroom_cable WHERE withdrawn_at IS NULL")
        return max(1, -(-cursor.fetchone()[0] // CABLES_PER_SITEMAP))


def export_tree(ref: str, folder: str) -> str:
    """The tree of a git commit, written to `folder`: the baseline's code."""
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", "--format=tar", ref],
        check=True,
        capture_output=True,
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    return folder


def measure_in_process(code_root: str, args) -> list[dict]:
    """Run the measurement in a process importing the code at `code_root`."""
    command = [sys.executable, __file__, "--measure-only", "--requests", str(args.requests)]
    command += ["--only", args.only]
    env = {**os.environ, "CABLE_PAGE_CODE_ROOT": code_root}
    done = subprocess.run(command, env=env, check=True, capture_output=True, text=True)
    return [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]


def compare(args) -> None:
    """Each round times the baseline, then this checkout; prints every round's figures."""
    with tempfile.TemporaryDirectory(prefix="cable-page-baseline-") as folder:
        baseline = export_tree(args.baseline, folder)
        for number in range(1, args.rounds + 1):
            print(f"-- round {number}, load average {os.getloadavg()[0]:.1f}")
            for code, root in (("before", baseline), ("after", str(ROOT))):
                rows = measure_in_process(root, args)
                if not rows or not rows[0]["code"].startswith(root):
                    sys.exit(f"The {code} process did not import the code at {root}")
                for row in rows:
                    report(row, code)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=250_000, help="bench cables wanted")
    parser.add_argument("--requests", type=int, default=300, help="cables requested per shape")
    parser.add_argument("--drop", action="store_true", help="delete the bench cables and stop")
    parser.add_argument("--only", default="", help="measure the shapes starting with this")
    parser.add_argument("--baseline", help="a git commit to time before this checkout")
    parser.add_argument("--rounds", type=int, default=2, help="baseline/checkout rounds")
    parser.add_argument("--measure-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("This benchmark needs PostgreSQL: set DATABASE_URL=postgres://...")
    if args.measure_only:  # a process of compare(): figures as JSON lines
        import cableroom

        for row in measure(args.requests, args.only):
            print(json.dumps({**row, "code": str(Path(cableroom.__file__).parent)}))
        return
    call_command("migrate", verbosity=0)
    if args.drop:
        drop()
        return
    print(f"Filling {connection.settings_dict['NAME']} to {args.scale:,} bench cables")
    print(f"Load average now: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    populate(args.scale)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM cableroom_cable")
        print(f"{cursor.fetchone()[0]:,} cables in the archive; wall and cpu: median / p95")
    if args.baseline:
        compare(args)
        return
    for row in measure(args.requests, args.only):
        report(row)


if __name__ == "__main__":
    main()
