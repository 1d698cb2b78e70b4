"""Deleting many answers at once stays within the database's parameter limits."""

from __future__ import annotations

import secrets

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from foretagsklimat.apps.survey.models import (
    AnswerAccess,
    Invitation,
    SurveyResponse,
    SurveyRound,
)
from foretagsklimat.apps.survey.services import delete_responses, delete_rounds

pytestmark = pytest.mark.django_db

COUNT = 1200


def _round_with_linked_answers(year: int) -> SurveyRound:
    survey_round = SurveyRound.objects.create(year=year)
    responses = SurveyResponse.objects.bulk_create(
        SurveyResponse(
            round=survey_round,
            respondent_id=f"r{i}",
            municipality_id="2181",
            respondent_type="company",
            grades={"overall_grade": 4},
        )
        for i in range(COUNT)
    )
    Invitation.objects.bulk_create(
        Invitation(
            round=survey_round,
            token=secrets.token_urlsafe(24),
            municipality_id="2181",
            response=response,
        )
        for response in responses
    )
    AnswerAccess.objects.create(action="view", round=survey_round, response=responses[0])
    return survey_round


def test_deleting_a_round_removes_answers_links_and_log_with_short_queries() -> None:
    survey_round = _round_with_linked_answers(2025)
    kept = _round_with_linked_answers(2024)
    with CaptureQueriesContext(connection) as queries:
        delete_rounds(SurveyRound.objects.filter(pk=survey_round.pk))
    # Django's own delete lists every answer's id in one statement; a national round
    # has more of them than SQLite accepts as parameters.
    assert max(len(q["sql"]) for q in queries.captured_queries) < 2000
    assert not SurveyResponse.objects.filter(round_id=survey_round.pk).exists()
    assert not Invitation.objects.filter(round_id=survey_round.pk).exists()
    assert SurveyResponse.objects.filter(round=kept).count() == COUNT
    assert Invitation.objects.filter(round=kept, response__isnull=False).count() == COUNT


def test_deleting_answers_keeps_their_links_without_an_answer() -> None:
    survey_round = _round_with_linked_answers(2025)
    deleted = delete_responses(SurveyResponse.objects.filter(round=survey_round))
    assert deleted == COUNT
    assert Invitation.objects.filter(round=survey_round, response__isnull=True).count() == COUNT
    assert AnswerAccess.objects.get(round=survey_round).response is None
