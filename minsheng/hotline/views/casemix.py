"""The case-mix adjusted ranking beside the plain one (method in ``hotline.casemix``)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from minsheng import access
from minsheng.core.http import AuthenticatedRequest
from minsheng.hotline import casemix, conf
from minsheng.hotline.views.assessment import GROUP_LABELS, _month


@login_required
def adjusted(request: AuthenticatedRequest) -> HttpResponse:
    access.require(request.user, "hotline.view_assessment")
    month = _month(request)
    groups = {k: v for k, v in GROUP_LABELS.items() if k != "districts"}
    group = request.GET.get("group", "subdistrict")
    group = group if group in groups else "subdistrict"
    return render(
        request,
        "hotline/rankings_adjusted.html",
        {
            "month": month,
            "group": group,
            "groups": groups,
            "rows": casemix.adjusted(month, group) if month else [],
            "min_cases": conf.ranking_min_cases(),
        },
    )
