"""The hash chains: every audit entry (and, from the Time Bank's migration, every ledger
transaction) is linked at commit to the one committed before it.

``minsheng_chain_append`` runs as the owner (SECURITY DEFINER) and is the only writer of the
chain tables; the application's role may read them and nothing more. It locks every chain head,
always in the same order, and holds the locks until the commit: the commits that extend a chain
queue for their last moments only, and each chain follows commit order.

A link's hash is the SHA-256 (hex) of ``chain \\n position \\n previous hash \\n row``, where the
row is its canonical serialisation: a JSON array of its columns in a fixed order, times as
integer microseconds since 1970 (UTC), JSON columns as PostgreSQL's jsonb text. ``minsheng
check-ledger`` and ``minsheng verify-ledger`` recompute it (``audit.chain``).
"""

from django.db import migrations, models

from minsheng.core.db import append_only, written_by_database

GENESIS = "repeat('0', 64)"

CANONICAL_HELPERS = """
CREATE FUNCTION minsheng_canonical_text(value text) RETURNS text
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, pg_temp
AS $$ SELECT coalesce(to_json(value)::text, 'null') $$;

CREATE FUNCTION minsheng_canonical_time(value timestamptz) RETURNS text
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp
AS $$ SELECT coalesce(((extract(epoch FROM value) * 1000000)::bigint)::text, 'null') $$;
"""

APPEND = f"""
CREATE FUNCTION minsheng_chain_append(chain_name text, linked_row bigint, canonical text)
RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    head_seq bigint;
    head_hash text;
    link_hash text;
BEGIN
    -- Every head, in one order, until the commit (see the module's docstring).
    PERFORM 1 FROM audit_chainhead ORDER BY chain FOR UPDATE;
    SELECT seq, hash INTO head_seq, head_hash FROM audit_chainhead WHERE chain = chain_name;
    IF NOT FOUND THEN  -- a chain's first link (or a test database just emptied)
        INSERT INTO audit_chainhead (chain, seq, hash) VALUES (chain_name, 0, {GENESIS})
            ON CONFLICT DO NOTHING;
        SELECT seq, hash INTO head_seq, head_hash FROM audit_chainhead
         WHERE chain = chain_name FOR UPDATE;
    END IF;
    link_hash := encode(sha256(convert_to(
        chain_name || E'\\n' || (head_seq + 1) || E'\\n' || head_hash || E'\\n' || canonical,
        'UTF8')), 'hex');
    INSERT INTO audit_chainlink (chain, seq, row_id, prev_hash, hash, linked_at)
    VALUES (chain_name, head_seq + 1, linked_row, head_hash, link_hash, clock_timestamp());
    UPDATE audit_chainhead SET seq = head_seq + 1, hash = link_hash WHERE chain = chain_name;
END;
$$;
REVOKE EXECUTE ON FUNCTION minsheng_chain_append(text, bigint, text) FROM PUBLIC;

-- The heads as they are, recorded once per position; any role may ask for a checkpoint.
CREATE FUNCTION minsheng_chain_checkpoint() RETURNS SETOF audit_checkpoint
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    INSERT INTO audit_checkpoint (chain, seq, hash, taken_at)
    SELECT h.chain, h.seq, h.hash, now() FROM audit_chainhead h
     WHERE h.seq > 0 AND NOT EXISTS (
           SELECT 1 FROM audit_checkpoint c WHERE c.chain = h.chain AND c.seq = h.seq)
    ORDER BY h.chain
    RETURNING *;
$$;
"""

AUDIT_CHAIN = """
CREATE FUNCTION audit_entry_canonical(e audit_auditentry) RETURNS text
LANGUAGE sql STABLE SET search_path = public, pg_temp AS $$
SELECT '[' || concat_ws(', ',
    e.id::text,
    minsheng_canonical_time(e.at),
    coalesce(e.actor_id::text, 'null'),
    coalesce(e.on_behalf_of_id::text, 'null'),
    minsheng_canonical_text(e.channel),
    minsheng_canonical_text(e.ip::text),
    minsheng_canonical_text(e.action),
    coalesce(e.target_type_id::text, 'null'),
    minsheng_canonical_text(e.target_id),
    minsheng_canonical_text(e.target_repr),
    minsheng_canonical_text(e.region_path),
    coalesce(e.before::text, 'null'),
    coalesce(e.after::text, 'null'),
    minsheng_canonical_text(e.note)
) || ']'
$$;

CREATE FUNCTION audit_auditentry_chain() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    PERFORM minsheng_chain_append('audit', NEW.id, audit_entry_canonical(NEW));
    RETURN NULL;
END;
$$;
CREATE CONSTRAINT TRIGGER audit_auditentry_chain AFTER INSERT ON audit_auditentry
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION audit_auditentry_chain();

-- The entries written before the chain existed, in the order of their ids.
DO $$
DECLARE
    entry audit_auditentry;
BEGIN
    FOR entry IN SELECT * FROM audit_auditentry ORDER BY id LOOP
        PERFORM minsheng_chain_append('audit', entry.id, audit_entry_canonical(entry));
    END LOOP;
END;
$$;
"""

DROP = """
DROP TRIGGER IF EXISTS audit_auditentry_chain ON audit_auditentry;
DROP FUNCTION IF EXISTS audit_auditentry_chain();
DROP FUNCTION IF EXISTS audit_entry_canonical(audit_auditentry);
DROP FUNCTION IF EXISTS minsheng_chain_checkpoint();
DROP FUNCTION IF EXISTS minsheng_chain_append(text, bigint, text);
DROP FUNCTION IF EXISTS minsheng_canonical_time(timestamptz);
DROP FUNCTION IF EXISTS minsheng_canonical_text(text);
"""


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
        ("core", "0002_forbid_truncate"),
    ]

    operations = [
        migrations.CreateModel(
            name="ChainHead",
            fields=[
                (
                    "chain",
                    models.CharField(
                        max_length=16, primary_key=True, serialize=False, verbose_name="chain"
                    ),
                ),
                ("seq", models.BigIntegerField(verbose_name="position")),
                ("hash", models.CharField(max_length=64, verbose_name="hash")),
            ],
            options={
                "verbose_name": "chain head",
                "verbose_name_plural": "chain heads",
            },
        ),
        migrations.CreateModel(
            name="ChainLink",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("chain", models.CharField(max_length=16, verbose_name="chain")),
                ("seq", models.BigIntegerField(verbose_name="position")),
                ("row_id", models.BigIntegerField(verbose_name="row")),
                ("prev_hash", models.CharField(max_length=64, verbose_name="previous hash")),
                ("hash", models.CharField(max_length=64, verbose_name="hash")),
                ("linked_at", models.DateTimeField(verbose_name="linked at")),
            ],
            options={
                "verbose_name": "chain link",
                "verbose_name_plural": "chain links",
                "ordering": ["chain", "seq"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("chain", "seq"), name="chainlink_one_per_position"
                    ),
                    models.UniqueConstraint(
                        fields=("chain", "row_id"), name="chainlink_one_per_row"
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="Checkpoint",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("chain", models.CharField(max_length=16, verbose_name="chain")),
                ("seq", models.BigIntegerField(verbose_name="position")),
                ("hash", models.CharField(max_length=64, verbose_name="hash")),
                ("taken_at", models.DateTimeField(verbose_name="taken at")),
            ],
            options={
                "verbose_name": "checkpoint",
                "verbose_name_plural": "checkpoints",
                "ordering": ["chain", "seq"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("chain", "seq"), name="checkpoint_one_per_position"
                    )
                ],
            },
        ),
        append_only("audit_chainlink"),
        append_only("audit_checkpoint"),
        written_by_database("audit_chainhead"),
        written_by_database("audit_chainlink"),
        written_by_database("audit_checkpoint"),
        migrations.RunSQL(
            sql=CANONICAL_HELPERS + APPEND + AUDIT_CHAIN,
            reverse_sql=DROP,
        ),
    ]
