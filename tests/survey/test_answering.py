"""Answering a round: the questionnaire, drafts, one submission per link, corrections."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from foretagsklimat.apps.survey.answering import (
    DONT_KNOW,
    RoundClosed,
    questionnaire_for,
    save_draft,
    submit,
)
from foretagsklimat.apps.survey.models import (
    AnswerAccess,
    Channel,
    Invitation,
    RoundStatus,
    SurveyResponse,
    SurveyRound,
)
from foretagsklimat.engine.methodology import get_methodology, methodology_for_year

from .conftest import OpenRound

pytestmark = pytest.mark.django_db


def all_grades(round_: SurveyRound, value: int = 4) -> dict[str, int]:
    return {code: value for code in questionnaire_for(round_).codes}


def test_the_questionnaire_asks_the_survey_questions_of_the_methodology_in_force() -> None:
    questionnaire = questionnaire_for(SurveyRound(year=2025))
    expected = {i.source for i in methodology_for_year(2025).indicators if i.kind == "survey"}
    assert questionnaire.methodology == "sn-2020"
    assert set(questionnaire.codes) == expected
    assert "municipal_tax" not in questionnaire.codes  # a statistic, not a question


def test_the_questionnaire_follows_the_rounds_own_methodology() -> None:
    questionnaire = questionnaire_for(SurveyRound(year=2025, methodology="sn-2014"))
    expected = {i.source for i in get_methodology("sn-2014").indicators if i.kind == "survey"}
    assert set(questionnaire.codes) == expected
    assert "attitude_media" in questionnaire.codes


def test_the_questionnaire_has_swedish_and_english_wording_and_the_summary_question_last() -> None:
    questionnaire = questionnaire_for(SurveyRound(year=2025))
    service = next(q for q in questionnaire.questions if q.code == "service")
    assert service.label_sv == "Kommunens service och bemötande till företagen"
    assert service.label_en == "The municipality's service to companies"
    assert questionnaire.codes[-1] == "overall_grade"


def test_shared_methodology_groups_become_sections() -> None:
    sections = questionnaire_for(SurveyRound(year=2017)).sections()
    attitudes = next(s for s in sections if s.group == "attitudes")
    assert attitudes.label == "Attityder till företagande"
    assert len(attitudes.questions) == 5


def test_the_scale_runs_from_daligt_to_utmarkt_with_vet_ej_apart() -> None:
    questionnaire = questionnaire_for(SurveyRound(year=2025))
    labels = [str(label) for _value, label in questionnaire.scale]
    assert labels == [
        "Dåligt",
        "Inte helt godtagbart",
        "Godtagbart",
        "Bra",
        "Mycket bra",
        "Utmärkt",
    ]
    assert questionnaire.grade_label(DONT_KNOW) == "Vet ej"
    assert questionnaire.grade_label(6) == "6 – Utmärkt"


def test_a_draft_keeps_grades_vet_ej_and_comments_without_creating_a_response(
    open_round: OpenRound,
) -> None:
    invitation = open_round.companies[0]
    save_draft(invitation, {"service": 5, "dialogue": DONT_KNOW}, {"service": " Snabbt svar "})
    invitation.refresh_from_db()
    assert invitation.draft == {
        "grades": {"service": 5, "dialogue": 0},
        "comments": {"service": "Snabbt svar"},
    }
    assert not invitation.has_answered
    assert not SurveyResponse.objects.exists()


def test_submitting_creates_one_response_without_the_vet_ej_answers(
    open_round: OpenRound,
) -> None:
    invitation = open_round.companies[0]
    grades = {**all_grades(open_round.round), "procurement": DONT_KNOW}
    response = submit(invitation, grades, {"general": "Bra kommun."})
    invitation.refresh_from_db()
    assert invitation.response == response
    assert invitation.submitted_at is not None
    assert response.respondent_id == invitation.respondent_id
    assert response.municipality_id == "2181"
    assert response.channel == Channel.WEB
    assert response.updated_at is not None
    assert "procurement" not in response.grades
    assert response.grades["service"] == 4
    assert response.comments == {"general": "Bra kommun."}
    assert invitation.draft["grades"]["procurement"] == DONT_KNOW  # kept for corrections


def test_a_correction_replaces_the_answer_and_never_adds_a_second(
    open_round: OpenRound,
) -> None:
    invitation = open_round.companies[1]
    first = submit(invitation, all_grades(open_round.round, 2), {"service": "Långsamt"})
    first_time = first.updated_at
    second = submit(
        Invitation.objects.get(pk=invitation.pk), {"service": 6, "overall_grade": 5}, {}
    )
    assert second.pk == first.pk
    assert SurveyResponse.objects.filter(round=open_round.round).count() == 1
    second.refresh_from_db()
    assert second.grades == {"service": 6, "overall_grade": 5}
    assert second.comments == {}
    assert second.updated_at is not None and first_time is not None
    assert second.updated_at >= first_time


@pytest.mark.parametrize(
    ("grades", "comments", "message"),
    [
        ({"shoe_size": 4}, {}, "Okänd fråga 'shoe_size'"),
        ({"municipal_tax": 4}, {}, "Okänd fråga 'municipal_tax'"),
        ({"service": 7}, {}, "betyget ska vara ett heltal 1–6"),
        ({"service": -1}, {}, "betyget ska vara ett heltal 1–6"),
        ({"service": "5"}, {}, "betyget ska vara ett heltal 1–6"),
        ({"service": True}, {}, "betyget ska vara ett heltal 1–6"),
        ({}, {"shoe_size": "hej"}, "Kommentar till okänd fråga"),
    ],
)
def test_a_forged_answer_is_rejected_and_nothing_is_stored(
    open_round: OpenRound, grades: dict, comments: dict, message: str
) -> None:
    invitation = open_round.companies[0]
    with pytest.raises(ValueError, match=message):
        submit(invitation, grades, comments)
    with pytest.raises(ValueError, match=message):
        save_draft(invitation, grades, comments)
    invitation.refresh_from_db()
    assert invitation.draft == {}
    assert not invitation.has_answered
    assert not SurveyResponse.objects.exists()


def test_an_unknown_channel_is_rejected(open_round: OpenRound) -> None:
    with pytest.raises(ValueError, match="Okänd kanal 'fax'"):
        submit(open_round.companies[0], {"service": 3}, {}, channel="fax")
    assert not SurveyResponse.objects.exists()


def test_nothing_can_be_saved_or_submitted_once_the_round_is_closed(
    open_round: OpenRound,
) -> None:
    invitation = open_round.companies[2]
    submit(invitation, {"service": 3}, {})
    SurveyRound.objects.filter(pk=open_round.round.pk).update(status=RoundStatus.CLOSED)
    with pytest.raises(RoundClosed):
        submit(invitation, {"service": 6}, {})
    with pytest.raises(RoundClosed):
        save_draft(invitation, {"service": 6}, {})
    response = SurveyResponse.objects.get()
    assert response.grades == {"service": 3}
    invitation.refresh_from_db()
    assert invitation.draft["grades"] == {"service": 3}


def test_staff_entry_records_the_channel_and_logs_the_access(
    open_round: OpenRound, operator: User
) -> None:
    invitation = open_round.politicians[0]
    response = submit(invitation, {"overall_grade": 2}, {}, channel=Channel.PHONE, user=operator)
    assert response.channel == Channel.PHONE
    assert response.respondent_type == "politician"
    entry = AnswerAccess.objects.get()
    assert entry.action == AnswerAccess.Action.ENTER
    assert entry.user == operator
    assert entry.response == response
    assert invitation.respondent_id in entry.detail


def test_a_respondents_own_submission_is_not_an_access_to_log(open_round: OpenRound) -> None:
    submit(open_round.companies[3], {"service": 4}, {})
    assert not AnswerAccess.objects.exists()
