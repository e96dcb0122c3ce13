from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from minsheng import access
from minsheng.audit.models import AuditEntry


@login_required
def log(request: HttpRequest) -> HttpResponse:
    access.require(request.user, "audit.view_auditentry")
    entries = access.scope(
        request.user,
        "audit.view_auditentry",
        AuditEntry.objects.select_related("actor", "on_behalf_of"),
    )
    action = request.GET.get("action", "").strip()
    if action:
        entries = entries.filter(action__startswith=action)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "audit/log.html", {"page": page, "action": action})
