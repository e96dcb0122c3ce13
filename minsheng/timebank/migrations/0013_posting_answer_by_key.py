"""The posting's answer looks up only the keys it did not claim, each by its index.

``timebank_post`` answers each movement with its transaction: the one it claimed, or the one an
earlier posting claimed with the same key. The answer joined every movement to
``timebank_transaction`` by key and kept the row only for keys not claimed. The function keeps
generic plans (``0012``), made once per connection: a connection that first posted while the
table was small (the generator, a long-lived worker) kept a hash join over a sequential scan of
the whole table. Measured with ``pg_stat_statements`` in such a connection: 300 µs of a
posting's 800 with 8,000 transactions, and growing with the ledger until the statistics moved
enough to plan again. Now an earlier transaction is looked up by its key (the unique index),
and only for a key that was not claimed, which a fresh posting never has.
"""

import importlib

from django.db import migrations

leaner = importlib.import_module("minsheng.timebank.migrations.0012_leaner_posting")

OLD_ANSWER = """
        SELECT m.key, coalesce(c.id, t.id), c.id IS NOT NULL
          FROM unnest(keys) WITH ORDINALITY AS m(key, position)
          LEFT JOIN unnest(claimed_keys, claimed_ids) AS c(key, id) ON c.key = m.key
          LEFT JOIN timebank_transaction t ON c.id IS NULL AND t.idempotency_key = m.key
         ORDER BY m.position;"""
NEW_ANSWER = """
        SELECT m.key,
               coalesce(c.id, (SELECT t.id FROM timebank_transaction t
                                WHERE t.idempotency_key = m.key)),
               c.id IS NOT NULL
          FROM unnest(keys) WITH ORDINALITY AS m(key, position)
          LEFT JOIN unnest(claimed_keys, claimed_ids) AS c(key, id) ON c.key = m.key
         ORDER BY m.position;"""

POST = leaner._replaced(leaner.POST, OLD_ANSWER, NEW_ANSWER)


class Migration(migrations.Migration):
    dependencies = [("timebank", "0012_leaner_posting")]

    operations = [migrations.RunSQL(sql=POST, reverse_sql=leaner.POST)]
