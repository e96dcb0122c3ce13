"""The hotline's links on role home pages."""

from django.utils.translation import gettext_lazy as _

from minsheng.core.modules import Tile, add_tiles
from minsheng.people.roles import (
    ADMINISTRATIVE_ROLES,
    HANDLING_STAFF,
    HOTLINE_STAFF,
    OVERSEERS,
    Role,
)

add_tiles(
    Tile(
        title=_("Dispatch console"),
        description=_("New and returned cases, suggested units, duplicates, call-backs."),
        url_name="hotline:console",
        roles=frozenset({Role.DISPATCHER}),
        order=10,
    ),
    Tile(
        title=_("Record a call"),
        description=_("Take down a new request from a caller."),
        url_name="hotline:receive",
        roles=frozenset({Role.DISPATCHER}),
        order=11,
    ),
    Tile(
        title=_("My unit's cases"),
        description=_("Cases to accept, answer and resolve, with their deadlines."),
        url_name="hotline:workbench",
        roles=HANDLING_STAFF,
        order=10,
    ),
    Tile(
        title=_("Hotline overview"),
        description=_("Volumes, rates, overdue cases and rankings, with charts."),
        url_name="hotline:dashboard",
        roles=OVERSEERS | {Role.DISPATCHER},
        order=20,
    ),
    Tile(
        title=_("Monthly rankings"),
        description=_("Response, resolution and satisfaction rates of every unit, month by month."),
        url_name="hotline:rankings",
        roles=HOTLINE_STAFF,
        order=21,
    ),
    Tile(
        title=_("Waste sorting and property management"),
        description=_("The two focus areas: volume, rates, hot spots and common problems."),
        url_name="hotline:focus_index",
        roles=OVERSEERS,
        order=22,
    ),
    Tile(
        title=_("Import a case file"),
        description=_("Load cases from a CSV or XLSX file; see what was imported or refused."),
        url_name="hotline:import",
        roles=ADMINISTRATIVE_ROLES | {Role.DISPATCHER},
        order=24,
    ),
    Tile(
        title=_("Export cases"),
        description=_("Download cases as CSV or a spreadsheet, chosen by time, place and status."),
        url_name="hotline:export",
        roles=ADMINISTRATIVE_ROLES | {Role.DISPATCHER},
        order=25,
    ),
    Tile(
        title=_("Search cases"),
        description=_("Find any case you may see, by number, text, place or status."),
        url_name="hotline:cases",
        roles=HOTLINE_STAFF,
        order=23,
    ),
)
