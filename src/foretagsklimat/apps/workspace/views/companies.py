"""Companies: the filtered list (and its Excel export), one company, create, edit, import."""

from __future__ import annotations

import pandas as pd
from django.contrib import messages
from django.db.models import Case, Count, Exists, F, OuterRef, Q, QuerySet, When
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from foretagsklimat.importers.companies import template_columns
from foretagsklimat.importers.errors import ImportValidationError
from foretagsklimat.reference.search import search_key
from foretagsklimat.spreadsheet import xlsx_bytes
from foretagsklimat.web.downloads import download_response
from foretagsklimat.web.issues import ShownIssue, shown_issues

from ..access import Need, get_company, workspace_view
from ..forms.companies import CompanyFilterForm, CompanyForm, ImportForm
from ..forms.widgets import SEARCH_LIMIT, company_label, search_companies
from ..models import Company, Evaluation, FollowUpStatus, Membership, Visit
from ..services import exports
from ..services.companies import save_company
from ..services.importing import ImportResult, import_companies
from ..services.visit_progress import company_evaluation_summary
from .pages import Columns, render_page, sorted_page

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


#: The list's sortable columns: label and ascending order.
COMPANY_COLUMNS: Columns = {
    "namn": (gettext_lazy("Namn"), ["name", "orgnr"]),
    "orgnr": (gettext_lazy("Organisationsnummer"), ["orgnr"]),
    "sni": (gettext_lazy("SNI"), ["sni", "name"]),
    "storlek": (gettext_lazy("Storlek"), ["employees", "name"]),
    "omrade": (gettext_lazy("Område"), ["area", "postal_town", "name"]),
    "kontakter": (gettext_lazy("Kontakter"), ["contact_count", "name"]),
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
    companies = filter_companies(membership, form).annotate(
        contact_count=Count("contacts", filter=Q(contacts__erased_at__isnull=True))
    )
    listing = sorted_page(
        request, companies, COMPANY_COLUMNS, ["name", "orgnr"], per_page=PAGE_SIZE
    )
    # The download has the list's rows in the list's order, all pages.
    companies = listing.rows
    if request.GET.get("format"):
        frame = pd.DataFrame.from_records(
            companies.values(*EXPORT_COLUMNS), columns=list(EXPORT_COLUMNS)
        ).rename(columns=EXPORT_COLUMNS)
        file = download_response(
            request,
            {"foretag": frame},
            f"foretag-{membership.municipality.code}",
            synthetic=companies.filter(synthetic=True).exists(),
            labels=exports.LABELS,
            formats=exports.FORMATS,
            source=exports.SOURCE,
        )
        if file is not None:
            return file
    return render_page(
        request,
        membership,
        "workspace/company_list.html",
        {"form": form, "page": listing.page, "headers": listing.headers, "query": listing.query},
    )


@workspace_view("GET")
def company_detail(request: HttpRequest, membership: Membership, company_id: int) -> HttpResponse:
    """The company and its whole history with the municipality: visits (planned first, then
    held newest first), the evaluations aggregated, follow-ups (open first), support
    referrals and procurement items."""
    company = get_company(membership, company_id)
    today = timezone.localdate()
    visits = company.visits.select_related("officer").order_by(
        F("held_on").desc(nulls_first=True), "-planned_for", "-id"
    )
    follow_ups = company.follow_ups.select_related("owner", "visit").order_by(
        Case(When(status=FollowUpStatus.OPEN, then=0), default=1), "due_on", "id"
    )
    return render_page(
        request,
        membership,
        "workspace/company_detail.html",
        {
            "company": company,
            "contacts": company.contacts.filter(erased_at__isnull=True),
            "erased_contacts": company.contacts.filter(erased_at__isnull=False).count(),
            "visits": visits,
            "evaluations": company_evaluation_summary(company),
            "questions": Evaluation.QUESTIONS,
            "follow_ups": [(f, f.is_overdue(today)) for f in follow_ups],
            "referrals": company.support_referrals.select_related("offering").order_by(
                "-date", "-id"
            ),
            "procurement_items": company.procurement_items.order_by("-date", "-id"),
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
    issues: list[ShownIssue] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = import_companies(
                membership.municipality,
                upload.read(),
                upload.name,
                request.user,
                postal_towns=form.cleaned_data["postal_towns"],
            )
        except ImportValidationError as error:
            issues = shown_issues(error.issues)
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
            if result.layout:
                messages.info(request, _left_out_text(result))
            return redirect("workspace:companies", membership.municipality.code)
    return render_page(
        request,
        membership,
        "workspace/company_import.html",
        {"form": form, "issues": issues, "columns": _template_columns()},
    )


def _left_out_text(result: ImportResult) -> str:
    """What a national file's import left out, in a sentence."""
    left_out = result.left_out
    persons, inactive, elsewhere = (
        left_out.get(key, 0) for key in ("persons", "inactive", "elsewhere")
    )
    parts = [
        ngettext(
            "%(count)d enskild näringsidkare med personnummer",
            "%(count)d enskilda näringsidkare med personnummer",
            persons,
        )
        % {"count": persons},
        ngettext(
            "%(count)d företag som inte längre är verksamt",
            "%(count)d företag som inte längre är verksamma",
            inactive,
        )
        % {"count": inactive},
        ngettext(
            "%(count)d företag i en annan kommun", "%(count)d företag i andra kommuner", elsewhere
        )
        % {"count": elsewhere},
    ]
    return _("Lämnades utanför ur filen från %(source)s: %(parts)s.") % {
        "source": _("Bolagsverket") if result.layout == "bolagsverket" else _("SCB"),
        "parts": ", ".join(parts),
    }


def _template_columns() -> list[dict[str, str]]:
    return [
        {
            "header": column.header,
            "required": _("krävs") if column.required else _("frivillig"),
            "description": _(column.description),
            "example": column.example,
        }
        for column in template_columns()
    ]


@workspace_view("GET")
def company_import_template(request: HttpRequest, membership: Membership) -> HttpResponse:
    """An empty company list to fill in: the headers, and in Excel a sheet describing
    each column (open to every member: it holds no data). The CSV opens in Swedish
    Excel: UTF-8 with a byte-order mark, ``;`` between the cells."""
    headers = [column.header for column in template_columns()]
    if request.GET.get("format") == "csv":
        response = HttpResponse(
            ("\ufeff" + ";".join(headers) + "\r\n").encode(), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = 'attachment; filename="foretag-mall.csv"'
        return response
    if request.GET.get("format", "xlsx") != "xlsx":
        raise Http404
    rows = _template_columns()
    notes = pd.DataFrame(
        {
            _("Kolumn"): [row["header"] for row in rows],
            _("Krävs"): [row["required"] for row in rows],
            _("Beskrivning"): [row["description"] for row in rows],
            _("Exempel"): [row["example"] for row in rows],
        }
    )
    about = pd.DataFrame(
        {
            _("Om filen"): [
                _(
                    "Fyll i en rad per företag på bladet foretag. Bara organisationsnummer "
                    "och namn krävs; tomma kolumner kan tas bort. Rubrikerna får inte ändras."
                )
            ]
        }
    )
    content = xlsx_bytes(
        {"foretag": pd.DataFrame(columns=headers), _("Kolumner"): notes, _("Om"): about}
    )
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = 'attachment; filename="foretag-mall.xlsx"'
    return response


@workspace_view("GET")
def company_search(request: HttpRequest, membership: Membership) -> JsonResponse:
    """The company picker's search: at most ``SEARCH_LIMIT`` of the municipality's
    companies matching ``?q=`` (name or organisation number), as JSON."""
    query = request.GET.get("q", "")[:100]
    found = search_companies(Company.objects.for_municipality(membership.municipality), query)
    count = len(found)
    status = (
        ngettext("%(count)d företag hittades.", "%(count)d företag hittades.", count)
        % {"count": count}
        if count < SEARCH_LIMIT
        else _("Visar de %(count)d första träffarna: skriv mer för att begränsa.")
        % {"count": count}
    )
    return JsonResponse(
        {
            "results": [
                {
                    "id": company.pk,
                    "name": company.name,
                    "orgnr": company.formatted_orgnr,
                    "label": company_label(company),
                }
                for company in found
            ],
            "status": status if query.strip() else "",
        }
    )
