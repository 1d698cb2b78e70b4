"""A politician (a viewer) logs in, opens the board's dashboard, sees the goals with their
status, and opens the PDF report for the municipal board."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from .conftest import shot

PASSWORD = "politikerns-lösenord-2026"


@pytest.fixture
def sandviken(db: None) -> Any:
    from django.contrib.auth.models import User

    from foretagsklimat.apps.reference.services import load_reference_data
    from foretagsklimat.apps.workspace.models import (
        Company,
        Goal,
        GoalKind,
        Membership,
        Role,
        Visit,
    )

    load_reference_data()
    viewer = User.objects.create_user("sv-viewer", password=PASSWORD)
    officer = User.objects.create_user("sv-editor", password=PASSWORD + "x")
    Membership.objects.create(user=viewer, municipality_id="2181", role=Role.VIEWER)
    Membership.objects.create(user=officer, municipality_id="2181", role=Role.EDITOR)
    company = Company.objects.create(
        municipality_id="2181", orgnr="5560360793", name="Sandvikens Testverkstad AB", employees=12
    )
    year = date.today().year
    visit = Visit(
        municipality_id="2181", company=company, officer=officer, planned_for=date(year, 1, 1)
    )
    visit.mark_held(visit.planned_for)
    visit.save()
    Goal.objects.create(
        municipality_id="2181",
        year=year,
        kind=GoalKind.VISITS,
        target=1,
        decided_by="Kommunstyrelsen 2026-02-10",
    )
    Goal.objects.create(
        municipality_id="2181",
        year=year,
        kind=GoalKind.COVERAGE,
        target=0.5,
        min_employees=10,
        within_years=2,
    )
    Goal.objects.create(municipality_id="2181", year=year, kind=GoalKind.EVALUATION, target=4.5)
    return year


def test_a_viewer_opens_the_dashboard_and_the_pdf_report(
    browser: Any, live_server: Any, sandviken: Any
) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    page.goto(f"{live_server.url}/konto/logga-in/?next=/arbetsyta/2181/")
    page.get_by_label("Användarnamn").fill("sv-viewer")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url("**/arbetsyta/2181/")

    page.get_by_test_id("dashboard-link").click()
    page.wait_for_url("**/arbetsyta/2181/oversikt/")
    goals = page.get_by_test_id("goal")
    assert goals.count() == 3
    text = page.inner_text("body")
    assert "Företagsbesök per år" in text and "Täckning" in text
    visits = goals.filter(has_text="Företagsbesök per år")
    assert visits.get_attribute("data-status") == "on_track"
    coverage = goals.filter(has_text="Täckning")
    assert coverage.get_by_test_id("goal-actual").inner_text() == "100 %"
    evaluation = goals.filter(has_text="Mötesutvärdering")
    assert evaluation.get_attribute("data-status") == "no_data"
    assert "Färre än" in evaluation.inner_text()
    assert page.get_by_test_id("sparkline").count() >= 2
    shot(page, "workspace-dashboard", full_page=True)

    link = page.get_by_test_id("pdf-link")
    href = link.get_attribute("href")
    assert href is not None and href.endswith(f"/oversikt/rapport.pdf?ar={sandviken}")
    response = page.request.get(f"{live_server.url}{href}")
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")

    # Clicking it opens the report in the browser (inline), not a page of the workspace.
    with page.expect_response(lambda r: "rapport.pdf" in r.url) as opened:
        link.click()
    assert opened.value.headers["content-type"] == "application/pdf"
