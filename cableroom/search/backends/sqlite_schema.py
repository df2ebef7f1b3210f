"""SQLite's search structures: the FTS5 table, its triggers, the browse generation.

The FTS5 table is external-content (it reads subject and body from `cableroom_cable`
and stores only its index), kept in step by row triggers. SQLite has one writer at a
time, so the generation is a single row, bumped by row triggers on the watched tables.
"""

from cableroom.search.schema import GENERATION_TABLE, WATCHED_TABLES

FTS_TABLE = "cableroom_cable_fts"
_FTS_TRIGGERS = ("insert", "delete", "update")
TOKENIZE = "porter unicode61 remove_diacritics 2"
# A connection's own table of texts to mark, tokenised as the cables are.
HIGHLIGHT_TABLE = "cableroom_highlight"
HIGHLIGHT_SQL = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.{HIGHLIGHT_TABLE} "
    f"USING fts5(text, tokenize='{TOKENIZE}')"
)

_STRUCTURES = [
    f"""
    CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(
        subject, body, content='cableroom_cable', content_rowid='id',
        tokenize='{TOKENIZE}'
    )
    """,
    f"""
    CREATE TRIGGER IF NOT EXISTS cableroom_cable_fts_insert AFTER INSERT ON cableroom_cable
    BEGIN
        INSERT INTO {FTS_TABLE} (rowid, subject, body) VALUES (new.id, new.subject, new.body);
    END
    """,
    f"""
    CREATE TRIGGER IF NOT EXISTS cableroom_cable_fts_delete AFTER DELETE ON cableroom_cable
    BEGIN
        INSERT INTO {FTS_TABLE} ({FTS_TABLE}, rowid, subject, body)
        VALUES ('delete', old.id, old.subject, old.body);
    END
    """,
    f"""
    CREATE TRIGGER IF NOT EXISTS cableroom_cable_fts_update
    AFTER UPDATE OF subject, body ON cableroom_cable
    BEGIN
        INSERT INTO {FTS_TABLE} ({FTS_TABLE}, rowid, subject, body)
        VALUES ('delete', old.id, old.subject, old.body);
        INSERT INTO {FTS_TABLE} (rowid, subject, body) VALUES (new.id, new.subject, new.body);
    END
    """,
    """
    CREATE INDEX IF NOT EXISTS cable_browse_order ON cableroom_cable
    (date_time DESC, reference_id, id, year, month, origin_id, classification)
    WHERE withdrawn_at IS NULL
    """,
    f"""
    CREATE TABLE IF NOT EXISTS {GENERATION_TABLE} (
        id integer PRIMARY KEY, generation integer NOT NULL
    )
    """,
    f"INSERT OR IGNORE INTO {GENERATION_TABLE} (id, generation) VALUES (1, 0)",
]

_BUMP = (
    f"INSERT INTO {GENERATION_TABLE} (id, generation) VALUES (1, random()) "
    "ON CONFLICT (id) DO UPDATE SET generation = excluded.generation;"
)
_EVENTS = ("insert", "update", "delete")


def _generation_trigger_sql(table: str) -> list[str]:
    # Row-level triggers only in SQLite; one upsert per row is cheap next to the row.
    return [
        f"""
        CREATE TRIGGER IF NOT EXISTS {table}_browse_generation_{event}
        AFTER {event.upper()} ON {table} BEGIN {_BUMP} END
        """
        for event in _EVENTS
    ]


SCHEMA_SQL = _STRUCTURES + [
    sql for table in WATCHED_TABLES for sql in _generation_trigger_sql(table)
]
FILL_SQL = f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}) VALUES ('rebuild')"


def drop_sql() -> list[str]:
    """Statements that remove every structure above."""
    statements = [
        f"DROP TRIGGER IF EXISTS {table}_browse_generation_{event}"
        for table in WATCHED_TABLES
        for event in _EVENTS
    ]
    statements += [
        f"DROP TABLE IF EXISTS {GENERATION_TABLE}",
        "DROP INDEX IF EXISTS cable_browse_order",
    ]
    statements += [f"DROP TRIGGER IF EXISTS cableroom_cable_fts_{name}" for name in _FTS_TRIGGERS]
    return statements + [f"DROP TABLE IF EXISTS {FTS_TABLE}"]


def require_fts5(cursor) -> None:
    """Raise a clear error when this Python's SQLite cannot build an FTS5 table."""
    cursor.execute("SELECT sqlite_compileoption_used('ENABLE_FTS5')")
    if not cursor.fetchone()[0]:
        # Some builds load FTS5 without the compile option; try it before giving up.
        try:
            cursor.execute("CREATE VIRTUAL TABLE temp.cableroom_fts5_probe USING fts5(x)")
            cursor.execute("DROP TABLE temp.cableroom_fts5_probe")
        except Exception as error:
            raise RuntimeError(
                "This Python's SQLite has no FTS5; full-text search needs it "
                "(use PostgreSQL or a Python built against a newer SQLite)."
            ) from error
