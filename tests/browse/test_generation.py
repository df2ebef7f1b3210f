"""The browse generation: changed by every committed change the browse page can show,
and, on PostgreSQL, without making writers in other transactions wait for one another."""

import pytest
from django.db import connection, transaction

from cableroom.browse.index import current_generation
from tests.connections import connect, connect_outside_generation_row, generation_row
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


@pytest.mark.django_db(transaction=True)
def test_writers_in_two_transactions_do_not_wait_for_each_other():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has one writer at a time; PostgreSQL's writers run side by side")
    first = connect()
    # Two server processes whose rows of the generation differ, as the import's lanes
    # almost always are (one chance in GENERATION_SLOTS that two share a row).
    second = connect_outside_generation_row(generation_row(first.info.backend_pid))
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
