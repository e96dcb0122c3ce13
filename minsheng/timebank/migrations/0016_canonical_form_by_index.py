"""The posting, its seal and the canonical form read rows by their indexes, whatever the plan.

They run with generic plans (``plan_cache_mode``), which a session keeps, and since PostgreSQL 18
a SQL function's plan is cached for the session too. A plan made while a table was small keeps a
sequential scan once it has grown: a connection whose first posting came while the ledger was
small read every transaction in the seal's canonical form at each later commit, 0.24 ms a commit
after 800 postings and 1.0 ms after 5,000 (docs/timebank.md). These functions only ever touch a
few rows by key (transactions by id or key, their legs by transaction, accounts by id, the chain's
heads and links by chain): index scans are always right for them, and they run with
``enable_seqscan = off``.

That setting does not reach the planner's choice between the two forms of an ``EXISTS`` test
(row by row, or one hashed scan of the whole table), which it makes by cost alone: a retried
key's check of its legs read every leg once made on a small ledger. The check now counts the
legs of each earlier transaction by its index (``LATERAL``), as the seal does: the same
movement has exactly its debit and its credit, two legs.
"""

import importlib

from django.db import migrations

by_database = importlib.import_module("minsheng.timebank.migrations.0014_posting_by_the_database")

# The check of a retried key's legs, from the join of the earlier transaction to its end.
CHECK_STARTS, CHECK_ENDS = (
    "JOIN timebank_transaction t ON t.idempotency_key = m.key",
    "\n        ) THEN",
)
COUNTED_CHECK = """JOIN timebank_transaction t ON t.idempotency_key = m.key
             CROSS JOIN LATERAL (
                   SELECT count(*) AS legs,
                          count(*) FILTER (WHERE l.account_id = m.debit AND l.side = 'D'
                                             AND l.amount = m.amount) AS debits,
                          count(*) FILTER (WHERE l.account_id = m.credit AND l.side = 'C'
                                             AND l.amount = m.amount) AS credits
                     FROM timebank_leg l WHERE l.transaction_id = t.id) s
             WHERE m.key <> ALL (claimed_keys)
               AND (t.kind <> m.kind OR s.legs <> 2 OR s.debits <> 1 OR s.credits <> 1)"""


def _with_counted_check(post: str) -> str:
    start = post.index(CHECK_STARTS)
    end = post.index(CHECK_ENDS, start)
    return post[:start] + COUNTED_CHECK + post[end:]


POST = _with_counted_check(by_database.POST)

FUNCTIONS = (
    "timebank_transactions_canonical(bigint[])",
    "timebank_post(jsonb, bigint)",
    "timebank_transaction_seal()",
)


class Migration(migrations.Migration):
    dependencies = [("timebank", "0015_idempotency_key_without_pattern_index")]

    operations = [
        # CREATE OR REPLACE gives the function the settings it names alone: the ALTER comes after.
        migrations.RunSQL(sql=POST, reverse_sql=by_database.POST),
        migrations.RunSQL(
            sql=[f"ALTER FUNCTION {name} SET enable_seqscan = off" for name in FUNCTIONS],
            reverse_sql=[f"ALTER FUNCTION {name} RESET enable_seqscan" for name in FUNCTIONS],
        ),
    ]
