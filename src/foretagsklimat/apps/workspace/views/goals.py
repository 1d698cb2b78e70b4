"""The board's dashboard (Översikt) and its PDF report, and the goals (Mål): list with
Excel export, create, change, remove."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from foretagsklimat.apps.public.presentation import factor_table, rank_chart, records
from foretagsklimat.apps.ranking.queries import year_results
from foretagsklimat.web.downloads import download_response

from .. import dashboard as boards
from .. import goals
from ..access import Need, get_goal_for_user, membership_for
from ..forms_goals import GoalForm
from ..goals_display import format_value
from ..models import Evaluation, Goal
from ..report_pdf import dashboard_pdf as render_pdf


def _year(request: HttpRequest) -> int:
    """``?ar=`` when it is a plausible year, else the current year."""
    text = request.GET.get("ar", "")
    if text.isdigit() and 2000 <= int(text) <= 2100:
        return int(text)
    return timezone.localdate().year


@login_required
@require_GET
def dashboard(request: HttpRequest, kommunkod: str) -> HttpResponse:
    membership = membership_for(request, kommunkod)
    municipality = membership.municipality
    year = _year(request)
    board = boards.dashboard(municipality, year, timezone.localdate())
    context: dict[str, Any] = {
        "membership": membership,
        "municipality": municipality,
        "year": year,
        "board": board,
        "ranking_rows": board.ranking_rows(),
        "questions": Evaluation.QUESTIONS,
        "goal_years": sorted(
            {
                year,
                timezone.localdate().year,
                *Goal.objects.for_municipality(municipality).values_list("year", flat=True),
            }
        ),
        "public_url": reverse("public:municipality", args=[kommunkod]),
    }
    if board.ranking_year is not None:
        results = year_results(board.ranking_year)
        assert results is not None
        count = context["ranking_rows"][0]["count"]
        context["chart"] = rank_chart(board.ranking, count, municipality.name)
        context["factors"] = records(factor_table(results, kommunkod))
    return render(request, "workspace/goals/dashboard.html", context)


@login_required
@require_GET
def dashboard_pdf(request: HttpRequest, kommunkod: str) -> HttpResponse:
    membership = membership_for(request, kommunkod)
    year = _year(request)
    board = boards.dashboard(membership.municipality, year, timezone.localdate())
    response = HttpResponse(render_pdf(board), content_type="application/pdf")
    suffix = "-syntetisk" if board.synthetic else ""
    response["Content-Disposition"] = (
        f'inline; filename="naringslivsklimat-{kommunkod}-{year}{suffix}.pdf"'
    )
    return response


@login_required
@require_GET
def goal_list(request: HttpRequest, kommunkod: str) -> HttpResponse:
    membership = membership_for(request, kommunkod)
    items = Goal.objects.for_municipality(membership.municipality).select_related("municipality")
    file = download_response(
        request,
        lambda: {"mal": boards.goals_frame(items, timezone.localdate())},
        f"mal-{kommunkod}",
        synthetic=items.filter(synthetic=True).exists,
    )
    if file is not None:
        return file
    return render(
        request,
        "workspace/goals/list.html",
        {
            "membership": membership,
            "municipality": membership.municipality,
            "rows": [
                (goal, format_value(goal.kind, goal.target), format_value(goal.kind, goal.baseline))
                for goal in items
            ],
            "synthetic": items.filter(synthetic=True).exists(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def goal_create(request: HttpRequest, kommunkod: str) -> HttpResponse:
    membership = membership_for(request, kommunkod, need=Need.EDIT)
    form = GoalForm(
        request.POST or None,
        initial={"year": timezone.localdate().year},
        instance=Goal(municipality=membership.municipality),
    )
    if request.method == "POST" and form.is_valid():
        goals.save_goal(form.instance, request.user)
        messages.success(request, _("Målet sparades."))
        return redirect("workspace:goals", kommunkod)
    return render(
        request,
        "workspace/goals/form.html",
        {
            "membership": membership,
            "municipality": membership.municipality,
            "form": form,
            "title": _("Nytt mål"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def goal_edit(request: HttpRequest, kommunkod: str, goal_id: int) -> HttpResponse:
    membership, goal = get_goal_for_user(request, kommunkod, goal_id)
    before = goals.snapshot_goal(goal)
    form = GoalForm(request.POST or None, instance=goal)
    if request.method == "POST" and form.is_valid():
        goals.save_goal(form.instance, request.user, before)
        messages.success(request, _("Ändringarna sparades."))
        return redirect("workspace:goals", kommunkod)
    return render(
        request,
        "workspace/goals/form.html",
        {
            "membership": membership,
            "municipality": membership.municipality,
            "form": form,
            "goal": goal,
            "title": _("Ändra målet"),
        },
    )


@login_required
@require_POST
def goal_delete(request: HttpRequest, kommunkod: str, goal_id: int) -> HttpResponse:
    _membership, goal = get_goal_for_user(request, kommunkod, goal_id)
    goals.delete_goal(goal, request.user)
    messages.success(request, _("Målet togs bort."))
    return redirect("workspace:goals", kommunkod)
