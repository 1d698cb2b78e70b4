"""Companies: the filtered list (and its Excel export), one company, create, edit, import."""

from __future__ import annotations

import pandas as pd
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from foretagsklimat.importers.errors import ImportValidationError, Issue
from foretagsklimat.reference.search import search_key
from foretagsklimat.web.downloads import download_response

from ..access import Need, get_company, workspace_view
from ..forms.companies import CompanyFilterForm, CompanyForm, ImportForm
from ..models import Company, Membership, Visit
from ..services.companies import save_company
from ..services.importing import import_companies
from .pages import render_page

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
        # The folded name: case and å/ä/ö ignored alike on SQLite and PostgreSQL.
        match = Q(search_name__contains=search_key(query))
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


@workspace_view("GET")
def company_list(request: HttpRequest, membership: Membership) -> HttpResponse:
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
            f"foretag-{membership.municipality.code}",
            synthetic=companies.filter(synthetic=True).exists(),
        )
        if file is not None:
            return file
    page = Paginator(companies, PAGE_SIZE).get_page(request.GET.get("sida"))
    query = request.GET.copy()
    query.pop("sida", None)
    return render_page(
        request,
        membership,
        "workspace/company_list.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


@workspace_view("GET")
def company_detail(request: HttpRequest, membership: Membership, company_id: int) -> HttpResponse:
    company = get_company(membership, company_id)
    return render_page(
        request,
        membership,
        "workspace/company_detail.html",
        {
            "company": company,
            "contacts": company.contacts.filter(erased_at__isnull=True),
            "erased_contacts": company.contacts.filter(erased_at__isnull=False).count(),
        },
    )


@workspace_view("GET", "POST", need=Need.EDIT)
def company_create(request: HttpRequest, membership: Membership) -> HttpResponse:
    return _company_form(request, membership, Company(municipality=membership.municipality))


@workspace_view("GET", "POST", need=Need.EDIT)
def company_edit(request: HttpRequest, membership: Membership, company_id: int) -> HttpResponse:
    return _company_form(request, membership, get_company(membership, company_id))


def _company_form(request: HttpRequest, membership: Membership, company: Company) -> HttpResponse:
    new = company.pk is None
    form = CompanyForm(request.POST or None, instance=company)
    if request.method == "POST" and form.is_valid():
        save_company(form.instance, request.user)
        messages.success(request, _("Företaget lades till.") if new else _("Ändringarna sparades."))
        return redirect("workspace:company", membership.municipality.code, company.pk)
    return render_page(
        request,
        membership,
        "workspace/company_form.html",
        {"form": form, "company": None if new else company},
    )


@workspace_view("GET", "POST", need=Need.EDIT)
def company_import(request: HttpRequest, membership: Membership) -> HttpResponse:
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
            return redirect("workspace:companies", membership.municipality.code)
    return render_page(
        request, membership, "workspace/company_import.html", {"form": form, "issues": issues}
    )
