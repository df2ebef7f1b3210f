"""The search backend of a database connection: the database's own, or Tantivy's.

`search_backend()` is the only place in the search package that asks which database it
is on and which engine answers; everything else talks to the `SearchBackend` interface
(see `base`). `SEARCH_ENGINE` chooses: "auto" (the default) answers from the Tantivy
index in `SEARCH_INDEX_DIR` when a complete one is there and from the database
otherwise; "tantivy" the same, but a missing index is a warning rather than a note, and on
PostgreSQL, whose connections then keep no vectors of their own, a text query says
search is unavailable instead of answering from them (`unindexed`); "database" never
reads the index. Each change of engine is one log line per process.
"""

import logging
from pathlib import Path

from django.conf import settings

from cableroom.read_route import reading_connection
from cableroom.search.backends.base import SearchBackend
from cableroom.search.backends.postgres import PostgresBackend, keeps_vectors
from cableroom.search.backends.sqlite import SqliteBackend
from cableroom.search.backends.tantivy_index import SearchIndex, open_reader, read_state
from cableroom.search.backends.tantivy_search import TantivyBackend
from cableroom.search.backends.unindexed import UnindexedBackend

BACKENDS = {backend.vendor: backend for backend in (PostgresBackend, SqliteBackend)}
ENGINES = ("auto", "tantivy", "database")
logger = logging.getLogger(__name__)
_last_said: list[str] = [""]
UNAVAILABLE_MESSAGE = (
    "Text search is not available on this server right now: its search index is being "
    "built. Browsing by tag, date, post and the other filters works meanwhile."
)


def search_backend(connection=None) -> SearchBackend:
    """The backend answering text queries for `connection`; without one, for the database
    this request reads (the primary, or the read replica the request was routed to)."""
    database = database_backend(connection)
    index = chosen_index()
    if index is not None:
        return TantivyBackend(database, index)
    if database.vendor == "postgresql" and not keeps_vectors():
        return UnindexedBackend(database, UNAVAILABLE_MESSAGE)
    return database


def database_backend(connection=None) -> SearchBackend:
    """The database's own full-text backend (which also owns its search structures)."""
    connection = connection if connection is not None else reading_connection()
    vendor = connection.vendor
    if vendor not in BACKENDS:
        raise NotImplementedError(
            f"Full-text search is built for PostgreSQL and SQLite, not {vendor}"
        )
    return BACKENDS[vendor](connection)


def chosen_index() -> SearchIndex | None:
    """The Tantivy index that answers text queries, or None for the database's own."""
    engine = settings.SEARCH_ENGINE
    if engine == "database":
        return None
    folder = Path(settings.SEARCH_INDEX_DIR)
    state = read_state(folder)
    if state is None or not state.complete:
        why = "is being rebuilt" if state is not None else "is missing"
        _say(
            logging.WARNING if engine == "tantivy" else logging.INFO,
            f"The Tantivy index in {folder} {why} (manage.py rebuild_search_index builds "
            "it): text queries are answered by the database meanwhile, or on PostgreSQL "
            "with SEARCH_ENGINE=tantivy, which keeps no vectors there, not at all",
        )
        return None
    _say(logging.INFO, f"Text queries are answered by the Tantivy index in {folder}")
    return open_reader(folder)


def _say(level: int, message: str) -> None:
    # Once per change, not once per search.
    if _last_said[0] != message:
        _last_said[0] = message
        logger.log(level, message)
