from minsheng.access import Scope, define, register_model
from minsheng.jobs.models import Job

register_model(Job, people=("created_by_id",))
define(
    "jobs.view_job",
    city_admin=Scope.SUBTREE,
    district_admin=Scope.OWN,
    station_operator=Scope.OWN,
    dispatcher=Scope.OWN,
    leader=Scope.OWN,
    programme_office=Scope.OWN,
)
