"""Who sees the outbox and the delivery log, and who may resend: staff, in their subtree.

Everyone reads and changes only their own inbox, preferences and push subscriptions; those
views filter by the reader, so they need no rule.
"""

from minsheng.access import Scope, define, register_model
from minsheng.notifications.models import Delivery, Event, OutboxMessage, SurveyAnswer

SUBTREE = Scope.SUBTREE
STAFF = {
    "city_admin": SUBTREE,
    "district_admin": SUBTREE,
    "station_operator": SUBTREE,
    "dispatcher": SUBTREE,
}

register_model(Event, region_path="region_path")
register_model(Delivery, region_path="event__region_path")
register_model(OutboxMessage, region_path="region_path")
register_model(SurveyAnswer, region_path="region_path")

define("notifications.view_outbox", **STAFF)
define("notifications.view_deliveries", **STAFF)
define("notifications.resend", city_admin=SUBTREE, district_admin=SUBTREE)
define("notifications.view_survey_answers", **STAFF)
