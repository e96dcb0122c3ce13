"""A job's progress: a page that follows it (a small script polls the JSON twin; without
JavaScript, a link to look again)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.http import url_has_allowed_host_and_scheme

from minsheng import access
from minsheng.jobs.models import Job


def _job(request: HttpRequest, pk: str) -> Job:
    return get_object_or_404(access.scope(request.user, "jobs.view_job", Job.objects.all()), pk=pk)


@login_required
def detail(request: HttpRequest, pk: str) -> HttpResponse:
    job = _job(request, pk)
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = ""
    return render(request, "jobs/detail.html", {"job": job, "next": next_url})


@login_required
def status(request: HttpRequest, pk: str) -> JsonResponse:
    job = _job(request, pk)
    return JsonResponse(
        {
            "id": str(job.pk),
            "status": job.status,
            "status_display": job.get_status_display(),
            "progress": job.progress,
            "total": job.total,
            "percent": job.percent,
            "message": job.message,
            "finished": job.finished,
        }
    )
