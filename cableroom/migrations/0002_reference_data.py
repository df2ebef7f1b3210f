"""Load the reference facts: origin posts, TAGS codes and markings.

The rows come from the project-owned files in cableroom/refdata/data/, which name
their sources (see that folder's README). Loading them here means an empty archive
already knows every post, tag and marking, so imports only add what the facts lack.
"""

from django.db import migrations


def post_rows(Post):
    from cableroom.refdata import posts

    return [
        Post(
            name=fact.name,
            post_type=fact.post_type,
            city=fact.city,
            country=fact.country,
            station_codes=" ".join(fact.station_codes),
            routing_indicators=" ".join(fact.routing_indicators),
            from_lines="\n".join(fact.from_lines),
        )
        for fact in posts()
    ]


def tag_rows(Tag):
    from cableroom.refdata import tags

    return [
        Tag(
            code=fact.code,
            kind=fact.kind,
            description=fact.description,
            description_source=fact.description_source,
        )
        for fact in tags().values()
    ]


def marking_rows(Marking):
    from cableroom.refdata import markings

    return [
        Marking(
            code=fact.code,
            kind=fact.kind,
            name=fact.name,
            description=fact.description,
            rank=fact.rank or 0,
        )
        for fact in markings().values()
    ]


def load(apps, schema_editor):
    alias = schema_editor.connection.alias
    for model_name, rows in (("Post", post_rows), ("Tag", tag_rows), ("Marking", marking_rows)):
        model = apps.get_model("cableroom", model_name)
        # ignore_conflicts: rows a curator or an import created first are kept as they are.
        model.objects.using(alias).bulk_create(rows(model), batch_size=1000, ignore_conflicts=True)


def unload(apps, schema_editor):
    """Remove the loaded rows that no cable uses; rows in use stay (they are data now)."""
    from cableroom.refdata import markings, posts, tags

    alias = schema_editor.connection.alias
    Post = apps.get_model("cableroom", "Post")
    Tag = apps.get_model("cableroom", "Tag")
    Marking = apps.get_model("cableroom", "Marking")
    Post.objects.using(alias).filter(
        name__in=[fact.name for fact in posts()],
        originated_cables__isnull=True,
        addressed_cables__isnull=True,
    ).delete()
    Tag.objects.using(alias).filter(code__in=list(tags()), cable_tags__isnull=True).delete()
    Marking.objects.using(alias).filter(code__in=list(markings()), cables__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("cableroom", "0001_initial")]

    operations = [migrations.RunPython(load, unload, elidable=False)]
