"""The browse generation: changed by every committed change the browse page can show,
and, on PostgreSQL, without making writers in other transactions wait for one another."""

import psycopg
import pytest
from django.db import connection, transaction

from cableroom.browse_index import current_generation
from cableroom.search_schema import GENERATION_SLOTS
from tests.factories import cable, tag


def test_each_change_gives_a_new_generation(db):
    seen = [current_generation()]
    tag("ZZNEW")
    seen.append(current_generation())
    cable("06ASTANA33", subject="A NEW CABLE")
    seen.append(current_generation())
    assert None not in seen and len(set(seen)) == 3


def test_a_rolled_back_change_leaves_the_generation(db):
    before = current_generation()
    with pytest.raises(RuntimeError), transaction.atomic():
        tag("ZZGONE")
        raise RuntimeError("roll back")
    assert current_generation() == before


def _connect():
    settings = connection.settings_dict
    return psycopg.connect(
        dbname=settings["NAME"],
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
        user=settings["USER"] or None,
        password=settings["PASSWORD"] or None,
    )


def _slot(conn) -> int:
    return 1 + conn.info.backend_pid % GENERATION_SLOTS


@pytest.mark.django_db(transaction=True)
def test_writers_in_two_transactions_do_not_wait_for_each_other():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has one writer at a time; PostgreSQL's writers run side by side")
    first = _connect()
    # Two server processes whose rows of the generation differ, as the import's lanes
    # almost always are (one chance in GENERATION_SLOTS that two share a row).
    second = _connect_outside_slot(_slot(first))
    try:
        before = current_generation()
        insert = "INSERT INTO cableroom_tag (code, kind, description, description_source) "
        first.execute(insert + "VALUES ('ZZONE', 'subject', '', '')")
        # The first transaction is still open; the second must not wait for it.
        second.execute("SET lock_timeout = '3s'")
        second.execute(insert + "VALUES ('ZZTWO', 'subject', '', '')")
        second.commit()
        after_second = current_generation()
        first.commit()
        assert len({before, after_second, current_generation()}) == 3
    finally:
        first.close()
        second.close()


def _connect_outside_slot(slot: int):
    for _ in range(GENERATION_SLOTS):
        conn = _connect()
        if _slot(conn) != slot:
            return conn
        conn.close()
    raise AssertionError(f"every new server process fell in generation row {slot}")
