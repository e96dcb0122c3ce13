"""Refusals by the Time Bank's rules, with a message for the person who asked.

Views show the message; the API answers 409 (the request is well formed, but the state of the
order, the account or the person does not allow it).
"""

from __future__ import annotations

from minsheng.core.errors import Refused


class TimebankError(Refused):
    """Every refusal of the Time Bank (the API answers each with 409)."""


class IllegalMove(TimebankError):
    """The order (or grant, activity ...) is not in a state that allows this step."""

    code = "illegal_move"


class InsufficientBalance(TimebankError):
    code = "insufficient_balance"


class NotEligible(TimebankError):
    """The person does not meet a rule (age, training, relation, care need, budget ...)."""

    code = "not_eligible"


class IdempotencyConflict(TimebankError):
    """The key was already used for a different request."""

    code = "idempotency_conflict"
