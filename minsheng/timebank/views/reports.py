"""Reports per tier, with charts (ECharts, tables underneath) and CSV/XLSX exports.

Every number comes from the pre-aggregated tables of ``reporting``: a page is a fixed, small
number of queries whatever the size of the bank.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from django.views.decorators.http import require_POST

from minsheng import access
from minsheng.core.database.routing import reads_from_replica
from minsheng.core.http import AuthenticatedRequest
from minsheng.core.spreadsheets import csv_row, xlsx_row
from minsheng.jobs import runner
from minsheng.people.models import User
from minsheng.people.roles import Role
from minsheng.regions.models import Region
from minsheng.timebank import reporting
from minsheng.timebank.models import ServiceOrder
from minsheng.timebank.presence import reporting as presence_reporting
from minsheng.timebank.reporting import Area, Table
from minsheng.timebank.units import format_coins

KIND_LABELS = {
    "grant": gettext_lazy("granted"),
    "service_payment": gettext_lazy("paid for services"),
    "activity_payment": gettext_lazy("paid for activities"),
    "gift": gettext_lazy("gifted"),
    "donation": gettext_lazy("donated"),
    "allocation": gettext_lazy("allocated from the pool"),
    "reversal": gettext_lazy("reversed"),
    "storage_overflow": gettext_lazy("over the storage cap"),
}


def area_for(user: User, wanted: str = "") -> Area:
    """The user's own area (city, district or sub-district), or the part of it coded ``wanted``."""
    access.require(user, "timebank.view_reports")
    paths = access.policy.region_paths(user, "timebank.view_reports")
    regions = Region.objects.all()
    if paths is not None:
        if not paths:
            raise Http404
        regions = regions.filter(path__in=paths)
    own = regions.order_by("level", "path").first() or Region.objects.get(level=Region.Level.CITY)
    if wanted:
        chosen = Region.objects.filter(code=wanted, path__startswith=own.path).first()
        if chosen is None or chosen.level > Region.Level.SUBDISTRICT:
            raise Http404
        own = chosen
    return Area(own, min(own.level + 1, Region.Level.SUBDISTRICT))


def year_of(raw: str) -> int:
    """The year asked for (?year=), or this year."""
    return int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else timezone.localdate().year


def _hours(minutes: int | None) -> str:
    return format_coins(minutes or 0)


def monthly_table(area: Area, year: int) -> Table:
    rows = reporting.service_by_month(area, year)
    outstanding = reporting.outstanding_by_month(area, year)
    return Table(
        "monthly",
        [
            _("Month"),
            _("Requests posted"),
            _("Services paid"),
            _("Hours served"),
            _("Unmet requests"),
            _("Outstanding coins"),
        ],
        [
            [
                month.strftime("%Y-%m"),
                row["posted"],
                row["settled"],
                _hours(row["minutes"]),
                row["unmet"],
                _hours(outstanding[month]),
            ]
            for month, row in rows.items()
        ],
    )


def category_table(area: Area, year: int) -> Table:
    return Table(
        "categories",
        [_("Category"), _("Hours served"), _("Services paid")],
        [
            [category.display_name, _hours(minutes), settled]
            for category, minutes, settled in reporting.service_by_category(area, year)
        ],
    )


def _parts(area: Area) -> list[Region]:
    if area.region.level == Region.Level.CITY:
        return list(Region.objects.districts().order_by("code"))
    return [area.region.ancestor_at(Region.Level.DISTRICT) or area.region]


def ledger_table(area: Area, year: int) -> Table:
    parts = _parts(area)
    data = reporting.ledger_by_part(area, year, parts)
    columns = [_("District"), *map(str, KIND_LABELS.values()), _("Outstanding at year end")]
    rows = []
    for part in parts:
        values = data.get(part.pk, {})
        rows.append(
            [
                part.display_name,
                *(_hours(values.get(kind, 0)) for kind in KIND_LABELS),
                _hours(values.get("outstanding", 0)),
            ]
        )
    return Table("ledger", columns, rows)


def volunteer_table(area: Area, year: int) -> Table:
    rows = reporting.volunteers_by_month(area, year)
    return Table(
        "volunteers",
        [_("Month"), _("Registered volunteers"), _("Newly registered"), _("Active volunteers")],
        [
            [month.strftime("%Y-%m"), row["registered"], row["new"], row["active"]]
            for month, row in rows.items()
        ],
    )


def star_table(area: Area, year: int) -> Table:
    rows = reporting.star_levels(area)
    return Table(
        "stars",
        [_("Star level"), _("Volunteers"), _("Care-home milestone holders")],
        [[level, volunteers, care_home] for level, (volunteers, care_home) in rows.items()],
    )


def milestone_table(area: Area, year: int) -> Table:
    return Table(
        "milestones",
        [pgettext("timebank", "Name"), _("Lives in"), _("Reached on"), _("Lifetime hours then")],
        [
            [
                m.person.name,
                m.person.home_region.display_name if m.person.home_region else "",
                timezone.localtime(m.reached_at).strftime("%Y-%m-%d"),
                _hours(m.earned_minutes),
            ]
            for m in reporting.milestone_holders(area)[:500]
        ],
    )


def verification_table(area: Area, year: int) -> Table:
    orders = ServiceOrder.objects.filter(region__path__startswith=area.prefix)
    rows = presence_reporting.verification_shares(presence_reporting.settled_in(orders, year))
    return Table(
        "verification",
        [_("Verified by"), _("Services paid"), _("Share (%)")],
        [[row["label"], row["count"], row["share"]] for row in rows],
    )


TABLES: dict[str, Callable[[Area, int], Table]] = {
    "monthly": monthly_table,
    "categories": category_table,
    "ledger": ledger_table,
    "volunteers": volunteer_table,
    "stars": star_table,
    "milestones": milestone_table,
    "verification": verification_table,
}


@login_required
@reads_from_replica
def dashboard(request: AuthenticatedRequest) -> HttpResponse:
    area = area_for(request.user, request.GET.get("region", ""))
    year = year_of(request.GET.get("year", ""))
    tables = {name: build(area, year) for name, build in TABLES.items()}
    children = Region.objects.filter(parent=area.region, level__lte=Region.Level.SUBDISTRICT)
    return render(
        request,
        "timebank/reports.html",
        {
            "area": area,
            "year": year,
            "years": range(timezone.localdate().year, timezone.localdate().year - 5, -1),
            "tables": tables,
            "children": children,
            "refresh": reporting.last_refresh(),
            "may_refresh": Role.CITY_ADMIN in access.roles_of(request.user),
            "charts": _charts(tables),
        },
    )


def _charts(tables: dict[str, Table]) -> dict[str, Any]:
    """Plain data for the chart script (the tables stay the source of truth)."""
    monthly, categories, stars = tables["monthly"], tables["categories"], tables["stars"]
    volunteers = tables["volunteers"]
    return {
        "monthly": {
            "x": [r[0] for r in monthly.rows],
            "series": {
                str(monthly.columns[3]): [float(r[3]) for r in monthly.rows],
                str(monthly.columns[5]): [float(r[5]) for r in monthly.rows],
            },
        },
        "categories": {
            "x": [r[0] for r in categories.rows],
            "series": {str(categories.columns[1]): [float(r[1]) for r in categories.rows]},
        },
        "volunteers": {
            "x": [r[0] for r in volunteers.rows],
            "series": {
                str(volunteers.columns[1]): [r[1] for r in volunteers.rows],
                str(volunteers.columns[3]): [r[3] for r in volunteers.rows],
            },
        },
        "stars": {
            "x": [str(r[0]) for r in stars.rows],
            "series": {str(stars.columns[1]): [r[1] for r in stars.rows]},
        },
    }


@login_required
@reads_from_replica
def export(request: AuthenticatedRequest, name: str, fmt: str) -> HttpResponse:
    if name not in TABLES or fmt not in ("csv", "xlsx"):
        raise Http404
    area = area_for(request.user, request.GET.get("region", ""))
    year = year_of(request.GET.get("year", ""))
    table = TABLES[name](area, year)
    filename = f"timebank-{name}-{area.region.code}-{year}.{fmt}"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(csv_row(str(column) for column in table.columns))
        writer.writerows(csv_row(row) for row in table.rows)
        # A byte-order mark, so that spreadsheet programs read the Chinese correctly.
        response = HttpResponse(
            "\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8"
        )
    else:
        response = HttpResponse(
            _xlsx(table),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _xlsx(table: Table) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(table.name)
    sheet.append(xlsx_row(sheet, [str(column) for column in table.columns]))
    for row in table.rows:
        sheet.append(xlsx_row(sheet, [_cell(value) for value in row]))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _cell(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return float(value) if value.replace(".", "", 1).isdigit() else value
        except ValueError:
            return value
    return value


@login_required
@require_POST
def refresh(request: AuthenticatedRequest) -> HttpResponse:
    """Rebuild the tables in the background; the job page shows the progress."""
    if Role.CITY_ADMIN not in access.roles_of(request.user):
        raise PermissionDenied
    job = runner.enqueue("timebank.refresh_reports", {}, created_by=request.user)
    return redirect(f"{reverse('jobs:detail', args=[job.pk])}?next={reverse('timebank:reports')}")
