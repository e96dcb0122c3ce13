"""The OpenAPI schema tells every answer an operation may give, errors included.

Every error has the one shape of :func:`minsheng.core.api.exception_handler`; this hook (in
``SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"]``) names it ``Error`` and documents, on every
operation, the errors any operation may answer: 400 (invalid input, a query parameter
included), 401 (not signed in), 403 (no permission), 404 (nothing there, or outside one's
area), and 409 (a move the object's state does not allow) on operations that change something.
"""

from __future__ import annotations

from typing import Any

ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "Every error: a stable code and a message in the user's language.",
    "properties": {
        "error": {
            "type": "object",
            "properties": {
                "code": {"type": "string"},
                "message": {"type": "string"},
                "fields": {
                    "type": "object",
                    "additionalProperties": True,
                    "description": "Invalid input only: the messages of each field.",
                },
            },
            "required": ["code", "message"],
        }
    },
    "required": ["error"],
}
ERRORS = {
    "400": "The request is invalid: see error.fields.",
    "401": "Not signed in (no valid session or token).",
    "403": "Signed in without the permission to do this.",
    "404": "Nothing here, or outside your area.",
    "409": "Not allowed in the object's current state.",
}
CHANGES = {"post", "put", "patch", "delete"}
METHODS = CHANGES | {"get", "head", "options"}


def add_error_responses(
    result: dict[str, Any], generator: Any, request: Any, public: bool
) -> dict[str, Any]:
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    reference = {"$ref": "#/components/schemas/Error"}
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            if method not in METHODS:
                continue
            responses = operation.setdefault("responses", {})
            for code, description in ERRORS.items():
                if code == "409" and method not in CHANGES:
                    continue
                responses.setdefault(
                    code,
                    {
                        "description": description,
                        "content": {"application/json": {"schema": reference}},
                    },
                )
    return result
