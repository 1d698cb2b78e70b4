from __future__ import annotations

import pandas as pd
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from foretagsklimat import reference
from foretagsklimat.apps.public.maps import legend, sweden_map
from foretagsklimat.apps.ranking.queries import published_years
from foretagsklimat.apps.survey.models import QuestionnaireCount, RespondentType
from foretagsklimat.reference.search import municipality_name_keys, search_key
from foretagsklimat.web.downloads import PUBLISHED_SOURCE, download_response

from .. import downloads
from .common import results_or_404


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The latest year: headline figures, top ten, climbers, the map, a search box."""
    years = published_years()
    if not years:
        return render(request, "public/empty.html", {})
    results = results_or_404(years[-1])
    totals = results.totals
    top = totals.head(10)
    climbers = (
        totals.dropna(subset=["change"]).sort_values(["change", "rank"], ascending=[False, True])
    ).head(5)
    columns = ["rank", "kommunkod", "kommun", "lansnamn", "points", "change"]
    download = download_response(
        request,
        {"topp-tio": top[columns], "klattrare": climbers[columns]},
        f"foretagsklimat-{results.year}",
        synthetic=results.synthetic,
        labels=downloads.LABELS,
        formats=downloads.FORMATS,
        source=PUBLISHED_SOURCE,
        methodology=results.methodology.name,
    )
    if download:
        return download
    overall = results.indicators[results.indicators["indicator"] == "overall_grade"]
    counts = QuestionnaireCount.objects.filter(
        round__year=results.year, respondent_type=RespondentType.COMPANY
    ).aggregate(sent=Sum("sent"), answered=Sum("answered"))
    ranks = dict(zip(totals["kommunkod"], totals["rank"].astype(int), strict=True))
    context = {
        "year": results.year,
        "years": years,
        "methodology": results.methodology,
        "municipality_count": len(totals),
        "national_overall_grade": overall["value"].mean() if len(overall) else None,
        "sent": counts["sent"],
        "answered": counts["answered"],
        "response_rate": round(100 * counts["answered"] / counts["sent"])
        if counts["sent"]
        else None,
        "top": top.to_dict("records"),
        "climbers": climbers.to_dict("records"),
        "map": sweden_map(ranks, label=_("Karta över Sverige, kommunerna färgade efter placering")),
        "legend": legend(),
        "names": reference.municipalities()["kommunnamn"].tolist(),
    }
    return render(request, "public/home.html", context)


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    """Find a municipality by name or code; one match goes straight to its page."""
    query = request.GET.get("q", "").strip()
    frame = reference.municipalities()
    if query:
        # Case, å/ä/ö and accents ignored: "gavle" finds Gävle, "ÖREBRO" Örebro.
        folded = search_key(query)
        keys = pd.Series(municipality_name_keys(), index=frame.index)
        hits = frame[keys.str.contains(folded, regex=False) | frame["kommunkod"].eq(query)]
        exact = hits[keys[hits.index].eq(folded) | hits["kommunkod"].eq(query)]
        if len(exact) == 1:
            return redirect("public:municipality", kommunkod=exact.iloc[0]["kommunkod"])
        if len(hits) == 1:
            return redirect("public:municipality", kommunkod=hits.iloc[0]["kommunkod"])
    else:
        hits = frame.iloc[0:0]
    return render(
        request,
        "public/search.html",
        {"query": query, "hits": hits[["kommunkod", "kommunnamn", "lansnamn"]].to_dict("records")},
    )


@require_GET
def health(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok", "years": published_years()})
