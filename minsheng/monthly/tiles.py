"""Links on the home pages of the programme office, the city administrator and leaders."""

from django.utils.translation import gettext_lazy as _

from minsheng.core.modules import Tile, add_tiles

add_tiles(
    Tile(
        title=_("One issue per month: candidates"),
        description=_(
            "Find the widespread, chronic problems of a year of 12345 cases that need "
            "municipal coordination, and shortlist them."
        ),
        url_name="monthly:index",
        roles=frozenset({"programme_office", "city_admin", "leader"}),
        order=30,
    ),
    Tile(
        title=_("One issue per month: the annual programme"),
        description=_(
            "Monthly themes and their problems: leaders, lead departments, tasks, meetings, "
            "supervision, and what changed for the public."
        ),
        url_name="monthly:plans",
        roles=frozenset({"programme_office", "city_admin", "leader", "department_staff"}),
        order=31,
    ),
)
