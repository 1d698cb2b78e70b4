"""A politician sees the board's overview and nothing with personal data; an admin erases a
contact together with the person's mentions in a visit's notes, after a confirmation."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from .conftest import shot

PASSWORD = "integritetens-lösenord-2026"


@pytest.fixture
def sandviken(db: None) -> Any:
    from django.contrib.auth.models import User

    from foretagsklimat.apps.reference.services import load_reference_data
    from foretagsklimat.apps.workspace.models import Company, Contact, Membership, Role, Visit

    load_reference_data()
    for username, role in (("sv-politiker", Role.POLITICIAN), ("sv-admin", Role.ADMIN)):
        user = User.objects.create_user(username, password=PASSWORD)
        Membership.objects.create(user=user, municipality_id="2181", role=role)
    company = Company.objects.create(
        municipality_id="2181", orgnr="5560360793", name="Sandvikens Testverkstad AB", employees=12
    )
    contact = Contact.objects.create(company=company, name="Åsa Öberg", email="asa@example.com")
    visit = Visit.objects.create(
        municipality_id="2181",
        company=company,
        officer=User.objects.get(username="sv-admin"),
        planned_for=date(2026, 3, 3),
        notes="ÅSA ÖBERG vill ha större lokaler.",
    )
    return contact, visit


def _log_in(browser: Any, live_server: Any, username: str) -> Any:
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    page.goto(f"{live_server.url}/konto/logga-in/?next=/arbetsyta/2181/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url("**/arbetsyta/2181/")
    return page


def test_a_politician_sees_the_overview_and_no_personal_data(
    browser: Any, live_server: Any, sandviken: Any
) -> None:
    page = _log_in(browser, live_server, "sv-politiker")
    menu = page.locator("nav.operator-nav a")
    labels = [menu.nth(i).inner_text() for i in range(menu.count())]
    assert "Översikt" in labels and "Mål" in labels and "Besöksmål" in labels
    assert not {"Företag", "Besök", "Uppföljningar", "Ändringslogg"} & set(labels)
    page.get_by_test_id("dashboard-link").click()
    page.wait_for_url("**/arbetsyta/2181/oversikt/")
    shot(page, "workspace-politician-dashboard")
    for path in ("foretag/", "besok/", "uppfoljning/", "logg/"):
        response = page.goto(f"{live_server.url}/arbetsyta/2181/{path}")
        assert response is not None and response.status == 403, path
    page.close()


def test_an_admin_erases_a_contact_and_the_mentions_after_confirming(
    browser: Any, live_server: Any, sandviken: Any
) -> None:
    contact, visit = sandviken
    page = _log_in(browser, live_server, "sv-admin")
    page.goto(f"{live_server.url}/arbetsyta/2181/kontakter/{contact.pk}/radera/")
    mentions = page.get_by_test_id("mentions")
    assert mentions.locator("mark").first.inner_text() == "ÅSA ÖBERG"
    shot(page, "workspace-erasure-mentions")
    page.get_by_test_id("erase").click()
    page.get_by_test_id("confirmation").wait_for()
    contact.refresh_from_db()
    assert not contact.is_erased  # nothing happens before the confirmation
    page.get_by_test_id("confirm").click()
    page.wait_for_url(f"**/arbetsyta/2181/foretag/{contact.company_id}/")
    assert "raderats på begäran" in page.inner_text("body")
    contact.refresh_from_db()
    visit.refresh_from_db()
    assert contact.is_erased
    assert visit.notes == "[raderat] vill ha större lokaler."
    page.close()
