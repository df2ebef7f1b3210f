"""Database structures that full-text search and the browse index rely on.

Two things live outside the Django models because they are vendor-specific:

- the full-text index: on PostgreSQL a narrow table `cableroom_cable_search` (cable id,
  `tsvector` of subject weighted A and body weighted B) with a GIN index, filled by
  triggers on `cableroom_cable`; on SQLite an FTS5 external-content table kept in step
  with `cableroom_cable` by triggers. Both are filled by the database itself on every
  insert and update, so a bulk import and a curator's edit are searchable in the same
  transaction.
- the browse generation: a number that changes whenever a cable, its tags, addressees
  or caveats, or a tag, post or marking changes, so the in-process browse index can
  compare it on every request and rebuild when it differs (see `browse_index`). It is
  the sum of a few rows, each set to a random number (so a rolled back transaction can
  never hand an old value to new data) by the transactions of one group of server
  processes on PostgreSQL. With a single row, every writing transaction held that row
  until it committed, so the import's parallel writers waited for one another (a
  quarter of their time, measured); with a row per group they rarely meet.

Why a table of its own on PostgreSQL rather than a generated column on the cable: a
match reads every matching row's heap page. Cable rows are wide (about a kilobyte
without their text), so a common word read tens of thousands of pages, most of them
not in shared buffers; the search rows are a few dozen bytes (the vector itself goes
to TOAST, `toast_tuple_target`), so the whole table is a few megabytes that stay
cached, and a word found in 200,000 cables matches in tens of milliseconds instead of
hundreds. `cableroom_match_cables` runs the match with sequential scans off: for a
very common word the planner would otherwise scan the table and decompress every
vector, which is seconds, not milliseconds.

`ensure_search_schema` is idempotent. The migrations call it, and so does a
`post_migrate` handler: SQLite rebuilds a table when a later migration alters it, which
drops its triggers, and this puts them back.
"""

from django.db import connection as default_connection

GENERATION_TABLE = "cableroom_browse_generation"
# Rows of the generation on PostgreSQL (see above); SQLite has one writer and one row.
GENERATION_SLOTS = 64
FTS_TABLE = "cableroom_cable_fts"
SEARCH_TABLE = "cableroom_cable_search"
SEARCH_INDEX = "cable_search_gin"
# Where the vector lived before migration 0006 moved it into SEARCH_TABLE.
OLD_SEARCH_VECTOR = "search_vector"
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

_UPSERT_VECTORS = (
    f"INSERT INTO {SEARCH_TABLE} (cable_id, vector) {{rows}} "
    "ON CONFLICT (cable_id) DO UPDATE SET vector = EXCLUDED.vector"
)


def _search_trigger(event: str, statement: str, when: str) -> list[str]:
    """The function and trigger that run `statement` on the cable table's `event`."""
    name = f"cableroom_cable_search_{event}"
    return [
        f"""
        CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN {statement}; RETURN NULL; END
        $$
        """,
        f"DROP TRIGGER IF EXISTS {name} ON cableroom_cable",
        f"CREATE TRIGGER {name} {when} EXECUTE FUNCTION {name}()",
    ]


# event -> (what the trigger does, when it fires)
_SEARCH_TRIGGER_SPECS = {
    # Statement-level with a transition table: one INSERT ... SELECT per COPY of a batch.
    "insert": (
        _UPSERT_VECTORS.format(
            rows="SELECT id, cableroom_cable_vector(subject, body) FROM inserted_cables"
        ),
        "AFTER INSERT ON cableroom_cable REFERENCING NEW TABLE AS inserted_cables "
        "FOR EACH STATEMENT",
    ),
    # Row-level: a trigger with a column list cannot have a transition table.
    "update": (
        _UPSERT_VECTORS.format(
            rows="VALUES (NEW.id, cableroom_cable_vector(NEW.subject, NEW.body))"
        ),
        "AFTER UPDATE OF subject, body ON cableroom_cable FOR EACH ROW "
        "WHEN (OLD.subject IS DISTINCT FROM NEW.subject OR OLD.body IS DISTINCT FROM NEW.body)",
    ),
    "delete": (
        f"DELETE FROM {SEARCH_TABLE} AS s USING deleted_cables AS d WHERE s.cable_id = d.id",
        "AFTER DELETE ON cableroom_cable REFERENCING OLD TABLE AS deleted_cables "
        "FOR EACH STATEMENT",
    ),
    # Django's flush empties the cable table with TRUNCATE, which fires no row trigger.
    "truncate": (
        f"TRUNCATE {SEARCH_TABLE}",
        "AFTER TRUNCATE ON cableroom_cable FOR EACH STATEMENT",
    ),
}
_SEARCH_TRIGGERS = [
    sql
    for event, (statement, when) in _SEARCH_TRIGGER_SPECS.items()
    for sql in _search_trigger(event, statement, when)
]

POSTGRES_SQL = [
    f"""
    CREATE TABLE IF NOT EXISTS {SEARCH_TABLE} (
        cable_id integer PRIMARY KEY,
        vector tsvector NOT NULL
    ) WITH (toast_tuple_target = 128)
    """,
    f"CREATE INDEX IF NOT EXISTS {SEARCH_INDEX} ON {SEARCH_TABLE} USING gin (vector)",
    f"""
    CREATE OR REPLACE FUNCTION cableroom_cable_vector(subject text, body text)
    RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT setweight(to_tsvector('english', left(coalesce(subject, ''), {SUBJECT_CHARS})), 'A')
            || setweight(to_tsvector('english', left(coalesce(body, ''), {BODY_CHARS})), 'B')
    $$
    """,
    *_SEARCH_TRIGGERS,
    f"""
    CREATE OR REPLACE FUNCTION cableroom_match_cables(query tsquery) RETURNS integer[]
    LANGUAGE sql STABLE SET enable_seqscan = off AS $$
        SELECT array_agg(cable_id) FROM {SEARCH_TABLE} WHERE vector @@ query
    $$
    """,
    # The browse index reads its cable columns from this index alone (index-only scan,
    # already in date order) instead of the wide cable rows.
    """
    CREATE INDEX IF NOT EXISTS cable_browse_order ON cableroom_cable
    (date_time DESC NULLS LAST, reference_id COLLATE "C")
    INCLUDE (year, month, origin_id, classification) WHERE withdrawn_at IS NULL
    """,
    f"""
    CREATE TABLE IF NOT EXISTS {GENERATION_TABLE} (
        id smallint PRIMARY KEY, generation bigint NOT NULL
    )
    """,
    f"INSERT INTO {GENERATION_TABLE} (id, generation) VALUES (1, 0) ON CONFLICT (id) DO NOTHING",
    f"""
    CREATE OR REPLACE FUNCTION cableroom_bump_browse_generation() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO {GENERATION_TABLE} (id, generation)
        VALUES (1 + pg_backend_pid() % {GENERATION_SLOTS}, (random() * 9e15)::bigint)
        ON CONFLICT (id) DO UPDATE SET generation = EXCLUDED.generation;
        RETURN NULL;
    END
    $$
    """,
]


def _postgres_trigger_sql(table: str) -> list[str]:
    # Statement-level: a bulk insert of a million rows bumps the generation once.
    name = f"{table}_browse_generation"
    return [
        f"DROP TRIGGER IF EXISTS {name} ON {table}",
        f"""
        CREATE TRIGGER {name} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table}
        FOR EACH STATEMENT EXECUTE FUNCTION cableroom_bump_browse_generation()
        """,
    ]


SQLITE_FTS_SQL = [
    f"""
    CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(
        subject, body, content='cableroom_cable', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2'
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

_SQLITE_BUMP = (
    f"INSERT INTO {GENERATION_TABLE} (id, generation) VALUES (1, random()) "
    "ON CONFLICT (id) DO UPDATE SET generation = excluded.generation;"
)


def _sqlite_trigger_sql(table: str) -> list[str]:
    # SQLite has row-level triggers only; one upsert per row is cheap next to the row.
    return [
        f"""
        CREATE TRIGGER IF NOT EXISTS {table}_browse_generation_{event.lower()}
        AFTER {event} ON {table} BEGIN {_SQLITE_BUMP} END
        """
        for event in ("INSERT", "UPDATE", "DELETE")
    ]


def schema_sql(vendor: str) -> list[str]:
    """The statements that create (or re-create) the search structures for `vendor`."""
    if vendor == "postgresql":
        triggers = [sql for table in WATCHED_TABLES for sql in _postgres_trigger_sql(table)]
        return POSTGRES_SQL + triggers
    if vendor == "sqlite":
        triggers = [sql for table in WATCHED_TABLES for sql in _sqlite_trigger_sql(table)]
        return SQLITE_FTS_SQL + triggers
    raise NotImplementedError(f"Full-text search is built for PostgreSQL and SQLite, not {vendor}")


def ensure_search_schema(connection=default_connection) -> None:
    """Create whatever search structure is missing; a no-op when all are in place."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            _require_fts5(cursor)
        for statement in schema_sql(connection.vendor):
            cursor.execute(statement)


def rebuild_fts(connection=default_connection) -> None:
    """Index every existing cable that is not indexed yet (after the schema was created)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}) VALUES ('rebuild')")
        else:
            cursor.execute(_fill_vectors_sql("cableroom_cable_vector(subject, body)"))


def _fill_vectors_sql(vector: str) -> str:
    # Only cables without a row: ON CONFLICT alone would still compute every vector.
    return (
        f"INSERT INTO {SEARCH_TABLE} (cable_id, vector) SELECT id, {vector} "
        f"FROM cableroom_cable AS c WHERE NOT EXISTS "
        f"(SELECT 1 FROM {SEARCH_TABLE} AS s WHERE s.cable_id = c.id)"
    )


def move_vectors_out_of_cable(connection=default_connection) -> None:
    """Migration 0006 on PostgreSQL: the cable's generated vector column into SEARCH_TABLE.

    The stored vectors are copied rather than computed again; the column (and its GIN
    index with it) is dropped. A database created after 0006 never had the column.
    """
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        columns = connection.introspection.get_table_description(cursor, "cableroom_cable")
        if any(column.name == OLD_SEARCH_VECTOR for column in columns):
            # Building the GIN index once over the filled table is several times faster
            # than growing it row by row (a 250,000-cable archive: minutes otherwise).
            cursor.execute(f"DROP INDEX IF EXISTS {SEARCH_INDEX}")
            cursor.execute(_fill_vectors_sql(OLD_SEARCH_VECTOR))
            cursor.execute(f"ALTER TABLE cableroom_cable DROP COLUMN {OLD_SEARCH_VECTOR}")
            cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
            ensure_search_schema(connection)


def drop_search_schema(connection=default_connection) -> None:
    """Remove the search structures (the migration's reverse)."""
    with connection.cursor() as cursor:
        for table in WATCHED_TABLES:
            _drop_triggers(cursor, connection.vendor, table)
        cursor.execute(f"DROP TABLE IF EXISTS {GENERATION_TABLE}")
        cursor.execute("DROP INDEX IF EXISTS cable_browse_order")
        if connection.vendor == "postgresql":
            cursor.execute("DROP FUNCTION IF EXISTS cableroom_bump_browse_generation()")
            for event in _SEARCH_TRIGGER_SPECS:
                cursor.execute(
                    f"DROP TRIGGER IF EXISTS cableroom_cable_search_{event} ON cableroom_cable"
                )
                cursor.execute(f"DROP FUNCTION IF EXISTS cableroom_cable_search_{event}()")
            cursor.execute("DROP FUNCTION IF EXISTS cableroom_match_cables(tsquery)")
            cursor.execute("DROP FUNCTION IF EXISTS cableroom_cable_vector(text, text)")
            cursor.execute(f"DROP TABLE IF EXISTS {SEARCH_TABLE}")
            cursor.execute(
                f"ALTER TABLE cableroom_cable DROP COLUMN IF EXISTS {OLD_SEARCH_VECTOR}"
            )
        else:
            for suffix in ("insert", "delete", "update"):
                cursor.execute(f"DROP TRIGGER IF EXISTS cableroom_cable_fts_{suffix}")
            cursor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")


def _drop_triggers(cursor, vendor: str, table: str) -> None:
    if vendor == "postgresql":
        cursor.execute(f"DROP TRIGGER IF EXISTS {table}_browse_generation ON {table}")
        return
    for event in ("insert", "update", "delete"):
        cursor.execute(f"DROP TRIGGER IF EXISTS {table}_browse_generation_{event}")


def _require_fts5(cursor) -> None:
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


def restore_after_migrate(sender, using="default", **kwargs) -> None:
    """post_migrate: put back triggers a table rebuild dropped, once 0003 has run."""
    from django.db import connections

    connection = connections[using]
    if GENERATION_TABLE in connection.introspection.table_names():
        ensure_search_schema(connection)


def disable_jit(sender, connection, **kwargs) -> None:
    """connection_created: no JIT on PostgreSQL connections.

    The browse page's queries are short; JIT compilation would add 50-150 ms to any
    whose estimated cost crosses `jit_above_cost` (a full-text match over many rows).
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET jit = off")
