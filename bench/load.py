"""Load test: gunicorn with the production settings on PostgreSQL, a realistic mix, 60 s.

    .venv/bin/python bench/load.py [--database-url postgres://...] [--clients 50]
        [--seconds 60] [--workers 5] [--threads 2] [--warmup 30] [--skew 1.0 | --uniform]
    (or `make load LOAD_ARGS="..."`)

The database must hold the synthetic corpus, e.g. 250,000 cables:
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cableroom_load SECRET_KEY=x \\
        .venv/bin/python manage.py migrate && ... manage.py generate_cables --count 250000 \\
        --seed 1 --format db

What it does: collectstatic into var/load-static, starts gunicorn on 127.0.0.1 only
with the harness's production settings (bench/servers.py: DEBUG off, the production
middleware; no TLS on loopback, so SECURE_SSL_REDIRECT=0) and threaded workers,
samples real ids, tags, posts, years and words from the database, warms every worker
up for 30 s (each builds its browse index once, a few seconds of CPU apiece on a busy
machine; the page cache fills as a running site's would), then drives 50 keep-alive
clients for 60 s and prints requests/s, p50/p95/p99 latency, errors, and the CPU each
side used.

Popularity: by default cables, search words, tags, posts and page numbers follow a
Zipf law (skew 1.0, see bench/load_mix.py): a few are asked for far more often than
the rest, as on any public site. `--uniform` (skew 0) asks for every value equally
often, which leaves the page cache (cableroom/web/page_cache.py) little to reuse; report
both. The skew is printed with the mix and the results.

The per-client rate limit is off for the run (production_env sets
RATE_LIMIT_PER_MINUTE=0): every client here is 127.0.0.1, so the limit would measure
itself, not the site.
"""

import argparse
import os
import sys
import tempfile
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.http_load import Run, drive, percentile  # noqa: E402
from bench.load_cpu import CpuMeter, with_application_name  # noqa: E402
from bench.load_mix import DEFAULT_SKEW, WEIGHTS, sample_mix  # noqa: E402
from bench.servers import HOST, Server, collectstatic, free_port, production_env  # noqa: E402

DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/cableroom_load"
TARGET_RPS = 300


def main() -> int:
    args = parse_args()
    # The server's connections carry a name of their own, so the CPU meter counts its
    # PostgreSQL backends and not another benchmark's on the same database.
    application_name = f"cableroom-load-{os.getpid()}"
    server_url = with_application_name(args.database_url, application_name)
    env = production_env(server_url, ROOT / "var" / "load-static")
    env["CONN_MAX_AGE"] = "600"
    collectstatic(env)
    mix = sample_mix(args.database_url, weights=dict(args.weight), skew=args.skew)
    print(f"Mix sampled: {mix.describe()}", flush=True)
    if not has_statistics(args.database_url):
        print(NO_STATISTICS, flush=True)
    # An empty page cache of its own, so no earlier run's pages count for this one;
    # the warm-up fills it as a running site's traffic would.
    with tempfile.TemporaryDirectory(prefix="cableroom-load-pages-") as pages:
        env["PAGE_CACHE_DIR"] = pages
        if args.no_page_cache:
            env["PAGE_CACHE_MAX_ENTRIES"] = "0"
        run_load(args, env, mix, application_name)
    return 0


def run_load(args, env: dict[str, str], mix, application_name: str) -> None:
    with gunicorn_gthread(args, env) as server:
        print(f"Warming up {args.warmup:.0f} s ...", flush=True)
        drive(server.base, mix.next_request, clients=args.clients, seconds=args.warmup, seed=99)
        meter = CpuMeter(
            gunicorn_pid=server.process.pid,
            database_url=args.database_url,
            application_name=application_name,
        )
        print(f"Measuring {args.seconds:.0f} s at {args.clients} clients ...", flush=True)
        load_before = os.getloadavg()
        run = drive(server.base, mix.next_request, clients=args.clients, seconds=args.seconds)
        report(run, meter.since_start(), args, mix.describe())
        print(f"  load average (1/5/15 min) before: {_loads(load_before)}, after: "
              f"{_loads(os.getloadavg())}")  # fmt: skip


def _loads(loads: tuple[float, float, float]) -> str:
    return " ".join(f"{load:.2f}" for load in loads)


NO_STATISTICS = (
    "Note: cableroom_cable has never been analyzed (autovacuum off?): PostgreSQL plans "
    "without statistics,\n  which makes some queries (the cable page's prefetches) far "
    "slower than on a production server.\n  `ANALYZE` the database, as autovacuum would, "
    "for production-like figures."
)


def has_statistics(database_url: str) -> bool:
    """Whether the planner has statistics for the cable table (ANALYZE has run)."""
    with psycopg.connect(database_url) as connection:
        row = connection.execute(
            "SELECT coalesce(last_analyze, last_autoanalyze) IS NOT NULL "
            "FROM pg_stat_user_tables WHERE relname = 'cableroom_cable'"
        ).fetchone()
    return bool(row and row[0])


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    database = os.environ.get("LOAD_DATABASE_URL", DEFAULT_DATABASE)
    parser.add_argument("--database-url", default=database)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--warmup", type=float, default=30.0)
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 1) * 2 + 1)
    parser.add_argument("--threads", type=int, default=2, help="gthread threads per worker")
    parser.add_argument(
        "--skew",
        type=float,
        default=DEFAULT_SKEW,
        help=f"Zipf exponent of popularity (default {DEFAULT_SKEW:g}; 0: uniform)",
    )
    parser.add_argument(
        "--uniform",
        dest="skew",
        action="store_const",
        const=0.0,
        help="every cable, word, tag and post equally likely (same as --skew 0)",
    )
    parser.add_argument(
        "--no-page-cache",
        action="store_true",
        help="run with the page cache off (PAGE_CACHE_MAX_ENTRIES=0), to see what it saves",
    )
    parser.add_argument(
        "--weight",
        type=_weight,
        action="append",
        default=[],
        metavar="KIND=N",
        help="change one kind's share of the mix, e.g. search=0 (kinds: "
        + ", ".join(WEIGHTS)
        + ")",
    )
    return parser.parse_args()


def _weight(text: str) -> tuple[str, int]:
    kind, _, number = text.partition("=")
    if kind not in WEIGHTS or not number.isdigit():
        raise argparse.ArgumentTypeError(f"expected KIND=N with KIND one of {list(WEIGHTS)}")
    return kind, int(number)


def gunicorn_gthread(args, env: dict[str, str]) -> Server:
    """gunicorn with threaded workers, which keep connections alive as browsers expect."""
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "cableroom.wsgi:application"]
    command += [
        f"--bind={HOST}:{port}",
        f"--workers={args.workers}",
        "--worker-class=gthread",
        f"--threads={args.threads}",
        "--keep-alive=5",
        "--backlog=512",
        "--limit-request-line=0",
    ]
    return Server("gunicorn", command, port, env, "/healthz")


def report(run: Run, cpu: dict[str, float], args, mix: str) -> None:
    """The figures: throughput, latency percentiles, errors, per-kind and CPU."""
    samples = run.samples
    errors = [s for s in samples if s.status == 0 or s.status >= 400]
    latencies = sorted(s.seconds for s in samples)
    rate = len(samples) / run.seconds if run.seconds else 0.0
    print()
    print(f"Mix: {mix}")
    cache = "off" if args.no_page_cache else "on (shared file cache, empty at start)"
    print(f"Page cache: {cache}")
    print(f"{len(samples):,} requests in {run.seconds:.1f} s at {args.clients} clients "
          f"({args.workers} workers x {args.threads} threads)")  # fmt: skip
    print(f"requests/s: {rate:,.0f}   (target {TARGET_RPS})")
    print("latency ms: " + "  ".join(
        f"p{int(q * 100)} {percentile(latencies, q) * 1000:,.1f}" for q in (0.5, 0.95, 0.99)
    ))  # fmt: skip
    print(f"errors: {len(errors)}" + (f" {_error_kinds(errors, run)}" if errors else ""))
    print(f"\n{'kind':<12}{'requests':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'KB avg':>9}")
    for kind in sorted({s.kind for s in samples}):
        mine = [s for s in samples if s.kind == kind]
        times = sorted(s.seconds for s in mine)
        print(
            f"{kind:<12}{len(mine):>9,}{percentile(times, 0.5) * 1000:>9.1f}"
            f"{percentile(times, 0.95) * 1000:>9.1f}{percentile(times, 0.99) * 1000:>9.1f}"
            f"{sum(s.size for s in mine) / len(mine) / 1024:>9.1f}"
        )
    print("\nCPU seconds used during the run (2 cores = 2 s per second):")
    for who, seconds in cpu.items():
        print(
            f"  {who:<28}{seconds:>7.1f} s  ({seconds / run.seconds * 100:.0f}% of one core, "
            f"{seconds / max(1, len(samples)) * 1000:.1f} ms per request)"
        )
    # What the machine could serve if the site had both cores to itself: the figure to
    # compare between runs on a shared machine, where other work takes cores at random.
    ours = sum(cpu.get(who, 0.0) for who in ("gunicorn workers", "postgres backends"))
    if ours and samples:
        cores = os.cpu_count() or 1
        print(
            f"  server side (gunicorn + postgres): {ours / len(samples) * 1000:.1f} ms CPU per "
            f"request, so {cores} idle cores could serve about "
            f"{cores * len(samples) / ours:,.0f} requests/s"
        )


def _error_kinds(errors, run: Run) -> str:
    statuses: dict[str, int] = {}
    for sample in errors:
        key = str(sample.status) if sample.status else "failed"
        statuses[key] = statuses.get(key, 0) + 1
    return f"{statuses} {run.failures or ''}".strip()


if __name__ == "__main__":
    raise SystemExit(main())
