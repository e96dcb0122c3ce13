"""One balance check per ledger transaction instead of one per leg.

The check on the transaction row runs at commit; when it has run, the transaction is *sealed*
(its id is noted for the rest of the database transaction) and the leg trigger refuses any
further leg for it. So ``SET CONSTRAINTS ALL IMMEDIATE`` followed by another leg is still
refused, while an ordinary posting is checked once, not once per leg.
"""

from django.db import migrations

BALANCED = """
CREATE OR REPLACE FUNCTION timebank_check_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    total bigint;
    leg_count integer;
BEGIN
    SELECT coalesce(sum(CASE side WHEN 'C' THEN amount ELSE -amount END), 0), count(*)
      INTO total, leg_count
      FROM timebank_leg WHERE transaction_id = NEW.id;
    IF leg_count < 2 OR total <> 0 THEN
        RAISE EXCEPTION 'ledger transaction % is not balanced: % legs summing to % minutes',
            NEW.id, leg_count, total USING ERRCODE = 'check_violation';
    END IF;
    PERFORM set_config(
        'timebank.sealed', coalesce(current_setting('timebank.sealed', true), '') || NEW.id || ',',
        true
    );
    RETURN NULL;
END;
$$;
DROP TRIGGER IF EXISTS timebank_leg_balanced ON timebank_leg;
"""

APPLY_LEG = """
CREATE OR REPLACE FUNCTION timebank_leg_apply() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    tx_txid bigint;
    tx_posted timestamptz;
    tx_kind text;
    tx_reverses bigint;
    delta bigint;
    earned_delta bigint := 0;
    sealed text := current_setting('timebank.sealed', true);
BEGIN
    SELECT created_txid, posted_at, kind, reverses_id
      INTO tx_txid, tx_posted, tx_kind, tx_reverses
      FROM timebank_transaction WHERE id = NEW.transaction_id;
    IF tx_txid IS DISTINCT FROM pg_current_xact_id()::text::bigint THEN
        RAISE EXCEPTION 'ledger transaction % is closed: legs are added only while it is posted',
            NEW.transaction_id USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF sealed <> '' AND position(',' || NEW.transaction_id || ',' IN ',' || sealed) > 0 THEN
        RAISE EXCEPTION 'ledger transaction % is already checked: no more legs', NEW.transaction_id
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    NEW.posted_at := tx_posted;
    delta := CASE NEW.side WHEN 'C' THEN NEW.amount ELSE -NEW.amount END;
    -- Lifetime earnings (star levels, the care-home milestone) follow service payments.
    IF NEW.side = 'C' AND tx_kind IN ('service_payment', 'activity_payment') THEN
        earned_delta := NEW.amount;
    ELSIF NEW.side = 'D' AND tx_kind = 'reversal' AND EXISTS (
        SELECT 1 FROM timebank_transaction o
         WHERE o.id = tx_reverses AND o.kind IN ('service_payment', 'activity_payment')
    ) THEN
        earned_delta := -NEW.amount;
    END IF;
    UPDATE timebank_account
       SET balance = balance + delta, earned = earned + earned_delta
     WHERE id = NEW.account_id;
    RETURN NEW;
END;
$$;
"""


class Migration(migrations.Migration):
    dependencies = [("timebank", "0003_reference_data")]

    operations = [migrations.RunSQL(sql=BALANCED + APPLY_LEG, reverse_sql=migrations.RunSQL.noop)]
