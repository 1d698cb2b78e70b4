"""A business developer adds a follow-up from a held visit, finds it on the visit page and
among *Mina* follow-ups, and marks it done."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import shot

PASSWORD = "redigerarens-lösenord-2026"


@pytest.fixture
def held_visit(db: None) -> Any:
    from datetime import date

    from django.contrib.auth.models import User

    from foretagsklimat.apps.reference.services import load_reference_data
    from foretagsklimat.apps.workspace.models import Company, Membership, Role, Visit

    load_reference_data()
    editor = User.objects.create_user("sv-editor", password=PASSWORD)
    Membership.objects.create(user=editor, municipality_id="2181", role=Role.EDITOR)
    company = Company.objects.create(
        municipality_id="2181", orgnr="5560360793", name="Sandvikens Testverkstad AB", employees=12
    )
    visit = Visit(
        municipality_id="2181",
        company=company,
        officer=editor,
        planned_for=date(2026, 3, 14),
        purpose="Expansionsplaner",
    )
    visit.mark_held(date(2026, 3, 14))
    visit.save()
    return visit


def test_an_editor_adds_a_follow_up_from_a_visit_and_marks_it_done(
    browser: Any, live_server: Any, held_visit: Any
) -> None:
    from foretagsklimat.apps.workspace.models import FollowUp, FollowUpStatus

    visit_path = f"/arbetsyta/2181/besok/{held_visit.pk}/"
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    page.goto(f"{live_server.url}/konto/logga-in/?next={visit_path}")
    page.get_by_label("Användarnamn").fill("sv-editor")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(f"**{visit_path}")

    page.get_by_role("link", name="Lägg till uppföljning").click()
    page.wait_for_url("**/arbetsyta/2181/uppfoljning/ny/?besok=*")
    assert (
        "Sandvikens Testverkstad AB 2026-03-14"
        in page.get_by_test_id("followup-visit").inner_text()
    )
    assert page.get_by_label("Ursprung").input_value() == "Besök 2026-03-14"
    page.get_by_label("Åtgärd").fill("Skicka förteckning över lediga lokaler")
    page.get_by_label("Ansvarig").select_option(label="sv-editor")
    page.get_by_label("Senast").fill("2026-04-01")
    shot(page, "workspace-followup-from-visit")
    page.get_by_role("button", name="Spara").click()

    page.wait_for_url(f"**{visit_path}")
    table = page.get_by_test_id("visit-follow-ups")
    assert "Skicka förteckning över lediga lokaler" in table.inner_text()
    assert "2026-04-01" in table.inner_text()
    shot(page, "workspace-visit-follow-ups", full_page=True)
    follow_up = FollowUp.objects.get()
    assert (follow_up.visit_id, follow_up.company_id) == (held_visit.pk, held_visit.company_id)

    page.goto(f"{live_server.url}/arbetsyta/2181/uppfoljning/")
    page.get_by_role("link", name="Mina").click()
    page.wait_for_url("**/uppfoljning/?visa=mina")
    row = page.locator("tr", has_text="Skicka förteckning över lediga lokaler")
    assert "Besök 2026-03-14" in row.inner_text()
    row.get_by_role("button", name="Klar").click()
    page.wait_for_url("**/arbetsyta/2181/uppfoljning/?visa=mina")
    assert "klar" in page.locator("tr", has_text="Skicka förteckning").inner_text()
    shot(page, "workspace-followup-done")
    follow_up.refresh_from_db()
    assert follow_up.status == FollowUpStatus.DONE
