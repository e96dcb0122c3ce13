"""Which tables are chained, and how their rows are read for the canonical serialisation.

Each chain's ``select`` reads the columns in the canonical order (``canonical.py``), with times
already as integer microseconds and JSON as text, from its table under the alias ``t``; its
first column is the row's id. The database's own serialisation (the migrations' functions)
follows the same order.
"""

from __future__ import annotations

from dataclasses import dataclass

from minsheng.audit.chain.canonical import FieldType


def micros(column: str) -> str:
    return f"(extract(epoch FROM {column}) * 1000000)::bigint"


@dataclass(frozen=True)
class Chain:
    name: str
    table: str
    fields: tuple[tuple[str, FieldType], ...]
    select: str

    @property
    def types(self) -> list[FieldType]:
        return [kind for _name, kind in self.fields]


CHAINS: dict[str, Chain] = {}


def register(chain: Chain) -> Chain:
    CHAINS[chain.name] = chain
    return chain


AUDIT = register(
    Chain(
        name="audit",
        table="audit_auditentry",
        fields=(
            ("id", "int"),
            ("at", "time"),
            ("actor_id", "int"),
            ("on_behalf_of_id", "int"),
            ("channel", "text"),
            ("ip", "text"),
            ("action", "text"),
            ("target_type_id", "int"),
            ("target_id", "text"),
            ("target_repr", "text"),
            ("region_path", "text"),
            ("before", "json"),
            ("after", "json"),
            ("note", "text"),
        ),
        select=f"""SELECT t.id, {micros("t.at")}, t.actor_id, t.on_behalf_of_id, t.channel,
                          t.ip::text, t.action, t.target_type_id, t.target_id, t.target_repr,
                          t.region_path, t.before::text, t.after::text, t.note
                     FROM audit_auditentry t""",
    )
)
