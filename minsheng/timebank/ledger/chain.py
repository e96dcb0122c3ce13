"""The ledger's hash chain: one link per ledger transaction, its legs inside its row.

The database writes the link when it seals the transaction at commit (migration
``0005_hash_chain_seal``); this is how the chain's rows are read to check it.
"""

from __future__ import annotations

from minsheng.audit.chain.definitions import Chain, micros, register

LEDGER = register(
    Chain(
        name="ledger",
        table="timebank_transaction",
        fields=(
            ("id", "int"),
            ("kind", "text"),
            ("idempotency_key", "text"),
            ("posted_at", "time"),
            ("recorded_at", "time"),
            ("memo", "text"),
            ("authorised_by_id", "int"),
            ("region_id", "int"),
            ("order_id", "int"),
            ("grant_id", "int"),
            ("transfer_id", "int"),
            ("attendance_id", "int"),
            ("reverses_id", "int"),
            # Each leg: id, account_id, side, amount, posted_at.
            ("legs", ["int", "int", "text", "int", "time"]),
        ),
        select=f"""SELECT t.id, t.kind, t.idempotency_key, {micros("t.posted_at")},
                          {micros("t.recorded_at")}, t.memo, t.authorised_by_id, t.region_id,
                          t.order_id, t.grant_id, t.transfer_id, t.attendance_id, t.reverses_id,
                          (SELECT coalesce(json_agg(json_build_array(
                                      l.id, l.account_id, l.side, l.amount,
                                      {micros("l.posted_at")}) ORDER BY l.id), '[]')
                             FROM timebank_leg l WHERE l.transaction_id = t.id)
                     FROM timebank_transaction t""",
    )
)
