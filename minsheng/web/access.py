from minsheng.access import Scope, define

define("web.use_admin", city_admin=Scope.SUBTREE, district_admin=Scope.SUBTREE)
define(
    "web.unlock_login",
    city_admin=Scope.SUBTREE,
    district_admin=Scope.SUBTREE,
    station_operator=Scope.SUBTREE,
)
