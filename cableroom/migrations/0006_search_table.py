"""PostgreSQL: the full-text vector moves from a column of the cable into its own table.

See cableroom/search/schema.py for why. The stored vectors are copied, not recomputed.
SQLite keeps its FTS5 table; nothing changes there.
"""

from django.db import migrations


def forward(apps, schema_editor):
    from cableroom.search.schema import ensure_search_schema, move_vectors_out_of_cable

    ensure_search_schema(schema_editor.connection)
    move_vectors_out_of_cable(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("cableroom", "0005_tag_descriptions_from_facts"),
    ]

    # Backwards, 0004's reverse removes the search table with the rest of the schema.
    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
