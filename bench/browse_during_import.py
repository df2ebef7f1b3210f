"""Browse latency while an import runs: facet pages for 10 readers during `import_cables`.

    .venv/bin/python bench/browse_during_import.py --database-url postgres://.../ARCHIVE
        [--import-path PATH] [--clients 10] [--workers 5] [--threads 2]
        [--baseline 20] [--warmup 10] [--import-workers N] [--batch-size N] [--max-rate N]

The database must already hold an archive (migrated, cables imported). By default the
import is the shared dev dump (`../shared/corpus/cables.csv.gz`) with fresh ids, written
by bench/real_corpus.py's functions into a temporary file as the first copy whose ids
the archive holds none of, so every run adds 8,800 new cables to the same archive.

What it does: collectstatic, then gunicorn with the production settings
(bench/servers.py) and threaded workers as bench/load.py starts it, page cache and
search cache off (a browse page served from either would not show what an import does
to the browse index); warms every worker up; then `clients` keep-alive clients ask for
browse pages with facets (/cables/, ?tag=, ?origin=, ?year=, combinations, deep pages;
bench/load_mix.py's browse shapes with values sampled from the database) for
`--baseline` seconds with no import, then again while `manage.py import_cables PATH`
runs against the same database with the server's SEARCH_INDEX_DIR, until it ends.

It reports both phases (p50/p95/p99/max latency, requests/s, errors), the import's
cables/s, and how many times the browse generation changed during the import: each
change makes every gunicorn worker rebuild its whole browse index on its next request
(cableroom/browse/index.py). The generation is polled every 50 ms, so changes closer
together than that count once. Results go to bench/results/browse-during-import-*.json.
PostgreSQL only: the import runs in a process of its own beside the server.
"""

import argparse
import asyncio
import gzip
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script
    sys.path.insert(0, str(ROOT))

from bench import real_corpus  # noqa: E402
from bench.http_load import Connection, percentile  # noqa: E402
from bench.load_mix import WEIGHTS, sample_mix  # noqa: E402
from bench.postgres import cable_count, server_version  # noqa: E402
from bench.report import RESULTS_DIR, machine_description  # noqa: E402
from bench.servers import HOST, Server, collectstatic, free_port, production_env  # noqa: E402

TARGET_P95_MS = 250
REQUEST_TIMEOUT = 30.0  # a rebuild can stall a worker for seconds; count it, do not drop it
PROGRESS_SECONDS = 5.0
GENERATION_POLL_SECONDS = 0.05
# cableroom/search/schema.py's GENERATION_TABLE, written out: importing it would need
# Django's settings, which this script (a client of the server) does not load.
GENERATION_TABLE = "cableroom_browse_generation"
BROWSE_ONLY = {kind: 0 for kind in WEIGHTS} | {"browse": 1}
_SUMMARY = re.compile(r"read ([\d,]+), imported ([\d,]+)")


@dataclass(frozen=True)
class Sample:
    """One browse request: when it started (seconds into its phase), status, seconds."""

    at: float
    status: int
    seconds: float


@dataclass
class Phase:
    name: str
    samples: list[Sample] = field(default_factory=list)
    seconds: float = 0.0
    generations: list[tuple[float, int]] = field(default_factory=list)  # (at, new value)

    def summary(self) -> dict:
        latencies = sorted(sample.seconds for sample in self.samples)
        errors = sum(1 for s in self.samples if s.status == 0 or s.status >= 400)
        return {
            "requests": len(latencies),
            "seconds": round(self.seconds, 1),
            "requests_per_second": round(len(latencies) / self.seconds, 1) if self.seconds else 0,
            "p50_ms": _ms(percentile(latencies, 0.5)),
            "p95_ms": _ms(percentile(latencies, 0.95)),
            "p99_ms": _ms(percentile(latencies, 0.99)),
            "max_ms": _ms(latencies[-1] if latencies else 0.0),
            "over_target": sum(1 for value in latencies if value * 1000 > TARGET_P95_MS),
            "errors": errors,
            "generation_changes": len(self.generations),
        }


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


class GenerationWatch:
    """Polls the browse generation in a thread and notes each change, with its time."""

    def __init__(self, read: Callable[[], int | None]):
        self.read = read
        self.changes: list[tuple[float, int]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)
        self._last = read()

    def __enter__(self) -> "GenerationWatch":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def _poll(self) -> None:
        while not self._stop.wait(GENERATION_POLL_SECONDS):
            value = self.read()
            if value != self._last:
                self.changes.append((time.monotonic(), value))
                self._last = value


class GenerationReader:
    """The index's own query (cableroom/browse/index.py), on a connection of its own."""

    def __init__(self, database_url: str):
        self.connection = psycopg.connect(database_url, autocommit=True)

    def __call__(self) -> int | None:
        query = f"SELECT sum(generation) FROM {GENERATION_TABLE}"
        row = self.connection.execute(query).fetchone()
        return None if row[0] is None else int(row[0])

    def __enter__(self) -> "GenerationReader":
        return self

    def __exit__(self, *exc) -> None:
        self.connection.close()


async def _client(base: Connection, next_path, rng, phase: Phase, started: float, done) -> None:
    while not done():
        path = next_path(rng)
        at = time.monotonic()
        try:
            status, _headers, _size = await asyncio.wait_for(base.get(path), REQUEST_TIMEOUT)
        except (TimeoutError, OSError, ValueError, IndexError, asyncio.IncompleteReadError):
            await base.close()
            status = 0
        phase.samples.append(Sample(at - started, status, time.monotonic() - at))
    await base.close()


async def _progress(phase: Phase, started: float, done, log, extra) -> None:
    shown = 0
    while not done():
        await asyncio.sleep(0.2)
        if time.monotonic() - started < (shown + 1) * PROGRESS_SECONDS or done():
            continue
        shown += 1
        # By when requests ended, not began: a request stalled for seconds shows in the
        # window it came back in.
        since = time.monotonic() - started - PROGRESS_SECONDS
        recent = sorted(s.seconds for s in phase.samples if s.at + s.seconds >= since)
        log(f"  {phase.name} {time.monotonic() - started:5.0f} s: {len(phase.samples):,} "
            f"requests, {len(recent)} ended in the last {PROGRESS_SECONDS:.0f} s, p95 "
            f"{_ms(percentile(recent, 0.95)):,.0f} ms, max {_ms(recent[-1] if recent else 0):,.0f}"
            f" ms{extra()}")  # fmt: skip


def browse_loop(
    base_url: str,
    next_path: Callable[[random.Random], str],
    phase: Phase,
    *,
    clients: int,
    until: Callable[[], bool],
    log=print,
    extra: Callable[[], str] = str,
    seed: int = 1,
) -> Phase:
    """`clients` keep-alive clients ask for pages, one at a time, until `until()` is true."""
    host, port = base_url.removeprefix("http://").rsplit(":", 1)

    async def main() -> None:
        started = time.monotonic()
        tasks = [
            _client(Connection(host, int(port)), next_path, random.Random(seed + n), phase,
                    started, until)
            for n in range(clients)
        ]  # fmt: skip
        await asyncio.gather(*tasks, _progress(phase, started, until, log, extra))
        phase.seconds = time.monotonic() - started

    asyncio.run(main())
    return phase


def for_seconds(seconds: float) -> Callable[[], bool]:
    deadline = time.monotonic() + seconds
    return lambda: time.monotonic() >= deadline


@dataclass
class ImportRun:
    seconds: float
    returncode: int
    read: int
    imported: int
    output: str

    @property
    def cables_per_second(self) -> float:
        return self.imported / self.seconds if self.seconds else 0.0


def run_phases(
    base_url: str,
    next_path: Callable[[random.Random], str],
    start_import: Callable[[], subprocess.Popen],
    read_generation: Callable[[], int | None],
    *,
    clients: int,
    baseline_seconds: float,
    warmup_seconds: float = 0.0,
    log=print,
) -> tuple[Phase, Phase, ImportRun]:
    """Warm up, browse with no import, then browse while the import runs until it ends."""
    if warmup_seconds > 0:
        log(f"Warming up {warmup_seconds:.0f} s (every worker builds its browse index) ...")
        browse_loop(base_url, next_path, Phase("warm-up"), clients=clients,
                    until=for_seconds(warmup_seconds), log=log)  # fmt: skip
    log(f"Baseline: {clients} clients for {baseline_seconds:.0f} s, no import ...")
    baseline = Phase("baseline")
    with GenerationWatch(read_generation) as watch:
        started = time.monotonic()
        browse_loop(base_url, next_path, baseline, clients=clients,
                    until=for_seconds(baseline_seconds), log=log)  # fmt: skip
    baseline.generations = _relative(watch.changes, started)

    log(f"During the import: {clients} clients until it ends ...")
    during = Phase("import")
    with GenerationWatch(read_generation) as watch:
        started = time.monotonic()
        process = start_import()
        # The pipe is drained in a thread: a full pipe would stall the importer.
        output: list[str] = []
        reader = threading.Thread(target=lambda: output.extend(process.stdout), daemon=True)
        reader.start()
        changes = lambda: f", {len(watch.changes)} generation changes"  # noqa: E731
        browse_loop(base_url, next_path, during, clients=clients,
                    until=lambda: process.poll() is not None, log=log, extra=changes)  # fmt: skip
        seconds = time.monotonic() - started
        reader.join()
    during.generations = _relative(watch.changes, started)
    text = "".join(output)
    match = _SUMMARY.search(text)
    read, imported = (int(match.group(i).replace(",", "")) for i in (1, 2)) if match else (0, 0)
    return baseline, during, ImportRun(seconds, process.returncode, read, imported, text)


def _relative(changes, started: float) -> list[tuple[float, int]]:
    return [(round(at - started, 3), value) for at, value in changes]


def fresh_copy(source: Path, target: Path, held: Callable[[list[str]], int]) -> tuple[int, int]:
    """Write the first copy of `source` (1, 2, ...) none of whose fresh ids the archive
    holds, as bench/real_corpus.py writes it; return (copy number, rows).

    `held(ids)` says how many of the ids the archive holds."""
    with gzip.open(source, "rb") as stream:
        data = stream.read()
    rows = real_corpus.row_ids(data)
    copy = 1
    while held([real_corpus.fresh_reference_id(row, copy) for row in rows]):
        copy += 1
    stride = real_corpus.dump_id_stride(rows)
    with gzip.open(target, "wb", compresslevel=4) as out:
        for piece in real_corpus.copy_bytes(data, rows, copy, stride):
            out.write(piece)
    return copy, len(rows)


def held_in(database_url: str) -> Callable[[list[str]], int]:
    def held(ids: list[str]) -> int:
        with psycopg.connect(database_url) as connection:
            return connection.execute(
                "SELECT count(*) FROM cableroom_cable WHERE reference_id = ANY(%s)", [ids]
            ).fetchone()[0]

    return held


def import_command(
    path: Path, workers: int | None, batch_size: int | None, max_rate: float | None = None
) -> list[str]:
    command = [sys.executable, "manage.py", "import_cables", str(path), "--no-progress"]
    if max_rate is not None:
        command += ["--max-rate", str(max_rate)]
    if workers is not None:
        command += ["--workers", str(workers)]
    if batch_size is not None:
        command += ["--batch-size", str(batch_size)]
    return command


def start_process(command: list[str], env: dict) -> Callable[[], subprocess.Popen]:
    def start() -> subprocess.Popen:
        return subprocess.Popen(
            command, cwd=ROOT, env=env, text=True,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        )  # fmt: skip

    return start


def gunicorn_gthread(workers: int, threads: int, env: dict) -> Server:
    """As bench/load.py starts it: threaded workers that keep connections alive."""
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "cableroom.wsgi:application"]
    command += [
        f"--bind={HOST}:{port}", f"--workers={workers}", "--worker-class=gthread",
        f"--threads={threads}", "--keep-alive=5", "--backlog=512", "--limit-request-line=0",
        "--timeout=120",
    ]  # fmt: skip
    return Server("gunicorn", command, port, env, "/healthz")


def search_index_dir(database_url: str) -> Path:
    """The database's own Tantivy folder, named as bench/cli.py names it."""
    return ROOT / "var" / "bench-search-index" / database_url.rsplit("/", 1)[-1].split("?")[0]


def format_table(baseline: dict, during: dict) -> str:
    rows = [
        ("requests", "requests", "{:,}"),
        ("requests/s", "requests_per_second", "{:,.1f}"),
        ("p50 ms", "p50_ms", "{:,.1f}"),
        ("p95 ms", "p95_ms", "{:,.1f}"),
        ("p99 ms", "p99_ms", "{:,.1f}"),
        ("max ms", "max_ms", "{:,.1f}"),
        (f"> {TARGET_P95_MS} ms", "over_target", "{:,}"),
        ("errors", "errors", "{:,}"),
        ("generation changes", "generation_changes", "{:,}"),
    ]
    lines = [f"{'':<20}{'baseline':>12}{'during import':>15}"]
    for label, key, shape in rows:
        lines.append(
            f"{label:<20}{shape.format(baseline[key]):>12}{shape.format(during[key]):>15}"
        )
    return "\n".join(lines)


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True, help="PostgreSQL, holding an archive")
    parser.add_argument(
        "--import-path", type=Path, default=None,
        help=f"what import_cables reads (default: {real_corpus.SOURCE} with fresh ids)",
    )  # fmt: skip
    parser.add_argument("--clients", type=int, default=10)
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 1) * 2 + 1)
    parser.add_argument("--threads", type=int, default=2, help="gthread threads per worker")
    parser.add_argument("--baseline", type=float, default=20.0, help="seconds with no import")
    parser.add_argument("--warmup", type=float, default=10.0)
    parser.add_argument("--import-workers", type=int, default=None, help="import_cables --workers")
    parser.add_argument("--batch-size", type=int, default=None, help="import_cables --batch-size")
    parser.add_argument(
        "--max-rate", type=float, default=None, help="import_cables --max-rate (cables/s)"
    )
    parser.add_argument(
        "--search-engine", choices=("tantivy", "auto"), default="tantivy",
        help="SEARCH_ENGINE of the server and the import (auto: PostgreSQL vectors kept)",
    )  # fmt: skip
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    url = args.database_url
    started_at = time.time()
    env = production_env(url, ROOT / "var" / "browse-during-import-static")
    env.update(
        CONN_MAX_AGE="600",
        # A stored page or a stored text match would hide what the import does to the
        # browse index, which is what this measures.
        PAGE_CACHE_MAX_ENTRIES="0",
        SEARCH_CACHE_MB="0",
        # The server and the importer share the Tantivy folder, so the importer keeps the
        # index the server reads in step, as on a real site.
        SEARCH_INDEX_DIR=str(search_index_dir(url)),
        # Text queries from Tantivy alone: the importer writes no PostgreSQL vectors.
        SEARCH_ENGINE=args.search_engine,
    )
    collectstatic(env)
    mix = sample_mix(url, weights=BROWSE_ONLY)
    print(f"Browse values sampled: {mix.describe()}", flush=True)
    cables_before = cable_count(url)
    with tempfile.TemporaryDirectory(prefix="browse-during-import-") as scratch:
        # The importer runs in the checkout: a path relative to here must still work.
        path = args.import_path.resolve() if args.import_path else None
        source = str(path)
        if path is None:
            path = Path(scratch) / "fresh.csv.gz"
            copy, rows = fresh_copy(real_corpus.SOURCE, path, held_in(url))
            source = f"{real_corpus.SOURCE.name}, copy {copy} (fresh ids), {rows:,} rows"
        print(f"Import: {source}", flush=True)
        command = import_command(path, args.import_workers, args.batch_size, args.max_rate)
        with (
            gunicorn_gthread(args.workers, args.threads, env) as server,
            GenerationReader(url) as generation,
        ):
            baseline, during, imported = run_phases(
                server.base,
                lambda rng: mix.next_request(rng)[1],
                start_process(command, env),
                generation,
                clients=args.clients,
                baseline_seconds=args.baseline,
                warmup_seconds=args.warmup,
                log=lambda line: print(line, flush=True),
            )
    cables_after = cable_count(url)
    data = {
        "started_at": started_at,
        "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(started_at)),
        "machine": machine_description(server_version(url)),
        "settings": {
            **{k: v for k, v in vars(args).items() if k != "database_url"},
            "import_path": source,
            "database": url.rsplit("/", 1)[-1],
            "page_cache": "off",
            "search_cache": "off",
        },
        "mix": mix.describe(),
        "cables_before": cables_before,
        "cables_after": cables_after,
        "baseline": baseline.summary(),
        "during_import": during.summary(),
        "import": {
            "seconds": round(imported.seconds, 1),
            "returncode": imported.returncode,
            "read": imported.read,
            "imported": imported.imported,
            "cables_per_second": round(imported.cables_per_second, 1),
        },
        "generation_changes_at": [at for at, _value in during.generations],
        "slow_requests_during_import": [
            [round(s.at, 2), _ms(s.seconds)] for s in during.samples if s.seconds * 1000 > 1000
        ],
    }
    report(data)
    stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime(started_at))
    target = RESULTS_DIR / f"browse-during-import-{stamp}.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    print(f"\nresults: {target}")
    if imported.returncode != 0:
        print(f"the import exited with {imported.returncode}:\n{imported.output[-2000:]}")
        return 1
    return 0


def report(data: dict) -> None:
    settings, load = data["settings"], data["machine"]["load_average"]
    print(f"\n{data['cables_before']:,} cables before, {data['cables_after']:,} after; "
          f"{settings['clients']} clients, gunicorn {settings['workers']} workers x "
          f"{settings['threads']} threads; page and search caches off; load {load}")  # fmt: skip
    print(format_table(data["baseline"], data["during_import"]))
    result = data["import"]
    print(f"import: {result['read']:,} read, {result['imported']:,} imported in "
          f"{result['seconds']:,.1f} s = {result['cables_per_second']:,.0f} cables/s "
          f"(exit {result['returncode']})")  # fmt: skip
    p95 = data["during_import"]["p95_ms"]
    verdict = "met" if p95 <= TARGET_P95_MS else "MISSED"
    print(f"target: p95 <= {TARGET_P95_MS} ms during the import: {verdict} ({p95:,.0f} ms)")


if __name__ == "__main__":
    raise SystemExit(main())
