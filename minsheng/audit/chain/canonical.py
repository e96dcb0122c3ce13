"""The canonical serialisation of a chained row and the hash of its link.

Written again here, independently of the database's functions, so that a verifier trusts the
rows it reads and not the SQL that serialised them; the tests check that both agree.

A row is a JSON array of its columns in a fixed order. Each column has a type:

* ``int``: a number or ``null``;
* ``text``: a JSON string (characters beyond ASCII as they are) or ``null``;
* ``time``: integer microseconds since 1970-01-01 UTC, or ``null``;
* ``json``: PostgreSQL's ``jsonb`` text of the value, as it is, or ``null``;
* a list of types: a JSON array of such rows (a ledger transaction's legs).

Items are separated by ``", "``. A link's hash is the SHA-256, in lower-case hex, of the UTF-8
bytes of ``chain + "\\n" + position + "\\n" + previous hash + "\\n" + row``; the first link's
previous hash is 64 zeros.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import Any

GENESIS = "0" * 64

FieldType = str | list[Any]


def serialise(values: Sequence[Any], types: Sequence[FieldType]) -> str:
    if len(values) != len(types):
        raise ValueError(f"{len(values)} values for {len(types)} columns")
    return (
        "[" + ", ".join(_item(value, kind) for value, kind in zip(values, types, strict=True)) + "]"
    )


def _item(value: Any, kind: FieldType) -> str:
    if value is None:
        return "null"
    if isinstance(kind, list):
        return "[" + ", ".join(serialise(row, kind) for row in value) + "]"
    if kind in ("int", "time"):
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"not an integer: {value!r}")
        return str(value)
    if kind == "text":
        return json.dumps(str(value), ensure_ascii=False)
    if kind == "json":
        return str(value)
    raise ValueError(f"unknown column type {kind!r}")


def link_hash(chain: str, seq: int, prev_hash: str, canonical: str) -> str:
    data = f"{chain}\n{seq}\n{prev_hash}\n{canonical}".encode()
    return hashlib.sha256(data).hexdigest()
