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
                return _load(cursor, _aggregate_cables, _aggregate_ints, connection.vendor)
    with connection.cursor() as cursor:
        return _load(cursor, _fetch_cables, _fetch_ints, connection.vendor)


_INTS = 6  # id, day, year, month, origin, DECL day; then the text columns


def _cable_sql(vendor: str) -> str:
    day = _DAY[vendor]
    ints = (
        f"id, coalesce({day}, {NO_DAY}), coalesce(year, 0), coalesce(month, 0), "
        f"coalesce(origin_id, 0), coalesce({_DECLASSIFY_DAY[vendor]}, {NO_DAY})"
    )
    order = _ORDER if vendor == "postgresql" else _ORDER.replace(' COLLATE "C"', "")
    return f"SELECT {ints}, {', '.join(_TEXTS)} FROM cableroom_cable {_PUBLIC} ORDER BY {order}"


def _load(cursor, cable_columns, ints, vendor: str) -> Columns:
    cables, text = cable_columns(cursor, _cable_sql(vendor))
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


def _fetch_cables(cursor, sql: str) -> tuple[np.ndarray, dict[str, list[str]]]:
    cursor.execute(sql)
    rows = cursor.fetchall()
    ints = np.array([row[:_INTS] for row in rows], dtype=np.int64).reshape(-1, _INTS)
    texts = {name: [row[_INTS + i] for row in rows] for i, name in enumerate(_TEXTS)}
    return ints, texts


def _fetch_ints(cursor, sql: str, width: int) -> np.ndarray:
    cursor.execute(sql)
    return np.array(cursor.fetchall(), dtype=np.int64).reshape(-1, width)


def _aggregate_cables(cursor, sql: str) -> tuple[np.ndarray, dict[str, list[str]]]:
    # One ordered scan for the numbers and every text column: each column is a scan of
    # the covering index otherwise (six of them took 0.6 s of a 0.9 s rebuild at 59,000
    # cables, the reader's wait during an import).
    numbers = [f"c{i}" for i in range(_INTS)]
    texts = [f"c{_INTS + i}" for i in range(len(_TEXTS))]
    aggregates = [_packed(numbers), *(f"string_agg({c}, E'\\n')" for c in texts)]
    cursor.execute(
        f"SELECT {', '.join(aggregates)} FROM ({sql}) AS t ({', '.join(numbers + texts)})"
    )
    row = cursor.fetchone()
    text = {
        name: data.split("\n") if data is not None else []
        for name, data in zip(_TEXTS, row[1:], strict=True)
    }
    return _unpacked(row[0], _INTS), text


def _aggregate_ints(cursor, sql: str, width: int) -> np.ndarray:
    names = [f"c{i}" for i in range(width)]
    cursor.execute(f"SELECT {_packed(names)} FROM ({sql}) AS t ({', '.join(names)})")
    return _unpacked(cursor.fetchone()[0], width)


def _packed(names: list[str]) -> str:
    # One bytea of big-endian int4s: a single value to transfer and one `frombuffer`,
    # instead of a Python object per number (ids stay far below 2**31; PostgreSQL
    # raises rather than wraps if one ever does not).
    return f"string_agg({' || '.join(f'int4send({name}::int4)' for name in names)}, ''::bytea)"


def _unpacked(data, width: int) -> np.ndarray:
    if data is None:
        return np.zeros((0, width), dtype=np.int64)
    return np.frombuffer(bytes(data), dtype=">i4").reshape(-1, width).astype(np.int64)
