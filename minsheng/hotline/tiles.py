"""The hotline's links on role home pages."""

from django.utils.translation import gettext_lazy as _

from minsheng.core.modules import Tile, add_tiles

add_tiles(
    Tile(
        title=_("Dispatch console"),
        description=_("New and returned cases, suggested units, duplicates, call-backs."),
        url_name="hotline:console",
        roles=frozenset({"dispatcher"}),
        order=10,
    ),
    Tile(
        title=_("Record a call"),
        description=_("Take down a new request from a caller."),
        url_name="hotline:receive",
        roles=frozenset({"dispatcher"}),
        order=11,
    ),
    Tile(
        title=_("My unit's cases"),
        description=_("Cases to accept, answer and resolve, with their deadlines."),
        url_name="hotline:workbench",
        roles=frozenset({"unit_staff", "department_staff"}),
        order=10,
    ),
    Tile(
        title=_("Hotline overview"),
        description=_("Volumes, rates, overdue cases and rankings, with charts."),
        url_name="hotline:dashboard",
        roles=frozenset(
            {"leader", "city_admin", "district_admin", "programme_office", "dispatcher"}
        ),
        order=20,
    ),
    Tile(
        title=_("Monthly rankings"),
        description=_("Response, resolution and satisfaction rates of every unit, month by month."),
        url_name="hotline:rankings",
        roles=frozenset(
            {
                "leader",
                "city_admin",
                "district_admin",
                "programme_office",
                "dispatcher",
                "unit_staff",
                "department_staff",
            }
        ),
        order=21,
    ),
    Tile(
        title=_("Waste sorting and property management"),
        description=_("The two focus areas: volume, rates, hot spots and common problems."),
        url_name="hotline:focus_index",
        roles=frozenset({"leader", "city_admin", "district_admin", "programme_office"}),
        order=22,
    ),
    Tile(
        title=_("Search cases"),
        description=_("Find any case you may see, by number, text, place or status."),
        url_name="hotline:cases",
        roles=frozenset(
            {
                "leader",
                "city_admin",
                "district_admin",
                "programme_office",
                "dispatcher",
                "unit_staff",
                "department_staff",
            }
        ),
        order=23,
    ),
)
