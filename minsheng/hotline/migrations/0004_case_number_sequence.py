from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("hotline", "0003_default_categories")]

    operations = [
        migrations.RunSQL(
            "CREATE SEQUENCE IF NOT EXISTS hotline_case_number_seq;",
            reverse_sql="DROP SEQUENCE IF EXISTS hotline_case_number_seq;",
        )
    ]
