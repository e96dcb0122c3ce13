"""Following a chain link by link: what was deleted, altered or inserted, and where.

The same walk checks the database (``minsheng check-ledger``) and an export
(``minsheng verify-ledger``): each entry is a link (position, row id, previous hash, hash) with
the row as it is now, or ``None`` if the row is gone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from minsheng.audit.chain.canonical import GENESIS, link_hash, serialise
from minsheng.audit.chain.definitions import Chain


@dataclass(frozen=True)
class Entry:
    seq: int
    row_id: int
    prev_hash: str
    hash: str
    row: Sequence[Any] | None


@dataclass(frozen=True)
class Finding:
    chain: str
    kind: str  # deleted, altered, inserted, broken, checkpoint, head
    position: int | None
    message: str


@dataclass
class Walk:
    """Feed it the links in order, then the rows that have no link, then finish it."""

    chain: Chain
    checkpoints: dict[int, str] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    links: int = 0
    last_seq: int = 0
    last_hash: str = GENESIS

    def add(self, entry: Entry) -> None:
        name = self.chain.name
        self.links += 1
        if entry.seq != self.last_seq + 1:
            self._found(
                "deleted",
                self.last_seq + 1,
                _(
                    "%(chain)s chain, positions %(first)s to %(last)s: the links are missing "
                    "(rows deleted)."
                )
                % {"chain": name, "first": self.last_seq + 1, "last": entry.seq - 1},
            )
        elif entry.prev_hash != self.last_hash:
            self._found(
                "broken",
                entry.seq,
                _(
                    "%(chain)s chain, position %(position)s: the link does not follow the one "
                    "before it (a row inserted or removed, or the chain rewritten)."
                )
                % {"chain": name, "position": entry.seq},
            )
        if entry.row is None:
            self._found(
                "deleted",
                entry.seq,
                _("%(chain)s chain, position %(position)s: row %(row)s was deleted.")
                % {"chain": name, "position": entry.seq, "row": entry.row_id},
            )
        elif not self._matches(entry):
            self._found(
                "altered",
                entry.seq,
                _(
                    "%(chain)s chain, position %(position)s: row %(row)s was altered (its hash "
                    "no longer matches)."
                )
                % {"chain": name, "position": entry.seq, "row": entry.row_id},
            )
        expected = self.checkpoints.get(entry.seq)
        if expected is not None and expected != entry.hash:
            self._checkpoint_differs(entry.seq)
        self.last_seq, self.last_hash = entry.seq, entry.hash

    def _matches(self, entry: Entry) -> bool:
        assert entry.row is not None
        try:
            canonical = serialise(entry.row, self.chain.types)
        except ValueError:
            return False
        return entry.row[0] == entry.row_id and entry.hash == link_hash(
            self.chain.name, entry.seq, entry.prev_hash, canonical
        )

    def unlinked(self, row_id: int) -> None:
        self._found(
            "inserted",
            None,
            _("%(chain)s chain: row %(row)s is not in the chain (inserted behind its back).")
            % {"chain": self.chain.name, "row": row_id},
        )

    def finish(self, head: tuple[int, str] | None) -> list[Finding]:
        for seq in sorted(self.checkpoints):
            if seq > self.last_seq:
                self._checkpoint_differs(seq)
        if head is not None and head != (self.last_seq, self.last_hash) and head[0] > 0:
            self._found(
                "head",
                head[0],
                _(
                    "%(chain)s chain: its head is at position %(head)s but the links end at "
                    "%(last)s (links deleted or added at the end)."
                )
                % {"chain": self.chain.name, "head": head[0], "last": self.last_seq},
            )
        return self.findings

    def _checkpoint_differs(self, seq: int) -> None:
        self._found(
            "checkpoint",
            seq,
            _(
                "%(chain)s chain, position %(position)s: the chain does not match its checkpoint "
                "(rewritten or cut up to there)."
            )
            % {"chain": self.chain.name, "position": seq},
        )

    def _found(self, kind: str, position: int | None, message: str) -> None:
        self.findings.append(Finding(self.chain.name, kind, position, message))
