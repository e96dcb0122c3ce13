"""The people module's audit actions, in words."""

from django.utils.translation import gettext_lazy as _

from minsheng.audit.labels import register

register(
    {
        "people.register": _("Person registered"),
        "people.update": _("Person's details changed"),
        "people.read_id_number": _("Full ID number shown"),
        "people.grant_role": _("Role granted"),
        "people.revoke_role": _("Role withdrawn"),
        "people.record_relationship": _("Family relation recorded"),
        "people.verify_relationship": _("Family relation verified"),
        "people.confirm_institution": _("Institution confirmed"),
        "people.set_password": _("Password set by staff"),
        "people.send_phone_code": _("Code sent to a phone"),
    }
)
