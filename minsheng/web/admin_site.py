"""The Django admin: translated, titled, and opened only to roles the policy allows."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from minsheng import access


def _admin_has_permission(request: HttpRequest) -> bool:
    user = request.user
    return bool(user.is_active and (user.is_superuser or access.can(user, "web.use_admin")))


admin.site.site_header = _("Minsheng administration")
admin.site.site_title = _("Minsheng administration")
admin.site.index_title = _("Reference data and records")
admin.site.has_permission = _admin_has_permission  # type: ignore[method-assign]
