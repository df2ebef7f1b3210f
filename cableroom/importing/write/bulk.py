"""Insert many plain rows fast: COPY on PostgreSQL, one executemany elsewhere.

The child tables of a cable (paragraphs, addressees, tags, references, caveats) get
tens of rows per cable. Building model instances for them costs more than the insert
itself, so they go in as tuples; ids are not needed back.
"""

from collections.abc import Iterable, Sequence

from django.db import connections, models, router

# Values of these field types need the backend's conversion (JSON text, UTC datetimes).
_PREPARED = (models.JSONField, models.DateTimeField, models.DateField)


def insert_rows(model, columns: Sequence[str], rows: Iterable[tuple]) -> int:
    """Insert `rows` (tuples in `columns` order) into `model`'s table; return the count.

    `columns` are field names (`cable_id` style for foreign keys). Triggers fire as for
    any insert, so database-side search structures fill in the same transaction.
    """
    rows = list(rows)
    if not rows:
        return 0
    meta = model._meta
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    table = quote(meta.db_table)
    names = ", ".join(quote(meta.get_field(column).column) for column in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Django's own error types (IntegrityError, ...), as for any other query.
            with connection.wrap_database_errors:
                _copy(cursor, f"COPY {table} ({names}) FROM STDIN", rows)
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)
    return len(rows)


def _copy(cursor, statement: str, rows: list[tuple]) -> None:
    # Django's cursor wrapper hides psycopg's copy(); the wrapped cursor has it.
    with cursor.cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)


def set_column(model, column: str, values: dict[int, object]) -> None:
    """Set one column on many rows by primary key, in one statement per 500 rows."""
    if not values:
        return
    meta = model._meta
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    table, target = quote(meta.db_table), quote(meta.get_field(column).column)
    pk = quote(meta.pk.column)
    items = list(values.items())
    with connection.cursor() as cursor:
        for start in range(0, len(items), 500):
            chunk = items[start : start + 500]
            cases = " ".join(["WHEN %s THEN %s"] * len(chunk))
            marks = ", ".join(["%s"] * len(chunk))
            params = [part for pair in chunk for part in pair] + [key for key, _ in chunk]
            cursor.execute(
                f"UPDATE {table} SET {target} = CASE {pk} {cases} END WHERE {pk} IN ({marks})",
                params,
            )


def insert_models(model, rows: list[dict]) -> int:
    """Insert whole rows given as {attname: value}; fields not named take their default.

    For the cable and version rows, whose ids are allocated first (`allocate_ids`), so
    that nothing has to be read back. `auto_now` fields must be given explicitly.
    """
    if not rows:
        return 0
    connection = connections[router.db_for_write(model)]
    columns = [_Column(field, connection) for field in model._meta.concrete_fields]
    values = [tuple(column.value(row) for column in columns) for row in rows]
    return insert_rows(model, [column.name for column in columns], values)


class _Column:
    """How one field's value is found in a row dict and made ready for the database."""

    def __init__(self, field, connection):
        self.name = field.attname
        self.field = field
        self.connection = connection
        self.prepared = isinstance(field, _PREPARED)
        self.factory = field.default if field.has_default() and callable(field.default) else None
        self.constant = None if self.factory else field.get_default()

    def value(self, row: dict):
        if self.name in row:
            value = row[self.name]
        else:
            value = self.factory() if self.factory else self.constant
        return self.field.get_db_prep_save(value, self.connection) if self.prepared else value


def allocate_ids(model, count: int) -> list[int]:
    """Reserve `count` primary keys for rows about to be inserted in this transaction.

    PostgreSQL takes them from the column's sequence (safe under concurrent imports);
    SQLite holds the write lock for the whole transaction (BEGIN IMMEDIATE), so the
    next ids after the highest ever used are free.
    """
    if count <= 0:
        return []
    meta = model._meta
    connection = connections[router.db_for_write(model)]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [meta.db_table, meta.pk.column, count],
            )
            return [row[0] for row in cursor.fetchall()]
        quote = connection.ops.quote_name
        cursor.execute(f"SELECT max({quote(meta.pk.column)}) FROM {quote(meta.db_table)}")
        highest = cursor.fetchone()[0] or 0
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [meta.db_table])
        found = cursor.fetchone()
        highest = max(highest, found[0] if found else 0)
        return list(range(highest + 1, highest + 1 + count))
