"""What the map of posts (`/cables/map/`) costs and how much of the archive it places.

Reads the database `make run` fills (SQLite `var/cableroom.sqlite3`, the dev corpus) or
another one (`--database-url`), importing `../shared/corpus` when it holds no cable, and
times in process with the page cache and the rate limit off (tests.settings):

- the first map page of the process (the browse index and the world outline are built
  then), and the outline alone;
- the map page, and for comparison the browse page, for the whole archive, a tag, a
  text query and a chosen post;

then counts the posts the reference tables name and the ones with a place, and the
archive's cables whose post is on the map. It prints median and 95th-percentile
milliseconds and the page's size; it asserts nothing.

    .venv/bin/python bench/post_map.py
    .venv/bin/python bench/post_map.py --database-url postgres://postgres@127.0.0.1:5432/NAME
"""

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.lists_graph import _import, _setup, _timed  # noqa: E402

DEFAULT_URL = f"sqlite:///{ROOT / 'var' / 'cableroom.sqlite3'}"
ROUNDS = 20
QUERIES = ("", "?tag=PREL", "?q=nuclear", "?origin=Embassy+Madrid")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    options = parser.parse_args()
    _setup(options.database_url)

    from django.test import Client

    from cableroom.models import Cable

    if not Cable.objects.exists():
        _import()
    print(f"database: {options.database_url.rsplit('@', 1)[-1]}; {Cable.objects.count():,} cables")
    client = Client()
    start = time.perf_counter()
    first = client.get("/cables/map/")
    print(f"first map page of the process: {(time.perf_counter() - start) * 1000:.0f} ms "
          f"(status {first.status_code}; builds the browse index and the outline)")  # fmt: skip
    _outline()
    for query in QUERIES:
        page = client.get(f"/cables/map/{query}")
        print(f"{query or '(the whole archive)'}: map page {len(page.content) / 1024:.0f} KiB")
        _timed(
            f"map page {query}", [lambda q=query: client.get(f"/cables/map/{q}")], options.rounds
        )
        _timed(
            f"browse page {query}", [lambda q=query: client.get(f"/cables/{q}")], options.rounds
        )
    _placed()


def _outline() -> None:
    from pathlib import Path

    from django.conf import settings

    from cableroom.browse.world_outline import outline_path

    path = Path(settings.WORLD_OUTLINE_PATH)
    if not path.is_file():
        print(f"no world outline at {path}: run `make map-deps`")
        return
    outline_path.cache_clear()
    start = time.perf_counter()
    drawn = outline_path(path)
    print(f"world outline: {len(drawn) / 1024:.0f} KiB of path, drawn in "
          f"{(time.perf_counter() - start) * 1000:.0f} ms once per process")  # fmt: skip


def _placed() -> None:
    from django.db.models import Count

    from cableroom import refdata
    from cableroom.models import Cable
    from cableroom.refdata.post_places import post_places

    places = post_places()
    names = [post.name for post in refdata.posts()]
    print(
        f"posts of the reference tables placed: {sum(n in places for n in names)} of {len(names)}"
    )
    by_post = Cable.objects.public().values("origin__name").annotate(n=Count("id"))
    counts = {row["origin__name"]: row["n"] for row in by_post}
    sent = sum(counts.values())
    placed = sum(n for name, n in counts.items() if name in places)
    share = placed / max(sent, 1)
    print(f"posts that sent cables: {len(counts)}, placed {sum(n in places for n in counts)}; "
          f"cables from placed posts: {placed:,} of {sent:,} ({share:.1%})")  # fmt: skip


if __name__ == "__main__":
    main()
