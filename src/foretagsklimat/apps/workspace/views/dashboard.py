"""The board's dashboard (Översikt) and its PDF report, for every member."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone

from foretagsklimat.apps.public.presentation import factor_table, rank_chart, records
from foretagsklimat.apps.ranking.queries import year_results

from ..access import Need, workspace_view
from ..models import Evaluation, Goal, Membership
from ..services.dashboard import dashboard as board_of
from ..services.report_pdf import dashboard_pdf as render_pdf
from .pages import render_page


def requested_year(request: HttpRequest) -> int:
    """``?ar=`` when it is a plausible year, else the current year."""
    text = request.GET.get("ar", "")
    if text.isdigit() and 2000 <= int(text) <= 2100:
        return int(text)
    return timezone.localdate().year


@workspace_view("GET", need=Need.OVERVIEW)
def dashboard(request: HttpRequest, membership: Membership) -> HttpResponse:
    municipality = membership.municipality
    year = requested_year(request)
    board = board_of(municipality, year, timezone.localdate())
    context: dict[str, Any] = {
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
        "public_url": reverse("public:municipality", args=[municipality.code]),
    }
    if board.ranking_year is not None:
        results = year_results(board.ranking_year)
        assert results is not None
        count = context["ranking_rows"][0]["count"]
        context["chart"] = rank_chart(board.ranking, count, municipality.name)
        context["factors"] = records(factor_table(results, municipality.code))
    return render_page(request, membership, "workspace/goals/dashboard.html", context)


@workspace_view("GET", need=Need.OVERVIEW)
def dashboard_pdf(request: HttpRequest, membership: Membership) -> HttpResponse:
    code = membership.municipality.code
    year = requested_year(request)
    board = board_of(membership.municipality, year, timezone.localdate())
    response = HttpResponse(render_pdf(board), content_type="application/pdf")
    suffix = "-syntetisk" if board.synthetic else ""
    response["Content-Disposition"] = (
        f'inline; filename="naringslivsklimat-{code}-{year}{suffix}.pdf"'
    )
    return response
