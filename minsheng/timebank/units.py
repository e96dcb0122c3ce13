"""Showing amounts: the ledger keeps minutes; people read hours, minutes and coins."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from minsheng.timebank.models import MINUTES_PER_COIN


def describe_minutes(minutes: int) -> str:
    """``150`` -> "2 hours 30 minutes" (in the active language)."""
    sign = "-" if minutes < 0 else ""
    hours, rest = divmod(abs(int(minutes)), 60)
    if hours and rest:
        text = _("%(hours)s h %(minutes)s min") % {"hours": hours, "minutes": rest}
    elif hours:
        text = _("%(hours)s h") % {"hours": hours}
    else:
        text = _("%(minutes)s min") % {"minutes": rest}
    return sign + text


def coins(minutes: int) -> Decimal:
    """Time coins, to two decimals (1 coin = 1 hour of service)."""
    return (Decimal(int(minutes)) / MINUTES_PER_COIN).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )


def format_coins(minutes: int) -> str:
    value = coins(minutes).normalize()
    return f"{value:f}"


def describe_balance(minutes: int) -> str:
    """A balance: ``4805`` -> "80.08 coins (80 h 5 min)" (in the active language)."""
    return _("%(coins)s coins (%(duration)s)") % {
        "coins": format_coins(minutes),
        "duration": describe_minutes(minutes),
    }
