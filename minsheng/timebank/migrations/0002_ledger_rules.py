"""The ledger's invariants, enforced by PostgreSQL itself.

* ``timebank_transaction`` rows are stamped with the database transaction that wrote them;
  legs may only join a transaction while that database transaction is still open.
* Inserting a leg moves the account's cached balance (and lifetime earnings): nothing else may,
  so the cache cannot drift from the legs.
* At commit, every transaction touched must have at least two legs summing to zero.
* Transactions, legs and order events are append-only; accounts are never deleted.
"""

from django.db import migrations

from minsheng.core.db import append_only

STAMP = """
CREATE FUNCTION timebank_transaction_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.created_txid := pg_current_xact_id()::text::bigint;
    NEW.recorded_at := clock_timestamp();
    RETURN NEW;
END;
$$;
CREATE TRIGGER timebank_transaction_stamp BEFORE INSERT ON timebank_transaction
    FOR EACH ROW EXECUTE FUNCTION timebank_transaction_stamp();
"""

APPLY_LEG = """
CREATE FUNCTION timebank_leg_apply() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    tx_txid bigint;
    tx_posted timestamptz;
    tx_kind text;
    tx_reverses bigint;
    delta bigint;
    earned_delta bigint := 0;
BEGIN
    SELECT created_txid, posted_at, kind, reverses_id
      INTO tx_txid, tx_posted, tx_kind, tx_reverses
      FROM timebank_transaction WHERE id = NEW.transaction_id;
    IF tx_txid IS DISTINCT FROM pg_current_xact_id()::text::bigint THEN
        RAISE EXCEPTION 'ledger transaction % is closed: legs are added only while it is posted',
            NEW.transaction_id USING ERRCODE = 'integrity_constraint_violation';
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
CREATE TRIGGER timebank_leg_apply BEFORE INSERT ON timebank_leg
    FOR EACH ROW EXECUTE FUNCTION timebank_leg_apply();
"""

GUARD_ACCOUNT = """
CREATE FUNCTION timebank_account_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NEW.balance <> 0 OR NEW.earned <> 0 THEN
            RAISE EXCEPTION 'accounts open empty: balances move only through ledger legs'
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
    END IF;
    -- Depth 1 is a direct UPDATE; the leg trigger's own UPDATE runs at depth 2.
    IF pg_trigger_depth() < 2
       AND (NEW.balance <> OLD.balance OR NEW.earned <> OLD.earned) THEN
        RAISE EXCEPTION 'account % balance changes only through ledger legs', OLD.id
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF NEW.kind <> OLD.kind OR NEW.owner_id IS DISTINCT FROM OLD.owner_id
       OR NEW.region_id IS DISTINCT FROM OLD.region_id THEN
        RAISE EXCEPTION 'account % cannot change its kind or holder', OLD.id
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER timebank_account_guard BEFORE INSERT OR UPDATE ON timebank_account
    FOR EACH ROW EXECUTE FUNCTION timebank_account_guard();
CREATE TRIGGER timebank_account_no_delete BEFORE DELETE ON timebank_account
    FOR EACH ROW EXECUTE FUNCTION minsheng_forbid_change();
"""

BALANCED = """
CREATE FUNCTION timebank_check_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    tx_id bigint;
    total bigint;
    leg_count integer;
BEGIN
    IF TG_TABLE_NAME = 'timebank_leg' THEN
        tx_id := NEW.transaction_id;
    ELSE
        tx_id := NEW.id;
    END IF;
    SELECT coalesce(sum(CASE side WHEN 'C' THEN amount ELSE -amount END), 0), count(*)
      INTO total, leg_count
      FROM timebank_leg WHERE transaction_id = tx_id;
    IF leg_count < 2 OR total <> 0 THEN
        RAISE EXCEPTION 'ledger transaction % is not balanced: % legs summing to % minutes',
            tx_id, leg_count, total USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END;
$$;
CREATE CONSTRAINT TRIGGER timebank_transaction_balanced AFTER INSERT ON timebank_transaction
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION timebank_check_balanced();
CREATE CONSTRAINT TRIGGER timebank_leg_balanced AFTER INSERT ON timebank_leg
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION timebank_check_balanced();
"""

DROP = """
DROP TRIGGER IF EXISTS timebank_leg_balanced ON timebank_leg;
DROP TRIGGER IF EXISTS timebank_transaction_balanced ON timebank_transaction;
DROP FUNCTION IF EXISTS timebank_check_balanced();
DROP TRIGGER IF EXISTS timebank_account_no_delete ON timebank_account;
DROP TRIGGER IF EXISTS timebank_account_guard ON timebank_account;
DROP FUNCTION IF EXISTS timebank_account_guard();
DROP TRIGGER IF EXISTS timebank_leg_apply ON timebank_leg;
DROP FUNCTION IF EXISTS timebank_leg_apply();
DROP TRIGGER IF EXISTS timebank_transaction_stamp ON timebank_transaction;
DROP FUNCTION IF EXISTS timebank_transaction_stamp();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_forbid_change_function"),
        ("timebank", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(sql=STAMP + APPLY_LEG + GUARD_ACCOUNT + BALANCED, reverse_sql=DROP),
        append_only("timebank_transaction"),
        append_only("timebank_leg"),
        append_only("timebank_orderevent"),
    ]
