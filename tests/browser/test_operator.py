"""The survey operator in a real browser: log in, follow the round live, send, see answers.

Screenshots go to test-artifacts/ (TEST_ARTIFACTS overrides).
"""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import shot

PASSWORD = "operatörens-lösenord-2026"


@pytest.fixture
def running_round(db: None) -> Any:
    """An open round: Sandviken 3 of 4 links answered, Gävle 1 of 4 (below 30 %)."""
    from django.contrib.auth.models import Group, User
    from django.utils import timezone

    from foretagsklimat.apps.accounts.roles import SURVEY_OPERATOR, ensure_role_groups
    from foretagsklimat.apps.reference.services import load_reference_data
    from foretagsklimat.apps.survey.fieldwork import new_token
    from foretagsklimat.apps.survey.models import Invitation, RoundStatus, SurveyRound

    load_reference_data()
    ensure_role_groups()
    operator = User.objects.create_user("karin", password=PASSWORD)
    operator.groups.add(Group.objects.get(name=SURVEY_OPERATOR))
    survey_round = SurveyRound.objects.create(year=2025, status=RoundStatus.OPEN, seed=1)
    for code, answered in (("2181", 3), ("2180", 1)):
        for number in range(4):
            Invitation.objects.create(
                round=survey_round,
                token=new_token(),
                municipality_id=code,
                email=f"f{number}@{code}.example.com",
                submitted_at=timezone.now() if number < answered else None,
            )
    return survey_round


def test_the_operator_logs_in_follows_response_rates_and_sends_invitations(
    browser: Any, live_server: Any, running_round: Any
) -> None:
    from django.core import mail

    page = browser.new_page(viewport={"width": 1200, "height": 900})
    page.goto(f"{live_server.url}/enkat/2025/")
    page.wait_for_url("**/konto/logga-in/**")
    page.get_by_label("Användarnamn").fill("karin")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url("**/enkat/2025/")

    rows = page.get_by_test_id("rates-table").locator("tbody tr")
    assert rows.count() == 2
    # The municipality below the threshold comes first and is marked.
    assert "Gävle" in rows.nth(0).inner_text() and "under gränsen" in rows.nth(0).inner_text()
    assert "75" in rows.nth(1).inner_text()
    shot(page, "operator-round", full_page=True)

    page.get_by_test_id("send-invitations").click()
    page.wait_for_load_state()
    # Nothing is sent before the operator confirms on the page that says how many.
    assert page.get_by_test_id("confirmation").is_visible()
    assert "8 e-postmeddelanden" in page.get_by_test_id("confirmation").inner_text()
    assert len(mail.outbox) == 0
    page.get_by_test_id("confirm").click()
    page.wait_for_url("**/enkat/2025/")
    assert page.locator(".messages").is_visible()
    assert len(mail.outbox) == 8
    assert "/svara/" in mail.outbox[0].body
    page.close()


def test_a_logged_in_user_without_the_role_is_refused(
    browser: Any, live_server: Any, running_round: Any
) -> None:
    from django.contrib.auth.models import User

    User.objects.create_user("nils", password=PASSWORD)
    page = browser.new_page()
    page.goto(f"{live_server.url}/konto/logga-in/?next=/enkat/2025/")
    page.get_by_label("Användarnamn").fill("nils")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_load_state()
    response = page.goto(f"{live_server.url}/enkat/2025/")
    assert response is not None and response.status == 403
    page.close()


def _log_in(page: Any, live_server: Any, path: str) -> None:
    page.goto(f"{live_server.url}/konto/logga-in/?next={path}")
    page.get_by_label("Användarnamn").fill("karin")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(f"**{path}")


def test_reminders_are_confirmed_first_and_then_wait_the_interval(
    browser: Any, live_server: Any, running_round: Any
) -> None:
    from django.core import mail
    from django.utils import timezone

    from foretagsklimat.apps.survey.models import Invitation, ReminderBatch

    Invitation.objects.filter(round=running_round).update(invited_at=timezone.now())
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    _log_in(page, live_server, "/enkat/2025/")

    page.get_by_test_id("send-reminders").click()
    page.wait_for_load_state()
    confirmation = page.get_by_test_id("confirmation")
    assert confirmation.is_visible()
    text = confirmation.inner_text()
    assert "4 påminnelser skickas nu" in text and "Gävle (2180), Sandviken (2181)" in text
    shot(page, "operator-confirm-reminders")
    assert mail.outbox == [] and not ReminderBatch.objects.exists()

    # Cancelling goes back to the round and sends nothing.
    page.get_by_test_id("cancel").click()
    page.wait_for_url("**/enkat/2025/")
    assert mail.outbox == [] and not ReminderBatch.objects.exists()

    page.get_by_test_id("send-reminders").click()
    page.get_by_test_id("confirm").click()
    page.wait_for_url("**/enkat/2025/")
    assert len(mail.outbox) == 4
    assert ReminderBatch.objects.get().sent == 4
    # The button now waits, and says since when and until when.
    assert page.get_by_test_id("send-reminders").is_disabled()
    timing = page.get_by_test_id("reminder-timing").inner_text()
    assert "Senaste påminnelsen skickades" in timing and "nästa kan skickas från" in timing
    page.close()
