"""Drop single-column indexes that a composite index starting with the same column
already provides; each only cost every insert (about 28 per imported cable) and disk.

Only the indexes are dropped. On SQLite a plain AlterField would rebuild each table
(the cable table twice), and on PostgreSQL it would drop and re-check the foreign keys.
"""

import django.db.models.deletion
from django.db import migrations, models

# (index, table, column, the composite index that covers it)
REDUNDANT = [
    ("cableroom_cable_date_time_b8784e71", "cableroom_cable", "date_time", "cable_date_id"),
    ("cableroom_cable_year_a4f055c5", "cableroom_cable", "year", "cable_year_month"),
    ("cableroom_cable_origin_id_25661ad0", "cableroom_cable", "origin_id", "cable_origin_date"),
    (
        "cableroom_cableversion_cable_id_90f924b5",
        "cableroom_cableversion",
        "cable_id",
        "version_unique_text",
    ),
    (
        "cableroom_paragraph_cable_id_a4cd9347",
        "cableroom_paragraph",
        "cable_id",
        "paragraph_position",
    ),
    (
        "cableroom_addressee_post_id_11cd37db",
        "cableroom_addressee",
        "post_id",
        "addressee_post_role",
    ),
    ("cableroom_cabletag_cable_id_6fe440f0", "cableroom_cabletag", "cable_id", "cable_tag_once"),
    ("cableroom_cabletag_tag_id_728fdd19", "cableroom_cabletag", "tag_id", "cabletag_tag_cable"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("cableroom", "0006_search_table"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    f"DROP INDEX IF EXISTS {index}",
                    f"CREATE INDEX IF NOT EXISTS {index} ON {table} ({column})",
                )
                for index, table, column, _covered_by in REDUNDANT
            ],
            state_operations=[
                migrations.AlterField(
                    model_name="addressee",
                    name="post",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="addressed_cables",
                        to="cableroom.post",
                    ),
                ),
                migrations.AlterField(
                    model_name="cable",
                    name="date_time",
                    field=models.DateTimeField(blank=True, null=True),
                ),
                migrations.AlterField(
                    model_name="cable",
                    name="origin",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="originated_cables",
                        to="cableroom.post",
                    ),
                ),
                migrations.AlterField(
                    model_name="cable",
                    name="year",
                    field=models.PositiveSmallIntegerField(blank=True, null=True),
                ),
                migrations.AlterField(
                    model_name="cabletag",
                    name="cable",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="cable_tags",
                        to="cableroom.cable",
                    ),
                ),
                migrations.AlterField(
                    model_name="cabletag",
                    name="tag",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="cable_tags",
                        to="cableroom.tag",
                    ),
                ),
                migrations.AlterField(
                    model_name="cableversion",
                    name="cable",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="versions",
                        to="cableroom.cable",
                    ),
                ),
                migrations.AlterField(
                    model_name="paragraph",
                    name="cable",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="paragraphs",
                        to="cableroom.cable",
                    ),
                ),
            ],
        ),
    ]
