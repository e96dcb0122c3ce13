"""The shell's own links on role home pages."""

from django.utils.translation import gettext_lazy as _

from minsheng.core.modules import Tile, add_tiles
from minsheng.people.roles import ADMINISTRATIVE_ROLES, PEOPLE_ADMINISTRATORS

add_tiles(
    Tile(
        title=_("People and roles"),
        description=_(
            "Register residents, check identities, grant roles and verify family relations."
        ),
        url_name="people:directory",
        roles=PEOPLE_ADMINISTRATORS,
        order=80,
    ),
    Tile(
        title=_("Audit log"),
        description=_("Who changed what, when and from where."),
        url_name="audit:log",
        roles=PEOPLE_ADMINISTRATORS,
        order=90,
    ),
    Tile(
        title=_("Paused log-ins"),
        description=_("Unlock an account after too many wrong passwords."),
        url_name="web:locked_logins",
        roles=PEOPLE_ADMINISTRATORS,
        order=92,
    ),
    Tile(
        title=_("Administration"),
        description=_("Reference data: regions, organisations, categories."),
        url_name="admin:index",
        roles=ADMINISTRATIVE_ROLES,
        order=95,
    ),
)
