"""A respondent answers the questionnaire on a phone: draft, reload, submit, thanks.

Screenshots go to test-artifacts/ (TEST_ARTIFACTS overrides).
"""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import shot

PHONE = {
    "viewport": {"width": 375, "height": 740},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
    "locale": "sv-SE",
}


@pytest.fixture
def personal_link(db: None) -> Any:
    """An open round with one company's personal link (the live server's database is flushed)."""
    from foretagsklimat.apps.reference.services import load_reference_data
    from foretagsklimat.apps.survey.fieldwork import new_token
    from foretagsklimat.apps.survey.models import (
        Invitation,
        RegisterSite,
        RoundStatus,
        SurveyRound,
    )

    load_reference_data()
    survey_round = SurveyRound.objects.create(year=2025, status=RoundStatus.OPEN, seed=1)
    site = RegisterSite.objects.create(
        orgnr="5560360793",
        name="Sandvikens Svets AB",
        legal_form="AB",
        employees=12,
        turnover_sek=9_000_000,
        municipality_id="2181",
        site_type="head_office",
        email="info@svets.example.se",
    )
    return Invitation.objects.create(
        round=survey_round,
        token=new_token(),
        municipality_id="2181",
        site=site,
        name=site.name,
        email=site.email,
    )


def grade_for(number: int) -> str:
    """A different answer per question, with one "vet ej" ("0")."""
    return "0" if number == 3 else str(number % 6 + 1)


def test_a_respondent_answers_on_a_phone_saves_reloads_and_submits(
    browser: Any, live_server: Any, personal_link: Any
) -> None:
    from foretagsklimat.apps.survey.answering import questionnaire_for
    from foretagsklimat.apps.survey.models import SurveyResponse

    questionnaire = questionnaire_for(personal_link.round)
    codes = questionnaire.codes
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(f"{live_server.url}/svara/{personal_link.token}/")
    assert page.locator("html").get_attribute("lang") == "sv"
    assert "Sandvikens Svets AB" in page.get_by_test_id("respondent").inner_text()
    # Nothing is wider than the phone: no sideways scrolling.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    shot(page, "questionnaire-phone-start")

    questions = page.locator("fieldset.q")
    assert questions.count() == len(codes)
    for number, code in enumerate(codes):
        group = page.locator(f'fieldset[data-question="{code}"]')
        value = grade_for(number)
        choice = group.locator(f'label[for="q_{code}-{value}"]')
        box = choice.bounding_box()
        assert box is not None and box["height"] >= 44 and box["width"] >= 44  # tap target
        choice.tap()
        assert group.locator(f"#q_{code}-{value}").is_checked()
    page.locator(f'fieldset[data-question="{codes[0]}"] summary').tap()
    first_question = questionnaire.questions[0].label_sv
    page.get_by_label(f"Kommentar till frågan: {first_question}").fill("Snabba besked.")
    page.get_by_label("Övriga synpunkter", exact=False).fill("Bra dialog med kommunen.")
    shot(page, "questionnaire-phone-answered", full_page=True)

    with page.expect_navigation():
        page.get_by_role("button", name="Spara och fortsätt senare").tap()
    assert page.get_by_text("Dina svar är sparade").is_visible()
    shot(page, "questionnaire-phone-draft-saved")

    page.reload()
    for number, code in enumerate(codes):
        assert page.locator(f"#q_{code}-{grade_for(number)}").is_checked()
    assert page.get_by_label("Övriga synpunkter", exact=False).input_value() == (
        "Bra dialog med kommunen."
    )
    assert SurveyResponse.objects.count() == 0

    with page.expect_navigation():
        page.get_by_role("button", name="Skicka svar").tap()
    assert page.get_by_test_id("thanks").inner_text() == "Tack för ditt svar!"
    answers = page.get_by_test_id("answers").inner_text()
    assert "Vet ej" in answers and "Snabba besked." in answers
    shot(page, "questionnaire-phone-thanks", full_page=True)
    context.close()

    response = SurveyResponse.objects.get()
    expected = {code: int(grade_for(n)) for n, code in enumerate(codes) if grade_for(n) != "0"}
    assert response.grades == expected
    assert response.respondent_id == personal_link.respondent_id
    assert response.comments == {codes[0]: "Snabba besked.", "general": "Bra dialog med kommunen."}


def test_a_respondent_sees_what_to_fix_when_a_question_is_unanswered(
    browser: Any, live_server: Any, personal_link: Any
) -> None:
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(f"{live_server.url}/svara/{personal_link.token}/")
    page.locator('label[for="q_service-4"]').tap()
    with page.expect_navigation():
        page.get_by_role("button", name="Skicka svar").tap()
    summary = page.get_by_test_id("error-summary")
    assert summary.is_visible()
    assert page.evaluate("document.activeElement.id") == "error-summary"
    assert page.locator("#q_service-4").is_checked()
    shot(page, "questionnaire-phone-errors")
    summary.get_by_role("link").first.tap()
    assert page.evaluate("document.activeElement.name").startswith("q_")
    context.close()
