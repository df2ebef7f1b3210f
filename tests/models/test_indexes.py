"""Indexes: no single-column index where a composite one starting with that column exists."""

import importlib

from django.db import connection

REDUNDANT = importlib.import_module("cableroom.migrations.0007_drop_redundant_indexes").REDUNDANT


def test_each_dropped_index_is_gone_and_its_column_still_leads_an_index(db):
    with connection.cursor() as cursor:
        for index, table, column, covering in REDUNDANT:
            constraints = connection.introspection.get_constraints(cursor, table)
            assert index not in constraints
            assert constraints[covering]["columns"][0] == column, (table, covering)
            assert constraints[covering]["index"] or constraints[covering]["unique"]


# The tables an import fills, several rows per cable. (Django's own table for the
# caveats keeps its cable_id index: an auto-created many-to-many table cannot drop it.)
IMPORTED_TABLES = [
    "cableroom_cable",
    "cableroom_cableversion",
    "cableroom_paragraph",
    "cableroom_addressee",
    "cableroom_cabletag",
    "cableroom_reference",
]


def test_no_other_single_column_index_is_covered_by_a_composite_one(db):
    # A new field with db_index=True (or a foreign key) on a column that already leads a
    # composite index would bring back the cost the migration removed.
    covered = []
    with connection.cursor() as cursor:
        for table in IMPORTED_TABLES:
            constraints = connection.introspection.get_constraints(cursor, table)
            indexes = {
                name: info["columns"]
                for name, info in constraints.items()
                if (info["index"] or info["unique"]) and info["columns"]
            }
            leading = {columns[0] for columns in indexes.values() if len(columns) > 1}
            covered += [
                (table, name)
                for name, columns in indexes.items()
                if len(columns) == 1
                and columns[0] in leading
                and not constraints[name]["unique"]
                and not constraints[name]["primary_key"]
                and not name.endswith("_like")
            ]
    assert covered == [], covered


def test_the_first_release_days_are_read_from_their_partial_index(db):
    # The browse index reads this at every rebuild; without the index, PostgreSQL reads
    # the whole table of stored copies (raw texts) to find the few with a release date.
    from django.db import transaction

    from cableroom.browse.loader import _FIRST_RELEASED

    sql = _FIRST_RELEASED[connection.vendor]
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")  # the test table is tiny
            cursor.execute(f"EXPLAIN {sql}")
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
        plan = " ".join(str(part) for row in cursor.fetchall() for part in row)
    assert "version_first_released" in plan, plan
