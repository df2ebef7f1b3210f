"""Give existing archives the tag descriptions the reference facts gained after 0002.

0002 loads the facts into an empty archive; a description added to
cableroom/refdata/data/tags.csv later (KCRM, from ../shared/CABLES.md) reaches
archives migrated before only through this. Only blank descriptions are filled, so a
description a curator wrote stays as it is.
"""

from django.db import migrations


def fill_blank_descriptions(apps, schema_editor):
    from cableroom.refdata import tags

    facts = {code: fact for code, fact in tags().items() if fact.description}
    Tag = apps.get_model("cableroom", "Tag")
    blank = Tag.objects.using(schema_editor.connection.alias).filter(
        description="", code__in=list(facts)
    )
    filled = []
    for tag in blank:
        tag.description = facts[tag.code].description
        tag.description_source = facts[tag.code].description_source
        filled.append(tag)
    Tag.objects.using(schema_editor.connection.alias).bulk_update(
        filled, ["description", "description_source"], batch_size=500
    )


class Migration(migrations.Migration):
    dependencies = [("cableroom", "0004_full_text_search")]

    operations = [migrations.RunPython(fill_blank_descriptions, migrations.RunPython.noop)]
