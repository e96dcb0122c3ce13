"""Who may do what with door cards, phones and presence checks (the platform's one policy)."""

from minsheng.access import Scope, define, register_model
from minsheng.timebank.presence.models import DoorCard, PresenceCheck

SUBTREE, OWN = Scope.SUBTREE, Scope.OWN

register_model(DoorCard, region_path="elder__home_region__path", people=("elder_id",))
register_model(
    PresenceCheck,
    region_path="order__region__path",
    people=("order__beneficiary_id", "order__payer_id", "order__volunteer_id"),
)

# The phone app: volunteers (their visits) and station staff (to see what volunteers see).
define("presence.use_field_app", volunteer=OWN, station_operator=SUBTREE)
# Print (and so rotate) an elder's door card; the object is the elder.
define("presence.issue_card", station_operator=SUBTREE)
# Confirm or reject a flagged sign, or take the elder's code over the phone; object: the check.
define("presence.review_check", station_operator=SUBTREE, district_admin=SUBTREE)
define(
    "presence.view_checks",
    station_operator=SUBTREE,
    district_admin=SUBTREE,
    city_admin=SUBTREE,
)
