"""Confidentiality of individual answers: the access log and pseudonymised exports.

Only the survey operator sees individual answers, and every look at them (a list, one
answer, staff entry, an import, an export) is written to :class:`AnswerAccess`.
Researchers get answers under a pseudonym that is stable for a respondent and year but
cannot be reversed without ``settings.PSEUDONYM_KEY``.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

import pandas as pd
from django.conf import settings

from foretagsklimat.engine.methodology import load_catalogue

from .models import AnswerAccess, SurveyResponse, SurveyRound

PSEUDONYM_LENGTH = 16
EXPORT_KEY_COLUMNS = ["pseudonym", "kommunkod", "year", "respondent_type", "channel"]


def log_access(
    action: str,
    survey_round: SurveyRound,
    *,
    user: Any = None,
    actor: str = "",
    response: SurveyResponse | None = None,
    detail: str = "",
) -> AnswerAccess:
    """Record one access to individual answers.

    ``actor`` defaults to the user's username, or ``"system"`` when there is no user
    (a management command should pass the OS user).
    """
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    if not actor:
        actor = user.get_username() if user is not None else "system"
    return AnswerAccess.objects.create(
        action=action,
        round=survey_round,
        user=user,
        actor=actor[:150],
        response=response,
        detail=detail[:300],
    )


def pseudonym(year: int, respondent_id: str) -> str:
    """A respondent's stable pseudonym: HMAC-SHA256 of year and id, first 16 hex digits.

    The same respondent in the same year always gets the same pseudonym; without the
    key nobody can tell which respondent it is, nor link one year's pseudonym to another.
    """
    message = f"{int(year)}:{respondent_id}".encode()
    digest = hmac.new(str(settings.PSEUDONYM_KEY).encode(), message, hashlib.sha256)
    return digest.hexdigest()[:PSEUDONYM_LENGTH]


def pseudonymised_answers(survey_round: SurveyRound) -> pd.DataFrame:
    """The round's answers for researchers: grades under a pseudonym, nothing identifying.

    Returns
    -------
    pandas.DataFrame
        ``pseudonym``, ``kommunkod``, ``year``, ``respondent_type``, ``channel`` and one
        column per catalogue question (whole grades 1–6, blank for "vet ej", not asked or
        not answered). No organisation number, e-mail, name, comment or internal id.
        Sorted by pseudonym, so the order says nothing about who answered when.
    """
    rows = list(
        SurveyResponse.objects.filter(round=survey_round).values_list(
            "respondent_id", "municipality_id", "respondent_type", "channel", "grades"
        )
    )
    questions = list(load_catalogue()["questions"])
    ids, codes, kinds, channels, grades = zip(*rows, strict=True) if rows else ((),) * 5
    year = survey_round.year
    frame = pd.DataFrame(
        {
            "pseudonym": [pseudonym(year, rid) for rid in ids],
            "kommunkod": list(codes),
            "year": year,
            "respondent_type": list(kinds),
            "channel": list(channels),
        },
        columns=EXPORT_KEY_COLUMNS,
    )
    wide = pd.DataFrame.from_records(list(grades), columns=questions).astype("Int64")
    frame = pd.concat([frame, wide[questions]], axis=1)
    return frame.sort_values("pseudonym", ignore_index=True)
