"""The public results pages: open to all, every table also as CSV."""

from __future__ import annotations

import csv

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from minsheng.hotline import conf, reports
from minsheng.hotline.public import tables


def results(request: HttpRequest) -> HttpResponse:
    month = reports.last_full_month()
    context = {
        "month": month,
        "tables": tables.all_tables(month) if month else [],
        "min_cases": conf.ranking_min_cases(),
        "weights": reports.weights_text(),
        "basically_weight": conf.basically_satisfied_weight(),
    }
    return render(request, "hotline/public/results.html", context)


def table_csv(request: HttpRequest, slug: str) -> HttpResponse:
    month = reports.last_full_month()
    found = {t.slug: t for t in tables.all_tables(month)} if month else {}
    if slug not in found:
        raise Http404(_("No such table."))
    table = found[slug]
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="12345-{slug}-{month:%Y-%m}.csv"'
    response.write("\ufeff")  # so that spreadsheet programs read the Chinese as UTF-8
    writer = csv.writer(response)
    writer.writerow([str(h) for h in table.headers])
    writer.writerows(table.rows)
    return response
