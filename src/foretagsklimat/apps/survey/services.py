"""Storing survey answers, questionnaire counts and imported factor values."""

from __future__ import annotations

import math
from collections.abc import Callable

import pandas as pd
from django.db import transaction
from django.db.models import QuerySet

from .models import (
    AnswerAccess,
    FactorValue,
    Invitation,
    QuestionnaireCount,
    SurveyResponse,
    SurveyRound,
)

ANSWER_KEY_COLUMNS = ["respondent_id", "kommunkod", "year", "respondent_type"]
BATCH = 5000

Progress = Callable[[int], None]


class AlreadyStored(Exception):
    """Some respondents of the file are already stored; nothing was imported."""


def delete_responses(responses: QuerySet[SurveyResponse]) -> int:
    """Delete many answers at once.

    Django's ordinary delete would clear the two references to each answer (its personal
    link, access-log entries) with one parameter per answer, more than SQLite allows
    for a national round; two set-based updates and one raw delete do the same work.
    """
    Invitation.objects.filter(response__in=responses).update(response=None)
    AnswerAccess.objects.filter(response__in=responses).update(response=None)
    return int(responses._raw_delete(responses.db))


def delete_rounds(rounds: QuerySet[SurveyRound]) -> None:
    """Delete rounds with everything in them (answers, links, counts, access log)."""
    delete_responses(SurveyResponse.objects.filter(round__in=rounds))
    rounds.delete()


def _question_columns(answers: pd.DataFrame) -> list[str]:
    return [c for c in answers.columns if c not in ANSWER_KEY_COLUMNS]


@transaction.atomic
def store_answers(
    answers: pd.DataFrame,
    *,
    synthetic: bool = False,
    replace: bool = False,
    progress: Progress | None = None,
) -> int:
    """Store canonical answers, all or nothing. Returns the number of answers stored.

    Respondents already stored for the same year are an error unless ``replace`` is given,
    in which case the rounds' answers of the same respondent types are replaced.
    """
    questions = _question_columns(answers)
    stored = 0
    for year, part in answers.groupby("year", sort=True):
        survey_round, _ = SurveyRound.objects.get_or_create(
            year=int(year), defaults={"synthetic": synthetic}
        )
        if synthetic and not survey_round.synthetic:
            survey_round.synthetic = True
        if (part["respondent_type"] == "politician").any():
            survey_round.includes_politicians = True
        survey_round.save()
        if replace:
            delete_responses(
                SurveyResponse.objects.filter(
                    round=survey_round,
                    respondent_type__in=part["respondent_type"].unique().tolist(),
                )
            )
        else:
            clash = SurveyResponse.objects.filter(
                round=survey_round, respondent_id__in=part["respondent_id"].tolist()
            ).values_list("respondent_id", flat=True)[:10]
            if clash:
                raise AlreadyStored(
                    f"{year}: svarande finns redan lagrade ({', '.join(clash)} …); "
                    "använd --replace för att ersätta årets svar."
                )
        records = part[questions].to_dict("records")
        batch: list[SurveyResponse] = []
        for key, grades in zip(
            part[["respondent_id", "kommunkod", "respondent_type"]].itertuples(index=False),
            records,
            strict=True,
        ):
            batch.append(
                SurveyResponse(
                    round=survey_round,
                    respondent_id=key.respondent_id,
                    municipality_id=key.kommunkod,
                    respondent_type=key.respondent_type,
                    # "vet ej" and blanks are left out, so they can never enter a mean.
                    grades={q: int(g) for q, g in grades.items() if not math.isnan(g)},
                )
            )
            if len(batch) == BATCH:
                SurveyResponse.objects.bulk_create(batch)
                stored += len(batch)
                if progress:
                    progress(len(batch))
                batch = []
        SurveyResponse.objects.bulk_create(batch)
        stored += len(batch)
        if progress:
            progress(len(batch))
    return stored


@transaction.atomic
def store_questionnaire_counts(counts: pd.DataFrame) -> None:
    """Store how many questionnaires were sent and answered per municipality and year."""
    for year, part in counts.groupby("year"):
        survey_round, _ = SurveyRound.objects.get_or_create(year=int(year))
        QuestionnaireCount.objects.filter(round=survey_round).delete()
        QuestionnaireCount.objects.bulk_create(
            QuestionnaireCount(
                round=survey_round,
                municipality_id=row.kommunkod,
                sent=int(row.sent),
                answered=int(row.answered),
            )
            for row in part.itertuples(index=False)
        )


@transaction.atomic
def store_factor_values(values: pd.DataFrame, *, synthetic: bool = False, source: str = "") -> int:
    """Store imported factor values, replacing earlier values for the same keys."""
    if "respondent_type" not in values:
        values = values.assign(respondent_type="company")
    for (year, question, respondent_type), part in values.groupby(
        ["year", "question", "respondent_type"]
    ):
        FactorValue.objects.filter(
            year=int(year),
            question=question,
            respondent_type=respondent_type,
            municipality_id__in=part["kommunkod"].tolist(),
        ).delete()
    objects = [
        FactorValue(
            year=int(row.year),
            municipality_id=row.kommunkod,
            question=row.question,
            respondent_type=row.respondent_type,
            mean=float(row.mean),
            n=int(row.n),
            sd=None if pd.isna(row.sd) else float(row.sd),
            synthetic=synthetic,
            source=source,
        )
        for row in values.itertuples(index=False)
    ]
    FactorValue.objects.bulk_create(objects, batch_size=BATCH)
    return len(objects)
