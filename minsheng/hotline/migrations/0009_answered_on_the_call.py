"""A consultation answered on the call from the knowledge base is closed from "received": the
status trigger learns the move (received → closed)."""

from django.db import migrations

from minsheng.hotline.migrations import _status_trigger

# The status map of hotline.states.ALLOWED at the time of writing (tests compare the two).
ALLOWED_PAIRS = (
    "('accepted', 'dispatched'), ('accepted', 'merged'), ('accepted', 'responded'), "
    "('accepted', 'returned'), ('closed', 'accepted'), ('dispatched', 'accepted'), "
    "('dispatched', 'dispatched'), ('dispatched', 'merged'), ('dispatched', 'responded'), "
    "('dispatched', 'returned'), ('handled', 'accepted'), ('handled', 'closed'), "
    "('received', 'closed'), ('received', 'dispatched'), ('received', 'merged'), "
    "('responded', 'dispatched'), ('responded', 'handled'), ('returned', 'dispatched'), "
    "('returned', 'merged')"
)
PREVIOUS_PAIRS = (
    "('accepted', 'dispatched'), ('accepted', 'merged'), ('accepted', 'responded'), "
    "('accepted', 'returned'), ('closed', 'accepted'), ('dispatched', 'accepted'), "
    "('dispatched', 'dispatched'), ('dispatched', 'merged'), ('dispatched', 'responded'), "
    "('dispatched', 'returned'), ('handled', 'accepted'), ('handled', 'closed'), "
    "('received', 'dispatched'), ('received', 'merged'), ('responded', 'dispatched'), "
    "('responded', 'handled'), ('returned', 'dispatched'), ('returned', 'merged')"
)


class Migration(migrations.Migration):
    dependencies = [("hotline", "0008_working_days_urging_knowledge_base")]

    operations = [
        migrations.RunSQL(
            _status_trigger.function_sql(ALLOWED_PAIRS),
            reverse_sql=_status_trigger.function_sql(PREVIOUS_PAIRS),
        )
    ]
