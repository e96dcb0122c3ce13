"""The Time Bank's links on each role's home page."""

from django.utils.translation import gettext_lazy as _

from minsheng.core.modules import Tile, add_tiles
from minsheng.people.roles import ADMINISTRATIVE_ROLES, PEOPLE_ADMINISTRATORS

VOLUNTEER = frozenset({"volunteer"})
ELDER = frozenset({"elder"})
FAMILY = frozenset({"family_member"})
RESIDENTS = VOLUNTEER | ELDER | FAMILY
STATION = frozenset({"station_operator"})
DISTRICT = frozenset({"district_admin"})
CITY = frozenset({"city_admin"})
STAFF = PEOPLE_ADMINISTRATORS
ADMINS = ADMINISTRATIVE_ROLES

add_tiles(
    Tile(
        _("Requests near me"),
        _("Elders waiting for a volunteer, nearest first."),
        "timebank:open_requests",
        VOLUNTEER,
        order=10,
    ),
    Tile(
        _("My services"),
        _("What I booked, signing in and out, what was paid."),
        "timebank:my_services",
        VOLUNTEER,
        order=11,
    ),
    Tile(
        _("Ask for help"),
        _("Post a request: a visit, shopping, an escort to hospital."),
        "timebank:post_request",
        ELDER | FAMILY,
        order=10,
    ),
    Tile(
        _("My requests"),
        _("Follow, confirm and rate the services."),
        "timebank:my_requests",
        ELDER | FAMILY,
        order=11,
    ),
    Tile(
        _("My time account"),
        _("Balance, statement, star level, gifts and donations."),
        "timebank:my_account",
        RESIDENTS,
        order=12,
    ),
    Tile(
        _("Group activities"),
        _("Activities that need many volunteers."),
        "timebank:activities",
        VOLUNTEER | STATION | DISTRICT,
        order=13,
    ),
    Tile(
        _("Station desk"),
        _("Requests to review, volunteers to assign, disputes to settle."),
        "timebank:station",
        STATION | DISTRICT,
        order=10,
    ),
    Tile(
        _("Volunteers and elders"),
        _("Registrations, training, care needs, relations."),
        "timebank:people",
        STAFF,
        order=11,
    ),
    Tile(
        _("Grants"),
        _("Coins for elders in need: propose, approve, and the public pool."),
        "timebank:grants",
        STAFF,
        order=12,
    ),
    Tile(
        _("Time Bank reports"),
        _("Hours served, coins issued and outstanding, volunteers."),
        "timebank:reports",
        STAFF,
        order=14,
    ),
    Tile(
        _("Stations"),
        _("Approve the stations and institutions of the Time Bank."),
        "timebank:stations",
        ADMINS,
        order=15,
    ),
    Tile(
        _("Service catalogue"),
        _("The eight categories and their items."),
        "timebank:catalogue",
        ADMINS,
        order=16,
    ),
    Tile(
        _("Time Bank ledger"),
        _("Every posting; reversals after disputes."),
        "timebank:transactions",
        ADMINS,
        order=17,
    ),
    Tile(
        _("Policy settings"),
        _("Ages, tolerances, caps, star levels, automatic confirmation."),
        "timebank:policies",
        CITY,
        order=18,
    ),
    Tile(
        _("Grant budgets"),
        _("Minutes the city and each district may grant this year."),
        "timebank:budgets",
        CITY,
        order=19,
    ),
)

# Offers and matching.
add_tiles(
    Tile(
        _("My offer"),
        _("What help I give, when, and how far I go: requests that fit come first."),
        "timebank:my_offer",
        VOLUNTEER,
        order=14,
    ),
    Tile(
        _("Volunteers' offers"),
        _("Volunteers near you and what they offer; ask one directly."),
        "timebank:offers",
        ELDER | FAMILY | STAFF,
        order=15,
    ),
    Tile(
        _("Unmet needs"),
        _("Requests that expired unbooked, and where volunteers are missing."),
        "timebank:unmet_needs",
        STAFF,
        order=16,
    ),
)
