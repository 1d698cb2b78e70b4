"""The board's dashboard (Översikt) and its PDF report, for every member."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext

from foretagsklimat.apps.public.presentation import factor_table, rank_chart, records
from foretagsklimat.apps.ranking.queries import year_results
from foretagsklimat.importers.errors import N_, ImportValidationError, Issue
from foretagsklimat.importers.published_results import read_published_results
from foretagsklimat.web.issues import ShownIssue, shown_issues

from ..access import Need, workspace_view
from ..forms.goals import PublishedResultsForm
from ..models import Evaluation, Goal, Membership
from ..services.dashboard import dashboard as board_of
from ..services.published import published_factors, published_years, store_published_results
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
        count = context["ranking_rows"][0]["count"]
        context["chart"] = rank_chart(board.ranking, count, municipality.name)
        context["published_source"] = context["ranking_rows"][0]["source"]
        if context["published_source"]:
            context["factors"] = published_factors(municipality, board.ranking_year)
        else:
            results = year_results(board.ranking_year)
            assert results is not None
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


@workspace_view("GET", "POST", need=Need.EDIT)
def published_import(request: HttpRequest, membership: Membership) -> HttpResponse:
    """Load published results (rank and means per year and factor) for the dashboard."""
    municipality = membership.municipality
    form = PublishedResultsForm(request.POST or None, request.FILES or None)
    issues: list[ShownIssue] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            frame = read_published_results(upload, upload.name, kommunkod=municipality.code)
            if frame.empty:
                raise ImportValidationError(
                    [
                        Issue.of(
                            upload.name,
                            None,
                            None,
                            N_("väntade rader för %(name)s, fanns inga bland filens rader"),
                            name=municipality.name,
                        )
                    ]
                )
        except ImportValidationError as error:
            issues = shown_issues(error.issues)
        else:
            stored = store_published_results(municipality, frame, upload.name, request.user)
            messages.success(
                request,
                ngettext(
                    "%(count)d publicerat resultat inläst för %(years)s.",
                    "%(count)d publicerade resultat inlästa för %(years)s.",
                    stored.count,
                )
                % {"count": stored.count, "years": ", ".join(map(str, stored.years))},
            )
            if stored.elsewhere:
                messages.info(
                    request,
                    ngettext(
                        "%(count)d rad för andra kommuner lämnades utanför.",
                        "%(count)d rader för andra kommuner lämnades utanför.",
                        stored.elsewhere,
                    )
                    % {"count": stored.elsewhere},
                )
            return redirect("workspace:dashboard", municipality.code)
    return render_page(
        request,
        membership,
        "workspace/goals/published_import.html",
        {"form": form, "issues": issues, "loaded": published_years(municipality)},
    )
