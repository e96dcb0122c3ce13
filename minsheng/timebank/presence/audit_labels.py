"""Verified presence's audit actions, in words."""

from django.utils.translation import gettext_lazy as _

from minsheng.audit.labels import register

register(
    {
        "presence.issue_card": _("Door QR code printed"),
        "presence.register_device": _("Volunteer's phone registered"),
        "presence.sign_at_door": _("Signed at the elder's door"),
        "presence.confirm_check": _("Visit confirmed by the station"),
        "presence.confirm_by_phone_code": _("Visit confirmed by the elder's code over the phone"),
        "presence.reject_check": _("Visit rejected by the station"),
    }
)
