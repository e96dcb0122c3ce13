"""``POST /api/token/``: a token for a login name and password, throttled and locked like the web."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import exceptions, serializers
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.request import Request
from rest_framework.response import Response

from minsheng.core.throttling import LoginThrottle
from minsheng.web import lockout


class LockedOut(exceptions.APIException):
    status_code = lockout.LOCKED_STATUS
    default_code = "locked_out"


class LoginSerializer(AuthTokenSerializer):
    # A failed attempt is recorded under its login name, which must fit where it is kept: no
    # name longer than an account's own reaches the authentication.
    username = serializers.CharField(
        label=_("Login name"),
        write_only=True,
        max_length=get_user_model()._meta.get_field("username").max_length,
    )


class TokenView(ObtainAuthToken):
    throttle_classes = (LoginThrottle,)
    serializer_class = LoginSerializer

    @extend_schema(
        responses={
            200: inline_serializer("Token", fields={"token": serializers.CharField()}),
            400: OpenApiResponse(description="Wrong login name or password."),
            429: OpenApiResponse(description="Too many attempts: throttled or locked out."),
        }
    )
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        try:
            return super().post(request, *args, **kwargs)
        except exceptions.ValidationError:
            # Axes refused even a right password: say so, rather than "wrong password".
            if lockout.is_locked_out(request):
                raise LockedOut(lockout.lockout_message()) from None
            raise
