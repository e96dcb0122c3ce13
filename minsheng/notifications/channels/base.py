"""What every channel shares: its two ways of failing, and an error text safe to keep."""

from __future__ import annotations

import re

# Long digit runs (phone and ID numbers) never reach the delivery log or the server log.
_DIGITS = re.compile(r"\d{7,}")


class DeliveryFailure(Exception):
    """Sending failed; the message (already made safe) goes to the delivery log."""

    def __init__(self, message: str) -> None:
        super().__init__(safe_error(message))


class TemporaryFailure(DeliveryFailure):
    """The provider is busy, limits the rate, or cannot be reached: try again later."""


class PermanentFailure(DeliveryFailure):
    """Trying again cannot help (an invalid number, a refused subscription)."""


def safe_error(message: str) -> str:
    return _DIGITS.sub("…", str(message))[:300]
