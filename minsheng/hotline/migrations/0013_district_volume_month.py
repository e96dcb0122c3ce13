"""The overview's roll-up of the monthly volumes, filled from the volumes already computed."""

import django.db.models.deletion
from django.db import migrations, models

ROLL_UP = """
INSERT INTO hotline_districtvolumemonth (month, district_id, top_category, kind, cases)
SELECT month, district_id, top_category, kind, sum(cases)
  FROM hotline_volumemonth
 GROUP BY month, district_id, top_category, kind;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("hotline", "0012_pending_deadlines_stale_months"),
        ("regions", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="DistrictVolumeMonth",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("month", models.DateField()),
                ("top_category", models.CharField(blank=True, max_length=2)),
                ("kind", models.CharField(max_length=16)),
                ("cases", models.PositiveIntegerField(default=0)),
                (
                    "district",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="regions.region",
                    ),
                ),
            ],
            options={
                "indexes": [models.Index(fields=["month"], name="districtvolumemonth_month")],
            },
        ),
        migrations.RunSQL(ROLL_UP, reverse_sql=migrations.RunSQL.noop),
    ]
