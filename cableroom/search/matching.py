"""Which cables a text query matches, and how well: the backend's answers, cached.

Both return cable ids, so the browse index can intersect them with the facet
constraints. Given the browse generation a request read, results are taken from, or
kept in, the per-process cache (see `cache`).
"""

from dataclasses import dataclass

import numpy as np

from cableroom.search.backends import search_backend
from cableroom.search.backends.base import id_array
from cableroom.search.cache import cache_key, match_cache
from cableroom.search.query import TextQuery

# Rough size of a cached rank (a dict item of an int and a float), for the cache's bound.
RANK_BYTES = 120


@dataclass(frozen=True)
class SearchMatches:
    """Ids of the cables a query matches (withdrawn ones included) and, if asked, ranks.

    `ids` is a read-only int64 array: it may be shared with the match cache.
    """

    ids: np.ndarray
    ranks: list[float] | None = None


def match_cables(
    query: TextQuery, *, ranked: bool, generation: int | None = None
) -> SearchMatches:
    """Every cable matching the query's words; with `ranked`, higher rank = better match.

    Given the browse generation the request read, an unranked match is taken from, or
    kept in, the per-process cache.
    """
    if not query.has_text:
        return SearchMatches(id_array([]), [] if ranked else None)
    backend = search_backend()
    if ranked:
        return SearchMatches(*backend.match_ranked(query.tree))
    key = cache_key("match", backend, query, generation)
    ids = match_cache.get(key) if key else None
    if ids is None:
        ids = backend.match_ids(query.tree)
        if key:
            match_cache.put(key, ids, ids.nbytes)
    return SearchMatches(ids)


def rank_cables(
    query: TextQuery, ids: list[int], generation: int | None = None
) -> dict[int, float]:
    """Relevance of the given matching cables (higher is better), in one query.

    Ranking reads each cable's whole index entry, so the browse view asks only for the
    cables left after facets narrowed a match. Given the browse generation, ranks
    already computed for the query are reused and only the other cables are ranked (a
    facet click ranks nothing new, or a few cables).
    """
    if not ids or not query.has_text:
        return {}
    # Plain ints: SQLite would bind numpy integers as blobs and match nothing.
    ids = [int(pk) for pk in ids]
    backend = search_backend()
    key = cache_key("rank", backend, query, generation)
    known = (match_cache.get(key) if key else None) or {}
    missing = [pk for pk in ids if pk not in known]
    if missing:
        known = {**known, **backend.rank_ids(query.tree, missing)}
        if key:
            match_cache.put(key, known, RANK_BYTES * len(known))
    return {pk: known[pk] for pk in ids if pk in known}


def top_matches(query: TextQuery, limit: int) -> SearchMatches:
    """The `limit` cables matching the query best, best first (withdrawn ones included),
    with their ranks: one query on the database's own index, none on Tantivy's."""
    if not query.has_text:
        return SearchMatches(id_array([]), [])
    return SearchMatches(*search_backend().top_ranked(query.tree, limit))


def matching_ids_sql(query: TextQuery) -> tuple[str, list]:
    """SQL selecting the ids of the cables the query matches, for `pk__in=RawSQL(...)`."""
    return search_backend().match_sql(query.tree)
