"""The idempotency key keeps its unique index and loses the pattern index (``varchar_pattern_ops``)
that ``unique=True`` adds on PostgreSQL for LIKE searches: keys are only looked up whole, and each
posting paid for one more index entry per ledger transaction.

The unique constraint stays as it is in the database (the same name), so no index is rebuilt and
the key is never left without its uniqueness; only the model's description changes with it.
"""

from django.db import migrations, models

PATTERN_INDEX = "timebank_transaction_idempotency_key_8d3825d2_like"


class Migration(migrations.Migration):
    dependencies = [("timebank", "0014_posting_by_the_database")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    sql=f"DROP INDEX IF EXISTS {PATTERN_INDEX}",
                    reverse_sql=(
                        f"CREATE INDEX {PATTERN_INDEX} ON timebank_transaction "
                        "(idempotency_key varchar_pattern_ops)"
                    ),
                )
            ],
            state_operations=[
                migrations.AlterField(
                    model_name="transaction",
                    name="idempotency_key",
                    field=models.CharField(max_length=200, verbose_name="idempotency key"),
                ),
                migrations.AddConstraint(
                    model_name="transaction",
                    constraint=models.UniqueConstraint(
                        fields=("idempotency_key",),
                        name="timebank_transaction_idempotency_key_key",
                    ),
                ),
            ],
        )
    ]
