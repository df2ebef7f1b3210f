"""The search structures: installed, filled and removed on both databases; PostgreSQL's
search table kept in step with the cables by triggers, and migrated into.

SQLite's FTS5 table follows the cables by triggers too (test_backends covers that on
both databases); the search table exists on PostgreSQL only, which CI runs the suite on.
"""

import io

import pytest
from django.core.management import call_command
from django.db import connection

from cableroom.browse.index import current_generation
from cableroom.models import Cable
from cableroom.search import match_cables, parse_query
from cableroom.search.backends import database_backend
from cableroom.search.backends.postgres_schema import (
    OLD_SEARCH_VECTOR,
    SEARCH_INDEX,
    SEARCH_TABLE,
    VECTORS_SETTING,
)
from cableroom.search.schema import (
    GENERATION_TABLE,
    drop_search_schema,
    ensure_search_schema,
    move_vectors_out_of_cable,
    rebuild_fts,
)
from tests.factories import cable


@pytest.fixture
def postgresql(db):
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
    # TRUNCATE or ALTER TABLE on a table with pending ones (SQLite has no such check).
    if connection.vendor == "postgresql":
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def _ids(text):
    return set(match_cables(parse_query(text), ranked=False).ids)


# --- both databases ----------------------------------------------------------------------


def _objects():
    with connection.cursor() as cursor:
        return set(connection.introspection.table_names(cursor)) | _triggers(cursor)


def _triggers(cursor):
    if connection.vendor == "postgresql":
        cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
    else:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
    return {row[0] for row in cursor.fetchall()}


def test_installing_again_changes_nothing(db):
    before = _objects()
    ensure_search_schema(connection)
    assert _objects() == before and GENERATION_TABLE in before


def test_removed_structures_come_back_and_fill_from_the_cables(db):
    kept = cable(subject="SAFFRON", paragraphs=(("U", "Cloves."),))
    before = _objects()
    with connection.cursor() as cursor:
        _check_deferred_constraints_now(cursor)
    drop_search_schema(connection)
    removed = before - _objects()
    assert GENERATION_TABLE in removed and any("generation" in name for name in removed)
    ensure_search_schema(connection)
    assert _objects() == before
    assert _ids("saffron") == set()  # an empty index until it is filled
    rebuild_fts(connection)
    assert _ids("saffron") == {kept.pk}
    # The generation triggers are back: a write changes the generation again.
    generation = current_generation()
    Cable.objects.filter(pk=kept.pk).update(subject="NUTMEG")
    assert current_generation() != generation and _ids("nutmeg") == {kept.pk}


# --- PostgreSQL's search table -----------------------------------------------------------


def test_each_cable_has_one_row_with_its_weighted_vector(postgresql):
    first = cable(subject="SAFFRON EXPORTS", paragraphs=(("U", "Cloves from Zanzibar."),))
    cable(subject="OTHER", paragraphs=(("U", "Nothing here."),))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {SEARCH_TABLE}")
        assert cursor.fetchone()[0] == Cable.objects.count() == 2
    vector = _vector_row(first.pk)[1]
    assert "'saffron':1A" in vector and "'zanzibar':" in vector and "B" in vector


def test_only_a_change_of_subject_or_body_rewrites_the_vector(postgresql):
    edited = cable(subject="SAFFRON", paragraphs=(("U", "Cloves."),))
    before = _vector_row(edited.pk)
    Cable.objects.filter(pk=edited.pk).update(version_count=7)
    assert _vector_row(edited.pk) == before
    Cable.objects.filter(pk=edited.pk).update(body="Nutmeg.")
    after = _vector_row(edited.pk)
    assert after[0] != before[0] and "'nutmeg'" in after[1] and "'clove'" not in after[1]


def _vectors(setting: str) -> None:
    # SET inside the test's transaction: its rollback restores the setting.
    with connection.cursor() as cursor:
        cursor.execute(f"SET {VECTORS_SETTING} = {setting}")


def test_a_connection_without_vectors_writes_none_and_drops_an_edited_ones(postgresql):
    kept = cable(subject="SAFFRON", paragraphs=(("U", "Cloves."),))
    _vectors("off")
    new = cable(subject="NUTMEG", paragraphs=(("U", "Mace."),))
    assert _vector_row(new.pk) is None
    Cable.objects.filter(pk=kept.pk).update(version_count=7)  # not its text: kept
    assert _vector_row(kept.pk) is not None
    Cable.objects.filter(pk=kept.pk).update(body="Pepper.")  # its text: stale, so dropped
    assert _vector_row(kept.pk) is None
    _vectors("on")
    rebuild_fts()  # fills the cables without a row, with their text as it is now
    assert "'nutmeg':1A" in _vector_row(new.pk)[1]
    assert "'pepper'" in _vector_row(kept.pk)[1] and "'clove'" not in _vector_row(kept.pk)[1]


def test_the_command_completes_the_vectors_when_leaving_tantivy(postgresql, settings):
    _vectors("off")
    written = cable(subject="NUTMEG", paragraphs=(("U", "Mace."),))
    assert _vector_row(written.pk) is None
    settings.SEARCH_ENGINE = "tantivy"
    out, err = io.StringIO(), io.StringIO()
    call_command("rebuild_search_index", "--database-vectors", stdout=out, stderr=err)
    assert "'nutmeg':1A" in _vector_row(written.pk)[1]
    assert "vectors are complete" in out.getvalue() and "still 'tantivy'" in err.getvalue()
    settings.SEARCH_ENGINE = "database"
    assert _ids("nutmeg") == {written.pk}


@pytest.mark.parametrize(("engine", "shown"), [("tantivy", "off"), ("auto", None)])
def test_only_a_tantivy_deployment_turns_vectors_off_on_its_connections(
    postgresql, settings, engine, shown
):
    settings.SEARCH_ENGINE = engine
    database_backend(connection).configure_connection()
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting(%s, true)", [VECTORS_SETTING])
        value = cursor.fetchone()[0]
        assert (value or None) == shown  # never set reads as NULL, once set and reset as ""
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


def test_truncating_the_cables_empties_the_search_table(postgresql):
    cable(subject="SAFFRON")
    with connection.cursor() as cursor:
        _check_deferred_constraints_now(cursor)
        cursor.execute("TRUNCATE cableroom_cable CASCADE")
        cursor.execute(f"SELECT count(*) FROM {SEARCH_TABLE}")
        assert cursor.fetchone()[0] == 0


def test_matching_keeps_the_planner_off_sequential_scans(postgresql):
    # For a word in most cables a sequential scan would decompress every vector.
    with connection.cursor() as cursor:
        cursor.execute("SELECT proconfig FROM pg_proc WHERE proname = 'cableroom_match_cables'")
        assert cursor.fetchone()[0] == ["enable_seqscan=off"]


def test_migration_moves_stored_vectors_out_of_the_cable_row(postgresql):
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
