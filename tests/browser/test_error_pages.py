"""The 404 page in a real browser: the site's header, the reason, and the way on."""

from __future__ import annotations

from typing import Any

from .conftest import shot


def test_a_year_not_yet_published_says_so_and_leads_to_the_latest(
    browser: Any, live_server: Any, stored_rankings: tuple[int, ...]
) -> None:
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    response = page.goto(f"{live_server.url}/ranking/2031/")
    assert response.status == 404
    assert page.locator("header.site-header a.brand").is_visible()
    assert page.get_by_role("heading", level=1).inner_text() == "Sidan finns inte"
    assert page.get_by_test_id("error-reason").inner_text() == (
        "Rankingen för 2031 är inte publicerad ännu."
    )
    shot(page, "404-unpublished-year")
    page.get_by_test_id("error-link").click()
    page.wait_for_url("**/ranking/2023/")
    assert page.get_by_test_id("ranking-table").is_visible()
    page.close()


def test_an_unknown_address_in_english_has_a_way_home(browser: Any, live_server: Any) -> None:
    page = browser.new_page()
    page.goto(f"{live_server.url}/finns-inte/")
    page.get_by_role("link", name="English").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Page not found"
    page.get_by_role("link", name="To the home page").click()
    page.wait_for_url(f"{live_server.url}/")
    page.close()
