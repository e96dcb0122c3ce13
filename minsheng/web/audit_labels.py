"""The shell's audit actions (log-in protection), in words."""

from django.utils.translation import gettext_lazy as _

from minsheng.audit.labels import register

register(
    {
        "login.locked_out": _("Log-in paused after too many wrong passwords"),
        "login.unlocked": _("Paused log-in unlocked"),
        "api.throttled": _("API requests slowed down"),
    }
)
