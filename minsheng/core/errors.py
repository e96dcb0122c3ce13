"""A refusal by a module's rules: the request was understood, the state of things does not allow it.

Actions raise a subclass of :class:`Refused` with a message for the person who asked (in their
language). Pages show the message; every API answers it with 409 Conflict through the one
exception handler (``core.api.exception_handler``), so no endpoint catches refusals itself.
"""

from __future__ import annotations

from django.utils.functional import Promise


class Refused(Exception):
    code = "refused"

    def __init__(self, message: str | Promise, *, code: str | None = None) -> None:
        super().__init__(str(message))
        self.message = str(message)
        if code:
            self.code = code
