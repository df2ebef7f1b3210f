"""Full-text search and the browse generation, per database vendor.

PostgreSQL: a stored generated tsvector column (subject A, body B) with a GIN index.
SQLite: an FTS5 external-content table kept in step by triggers.
Both: a one-row generation table bumped by triggers whenever browse data changes.
The SQL lives in cableroom/search/schema.py, which a post_migrate handler also runs
(SQLite drops a table's triggers when a later migration rebuilds it).
"""

from django.db import migrations


def create(apps, schema_editor):
    from cableroom.search.schema import ensure_search_schema, rebuild_fts

    ensure_search_schema(schema_editor.connection)
    rebuild_fts(schema_editor.connection)


def drop(apps, schema_editor):
    from cableroom.search.schema import drop_search_schema

    drop_search_schema(schema_editor.connection)


class Migration(migrations.Migration):

    dependencies = [
        ("cableroom", "0003_curation_history_notes_reviews_lockout"),
    ]

    operations = [migrations.RunPython(create, drop)]
