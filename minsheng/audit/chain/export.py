"""A signed, self-contained export of the chains, and its offline verification.

The file is JSON Lines:

1. a header: format, version, time, the signer's public key (Ed25519, base64) and, per chain,
   its table and columns with their types (``canonical.py`` says how a row is serialised);
2. per chain: its head and checkpoints (``{"chain", "head": {...}}``,
   ``{"chain", "checkpoint": {...}}``), one line per link (``{"chain", "seq", "row_id", "prev",
   "hash", "row"}``, the row as it was in the database at the time of the export, ``null`` if it
   is gone), and the rows that no link names (``{"chain", "unlinked": row}``);
3. last: ``{"body_sha256", "signature"}``: the SHA-256 of every byte before this line, and the
   Ed25519 signature of those 32 bytes.

With standard tools: ``head -n -1 F | sha256sum`` gives ``body_sha256``; the signature verifies
with ``openssl pkeyutl -verify -rawin`` (docs/architecture.md shows the commands).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from minsheng.audit.chain import database, signing
from minsheng.audit.chain.definitions import CHAINS, Chain
from minsheng.audit.chain.verify import Entry, Finding, Walk

FORMAT = "minsheng-chain-export"
VERSION = 1


class ExportError(Exception):
    """The file is not an export this program can read."""


def _line(data: dict[str, Any]) -> bytes:
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode()


@dataclass
class ExportSummary:
    links: dict[str, int] = field(default_factory=dict)
    public_key: str = ""


def write(out: IO[bytes]) -> ExportSummary:
    """Write every chain to ``out``, from one consistent snapshot of the database."""
    key = signing.private_key()
    summary = ExportSummary(public_key=signing.public_text(key.public_key()))
    digest = hashlib.sha256()

    def emit(data: dict[str, Any]) -> None:
        line = _line(data)
        digest.update(line)
        out.write(line)

    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        emit(_header(summary.public_key))
        for name, chain in sorted(CHAINS.items()):
            head = database.head(chain)
            if head is not None:
                emit({"chain": name, "head": {"seq": head[0], "hash": head[1]}})
            for seq, hash_, taken_at in database.checkpoints(chain):
                checkpoint = {"seq": seq, "hash": hash_, "taken_at": taken_at.isoformat()}
                emit({"chain": name, "checkpoint": checkpoint})
            summary.links[name] = 0
            for entry in database.entries(chain):
                summary.links[name] += 1
                emit(
                    {
                        "chain": name,
                        "seq": entry.seq,
                        "row_id": entry.row_id,
                        "prev": entry.prev_hash,
                        "hash": entry.hash,
                        "row": None if entry.row is None else list(entry.row),
                    }
                )
            for row in database.unlinked(chain, limit=None):
                emit({"chain": name, "unlinked": row})
    body = digest.digest()
    out.write(_line({"body_sha256": body.hex(), "signature": signing.sign(body)}))
    return summary


def _header(public_key: str) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "version": VERSION,
        "created_at": timezone.now().isoformat(),
        "database": connection.settings_dict["NAME"],
        "public_key": public_key,
        "hash": "sha256(chain \\n seq \\n prev \\n row), hex",
        "chains": {
            name: {"table": chain.table, "fields": [list(item) for item in chain.fields]}
            for name, chain in sorted(CHAINS.items())
        },
    }


@dataclass
class Report:
    public_key: str
    signed: bool
    links: dict[str, int]
    findings: list[Finding]
    created_at: str = ""

    @property
    def fingerprint(self) -> str:
        return signing.fingerprint(self.public_key) if self.public_key else ""

    @property
    def ok(self) -> bool:
        return self.signed and not self.findings


def verify_file(path: Path, published: dict[str, dict[int, str]] | None = None) -> Report:
    """Check an export's signature and every link in it; nothing here reads the database."""
    published = published or {}
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        first = handle.readline()
        digest.update(first)
        header = _parse(first, 1)
        if header.get("format") != FORMAT or header.get("version") != VERSION:
            raise ExportError(_("This is not a Minsheng chain export (format version 1)."))
        walks = {
            name: Walk(_chain(name, spec), checkpoints=dict(published.get(name, {})))
            for name, spec in header.get("chains", {}).items()
        }
        heads: dict[str, tuple[int, str]] = {}
        trailer: dict[str, Any] = {}
        for number, raw in enumerate(handle, start=2):
            data = _parse(raw, number)
            if "signature" in data:
                trailer = data
                break
            digest.update(raw)
            _route(data, walks, heads)
    findings: list[Finding] = []
    for name, walk in walks.items():
        findings += walk.finish(heads.get(name))
    body = digest.digest()
    signed = bool(trailer) and trailer.get("body_sha256") == body.hex()
    signed = signed and signing.valid(header.get("public_key", ""), trailer["signature"], body)
    return Report(
        public_key=header.get("public_key", ""),
        signed=signed,
        links={name: walk.links for name, walk in walks.items()},
        findings=findings,
        created_at=str(header.get("created_at", "")),
    )


def _route(data: dict[str, Any], walks: dict[str, Walk], heads: dict[str, tuple[int, str]]) -> None:
    name = str(data.get("chain"))
    if name not in walks:
        raise ExportError(_("A line names a chain the header does not describe."))
    walk = walks[name]
    try:
        if "seq" in data:
            row = data.get("row")
            walk.add(Entry(int(data["seq"]), int(data["row_id"]), data["prev"], data["hash"], row))
        elif "unlinked" in data:
            walk.unlinked(data["unlinked"][0])
        elif "head" in data:
            heads[name] = (int(data["head"]["seq"]), str(data["head"]["hash"]))
        elif "checkpoint" in data:
            # A published checkpoint, if given, takes precedence over the file's own.
            walk.checkpoints.setdefault(int(data["checkpoint"]["seq"]), data["checkpoint"]["hash"])
    except (KeyError, TypeError, ValueError, IndexError) as error:
        raise ExportError(
            _("A line of the export is incomplete: %(error)s") % {"error": error}
        ) from error


def _chain(name: str, spec: dict[str, Any]) -> Chain:
    fields = tuple((str(field_name), kind) for field_name, kind in spec["fields"])
    return Chain(name=name, table=str(spec.get("table", "")), fields=fields, select="")


def _parse(raw: bytes, number: int) -> dict[str, Any]:
    try:
        data = json.loads(raw)
    except ValueError as error:
        raise ExportError(
            _("Line %(number)s is not JSON: %(error)s") % {"number": number, "error": error}
        ) from error
    if not isinstance(data, dict):
        raise ExportError(_("Line %(number)s is not a JSON object.") % {"number": number})
    return data


def published_checkpoints(path: Path) -> dict[str, dict[int, str]]:
    """Checkpoints as published (the JSON Lines the periodic job writes out)."""
    found: dict[str, dict[int, str]] = {}
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if raw.strip():
                data = _parse(raw, number)
                found.setdefault(str(data["chain"]), {})[int(data["seq"])] = str(data["hash"])
    return found
