"""Deleting the board's goal asks first, on a confirmation page that works without
JavaScript; cancelling keeps the goal, confirming removes it."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from .conftest import shot

PASSWORD = "redigerarens-lösenord-2026"


@pytest.fixture
def goals(db: None) -> Any:
    from django.contrib.auth.models import User

    from foretagsklimat.apps.reference.services import load_reference_data
    from foretagsklimat.apps.workspace.models import Goal, GoalKind, Membership, Role

    load_reference_data()
    editor = User.objects.create_user("sv-editor", password=PASSWORD)
    Membership.objects.create(user=editor, municipality_id="2181", role=Role.EDITOR)
    year = date.today().year
    Goal.objects.create(
        municipality_id="2181",
        year=year,
        kind=GoalKind.VISITS,
        target=120,
        decided_by="Kommunstyrelsen 2026-02-10",
    )
    Goal.objects.create(municipality_id="2181", year=year, kind=GoalKind.EVALUATION, target=4.5)
    return Goal.objects


def test_deleting_a_goal_is_confirmed_first_without_javascript(
    browser: Any, live_server: Any, goals: Any
) -> None:
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1200, "height": 900}
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/konto/logga-in/?next=/arbetsyta/2181/mal/")
    page.get_by_label("Användarnamn").fill("sv-editor")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url("**/arbetsyta/2181/mal/")
    rows = page.get_by_test_id("goal-row")
    assert rows.count() == 2

    visits = rows.filter(has_text="Företagsbesök per år")
    visits.get_by_role("button", name="Ta bort").click()
    confirmation = page.get_by_test_id("confirmation")
    assert confirmation.get_by_role("heading", level=1).inner_text() == (
        "Ta bort kommunstyrelsens mål?"
    )
    assert "tas bort för alla i arbetsytan" in confirmation.inner_text()
    assert goals.count() == 2, "nothing is deleted before the confirmation"
    shot(page, "goal-delete-confirmation")

    confirmation.get_by_test_id("cancel").click()
    page.wait_for_url("**/arbetsyta/2181/mal/")
    assert page.get_by_test_id("goal-row").count() == 2

    page.get_by_test_id("goal-row").filter(has_text="Företagsbesök per år").get_by_role(
        "button", name="Ta bort"
    ).click()
    page.get_by_test_id("confirm").click()
    page.wait_for_url("**/arbetsyta/2181/mal/")
    assert "Målet togs bort." in page.locator(".messages").inner_text()
    remaining = page.get_by_test_id("goal-row")
    assert remaining.count() == 1
    assert "Företagsbesök per år" not in remaining.inner_text()
    assert goals.count() == 1
    context.close()
