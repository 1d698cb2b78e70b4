"""The list of the user's workspaces, a workspace's home page and its audit log."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from foretagsklimat.web.downloads import download_response

from .. import audit
from ..access import Need, membership_for
from ..models import AuditEntry, Company, Contact, Membership

AUDIT_PAGE_SIZE = 50


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    memberships = list(
        Membership.objects.filter(user_id=request.user.pk or 0).select_related("municipality")
    )
    if len(memberships) == 1:
        return redirect("workspace:home", memberships[0].municipality_id)
    return render(request, "workspace/index.html", {"memberships": memberships})


@login_required
@require_GET
def home(request: HttpRequest, kommunkod: str) -> HttpResponse:
    membership = membership_for(request, kommunkod)
    companies = Company.objects.for_municipality(membership.municipality)
    contacts = Contact.objects.for_municipality(membership.municipality).filter(
        erased_at__isnull=True
    )
    return render(
        request,
        "workspace/home.html",
        {
            "membership": membership,
            "municipality": membership.municipality,
            "company_count": companies.count(),
            "contact_count": contacts.count(),
            "synthetic": companies.filter(synthetic=True).exists(),
        },
    )


@login_required
@require_GET
def audit_log(request: HttpRequest, kommunkod: str) -> HttpResponse:
    membership = membership_for(request, kommunkod, need=Need.MANAGE)
    entries = AuditEntry.objects.for_municipality(membership.municipality).select_related("user")
    if request.GET.get("format"):  # the whole log, so only built when asked for
        file = download_response(
            request,
            {"andringslogg": audit.entries_frame(entries)},
            f"andringslogg-{kommunkod}",
            synthetic=Company.objects.for_municipality(membership.municipality)
            .filter(synthetic=True)
            .exists(),
        )
        if file is not None:
            return file
    page = Paginator(entries, AUDIT_PAGE_SIZE).get_page(request.GET.get("sida"))
    return render(
        request,
        "workspace/audit_log.html",
        {
            "membership": membership,
            "municipality": membership.municipality,
            "page": page,
        },
    )
