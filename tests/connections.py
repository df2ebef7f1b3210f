"""Connections of their own to the test database, for tests of writers side by side.

Django's connection runs the test; these are other server processes, as another import
lane or another request would be. Only for `transaction=True` tests: what the test's own
transaction holds is invisible (and in the way) otherwise.
"""

import psycopg
from django.db import connection

from cableroom.search.schema import GENERATION_SLOTS


def connect() -> psycopg.Connection:
    settings = connection.settings_dict
    return psycopg.connect(
        dbname=settings["NAME"],
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
        user=settings["USER"] or None,
        password=settings["PASSWORD"] or None,
    )


def generation_row(backend_pid: int) -> int:
    """The row of the browse generation a server process writes (see search_schema)."""
    return 1 + backend_pid % GENERATION_SLOTS


def connect_outside_generation_row(row: int) -> psycopg.Connection:
    """A new connection whose server process writes another row of the generation than
    `row`, so that a test of waiting cannot be about that row."""
    for _ in range(GENERATION_SLOTS):
        conn = connect()
        if generation_row(conn.info.backend_pid) != row:
            return conn
        conn.close()
    raise AssertionError(f"every new server process fell in generation row {row}")
