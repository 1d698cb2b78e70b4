"""Companies: the filtered list (and its Excel export), one company, create, edit, import."""

from __future__ import annotations

import pandas as pd
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from foretagsklimat.importers.errors import ImportValidationError, Issue
from foretagsklimat.web.downloads import download_response

from .. import audit, services
from ..access import Need, get_company_for_user, membership_for
from ..forms import CompanyFilterForm, CompanyForm, ImportForm
from ..importing import import_companies
from ..models import Company, Membership, Visit

PAGE_SIZE = 50
EXPORT_COLUMNS = {
    "orgnr": "organisationsnummer",
    "name": "namn",
    "sni": "sni",
    "employees": "anstallda",
    "size_class": "storleksklass",
    "address": "adress",
    "postal_code": "postnummer",
    "postal_town": "postort",
    "area": "omrade",
    "contact_count": "kontaktpersoner",
}


def filter_companies(membership: Membership, form: CompanyFilterForm) -> QuerySet[Company]:
    companies = Company.objects.for_municipality(membership.municipality)
    if not form.is_valid():
        return companies
    data = form.cleaned_data
    if query := data["q"].strip():
        digits = query.replace("-", "").replace(" ", "")
        match = Q(name__icontains=query)
        if digits.isdigit():
            match |= Q(orgnr__startswith=digits)
        companies = companies.filter(match)
    if data["sni"]:
        companies = companies.filter(sni__startswith=data["sni"].strip())
    if data["storlek"]:
        companies = companies.filter(size_class=data["storlek"])
    if data["omrade"]:
        companies = companies.filter(area=data["omrade"])
    if data["besokt"]:
        # "This year" is the calendar year in Swedish time, as the visit targets count it.
        held_this_year = Visit.objects.filter(
            company=OuterRef("pk"), held_on__year=timezone.localdate().year
        )
        visited = Exists(held_this_year)
        companies = companies.filter(visited if data["besokt"] == "ja" else ~visited)
    return companies


def _areas(membership: Membership) -> list[str]:
    return list(
        Company.objects.for_municipality(membership.municipality)
        .exclude(area="")
        .order_by("area")
        .values_list("area", flat=True)
        .distinct()
    )


@login_required
@require_GET
def company_list(request: HttpRequest, kommunkod: str) -> HttpResponse:
    membership = membership_for(request, kommunkod)
    form = CompanyFilterForm(request.GET or None, areas=_areas(membership))
    companies = (
        filter_companies(membership, form)
        .annotate(contact_count=Count("contacts", filter=Q(contacts__erased_at__isnull=True)))
        .order_by("name", "orgnr")
    )
    if request.GET.get("format"):
        frame = pd.DataFrame.from_records(
            companies.values(*EXPORT_COLUMNS), columns=list(EXPORT_COLUMNS)
        ).rename(columns=EXPORT_COLUMNS)
        file = download_response(
            request,
            {"foretag": frame},
            f"foretag-{kommunkod}",
            synthetic=companies.filter(synthetic=True).exists(),
        )
        if file is not None:
            return file
    page = Paginator(companies, PAGE_SIZE).get_page(request.GET.get("sida"))
    query = request.GET.copy()
    query.pop("sida", None)
    return render(
        request,
        "workspace/company_list.html",
        {
            "membership": membership,
            "municipality": membership.municipality,
            "form": form,
            "page": page,
            "query": query.urlencode(),
        },
    )


@login_required
@require_GET
def company_detail(request: HttpRequest, kommunkod: str, company_id: int) -> HttpResponse:
    membership, company = get_company_for_user(request, kommunkod, company_id)
    return render(
        request,
        "workspace/company_detail.html",
        {
            "membership": membership,
            "municipality": membership.municipality,
            "company": company,
            "contacts": company.contacts.filter(erased_at__isnull=True),
            "erased_contacts": company.contacts.filter(erased_at__isnull=False).count(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def company_create(request: HttpRequest, kommunkod: str) -> HttpResponse:
    membership = membership_for(request, kommunkod, need=Need.EDIT)
    form = CompanyForm(request.POST or None, instance=Company(municipality=membership.municipality))
    if request.method == "POST" and form.is_valid():
        company = services.save_company(form.instance, request.user)
        messages.success(request, _("Företaget lades till."))
        return redirect("workspace:company", kommunkod, company.pk)
    return render(
        request,
        "workspace/company_form.html",
        {
            "membership": membership,
            "municipality": membership.municipality,
            "form": form,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def company_edit(request: HttpRequest, kommunkod: str, company_id: int) -> HttpResponse:
    membership, company = get_company_for_user(request, kommunkod, company_id, write=True)
    before = audit.snapshot(company, services.COMPANY_FIELDS)
    form = CompanyForm(request.POST or None, instance=company)
    if request.method == "POST" and form.is_valid():
        services.save_company(form.instance, request.user, before=before)
        messages.success(request, _("Ändringarna sparades."))
        return redirect("workspace:company", kommunkod, company.pk)
    return render(
        request,
        "workspace/company_form.html",
        {
            "membership": membership,
            "municipality": membership.municipality,
            "form": form,
            "company": company,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def company_import(request: HttpRequest, kommunkod: str) -> HttpResponse:
    membership = membership_for(request, kommunkod, need=Need.EDIT)
    form = ImportForm(request.POST or None, request.FILES or None)
    issues: list[Issue] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = import_companies(
                membership.municipality, upload.read(), upload.name, request.user
            )
        except ImportValidationError as error:
            issues = error.issues
        else:
            messages.success(
                request,
                _(
                    "Importen klar: %(created)d nya, %(updated)d uppdaterade, "
                    "%(unchanged)d oförändrade företag."
                )
                % {
                    "created": result.created,
                    "updated": result.updated,
                    "unchanged": result.unchanged,
                },
            )
            return redirect("workspace:companies", kommunkod)
    return render(
        request,
        "workspace/company_import.html",
        {
            "membership": membership,
            "municipality": membership.municipality,
            "form": form,
            "issues": issues,
        },
    )
