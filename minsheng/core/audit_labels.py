"""The platform's own audit actions, in words."""

from django.utils.translation import gettext_lazy as _

from minsheng.audit.labels import register

register({"core.rotate_encryption_key": _("Personal data encrypted again with the newest key")})
