"""PostgreSQL's search table: kept in step with the cables by triggers, and migrated into.

SQLite indexes text in its FTS5 table (covered with the rest of search in test_search);
these structures exist on PostgreSQL only, which CI runs the whole suite on.
"""

import pytest
from django.db import connection

from cableroom.models import Cable
from cableroom.search.matching import match_cables
from cableroom.search.query import parse_query
from cableroom.search.schema import (
    OLD_SEARCH_VECTOR,
    SEARCH_INDEX,
    SEARCH_TABLE,
    move_vectors_out_of_cable,
)
from tests.factories import cable


@pytest.fixture(autouse=True)
def _postgresql_only(db):
    if connection.vendor != "postgresql":
        pytest.skip("the search table is PostgreSQL's; SQLite searches its FTS5 table")


def _vector_row(pk):
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT ctid::text, vector::text FROM {SEARCH_TABLE} WHERE cable_id = %s", [pk]
        )
        return cursor.fetchone()


def _check_deferred_constraints_now(cursor):
    # The test's transaction holds deferred foreign-key checks, and PostgreSQL refuses
    # TRUNCATE or ALTER TABLE on a table with pending ones.
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def _ids(text):
    return set(match_cables(parse_query(text), ranked=False).ids)


def test_each_cable_has_one_row_with_its_weighted_vector():
    first = cable(subject="SAFFRON EXPORTS", paragraphs=(("U", "Cloves from Zanzibar."),))
    cable(subject="OTHER", paragraphs=(("U", "Nothing here."),))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {SEARCH_TABLE}")
        assert cursor.fetchone()[0] == Cable.objects.count() == 2
    vector = _vector_row(first.pk)[1]
    assert "'saffron':1A" in vector and "'zanzibar':" in vector and "B" in vector


def test_only_a_change_of_subject_or_body_rewrites_the_vector():
    edited = cable(subject="SAFFRON", paragraphs=(("U", "Cloves."),))
    before = _vector_row(edited.pk)
    Cable.objects.filter(pk=edited.pk).update(version_count=7)
    assert _vector_row(edited.pk) == before
    Cable.objects.filter(pk=edited.pk).update(body="Nutmeg.")
    after = _vector_row(edited.pk)
    assert after[0] != before[0] and "'nutmeg'" in after[1] and "'clove'" not in after[1]


def test_truncating_the_cables_empties_the_search_table():
    cable(subject="SAFFRON")
    with connection.cursor() as cursor:
        _check_deferred_constraints_now(cursor)
        cursor.execute("TRUNCATE cableroom_cable CASCADE")
        cursor.execute(f"SELECT count(*) FROM {SEARCH_TABLE}")
        assert cursor.fetchone()[0] == 0


def test_matching_keeps_the_planner_off_sequential_scans():
    # For a word in most cables a sequential scan would decompress every vector.
    with connection.cursor() as cursor:
        cursor.execute("SELECT proconfig FROM pg_proc WHERE proname = 'cableroom_match_cables'")
        assert cursor.fetchone()[0] == ["enable_seqscan=off"]


def test_migration_moves_stored_vectors_out_of_the_cable_row():
    kept = cable(subject="SAFFRON", paragraphs=(("U", "Cloves."),))
    expected = _vector_row(kept.pk)[1]
    with connection.cursor() as cursor:
        _check_deferred_constraints_now(cursor)
        # The layout before migration 0006: a generated column, the table not yet filled.
        cursor.execute(
            f"ALTER TABLE cableroom_cable ADD COLUMN {OLD_SEARCH_VECTOR} tsvector "
            "GENERATED ALWAYS AS (cableroom_cable_vector(subject, body)) STORED"
        )
        cursor.execute(f"DELETE FROM {SEARCH_TABLE}")
    assert _ids("saffron") == set()
    move_vectors_out_of_cable(connection)
    assert _vector_row(kept.pk)[1] == expected
    assert _ids("saffron") == {kept.pk}
    with connection.cursor() as cursor:
        columns = connection.introspection.get_table_description(cursor, "cableroom_cable")
    assert OLD_SEARCH_VECTOR not in {column.name for column in columns}
    # The GIN index, dropped for the copy, is back.
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s", [SEARCH_INDEX])
        assert "USING gin (vector)" in cursor.fetchone()[0]
