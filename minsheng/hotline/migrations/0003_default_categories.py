from django.db import migrations


def load(apps, schema_editor):
    from minsheng.cases.taxonomy import load_default

    load_default(apps.get_model("hotline", "Category"))


class Migration(migrations.Migration):
    dependencies = [("hotline", "0002_database_rules")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
