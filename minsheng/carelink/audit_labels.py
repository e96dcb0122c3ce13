"""The care-link audit actions, in words."""

from django.utils.translation import gettext_lazy as _

from minsheng.audit.labels import register

register(
    {
        "carelink.turn_into_service": _("Hotline case turned into a Time Bank service request"),
        "carelink.answer_case": _("Settled service reported on its hotline case"),
        "carelink.service_fell_through": _("Service request ended without service; case told"),
    }
)
