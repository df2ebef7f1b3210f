"""Full-text search over subject and body, on PostgreSQL and on SQLite.

The query language is parsed in `search_query` (no database); this module runs it:
PostgreSQL matches the search table's vectors (GIN index, see `search_schema`) with
`to_tsquery('english')` and ranks with `ts_rank` (subject weighs more than body);
SQLite matches the FTS5 table and ranks with `bm25`. Both return cable ids, so the
browse index can intersect them with the facet constraints, and both give highlighted
snippets for one page of results.

Snippets come back from the database with private-use sentinel characters around the
matches; `marked_snippet` escapes everything else, so the only markup a reader's page
gets from cable text is `<mark>`.

Matches, ranks and snippets are kept per process, keyed by the browse generation (see
`MatchCache`), so clicking facets on one text query runs the full-text match once.
"""

import re
import threading
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np
from django.conf import settings
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from cableroom.models import Cable
from cableroom.parsing.ids import canonical_reference_id, station_code
from cableroom.search.query import (
    FacetTerm,
    QueryError,
    TextQuery,
    parse_query,
    to_fts5_text,
    to_tsquery_text,
)
from cableroom.search.schema import FTS_TABLE, SEARCH_TABLE
from cableroom.web.db_router import reading_connection

__all__ = [
    "FacetTerm",
    "QueryError",
    "SearchMatches",
    "Snippet",
    "TextQuery",
    "cable_for_id_query",
    "marked_snippet",
    "match_cables",
    "parse_query",
    "rank_cables",
    "snippets_for",
]

START, STOP = "\ue000", "\ue001"
ELLIPSIS = " … "
# Subject weighs A, body B; normalisation 1 divides by 1 + log(length) so long cables
# do not win by size alone.
_PG_RANK = "ts_rank(vector, to_tsquery('english', %s), 1)"
_PG_HEADLINE_OPTIONS = (
    f'StartSel="{START}", StopSel="{STOP}", MaxWords=30, MinWords=12, '
    f'MaxFragments=2, FragmentDelimiter="{ELLIPSIS}"'
)
# ts_headline parses (and stems) the whole text it is given, which costs more than
# anything else on a page of results. So the body's excerpt is looked for in a window of
# SNIPPET_BODY_CHARS characters starting a little before the first place a searched
# word occurs as typed; when that window marks nothing although the body matches (it
# has only another form of the word) the whole body is used, as before.
SNIPPET_BODY_CHARS = 3000
SNIPPET_LEAD_CHARS = 150
_PG_SNIPPETS = """
WITH shown AS MATERIALIZED (
    SELECT id, subject, body, CASE
        WHEN first_at IS NULL OR first_at <= %(lead)s THEN 1
        -- from the first space in the lead, so the window opens on a whole word
        ELSE first_at - %(lead)s + strpos(substr(body, first_at - %(lead)s, %(lead)s), ' ')
    END AS opens
    FROM cableroom_cable
    CROSS JOIN LATERAL (
        SELECT min(strpos(lower(body), word)) FILTER (WHERE strpos(lower(body), word) > 0)
        FROM unnest(%(words)s::text[]) AS word
    ) AS found (first_at)
    WHERE id = ANY(%(ids)s)
), windowed AS MATERIALIZED (
    -- MATERIALIZED: inlined, the window's headline would be computed twice
    SELECT id, subject, body, opens, ts_headline(
        'english', substr(body, opens, %(chars)s), to_tsquery('english', %(tsquery)s),
        %(options)s
    ) AS head
    FROM shown
)
SELECT id,
    ts_headline('english', subject, to_tsquery('english', %(tsquery)s), %(subject_options)s),
    CASE WHEN strpos(head, %(start)s) > 0 OR (opens = 1 AND length(body) <= %(chars)s)
        THEN head
        -- ts_headline marks only text that satisfies the whole query: when the body's
        -- own lexemes (weight B) do not, the whole body would mark nothing either
        WHEN NOT (
            SELECT ts_filter(s.vector, '{b}') FROM cableroom_cable_search AS s
            WHERE s.cable_id = windowed.id
        ) @@ to_tsquery('english', %(tsquery)s)
        THEN head
        ELSE ts_headline('english', body, to_tsquery('english', %(tsquery)s), %(options)s)
    END
FROM windowed
"""
_PG_SNIPPETS_WHOLE = """
SELECT id,
    ts_headline('english', subject, to_tsquery('english', %(tsquery)s), %(subject_options)s),
    ts_headline('english', body, to_tsquery('english', %(tsquery)s), %(options)s)
FROM cableroom_cable WHERE id = ANY(%(ids)s)
"""
# Rough sizes of a cached rank (a dict item of an int and a float) and of a snippet (two
# excerpts of some hundreds of characters, as Python strings).
RANK_BYTES = 120
SNIPPET_BYTES = 1500
_STATION_SERIAL = re.compile(r"^\s*([A-Za-z][A-Za-z .]*?)\s*0*(\d{1,7})\s*$")
FIRST_YEAR, LAST_YEAR = 1966, 2010


@dataclass(frozen=True)
class SearchMatches:
    """Ids of the cables a query matches (withdrawn ones included) and, if asked, ranks.

    `ids` is a read-only int64 array: it may be shared with the match cache.
    """

    ids: np.ndarray
    ranks: list[float] | None = None


class MatchCache:
    """Least recently used match results, bounded by their estimated size in bytes.

    A key names the database, the query as that database reads it, and the browse
    generation. The triggers give the generation a new random value on any write to a
    cable (an import, a curator's edit, a withdrawal), and a request reads it before
    it matches, so an entry can only be found by requests that saw the same data: a
    cached result is never stale, and a rolled-back write's generation never recurs.
    """

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self._entries: OrderedDict = OrderedDict()
        self._sizes: dict = {}
        self._total = 0
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            value = self._entries.get(key)
            if value is not None:
                self._entries.move_to_end(key)
            return value

    def put(self, key, value, size: int) -> None:
        with self._lock:
            self._discard(key)
            if self.max_bytes <= 0 or size > self.max_bytes:
                return
            self._entries[key] = value
            self._sizes[key] = size
            self._total += size
            while self._total > self.max_bytes:
                self._discard(next(iter(self._entries)))

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._sizes.clear()
            self._total = 0

    def _discard(self, key) -> None:
        if key in self._entries:
            del self._entries[key]
            self._total -= self._sizes.pop(key)


# What each process keeps for repeated queries (settings.SEARCH_CACHE_BYTES).
match_cache = MatchCache(settings.SEARCH_CACHE_BYTES)


def _cache_key(kind: str, query: TextQuery, generation: int | None):
    if generation is None:
        return None
    connection = reading_connection()
    rendered = to_tsquery_text(query) if connection.vendor == "postgresql" else to_fts5_text(query)
    return (kind, connection.vendor, connection.settings_dict["NAME"], rendered, generation)


@dataclass(frozen=True)
class Snippet:
    """Subject and body excerpts, escaped, with `<mark>` around what the query matched."""

    subject: SafeString
    body: SafeString


def match_cables(
    query: TextQuery, *, ranked: bool, generation: int | None = None
) -> SearchMatches:
    """Every cable matching the query's words; with `ranked`, higher rank = better match.

    Given the browse generation the request read, an unranked match is taken from, or
    kept in, the per-process cache.
    """
    if not query.has_text:
        return SearchMatches(_id_array([]), [] if ranked else None)
    if ranked:
        return _match_ranked(query)
    key = _cache_key("match", query, generation)
    ids = match_cache.get(key) if key else None
    if ids is None:
        ids = _match_ids(query)
        if key:
            match_cache.put(key, ids, ids.nbytes)
    return SearchMatches(ids)


def _match_ids(query: TextQuery) -> np.ndarray:
    connection = reading_connection()
    if connection.vendor == "postgresql":
        # One array instead of a row per match: tens of thousands of rows cost more to
        # send and convert than the match itself. The function keeps the planner off a
        # sequential scan (see search_schema).
        sql = "SELECT cableroom_match_cables(to_tsquery('english', %s))"
        with connection.cursor() as cursor:
            cursor.execute(sql, [to_tsquery_text(query)])
            return _id_array(cursor.fetchone()[0] or [])
    sql = f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"
    with connection.cursor() as cursor:
        cursor.execute(sql, [to_fts5_text(query)])
        return _id_array([row[0] for row in cursor.fetchall()])


def _match_ranked(query: TextQuery) -> SearchMatches:
    connection = reading_connection()
    if connection.vendor == "postgresql":
        sql = (
            f"SELECT cable_id, {_PG_RANK} FROM {SEARCH_TABLE} "
            "WHERE cable_id = ANY(cableroom_match_cables(to_tsquery('english', %s)))"
        )
        params = [to_tsquery_text(query)] * 2
    else:
        sql = (
            f"SELECT rowid, -bm25({FTS_TABLE}, 4.0, 1.0) FROM {FTS_TABLE} "
            f"WHERE {FTS_TABLE} MATCH %s"
        )
        params = [to_fts5_text(query)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return SearchMatches(_id_array([row[0] for row in rows]), [float(row[1]) for row in rows])


def _id_array(ids) -> np.ndarray:
    array = np.asarray(ids, dtype=np.int64)
    array.setflags(write=False)
    return array


def rank_cables(
    query: TextQuery, ids: list[int], generation: int | None = None
) -> dict[int, float]:
    """Relevance of the given matching cables (higher is better), in one query.

    Ranking reads each cable's whole index entry, so the browse view asks only for the
    cables left after facets narrowed a match (see `browsing.RANK_LIMIT`). Given the
    browse generation, ranks already computed for the query are reused and only the
    other cables are ranked (a facet click ranks nothing new, or a few cables).
    """
    if not ids or not query.has_text:
        return {}
    # Plain ints: SQLite would bind numpy integers as blobs and match nothing.
    ids = [int(pk) for pk in ids]
    key = _cache_key("rank", query, generation)
    known = match_cache.get(key) if key else None
    if known is None:
        known = {}
    missing = [pk for pk in ids if pk not in known]
    if missing:
        known = {**known, **_rank(query, missing)}
        if key:
            match_cache.put(key, known, RANK_BYTES * len(known))
    return {pk: known[pk] for pk in ids if pk in known}


def _rank(query: TextQuery, ids: list[int]) -> dict[int, float]:
    connection = reading_connection()
    if connection.vendor == "postgresql":
        # One array parameter: up to RANK_LIMIT placeholders would cost more to parse.
        sql = f"SELECT cable_id, {_PG_RANK} FROM {SEARCH_TABLE} WHERE cable_id = ANY(%s)"
        params = [to_tsquery_text(query), list(ids)]
    else:
        placeholders = ", ".join(["%s"] * len(ids))
        sql = (
            f"SELECT rowid, -bm25({FTS_TABLE}, 4.0, 1.0) FROM {FTS_TABLE} "
            f"WHERE {FTS_TABLE} MATCH %s AND rowid IN ({placeholders})"
        )
        params = [to_fts5_text(query), *ids]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {row[0]: float(row[1]) for row in cursor.fetchall()}


def snippets_for(
    ids: list[int], query: TextQuery, generation: int | None = None
) -> dict[int, Snippet]:
    """Highlighted subject and body excerpts for a page of cables, in one query.

    Given the browse generation, excerpts already made for the query are reused and only
    the other cables' are made (a facet click often shows the same cables again).
    """
    if not ids or not query.has_text:
        return {}
    ids = [int(pk) for pk in ids]
    key = _cache_key("snippets", query, generation)
    known = (match_cache.get(key) if key else None) or {}
    missing = [pk for pk in ids if pk not in known]
    if missing:
        # None for a cable the database gave no excerpt for, so it is not asked again.
        made = dict.fromkeys(missing) | _make_snippets(missing, query)
        known = {**known, **made}
        if key:
            match_cache.put(key, known, SNIPPET_BYTES * len(known))
    return {pk: known[pk] for pk in ids if known.get(pk) is not None}


def _make_snippets(ids: list[int], query: TextQuery) -> dict[int, Snippet]:
    connection = reading_connection()
    if connection.vendor == "postgresql":
        # Words ANDed: a window around the first one seldom holds them all, and
        # ts_headline marks nothing unless it does, so those read the whole body.
        windowed = len(query.positive_groups) == 1
        sql = _PG_SNIPPETS if windowed else _PG_SNIPPETS_WHOLE
        params = {
            "ids": [int(pk) for pk in ids],
            "words": sorted(set(query.words())),
            "lead": SNIPPET_LEAD_CHARS,
            "chars": SNIPPET_BODY_CHARS,
            "tsquery": to_tsquery_text(query),
            "options": _PG_HEADLINE_OPTIONS,
            "subject_options": _PG_HEADLINE_OPTIONS + ", HighlightAll=true",
            "start": START,
        }
    else:
        placeholders = ", ".join(["%s"] * len(ids))
        sql = (
            f"SELECT rowid, highlight({FTS_TABLE}, 0, %s, %s), "
            f"snippet({FTS_TABLE}, 1, %s, %s, %s, 24) "
            f"FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s AND rowid IN ({placeholders})"
        )
        params = [START, STOP, START, STOP, ELLIPSIS, to_fts5_text(query), *ids]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return {row[0]: Snippet(marked_snippet(row[1]), marked_snippet(row[2])) for row in rows}


def marked_snippet(text: str | None) -> SafeString:
    """Escape a database excerpt and turn its sentinels, and only them, into `<mark>`."""
    html = []
    open_mark = False
    for piece in re.split(f"([{START}{STOP}])", text or ""):
        if piece == START and not open_mark:
            html.append("<mark>")
            open_mark = True
        elif piece == STOP and open_mark:
            html.append("</mark>")
            open_mark = False
        elif piece not in (START, STOP):
            html.append(escape(piece))
    if open_mark:
        html.append("</mark>")
    return mark_safe("".join(html))


def cable_for_id_query(text: str) -> str | None:
    """The public cable a query names by id ("06ASTANA33", "06 ASTANA 33", "ASTANA 000033").

    One query at most, and none when the text is not shaped like an id. A station and
    serial without a year finds the cable only when exactly one year has that serial.
    """
    candidates = _id_candidates(text)
    if not candidates:
        return None
    found = list(
        Cable.objects.public()
        .filter(reference_id__in=candidates)
        .values_list("reference_id", flat=True)[:2]
    )
    return found[0] if len(found) == 1 else None


def _id_candidates(text: str) -> list[str]:
    text = (text or "").strip()
    if not text or len(text) > 40:
        return []
    canonical = canonical_reference_id(text)
    if canonical:
        return [canonical]
    match = _STATION_SERIAL.match(text)
    if match is None:
        return []
    station = station_code(match.group(1))
    if station is None:
        return []
    serial = int(match.group(2))
    return [f"{year % 100:02d}{station}{serial}" for year in range(FIRST_YEAR, LAST_YEAR + 1)]
