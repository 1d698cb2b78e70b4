"""Politicians and companies: one municipality's mean grades factor by factor, one year.

In the years when council members (kommunfullmäktige) answer the survey, their mean
grade of each survey factor is set beside the companies'. Means come from the stored
answers (aggregated in the database, one query per respondent type) or, where answers
are not held, from imported factor values. A cell resting on fewer than
``settings.MIN_ANSWERS`` answers is not shown, and neither is a difference built on it.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
from django.conf import settings
from django.db.models import Avg, Count, FloatField
from django.db.models.fields.json import KT
from django.db.models.functions import Cast
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from foretagsklimat import reference
from foretagsklimat.apps.survey.models import (
    FactorValue,
    RespondentType,
    RoundStatus,
    SurveyResponse,
    SurveyRound,
)
from foretagsklimat.engine.methodology import (
    Indicator,
    Methodology,
    get_methodology,
    methodology_for_year,
)
from foretagsklimat.web.downloads import download_response

from ..presentation import indicator_label

KINDS = (RespondentType.COMPANY, RespondentType.POLITICIAN)
MEAN_COLUMNS = ["kommunkod", "question", "mean", "n"]


def politician_years() -> list[int]:
    """Years whose finished round includes council members, or with their imported values."""
    rounds = SurveyRound.objects.filter(
        includes_politicians=True, status=RoundStatus.CLOSED
    ).values_list("year", flat=True)
    imported = (
        FactorValue.objects.filter(respondent_type=RespondentType.POLITICIAN)
        .values_list("year", flat=True)
        .distinct()
    )
    return sorted({*rounds, *imported})


def year_methodology(year: int) -> Methodology | None:
    """The methodology of the year's round (its own, else the one in force), if any."""
    name = SurveyRound.objects.filter(year=year).values_list("methodology", flat=True).first()
    try:
        return get_methodology(name) if name else methodology_for_year(year)
    except LookupError:
        return None


def municipality_means(year: int, respondent_type: str, questions: list[str]) -> pd.DataFrame:
    """Mean grade and number of grades per municipality and question.

    From the stored answers, aggregated by the database ("vet ej" is never stored, so it
    never counts); imported factor values fill municipality-question cells without answers.
    Columns :data:`MEAN_COLUMNS`.
    """
    aggregates: dict[str, Any] = {}
    for i, question in enumerate(questions):
        grade = Cast(KT(f"grades__{question}"), FloatField())
        aggregates[f"mean_{i}"] = Avg(grade)
        aggregates[f"n_{i}"] = Count(grade)
    rows = list(
        SurveyResponse.objects.filter(
            round__year=year, round__status=RoundStatus.CLOSED, respondent_type=respondent_type
        )
        .values("municipality_id")
        .annotate(**aggregates)
        .order_by()
    )
    answered = pd.DataFrame.from_records(
        [
            (row["municipality_id"], question, row[f"mean_{i}"], row[f"n_{i}"])
            for row in rows
            for i, question in enumerate(questions)
            if row[f"n_{i}"]
        ],
        columns=MEAN_COLUMNS,
    )
    imported = pd.DataFrame.from_records(
        FactorValue.objects.filter(
            year=year, respondent_type=respondent_type, question__in=questions
        ).values_list("municipality_id", "question", "mean", "n"),
        columns=MEAN_COLUMNS,
    )
    key = ["kommunkod", "question"]
    imported = imported[~imported.set_index(key).index.isin(answered.set_index(key).index)]
    means = pd.concat([answered, imported], ignore_index=True)
    return means.astype({"mean": "float64", "n": "int64"})


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
        means = municipality_means(year, kind, questions)
        shown = means[means["n"] >= settings.MIN_ANSWERS]
        national = shown.groupby("question")["mean"].mean()
        in_county = shown["kommunkod"].map(codes) == codes.get(kommunkod)
        county = shown[in_county].groupby("question")["mean"].mean()
        own = means[means["kommunkod"] == kommunkod].set_index("question")
        n = frame["question"].map(own["n"])
        suppressed = n.notna() & (n < settings.MIN_ANSWERS)
        frame[column] = frame["question"].map(own["mean"]).where(~suppressed)
        frame[f"{column}_n"] = n.where(~suppressed)
        frame[f"{column}_suppressed"] = suppressed
        frame[f"county_{column}"] = frame["question"].map(county)
        frame[f"national_{column}"] = frame["question"].map(national)
    frame["difference"] = frame["politicians"] - frame["companies"]
    return frame


def _value(value: object) -> float | None:
    return None if value is None or pd.isna(value) else float(value)  # type: ignore[arg-type]


def _page_context(kommunkod: str, year: int | None) -> dict[str, Any]:
    """What the page shows around the table: the municipality and the years to choose."""
    municipalities = reference.municipalities().set_index("kommunkod")
    if kommunkod not in municipalities.index:
        raise Http404(_("Okänd kommunkod."))
    years = politician_years()
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
    methodology = year_methodology(year)
    if year not in context["years"] or methodology is None:
        # The page says which years exist instead of a bare "not found".
        return render(request, "public/comparison.html", context, status=404)

    indicators = [i for i in methodology.indicators if i.kind == "survey"]
    frame = comparison_frame(year, kommunkod, indicators)
    labels = {i.code: indicator_label(i) for i in indicators}
    synthetic = (
        SurveyRound.objects.filter(year=year, synthetic=True).exists()
        or FactorValue.objects.filter(year=year, synthetic=True).exists()
    )
    download = download_response(
        request,
        {"jamforelse": frame.drop(columns=["question"]).rename(columns={"indicator": "faktor"})},
        f"politiker-och-foretag-{kommunkod}-{year}",
        synthetic=synthetic,
    )
    if download:
        return download
    rows = [
        {
            "label": labels[str(row["indicator"])],
            **{k: _value(v) if isinstance(v, float) else v for k, v in row.items()},
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
