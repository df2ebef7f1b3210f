"""What reading lists, the reference graph and "most cited" cost, on the dev corpus.

Imports `../shared/corpus` into a database of its own when that database holds no cable
(PostgreSQL `cableroom_lists_bench` by default, made if missing), then times in process,
with the page cache and the rate limit off (tests.settings):

- the reference graph of the 30 cables with the most REFs and the 30 most cited ones
  (`reference_graph`, five queries), and its page;
- "most cited in this result" over random results of 100, 500, 1,000 (the largest it
  counts over) and 2,000 cables: the aggregate query, then the look-up of the ten;
- a list of 200 items (the cap; one in four a paragraph): its edit page, its share page,
  and each export (BibTeX, CSL-JSON, Markdown, the zip of raw texts read to the end).

It prints median and 95th-percentile milliseconds, and CPU milliseconds of this process
per call (the database's own time is the difference, on a local server). It asserts
nothing.

    .venv/bin/python bench/lists_graph.py
    .venv/bin/python bench/lists_graph.py --database-url sqlite:///var/bench-lists.sqlite3
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/cableroom_lists_bench"
ROUNDS = 20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    options = parser.parse_args()
    _setup(options.database_url)

    from cableroom.models import Cable

    if not Cable.objects.exists():
        _import()
    print(f"database: {options.database_url.rsplit('@', 1)[-1]}; {Cable.objects.count():,} cables")
    rng = random.Random(1)
    _graph(options.rounds)
    _most_cited(options.rounds, rng)
    _reading_list(options.rounds, rng)


def _setup(url: str) -> None:
    os.environ.update(
        DATABASE_URL=url,
        # The production settings with a throwaway key and plain static files (no
        # collectstatic needed), as bench/cable_page.py uses them.
        DJANGO_SETTINGS_MODULE="tests.settings",
        ALLOWED_HOSTS="testserver",
    )
    if url.startswith("postgres"):
        import psycopg

        server, name = url.rsplit("/", 1)
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            if not admin.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [name]
            ).fetchone():
                admin.execute(f'CREATE DATABASE "{name}"')
    sys.path.insert(0, str(ROOT))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def _import() -> None:
    from cableroom.importing.run import import_cables

    print(f"importing {CORPUS} ...", flush=True)
    summary = import_cables(paths=[CORPUS], workers=1)
    print(f"imported {summary.imported:,} cables")


def _timed(label: str, calls, rounds: int) -> None:
    """Each call once to warm up, then `rounds` times; wall and CPU milliseconds."""
    for call in calls:
        call()
    wall, cpu = [], []
    for _ in range(rounds):
        for call in calls:
            start, start_cpu = time.perf_counter(), time.process_time()
            call()
            wall.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
    wall.sort()
    p95 = wall[min(len(wall) - 1, int(len(wall) * 0.95))]
    print(
        f"  {label:<44} median {statistics.median(wall):7.1f} ms   p95 {p95:7.1f} ms   "
        f"CPU {statistics.mean(cpu):6.1f} ms   ({len(wall)} calls)"
    )


def _graph(rounds: int) -> None:
    from django.db.models import Count
    from django.test import Client

    from cableroom.models import Cable, Reference
    from cableroom.reading.reference_graph import reference_graph

    most_refs = list(
        Cable.objects.public()
        .annotate(n=Count("references"))
        .order_by("-n", "reference_id")
        .only("reference_id")[:30]
    )
    cited_ids = (
        Reference.objects.values("target_reference_id")
        .annotate(n=Count("cable_id"))
        .order_by("-n")
        .values_list("target_reference_id", flat=True)[:200]
    )
    most_cited = list(Cable.objects.public().filter(reference_id__in=list(cited_ids))[:30])
    print("reference graph")
    for label, cables in (
        ("30 cables with the most REFs", most_refs),
        ("30 most cited", most_cited),
    ):
        sizes = [len(reference_graph(cable).nodes) for cable in cables]
        print(f"  {label}: {statistics.mean(sizes):.1f} nodes on average, at most {max(sizes)}")
        _timed(f"graph, {label}", [lambda c=c: reference_graph(c) for c in cables], rounds)
    client = Client()
    pages = [lambda c=c: client.get(f"/cable/{c.reference_id}/graph/") for c in most_refs]
    _timed("graph page, 30 cables with the most REFs", pages, rounds)


def _most_cited(rounds: int, rng: random.Random) -> None:
    from cableroom.browse.most_cited import MAX_CABLES, cited_by_cables
    from cableroom.models import Cable

    ids = list(Cable.objects.public().values_list("pk", flat=True))
    print(f"most cited in a result (counted up to {MAX_CABLES:,} cables)")
    for size in (100, 500, MAX_CABLES, 2000):
        samples = [rng.sample(ids, min(size, len(ids))) for _ in range(5)]
        _timed(f"{size:,} cables", [lambda s=s: cited_by_cables(s) for s in samples], rounds)


def _reading_list(rounds: int, rng: random.Random) -> None:
    from django.conf import settings
    from django.test import Client

    from cableroom.lists import editing
    from cableroom.models import Cable, ReadingList

    ReadingList.objects.filter(title="bench").delete()
    reading_list = editing.create_list(f"bench-{time.time()}", "bench")
    cables = list(Cable.objects.public().filter(paragraphs__position=1).distinct()[:2000])
    for number, cable in enumerate(rng.sample(cables, settings.READING_LIST_MAX_ITEMS)):
        editing.add_item(reading_list, cable, 1 if number % 4 == 0 else None, f"note {number}")
    client = Client()
    share = f"/lists/shared/{reading_list.share_token}/"
    print(f"a reading list of {reading_list.items.count()} items")
    for label, path in (
        ("edit page", f"/lists/{reading_list.edit_token}/"),
        ("share page", share),
        ("BibTeX", share + "list.bib"),
        ("CSL-JSON", share + "list.csl.json"),
        ("Markdown", share + "list.md"),
    ):
        _timed(label, [lambda p=path: client.get(p)], rounds)

    def zipped():
        response = client.get(share + "list.zip")
        return sum(len(part) for part in response.streaming_content)

    print(f"  zip of raw texts: {zipped() / 1e6:.1f} MB")
    _timed("zip of raw texts, read to the end", [zipped], max(3, rounds // 4))
    reading_list.delete()


if __name__ == "__main__":
    main()
