"""Who may do what in the Time Bank, and where each record lives for the scope rules.

Scopes come from the foundation: a station sees its sub-district, a district its subtree, the
city everything; residents see what they are party to (family members: their verified
relatives' too). Actions add party checks the scopes cannot express (a volunteer never confirms
their own service).
"""

from minsheng.access import Scope, define, register_model
from minsheng.timebank.models import (
    Account,
    Attendance,
    CareNeed,
    Dispute,
    ElderProfile,
    Grant,
    GrantBudget,
    GroupActivity,
    HomePoint,
    Invitation,
    Milestone,
    ServiceItem,
    ServiceOrder,
    Station,
    TrainingRecord,
    Transaction,
    Transfer,
    VolunteerApplication,
    VolunteerOffer,
    VolunteerProfile,
)

SUBTREE, OWN = Scope.SUBTREE, Scope.OWN
CITY = {"city_admin": SUBTREE}
ADMINS = {"city_admin": SUBTREE, "district_admin": SUBTREE}
STAFF = {**ADMINS, "station_operator": SUBTREE}
RECIPIENT_SIDE = {"elder": OWN, "family_member": OWN}
RESIDENTS = {"volunteer": OWN, **RECIPIENT_SIDE}

register_model(
    ServiceOrder, region_path="region__path", people=("beneficiary_id", "payer_id", "volunteer_id")
)
register_model(
    Dispute,
    region_path="order__region__path",
    people=("order__beneficiary_id", "order__payer_id", "order__volunteer_id"),
)
register_model(Account, region_path="owner__home_region__path", people=("owner_id",))
register_model(Transaction, region_path="region__path")
register_model(Grant, region_path="recipient__home_region__path", people=("recipient_id",))
register_model(GrantBudget, region_path="region__path")
register_model(Transfer, region_path="region__path", people=("giver_id", "receiver_id"))
register_model(Station, region_path="region__path", organisations=("organisation_id",))
register_model(VolunteerProfile, region_path="station__region__path", people=("person_id",))
register_model(VolunteerApplication, region_path="station__region__path", people=("applicant_id",))
register_model(
    TrainingRecord, region_path="volunteer__station__region__path", people=("volunteer__person_id",)
)
register_model(ElderProfile, region_path="station__region__path", people=("person_id",))
register_model(CareNeed, region_path="person__home_region__path", people=("person_id",))
register_model(ServiceItem, region_path="region__path")
register_model(GroupActivity, region_path="station__region__path")
register_model(Attendance, region_path="activity__station__region__path", people=("volunteer_id",))
register_model(Milestone, region_path="person__home_region__path", people=("person_id",))
register_model(VolunteerOffer, region_path="volunteer__home_region__path", people=("volunteer_id",))
register_model(HomePoint, region_path="person__home_region__path", people=("person_id",))
register_model(
    Invitation,
    region_path="order__region__path",
    people=("volunteer_id", "order__beneficiary_id", "order__payer_id"),
)

# The procedure. The object is the order, or the person it is for (posting).
define("timebank.view_order", **STAFF, **RESIDENTS)
define("timebank.post_order", station_operator=SUBTREE, **RECIPIENT_SIDE)
define("timebank.review_order", station_operator=SUBTREE, district_admin=SUBTREE)
define("timebank.browse_open_orders", volunteer=OWN, **STAFF)
define("timebank.book_order", volunteer=OWN)
define("timebank.assign_volunteer", station_operator=SUBTREE)
define("timebank.withdraw_booking", volunteer=OWN, station_operator=SUBTREE)
define("timebank.sign_order", volunteer=OWN, station_operator=SUBTREE)
define("timebank.confirm_order", station_operator=SUBTREE, **RECIPIENT_SIDE)
define("timebank.dispute_order", station_operator=SUBTREE, **RESIDENTS)
define("timebank.decide_dispute", station_operator=SUBTREE, district_admin=SUBTREE)
define("timebank.cancel_order", station_operator=SUBTREE, **RECIPIENT_SIDE)
define("timebank.report_no_show", station_operator=SUBTREE, **RECIPIENT_SIDE)

# Offers and matching.
define("timebank.post_offer", station_operator=SUBTREE, volunteer=OWN)
define("timebank.browse_offers", **STAFF, **RECIPIENT_SIDE)
define("timebank.view_matches", **STAFF)
define("timebank.invite_volunteer", station_operator=SUBTREE, **RECIPIENT_SIDE)
define("timebank.place_home", **STAFF)
define("timebank.view_unmet_needs", **STAFF)

# Accounts and money-like movements.
define("timebank.view_account", **STAFF, **RESIDENTS)
define("timebank.view_transaction", **STAFF)
define("timebank.reverse_transaction", **ADMINS)
define("timebank.give_gift", station_operator=SUBTREE, **RESIDENTS)
define("timebank.donate", station_operator=SUBTREE, **RESIDENTS)
define("timebank.view_transfer", **STAFF, **RESIDENTS)
define("timebank.allocate_pool", **STAFF)
define("timebank.view_grant", **STAFF, elder=OWN, family_member=OWN)
define("timebank.propose_grant", **STAFF)
define("timebank.approve_grant", **ADMINS)
define("timebank.set_budget", **CITY)
define("timebank.view_budget", **ADMINS)

# Registration at stations.
define("timebank.register_volunteer", **STAFF)
define("timebank.view_volunteer", **STAFF, volunteer=OWN)
define("timebank.record_training", **STAFF)
# Applying needs no role (any resident with an account applies for themselves); the station's
# staff review what was made at their stations.
define("timebank.review_volunteer_application", **STAFF)
define("timebank.register_elder", **STAFF)
define("timebank.view_elder", **STAFF, elder=OWN, family_member=OWN)
define("timebank.register_care_need", **STAFF)

# Group activities.
define("timebank.manage_activity", station_operator=SUBTREE, district_admin=SUBTREE)
define("timebank.view_activity", volunteer=OWN, **STAFF)
define("timebank.view_attendance", volunteer=OWN, **STAFF)
define("timebank.join_activity", volunteer=OWN)

# The three tiers.
define("timebank.manage_policy", **CITY)
define("timebank.manage_catalogue", **ADMINS)
define("timebank.manage_grant_rules", **CITY)
define("timebank.request_station", **ADMINS)
define("timebank.approve_station", **ADMINS)
define("timebank.view_station", **STAFF)
define("timebank.view_reports", **STAFF)
define("timebank.view_milestone", **STAFF, volunteer=OWN)
define("timebank.act_for_parties", **STAFF)  # staff acting for an elder or a volunteer
