from django.db import migrations

from minsheng.core.db import FORBID_CHANGE_FUNCTION


class Migration(migrations.Migration):
    initial = True
    dependencies: list[tuple[str, str]] = []

    operations = [
        migrations.RunSQL(
            sql=FORBID_CHANGE_FUNCTION,
            reverse_sql="DROP FUNCTION IF EXISTS minsheng_forbid_change();",
        ),
    ]
