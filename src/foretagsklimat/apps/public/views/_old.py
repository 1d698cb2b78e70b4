"""Public pages: the latest ranking, a year's full list, the methodologies.

Pages read stored runs only; nothing is ranked during a request.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from foretagsklimat.apps.ranking.exports import RankingTable
from foretagsklimat.apps.ranking.services import current_run, ranked_years
from foretagsklimat.engine.methodology import builtin_methodologies


def _table_or_404(year: int) -> RankingTable:
    run = current_run(year)
    if run is None:
        raise Http404(f"Ingen ranking för {year}.")
    return RankingTable.from_run(run)


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    years = ranked_years()
    if not years:
        return render(request, "public/empty.html", {})
    table = _table_or_404(years[-1])
    totals = table.totals.sort_values("rank")
    with_change = totals.dropna(subset=["previous_rank"]).assign(
        change=lambda f: f["previous_rank"] - f["rank"]
    )
    context = {
        "year": table.year,
        "years": years,
        "methodology": table.methodology,
        "top": totals.head(10).to_dict("records"),
        "climbers": with_change.sort_values("change", ascending=False).head(5).to_dict("records"),
        "synthetic_table": table.synthetic,
    }
    return render(request, "public/home.html", context)


@require_GET
def ranking(request: HttpRequest, year: int) -> HttpResponse:
    table = _table_or_404(year)
    rows = table.totals.sort_values("rank").assign(change=lambda f: f["previous_rank"] - f["rank"])
    context = {
        "year": year,
        "years": ranked_years(),
        "methodology": table.methodology,
        "rows": rows.to_dict("records"),
        "synthetic_table": table.synthetic,
        "english": get_language() == "en",
    }
    return render(request, "public/ranking.html", context)


@require_GET
def ranking_download(request: HttpRequest, year: int, same_year: int, fmt: str) -> HttpResponse:
    if same_year != year:
        return redirect("public:ranking_download", year=year, same_year=year, fmt=fmt)
    table = _table_or_404(year)
    suffix = "-syntetisk" if table.synthetic else ""
    if fmt == "csv":
        response = HttpResponse(table.to_csv(), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        response = HttpResponse(
            table.to_xlsx(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        raise Http404("Okänt format.")
    response["Content-Disposition"] = f'attachment; filename="ranking-{year}{suffix}.{fmt}"'
    return response


@require_GET
def methodologies(request: HttpRequest) -> HttpResponse:
    context = {
        "methodologies": sorted(builtin_methodologies().values(), key=lambda m: m.first_year)
    }
    return render(request, "public/methodologies.html", context)


@require_GET
def health(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok", "years": ranked_years()})
