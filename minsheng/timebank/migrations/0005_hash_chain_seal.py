"""Every ledger transaction joins the ledger's hash chain at commit, and the link is its seal.

* At commit (a deferred constraint trigger), ``timebank_transaction_seal`` checks that the
  transaction has at least two legs summing to zero and links it into the ``ledger`` chain
  (``audit`` migration 0002). The link is the seal that once lived in a setting any session could
  change: once it exists the leg trigger refuses more legs for the transaction, and only the
  owner could remove it. ``SET CONSTRAINTS ALL IMMEDIATE`` merely seals early.
* Legs move cached balances as the owner (SECURITY DEFINER), and an account's balance may only
  move from there: a trigger of the application's role's own (on a temporary table, say) no
  longer passes the guard, whatever its depth.
* Every function here has a fixed ``search_path``: a temporary table named like a real one cannot
  stand in for it.
"""

import importlib

from django.db import migrations

previous = importlib.import_module(
    "minsheng.timebank.migrations.0004_one_balance_check_per_transaction"
)

CANONICAL = """
CREATE FUNCTION timebank_transaction_canonical(t timebank_transaction) RETURNS text
LANGUAGE sql STABLE SET search_path = public, pg_temp AS $$
SELECT '[' || concat_ws(', ',
    t.id::text,
    minsheng_canonical_text(t.kind),
    minsheng_canonical_text(t.idempotency_key),
    minsheng_canonical_time(t.posted_at),
    minsheng_canonical_time(t.recorded_at),
    minsheng_canonical_text(t.memo),
    coalesce(t.authorised_by_id::text, 'null'),
    coalesce(t.region_id::text, 'null'),
    coalesce(t.order_id::text, 'null'),
    coalesce(t.grant_id::text, 'null'),
    coalesce(t.transfer_id::text, 'null'),
    coalesce(t.attendance_id::text, 'null'),
    coalesce(t.reverses_id::text, 'null'),
    (SELECT '[' || coalesce(string_agg('[' || concat_ws(', ',
                l.id::text,
                l.account_id::text,
                minsheng_canonical_text(l.side),
                l.amount::text,
                minsheng_canonical_time(l.posted_at)
            ) || ']', ', ' ORDER BY l.id), '') || ']'
       FROM timebank_leg l WHERE l.transaction_id = t.id)
) || ']'
$$;
"""

SEAL = """
CREATE FUNCTION timebank_transaction_seal() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
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
    PERFORM minsheng_chain_append('ledger', NEW.id, timebank_transaction_canonical(NEW));
    RETURN NULL;
END;
$$;
DROP TRIGGER IF EXISTS timebank_transaction_balanced ON timebank_transaction;
DROP FUNCTION IF EXISTS timebank_check_balanced();
CREATE CONSTRAINT TRIGGER timebank_transaction_sealed AFTER INSERT ON timebank_transaction
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION timebank_transaction_seal();
"""

APPLY_LEG = """
CREATE OR REPLACE FUNCTION timebank_leg_apply() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
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
    IF EXISTS (SELECT 1 FROM audit_chainlink
                WHERE chain = 'ledger' AND row_id = NEW.transaction_id) THEN
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

GUARD_ACCOUNT = """
CREATE OR REPLACE FUNCTION timebank_account_guard() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NEW.balance <> 0 OR NEW.earned <> 0 THEN
            RAISE EXCEPTION 'accounts open empty: balances move only through ledger legs'
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
    END IF;
    -- Only the leg trigger moves a balance: it runs as the owner, one level down. A direct
    -- UPDATE runs at depth 1, and any other trigger runs as the role that fired it.
    IF (NEW.balance <> OLD.balance OR NEW.earned <> OLD.earned)
       AND (pg_trigger_depth() < 2 OR current_user <> (
            SELECT pg_get_userbyid(relowner) FROM pg_catalog.pg_class WHERE oid = TG_RELID)) THEN
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
"""

# The transactions posted before the chain existed, in the order of their ids.
BACKFILL = """
DO $$
DECLARE
    tx timebank_transaction;
BEGIN
    FOR tx IN SELECT * FROM timebank_transaction ORDER BY id LOOP
        PERFORM minsheng_chain_append('ledger', tx.id, timebank_transaction_canonical(tx));
    END LOOP;
END;
$$;
"""

REVERSE = (
    """
DROP TRIGGER IF EXISTS timebank_transaction_sealed ON timebank_transaction;
DROP FUNCTION IF EXISTS timebank_transaction_seal();
DROP FUNCTION IF EXISTS timebank_transaction_canonical(timebank_transaction);
CREATE FUNCTION timebank_check_balanced() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END; $$;
CREATE CONSTRAINT TRIGGER timebank_transaction_balanced AFTER INSERT ON timebank_transaction
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION timebank_check_balanced();
"""
    + previous.BALANCED.replace("DROP TRIGGER IF EXISTS timebank_leg_balanced ON timebank_leg;", "")
    + previous.APPLY_LEG
)


class Migration(migrations.Migration):
    dependencies = [
        ("timebank", "0004_one_balance_check_per_transaction"),
        ("audit", "0002_hash_chain"),
        ("core", "0002_forbid_truncate"),
    ]

    operations = [
        migrations.RunSQL(
            sql=CANONICAL + SEAL + APPLY_LEG + GUARD_ACCOUNT + BACKFILL, reverse_sql=REVERSE
        ),
    ]
