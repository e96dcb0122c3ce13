"""The ledger's Python side: opening accounts, posting, balances, statements and the check.

Business code calls :func:`post` with :class:`Movement` objects; nothing else writes legs.
"""

from minsheng.timebank.ledger.accounts import (
    hold_account,
    issuance_account,
    locked_accounts,
    person_account,
    pool_account,
    viewed_accounts,
)
from minsheng.timebank.ledger.balances import (
    balance_as_of,
    person_legs,
    person_statement,
    statement,
)
from minsheng.timebank.ledger.posting import Movement, lock, post

__all__ = [
    "Movement",
    "balance_as_of",
    "hold_account",
    "issuance_account",
    "lock",
    "locked_accounts",
    "person_account",
    "person_legs",
    "person_statement",
    "pool_account",
    "post",
    "statement",
    "viewed_accounts",
]
