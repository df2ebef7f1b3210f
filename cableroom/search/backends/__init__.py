"""The search backend of a database connection, chosen by its vendor.

`search_backend()` is the only place in the search package that asks which database it
is on; everything else talks to the `SearchBackend` interface (see `base`).
"""

from cableroom.read_route import reading_connection
from cableroom.search.backends.base import SearchBackend
from cableroom.search.backends.postgres import PostgresBackend
from cableroom.search.backends.sqlite import SqliteBackend

BACKENDS = {backend.vendor: backend for backend in (PostgresBackend, SqliteBackend)}


def search_backend(connection=None) -> SearchBackend:
    """The backend for `connection`; without one, for the database this request reads
    (the primary, or the read replica the request was routed to)."""
    connection = connection if connection is not None else reading_connection()
    vendor = connection.vendor
    if vendor not in BACKENDS:
        raise NotImplementedError(
            f"Full-text search is built for PostgreSQL and SQLite, not {vendor}"
        )
    return BACKENDS[vendor](connection)
