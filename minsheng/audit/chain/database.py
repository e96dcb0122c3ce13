"""Reading the chains from the database, and checking them (``minsheng check-ledger``)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db import connection

from minsheng.audit.chain.definitions import CHAINS, Chain
from minsheng.audit.chain.verify import Entry, Finding, Walk

PAGE = 5000
UNLINKED_LIMIT = 100


@dataclass(frozen=True)
class Result:
    chain: str
    links: int
    findings: list[Finding]


def _rows(sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def entries(chain: Chain) -> Iterator[Entry]:
    """Every link in order, with its row as it is now (``None`` if the row is gone)."""
    last = 0
    while True:
        page = _rows(
            f"""SELECT k.seq, k.row_id, k.prev_hash, k.hash, r.*
                  FROM audit_chainlink k
                  LEFT JOIN LATERAL ({chain.select} WHERE t.id = k.row_id) r ON true
                 WHERE k.chain = %s AND k.seq > %s
                 ORDER BY k.seq LIMIT %s""",
            [chain.name, last, PAGE],
        )
        for seq, row_id, prev_hash, link, *row in page:
            yield Entry(seq, row_id, prev_hash, link, None if row[0] is None else row)
        if len(page) < PAGE:
            return
        last = page[-1][0]


def unlinked(chain: Chain, limit: int | None = UNLINKED_LIMIT) -> list[list[Any]]:
    """Rows that no link names: written while the chain's trigger was off (LIMIT NULL: all)."""
    return [
        list(row)
        for row in _rows(
            f"""{chain.select}
                 WHERE NOT EXISTS (SELECT 1 FROM audit_chainlink k
                                    WHERE k.chain = %s AND k.row_id = t.id)
                 ORDER BY t.id LIMIT %s""",
            [chain.name, limit],
        )
    ]


def head(chain: Chain) -> tuple[int, str] | None:
    found = _rows("SELECT seq, hash FROM audit_chainhead WHERE chain = %s", [chain.name])
    return (found[0][0], found[0][1]) if found else None


def checkpoints(chain: Chain) -> list[tuple[int, str, Any]]:
    return [
        (seq, hash_, taken_at)
        for seq, hash_, taken_at in _rows(
            "SELECT seq, hash, taken_at FROM audit_checkpoint WHERE chain = %s ORDER BY seq",
            [chain.name],
        )
    ]


def seal_pending() -> None:
    """Run the checks still deferred in this transaction, so that its own rows are linked.

    A command runs in a transaction of its own, where nothing is pending; a test that has not
    committed yet has its rows linked here, as its commit would.
    """
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def verify(chain: Chain, published: dict[int, str] | None = None) -> Result:
    known = {seq: hash_ for seq, hash_, _at in checkpoints(chain)}
    walk = Walk(chain, checkpoints={**known, **(published or {})})
    for entry in entries(chain):
        walk.add(entry)
    for row in unlinked(chain):
        walk.unlinked(row[0])
    return Result(chain.name, walk.links, walk.finish(head(chain)))


def verify_all(published: dict[str, dict[int, str]] | None = None) -> list[Result]:
    seal_pending()
    return [verify(chain, (published or {}).get(name)) for name, chain in sorted(CHAINS.items())]
