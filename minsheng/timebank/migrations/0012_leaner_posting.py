"""A leaner posting: balances move once per statement, fewer indexes, plans kept.

Measured with pgbench driving ``timebank_post`` directly (docs/timebank.md), the posting's time
went to one trigger call per leg (each reading its transaction and updating one account), to
eleven index entries per transaction, and to planning two of the function's statements anew
on every call. Now:

* The legs of one statement move the balances together: ``timebank_leg_apply`` is a statement
  trigger that sees the new legs as a table. It still refuses a leg whose transaction is closed
  (posted by an earlier database transaction) or already checked, and a leg dated apart from
  its transaction; it adds each account's net change (and lifetime earnings) in one update,
  which still runs as the owner one level down, so the account guard of ``0005`` still passes
  it and nothing else. The legs' date is written by ``timebank_post``; a row trigger fills it
  in only for legs inserted without one (it is not called otherwise).
* ``timebank_post`` keeps generic plans (``plan_cache_mode``): its statements read arrays and
  the same few rows whatever the movements, and planning them anew cost more than running them.
* The transaction's optional references are indexed only where set, the kind not at all (no
  query looks transactions up by kind alone), and the legs' account by ``leg_account_posted``.
"""

import importlib

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

posting = importlib.import_module("minsheng.timebank.migrations.0010_posting_function")
sealing = importlib.import_module("minsheng.timebank.migrations.0005_hash_chain_seal")

OLD_LEG_INSERT = """
        INSERT INTO timebank_leg (transaction_id, account_id, side, amount)
        SELECT c.id, l.account, l.side, l.amount
          FROM unnest(keys, debits, credits, amounts) AS m(key, debit, credit, amount)"""
NEW_LEG_INSERT = """
        INSERT INTO timebank_leg (transaction_id, account_id, side, amount, posted_at)
        SELECT c.id, l.account, l.side, l.amount, m.posted
          FROM unnest(keys, debits, credits, amounts, posted)
               AS m(key, debit, credit, amount, posted)"""
OLD_HEADER = "LANGUAGE plpgsql SET search_path = public, pg_temp AS $$"
NEW_HEADER = (
    "LANGUAGE plpgsql SET search_path = public, pg_temp SET plan_cache_mode = force_generic_plan "
    "AS $$"
)


def _replaced(text: str, old: str, new: str) -> str:
    if old not in text:
        raise ValueError(f"{old!r} is no longer in the posting function")
    return text.replace(old, new)


POST = _replaced(
    _replaced(
        posting.POST.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION"),
        OLD_LEG_INSERT,
        NEW_LEG_INSERT,
    ),
    OLD_HEADER,
    NEW_HEADER,
)
PREVIOUS_POST = posting.POST.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION")

LEGS = """
CREATE FUNCTION timebank_leg_posted_at() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    SELECT posted_at INTO NEW.posted_at FROM timebank_transaction WHERE id = NEW.transaction_id;
    RETURN NEW;
END;
$$;

CREATE FUNCTION timebank_legs_apply() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    offending bigint;
BEGIN
    SELECT l.transaction_id INTO offending
      FROM new_legs l LEFT JOIN timebank_transaction t ON t.id = l.transaction_id
     WHERE t.created_txid IS DISTINCT FROM pg_current_xact_id()::text::bigint
     LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'ledger transaction % is closed: legs are added only while it is posted',
            offending USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    SELECT l.transaction_id INTO offending
      FROM new_legs l
      JOIN audit_chainlink c ON c.chain = 'ledger' AND c.row_id = l.transaction_id
     LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'ledger transaction % is already checked: no more legs', offending
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    SELECT l.transaction_id INTO offending
      FROM new_legs l JOIN timebank_transaction t ON t.id = l.transaction_id
     WHERE l.posted_at IS DISTINCT FROM t.posted_at
     LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'a leg of ledger transaction % is dated apart from it', offending
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    -- Lifetime earnings (star levels, the care-home milestone) follow service payments.
    UPDATE timebank_account a
       SET balance = a.balance + d.delta, earned = a.earned + d.earned_delta
      FROM (SELECT l.account_id,
                   sum(CASE l.side WHEN 'C' THEN l.amount ELSE -l.amount END) AS delta,
                   sum(CASE WHEN l.side = 'C'
                                 AND t.kind IN ('service_payment', 'activity_payment')
                            THEN l.amount
                            WHEN l.side = 'D' AND t.kind = 'reversal'
                                 AND o.kind IN ('service_payment', 'activity_payment')
                            THEN -l.amount
                            ELSE 0 END) AS earned_delta
              FROM new_legs l
              JOIN timebank_transaction t ON t.id = l.transaction_id
              LEFT JOIN timebank_transaction o ON o.id = t.reverses_id
             GROUP BY l.account_id) d
     WHERE a.id = d.account_id;
    RETURN NULL;
END;
$$;

DROP TRIGGER timebank_leg_apply ON timebank_leg;
DROP FUNCTION timebank_leg_apply();
CREATE TRIGGER timebank_leg_posted_at BEFORE INSERT ON timebank_leg FOR EACH ROW
    WHEN (NEW.posted_at IS NULL) EXECUTE FUNCTION timebank_leg_posted_at();
CREATE TRIGGER timebank_leg_apply AFTER INSERT ON timebank_leg
    REFERENCING NEW TABLE AS new_legs
    FOR EACH STATEMENT EXECUTE FUNCTION timebank_legs_apply();
"""

PREVIOUS_LEGS = (
    """
DROP TRIGGER timebank_leg_apply ON timebank_leg;
DROP TRIGGER timebank_leg_posted_at ON timebank_leg;
DROP FUNCTION timebank_legs_apply();
DROP FUNCTION timebank_leg_posted_at();
"""
    + sealing.APPLY_LEG
    + """
CREATE TRIGGER timebank_leg_apply BEFORE INSERT ON timebank_leg
    FOR EACH ROW EXECUTE FUNCTION timebank_leg_apply();
"""
)


# The transaction's optional references: name, target, related name, verbose name, extras.
OPTIONAL_REFERENCES = [
    (
        "authorised_by",
        settings.AUTH_USER_MODEL,
        "+",
        "authorised by",
        {"help_text": "Empty for automatic postings (auto-confirmation)."},
    ),
    ("region", "regions.region", "+", "region", {}),
    ("grant", "timebank.grant", "transactions", "grant", {}),
    ("transfer", "timebank.transfer", "transactions", "gift, donation or allocation", {}),
    ("attendance", "timebank.attendance", "transactions", "group activity attendance", {}),
    ("reverses", "timebank.transaction", "reversals", "reverses", {}),
]


class Migration(migrations.Migration):
    dependencies = [
        ("regions", "0001_initial"),
        ("timebank", "0011_visit_photos"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunSQL(sql=LEGS + POST, reverse_sql=PREVIOUS_LEGS + PREVIOUS_POST),
        migrations.AlterField(
            model_name="leg",
            name="account",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="legs",
                to="timebank.account",
                verbose_name="account",
            ),
        ),
        migrations.AlterField(
            model_name="transaction",
            name="kind",
            field=models.CharField(
                choices=[
                    ("grant", "Grant"),
                    ("hold", "Hold for a booking"),
                    ("release", "Hold released"),
                    ("service_payment", "Service payment"),
                    ("activity_payment", "Group activity payment"),
                    ("gift", "Gift"),
                    ("donation", "Donation"),
                    ("allocation", "Pool allocation"),
                    ("storage_overflow", "Excess over the storage cap, to the pool"),
                    ("reversal", "Reversal"),
                ],
                max_length=20,
                verbose_name="kind",
            ),
        ),
        *(
            migrations.AlterField(
                model_name="transaction",
                name=name,
                field=models.ForeignKey(
                    blank=True,
                    db_index=False,
                    null=True,
                    on_delete=django.db.models.deletion.PROTECT,
                    to=target,
                    related_name=related_name,
                    verbose_name=verbose_name,
                    **extra,
                ),
            )
            for name, target, related_name, verbose_name, extra in OPTIONAL_REFERENCES
        ),
        *(
            migrations.AddIndex(
                model_name="transaction",
                index=models.Index(
                    condition=models.Q((f"{name}__isnull", False)),
                    fields=[name],
                    name=f"transaction_{name}",
                ),
            )
            for name, *_rest in OPTIONAL_REFERENCES
        ),
    ]
