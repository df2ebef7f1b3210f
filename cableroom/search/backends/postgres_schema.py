"""PostgreSQL's search structures: the search table, its triggers, the browse generation.

The vectors live in a narrow table of their own (`cableroom_cable_search`: cable id and
`tsvector`, the subject weighted A and the body B) rather than in the wide cable row, so
a match reads small rows that stay cached instead of the cable's pages; the vector itself
goes to TOAST. `cableroom_match_cables` runs the match with sequential scans off: for a
very common word the planner would otherwise scan the table and decompress every vector.
The README's performance section has the measurements behind both choices.

The generation is kept in one row per group of server processes (the backend pid modulo
GENERATION_SLOTS), each set to a random number by statement-level triggers, so parallel
import lanes do not wait for each other's commit.
"""

from cableroom.search.schema import (
    BODY_CHARS,
    GENERATION_SLOTS,
    GENERATION_TABLE,
    SUBJECT_CHARS,
    WATCHED_TABLES,
)

SEARCH_TABLE = "cableroom_cable_search"
SEARCH_INDEX = "cable_search_gin"
# Where the vector lived before migration 0006 moved it into SEARCH_TABLE.
OLD_SEARCH_VECTOR = "search_vector"

# A connection that sets this to 'off' writes no vectors: a deployment answering text
# queries from Tantivy alone (SEARCH_ENGINE=tantivy) sets it on every connection, since
# computing the vectors and growing their GIN index took two thirds of the database's
# CPU in an import (README, Performance). An edited cable's vector is then deleted
# rather than left stale, so the table holds only current vectors and `fill_index`
# completes it when vectors are kept again. Unset means on.
VECTORS_SETTING = "cableroom.search_vectors"
_VECTORS_OFF = f"current_setting('{VECTORS_SETTING}', true) = 'off'"

_UPSERT_VECTORS = (
    f"INSERT INTO {SEARCH_TABLE} (cable_id, vector) {{rows}} "
    "ON CONFLICT (cable_id) DO UPDATE SET vector = EXCLUDED.vector"
)


def _search_trigger(
    event: str, statement: str, when: str, without_vectors: str | None = None
) -> list[str]:
    """The function and trigger that run `statement` on the cable table's `event`, or
    `without_vectors` (when given) on a connection that keeps no vectors."""
    name = f"cableroom_cable_search_{event}"
    if without_vectors is not None:
        statement = f"IF {_VECTORS_OFF} THEN {without_vectors}; ELSE {statement}; END IF"
    return [
        f"""
        CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN {statement}; RETURN NULL; END
        $$
        """,
        f"DROP TRIGGER IF EXISTS {name} ON cableroom_cable",
        f"CREATE TRIGGER {name} {when} EXECUTE FUNCTION {name}()",
    ]


# event -> (what the trigger does, when it fires[, what it does without vectors])
_SEARCH_TRIGGER_SPECS = {
    # Statement-level with a transition table: one INSERT ... SELECT per COPY of a batch.
    # A new cable has no vector to delete.
    "insert": (
        _UPSERT_VECTORS.format(
            rows="SELECT id, cableroom_cable_vector(subject, body) FROM inserted_cables"
        ),
        "AFTER INSERT ON cableroom_cable REFERENCING NEW TABLE AS inserted_cables "
        "FOR EACH STATEMENT",
        "NULL",
    ),
    # Row-level: a trigger with a column list cannot have a transition table.
    "update": (
        _UPSERT_VECTORS.format(
            rows="VALUES (NEW.id, cableroom_cable_vector(NEW.subject, NEW.body))"
        ),
        "AFTER UPDATE OF subject, body ON cableroom_cable FOR EACH ROW "
        "WHEN (OLD.subject IS DISTINCT FROM NEW.subject OR OLD.body IS DISTINCT FROM NEW.body)",
        f"DELETE FROM {SEARCH_TABLE} WHERE cable_id = NEW.id",
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
    sql for event, spec in _SEARCH_TRIGGER_SPECS.items() for sql in _search_trigger(event, *spec)
]

_BROWSE_COLUMNS = ("year", "month", "origin_id", "classification")
_DECLASSIFICATION_COLUMNS = ("declassify_date", "declassify_marker", "classified_by_name",
                             "signer_name", "classification_reasons")  # fmt: skip


def _browse_order_sql(columns: tuple[str, ...]) -> str:
    return (
        "CREATE INDEX IF NOT EXISTS cable_browse_order ON cableroom_cable "
        f'(date_time DESC NULLS LAST, reference_id COLLATE "C") INCLUDE ({", ".join(columns)}) '
        "WHERE withdrawn_at IS NULL"
    )


_STRUCTURES = [
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
    # Migrations before 0012 run this before the DECL, classified-by and signer columns
    # exist: they get the narrower index, which 0012 makes again with those columns.
    f"""
    DO $$ BEGIN
        IF EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema =
                   current_schema() AND table_name = 'cableroom_cable'
                   AND column_name = 'declassify_date') THEN
            {_browse_order_sql(_BROWSE_COLUMNS + _DECLASSIFICATION_COLUMNS)};
        ELSE
            {_browse_order_sql(_BROWSE_COLUMNS)};
        END IF;
    END $$
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


def _generation_trigger_sql(table: str) -> list[str]:
    # Statement-level: a bulk insert of a million rows bumps the generation once.
    name = f"{table}_browse_generation"
    return [
        f"DROP TRIGGER IF EXISTS {name} ON {table}",
        f"""
        CREATE TRIGGER {name} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table}
        FOR EACH STATEMENT EXECUTE FUNCTION cableroom_bump_browse_generation()
        """,
    ]


SCHEMA_SQL = _STRUCTURES + [
    sql for table in WATCHED_TABLES for sql in _generation_trigger_sql(table)
]


def fill_vectors_sql(vector: str) -> str:
    """Insert a row for each cable without one, its vector computed by `vector`."""
    # Only cables without a row: ON CONFLICT alone would still compute every vector.
    return (
        f"INSERT INTO {SEARCH_TABLE} (cable_id, vector) SELECT id, {vector} "
        f"FROM cableroom_cable AS c WHERE NOT EXISTS "
        f"(SELECT 1 FROM {SEARCH_TABLE} AS s WHERE s.cable_id = c.id)"
    )


def drop_sql() -> list[str]:
    """Statements that remove every structure above."""
    statements = [f"DROP TRIGGER IF EXISTS {t}_browse_generation ON {t}" for t in WATCHED_TABLES]
    statements += [
        f"DROP TABLE IF EXISTS {GENERATION_TABLE}",
        "DROP INDEX IF EXISTS cable_browse_order",
        "DROP FUNCTION IF EXISTS cableroom_bump_browse_generation()",
    ]
    for event in _SEARCH_TRIGGER_SPECS:
        statements += [
            f"DROP TRIGGER IF EXISTS cableroom_cable_search_{event} ON cableroom_cable",
            f"DROP FUNCTION IF EXISTS cableroom_cable_search_{event}()",
        ]
    return statements + [
        "DROP FUNCTION IF EXISTS cableroom_match_cables(tsquery)",
        "DROP FUNCTION IF EXISTS cableroom_cable_vector(text, text)",
        f"DROP TABLE IF EXISTS {SEARCH_TABLE}",
        f"ALTER TABLE cableroom_cable DROP COLUMN IF EXISTS {OLD_SEARCH_VECTOR}",
    ]
