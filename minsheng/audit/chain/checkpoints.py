"""Checkpoints: each chain's head (position, hash, time) recorded hourly in the database and
appended, signed, to a file that may be published (``var/checkpoints/<database>.jsonl``, or
``MINSHENG_CHECKPOINT_DIR``). Once a checkpoint is out of the owner's reach, no rewrite of the
chain up to it can go unseen: ``minsheng check-ledger --checkpoints FILE`` compares."""

from __future__ import annotations

import json
import os
from pathlib import Path

from django.conf import settings
from django.db import connection

from minsheng.audit.chain import signing
from minsheng.jobs.schedule import every


def directory() -> Path:
    configured = os.environ.get("MINSHENG_CHECKPOINT_DIR")
    return Path(configured) if configured else Path(settings.VAR_DIR) / "checkpoints"


def path() -> Path:
    return directory() / f"{connection.settings_dict['NAME']}.jsonl"


def statement(chain: str, seq: int, hash_: str, taken_at: str) -> bytes:
    """What a checkpoint's signature covers."""
    return f"minsheng-checkpoint\n{chain}\n{seq}\n{hash_}\n{taken_at}".encode()


def take() -> list[dict[str, object]]:
    """Record each chain's head if it moved since its last checkpoint; append it to the file."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT chain, seq, hash, taken_at FROM minsheng_chain_checkpoint()")
        rows = cursor.fetchall()
    if not rows:
        return []
    key = signing.private_key()
    public = signing.public_text(key.public_key())
    written = []
    for chain, seq, hash_, taken_at in rows:
        moment = taken_at.isoformat()
        written.append(
            {
                "chain": chain,
                "seq": seq,
                "hash": hash_,
                "taken_at": moment,
                "public_key": public,
                "signature": signing.sign(statement(chain, seq, hash_, moment)),
            }
        )
    target = path()
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("a", encoding="utf-8") as handle:
        for line in written:
            handle.write(json.dumps(line, ensure_ascii=False) + "\n")
    return written


@every(name="audit.chain_checkpoint", hours=1)
def periodic_checkpoint() -> None:
    take()
