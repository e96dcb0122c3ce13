"""Stand-in SMS backends for delivery tests (the real adapter is tested against a local server)."""

from __future__ import annotations

from typing import Any, ClassVar

from minsheng.notifications.channels.base import PermanentFailure, TemporaryFailure


class ScriptedBackend:
    """Answers each send with the next scripted outcome: "ok", "busy" or "refused"."""

    script: ClassVar[list[str]] = []
    sent: ClassVar[list[tuple[str, str]]] = []

    def __init__(self, options: dict[str, Any] | None = None) -> None:
        pass

    def send(self, *, phone: str, text: str, delivery: Any) -> str:
        outcome = self.script.pop(0) if self.script else "ok"
        if outcome == "busy":
            raise TemporaryFailure(f"rate limited for {phone}")
        if outcome == "refused":
            raise PermanentFailure(f"invalid number {phone}")
        self.sent.append((phone, text))
        return f"fake-{len(self.sent)}"
