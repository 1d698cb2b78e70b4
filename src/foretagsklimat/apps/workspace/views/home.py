"""The list of the user's workspaces, and a workspace's home page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from ..access import Need, memberships_of, workspace_view
from ..models import Company, Contact, Membership
from .pages import render_page


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    memberships = memberships_of(request.user)
    if len(memberships) == 1:
        return redirect("workspace:home", memberships[0].municipality_id)
    return render(request, "workspace/index.html", {"memberships": memberships})


@workspace_view("GET", need=Need.OVERVIEW)
def home(request: HttpRequest, membership: Membership) -> HttpResponse:
    companies = Company.objects.for_municipality(membership.municipality)
    contacts = Contact.objects.for_municipality(membership.municipality).filter(
        erased_at__isnull=True
    )
    return render_page(
        request,
        membership,
        "workspace/home.html",
        {
            "company_count": companies.count(),
            "contact_count": contacts.count(),
            "synthetic": companies.filter(synthetic=True).exists(),
        },
    )
