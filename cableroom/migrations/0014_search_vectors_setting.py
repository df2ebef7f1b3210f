"""PostgreSQL: the search triggers skip the vectors on a connection that sets
`cableroom.search_vectors` to off (SEARCH_ENGINE=tantivy; see
cableroom/search/backends/postgres_schema.py). The trigger functions are replaced in
place; the post_migrate handler would also do it, this names the change. SQLite: nothing.
"""

from django.db import migrations


def replace_trigger_functions(apps, schema_editor):
    from cableroom.search.schema import ensure_search_schema

    if schema_editor.connection.vendor == "postgresql":
        ensure_search_schema(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("cableroom", "0013_similar_cables"),
    ]

    # Backwards the new functions stay: with the setting unset they do what the old did.
    operations = [migrations.RunPython(replace_trigger_functions, migrations.RunPython.noop)]
