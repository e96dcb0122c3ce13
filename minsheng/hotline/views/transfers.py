"""Pages to import a case file and to export cases (dispatchers, city and district admins)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode
from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from minsheng import access
from minsheng.core.forms import apply_form, attach_errors, posted
from minsheng.core.http import AuthenticatedRequest
from minsheng.hotline import forms, transfers
from minsheng.hotline.importing.personal import revealed_lines
from minsheng.jobs.models import Job


def _job_page(job: Job, next_url: str) -> HttpResponse:
    return redirect(f"{reverse('jobs:detail', args=[job.pk])}?{urlencode({'next': next_url})}")


@login_required
def import_page(request: AuthenticatedRequest) -> HttpResponse:
    access.require(request.user, "hotline.import_cases")
    form = forms.ImportForm(**posted(request))
    # Unbound on a GET, the form is not valid: nothing is uploaded.
    job = apply_form(
        form, lambda data: transfers.upload_cases(actor=request.user, upload=data["file"])
    )
    if job:
        return _job_page(job, reverse("hotline:import_result", args=[job.pk]))
    recent = access.scope(
        request.user,
        "jobs.view_job",
        Job.objects.filter(kind=transfers.IMPORT_JOB, created_by=request.user),
    )[:10]
    return render(
        request,
        "hotline/import.html",
        {"form": form, "recent": recent, "keep_days": transfers.keep_days()},
    )


def _job_result(
    request: AuthenticatedRequest,
    job: Job | None,
    template: str,
    context: Callable[[Job], dict[str, Any]],
) -> HttpResponse:
    """A finished job's result page (``context`` adds what it shows); while the job runs, the
    page that follows it and comes back here."""
    if job is None:
        raise Http404
    if not job.finished:
        return _job_page(job, request.path)
    return render(
        request, template, {"job": job, "keep_days": transfers.keep_days(), **context(job)}
    )


@login_required
def import_result(request: AuthenticatedRequest, pk: UUID) -> HttpResponse:
    return _job_result(
        request,
        transfers.import_job(request.user, pk),
        "hotline/import_result.html",
        lambda job: {"result": job.result or {}},
    )


@login_required
def import_rejected(request: AuthenticatedRequest, pk: UUID) -> StreamingHttpResponse:
    """The rejected rows with their personal cells in clear: kept encrypted on the server, they
    are revealed for this download only, which is audited (``transfers.rejected_file``)."""
    job = transfers.import_job(request.user, pk)
    path = transfers.rejected_file(actor=request.user, job=job) if job else None
    if path is None or job is None:
        raise Http404
    response = StreamingHttpResponse(revealed_lines(path), content_type="text/csv")
    name = f"rejected-rows-{job.created_at:%Y%m%d-%H%M}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def export_page(request: AuthenticatedRequest) -> HttpResponseBase:
    access.require(request.user, "hotline.export_cases")
    form = forms.ExportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        chinese = form.cleaned_data["chinese_headers"]
        try:
            if form.cleaned_data["format"] == "xlsx":
                job = transfers.start_xlsx_export(
                    actor=request.user, filters=form.filters(), chinese_headers=chinese
                )
                return _job_page(job, reverse("hotline:export_result", args=[job.pk]))
            cases = transfers.start_csv_export(actor=request.user, filters=form.filters())
        except ValidationError as error:
            attach_errors(form, error)
        else:
            response = StreamingHttpResponse(
                transfers.csv_chunks(cases, chinese_headers=chinese),
                content_type="text/csv; charset=utf-8",
            )
            name = f"cases-{timezone.localtime():%Y%m%d-%H%M}.csv"
            response["Content-Disposition"] = f'attachment; filename="{name}"'
            return response
    return render(request, "hotline/export.html", {"form": form})


@login_required
def export_result(request: AuthenticatedRequest, pk: UUID) -> HttpResponse:
    return _job_result(
        request,
        transfers.export_job(request.user, pk),
        "hotline/export_result.html",
        lambda job: {"ready": transfers.exported_file(job) is not None},
    )


@login_required
def export_download(request: AuthenticatedRequest, pk: UUID) -> FileResponse:
    job = transfers.export_job(request.user, pk)
    path = transfers.exported_file(job) if job else None
    if path is None or job is None:
        raise Http404
    return FileResponse(
        path.open("rb"), as_attachment=True, filename=f"cases-{job.created_at:%Y%m%d-%H%M}.xlsx"
    )
