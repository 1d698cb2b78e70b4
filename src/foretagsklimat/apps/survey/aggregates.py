"""The survey's data as the rest of the product reads it: frames and aggregates, never
one respondent's answer.

Three rules of the survey's data live here and nowhere else:

* **Answers win over imported aggregates.** Where answers are held for a municipality and
  question, they give the factor value; an imported factor value (a survey provider's
  aggregate, or a past year's published mean) only fills the cells without answers.
* **Small cells are not published.** An aggregate from fewer than
  ``settings.MIN_ANSWERS`` answers is suppressed (:func:`publishable`).
* **The methodology of a year** is its survey round's own, else the one in force by the
  methodology files (:func:`year_methodology`).

The ranking (``apps.ranking``) computes from :func:`factor_values` and suppresses its
published survey values with :func:`publishable`; the public comparison of council members
and companies reads :func:`published_means`.
"""

from __future__ import annotations

import json
from typing import Any

import pandas as pd
from django.conf import settings
from django.db.models import Avg, Count, FloatField, TextField
from django.db.models.fields.json import KT
from django.db.models.functions import Cast

from foretagsklimat.engine.factors import factor_values as factors_from_answers
from foretagsklimat.engine.methodology import Methodology, get_methodology, methodology_for_year

from .models import FactorValue, RespondentType, RoundStatus, SurveyResponse, SurveyRound

__all__ = [
    "MEAN_COLUMNS",
    "answers_frame",
    "factor_values",
    "politician_years",
    "publishable",
    "published_means",
    "round_methodology",
    "survey_is_synthetic",
    "year_methodology",
]

#: Columns of :func:`published_means`.
MEAN_COLUMNS = ["kommunkod", "question", "mean", "n", "suppressed"]
_CELL = ["kommunkod", "question"]


# --- the methodology of a year -----------------------------------------------------------


def round_methodology(survey_round: SurveyRound) -> Methodology:
    """The methodology whose questionnaire and ranking a round uses."""
    if survey_round.methodology:
        return get_methodology(survey_round.methodology)
    return methodology_for_year(survey_round.year)


def year_methodology(year: int) -> Methodology:
    """The methodology a year is measured and ranked with: its round's own, else the one
    in force that year. Raises ``LookupError`` when no methodology covers the year."""
    survey_round = SurveyRound.objects.filter(year=year).first()
    return round_methodology(survey_round) if survey_round else methodology_for_year(year)


# --- small cells --------------------------------------------------------------------------


def publishable(n: pd.Series) -> pd.Series:
    """Whether an aggregate of ``n`` answers may be published (a missing n may: it is
    not a survey aggregate)."""
    return ~(n < settings.MIN_ANSWERS).fillna(False).astype(bool)


# --- frames for computation ---------------------------------------------------------------


def answers_frame(
    year: int,
    respondent_type: str = RespondentType.COMPANY,
    *,
    closed_only: bool = False,
) -> pd.DataFrame:
    """The stored answers of a year as the engine's canonical wide frame.

    For computation only (the ranking, its bootstrap, the drivers): never shown. With
    ``closed_only``, answers of a round still in the field are left out.
    """
    responses = SurveyResponse.objects.filter(round__year=year, respondent_type=respondent_type)
    if closed_only:
        responses = responses.filter(round__status=RoundStatus.CLOSED)
    # In the order they were stored: the bootstrap resamples rows by position, so an
    # unordered query gave PostgreSQL other intervals than SQLite from the same answers.
    # The grades as the JSON text the database holds, parsed in one call: the JSON
    # field's converter, once per answer, took most of the time for a national year.
    rows = (
        responses.order_by("pk")
        .annotate(grades_text=Cast("grades", TextField()))
        .values_list("respondent_id", "municipality_id", "grades_text")
    )
    respondent_ids, codes, texts = zip(*rows, strict=True) if rows else ((), (), ())
    grades = json.loads(f"[{','.join(texts)}]")
    frame = pd.DataFrame.from_records(grades).astype("float64")
    frame.insert(0, "respondent_id", list(respondent_ids))
    frame.insert(1, "kommunkod", list(codes))
    frame.insert(2, "year", year)
    frame.insert(3, "respondent_type", str(respondent_type))
    return frame


def _imported(year: int, respondent_type: str, fields: list[str]) -> pd.DataFrame:
    columns = ["municipality_id", *fields]
    return pd.DataFrame.from_records(
        FactorValue.objects.filter(year=year, respondent_type=respondent_type).values(*columns),
        columns=columns,
    ).rename(columns={"municipality_id": "kommunkod"})


def _answers_win(answered: pd.DataFrame, imported: pd.DataFrame) -> pd.DataFrame:
    """Imported cells only where no answers give the same municipality and question."""
    held = answered.set_index(_CELL).index
    return pd.concat(
        [answered, imported[~imported.set_index(_CELL).index.isin(held)]], ignore_index=True
    )


def factor_values(year: int) -> pd.DataFrame:
    """The companies' factor values of a year (mean, n, sd per municipality and question):
    computed from the answers where held, else as imported. The engine's canonical
    factor-values frame, for the ranking."""
    imported = _imported(year, RespondentType.COMPANY, ["year", "question", "mean", "n", "sd"])
    imported["respondent_type"] = str(RespondentType.COMPANY)
    answers = answers_frame(year)
    if not len(answers):
        return imported
    return _answers_win(factors_from_answers(answers), imported)


def published_means(year: int, respondent_type: str, questions: list[str]) -> pd.DataFrame:
    """Mean grade and number of grades per municipality and question, as published.

    From the answers of closed rounds, aggregated by the database ("vet ej" is never
    stored, so it never counts), with imported factor values in the cells without
    answers. Where a cell rests on fewer than the minimum answers, ``suppressed`` is True
    and ``mean`` (float) and ``n`` (nullable integer) are missing. Columns
    :data:`MEAN_COLUMNS`.
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
        columns=["kommunkod", "question", "mean", "n"],
    )
    imported = _imported(year, respondent_type, ["question", "mean", "n"])
    imported = imported[imported["question"].isin(questions)]
    means = _answers_win(answered, imported).astype({"mean": "float64", "n": "Int64"})
    means["suppressed"] = ~publishable(means["n"])
    means["mean"] = means["mean"].mask(means["suppressed"])
    means["n"] = means["n"].mask(means["suppressed"])
    return means[MEAN_COLUMNS]


# --- about a year's survey ----------------------------------------------------------------


def survey_is_synthetic(year: int) -> bool:
    """Whether any answer or imported factor value of the year is demo data."""
    return (
        SurveyResponse.objects.filter(round__year=year, round__synthetic=True).exists()
        or FactorValue.objects.filter(year=year, synthetic=True).exists()
    )


def politician_years() -> list[int]:
    """Years whose closed round includes council members, or with their imported values."""
    rounds = SurveyRound.objects.filter(
        includes_politicians=True, status=RoundStatus.CLOSED
    ).values_list("year", flat=True)
    imported = (
        FactorValue.objects.filter(respondent_type=RespondentType.POLITICIAN)
        .values_list("year", flat=True)
        .distinct()
    )
    return sorted({*rounds, *imported})
