"""Links on the home pages of the programme office, the city administrator and leaders."""

from django.utils.translation import gettext_lazy as _

from minsheng.core.modules import Tile, add_tiles
from minsheng.people.roles import HANDLING_STAFF, PROGRAMME_STAFF, Role

add_tiles(
    Tile(
        title=_("One issue per month: candidates"),
        description=_(
            "Find the widespread, chronic problems of a year of 12345 cases that need "
            "municipal coordination, and shortlist them."
        ),
        url_name="monthly:index",
        roles=PROGRAMME_STAFF,
        order=30,
    ),
    Tile(
        title=_("One issue per month: the annual programme"),
        description=_(
            "Monthly themes and their problems: leaders, lead departments, tasks, meetings, "
            "supervision, and what changed for the public."
        ),
        url_name="monthly:plans",
        roles=PROGRAMME_STAFF | {Role.DEPARTMENT_STAFF},
        order=31,
    ),
    Tile(
        title=_("Forecasts: act before the calls come"),
        description=_(
            "Cases expected per district and category in the coming weeks, and the rises to "
            "hand to units as tasks before the calls come."
        ),
        url_name="monthly:forecasts",
        roles=PROGRAMME_STAFF,
        order=32,
    ),
    Tile(
        title=_("Proactive items"),
        description=_("Rises in cases that forecasts expect, handed to your unit as tasks."),
        url_name="monthly:proactive_items",
        roles=HANDLING_STAFF,
        order=33,
    ),
)
