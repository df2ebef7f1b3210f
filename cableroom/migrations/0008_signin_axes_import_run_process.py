"""Sign-in failures move to django-axes' tables (cableroom/web/signin.py), so the
hand-written LoginFailure goes; an import run records the process doing it, so a
killed run can be told from a running one and marked interrupted."""

import os

import cableroom.models.import_runs
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cableroom', '0007_drop_redundant_indexes'),
    ]

    operations = [
        migrations.DeleteModel(
            name='LoginFailure',
        ),
        migrations.AddField(
            model_name='importrun',
            name='host',
            field=models.CharField(
                blank=True, default=cableroom.models.import_runs.current_host, max_length=255
            ),
        ),
        migrations.AddField(
            model_name='importrun',
            name='pid',
            field=models.PositiveIntegerField(blank=True, default=os.getpid, null=True),
        ),
        migrations.AlterField(
            model_name='importrun',
            name='status',
            field=models.CharField(choices=[('running', 'Running'), ('finished', 'Finished'), ('failed', 'Finished with failures'), ('interrupted', 'Interrupted (the process stopped before the end)')], default='running', max_length=20),
        ),
    ]
