"""The access log, pseudonyms and the pseudonymised export."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import override_settings

from foretagsklimat.apps.survey.models import (
    AnswerAccess,
    Channel,
    SurveyResponse,
)
from foretagsklimat.apps.survey.privacy import log_access, pseudonym, pseudonymised_answers

from .conftest import ORGNRS, OpenRound

pytestmark = pytest.mark.django_db


def test_an_access_names_the_user_or_the_system(open_round: OpenRound, operator: User) -> None:
    by_user = log_access(AnswerAccess.Action.LIST, open_round.round, user=operator)
    by_command = log_access(AnswerAccess.Action.EXPORT, open_round.round)
    by_os_user = log_access(AnswerAccess.Action.EXPORT, open_round.round, actor="anna")
    assert (by_user.actor, by_user.user) == ("operator", operator)
    assert (by_command.actor, by_command.user) == ("system", None)
    assert by_os_user.actor == "anna"


def test_a_pseudonym_is_stable_short_and_keyed() -> None:
    first = pseudonym(2025, "inv-1")
    assert first == pseudonym(2025, "inv-1")
    assert len(first) == 16 and int(first, 16) >= 0
    assert first != pseudonym(2025, "inv-2")
    assert first != pseudonym(2024, "inv-1")
    with override_settings(PSEUDONYM_KEY="another key"):
        assert pseudonym(2025, "inv-1") != first


def _answers(open_round: OpenRound) -> list[SurveyResponse]:
    responses = []
    for number, invitation in enumerate(open_round.companies[:4]):
        response = SurveyResponse.objects.create(
            round=open_round.round,
            respondent_id=invitation.respondent_id,
            municipality_id=invitation.municipality_id,
            respondent_type="company",
            grades={"overall_grade": 2 + number, "service": 5},
            comments={"service": f"Kontakta mig på {invitation.email}"},
            channel=Channel.WEB,
        )
        invitation.response = response
        invitation.save()
        responses.append(response)
    return responses


def test_the_export_holds_grades_under_pseudonyms_and_nothing_identifying(
    open_round: OpenRound,
) -> None:
    responses = _answers(open_round)
    frame = pseudonymised_answers(open_round.round)
    assert frame.columns[:5].tolist() == [
        "pseudonym",
        "kommunkod",
        "year",
        "respondent_type",
        "channel",
    ]
    assert {"orgnr", "email", "name", "comments", "respondent_id"}.isdisjoint(frame.columns)
    text = frame.to_csv(index=False)
    for invitation in open_round.companies:
        assert invitation.email not in text
        assert invitation.respondent_id not in text
    assert not any(orgnr in text for orgnr in ORGNRS)
    assert "Testföretag" not in text and "Kontakta" not in text
    assert sorted(frame["overall_grade"].tolist()) == [2, 3, 4, 5]
    assert frame["pseudonym"].is_monotonic_increasing
    assert set(frame["pseudonym"]) == {pseudonym(2025, r.respondent_id) for r in responses}


def test_the_same_answers_export_under_the_same_pseudonyms(open_round: OpenRound) -> None:
    _answers(open_round)
    first = pseudonymised_answers(open_round.round)
    second = pseudonymised_answers(open_round.round)
    assert first.equals(second)
