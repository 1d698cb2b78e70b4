"""The evaluation kiosk in a browser: the officer hands a logged-in device over, the
company evaluates, and nothing on the kiosk pages — nor the back button — leads into the
workspace or the account; the QR code's short link opens the evaluation on another
(logged-out) phone."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import shot

PASSWORD = "redigerarens-lösenord-2026"


@pytest.fixture
def held_visits(db: None) -> Any:
    from datetime import date

    from django.contrib.auth.models import User

    from foretagsklimat.apps.reference.services import load_reference_data
    from foretagsklimat.apps.workspace.models import Company, Membership, Role, Visit

    load_reference_data()
    editor = User.objects.create_user("sv-editor", password=PASSWORD)
    Membership.objects.create(user=editor, municipality_id="2181", role=Role.EDITOR)
    company = Company.objects.create(
        municipality_id="2181", orgnr="5560360793", name="Sandvikens Testverkstad AB"
    )
    visits = []
    for day in (1, 2):
        visit = Visit(
            municipality_id="2181", company=company, officer=editor, planned_for=date(2026, 4, day)
        )
        visit.mark_held(visit.planned_for)
        visit.save()
        visits.append(visit)
    return visits


def _assert_no_way_in(page: Any) -> None:
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
    for href in hrefs:
        assert "/arbetsyta/" not in href and "/konto/" not in href, href
    assert page.locator("form[action*='/arbetsyta/'], form[action*='/konto/']").count() == 0


def _log_in(page: Any, url: str, next_path: str) -> None:
    page.goto(f"{url}/konto/logga-in/?next={next_path}")
    page.get_by_label("Användarnamn").fill("sv-editor")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(f"**{next_path}")


def test_the_handed_over_device_shows_the_kiosk_only_and_the_qr_link_opens_logged_out(
    browser: Any, live_server: Any, held_visits: Any
) -> None:
    from foretagsklimat.apps.workspace.models import Evaluation

    shared, own = held_visits
    context = browser.new_context(viewport={"width": 375, "height": 740})
    page = context.new_page()

    # The QR code and the short link of the second visit, read from its visit page.
    _log_in(page, live_server.url, f"/arbetsyta/2181/besok/{own.pk}/")
    assert page.locator("[data-testid=handover] svg.segno").count() == 1
    short_link = page.get_by_test_id("short-link").get_attribute("href")
    assert short_link == f"{live_server.url}/u/{own.evaluation_code}/"

    # Hand this device over for the first visit.
    page.goto(f"{live_server.url}/arbetsyta/2181/besok/{shared.pk}/")
    shot(page, "workspace-visit-handover", full_page=True)
    page.get_by_test_id("hand-over").click()
    page.wait_for_url(f"**/u/{shared.evaluation_code}/")
    assert page.get_by_role("heading", name="Hur var mötet?").is_visible()
    _assert_no_way_in(page)
    for question, grade in (("useful", 5), ("understood", 6), ("next_steps", 4)):
        page.locator(f"label[for=id_{question}_{grade - 1}]").click()
    page.get_by_role("button", name="Skicka").click()
    page.get_by_test_id("evaluation-thanks").wait_for()
    shot(page, "workspace-kiosk-thanks")
    _assert_no_way_in(page)
    assert Evaluation.objects.filter(visit=shared).exists()

    # The back button does not bring the register back: the session is gone, pages are
    # no-store, so what comes back is the thanks again or the login page.
    for _step in range(3):
        page.go_back()
        page.wait_for_load_state()
        assert "Arbetsyta" not in page.locator("body").inner_text()
        assert "Sandvikens Testverkstad AB" not in page.locator("body").inner_text()
    page.goto(f"{live_server.url}/arbetsyta/2181/besok/{shared.pk}/")
    assert "/konto/logga-in/" in page.url

    # The thanks' one way on is a new evaluation, started by code.
    page.goto(f"{live_server.url}/u/{shared.evaluation_code}/")
    page.get_by_test_id("new-evaluation").click()
    page.wait_for_url("**/u/")
    _assert_no_way_in(page)
    context.close()

    # The company's own phone, never logged in, opens the short link of the QR code.
    phone = browser.new_context(viewport={"width": 375, "height": 740})
    company_page = phone.new_page()
    company_page.goto(short_link)
    assert company_page.get_by_role("heading", name="Hur var mötet?").is_visible()
    assert "Sandvikens Testverkstad AB" in company_page.locator("main").inner_text()
    _assert_no_way_in(company_page)
    width = company_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the kiosk page scrolls sideways ({width}px)"
    # And the typed code works on the start page too.
    company_page.goto(f"{live_server.url}/u/")
    company_page.get_by_label("Mötets kod").fill(own.evaluation_code_display.lower())
    company_page.get_by_role("button", name="Börja").click()
    company_page.wait_for_url(f"**/u/{own.evaluation_code}/")
    phone.close()
