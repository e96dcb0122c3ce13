"""The notification module's audit actions, in words."""

from django.utils.translation import gettext_lazy as _

from minsheng.audit.labels import register

register(
    {
        "notifications.save_preferences": _("Notification preferences saved"),
        "notifications.subscribe_push": _("Web push subscription added"),
        "notifications.unsubscribe_push": _("Web push subscription removed"),
        "notifications.resend": _("Notification sent again"),
        "notifications.survey_answer": _("Online survey answered"),
    }
)
