"""Database structures that full-text search and the browse index rely on.

Two things live outside the Django models because each database builds them its own
way (the statements are in `backends/postgres_schema.py` and `backends/sqlite_schema.py`):

- the full-text index, filled by the database itself on every insert and update, so a
  bulk import and a curator's edit are searchable in the same transaction;
- the browse generation: a number that changes whenever a cable, its tags, addressees
  or caveats, or a tag, post or marking changes, so the in-process browse index can
  compare it on every request and rebuild when it differs. It is the sum of a few rows,
  each set to a random number, so a rolled-back transaction can never hand an old value
  to new data.

`ensure_search_schema` is idempotent. The migrations call it, and so does a
`post_migrate` handler: SQLite rebuilds a table when a later migration alters it, which
drops its triggers, and this puts them back.
"""

from django.db import connection as default_connection
from django.db import connections

GENERATION_TABLE = "cableroom_browse_generation"
# Rows of the generation on PostgreSQL (one per group of server processes); SQLite has one.
GENERATION_SLOTS = 64
# Tables whose changes can change what the browse page shows.
WATCHED_TABLES = (
    "cableroom_cable",
    "cableroom_cabletag",
    "cableroom_addressee",
    "cableroom_cable_caveats",
    "cableroom_tag",
    "cableroom_post",
    "cableroom_marking",
)
# Long enough for any cable; bounded so a pathological body cannot overflow a tsvector.
SUBJECT_CHARS = 10_000
BODY_CHARS = 400_000


def _backend(connection):
    # Imported here: the backends' schema modules read the names above.
    from cableroom.search.backends import database_backend

    return database_backend(connection)


def ensure_search_schema(connection=default_connection) -> None:
    """Create whatever search structure is missing; a no-op when all are in place."""
    _backend(connection).install_schema()


def rebuild_fts(connection=default_connection) -> None:
    """Index every existing cable that is not indexed yet (after the schema was created)."""
    _backend(connection).fill_index()


def move_vectors_out_of_cable(connection=default_connection) -> None:
    """Migration 0006: bring an older layout's search structures up to date."""
    _backend(connection).upgrade_schema()


def drop_search_schema(connection=default_connection) -> None:
    """Remove the search structures (the migration's reverse)."""
    _backend(connection).drop_schema()


def restore_after_migrate(sender, using="default", **kwargs) -> None:
    """post_migrate: put back triggers a table rebuild dropped, once 0004 has run."""
    connection = connections[using]
    if GENERATION_TABLE in connection.introspection.table_names():
        ensure_search_schema(connection)


def disable_jit(sender, connection, **kwargs) -> None:
    """connection_created: the settings a search needs on a new connection (no JIT)."""
    _backend(connection).configure_connection()
