"""Who may read the audit log. Nobody may change it (the database refuses too)."""

from minsheng.access import Scope, define, register_model
from minsheng.audit.models import AuditEntry

register_model(AuditEntry, region_path="region_path", people=("actor_id",))
define(
    "audit.view_auditentry",
    city_admin=Scope.SUBTREE,
    district_admin=Scope.SUBTREE,
    station_operator=Scope.SUBTREE,
)
define("audit.add_auditentry")
define("audit.change_auditentry")
define("audit.delete_auditentry")
