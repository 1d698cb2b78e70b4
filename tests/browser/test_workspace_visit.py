"""A business developer plans a visit, records it as held, and hands the phone to the
company, who evaluates the meeting on a 375 px screen."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import shot

PASSWORD = "redigerarens-lösenord-2026"


@pytest.fixture
def sandviken(db: None) -> Any:
    from django.contrib.auth.models import User

    from foretagsklimat.apps.reference.services import load_reference_data
    from foretagsklimat.apps.workspace.models import Company, Membership, Role

    load_reference_data()
    editor = User.objects.create_user("sv-editor", password=PASSWORD)
    Membership.objects.create(user=editor, municipality_id="2181", role=Role.EDITOR)
    return Company.objects.create(
        municipality_id="2181", orgnr="5560360793", name="Sandvikens Testverkstad AB", employees=12
    )


def test_an_editor_plans_and_records_a_visit_and_the_company_evaluates_it_on_a_phone(
    browser: Any, live_server: Any, sandviken: Any
) -> None:
    from foretagsklimat.apps.workspace.models import Evaluation, Visit

    page = browser.new_page(viewport={"width": 1200, "height": 900})
    page.goto(f"{live_server.url}/konto/logga-in/?next=/arbetsyta/2181/besok/nytt/")
    page.get_by_label("Användarnamn").fill("sv-editor")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url("**/arbetsyta/2181/besok/nytt/")

    # The company picker: type part of the name, choose the match with the keyboard.
    picker = page.get_by_role("combobox", name="Företag")
    picker.press_sequentially("testverk")
    option = page.get_by_role("option", name="Sandvikens Testverkstad AB (556036-0793)")
    option.wait_for()
    assert picker.get_attribute("aria-expanded") == "true"
    picker.press("ArrowDown")
    assert option.get_attribute("aria-selected") == "true"
    picker.press("Enter")
    assert picker.input_value() == "Sandvikens Testverkstad AB (556036-0793)"
    assert picker.get_attribute("aria-expanded") == "false"
    shot(page, "workspace-company-picker")
    page.get_by_label("Planerat datum").fill("2026-04-10")
    page.get_by_label("Syfte").fill("Expansionsplaner")
    page.get_by_label("tillstånd", exact=True).check()
    page.get_by_role("button", name="Spara").click()
    page.wait_for_url("**/arbetsyta/2181/besok/*/")
    assert "Planerat" in page.get_by_test_id("visit-status").inner_text()

    page.get_by_role("link", name="Registrera som genomfört").click()
    page.get_by_label("Genomfört datum").fill("2026-04-10")
    page.get_by_label("Anteckningar").fill("Behöver större lokal")
    page.get_by_role("button", name="Spara").click()
    page.wait_for_url("**/arbetsyta/2181/besok/*/")
    assert "Genomfört" in page.get_by_test_id("visit-status").inner_text()
    evaluation_url = page.get_by_test_id("short-link").get_attribute("href")
    page.close()

    phone = browser.new_page(viewport={"width": 375, "height": 740})
    phone.goto(evaluation_url)
    for question, grade in (("useful", 5), ("understood", 6), ("next_steps", 4)):
        phone.locator(f"label[for=id_{question}_{grade - 1}]").click()
    phone.get_by_label("Kommentar (frivilligt)").fill("Bra möte")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the evaluation page scrolls sideways ({width}px)"
    shot(phone, "workspace-evaluation-phone", full_page=True)
    phone.get_by_role("button", name="Skicka").click()
    phone.get_by_test_id("evaluation-thanks").wait_for()
    shot(phone, "workspace-evaluation-thanks")

    visit = Visit.objects.get()
    assert visit.is_held()
    evaluation = Evaluation.objects.get(visit=visit)
    assert (evaluation.useful, evaluation.understood, evaluation.next_steps) == (5, 6, 4)
