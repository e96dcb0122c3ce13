"""A covering partial index of the cases a unit holds whose clock runs (the overdue counts)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("hotline", "0013_district_volume_month"),
        ("people", "0002_phonecode"),
        ("regions", "0001_initial"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                condition=models.Q(
                    ("status__in", ("dispatched", "accepted", "responded", "handled")),
                    ("waiting_since__isnull", True),
                ),
                fields=["handling_due"],
                include=("response_due", "handled_at", "responded_at", "received_at"),
                name="case_overdue_watch",
            ),
        ),
    ]
