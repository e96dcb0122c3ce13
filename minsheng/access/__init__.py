"""Authorisation in one place: "may this user do this action on this object?".

Every web view, API endpoint, admin page, export and report asks here. See ``policy.py``.
"""

from minsheng.access.policy import (
    Scope,
    can,
    define,
    register_model,
    require,
    roles_of,
    scope,
)

__all__ = ["Scope", "can", "define", "register_model", "require", "roles_of", "scope"]
