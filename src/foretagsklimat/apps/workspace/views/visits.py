"""Visits (plan, record as held, list, export, detail), targets, and the company's
evaluation page (no login: the token in the URL is the key)."""

from __future__ import annotations

import contextlib

import pandas as pd
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from foretagsklimat.web.downloads import download_response

from .. import audit, visits
from ..access import (
    Need,
    get_target_for_user,
    get_visit_by_evaluation_token,
    get_visit_for_user,
    membership_for,
)
from ..forms_visits import EvaluationForm, HeldForm, TargetForm, VisitFilterForm, VisitForm
from ..models import Company, Evaluation, Topic, Visit, VisitTarget

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


@login_required
@require_GET
def visit_list(request: HttpRequest, kommunkod: str) -> HttpResponse:
    membership = membership_for(request, kommunkod)
    municipality = membership.municipality
    form = VisitFilterForm(request.GET or None, municipality=municipality)
    selected = Visit.objects.for_municipality(municipality).select_related("company", "officer")
    year = timezone.localdate().year
    if form.is_valid():
        year = form.cleaned_data["ar"] or year
        if form.cleaned_data["handlaggare"]:
            selected = selected.filter(officer=form.cleaned_data["handlaggare"])
    planned = selected.filter(held_on__isnull=True).order_by("planned_for", "id")
    held = selected.filter(held_on__year=year).order_by("-held_on", "-id")
    if request.GET.get("format"):
        rows = (planned.filter(planned_for__year=year) | held).order_by("planned_for", "id")
        frame = pd.DataFrame.from_records(
            rows.values(*EXPORT_COLUMNS), columns=list(EXPORT_COLUMNS)
        ).rename(columns=EXPORT_COLUMNS)
        frame["amnen"] = frame["amnen"].map(lambda topics: ", ".join(topics or []))
        file = download_response(
            request,
            {"besok": frame},
            f"besok-{kommunkod}-{year}",
            synthetic=rows.filter(company__synthetic=True).exists(),
        )
        if file is not None:
            return file
    return render(
        request,
        "workspace/visits/list.html",
        {
            "membership": membership,
            "municipality": municipality,
            "form": form,
            "year": year,
            "planned": planned,
            "held": held,
            "query": request.GET.urlencode(),
        },
    )


@login_required
@require_GET
def visit_detail(request: HttpRequest, kommunkod: str, visit_id: int) -> HttpResponse:
    membership, visit = get_visit_for_user(request, kommunkod, visit_id)
    today = timezone.localdate()
    follow_ups = visit.follow_ups.select_related("owner")
    return render(
        request,
        "workspace/visits/detail.html",
        {
            "membership": membership,
            "municipality": membership.municipality,
            "visit": visit,
            "evaluated": Evaluation.objects.filter(visit=visit).exists(),
            "follow_ups": [(f, f.is_overdue(today)) for f in follow_ups],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def visit_create(request: HttpRequest, kommunkod: str) -> HttpResponse:
    membership = membership_for(request, kommunkod, need=Need.EDIT)
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
        visit = visits.plan_visit(form.instance, request.user)
        messages.success(request, _("Besöket planerades."))
        return redirect("workspace:visit", kommunkod, visit.pk)
    return render(
        request,
        "workspace/visits/form.html",
        {
            "membership": membership,
            "municipality": municipality,
            "form": form,
            "title": _("Planera ett besök"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def visit_edit(request: HttpRequest, kommunkod: str, visit_id: int) -> HttpResponse:
    membership, visit = get_visit_for_user(request, kommunkod, visit_id, need=Need.EDIT)
    before = audit.snapshot(visit, visits.VISIT_FIELDS)
    form = VisitForm(request.POST or None, instance=visit)
    if request.method == "POST" and form.is_valid():
        visits.update_visit(form.instance, request.user, before)
        messages.success(request, _("Ändringarna sparades."))
        return redirect("workspace:visit", kommunkod, visit.pk)
    return render(
        request,
        "workspace/visits/form.html",
        {
            "membership": membership,
            "municipality": membership.municipality,
            "form": form,
            "visit": visit,
            "title": _("Ändra besöket"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def visit_held(request: HttpRequest, kommunkod: str, visit_id: int) -> HttpResponse:
    membership, visit = get_visit_for_user(request, kommunkod, visit_id, need=Need.EDIT)
    before = audit.snapshot(visit, visits.VISIT_FIELDS)
    form = HeldForm(
        request.POST or None,
        instance=visit,
        initial={"held_on": visit.held_on or timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        visits.record_held(form.instance, form.cleaned_data["held_on"], request.user, before)
        messages.success(request, _("Besöket är registrerat som genomfört."))
        return redirect("workspace:visit", kommunkod, visit.pk)
    return render(
        request,
        "workspace/visits/form.html",
        {
            "membership": membership,
            "municipality": membership.municipality,
            "form": form,
            "visit": visit,
            "title": _("Registrera besöket som genomfört"),
        },
    )


@login_required
@require_GET
def target_list(request: HttpRequest, kommunkod: str) -> HttpResponse:
    membership = membership_for(request, kommunkod)
    municipality = membership.municipality
    today = timezone.localdate()
    year_text = request.GET.get("ar", "")
    year = int(year_text) if year_text.isdigit() and 2000 <= int(year_text) <= 2100 else today.year
    progress = visits.target_progress(municipality, year, today)
    summary = visits.evaluation_summary(municipality, year)
    file = download_response(
        request,
        lambda: {
            "besoksmal": visits.progress_frame(progress),
            "utvarderingar": visits.summary_frame(summary),
        },
        f"besoksmal-{kommunkod}-{year}",
        synthetic=Company.objects.for_municipality(municipality).filter(synthetic=True).exists,
    )
    if file is not None:
        return file
    return render(
        request,
        "workspace/visits/targets.html",
        {
            "membership": membership,
            "municipality": municipality,
            "year": year,
            "progress": progress,
            "summary": summary,
            "questions": Evaluation.QUESTIONS,
            "elapsed_percent": round(visits.year_elapsed(year, today) * 100),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def target_create(request: HttpRequest, kommunkod: str) -> HttpResponse:
    membership = membership_for(request, kommunkod, need=Need.EDIT)
    form = TargetForm(
        request.POST or None,
        initial={"year": timezone.localdate().year},
        instance=VisitTarget(municipality=membership.municipality),
    )
    if request.method == "POST" and form.is_valid():
        visits.save_target(form.instance, request.user)
        messages.success(request, _("Målet sparades."))
        return redirect(f"{reverse('workspace:targets', args=[kommunkod])}?ar={form.instance.year}")
    return render(
        request,
        "workspace/visits/form.html",
        {
            "membership": membership,
            "municipality": membership.municipality,
            "form": form,
            "title": _("Nytt besöksmål"),
        },
    )


@login_required
@require_POST
def target_delete(request: HttpRequest, kommunkod: str, target_id: int) -> HttpResponse:
    _membership, target = get_target_for_user(request, kommunkod, target_id)
    visits.delete_target(target, request.user)
    messages.success(request, _("Målet togs bort."))
    return redirect("workspace:targets", kommunkod)


@require_http_methods(["GET", "POST"])
def evaluate(request: HttpRequest, token: str) -> HttpResponse:
    """The company's evaluation, on the officer's tablet or phone, during the meeting."""
    visit = get_visit_by_evaluation_token(token)
    done = Evaluation.objects.filter(visit=visit).exists()
    form = EvaluationForm(request.POST or None)
    if request.method == "POST" and not done and form.is_valid():
        with contextlib.suppress(visits.AlreadyEvaluated):
            visits.submit_evaluation(visit, form.grades(), form.cleaned_data["comment"])
        return redirect("workspace:evaluate", token)
    return render(
        request,
        "workspace/visits/evaluate.html",
        {
            "visit": visit,
            "form": form,
            "done": done,
            "topics": Topic,
        },
    )
