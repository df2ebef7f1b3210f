"""Read the browse index's columns out of the database, fast.

PostgreSQL: one REPEATABLE READ transaction (every column from the same snapshot),
JIT off, and each column aggregated into one binary value parsed straight into a numpy
array (COPY hands psycopg one message per row, far slower); the cable columns
come in date order from an index-only scan of the covering index `cable_browse_order`
(see `search/backends/postgres_schema.py`), never from the wide cable rows. SQLite: plain queries.
"""

from dataclasses import dataclass

import numpy as np
from django.db import transaction

from cableroom.read_route import reading_connection

NO_DAY = np.iinfo(np.int32).min
_ORDER = 'date_time DESC NULLS LAST, reference_id COLLATE "C"'
_PUBLIC = "WHERE withdrawn_at IS NULL"
_DAY = {
    "postgresql": "(date_time AT TIME ZONE 'UTC')::date - DATE '1970-01-01'",
    "sqlite": "CAST(julianday(substr(date_time, 1, 10)) - 2440587.5 AS integer)",
}
# Each cable's first release date (the earliest any of its copies gives), as a day number.
_FIRST_RELEASED = {
    "postgresql": "SELECT cable_id, (min(released) AT TIME ZONE 'UTC')::date - DATE '1970-01-01' "
    "FROM cableroom_cableversion WHERE released IS NOT NULL GROUP BY cable_id",
    "sqlite": "SELECT cable_id, CAST(julianday(substr(min(released), 1, 10)) - 2440587.5 AS "
    "integer) FROM cableroom_cableversion WHERE released IS NOT NULL GROUP BY cable_id",
}
# The DECL date as a day number (the browse index compares it with today's).
_DECLASSIFY_DAY = {
    "postgresql": "declassify_date - DATE '1970-01-01'",
    "sqlite": "CAST(julianday(declassify_date) - 2440587.5 AS integer)",
}
# Text columns read one at a time, each a list aligned with the cables' order.
_TEXTS = ("classification", "declassify_marker", "classified_by_name", "signer_name",
          "classification_reasons")  # fmt: skip
_PAIRS = {
    "tag": "SELECT cable_id, tag_id FROM cableroom_cabletag",
    "caveat": "SELECT cable_id, marking_id FROM cableroom_cable_caveats",
    "addressee": "SELECT cable_id, post_id, CASE WHEN role = 'TO' THEN 1 ELSE 0 END "
    "FROM cableroom_addressee",
}


@dataclass
class Columns:
    """Raw columns: cables in newest-first order, relations as id pairs, reference rows."""

    ids: np.ndarray
    days: np.ndarray
    years: np.ndarray
    months: np.ndarray
    origins: np.ndarray
    classifications: list[str]
    declassify_days: np.ndarray
    declassify_markers: list[str]
    classified_by: list[str]
    signers: list[str]
    reasons: list[str]
    tag_pairs: np.ndarray
    caveat_pairs: np.ndarray
    addressee_triples: np.ndarray
    released_pairs: np.ndarray
    posts: list[tuple]
    tags: list[tuple]
    markings: list[tuple]


def load_columns() -> Columns:
    """Every public cable's facet columns and the reference rows that label them, from the
    database this request reads (a replica or the primary, see `cableroom.read_route`)."""
    connection = reading_connection()
    if connection.vendor == "postgresql":
        outermost = not connection.in_atomic_block
        with transaction.atomic(using=connection.alias):
            with connection.cursor() as cursor:
                if outermost:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                cursor.execute("SET LOCAL jit = off")
                return _load(cursor, _aggregate_ints, _aggregate_texts, connection.vendor)
    with connection.cursor() as cursor:
        return _load(cursor, _fetch_ints, _fetch_texts, connection.vendor)


def _cable_sql(vendor: str) -> str:
    day = _DAY[vendor]
    ints = (
        f"id, coalesce({day}, {NO_DAY}), coalesce(year, 0), coalesce(month, 0), "
        f"coalesce(origin_id, 0), coalesce({_DECLASSIFY_DAY[vendor]}, {NO_DAY})"
    )
    order = _ORDER if vendor == "postgresql" else _ORDER.replace(' COLLATE "C"', "")
    return f"SELECT {ints} FROM cableroom_cable {_PUBLIC} ORDER BY {order}"


def _load(cursor, ints, texts, vendor: str) -> Columns:
    cables = ints(cursor, _cable_sql(vendor), 6)
    text = {
        name: texts(cursor, _cable_sql(vendor).replace("SELECT id,", f"SELECT {name}, id,", 1))
        for name in _TEXTS
    }
    return Columns(
        ids=cables[:, 0],
        days=cables[:, 1].astype(np.int32),
        years=cables[:, 2].astype(np.int32),
        months=cables[:, 3].astype(np.int32),
        origins=cables[:, 4],
        classifications=text["classification"],
        declassify_days=cables[:, 5].astype(np.int32),
        declassify_markers=text["declassify_marker"],
        classified_by=text["classified_by_name"],
        signers=text["signer_name"],
        reasons=text["classification_reasons"],
        tag_pairs=ints(cursor, _PAIRS["tag"], 2),
        caveat_pairs=ints(cursor, _PAIRS["caveat"], 2),
        addressee_triples=ints(cursor, _PAIRS["addressee"], 3),
        released_pairs=ints(cursor, _FIRST_RELEASED[vendor], 2),
        posts=_rows(cursor, "SELECT id, name, station_codes, city FROM cableroom_post"),
        tags=_rows(
            cursor, "SELECT id, code, kind, description, merged_into_id FROM cableroom_tag"
        ),
        markings=_rows(cursor, "SELECT id, code, name FROM cableroom_marking"),
    )


def _rows(cursor, sql: str) -> list[tuple]:
    cursor.execute(sql)
    return cursor.fetchall()


def _fetch_ints(cursor, sql: str, width: int) -> np.ndarray:
    cursor.execute(sql)
    return np.array(cursor.fetchall(), dtype=np.int64).reshape(-1, width)


def _fetch_texts(cursor, sql: str) -> list[str]:
    cursor.execute(sql)
    return [row[0] for row in cursor.fetchall()]


def _aggregate_ints(cursor, sql: str, width: int) -> np.ndarray:
    # One bytea of big-endian int4s: a single value to transfer and one `frombuffer`,
    # instead of a Python object per number (ids stay far below 2**31; PostgreSQL
    # raises rather than wraps if one ever does not).
    packed = " || ".join(f"int4send(c{i}::int4)" for i in range(width))
    names = ", ".join(f"c{i}" for i in range(width))
    cursor.execute(f"SELECT string_agg({packed}, ''::bytea) FROM ({sql}) AS t ({names})")
    data = cursor.fetchone()[0]
    if data is None:
        return np.zeros((0, width), dtype=np.int64)
    return np.frombuffer(bytes(data), dtype=">i4").reshape(-1, width).astype(np.int64)


def _aggregate_texts(cursor, sql: str) -> list[str]:
    cursor.execute(f"SELECT string_agg(c, E'\\n') FROM ({sql}) AS t (c)")
    data = cursor.fetchone()[0]
    return data.split("\n") if data is not None else []
