"""The load test's traffic: what readers ask for, in what proportions, with real values.

Values (ids, tags, posts, years, words) are sampled once from the database, so every
request names something that exists.

Popularity (`skew`): readers do not pick cables and words uniformly; a few cables and
words are read far more than the rest ("a popular cable can bring a crowd"). With
skew s > 0 the k-th value of each list (cable ids, search words, tags, posts, page
numbers) is drawn with weight 1/k**s, a Zipf law; tags and posts are ranked by how many
cables carry them, ids and words in their (random) sampled order. The default, 1.0, is
the classic Zipf law of web requests; skew 0 is the uniform mix (every value equally
likely), the harshest case for any cache. Years and classifications stay uniform.

A permalink's `#p5` anchor never reaches the server (browsers keep fragments to
themselves), so "permalinks with anchors" are the spellings people paste: a lower-case
id answers 301 and the client follows it, and a cable read inside a search carries that
search in its URL.
"""

import functools
import itertools
import random
import re
from dataclasses import dataclass, field
from urllib.parse import quote, urlencode

import psycopg

# (kind, weight): browse with facets 30, search 20, cable pages 30, permalinks 10, .txt 10.
WEIGHTS = {
    "browse": 30,
    "search": 20,
    "cable": 30,
    "permalink": 10,
    "text": 10,
}
# Zipf exponent of the default mix; 0 gives the uniform mix.
DEFAULT_SKEW = 1.0
_WORD = re.compile(r"[A-Za-z]{5,}")


@dataclass(frozen=True)
class TrafficMix:
    """Values to build requests from, sampled from the database under test."""

    reference_ids: list[str]
    tags: list[str]
    origins: list[str]
    years: list[int]
    words: list[str]
    pages: int
    weights: dict[str, int] = field(default_factory=lambda: dict(WEIGHTS))
    skew: float = DEFAULT_SKEW

    def describe(self) -> str:
        popularity = f"Zipf skew {self.skew:g}" if self.skew > 0 else "uniform (no skew)"
        return (
            f"{len(self.reference_ids):,} ids, {len(self.tags)} tags, {len(self.origins)} "
            f"posts, {len(self.years)} years, {len(self.words)} words; weights "
            f"{self.weights}; popularity {popularity}"
        )

    def pick(self, rng: random.Random, values: list):
        """One of `values`, the k-th with weight 1/k**skew (uniform when skew is 0)."""
        if self.skew <= 0:
            return rng.choice(values)
        weights = _zipf_cumulative(len(values), self.skew)
        return rng.choices(values, cum_weights=weights)[0]

    def next_request(self, rng: random.Random) -> tuple[str, str]:
        """The next (kind, path) a client asks for."""
        kind = rng.choices(list(self.weights), weights=list(self.weights.values()))[0]
        return kind, getattr(self, f"_{kind}")(rng)

    def _browse(self, rng: random.Random) -> str:
        tag, origin = self.pick(rng, self.tags), self.pick(rng, self.origins)
        year = rng.choice(self.years)
        shapes = [
            [],
            [("tag", tag)],
            [("tag", tag), ("origin", origin)],
            [("year", year)],
            [("tag", tag), ("tag", "-" + self.pick(rng, self.tags))],
            [("classification", "SECRET"), ("year", year)],
            [("page", self.pick(rng, self._page_numbers()))],
        ]
        return "/cables/" + _query(rng.choice(shapes))

    def _page_numbers(self) -> range:
        return range(2, min(self.pages, 500) + 1)

    def _search(self, rng: random.Random) -> str:
        word, other = self.pick(rng, self.words), self.pick(rng, self.words)
        shapes = [
            [("q", word)],
            [("q", f"{word} {other}")],
            [("q", f'"{word} {other}"')],
            [("q", word), ("tag", self.pick(rng, self.tags)), ("year", rng.choice(self.years))],
            [("q", f"{word} -{other}"), ("sort", "-date")],
        ]
        return "/cables/" + _query(rng.choice(shapes))

    def _cable(self, rng: random.Random) -> str:
        return f"/cable/{quote(self.pick(rng, self.reference_ids))}/"

    def _permalink(self, rng: random.Random) -> str:
        reference_id = self.pick(rng, self.reference_ids)
        if rng.random() < 0.5:
            return f"/cable/{quote(reference_id.lower())}/"  # 301 to the canonical id
        search = urlencode({"tag": self.pick(rng, self.tags)})
        return f"/cable/{quote(reference_id)}/?{urlencode({'search': search})}"

    def _text(self, rng: random.Random) -> str:
        return f"/cable/{quote(self.pick(rng, self.reference_ids))}.txt"


@functools.cache
def _zipf_cumulative(count: int, skew: float) -> list[float]:
    return list(itertools.accumulate(1 / rank**skew for rank in range(1, count + 1)))


def _query(pairs: list[tuple[str, object]]) -> str:
    return "?" + urlencode(pairs) if pairs else ""


def sample_mix(
    database_url: str,
    *,
    ids: int = 5000,
    seed: int = 7,
    weights: dict | None = None,
    skew: float = DEFAULT_SKEW,
) -> TrafficMix:
    """Sample ids, common tags and posts, years and subject words from the database."""
    with psycopg.connect(database_url) as connection, connection.cursor() as cursor:
        count = _one(cursor, "SELECT count(*) FROM cableroom_cable WHERE withdrawn_at IS NULL")
        if count < 1000:
            raise SystemExit(
                f"{database_url} holds {count:,} public cables: load it first "
                "(see the docstring of bench/load.py)."
            )
        cursor.execute(
            "SELECT reference_id, subject FROM cableroom_cable TABLESAMPLE SYSTEM (5) "
            "REPEATABLE (%s) WHERE withdrawn_at IS NULL LIMIT %s",
            [seed, ids],
        )
        rows = cursor.fetchall()
        tags = _column(cursor, _TOP_TAGS)
        origins = _column(cursor, _TOP_ORIGINS)
        years = _column(cursor, "SELECT DISTINCT year FROM cableroom_cable WHERE year IS NOT NULL")
    words = sorted({w.lower() for _, subject in rows for w in _WORD.findall(subject or "")})
    rng = random.Random(seed)
    return TrafficMix(
        reference_ids=[row[0] for row in rows],
        tags=tags,
        origins=origins,
        years=sorted(years),
        words=rng.sample(words, min(300, len(words))),
        pages=max(1, count // 25),
        weights={**WEIGHTS, **(weights or {})},
        skew=skew,
    )


_TOP_TAGS = """
SELECT t.code FROM cableroom_cabletag ct JOIN cableroom_tag t ON t.id = ct.tag_id
GROUP BY t.code ORDER BY count(*) DESC LIMIT 60
"""
_TOP_ORIGINS = """
SELECT p.name FROM cableroom_cable c JOIN cableroom_post p ON p.id = c.origin_id
GROUP BY p.name ORDER BY count(*) DESC LIMIT 60
"""


def _one(cursor, sql: str):
    cursor.execute(sql)
    return cursor.fetchone()[0]


def _column(cursor, sql: str) -> list:
    cursor.execute(sql)
    return [row[0] for row in cursor.fetchall()]
