"""Several rows join a chain in one step: ``minsheng_chain_append_many``.

A commit that links several rows (the ledger's transactions of one posting) locks the heads,
reads and moves its chain's head, and writes the links once for all of them, instead of once per
row. The links are the same as one by one: each row's hash follows the previous row's, in the
order given. ``minsheng_chain_append`` is now that step for one row.
"""

from django.db import migrations

GENESIS = "repeat('0', 64)"

APPEND_MANY = f"""
CREATE FUNCTION minsheng_chain_append_many(chain_name text, linked_rows bigint[], canonicals text[])
RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    head_seq bigint;
    head_hash text;
    previous text[];
    hashes text[];
    i integer;
BEGIN
    -- Every head, in one order, until the commit (migration 0002).
    PERFORM 1 FROM audit_chainhead ORDER BY chain FOR UPDATE;
    SELECT seq, hash INTO head_seq, head_hash FROM audit_chainhead WHERE chain = chain_name;
    IF NOT FOUND THEN  -- a chain's first link (or a test database just emptied)
        INSERT INTO audit_chainhead (chain, seq, hash) VALUES (chain_name, 0, {GENESIS})
            ON CONFLICT DO NOTHING;
        SELECT seq, hash INTO head_seq, head_hash FROM audit_chainhead
         WHERE chain = chain_name FOR UPDATE;
    END IF;
    FOR i IN 1 .. coalesce(cardinality(linked_rows), 0) LOOP
        previous[i] := head_hash;
        head_hash := encode(sha256(convert_to(
            chain_name || E'\\n' || (head_seq + i) || E'\\n' || head_hash || E'\\n' || canonicals[i],
            'UTF8')), 'hex');
        hashes[i] := head_hash;
    END LOOP;
    IF coalesce(cardinality(linked_rows), 0) = 0 THEN
        RETURN;
    END IF;
    INSERT INTO audit_chainlink (chain, seq, row_id, prev_hash, hash, linked_at)
    SELECT chain_name, head_seq + l.position, l.row_id, l.prev_hash, l.hash, clock_timestamp()
      FROM unnest(linked_rows, previous, hashes)
           WITH ORDINALITY AS l(row_id, prev_hash, hash, position);
    UPDATE audit_chainhead SET seq = head_seq + cardinality(linked_rows), hash = head_hash
     WHERE chain = chain_name;
END;
$$;
REVOKE EXECUTE ON FUNCTION minsheng_chain_append_many(text, bigint[], text[]) FROM PUBLIC;

CREATE OR REPLACE FUNCTION minsheng_chain_append(chain_name text, linked_row bigint, canonical text)
RETURNS void LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT minsheng_chain_append_many(chain_name, ARRAY[linked_row], ARRAY[canonical]);
$$;
REVOKE EXECUTE ON FUNCTION minsheng_chain_append(text, bigint, text) FROM PUBLIC;
"""


def _previous_append() -> str:
    import importlib

    chain = importlib.import_module("minsheng.audit.migrations.0002_hash_chain")
    one = chain.APPEND.split("-- The heads as they are")[0]
    return (
        "DROP FUNCTION minsheng_chain_append(text, bigint, text);\n"
        + one
        + "DROP FUNCTION minsheng_chain_append_many(text, bigint[], text[]);\n"
    )


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_hash_chain")]

    operations = [migrations.RunSQL(sql=APPEND_MANY, reverse_sql=_previous_append())]
