"""Rankings, the leaders' dashboard and the focus dashboards; they read only the aggregates."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from minsheng import access
from minsheng.cases.taxonomy import PROPERTY_MANAGEMENT, WASTE_SORTING
from minsheng.core.database.routing import reads_from_replica
from minsheng.core.http import AuthenticatedRequest
from minsheng.hotline import conf, reports, urging
from minsheng.hotline.stats import month_bounds
from minsheng.hotline.views.cases import visible_cases
from minsheng.regions.models import Region

GROUP_LABELS = {
    "subdistrict": _("Sub-district and township offices"),
    "district_office": _("District governments"),
    "department": _("Municipal departments"),
    "company": _("Public-service companies"),
    "districts": _("Districts (all cases located there)"),
}
FOCUS = {
    "waste-sorting": (WASTE_SORTING, _("Waste sorting")),
    "property-management": (PROPERTY_MANAGEMENT, _("Property management")),
}


def _month(request: AuthenticatedRequest) -> dt.date | None:
    text = request.GET.get("month", "")
    try:
        return dt.date.fromisoformat(f"{text}-01") if text else reports.last_full_month()
    except ValueError:
        return reports.last_full_month()


def _chart(
    kind: str, labels: list[Any], series: list[tuple[Any, list[Any]]], percent: bool = False
) -> dict[str, Any]:
    """The data of one chart, for charts.js (the same figures are in a table beside it)."""
    return {
        "type": kind,
        "labels": [str(label) for label in labels],
        "percent": percent,
        "series": [{"name": str(n), "data": data} for n, data in series],
    }


def _rates_chart(trend: list[dict[str, Any]]) -> dict[str, Any]:
    """The three rates of the city month by month, as lines."""
    return _chart(
        "line",
        [r["month"].strftime("%Y-%m") for r in trend],
        [
            (_("Response rate"), [r["response_rate"] for r in trend]),
            (_("Resolution rate"), [r["resolution_rate"] for r in trend]),
            (_("Satisfaction rate"), [r["satisfaction_rate"] for r in trend]),
        ],
        percent=True,
    )


@login_required
def rankings(request: AuthenticatedRequest) -> HttpResponse:
    access.require(request.user, "hotline.view_assessment")
    month = _month(request)
    group = request.GET.get("group", "subdistrict")
    if group not in GROUP_LABELS:
        group = "subdistrict"
    districts = Region.objects.districts().order_by("code")
    district_id = (
        int(request.GET["district"]) if request.GET.get("district", "").isdigit() else None
    )
    context: dict[str, Any] = {
        "month": month,
        "group": group,
        "groups": GROUP_LABELS,
        "districts": districts,
        "district_id": district_id,
        "weights": reports.weights_text(),
        "min_cases": conf.ranking_min_cases(),
        "basically_weight": conf.basically_satisfied_weight(),
    }
    if month is not None:
        if group == "districts":
            context["rows"] = list(reports.district_ranking(month))
        else:
            context["rows"] = list(reports.unit_ranking(month, group, district_id))
            context["lowest"] = reports.lowest(month, group)
            # Each urging counts in the unit's record (urging.Urging, by the month urged).
            context["urgings"] = {
                unit_id: sum(kinds.values())
                for unit_id, kinds in urging.counts_by_unit(*month_bounds(month)).items()
            }
        trend = reports.city_trend(reports.twelve_months_to(month))
        context["trend"] = trend
        context["trend_chart"] = _rates_chart(trend)
    return render(request, "hotline/rankings.html", context)


@login_required
@reads_from_replica
def dashboard(request: AuthenticatedRequest) -> HttpResponse:
    access.require(request.user, "hotline.view_dashboard")
    period = reports.chosen_period(request.GET.get("year"))
    now = timezone.now()
    visible = visible_cases(request)
    overdue = visible.overdue(now)
    context: dict[str, Any] = {
        "period": period,
        "now": now,
        "overdue_count": overdue.count(),
        "overdue_cases": overdue.select_related("lead_unit", "subdistrict").order_by(
            "handling_due"
        )[:10],
        "open_count": visible.open().count(),
        "years": reports.years_with_data(),
        "year": request.GET.get("year", ""),
    }
    if period is not None:
        rows = reports.overview_volume(period)
        kinds, categories = reports.by_kind(rows), reports.by_top_category(rows)
        context["answered"] = _answered_on_call(period, sum(v for _, v in kinds))
        districts, trend = reports.by_district(rows), reports.city_trend(period)
        context.update(
            {
                "kinds": kinds,
                "categories": categories,
                "districts": districts,
                "trend": trend,
                "top": reports.unit_ranking(period.last, "subdistrict")[:5],
                "lowest": reports.lowest(period.last, "subdistrict", 5),
                "kind_chart": _chart(
                    "pie", [k for k, _ in kinds], [(_("Cases"), [v for _, v in kinds])]
                ),
                "category_chart": _chart(
                    "bar", [k for k, _ in categories], [(_("Cases"), [v for _, v in categories])]
                ),
                "district_chart": _chart(
                    "bar", [k for k, _ in districts], [(_("Cases"), [v for _, v in districts])]
                ),
                "trend_chart": _rates_chart(trend),
                "volume_chart": _chart(
                    "bar",
                    [r["month"].strftime("%Y-%m") for r in trend],
                    [(_("Cases"), [r["cases"] for r in trend])],
                ),
            }
        )
    return render(request, "hotline/dashboard.html", context)


def _answered_on_call(period: reports.Period, received: int) -> dict[str, Any]:
    """Calls answered on the call from the knowledge base, and their share of all cases."""
    from minsheng.hotline.knowledge.actions import answered_on_call
    from minsheng.hotline.stats import next_month

    start = month_bounds(period.first)[0]
    end = month_bounds(next_month(period.last))[0]
    count = answered_on_call(start, end)
    return {"count": count, "share": round(100 * count / received, 1) if received else None}


@login_required
def focus_index(request: AuthenticatedRequest) -> HttpResponse:
    access.require(request.user, "hotline.view_dashboard")
    return render(request, "hotline/focus_index.html", {"areas": FOCUS})


@login_required
def focus(request: AuthenticatedRequest, area: str) -> HttpResponse:
    access.require(request.user, "hotline.view_dashboard")
    if area not in FOCUS:
        raise Http404
    code, title = FOCUS[area]
    period = reports.chosen_period(request.GET.get("year"))
    context: dict[str, Any] = {
        "title": title,
        "period": period,
        "area": area,
        "areas": FOCUS,
        "years": reports.years_with_data(),
        "year": request.GET.get("year", ""),
    }
    if period is not None:
        rows = reports.volume(period, top_category=code)
        trend = reports.monthly(rows, period)
        problems = reports.by_category(rows)
        subdistricts = reports.by_subdistrict(rows)
        context.update(
            {
                "trend": trend,
                "problems": problems,
                "subdistricts": subdistricts,
                "communities": reports.top_communities(period, code),
                "total": sum(r["total"] for r in trend),
                "volume_chart": _chart(
                    "bar", [r["label"] for r in trend], [(_("Cases"), [r["total"] for r in trend])]
                ),
                "rate_chart": _chart(
                    "line",
                    [r["label"] for r in trend],
                    [
                        (_("Response rate"), [r["response_rate"] for r in trend]),
                        (_("Resolution rate"), [r["resolution_rate"] for r in trend]),
                        (_("Satisfaction rate"), [r["satisfaction_rate"] for r in trend]),
                    ],
                    percent=True,
                ),
                "problem_chart": _chart(
                    "bar",
                    [r["label"] for r in problems],
                    [(_("Cases"), [r["total"] for r in problems])],
                ),
            }
        )
    return render(request, "hotline/focus.html", context)
