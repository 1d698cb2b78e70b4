"""Storing survey answers, questionnaire counts and imported factor values."""

from __future__ import annotations

import math
from collections.abc import Callable
from itertools import islice
from typing import Any, cast

import pandas as pd
from django.db import connection, transaction
from django.db.models import Field, QuerySet
from django.utils.translation import gettext as _

from .models import (
    AnswerAccess,
    Channel,
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
    for key, part in answers.groupby("year", sort=True):
        year = cast(int, key)  # the canonical frame's year column is int
        survey_round, _created = SurveyRound.objects.get_or_create(
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
                    _(
                        "%(year)s: svarande finns redan lagrade (%(respondents)s …); "
                        "använd --replace för att ersätta årets svar."
                    )
                    % {"year": year, "respondents": ", ".join(clash)}
                )
        records = part[questions].to_dict("records")
        rows = zip(
            part["respondent_id"].astype(str).tolist(),
            part["kommunkod"].astype(str).tolist(),
            part["respondent_type"].astype(str).tolist(),
            # "vet ej" and blanks are left out, so they can never enter a mean.
            (
                {str(q): int(g) for q, g in grades.items() if not math.isnan(g)}
                for grades in records
            ),
            strict=True,
        )
        while batch := list(islice(rows, BATCH)):
            _insert_responses(survey_round, batch)
            stored += len(batch)
            if progress:
                progress(len(batch))
    return stored


def _insert_responses(
    survey_round: SurveyRound, rows: list[tuple[str, str, str, dict[str, int]]]
) -> None:
    """Insert answers as ``bulk_create`` would, in one ``executemany``.

    ``bulk_create`` builds a model instance per answer and prepares each of its values
    through the query compiler, which took most of the time of storing a national round
    (or the demo's 414,000 answers); here each value is prepared once by its field, for
    the database in use, and the rows go in the same order, so the answers get the same
    primary keys and the same stored values (``comments`` empty, ``channel`` the
    default, ``updated_at`` null).
    """
    meta = SurveyResponse._meta
    fields = [
        cast("Field[Any, Any]", meta.get_field(name))
        for name in (
            "round",
            "respondent_id",
            "municipality",
            "respondent_type",
            "grades",
            "comments",
            "channel",
            "updated_at",
        )
    ]
    grades_field, comments_field = fields[4], fields[5]
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(meta.db_table),
        ", ".join(quote(f.column) for f in fields),
        ", ".join(["%s"] * len(fields)),
    )
    no_comments = comments_field.get_db_prep_save({}, connection)
    channel = str(Channel.PROVIDER)
    with connection.cursor() as cursor:
        cursor.executemany(
            sql,
            [
                (
                    survey_round.pk,
                    respondent_id,
                    kommunkod,
                    respondent_type,
                    grades_field.get_db_prep_save(grades, connection),
                    no_comments,
                    channel,
                    None,
                )
                for respondent_id, kommunkod, respondent_type, grades in rows
            ],
        )


@transaction.atomic
def store_questionnaire_counts(counts: pd.DataFrame) -> None:
    """Store how many questionnaires were sent and answered per municipality and year."""
    for key, part in counts.groupby("year"):
        year = cast(int, key)
        survey_round, _created = SurveyRound.objects.get_or_create(year=int(year))
        QuestionnaireCount.objects.filter(round=survey_round).delete()
        QuestionnaireCount.objects.bulk_create(
            QuestionnaireCount(
                round=survey_round, municipality_id=kommunkod, sent=sent, answered=answered
            )
            for kommunkod, sent, answered in zip(
                part["kommunkod"].astype(str).tolist(),
                part["sent"].astype(int).tolist(),
                part["answered"].astype(int).tolist(),
                strict=True,
            )
        )


@transaction.atomic
def store_factor_values(values: pd.DataFrame, *, synthetic: bool = False, source: str = "") -> int:
    """Store imported factor values, replacing earlier values for the same keys."""
    if "respondent_type" not in values:
        values = values.assign(respondent_type="company")
    for key, part in values.groupby(["year", "question", "respondent_type"]):
        year, question, respondent_type = cast(tuple[int, str, str], key)
        FactorValue.objects.filter(
            year=int(year),
            question=question,
            respondent_type=respondent_type,
            municipality_id__in=part["kommunkod"].tolist(),
        ).delete()
    objects = [
        FactorValue(
            year=year,
            municipality_id=kommunkod,
            question=question,
            respondent_type=respondent_type,
            mean=mean,
            n=n,
            sd=None if math.isnan(sd) else sd,
            synthetic=synthetic,
            source=source,
        )
        for year, kommunkod, question, respondent_type, mean, n, sd in zip(
            values["year"].astype(int).tolist(),
            values["kommunkod"].astype(str).tolist(),
            values["question"].astype(str).tolist(),
            values["respondent_type"].astype(str).tolist(),
            values["mean"].astype(float).tolist(),
            values["n"].astype(int).tolist(),
            values["sd"].astype(float).tolist(),
            strict=True,
        )
    ]
    FactorValue.objects.bulk_create(objects, batch_size=BATCH)
    return len(objects)
