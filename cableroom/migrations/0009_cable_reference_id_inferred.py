"""A cable whose id's year the parser guessed from the declassification date says so
(`Cable.reference_id_inferred`), for the reader's marker and the review queue.

Cables imported before carry the parser's warning for it; the flag is set from that
warning once here, and by the importer from now on.
"""

from django.db import migrations, models

GUESSED_YEAR = "guessed from the declassification date"
BATCH = 2000


def flag_guessed_ids(apps, schema_editor):
    Cable = apps.get_model("cableroom", "Cable")
    warned = Cable.objects.filter(warning_count__gt=0).values_list("pk", "warnings")
    guessed = [
        pk
        for pk, warnings in warned.iterator(chunk_size=BATCH)
        if any(
            w.get("field") == "reference_id" and GUESSED_YEAR in w.get("message", "")
            for w in warnings or ()
        )
    ]
    for start in range(0, len(guessed), BATCH):
        Cable.objects.filter(pk__in=guessed[start : start + BATCH]).update(
            reference_id_inferred=True
        )


class Migration(migrations.Migration):

    dependencies = [
        ("cableroom", "0008_signin_axes_import_run_process"),
    ]

    operations = [
        migrations.AddField(
            model_name="cable",
            name="reference_id_inferred",
            field=models.BooleanField(
                default=False,
                db_default=False,
                help_text="The id's year was guessed from the declassification date: no "
                "source gave the id and the text has no date-time group.",
            ),
        ),
        migrations.RunPython(flag_guessed_ids, migrations.RunPython.noop),
    ]
