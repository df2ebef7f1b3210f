"""Full-text search over subject and body, on PostgreSQL and on SQLite.

The query language is parsed in `search_query` (no database); this module runs it:
PostgreSQL matches the stored `search_vector` (GIN index) with `to_tsquery('english')`
and ranks with `ts_rank` (subject weighs more than body); SQLite matches the FTS5 table
and ranks with `bm25`. Both return cable ids, so the browse index can intersect them
with the facet constraints, and both give highlighted snippets for one page of results.

Snippets come back from the database with private-use sentinel characters around the
matches; `marked_snippet` escapes everything else, so the only markup a reader's page
gets from cable text is `<mark>`.
"""

import re
from dataclasses import dataclass

from django.db import connection
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .models import Cable
from .parsing.ids import canonical_reference_id, station_code
from .search_query import (
    FacetTerm,
    QueryError,
    TextQuery,
    parse_query,
    to_fts5_text,
    to_tsquery_text,
)
from .search_schema import FTS_TABLE, SEARCH_VECTOR

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
_PG_RANK = f"ts_rank({SEARCH_VECTOR}, to_tsquery('english', %s), 1)"
_PG_HEADLINE_OPTIONS = (
    f'StartSel="{START}", StopSel="{STOP}", MaxWords=30, MinWords=12, '
    f'MaxFragments=2, FragmentDelimiter="{ELLIPSIS}"'
)
_STATION_SERIAL = re.compile(r"^\s*([A-Za-z][A-Za-z .]*?)\s*0*(\d{1,7})\s*$")
FIRST_YEAR, LAST_YEAR = 1966, 2010


@dataclass(frozen=True)
class SearchMatches:
    """Ids of the cables a query matches (withdrawn ones included) and, if asked, ranks."""

    ids: list[int]
    ranks: list[float] | None = None


@dataclass(frozen=True)
class Snippet:
    """Subject and body excerpts, escaped, with `<mark>` around what the query matched."""

    subject: SafeString
    body: SafeString


def match_cables(query: TextQuery, *, ranked: bool) -> SearchMatches:
    """Every cable matching the query's words; with `ranked`, higher rank = better match."""
    if not query.has_text:
        return SearchMatches([], [] if ranked else None)
    if connection.vendor == "postgresql":
        return _match_postgres(query, ranked)
    return _match_sqlite(query, ranked)


def _match_postgres(query: TextQuery, ranked: bool) -> SearchMatches:
    tsquery = to_tsquery_text(query)
    rank = _PG_RANK if ranked else "0"
    sql = (
        f"SELECT id, {rank} FROM cableroom_cable "
        f"WHERE {SEARCH_VECTOR} @@ to_tsquery('english', %s)"
    )
    params = [tsquery, tsquery] if ranked else [tsquery]
    return _run_match(sql, params, ranked)


def _match_sqlite(query: TextQuery, ranked: bool) -> SearchMatches:
    rank = f"-bm25({FTS_TABLE}, 4.0, 1.0)" if ranked else "0"
    sql = f"SELECT rowid, {rank} FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"
    return _run_match(sql, [to_fts5_text(query)], ranked)


def _run_match(sql: str, params: list, ranked: bool) -> SearchMatches:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    ids = [row[0] for row in rows]
    return SearchMatches(ids, [float(row[1]) for row in rows] if ranked else None)


def rank_cables(query: TextQuery, ids: list[int]) -> dict[int, float]:
    """Relevance of the given matching cables (higher is better), in one query.

    Ranking reads each cable's whole index entry, so the browse view asks only for the
    cables left after facets narrowed a match (see `browsing.RANK_LIMIT`).
    """
    if not ids or not query.has_text:
        return {}
    placeholders = ", ".join(["%s"] * len(ids))
    if connection.vendor == "postgresql":
        sql = f"SELECT id, {_PG_RANK} FROM cableroom_cable WHERE id IN ({placeholders})"
        params = [to_tsquery_text(query), *ids]
    else:
        sql = (
            f"SELECT rowid, -bm25({FTS_TABLE}, 4.0, 1.0) FROM {FTS_TABLE} "
            f"WHERE {FTS_TABLE} MATCH %s AND rowid IN ({placeholders})"
        )
        params = [to_fts5_text(query), *ids]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {row[0]: float(row[1]) for row in cursor.fetchall()}


def snippets_for(ids: list[int], query: TextQuery) -> dict[int, Snippet]:
    """Highlighted subject and body excerpts for a page of cables, in one query."""
    if not ids or not query.has_text:
        return {}
    placeholders = ", ".join(["%s"] * len(ids))
    if connection.vendor == "postgresql":
        tsquery = to_tsquery_text(query)
        sql = (
            "SELECT id, ts_headline('english', subject, to_tsquery('english', %s), %s), "
            "ts_headline('english', body, to_tsquery('english', %s), %s) "
            f"FROM cableroom_cable WHERE id IN ({placeholders})"
        )
        options = _PG_HEADLINE_OPTIONS
        params = [tsquery, options + ", HighlightAll=true", tsquery, options, *ids]
    else:
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
