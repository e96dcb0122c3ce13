"""The database alone posts: ``timebank_post`` writes every transaction and leg, moves the
balances itself, and the seal links a commit's transactions into the chain in one step.

Counted in CPU (docs/timebank.md), a posting spent most of its server time in triggers that
re-checked, row by row or statement by statement, what the posting function had just done:
the legs' trigger read each leg's transaction again to prove it open, unsealed and dated alike,
then moved the balances through a join; the seal read each transaction's legs and locked, read
and moved the chain's head once per transaction. Now:

* Only the owner writes ``timebank_transaction`` and ``timebank_leg`` (a statement trigger,
  ``minsheng_written_by_database``; the application's role keeps SELECT alone). The one way in
  is ``timebank_post``, which runs as the owner (SECURITY DEFINER) with a fixed
  ``search_path``. What the legs' trigger checked now holds by construction: legs are written
  only for the transactions the same call has just claimed, two per movement, of one amount,
  dated as their transaction; a closed or sealed transaction cannot gain a leg, because no role
  but the owner can add one.
* ``timebank_post`` refuses a movement without a positive amount between two accounts, stamps
  each transaction (the database transaction that wrote it, the time it was recorded), and
  moves each account's balance and lifetime earnings in one update from the balances it has
  just checked under the accounts' locks.
* The account guard lets a balance move only as the owner, which the application's role never
  is (not from its own triggers either).
* The seal still runs at commit for every transaction, still refuses one that is not balanced,
  and still links it; the first seal of a commit links every transaction posted in that database
  transaction at once (in the order of their ids, as before), and the others find themselves
  linked. ``timebank_post`` names its transactions in a transaction-local setting, which the
  first seal empties; that setting is a hint only: the seal takes from it only transactions
  written by this database transaction and not yet linked, and always links its own.
* The canonical form is written once, for a set of transactions
  (``timebank_transactions_canonical``); the one-row function reads it.
"""

import importlib

from django.db import migrations

from minsheng.core.db import written_by_database

leaner = importlib.import_module("minsheng.timebank.migrations.0012_leaner_posting")
by_key = importlib.import_module("minsheng.timebank.migrations.0013_posting_answer_by_key")
sealing = importlib.import_module("minsheng.timebank.migrations.0005_hash_chain_seal")

POST = """
CREATE OR REPLACE FUNCTION timebank_post(movements jsonb, authoriser bigint)
RETURNS TABLE (key text, transaction_id bigint, fresh boolean)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
SET plan_cache_mode = force_generic_plan AS $$
DECLARE
    kinds text[];
    keys text[];
    posted timestamptz[];
    memos text[];
    regions bigint[];
    orders bigint[];
    grants bigint[];
    transfers bigint[];
    attendances bigint[];
    reversed bigint[];
    debits bigint[];
    credits bigint[];
    amounts bigint[];
    claimed_keys text[];
    claimed_ids bigint[];
    account_ids bigint[];
    account_kinds text[];
    balances bigint[];
    earnings bigint[];
    n integer;
    i integer;
    debit_at integer;
    credit_at integer;
BEGIN
    -- The commit releases the chain heads as soon as it is recorded, without waiting for the
    -- disk; ledger.post then waits until it is durable (migration 0010).
    PERFORM set_config('synchronous_commit', 'off', true);
    -- One JSON array per movement (one parameter is far cheaper to send than fourteen arrays).
    SELECT array_agg(m->>0 ORDER BY position), array_agg(m->>1 ORDER BY position),
           array_agg((m->>2)::timestamptz ORDER BY position), array_agg(m->>3 ORDER BY position),
           array_agg((m->>4)::bigint ORDER BY position), array_agg((m->>5)::bigint ORDER BY position),
           array_agg((m->>6)::bigint ORDER BY position), array_agg((m->>7)::bigint ORDER BY position),
           array_agg((m->>8)::bigint ORDER BY position), array_agg((m->>9)::bigint ORDER BY position),
           array_agg((m->>10)::bigint ORDER BY position),
           array_agg((m->>11)::bigint ORDER BY position),
           array_agg((m->>12)::bigint ORDER BY position)
      INTO kinds, keys, posted, memos, regions, orders, grants, transfers, attendances,
           reversed, debits, credits, amounts
      FROM jsonb_array_elements(movements) WITH ORDINALITY AS e(m, position);
    n := coalesce(cardinality(keys), 0);
    FOR i IN 1 .. n LOOP
        IF amounts[i] IS NULL OR amounts[i] <= 0 OR debits[i] IS NULL OR credits[i] IS NULL
           OR debits[i] = credits[i] THEN
            RAISE EXCEPTION 'movement % does not move a positive amount between two accounts', i
                USING ERRCODE = 'check_violation';
        END IF;
    END LOOP;

    -- 1. Claim every key; a key taken before was posted before.
    WITH claimed AS (
        INSERT INTO timebank_transaction AS t (
            kind, idempotency_key, posted_at, recorded_at, created_txid, memo, authorised_by_id,
            region_id, order_id, grant_id, transfer_id, attendance_id, reverses_id)
        SELECT m.kind, m.key, m.posted, clock_timestamp(), pg_current_xact_id()::text::bigint,
               m.memo, authoriser, m.region, m.ord, m.grant_id, m.transfer, m.attendance,
               m.reverses
          FROM unnest(kinds, keys, posted, memos, regions, orders, grants, transfers,
                      attendances, reversed)
               WITH ORDINALITY AS m(kind, key, posted, memo, region, ord, grant_id, transfer,
                                    attendance, reverses, position)
         ORDER BY m.position
        ON CONFLICT (idempotency_key) DO NOTHING
        RETURNING t.id, t.idempotency_key
    )
    SELECT coalesce(array_agg(claimed.idempotency_key), '{}'),
           coalesce(array_agg(claimed.id), '{}')
      INTO claimed_keys, claimed_ids FROM claimed;

    -- Keys taken before: the same movement, or a refusal.
    IF cardinality(claimed_keys) < n THEN
        IF EXISTS (
            SELECT 1
              FROM unnest(kinds, keys, debits, credits, amounts)
                   AS m(kind, key, debit, credit, amount)
              JOIN timebank_transaction t ON t.idempotency_key = m.key
             WHERE m.key <> ALL (claimed_keys)
               AND (t.kind <> m.kind
                    OR NOT EXISTS (SELECT 1 FROM timebank_leg l WHERE l.transaction_id = t.id
                                      AND l.account_id = m.debit AND l.side = 'D'
                                      AND l.amount = m.amount)
                    OR NOT EXISTS (SELECT 1 FROM timebank_leg l WHERE l.transaction_id = t.id
                                      AND l.account_id = m.credit AND l.side = 'C'
                                      AND l.amount = m.amount)
                    OR EXISTS (SELECT 1 FROM timebank_leg l WHERE l.transaction_id = t.id
                                  AND (l.account_id, l.side, l.amount) NOT IN (
                                      (m.debit, 'D', m.amount), (m.credit, 'C', m.amount))))
        ) THEN
            RAISE EXCEPTION 'idempotency key reused with different details'
                USING ERRCODE = 'TB003';
        END IF;
    END IF;

    IF cardinality(claimed_keys) > 0 THEN
        -- 2. Lock every account involved, in primary-key order.
        SELECT array_agg(a.id), array_agg(a.kind), array_agg(a.balance),
               array_fill(0::bigint, ARRAY[count(*)::integer])
          INTO account_ids, account_kinds, balances, earnings
          FROM (SELECT id, kind, balance FROM timebank_account
                 WHERE id = ANY (debits || credits) ORDER BY id FOR UPDATE) a;

        -- 3. Walk the new movements in order against the locked balances.
        FOR i IN 1 .. n LOOP
            CONTINUE WHEN NOT keys[i] = ANY (claimed_keys);
            debit_at := array_position(account_ids, debits[i]);
            credit_at := array_position(account_ids, credits[i]);
            IF debit_at IS NULL OR credit_at IS NULL THEN
                RAISE EXCEPTION 'movement % names an account that does not exist', i
                    USING ERRCODE = 'foreign_key_violation';
            END IF;
            balances[debit_at] := balances[debit_at] - amounts[i];
            balances[credit_at] := balances[credit_at] + amounts[i];
            IF account_kinds[debit_at] <> 'issuance' AND balances[debit_at] < 0 THEN
                RAISE EXCEPTION 'account % has too little time', debits[i]
                    USING ERRCODE = 'TB001',
                          DETAIL = amounts[i] || ' ' || greatest(balances[debit_at] + amounts[i], 0);
            END IF;
            IF account_kinds[credit_at] = 'issuance' AND balances[credit_at] > 0 THEN
                RAISE EXCEPTION 'issuance account % cannot take back more than it issued',
                    credits[i] USING ERRCODE = 'TB002';
            END IF;
            -- Lifetime earnings (star levels, the care-home milestone) follow service payments.
            IF kinds[i] IN ('service_payment', 'activity_payment') THEN
                earnings[credit_at] := earnings[credit_at] + amounts[i];
            ELSIF kinds[i] = 'reversal' THEN
                IF EXISTS (SELECT 1 FROM timebank_transaction o WHERE o.id = reversed[i]
                              AND o.kind IN ('service_payment', 'activity_payment')) THEN
                    earnings[debit_at] := earnings[debit_at] - amounts[i];
                END IF;
            END IF;
        END LOOP;

        -- 4. The legs, dated as their transactions, per account credits before debits.
        INSERT INTO timebank_leg (transaction_id, account_id, side, amount, posted_at)
        SELECT c.id, l.account, l.side, l.amount, m.posted
          FROM unnest(keys, debits, credits, amounts, posted)
               AS m(key, debit, credit, amount, posted)
          JOIN unnest(claimed_keys, claimed_ids) AS c(key, id) ON c.key = m.key
         CROSS JOIN LATERAL (VALUES (m.debit, 'D', m.amount), (m.credit, 'C', m.amount))
               AS l(account, side, amount)
         ORDER BY l.account, l.side;

        -- 5. The balances just checked, and the earnings.
        UPDATE timebank_account a
           SET balance = balances[array_position(account_ids, a.id)],
               earned = a.earned + earnings[array_position(account_ids, a.id)]
         WHERE a.id = ANY (account_ids);

        -- For the seal at commit: the transactions to link together (a hint it checks). A
        -- long database transaction (a generated history) stops adding to it: the seal of
        -- each transaction the hint leaves out links that one.
        IF length(current_setting('minsheng.ledger_unsealed', true)) > 4000 IS NOT TRUE THEN
            PERFORM set_config('minsheng.ledger_unsealed', concat_ws(',',
                nullif(current_setting('minsheng.ledger_unsealed', true), ''),
                array_to_string(claimed_ids, ',')), true);
        END IF;
    END IF;

    RETURN QUERY
        SELECT m.key,
               coalesce(c.id, (SELECT t.id FROM timebank_transaction t
                                WHERE t.idempotency_key = m.key)),
               c.id IS NOT NULL
          FROM unnest(keys) WITH ORDINALITY AS m(key, position)
          LEFT JOIN unnest(claimed_keys, claimed_ids) AS c(key, id) ON c.key = m.key
         ORDER BY m.position;
END;
$$;
"""

CANONICAL = """
CREATE FUNCTION timebank_transactions_canonical(ids bigint[])
RETURNS TABLE (id bigint, canonical text)
LANGUAGE sql STABLE SET search_path = public, pg_temp AS $$
SELECT t.id, '[' || concat_ws(', ',
    t.id::text,
    coalesce(to_json(t.kind::text)::text, 'null'),
    coalesce(to_json(t.idempotency_key::text)::text, 'null'),
    coalesce(((extract(epoch FROM t.posted_at) * 1000000)::bigint)::text, 'null'),
    coalesce(((extract(epoch FROM t.recorded_at) * 1000000)::bigint)::text, 'null'),
    coalesce(to_json(t.memo::text)::text, 'null'),
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
                coalesce(to_json(l.side::text)::text, 'null'),
                l.amount::text,
                coalesce(((extract(epoch FROM l.posted_at) * 1000000)::bigint)::text, 'null')
            ) || ']', ', ' ORDER BY l.id), '') || ']'
       FROM timebank_leg l WHERE l.transaction_id = t.id)
) || ']'
  FROM timebank_transaction t WHERE t.id = ANY (ids)
 ORDER BY t.id
$$;

CREATE OR REPLACE FUNCTION timebank_transaction_canonical(t timebank_transaction) RETURNS text
LANGUAGE sql STABLE SET search_path = public, pg_temp AS $$
SELECT canonical FROM timebank_transactions_canonical(ARRAY[t.id])
$$;
"""

SEAL = """
CREATE OR REPLACE FUNCTION timebank_transaction_seal() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
SET plan_cache_mode = force_generic_plan AS $$
DECLARE
    named text;
    ids bigint[];
    canonicals text[];
    offending record;
BEGIN
    IF EXISTS (SELECT 1 FROM audit_chainlink WHERE chain = 'ledger' AND row_id = NEW.id) THEN
        RETURN NULL;  -- sealed with an earlier transaction of the same commit
    END IF;
    -- The transactions timebank_post named since the last seal; the first seal takes them all.
    named := nullif(current_setting('minsheng.ledger_unsealed', true), '');
    IF named IS NOT NULL THEN
        PERFORM set_config('minsheng.ledger_unsealed', '', true);
    END IF;
    SELECT array_agg(t.id ORDER BY t.id) INTO ids
      FROM timebank_transaction t
     WHERE t.id = ANY (NEW.id || string_to_array(named, ',')::bigint[])
       AND (t.id = NEW.id OR t.created_txid = pg_current_xact_id()::text::bigint)
       -- Not yet linked, asked row by row (a scalar subquery, never an anti-join that a
       -- generic plan made on a small table would answer by reading every link).
       AND (SELECT c.row_id FROM audit_chainlink c
             WHERE c.chain = 'ledger' AND c.row_id = t.id) IS NULL;
    -- Each transaction's legs by its index (LATERAL): a join would let a generic plan made
    -- while the table was small scan every leg at every commit.
    SELECT t.id, s.legs, s.total INTO offending
      FROM unnest(ids) AS t(id)
     CROSS JOIN LATERAL (
           SELECT count(*) AS legs,
                  coalesce(sum(CASE l.side WHEN 'C' THEN l.amount ELSE -l.amount END), 0) AS total
             FROM timebank_leg l WHERE l.transaction_id = t.id) s
     WHERE s.legs < 2 OR s.total <> 0
     LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'ledger transaction % is not balanced: % legs summing to % minutes',
            offending.id, offending.legs, offending.total USING ERRCODE = 'check_violation';
    END IF;
    SELECT array_agg(c.canonical ORDER BY c.id) INTO canonicals
      FROM timebank_transactions_canonical(ids) c;
    PERFORM minsheng_chain_append_many('ledger', ids, canonicals);
    RETURN NULL;
END;
$$;
"""

# The account guard: a balance moves only as the owner, at any depth (only timebank_post).
OLD_GUARD = """
    -- Only the leg trigger moves a balance: it runs as the owner, one level down. A direct
    -- UPDATE runs at depth 1, and any other trigger runs as the role that fired it.
    IF (NEW.balance <> OLD.balance OR NEW.earned <> OLD.earned)
       AND (pg_trigger_depth() < 2 OR current_user <> (
            SELECT pg_get_userbyid(relowner) FROM pg_catalog.pg_class WHERE oid = TG_RELID)) THEN"""
NEW_GUARD = """
    -- Only timebank_post moves a balance, as the owner; the application's role never is the
    -- owner, not in a trigger of its own either.
    IF (NEW.balance <> OLD.balance OR NEW.earned <> OLD.earned) AND current_user <> (
            SELECT pg_get_userbyid(relowner) FROM pg_catalog.pg_class WHERE oid = TG_RELID) THEN"""
GUARD_ACCOUNT = leaner._replaced(sealing.GUARD_ACCOUNT, OLD_GUARD, NEW_GUARD)


DROP_TRIGGERS = """
DROP TRIGGER timebank_leg_apply ON timebank_leg;
DROP TRIGGER timebank_leg_posted_at ON timebank_leg;
DROP FUNCTION timebank_legs_apply();
DROP FUNCTION timebank_leg_posted_at();
DROP TRIGGER timebank_transaction_stamp ON timebank_transaction;
"""

RESTORE_TRIGGERS = (
    leaner.LEGS.split("DROP TRIGGER timebank_leg_apply ON timebank_leg;")[0]
    + """
CREATE TRIGGER timebank_leg_posted_at BEFORE INSERT ON timebank_leg FOR EACH ROW
    WHEN (NEW.posted_at IS NULL) EXECUTE FUNCTION timebank_leg_posted_at();
CREATE TRIGGER timebank_leg_apply AFTER INSERT ON timebank_leg
    REFERENCING NEW TABLE AS new_legs
    FOR EACH STATEMENT EXECUTE FUNCTION timebank_legs_apply();
CREATE TRIGGER timebank_transaction_stamp BEFORE INSERT ON timebank_transaction
    FOR EACH ROW EXECUTE FUNCTION timebank_transaction_stamp();
"""
)

PREVIOUS_SEAL = sealing.SEAL.split("DROP TRIGGER IF EXISTS")[0].replace(
    "CREATE FUNCTION", "CREATE OR REPLACE FUNCTION"
)
PREVIOUS_CANONICAL = (
    sealing.CANONICAL.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION")
    + "DROP FUNCTION timebank_transactions_canonical(bigint[]);\n"
)


class Migration(migrations.Migration):
    dependencies = [
        ("timebank", "0013_posting_answer_by_key"),
        ("audit", "0003_chain_append_many"),
    ]

    operations = [
        migrations.RunSQL(
            sql=DROP_TRIGGERS + GUARD_ACCOUNT + CANONICAL + SEAL + POST,
            reverse_sql=RESTORE_TRIGGERS
            + sealing.GUARD_ACCOUNT
            + PREVIOUS_SEAL
            + PREVIOUS_CANONICAL
            + by_key.POST,
        ),
        written_by_database("timebank_transaction", per_statement=True),
        written_by_database("timebank_leg", per_statement=True),
    ]
