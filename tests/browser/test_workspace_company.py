"""A business developer reads a company's history on its page and plans the next visit
from it, the company already chosen."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from .conftest import shot

PASSWORD = "redigerarens-lösenord-2026"


@pytest.fixture
def company(db: None) -> Any:
    from django.contrib.auth.models import User

    from foretagsklimat.apps.reference.services import load_reference_data
    from foretagsklimat.apps.workspace.models import (
        Company,
        FollowUp,
        Membership,
        Role,
        SupportOffering,
        SupportReferral,
        Visit,
    )

    load_reference_data()
    editor = User.objects.create_user("sv-editor", password=PASSWORD, first_name="Eva")
    Membership.objects.create(user=editor, municipality_id="2181", role=Role.EDITOR)
    company = Company.objects.create(
        municipality_id="2181", orgnr="5560360793", name="Sandvikens Testverkstad AB", employees=12
    )
    Visit.objects.create(
        municipality_id="2181",
        company=company,
        officer=editor,
        planned_for=date(2025, 3, 1),
        held_on=date(2025, 3, 2),
        purpose="Lokalbehov",
    )
    FollowUp.objects.create(
        municipality_id="2181",
        company=company,
        title="Skicka förslag på lokaler",
        owner=editor,
        due_on=date(2025, 4, 1),
    )
    offering = SupportOffering.objects.create(municipality_id="2181", name="Exportcheck")
    SupportReferral.objects.create(offering=offering, company=company, date=date(2025, 3, 2))
    return company


def test_the_company_page_shows_the_history_and_plans_a_visit(
    browser: Any, live_server: Any, company: Any
) -> None:
    from foretagsklimat.apps.workspace.models import Visit

    page = browser.new_page(viewport={"width": 1200, "height": 900})
    url = f"/arbetsyta/2181/foretag/{company.pk}/"
    page.goto(f"{live_server.url}/konto/logga-in/?next={url}")
    page.get_by_label("Användarnamn").fill("sv-editor")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(f"**{url}")

    visits = page.get_by_test_id("company-visits")
    assert "2025-03-02" in visits.inner_text() and "Lokalbehov" in visits.inner_text()
    assert "Skicka förslag på lokaler" in page.get_by_test_id("company-follow-ups").inner_text()
    assert "Exportcheck" in page.get_by_test_id("referrals").inner_text()
    assert "Färre än" in page.get_by_test_id("company-evaluation-hidden").inner_text()
    shot(page, "workspace-company-history", full_page=True)

    page.get_by_role("link", name="Planera besök").click()
    page.wait_for_url("**/arbetsyta/2181/besok/nytt/?foretag=*")
    picker = page.get_by_role("combobox", name="Företag")
    assert picker.input_value() == "Sandvikens Testverkstad AB (556036-0793)"
    page.get_by_label("Planerat datum").fill("2026-04-10")
    page.get_by_label("Syfte").fill("Uppföljning av lokalfrågan")
    page.get_by_role("button", name="Spara").click()
    page.wait_for_url("**/arbetsyta/2181/besok/*/")
    assert Visit.objects.filter(company=company, held_on__isnull=True).count() == 1

    page.goto(f"{live_server.url}{url}")
    rows = page.get_by_test_id("company-visits").locator("tbody tr")
    # The planned visit comes first, then the held one.
    assert "2026-04-10" in rows.nth(0).inner_text()
    assert "2025-03-02" in rows.nth(1).inner_text()
    page.close()
