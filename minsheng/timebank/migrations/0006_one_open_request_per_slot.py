"""One open request per elder, service and start time: the same request posted twice is refused.

Requests that are rejected, settled, cancelled or ended by a no-show do not count, so a slot can
be asked for again after a cancellation. A database holding open twins must have them cancelled
before this migration runs.
"""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("regions", "0001_initial"),
        ("timebank", "0005_hash_chain_seal"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="serviceorder",
            constraint=models.UniqueConstraint(
                condition=models.Q(
                    ("state__in", ["rejected", "settled", "cancelled", "no_show"]), _negated=True
                ),
                fields=("beneficiary", "item", "starts_at"),
                name="order_one_open_request_per_slot",
                violation_error_message="This person already has an open request for this service at this time.",
            ),
        ),
    ]
