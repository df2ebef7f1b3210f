# The browse index reads each cable's first release day (the `released` facet) from this
# partial index alone: an index-only scan instead of reading every stored copy.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cableroom", "0008_signin_axes_import_run_process"),
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
