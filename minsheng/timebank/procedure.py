"""The standard procedure as a map of allowed moves.

``posted -> approved/rejected -> booked -> signed in -> signed out -> settled``, with
cancellation before sign-in, no-show, withdrawal of a booking, and disputes decided by the
station. Every move is checked here before anything changes; an illegal one raises
:class:`~minsheng.timebank.errors.IllegalMove` with the reason in words (HTTP 409 in the API).
"""

from __future__ import annotations

import enum

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from minsheng.timebank.errors import IllegalMove
from minsheng.timebank.models import OrderState, ServiceOrder

S = OrderState


class Move(enum.Enum):
    APPROVE = "approve"
    REJECT = "reject"
    BOOK = "book"
    ASSIGN = "assign"
    WITHDRAW = "withdraw"
    SIGN_IN = "sign_in"
    SIGN_OUT = "sign_out"
    CONFIRM = "confirm"
    DISPUTE = "dispute"
    DECIDE = "decide"
    CANCEL = "cancel"
    NO_SHOW = "no_show"


TRANSITIONS: dict[Move, tuple[frozenset[str], str]] = {
    Move.APPROVE: (frozenset({S.POSTED}), S.APPROVED),
    Move.REJECT: (frozenset({S.POSTED}), S.REJECTED),
    Move.BOOK: (frozenset({S.APPROVED}), S.BOOKED),
    Move.ASSIGN: (frozenset({S.APPROVED}), S.BOOKED),
    Move.WITHDRAW: (frozenset({S.BOOKED}), S.APPROVED),
    Move.SIGN_IN: (frozenset({S.BOOKED}), S.SIGNED_IN),
    Move.SIGN_OUT: (frozenset({S.SIGNED_IN}), S.SIGNED_OUT),
    Move.CONFIRM: (frozenset({S.SIGNED_OUT}), S.SETTLED),
    Move.DISPUTE: (frozenset({S.SIGNED_OUT}), S.DISPUTED),
    Move.DECIDE: (frozenset({S.DISPUTED}), S.SETTLED),
    Move.CANCEL: (frozenset({S.POSTED, S.APPROVED, S.BOOKED}), S.CANCELLED),
    Move.NO_SHOW: (frozenset({S.BOOKED}), S.NO_SHOW),
}

MOVE_LABELS = {
    Move.APPROVE: gettext_lazy("approve"),
    Move.REJECT: gettext_lazy("reject"),
    Move.BOOK: gettext_lazy("book"),
    Move.ASSIGN: gettext_lazy("assign a volunteer"),
    Move.WITHDRAW: gettext_lazy("withdraw the booking"),
    Move.SIGN_IN: gettext_lazy("sign in"),
    Move.SIGN_OUT: gettext_lazy("sign out"),
    Move.CONFIRM: gettext_lazy("confirm"),
    Move.DISPUTE: gettext_lazy("dispute the duration"),
    Move.DECIDE: gettext_lazy("decide the dispute"),
    Move.CANCEL: gettext_lazy("cancel"),
    Move.NO_SHOW: gettext_lazy("report that the volunteer did not come"),
}


def allowed(order: ServiceOrder, move: Move) -> bool:
    sources, _target = TRANSITIONS[move]
    return order.state in sources


def target(move: Move) -> str:
    return TRANSITIONS[move][1]


def moves_from(state: str) -> list[Move]:
    return [move for move, (sources, _t) in TRANSITIONS.items() if state in sources]


def ensure(order: ServiceOrder, move: Move) -> None:
    """Raise IllegalMove, with the reason, unless ``move`` is allowed from the order's state."""
    if allowed(order, move):
        return
    raise IllegalMove(reason(order, move))


def reason(order: ServiceOrder, move: Move) -> str:
    state = OrderState(order.state)
    if move in (Move.BOOK, Move.ASSIGN) and state in (S.BOOKED, S.SIGNED_IN, S.SIGNED_OUT):
        return _("This request already has a volunteer.")
    if move in (Move.CONFIRM, Move.DECIDE) and state == S.SETTLED:
        return _("This service is already confirmed and paid.")
    if move == Move.CANCEL and state in (S.SIGNED_IN, S.SIGNED_OUT, S.DISPUTED):
        return _("The volunteer has already signed in: the order can no longer be cancelled.")
    if move in (Move.CONFIRM, Move.DISPUTE) and state in (S.BOOKED, S.SIGNED_IN):
        return _("The volunteer has not signed out yet.")
    return _("Cannot %(move)s: the order is “%(state)s”.") % {
        "move": MOVE_LABELS[move],
        "state": state.label,
    }
