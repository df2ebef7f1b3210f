# The facet columns of the declassification date, the classifying official and the
# signer, filled from the strings the parser stored (declassify_on, classified_by,
# signer). Reading those strings again is exact and quick (no cable text is parsed), so
# stored cables need no re-parse; imports and `reparse_cables` fill the columns the same
# way (importing/plan/cable_plan.py: normalised_fields).

from django.db import migrations, models

BATCH = 2000


def fill(apps, schema_editor):
    from cableroom.importing.plan.cable_plan import normalised_fields

    Cable = apps.get_model("cableroom", "Cable")
    names = ("declassify_date", "declassify_marker", "classified_by_name",
             "classified_by_title", "signer_name")  # fmt: skip
    rows = Cable.objects.using(schema_editor.connection.alias).only(
        "declassify_on", "classified_by", "signer"
    )
    last = 0
    while True:
        batch = list(rows.filter(pk__gt=last).order_by("pk")[:BATCH])
        if not batch:
            return
        for cable in batch:
            stored = {
                "declassify_on": cable.declassify_on,
                "classified_by": cable.classified_by,
                "signer": cable.signer,
            }
            for name, value in normalised_fields(stored).items():
                setattr(cable, name, value)
        Cable.objects.using(schema_editor.connection.alias).bulk_update(batch, names)
        last = batch[-1].pk


def cover_new_columns(apps, schema_editor):
    # PostgreSQL: the browse index reads its cable columns from the covering index
    # cable_browse_order alone; it is made again holding the new columns.
    from cableroom.search.schema import ensure_search_schema

    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS cable_browse_order")
        ensure_search_schema(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("cableroom", "0011_version_first_released"),
    ]

    operations = [
        migrations.AddField(
            model_name="cable",
            name="declassify_date",
            field=models.DateField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="cable",
            name="declassify_marker",
            field=models.CharField(blank=True, db_default="", max_length=10),
        ),
        migrations.AddField(
            model_name="cable",
            name="classified_by_name",
            field=models.CharField(blank=True, db_default="", max_length=120),
        ),
        migrations.AddField(
            model_name="cable",
            name="classified_by_title",
            field=models.CharField(blank=True, db_default="", max_length=120),
        ),
        migrations.AddField(
            model_name="cable",
            name="signer_name",
            field=models.CharField(blank=True, db_default="", max_length=120),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
        migrations.RunPython(cover_new_columns, migrations.RunPython.noop),
    ]
