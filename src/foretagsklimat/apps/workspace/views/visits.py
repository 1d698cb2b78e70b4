"""Visits: the list of the year (and its Excel export), one visit, plan, change, record as
held."""

from __future__ import annotations

import pandas as pd
import segno
from django.contrib import messages
from django.db.models import Case, F, Q, When
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from foretagsklimat.web.downloads import download_response

from ..access import Need, get_visit, workspace_view
from ..forms.visits import HeldForm, VisitFilterForm, VisitForm
from ..models import Company, Evaluation, Membership, Visit
from ..services import exports
from ..services.visits import plan_visit, record_held, update_visit
from .pages import Columns, render_form_page, render_page, sorted_page

EXPORT_COLUMNS = {
    "company__orgnr": "organisationsnummer",
    "company__name": "foretag",
    "planned_for": "planerat",
    "held_on": "genomfort",
    "officer__username": "handlaggare",
    "unit": "enhet",
    "purpose": "syfte",
    "topics": "amnen",
}
#: What a visit's form pages share: the menu item, the style sheets, the topics' layout.
FORM_PAGE = {
    "current": "visits",
    "head": "workspace/visits/_head.html",
    "form_class": "topic-list",
}

_HELD = Case(When(held_on__isnull=True, then=0), default=1)
#: How the list opens: the planned visits, soonest first, then the held ones, newest first.
UPCOMING_FIRST = [
    _HELD.asc(),
    Case(When(held_on__isnull=True, then=F("planned_for"))).asc(nulls_last=True),
    F("held_on").desc(nulls_last=True),
]
#: The list's sortable columns: label and ascending order.
VISIT_COLUMNS: Columns = {
    "datum": (gettext_lazy("Datum"), [Coalesce("held_on", "planned_for").asc()]),
    "status": (gettext_lazy("Status"), [_HELD.asc(), "planned_for"]),
    "foretag": (gettext_lazy("Företag"), ["company__name"]),
    "handlaggare": (gettext_lazy("Handläggare"), ["officer__username"]),
    "enhet": (gettext_lazy("Enhet"), ["unit"]),
}


@workspace_view("GET")
def visit_list(request: HttpRequest, membership: Membership) -> HttpResponse:
    municipality = membership.municipality
    form = VisitFilterForm(request.GET or None, municipality=municipality)
    selected = Visit.objects.for_municipality(municipality).select_related("company", "officer")
    year = timezone.localdate().year
    if form.is_valid():
        year = form.cleaned_data["ar"] or year
        if form.cleaned_data["handlaggare"]:
            selected = selected.filter(officer=form.cleaned_data["handlaggare"])
    shown = selected.filter(Q(held_on__isnull=True) | Q(held_on__year=year))
    if request.GET.get("format"):
        rows = shown.filter(Q(held_on__isnull=False) | Q(planned_for__year=year)).order_by(
            "planned_for", "id"
        )
        frame = pd.DataFrame.from_records(
            rows.values(*EXPORT_COLUMNS), columns=list(EXPORT_COLUMNS)
        ).rename(columns=EXPORT_COLUMNS)
        frame["amnen"] = frame["amnen"].map(lambda topics: ", ".join(topics or []))
        file = download_response(
            request,
            {"besok": frame},
            f"besok-{municipality.code}-{year}",
            synthetic=rows.filter(company__synthetic=True).exists(),
            labels=exports.LABELS,
            formats=exports.FORMATS,
            source=exports.SOURCE,
        )
        if file is not None:
            return file
    listing = sorted_page(request, shown, VISIT_COLUMNS, UPCOMING_FIRST)
    return render_page(
        request,
        membership,
        "workspace/visits/list.html",
        {
            "form": form,
            "year": year,
            "page": listing.page,
            "headers": listing.headers,
            "query": listing.query,
            "held_count": shown.filter(held_on__isnull=False).count(),
        },
    )


def qr_svg(url: str, label: str) -> SafeString:
    """``url`` as a QR code, an inline SVG (no image file, no JavaScript)."""
    svg = segno.make(url, error="m").svg_inline(scale=5, border=2, title=label)
    # segno writes the markup itself and escapes the title.
    return mark_safe(svg)


@workspace_view("GET")
def visit_detail(request: HttpRequest, membership: Membership, visit_id: int) -> HttpResponse:
    visit = get_visit(membership, visit_id)
    today = timezone.localdate()
    follow_ups = visit.follow_ups.select_related("owner")
    evaluated = Evaluation.objects.filter(visit=visit).exists()
    context = {
        "visit": visit,
        "evaluated": evaluated,
        "follow_ups": [(f, f.is_overdue(today)) for f in follow_ups],
    }
    # The hand-over, for a held visit without its evaluation: the company's own phone
    # scans the code or types the short link; this device can be handed over instead.
    if visit.is_held() and not evaluated and membership.can_edit and visit.evaluation_code:
        short_url = request.build_absolute_uri(
            reverse("kiosk:evaluate", args=[visit.evaluation_code])
        )
        context.update(
            short_url=short_url,
            start_url=request.build_absolute_uri(reverse("kiosk:start")),
            qr=qr_svg(short_url, _("QR-kod till utvärderingen av mötet")),
        )
    return render_page(request, membership, "workspace/visits/detail.html", context)


@workspace_view("GET", "POST", need=Need.EDIT)
def visit_create(request: HttpRequest, membership: Membership) -> HttpResponse:
    municipality = membership.municipality
    initial = {"officer": request.user.pk, "planned_for": timezone.localdate()}
    company_id = request.GET.get("foretag", "")
    if company_id.isdigit():
        company = Company.objects.for_municipality(municipality).filter(pk=company_id).first()
        if company is not None:
            initial["company"] = company.pk
    form = VisitForm(
        request.POST or None, initial=initial, instance=Visit(municipality=municipality)
    )
    if request.method == "POST" and form.is_valid():
        visit = plan_visit(form.instance, request.user)
        messages.success(request, _("Besöket planerades."))
        return redirect("workspace:visit", municipality.code, visit.pk)
    return render_form_page(request, membership, form, title=_("Planera ett besök"), **FORM_PAGE)


@workspace_view("GET", "POST", need=Need.EDIT)
def visit_edit(request: HttpRequest, membership: Membership, visit_id: int) -> HttpResponse:
    visit = get_visit(membership, visit_id)
    form = VisitForm(request.POST or None, instance=visit)
    if request.method == "POST" and form.is_valid():
        update_visit(form.instance, request.user)
        messages.success(request, _("Ändringarna sparades."))
        return redirect("workspace:visit", membership.municipality.code, visit.pk)
    return render_form_page(
        request,
        membership,
        form,
        title=_("Ändra besöket"),
        subtitle=visit.company.name,
        **FORM_PAGE,
    )


@workspace_view("GET", "POST", need=Need.EDIT)
def visit_held(request: HttpRequest, membership: Membership, visit_id: int) -> HttpResponse:
    visit = get_visit(membership, visit_id)
    form = HeldForm(
        request.POST or None,
        instance=visit,
        initial={"held_on": visit.held_on or timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        record_held(form.instance, form.cleaned_data["held_on"], request.user)
        messages.success(request, _("Besöket är registrerat som genomfört."))
        return redirect("workspace:visit", membership.municipality.code, visit.pk)
    return render_form_page(
        request,
        membership,
        form,
        title=_("Registrera besöket som genomfört"),
        subtitle=visit.company.name,
        **FORM_PAGE,
    )
