# The browse index reads each cable's first release day (the `released` facet) from this
# partial index alone: an index-only scan instead of reading every stored copy.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cableroom", "0010_reading_lists"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="cableversion",
            index=models.Index(
                condition=models.Q(("released__isnull", False)),
                fields=["cable", "released"],
                name="version_first_released",
            ),
        ),
    ]
