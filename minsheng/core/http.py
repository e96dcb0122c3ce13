"""Typing help for views: after ``login_required`` the request's user is a real person."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from minsheng.people.models import User


class AuthenticatedRequest(HttpRequest):
    user: User
