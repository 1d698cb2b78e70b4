"""The audit log (admin): one page at a time, or the whole log as a file."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse

from foretagsklimat.web.downloads import download_response

from .. import audit
from ..access import Need, workspace_view
from ..models import AuditEntry, Company, Membership
from .pages import render_page

AUDIT_PAGE_SIZE = 50


@workspace_view("GET", need=Need.MANAGE)
def audit_log(request: HttpRequest, membership: Membership) -> HttpResponse:
    municipality = membership.municipality
    entries = AuditEntry.objects.for_municipality(municipality).select_related("user")
    if request.GET.get("format"):  # the whole log, so only built when asked for
        file = download_response(
            request,
            {"andringslogg": audit.entries_frame(entries)},
            f"andringslogg-{municipality.code}",
            synthetic=Company.objects.for_municipality(municipality)
            .filter(synthetic=True)
            .exists(),
        )
        if file is not None:
            return file
    page = Paginator(entries, AUDIT_PAGE_SIZE).get_page(request.GET.get("sida"))
    return render_page(request, membership, "workspace/audit_log.html", {"page": page})
