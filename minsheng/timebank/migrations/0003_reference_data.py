"""Beijing's eight service categories and the default grant rules."""

from django.db import migrations

from minsheng.timebank.catalogue import CATEGORIES, GRANT_RULES


def load(apps, schema_editor):
    ServiceCategory = apps.get_model("timebank", "ServiceCategory")
    GrantRule = apps.get_model("timebank", "GrantRule")
    for position, (code, name, name_en) in enumerate(CATEGORIES, start=1):
        ServiceCategory.objects.update_or_create(
            code=code, defaults={"name": name, "name_en": name_en, "position": position}
        )
    for code, name, name_en, min_age, alone, disabled, low_income, minutes in GRANT_RULES:
        GrantRule.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "name_en": name_en,
                "min_age": min_age,
                "requires_lives_alone": alone,
                "requires_disability": disabled,
                "requires_low_income": low_income,
                "default_minutes": minutes,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("timebank", "0002_ledger_rules")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
