"""The demo round in a browser: from /enkat/demo/ to a personal link's questionnaire."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import shot


@pytest.fixture
def demo_round(db: None) -> list[str]:
    """An open synthetic round with two unanswered links in Sandviken and one in Gävle."""
    from foretagsklimat.apps.reference.services import load_reference_data
    from foretagsklimat.apps.survey.fieldwork import new_token
    from foretagsklimat.apps.survey.models import (
        Invitation,
        RegisterSite,
        RoundStatus,
        SurveyRound,
    )

    load_reference_data()  # the live server's flushed database lost the migration's rows
    survey_round = SurveyRound.objects.create(
        year=2025, status=RoundStatus.OPEN, synthetic=True, seed=1
    )
    names = []
    for number, (orgnr, code) in enumerate(
        [("5590000005", "2181"), ("5590000013", "2181"), ("5590000021", "2180")]
    ):
        name = f"Demo Verkstad {number} AB"
        site = RegisterSite.objects.create(
            orgnr=orgnr,
            name=name,
            legal_form="AB",
            employees=5,
            turnover_sek=3_000_000,
            municipality_id=code,
            site_type="head_office",
            synthetic=True,
            email=f"kontakt{number}@demo.example.com",
        )
        Invitation.objects.create(
            round=survey_round,
            token=new_token(),
            municipality_id=code,
            site=site,
            name=name,
            email=site.email,
        )
        names.append(name)
    return names


def test_a_visitor_opens_a_demo_link_on_a_phone_and_reaches_the_questionnaire(
    browser: Any, live_server: Any, demo_round: list[str]
) -> None:
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(f"{live_server.url}/enkat/demo/")
    assert page.get_by_test_id("demo-round-note").is_visible()
    sandviken = page.get_by_test_id("demo-links-2181").get_by_test_id("demo-link")
    assert sandviken.all_inner_texts() == demo_round[:2]
    shot(page, "demo-round-phone", full_page=True)
    sandviken.first.click()
    page.wait_for_url("**/svara/*/")
    response = page.request.get(page.url)
    assert response.status == 200
    assert page.locator("form").count() >= 1
    assert page.get_by_text(demo_round[0]).first.is_visible()
    shot(page, "demo-round-questionnaire-phone", full_page=True)
    page.close()
