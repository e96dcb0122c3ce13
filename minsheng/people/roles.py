"""The roles a person can hold, each at a region node (and an organisation where relevant)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CITY_ADMIN = "city_admin", _("City administrator")
    DISTRICT_ADMIN = "district_admin", _("District administrator")
    STATION_OPERATOR = "station_operator", _("Station operator")
    VOLUNTEER = "volunteer", _("Volunteer")
    ELDER = "elder", _("Elder")
    FAMILY_MEMBER = "family_member", _("Family member of an elder")
    DISPATCHER = "dispatcher", _("Hotline dispatcher")
    UNIT_STAFF = "unit_staff", _("Handling-unit staff")
    DEPARTMENT_STAFF = "department_staff", _("Department staff")
    LEADER = "leader", _("Municipal leader")
    PROGRAMME_OFFICE = "programme_office", _("One-issue-per-month office")


# Where each role is normally held; granting elsewhere is refused with a clear message.
ROLE_LEVELS: dict[str, set[int]] = {
    Role.CITY_ADMIN: {1},
    Role.DISTRICT_ADMIN: {2},
    Role.STATION_OPERATOR: {3},
    Role.VOLUNTEER: {1, 2, 3, 4},
    Role.ELDER: {1, 2, 3, 4},
    Role.FAMILY_MEMBER: {1, 2, 3, 4},
    Role.DISPATCHER: {1, 2},
    Role.UNIT_STAFF: {1, 2, 3},
    Role.DEPARTMENT_STAFF: {1, 2},
    Role.LEADER: {1, 2},
    Role.PROGRAMME_OFFICE: {1},
}

# Roles that act for an organisation must name it.
ROLES_WITH_ORGANISATION = {Role.STATION_OPERATOR, Role.UNIT_STAFF, Role.DEPARTMENT_STAFF}

ADMINISTRATIVE_ROLES = frozenset({Role.CITY_ADMIN, Role.DISTRICT_ADMIN})
# Those who administer people in their area: register them, grant roles, read the audit log.
PEOPLE_ADMINISTRATORS = ADMINISTRATIVE_ROLES | {Role.STATION_OPERATOR}

# Who works on the hotline's cases: those who oversee them all, the dispatchers who route them,
# and the staff of the units and departments that handle them.
OVERSEERS = frozenset({Role.LEADER, Role.CITY_ADMIN, Role.DISTRICT_ADMIN, Role.PROGRAMME_OFFICE})
HANDLING_STAFF = frozenset({Role.UNIT_STAFF, Role.DEPARTMENT_STAFF})
HOTLINE_STAFF = OVERSEERS | {Role.DISPATCHER} | HANDLING_STAFF

# Who runs the one-issue-per-month programme and follows it at city level.
PROGRAMME_STAFF = frozenset({Role.PROGRAMME_OFFICE, Role.CITY_ADMIN, Role.LEADER})

# Which roles each administrative role may grant (always within its own subtree).
GRANTABLE_BY: dict[str, set[str]] = {
    Role.CITY_ADMIN: set(Role.values),
    Role.DISTRICT_ADMIN: {
        Role.DISTRICT_ADMIN,
        Role.STATION_OPERATOR,
        Role.VOLUNTEER,
        Role.ELDER,
        Role.FAMILY_MEMBER,
        Role.UNIT_STAFF,
        Role.DISPATCHER,
        Role.LEADER,
    },
    Role.STATION_OPERATOR: {Role.VOLUNTEER, Role.ELDER, Role.FAMILY_MEMBER},
}
