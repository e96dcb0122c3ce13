"""Tamper-evident history: the hash chains of the audit log and the ledger.

* ``canonical``: how a row is serialised and a link hashed (independently of the database);
* ``definitions``: which tables are chained (the Time Bank registers the ledger);
* ``verify``: following a chain and naming what was deleted, altered or inserted, and where;
* ``database``: the chains as the database holds them (``minsheng check-ledger``);
* ``export``: the signed, self-contained export (``export-ledger``, ``verify-ledger``);
* ``checkpoints``: the heads, recorded hourly and written out to be published.

The links are written by the database itself at commit (``audit`` migration 0002).
"""
