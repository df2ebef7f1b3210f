"""The harness's command line: one run per scale, one table per run, one JSON file.

    python -m bench [--scale 10000,50000,250000,1000000] [--seed 1] [--skip-datasette]
                    [--corpus synthetic|real] [--reuse-db] [--keep-db] [--budget SECONDS]
                    [--search-engine tantivy|database]

`make bench SCALE=250000` runs the same. `--corpus real` times the shared dev dump
repeated with fresh ids (bench/real_corpus.py) instead of the synthetic corpus: a scale
is then rounded to whole copies of the dump, 29 copies (255,229 rows) by default.
Text queries are answered as a deployment answers them: after the import, the Tantivy
index is built from the database (`manage.py rebuild_search_index`, a separate timed
step, in var/bench-search-index/<database>); `--search-engine database` times the
database's own full-text index instead. Everything listens on 127.0.0.1 only.
"""

import argparse
import contextlib
import os
import secrets
import shutil
import tempfile
import time
from pathlib import Path

from bench import datasette, postgres, real_corpus, servers
from bench.corpus import ensure_corpus, generator_fingerprint
from bench.queries import Picks, deep_page, query_set
from bench.report import format_growth, format_table, machine_description, write_results
from bench.timing import Plan, measure

TEXT_WITH_FACETS = "iran"
SEARCH_SETTINGS = ("SEARCH_ENGINE", "SEARCH_INDEX_DIR")


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--scale", default=None,
        help="Comma-separated cable counts (default 250000; real corpus: 29 copies).",
    )  # fmt: skip
    parser.add_argument(
        "--corpus", choices=("synthetic", "real"), default="synthetic",
        help="The synthetic corpus, or the shared dev dump repeated with fresh ids.",
    )  # fmt: skip
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--search-engine", choices=("tantivy", "database"), default="tantivy",
        help="Answer text queries from a Tantivy index built after the import (the "
        "default), or from the database's full-text index.",
    )  # fmt: skip
    parser.add_argument("--skip-datasette", action="store_true", help="Time our side only.")
    parser.add_argument(
        "--reuse-db", action="store_true",
        help="Keep an already loaded benchmark database (and Datasette copy) of the same size.",
    )  # fmt: skip
    parser.add_argument("--keep-db", action="store_true", help="Do not drop the database after.")
    parser.add_argument(
        "--page-cache", action="store_true",
        help="Leave the page cache on (repeated samples then time stored pages).",
    )  # fmt: skip
    parser.add_argument(
        "--search-cache", action="store_true",
        help="Leave the per-worker cache of text matches on (samples after the first "
        "then time repeats, not first-time searches).",
    )  # fmt: skip
    parser.add_argument("--samples", type=int, default=20, help="Our samples per query.")
    parser.add_argument("--datasette-samples", type=int, default=5)
    parser.add_argument(
        "--datasette-budget", type=float, default=45.0,
        help="Seconds of Datasette time per query (at least one sample is always taken).",
    )  # fmt: skip
    parser.add_argument(
        "--budget", type=float, default=600.0,
        help="Seconds for the timing phase of one scale; past it only minimum samples are taken.",
    )  # fmt: skip
    return parser.parse_args(argv)


def log(message: str) -> None:
    print(message, flush=True)


def search_index_dir() -> Path:
    """The benchmark database's own Tantivy folder, never the checkout's var/search-index."""
    return postgres.ROOT / "var" / "bench-search-index" / postgres.DATABASE


def base_env(database_url: str, search_engine: str = "tantivy") -> dict:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="cableroom.settings",
        DATABASE_URL=database_url,
        SECRET_KEY=secrets.token_urlsafe(50),
        DEBUG="0",
        SECURE_SSL_REDIRECT="0",
        # "tantivy": the import then writes no PostgreSQL vectors, as such a deployment's.
        SEARCH_ENGINE=search_engine,
        SEARCH_INDEX_DIR=str(search_index_dir()),
    )
    return env


def build_search_index(args, env: dict) -> dict:
    """Build (or finish, or catch up) the Tantivy index: a timed step after the import."""
    if args.search_engine != "tantivy":
        return {"engine": "database"}
    log("building the Tantivy index with manage.py rebuild_search_index")
    started = time.monotonic()
    postgres.manage(env, "rebuild_search_index", "--if-missing", "--no-progress", capture=True)
    seconds = time.monotonic() - started
    log(f"search index: {seconds:,.0f} s")
    return {"engine": "tantivy", "seconds": round(seconds, 1)}


def load(count: int, args, env: dict) -> dict:
    """Generate or reuse the corpus; import it unless a loaded database may be reused."""
    real = args.corpus == "real"
    if real:
        copies = real_corpus.copies_for(count)
        corpus, generated = real_corpus.ensure_real_corpus(copies, log)
        count = real_corpus.expected_cables(copies)
    else:
        corpus, generated = ensure_corpus(count, args.seed, env, log)
    result = {"corpus": corpus.name, "generate_seconds": _round(generated)}
    url = env["DATABASE_URL"]
    if args.reuse_db and _count(url) == count:
        log(f"reusing database {postgres.DATABASE} ({count:,} cables)")
        result["import"] = {"status": "reused"}
        return result
    postgres.recreate()
    # An index of the database just dropped would answer for cables that are gone.
    shutil.rmtree(search_index_dir(), ignore_errors=True)
    imported = postgres.migrate_and_import(env, corpus, log, synthetic=not real)
    result["import"] = {
        "status": "ok",
        "seconds": round(imported.seconds, 1),
        "read": imported.read,
        "imported": imported.imported,
        "cables_per_second": round(imported.rate),
    }
    log(f"import: {imported.read:,} read, {imported.imported:,} imported in "
        f"{imported.seconds:,.0f} s = {imported.rate:,.0f} cables/s")  # fmt: skip
    return result


def _count(url: str) -> int | None:
    try:
        return postgres.cable_count(url)
    except Exception:  # noqa: BLE001 - no database or no table: not reusable
        return None


def _round(value):
    return round(value, 1) if value is not None else None


def prepare_datasette(count: int, args, url: str, result: dict) -> Path | None:
    if args.skip_datasette:
        return None
    datasette.ensure_venv(log)
    # Named after the corpus file, so the copy always matches the corpus it came from.
    path = datasette.database_path(result["corpus"].removesuffix(".csv.gz"))
    if args.reuse_db and path.exists() and result["import"]["status"] == "reused":
        log(f"reusing {path.name}")
    else:
        log(f"building the Datasette copy {path.name}")
        result["datasette_build_seconds"] = round(datasette.build(url, path, log), 1)
    result["datasette_version"] = datasette.version()
    return path


def run_scale(count: int, args) -> dict:
    """Load, serve, time and print one scale; return its part of the JSON."""
    log(f"== {count:,} cables")
    url = postgres.database_url()
    env = base_env(url, args.search_engine)
    result = {"count": count, "seed": args.seed, **load(count, args, env)}
    result["search_index"] = build_search_index(args, env)
    result["cables_in_database"] = _count(url)
    sqlite_path = prepare_datasette(count, args, url, result)
    chosen = postgres.pick_values(url)
    page = deep_page(chosen["total"])
    token = datasette.deep_page_token(sqlite_path, page) if sqlite_path else ""
    picks = Picks(
        chosen["tag"], chosen["origin"], chosen["year"], TEXT_WITH_FACETS,
        chosen["reference_id"], chosen["pk"], page, token, tuple(chosen["tags"]),
    )  # fmt: skip
    result["picks"] = picks.__dict__
    rows = serve_and_time(url, sqlite_path, picks, args)
    result["queries"] = [row.as_dict() for row in rows]
    result["load_average_after"] = [round(value, 2) for value in os.getloadavg()]
    print(format_table(rows, f"\n{count:,} cables (PostgreSQL + gunicorn vs Datasette)"))
    return result


def serve_and_time(url: str, sqlite_path: Path | None, picks: Picks, args):
    with tempfile.TemporaryDirectory(prefix="bench-static-") as static_root:
        env = servers.production_env(url, Path(static_root))
        search = base_env(url, args.search_engine)
        env.update({key: search[key] for key in SEARCH_SETTINGS})
        if not args.page_cache:
            # Every sample asks the same URL: with the page cache on, all but the first
            # would time a stored page, not the query, facets and rendering.
            env["PAGE_CACHE_MAX_ENTRIES"] = "0"
        if not args.search_cache:
            # Likewise each worker's cache of text matches: off, every sample of a text
            # query pays for the whole match, as a query asked for the first time does.
            env["SEARCH_CACHE_MB"] = "0"
        servers.collectstatic(env)
        ours = servers.gunicorn(env, workers=os.cpu_count() or 2)
        theirs = None
        if sqlite_path:
            port = servers.free_port()
            theirs = servers.datasette(datasette.serve_command(sqlite_path, port), port)
        with ours, theirs or contextlib.nullcontext():
            plan = Plan(
                ours_samples=args.samples,
                theirs_samples=args.datasette_samples,
                theirs_budget=args.datasette_budget,
                deadline=time.monotonic() + args.budget,
            )
            log(f"timing on {ours.base}" + (f" and {theirs.base}" if theirs else ""))
            return measure(query_set(picks), ours.base, theirs.base if theirs else None, plan, log)


def main(argv=None) -> int:
    args = parse_args(argv)
    scale = args.scale or (
        "250000" if args.corpus == "synthetic" else str(real_corpus.DEFAULT_SCALE)
    )
    scales = [int(value.replace("_", "")) for value in scale.split(",") if value.strip()]
    started = time.time()
    url = postgres.database_url("postgres")
    data = {
        "started_at": started,
        "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(started)),
        "machine": machine_description(postgres.server_version(url)),
        "generator": generator_fingerprint(),
        "settings": {k: v for k, v in vars(args).items() if k != "scale"},
        "scales": [],
    }
    try:
        for count in scales:
            data["scales"].append(run_scale(count, args))
    finally:
        if not args.keep_db:
            postgres.drop()
        data["seconds"] = round(time.time() - started, 1)
        path = write_results(data)
        growth = format_growth(data["scales"])
        if growth:
            print("\nHow our medians grow with the corpus:\n" + growth)
        print(f"\nresults: {path} ({data['seconds']:,.0f} s)")
    return 0
