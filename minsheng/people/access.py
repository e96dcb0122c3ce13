"""Who may see and manage people, organisations, roles and family relations."""

from minsheng.access import Scope, define, register_model
from minsheng.people.models import Organisation, Relationship, RoleAssignment, User

SUBTREE, ORGANISATION, OWN = Scope.SUBTREE, Scope.ORGANISATION, Scope.OWN
REGISTRARS = {"city_admin": SUBTREE, "district_admin": SUBTREE, "station_operator": SUBTREE}
RESIDENTS = {"volunteer": OWN, "elder": OWN, "family_member": OWN}

register_model(User, region_path="home_region__path", people=("id",))
define("people.view_user", **REGISTRARS, **RESIDENTS)
define("people.add_user", **REGISTRARS)
define("people.change_user", **REGISTRARS)
define("people.delete_user")  # nobody: people are deactivated, never deleted
define("people.view_full_id_number", **REGISTRARS)
define("people.browse_people", **REGISTRARS)  # the staff directory of people

register_model(Organisation, region_path="region__path", organisations=("id",))
define(
    "people.view_organisation",
    **REGISTRARS,
    dispatcher=SUBTREE,
    leader=SUBTREE,
    programme_office=SUBTREE,
    unit_staff=ORGANISATION,
    department_staff=ORGANISATION,
)
define("people.add_organisation", city_admin=SUBTREE, district_admin=SUBTREE)
define("people.change_organisation", city_admin=SUBTREE, district_admin=SUBTREE)
define("people.delete_organisation")  # nobody: organisations are deactivated
define("people.confirm_institution", station_operator=SUBTREE, district_admin=SUBTREE)

register_model(RoleAssignment, region_path="region__path", people=("user_id",))
define("people.view_roleassignment", **REGISTRARS, **RESIDENTS)
define("people.add_roleassignment", **REGISTRARS)
define("people.change_roleassignment")  # nobody: revoke and grant again
define("people.delete_roleassignment", **REGISTRARS)

register_model(
    Relationship, region_path="person__home_region__path", people=("person_id", "relative_id")
)
define("people.view_relationship", **REGISTRARS, **RESIDENTS)
define("people.add_relationship", **REGISTRARS)
define("people.change_relationship")
define("people.delete_relationship", **REGISTRARS)
define("people.verify_relationship", **REGISTRARS)
