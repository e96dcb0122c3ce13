"""Posting in one statement: ``timebank_post`` claims the keys, locks the accounts, checks the
balances and inserts the legs, in the database, in one round trip.

``ledger.post`` remains the one entry point; it calls this function once per posting. The
function runs with the caller's rights (no SECURITY DEFINER): it does nothing the application's
role could not do row by row, and every trigger of ``0002``/``0005`` still guards the rows it
writes (legs move balances, balances never go negative, the seal checks the sum and links the
chain at commit).

1. Claim every key (``INSERT … ON CONFLICT DO NOTHING``). A key that is taken was posted before:
   its transaction must have the same kind and the same legs, else ``TB003``.
2. Lock every account involved in primary-key order (``SELECT … ORDER BY id FOR UPDATE``).
3. Walk the new movements in order against the locked balances: a personal, hold or pool
   balance that would go below zero raises ``TB001`` (detail: needed and available minutes),
   an issuer taking back more than it issued raises ``TB002``. Python turns them into messages.
4. Insert every leg in one statement, per account credits before debits, so a balance that
   only passes through an account never dips below zero in between.

The hash chain keeps commit order by holding the chain heads' row locks until the commit. A
synchronous commit holds them through its WAL flush, so every chained commit waited for the disk
in turn and none could share a flush with another. The posting's database transaction therefore
commits with ``synchronous_commit = off`` (only that transaction): its commit record is written,
the locks are released, and ``ledger.post`` then waits for durability with a tiny synchronous
transaction of its own (``posting._wait_until_durable``: one WAL record), whose flush covers
every WAL record before it and is shared by concurrent postings. A posting is still acknowledged only once it is on disk (or
applied by the standby, ``LEDGER_SYNCHRONOUS_COMMIT``); what changes is that other sessions may
see it a moment before, and whatever they commit after seeing it is flushed after it.
"""

from django.db import migrations

POST = """
CREATE FUNCTION timebank_post(movements jsonb, authoriser bigint)
RETURNS TABLE (key text, transaction_id bigint, fresh boolean)
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
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
    n integer;
    i integer;
    debit_at integer;
    credit_at integer;
BEGIN
    -- The commit releases the chain heads as soon as it is recorded, without waiting for the
    -- disk; ledger.post then waits until it is durable (see the module's docstring).
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
    n := cardinality(keys);
    WITH claimed AS (
        INSERT INTO timebank_transaction AS t (
            kind, idempotency_key, posted_at, memo, authorised_by_id, region_id, order_id,
            grant_id, transfer_id, attendance_id, reverses_id)
        SELECT m.kind, m.key, m.posted, m.memo, authoriser, m.region, m.ord, m.grant_id,
               m.transfer, m.attendance, m.reverses
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
    IF cardinality(claimed_keys) < n AND EXISTS (
        SELECT 1
          FROM unnest(kinds, keys, debits, credits, amounts) AS m(kind, key, debit, credit, amount)
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

    SELECT array_agg(a.id), array_agg(a.kind), array_agg(a.balance)
      INTO account_ids, account_kinds, balances
      FROM (SELECT id, kind, balance FROM timebank_account
             WHERE id = ANY (debits || credits) ORDER BY id FOR UPDATE) a;

    IF cardinality(claimed_keys) > 0 THEN
        FOR i IN 1 .. n LOOP
            CONTINUE WHEN NOT keys[i] = ANY (claimed_keys);
            debit_at := array_position(account_ids, debits[i]);
            credit_at := array_position(account_ids, credits[i]);
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
        END LOOP;

        INSERT INTO timebank_leg (transaction_id, account_id, side, amount)
        SELECT c.id, l.account, l.side, l.amount
          FROM unnest(keys, debits, credits, amounts) AS m(key, debit, credit, amount)
          JOIN unnest(claimed_keys, claimed_ids) AS c(key, id) ON c.key = m.key
         CROSS JOIN LATERAL (VALUES (m.debit, 'D', m.amount), (m.credit, 'C', m.amount))
               AS l(account, side, amount)
         ORDER BY l.account, l.side;  -- 'C' before 'D': credits first
    END IF;

    RETURN QUERY
        SELECT m.key, coalesce(c.id, t.id), c.id IS NOT NULL
          FROM unnest(keys) WITH ORDINALITY AS m(key, position)
          LEFT JOIN unnest(claimed_keys, claimed_ids) AS c(key, id) ON c.key = m.key
          LEFT JOIN timebank_transaction t ON c.id IS NULL AND t.idempotency_key = m.key
         ORDER BY m.position;
END;
$$;
"""

DROP_POST = """
DROP FUNCTION IF EXISTS timebank_post(jsonb, bigint);
"""


class Migration(migrations.Migration):
    dependencies = [("timebank", "0009_volunteer_applications")]

    operations = [migrations.RunSQL(sql=POST, reverse_sql=DROP_POST)]
