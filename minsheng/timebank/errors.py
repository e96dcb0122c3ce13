"""Refusals by the Time Bank's rules, with a message for the person who asked.

Views show the message; the API answers 409 (the request is well formed, but the state of the
order, the account or the person does not allow it).
"""

from __future__ import annotations

from django.utils.functional import Promise


class TimebankError(Exception):
    code = "refused"

    def __init__(self, message: str | Promise, *, code: str | None = None) -> None:
        super().__init__(str(message))
        self.message = str(message)
        if code:
            self.code = code


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
