"""Visit targets: the year's progress and the evaluations' summary (with their Excel
export), add a target, remove one."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from foretagsklimat.web.confirmation import confirm_first
from foretagsklimat.web.downloads import download_response

from ..access import Need, get_target, workspace_view
from ..forms.visits import TargetForm
from ..models import Company, Evaluation, Membership, VisitTarget
from ..services import exports, visit_progress
from ..services.visits import create_target, delete_target
from .pages import render_form_page, render_page
from .visits import FORM_PAGE


@workspace_view("GET", need=Need.OVERVIEW)
def target_list(request: HttpRequest, membership: Membership) -> HttpResponse:
    municipality = membership.municipality
    today = timezone.localdate()
    year_text = request.GET.get("ar", "")
    year = int(year_text) if year_text.isdigit() and 2000 <= int(year_text) <= 2100 else today.year
    progress = visit_progress.target_progress(municipality, year, today)
    summary = visit_progress.evaluation_summary(municipality, year)
    file = download_response(
        request,
        lambda: {
            "besoksmal": visit_progress.progress_frame(progress),
            "utvarderingar": visit_progress.summary_frame(summary),
        },
        f"besoksmal-{municipality.code}-{year}",
        synthetic=Company.objects.for_municipality(municipality).filter(synthetic=True).exists,
        labels=exports.LABELS,
        formats=exports.FORMATS,
        source=exports.SOURCE,
    )
    if file is not None:
        return file
    return render_page(
        request,
        membership,
        "workspace/visits/targets.html",
        {
            "year": year,
            "progress": progress,
            "summary": summary,
            "questions": Evaluation.QUESTIONS,
            "elapsed_percent": round(visit_progress.year_elapsed(year, today) * 100),
        },
    )


@workspace_view("GET", "POST", need=Need.EDIT)
def target_create(request: HttpRequest, membership: Membership) -> HttpResponse:
    form = TargetForm(
        request.POST or None,
        initial={"year": timezone.localdate().year},
        instance=VisitTarget(municipality=membership.municipality),
    )
    if request.method == "POST" and form.is_valid():
        create_target(form.instance, request.user)
        messages.success(request, _("Målet sparades."))
        targets = reverse("workspace:targets", args=[membership.municipality.code])
        return redirect(f"{targets}?ar={form.instance.year}")
    return render_form_page(request, membership, form, title=_("Nytt besöksmål"), **FORM_PAGE)


@workspace_view("POST", need=Need.EDIT)
def target_delete(request: HttpRequest, membership: Membership, target_id: int) -> HttpResponse:
    target = get_target(membership, target_id)
    targets = reverse("workspace:targets", args=[membership.municipality.code])
    page = confirm_first(
        request,
        title=_("Ta bort besöksmålet?"),
        question=_("Besöksmålet ”%(target)s” för %(year)s tas bort för alla i arbetsytan.")
        % {"target": target.get_kind_display(), "year": target.year},
        confirm_label=_("Ja, ta bort"),
        cancel_url=f"{targets}?ar={target.year}",
    )
    if page is not None:
        return page
    delete_target(target, request.user)
    messages.success(request, _("Målet togs bort."))
    return redirect("workspace:targets", membership.municipality.code)
