"""Who may see and change the region tree."""

from minsheng.access import Scope, define, register_model
from minsheng.regions.models import Region

register_model(Region, region_path="path")

STAFF_WHO_READ_REGIONS = {
    role: Scope.SUBTREE
    for role in (
        "city_admin",
        "district_admin",
        "station_operator",
        "dispatcher",
        "leader",
        "programme_office",
        "unit_staff",
        "department_staff",
    )
}
define("regions.view_region", **STAFF_WHO_READ_REGIONS)
define("regions.add_region", city_admin=Scope.SUBTREE)
define("regions.change_region", city_admin=Scope.SUBTREE)
define("regions.delete_region", city_admin=Scope.SUBTREE)
define("regions.import_regions", city_admin=Scope.SUBTREE)
