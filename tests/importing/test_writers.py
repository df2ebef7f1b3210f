"""Import writers side by side: what one batch's open transaction makes others wait for.

On PostgreSQL the import writes from several processes at once (services/writer_lanes),
each batch in a transaction of its own. Real cables keep naming posts and tags no one
has stored yet; created inside the batch's transaction, such a row made every other
writer naming it wait until the whole batch committed.
"""

import pytest
from django.db import connection

from cableroom.importing.run import import_cables
from cableroom.importing.write.writer import CableWriter
from cableroom.models import Cable, Post, Tag
from tests.connections import connect_outside_generation_row, generation_row
from tests.import_inputs import cable_text, dump_row, write_dump

NEW_POST = "Embassy Nowhereland"
NEW_TAG = "ZZZNEWTAG"


@pytest.mark.django_db(transaction=True)
def test_a_new_post_or_tag_does_not_wait_for_the_batch_that_named_it(tmp_path, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has one writer at a time; PostgreSQL's writers run side by side")
    text = cable_text(8, post="AMEMBASSY NOWHERELAND", tags=f"PREL, {NEW_TAG}")
    dump = write_dump(tmp_path / "cables.csv", [dump_row(8, text=text, origin=NEW_POST)])
    seen = []
    write_batch = CableWriter._write

    def write_then_meet_another_writer(self, plans):
        result = write_batch(self, plans)
        # The batch's transaction is still open: another writer names the same rows.
        # Another server process, in another row of the browse generation than the
        # writer's, so the only thing it could wait for is the new post or tag.
        writer_row = generation_row(connection.connection.info.backend_pid)
        with connect_outside_generation_row(writer_row) as other:
            other.execute("SET lock_timeout = '3s'")
            other.execute(
                "INSERT INTO cableroom_post (name, post_type, city, country, station_codes, "
                "routing_indicators, from_lines) VALUES (%s, '', '', '', '', '', '') "
                "ON CONFLICT DO NOTHING",
                [NEW_POST],
            )
            other.execute(
                "INSERT INTO cableroom_tag (code, kind, description, description_source) "
                "VALUES (%s, 'other', '', '') ON CONFLICT DO NOTHING",
                [NEW_TAG],
            )
            seen.append(other.execute("SELECT count(*) FROM cableroom_cable").fetchone()[0])
        return result

    monkeypatch.setattr(CableWriter, "_write", write_then_meet_another_writer)
    summary = import_cables(paths=[dump], workers=0)
    assert (summary.imported, summary.failed) == (1, 0)
    assert seen == [0]  # the other writer ran while the batch was still uncommitted
    cable = Cable.objects.get()
    assert cable.origin == Post.objects.get(name=NEW_POST)
    assert list(cable.tags.filter(code=NEW_TAG)) == [Tag.objects.get(code=NEW_TAG)]
