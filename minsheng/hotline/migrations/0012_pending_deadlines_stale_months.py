"""Partial indexes of the deadlines still pending, and the months to recompute: marked by
triggers on cases, so that the monthly refresh recomputes only what changed."""

import django.db.models.functions.datetime
from django.db import migrations, models


# Every statement that writes cases marks the months (Beijing time) of the rows it touched, once
# per statement (transition tables), as the assessment counts them: by the month received.
# ON CONFLICT DO NOTHING takes no lock on a mark already there: concurrent writers of the same
# month do not wait for each other.
MARK_FUNCTION = """
CREATE OR REPLACE FUNCTION hotline_mark_stale_months() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO hotline_stalemonth (month)
        SELECT DISTINCT date_trunc('month', received_at AT TIME ZONE 'Asia/Shanghai')::date
          FROM new_rows
        ON CONFLICT (month) DO NOTHING;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        INSERT INTO hotline_stalemonth (month)
        SELECT DISTINCT date_trunc('month', received_at AT TIME ZONE 'Asia/Shanghai')::date
          FROM old_rows
        ON CONFLICT (month) DO NOTHING;
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER hotline_case_stale_on_insert AFTER INSERT ON hotline_case
REFERENCING NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION hotline_mark_stale_months();
CREATE TRIGGER hotline_case_stale_on_update AFTER UPDATE ON hotline_case
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION hotline_mark_stale_months();
CREATE TRIGGER hotline_case_stale_on_delete AFTER DELETE ON hotline_case
REFERENCING OLD TABLE AS old_rows
FOR EACH STATEMENT EXECUTE FUNCTION hotline_mark_stale_months();
-- The months already there are computed again by the first incremental refresh.
INSERT INTO hotline_stalemonth (month)
SELECT DISTINCT date_trunc('month', received_at AT TIME ZONE 'Asia/Shanghai')::date
  FROM hotline_case
ON CONFLICT (month) DO NOTHING;
"""

UNMARK_FUNCTION = """
DROP TRIGGER IF EXISTS hotline_case_stale_on_insert ON hotline_case;
DROP TRIGGER IF EXISTS hotline_case_stale_on_update ON hotline_case;
DROP TRIGGER IF EXISTS hotline_case_stale_on_delete ON hotline_case;
DROP FUNCTION IF EXISTS hotline_mark_stale_months();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("hotline", "0011_case_numbers_by_day_anonymous_reports_survey_rating"),
        ("people", "0002_phonecode"),
        ("regions", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="ComputedMonth",
            fields=[
                (
                    "month",
                    models.DateField(primary_key=True, serialize=False, verbose_name="month"),
                ),
                ("computed_at", models.DateTimeField(verbose_name="computed at")),
            ],
            options={
                "verbose_name": "computed month",
                "verbose_name_plural": "computed months",
            },
        ),
        migrations.CreateModel(
            name="StaleMonth",
            fields=[
                (
                    "month",
                    models.DateField(primary_key=True, serialize=False, verbose_name="month"),
                ),
                (
                    "marked_at",
                    models.DateTimeField(
                        db_default=django.db.models.functions.datetime.Now(),
                        verbose_name="marked at",
                    ),
                ),
            ],
            options={
                "verbose_name": "month to recompute",
                "verbose_name_plural": "months to recompute",
            },
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                condition=models.Q(("responded_at__isnull", True), ("response_due__isnull", False)),
                fields=["response_due"],
                name="case_response_pending",
            ),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                condition=models.Q(("handled_at__isnull", True), ("handling_due__isnull", False)),
                fields=["handling_due"],
                name="case_handling_pending",
            ),
        ),
        migrations.RunSQL(MARK_FUNCTION, reverse_sql=UNMARK_FUNCTION),
    ]
