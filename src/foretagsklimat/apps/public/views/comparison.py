"""Politicians and companies: one municipality's mean grades factor by factor, one year.

In the years when council members (kommunfullmäktige) answer the survey, their mean
grade of each survey factor is set beside the companies'. The means, and which of them
rest on too few answers to be shown, come from
:func:`foretagsklimat.apps.survey.aggregates.published_means`, computed when the year's
ranking was published and stored with it
(:func:`foretagsklimat.apps.ranking.analysis.published_means_for`); a difference is only
built where both sides are shown.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from foretagsklimat import reference
from foretagsklimat.apps.ranking.analysis import published_means_for
from foretagsklimat.apps.survey import aggregates
from foretagsklimat.apps.survey.models import RespondentType
from foretagsklimat.engine.methodology import Indicator, Methodology
from foretagsklimat.web.downloads import PUBLISHED_SOURCE, download_response

from .. import downloads
from ..presentation import indicator_label

KINDS = (RespondentType.COMPANY, RespondentType.POLITICIAN)


def comparison_frame(year: int, kommunkod: str, indicators: list[Indicator]) -> pd.DataFrame:
    """One row per survey factor: each side's mean and n, the difference, the references.

    Columns: ``indicator``, ``question``, ``companies``, ``companies_n``,
    ``politicians``, ``politicians_n`` (NaN when suppressed or missing),
    ``companies_suppressed``, ``politicians_suppressed``, ``difference`` (politicians −
    companies, only where both are shown), and ``county_companies``,
    ``county_politicians``, ``national_companies``, ``national_politicians``: unweighted
    means of the municipalities' shown values.
    """
    questions = [i.source for i in indicators]
    codes = reference.municipalities().set_index("kommunkod")["lanskod"]
    frame = pd.DataFrame({"indicator": [i.code for i in indicators], "question": questions})
    for kind, column in zip(KINDS, ("companies", "politicians"), strict=True):
        means = published_means_for(year, kind, questions)
        shown = means[~means["suppressed"]]
        national = shown.groupby("question")["mean"].mean()
        in_county = shown["kommunkod"].map(codes) == codes.get(kommunkod)
        county = shown[in_county].groupby("question")["mean"].mean()
        own = means[means["kommunkod"] == kommunkod].set_index("question")
        frame[column] = frame["question"].map(own["mean"])
        frame[f"{column}_n"] = frame["question"].map(own["n"])
        suppressed = frame["question"].map(own["suppressed"])
        frame[f"{column}_suppressed"] = suppressed.fillna(False).astype(bool)
        frame[f"county_{column}"] = frame["question"].map(county)
        frame[f"national_{column}"] = frame["question"].map(national)
    frame["difference"] = frame["politicians"] - frame["companies"]
    return frame


def _year_methodology(year: int) -> Methodology | None:
    try:
        return aggregates.year_methodology(year)
    except LookupError:
        return None


def _value(value: Any) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def _page_context(kommunkod: str, year: int | None) -> dict[str, Any]:
    """What the page shows around the table: the municipality and the years to choose."""
    municipalities = reference.municipalities().set_index("kommunkod")
    if kommunkod not in municipalities.index:
        raise Http404(_("Okänd kommunkod."))
    years = aggregates.politician_years()
    return {
        "kommunkod": kommunkod,
        "kommun": str(municipalities.loc[kommunkod, "kommunnamn"]),
        "lansnamn": municipalities.loc[kommunkod, "lansnamn"],
        "year": year,
        "years": years,
        "year_links": [
            {"year": y, "query": reverse("public:comparison", args=[kommunkod, y])} for y in years
        ],
        "min_answers": settings.MIN_ANSWERS,
    }


@require_GET
def comparison(request: HttpRequest, kommunkod: str, year: int) -> HttpResponse:
    """Politicians' and companies' mean grades side by side for one municipality and year."""
    context = _page_context(kommunkod, year)
    methodology = _year_methodology(year)
    if year not in context["years"] or methodology is None:
        # The page says which years exist instead of a bare "not found".
        return render(request, "public/comparison.html", context, status=404)

    indicators = [i for i in methodology.indicators if i.kind == "survey"]
    frame = comparison_frame(year, kommunkod, indicators)
    labels = {i.code: indicator_label(i) for i in indicators}
    synthetic = aggregates.survey_is_synthetic(year)
    download = download_response(
        request,
        {"jamforelse": frame.drop(columns=["question"]).rename(columns={"indicator": "faktor"})},
        f"politiker-och-foretag-{kommunkod}-{year}",
        synthetic=synthetic,
        labels=downloads.LABELS,
        formats=downloads.FORMATS,
        source=PUBLISHED_SOURCE,
        methodology=methodology.name,
    )
    if download:
        return download
    rows = [
        {
            "label": labels[str(row["indicator"])],
            **{k: _value(v) if isinstance(v, float) or v is pd.NA else v for k, v in row.items()},
        }
        for row in frame.to_dict("records")
    ]
    context.update(
        {
            "methodology": methodology,
            "rows": rows,
            "synthetic_round": synthetic,
            "any_suppressed": bool(
                frame["companies_suppressed"].any() or frame["politicians_suppressed"].any()
            ),
            "no_politicians": bool(frame["politicians_n"].isna().all()),
        }
    )
    return render(request, "public/comparison.html", context)


@require_GET
def latest_comparison(request: HttpRequest, kommunkod: str) -> HttpResponse:
    """The latest year with council members' answers (or why there is none)."""
    context = _page_context(kommunkod, None)
    if not context["years"]:
        return render(request, "public/comparison.html", context, status=404)
    return redirect("public:comparison", kommunkod=kommunkod, year=context["years"][-1])
