"""In-process timings of the browse query set: where the time of one request goes.

Runs each browse query of issue 6 through Django's test client against the database
in DATABASE_URL (no HTTP server: `python -m bench` measures through gunicorn), after a
warm-up that builds the browse index, and prints median, p95 and max per query and the
median CPU time of this process (the site's own work, without the database's), plus
the time one index rebuild takes. Besides issue 6's queries: AND across the two and
three commonest tags (each tag value narrows, issue 16), two of them as alternatives,
and AND with an exclusion or with words. Text matches and ranks are cached per process until
the data changes (cableroom.search.cache.MatchCache); `--cold` empties that cache before every
request, to time a text query the process has not seen since the last change. Usage:

    DATABASE_URL=postgres://... DJANGO_SETTINGS_MODULE=tests.settings \
        python -m bench.browse_queries [--runs 20] [--tag PREL] [--origin "Embassy Ankara"] \
        [--cold]
"""

import argparse
import statistics
import time

import django


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--tag", default="PREL")
    parser.add_argument("--origin", default="")
    parser.add_argument("--year", type=int, default=2009)
    parser.add_argument("--cold", action="store_true", help="Empty the match cache each time.")
    args = parser.parse_args()
    django.setup()
    from django.test import Client

    from cableroom.browse.index import build_index, current_generation
    from cableroom.search.cache import match_cache

    started = time.perf_counter()
    index = build_index(current_generation())
    print(f"index rebuild: {1000 * (time.perf_counter() - started):.0f} ms, {index.size} cables")
    origin = args.origin or _busiest_origin(index)
    tags = _commonest_tags(index, 3)
    # A host the settings allow by default (the test client's own, "testserver", is not).
    client = Client(HTTP_HOST="localhost")
    print(f"{'query':52} {'median':>8} {'p95':>8} {'max':>8} {'cpu':>6}  status")
    for name, url in _queries(args.tag, origin, args.year) + _narrowing_queries(tags, origin):
        client.get(url)
        times, cpu = [], []
        for _ in range(args.runs):
            if args.cold:
                match_cache.clear()
            started, started_cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            times.append(1000 * (time.perf_counter() - started))
            cpu.append(1000 * (time.process_time() - started_cpu))
        times.sort()
        p95 = times[min(len(times) - 1, int(0.95 * len(times)))]
        print(
            f"{name:52} {statistics.median(times):8.1f} {p95:8.1f} {times[-1]:8.1f}"
            f" {statistics.median(cpu):6.1f}  {response.status_code}"
        )


def _busiest_origin(index) -> str:
    counts = index.origin.counts(None)
    return index.origin.values[int(counts.argmax())]


def _commonest_tags(index, how_many: int) -> list[str]:
    counts = index.tag.counts(None)
    return [index.tag.values[int(code)] for code in counts.argsort()[::-1][:how_many]]


def _narrowing_queries(tags: list[str], origin: str):
    """AND across the commonest (many-valued) tags, their alternatives, an exclusion."""
    from urllib.parse import urlencode

    def url(*pairs):
        return f"/cables/?{urlencode(pairs)}"

    first, second, third = tags
    return [
        (f"tag {first} AND {second}", url(("tag", first), ("tag", second))),
        (f"tag {first} AND {second} AND {third}",
         url(("tag", first), ("tag", second), ("tag", third))),
        (f"tag {first}|{second} (either)", url(("tag", f"{first}|{second}"))),
        (f"tag {first} AND {second}|{third} -{origin[:12]}",
         url(("tag", first), ("tag", f"{second}|{third}"), ("origin", f"-{origin}"))),
        (f"q iran + tag {first} AND {second}",
         url(("q", "iran"), ("tag", first), ("tag", second))),
    ]  # fmt: skip


def _queries(tag: str, origin: str, year: int):
    from urllib.parse import urlencode

    def url(path, **params):
        return f"{path}?{urlencode(params)}" if params else path

    return [
        ("all cables", url("/cables/")),
        (f"tag {tag}", url("/cables/", tag=tag)),
        (f"tag {tag} + origin", url("/cables/", tag=tag, origin=origin)),
        (f"year {year}", url("/cables/", year=year)),
        ("q heroin", url("/cables/", q="heroin")),
        ('q "nuclear program" iran', url("/cables/", q='"nuclear program" iran')),
        (f"q iran + tag + year {year}", url("/cables/", q="iran", tag=tag, year=year)),
        ("page 500", url("/cables/", page=500)),
        (f"json tag {tag}", url("/cables.json", tag=tag)),
    ]


if __name__ == "__main__":
    main()
