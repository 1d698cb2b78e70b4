"""The personal link (/svara/<token>/) and staff entry of paper and telephone answers."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from foretagsklimat.apps.survey.answering import questionnaire_for, submit
from foretagsklimat.apps.survey.models import (
    AnswerAccess,
    Channel,
    Invitation,
    RoundStatus,
    SurveyResponse,
    SurveyRound,
)

from .conftest import OpenRound

pytestmark = pytest.mark.django_db


def link(invitation: Invitation) -> str:
    return reverse("survey:respond", args=[invitation.token])


def full_answer(survey_round: SurveyRound, grade: str = "4", **extra: str) -> dict[str, str]:
    data = {f"q_{code}": grade for code in questionnaire_for(survey_round).codes}
    data.update(extra)
    return data


def close(survey_round: SurveyRound) -> None:
    SurveyRound.objects.filter(pk=survey_round.pk).update(status=RoundStatus.CLOSED)


# --- the personal link -------------------------------------------------------------------


def test_a_forged_token_gets_a_plain_404_that_reveals_nothing(
    client: Client, open_round: OpenRound
) -> None:
    real = open_round.companies[0].token
    for forged in ("x" * 32, real[:-1] + ("A" if real[-1] != "A" else "B")):
        response = client.get(reverse("survey:respond", args=[forged]))
        assert response.status_code == 404
        page = response.content.decode()
        assert "Sidan finns inte" in page
        assert "Testföretag" not in page and '<form method="post"' not in page


def test_the_page_names_whose_link_it_is_and_nobody_else(
    client: Client, open_round: OpenRound
) -> None:
    response = client.get(link(open_round.companies[0]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Testföretag 0 AB" in page and "Sandvikens kommun" in page
    assert "Testföretag 1 AB" not in page
    assert 'lang="sv"' in page
    assert "csrfmiddlewaretoken" in page
    assert response["Cache-Control"].startswith("max-age=0")


def test_a_council_members_link_names_the_member_and_the_council(
    client: Client, open_round: OpenRound
) -> None:
    page = client.get(link(open_round.politicians[1])).content.decode()
    assert "Ledamot 1" in page and "ledamot i kommunfullmäktige" in page


def test_every_question_has_a_fieldset_with_the_six_grades_and_vet_ej(
    client: Client, open_round: OpenRound
) -> None:
    page = client.get(link(open_round.companies[0])).content.decode()
    codes = questionnaire_for(open_round.round).codes
    assert page.count("<fieldset") == len(codes)
    assert page.count("<legend>") == len(codes)
    for value in ("1", "6", "0"):
        assert f'id="q_service-{value}" value="{value}"' in page
    assert "Mycket bra" in page and "Vet ej" in page
    assert 'name="general"' in page and 'name="c_service"' in page


def test_a_synthetic_round_is_marked_as_a_demo(client: Client, open_round: OpenRound) -> None:
    assert "Syntetisk demoenkät" not in client.get(link(open_round.companies[0])).content.decode()
    SurveyRound.objects.filter(pk=open_round.round.pk).update(synthetic=True)
    assert "Syntetisk demoenkät" in client.get(link(open_round.companies[0])).content.decode()


def test_a_saved_draft_comes_back_on_the_next_visit(client: Client, open_round: OpenRound) -> None:
    invitation = open_round.companies[0]
    response = client.post(
        link(invitation),
        {
            "action": "draft",
            "q_service": "5",
            "q_dialogue": "0",
            "c_service": "Bra bemötande",
        },
        follow=True,
    )
    assert "Dina svar är sparade" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.draft["grades"] == {"service": 5, "dialogue": 0}
    assert not invitation.has_answered
    page = Client().get(link(invitation)).content.decode()
    assert 'id="q_service-5" value="5" checked' in page
    assert 'id="q_dialogue-0" value="0" checked' in page
    assert 'id="q_service-4" value="4" checked' not in page
    assert "Bra bemötande" in page


def test_submitting_with_unanswered_questions_shows_an_error_summary_and_stores_nothing(
    client: Client, open_round: OpenRound
) -> None:
    invitation = open_round.companies[0]
    data = full_answer(open_round.round)
    del data["q_dialogue"]
    response = client.post(link(invitation), {**data, "action": "submit"})
    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="error-summary"' in page
    assert 'href="#q_dialogue-1"' in page
    assert "<title>Fel:" in page
    assert 'id="q_service-4" value="4" checked' in page  # what was given is kept
    assert not SurveyResponse.objects.exists()


def test_a_forged_value_is_refused_even_for_a_draft(client: Client, open_round: OpenRound) -> None:
    invitation = open_round.companies[0]
    response = client.post(link(invitation), {"action": "draft", "q_service": "9"})
    assert response.status_code == 200
    assert 'data-testid="error-summary"' in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.draft == {}


def test_submitting_thanks_the_respondent_and_shows_the_answers(
    client: Client, open_round: OpenRound
) -> None:
    invitation = open_round.companies[0]
    data = full_answer(open_round.round, "5", q_procurement="0", general="Tack!")
    response = client.post(link(invitation), {**data, "action": "submit"}, follow=True)
    page = response.content.decode()
    assert "Tack för ditt svar!" in page
    assert "5 – Mycket bra" in page and "Vet ej" in page and "Tack!" in page
    stored = SurveyResponse.objects.get()
    assert stored.channel == Channel.WEB
    assert "procurement" not in stored.grades
    assert stored.grades["service"] == 5


def test_a_reused_link_shows_the_thanks_page_and_a_correction_keeps_one_response(
    client: Client, open_round: OpenRound
) -> None:
    invitation = open_round.companies[0]
    client.post(link(invitation), {**full_answer(open_round.round, "2"), "action": "submit"})
    later = Client()
    reused = later.get(link(invitation)).content.decode()
    assert 'data-testid="thanks"' in reused and '<form method="post"' not in reused
    form = later.get(link(invitation) + "?andra=1").content.decode()
    assert 'id="q_service-2" value="2" checked' in form
    assert "Skicka rättat svar" in form and 'value="draft"' not in form
    corrected = later.post(
        link(invitation), {**full_answer(open_round.round, "6"), "action": "submit"}, follow=True
    )
    assert "Ditt ändrade svar är skickat" in corrected.content.decode()
    assert SurveyResponse.objects.count() == 1
    assert SurveyResponse.objects.get().grades["service"] == 6


def test_a_correction_cannot_be_parked_as_a_draft(client: Client, open_round: OpenRound) -> None:
    invitation = open_round.companies[0]
    client.post(link(invitation), {**full_answer(open_round.round, "2"), "action": "submit"})
    client.post(link(invitation), {"action": "draft", "q_service": "6"})
    assert SurveyResponse.objects.get().grades["service"] == 2  # incomplete: refused


def test_a_closed_round_says_so_with_410_and_no_form(client: Client, open_round: OpenRound) -> None:
    invitation = open_round.companies[0]
    close(open_round.round)
    response = client.get(link(invitation))
    page = response.content.decode()
    assert response.status_code == 410
    assert "Enkäten är stängd" in page
    assert '<form method="post"' not in page and "?andra=1" not in page


def test_posting_to_a_closed_round_changes_nothing(client: Client, open_round: OpenRound) -> None:
    answered, untouched = open_round.companies[:2]
    submit(answered, {"service": 3}, {})
    close(open_round.round)
    for invitation, action in ((answered, "submit"), (untouched, "draft"), (untouched, "submit")):
        response = client.post(
            link(invitation), {**full_answer(open_round.round, "6"), "action": action}
        )
        assert response.status_code == 410
    assert SurveyResponse.objects.get().grades == {"service": 3}
    untouched.refresh_from_db()
    assert untouched.draft == {} and not untouched.has_answered


def test_the_personal_link_needs_csrf(open_round: OpenRound) -> None:
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(
        link(open_round.companies[0]), {**full_answer(open_round.round), "action": "submit"}
    )
    assert response.status_code == 403
    assert not SurveyResponse.objects.exists()


# --- staff entry -------------------------------------------------------------------------


def enter_url(fixture: OpenRound) -> str:
    return reverse("survey:enter", args=[fixture.round.year])


def enter_answer_url(fixture: OpenRound, invitation: Invitation) -> str:
    return reverse("survey:enter_answer", args=[fixture.round.year, invitation.pk])


@pytest.mark.parametrize("name", ["enter", "enter_answer"])
def test_staff_entry_is_for_the_survey_operator_only(
    client: Client, open_round: OpenRound, operator: User, outsider: User, name: str
) -> None:
    url = (
        enter_url(open_round)
        if name == "enter"
        else enter_answer_url(open_round, open_round.companies[0])
    )
    logged_out = client.get(url)
    assert logged_out.status_code == 302
    assert logged_out["Location"].startswith("/konto/logga-in/")
    client.force_login(outsider)
    assert client.get(url).status_code == 403
    client.force_login(operator)
    assert client.get(url).status_code == 200


def test_an_outsider_cannot_post_an_answer(
    client: Client, open_round: OpenRound, outsider: User
) -> None:
    client.force_login(outsider)
    response = client.post(
        enter_answer_url(open_round, open_round.companies[0]),
        {**full_answer(open_round.round), "channel": "paper"},
    )
    assert response.status_code == 403
    assert not SurveyResponse.objects.exists()


def test_the_entry_list_searches_by_orgnr_name_and_municipality_and_shows_who_answered(
    client: Client, open_round: OpenRound, operator: User
) -> None:
    client.force_login(operator)
    submit(open_round.companies[0], {"service": 4}, {})
    everyone = client.get(enter_url(open_round)).context["page"]
    assert everyone.paginator.count == 10
    by_orgnr = client.get(enter_url(open_round), {"q": "556036-0793"}).context["page"]
    assert [i.pk for i in by_orgnr] == [open_round.companies[0].pk]
    by_name = client.get(enter_url(open_round), {"q": "testföretag 5"}).context["page"]
    assert [i.pk for i in by_name] == [open_round.companies[5].pk]
    by_code = client.get(enter_url(open_round), {"q": "2180"}).context["page"]
    assert by_code.paginator.count == 4
    by_member = client.get(enter_url(open_round), {"q": "Ledamot"}).context["page"]
    assert by_member.paginator.count == 2
    page = client.get(enter_url(open_round), {"q": "Sandviken"}).content.decode()
    assert page.count("Rätta svar") == 1 and page.count("Registrera svar</a>") == 5


def test_staff_enter_a_paper_answer_which_is_logged(
    client: Client, open_round: OpenRound, operator: User
) -> None:
    client.force_login(operator)
    invitation = open_round.companies[4]
    response = client.post(
        enter_answer_url(open_round, invitation),
        {
            "channel": "paper",
            "q_service": "2",
            "q_overall_grade": "3",
            "q_dialogue": "0",
            "general": "Från pappersenkät",
        },
    )
    assert response.status_code == 302
    stored = SurveyResponse.objects.get()
    assert stored.channel == Channel.PAPER
    assert stored.grades == {"service": 2, "overall_grade": 3}
    assert stored.comments == {"general": "Från pappersenkät"}
    entry = AnswerAccess.objects.get(action=AnswerAccess.Action.ENTER)
    assert entry.user == operator and entry.response == stored


def test_staff_entry_needs_a_channel(client: Client, open_round: OpenRound, operator: User) -> None:
    client.force_login(operator)
    response = client.post(
        enter_answer_url(open_round, open_round.companies[4]), {"q_service": "2"}
    )
    assert response.status_code == 200
    assert 'href="#id_channel_0"' in response.content.decode()
    assert not SurveyResponse.objects.exists()


def test_staff_correcting_a_web_answer_replaces_it_and_showing_it_is_logged(
    client: Client, open_round: OpenRound, operator: User
) -> None:
    client.force_login(operator)
    invitation = open_round.companies[1]
    submit(invitation, {"service": 5, "dialogue": 0}, {})
    form = client.get(enter_answer_url(open_round, invitation)).content.decode()
    assert 'id="q_service-5" value="5" checked' in form
    assert AnswerAccess.objects.filter(action=AnswerAccess.Action.VIEW).count() == 1
    client.post(enter_answer_url(open_round, invitation), {"channel": "phone", "q_service": "1"})
    stored = SurveyResponse.objects.get()
    assert stored.grades == {"service": 1}
    assert stored.channel == Channel.PHONE


def test_no_staff_entry_in_a_closed_round(
    client: Client, open_round: OpenRound, operator: User
) -> None:
    client.force_login(operator)
    close(open_round.round)
    listing = client.get(enter_url(open_round))
    assert listing.status_code == 302
    assert listing["Location"] == reverse("survey:round", args=[open_round.round.year])
    posted = client.post(
        enter_answer_url(open_round, open_round.companies[0]),
        {**full_answer(open_round.round), "channel": "paper"},
        follow=True,
    )
    assert "Omgången 2025 är stängd" in posted.content.decode()
    assert not SurveyResponse.objects.exists()
    assert not AnswerAccess.objects.exists()


def test_an_invitation_of_another_round_is_not_found(
    client: Client, open_round: OpenRound, operator: User
) -> None:
    client.force_login(operator)
    other = SurveyRound.objects.create(year=2026, status=RoundStatus.OPEN)
    url = reverse("survey:enter_answer", args=[other.year, open_round.companies[0].pk])
    assert client.get(url).status_code == 404
