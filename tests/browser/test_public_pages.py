"""The public site in a real browser: start page, ranking, municipality, map, climbers.

Each test saves screenshots under test-artifacts/ (TEST_ARTIFACTS overrides).
"""

from __future__ import annotations

import re
from typing import Any

from .conftest import shot


def _open(browser: Any, live_server: Any, path: str, width: int = 1200) -> Any:
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(f"{live_server.url}{path}")
    return page


def test_start_page_shows_top_ten_climbers_map_and_synthetic_banner(
    browser: Any, live_server: Any, stored_rankings: tuple[int, ...]
) -> None:
    page = _open(browser, live_server, "/")
    assert page.get_by_test_id("synthetic-banner").is_visible()
    assert page.get_by_test_id("top-ten").locator("tbody tr").count() == 10
    assert page.get_by_test_id("climbers").locator("tbody tr").count() == 5
    assert page.get_by_test_id("sweden-map").locator("a").count() == 290
    shot(page, "start", full_page=True)
    page.close()


def test_search_box_finds_a_municipality(
    browser: Any, live_server: Any, stored_rankings: tuple[int, ...]
) -> None:
    page = _open(browser, live_server, "/")
    page.get_by_label("Sök kommun").fill("Sandviken")
    page.get_by_label("Sök kommun").press("Enter")
    page.wait_for_url("**/kommun/2181/")
    assert page.get_by_role("heading", level=1).inner_text() == "Sandviken"
    page.close()


def test_clicking_the_map_opens_the_municipality(
    browser: Any, live_server: Any, stored_rankings: tuple[int, ...]
) -> None:
    page = _open(browser, live_server, "/")
    page.locator('[data-testid="sweden-map"] a[data-kommunkod="0180"]').dispatch_event("click")
    page.wait_for_url("**/kommun/0180/")
    assert page.get_by_role("heading", level=1).inner_text() == "Stockholm"
    page.close()


def test_ranking_filters_by_county_and_shows_a_factor(
    browser: Any, live_server: Any, stored_rankings: tuple[int, ...]
) -> None:
    page = _open(browser, live_server, "/ranking/2023/")
    table = page.get_by_test_id("ranking-table")
    assert table.locator("tbody tr").count() == 290
    page.get_by_label("Län").select_option(label="Gävleborgs län")
    page.get_by_label("Visa faktor").select_option("municipal_tax")
    page.get_by_role("button", name="Visa").click()
    page.wait_for_url(re.compile(r".*lan=21.*faktor=municipal_tax.*"))
    assert table.locator("tbody tr").count() == 10
    assert table.get_by_role("columnheader", name=re.compile("Kommunalskatt")).is_visible()
    shot(page, "ranking-gavleborg-tax")
    # Sorting by the factor: its rank column then ascends.
    table.get_by_role("link", name=re.compile("Kommunalskatt")).click()
    page.wait_for_url(re.compile(r".*sort=factor.*"))
    factor_ranks = [
        float(text.replace(",", "."))
        for text in table.locator("tbody tr td:nth-child(7)").all_inner_texts()
    ]
    assert factor_ranks == sorted(factor_ranks)
    page.close()


def test_ranking_switches_to_english(
    browser: Any, live_server: Any, stored_rankings: tuple[int, ...]
) -> None:
    page = _open(browser, live_server, "/ranking/2023/")
    page.get_by_role("link", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", name="Ranking 2023").is_visible()
    assert page.get_by_text("Synthetic demo data.").is_visible()
    page.get_by_role("link", name="Svenska").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "sv"
    page.close()


def test_municipality_page_has_history_factors_map_and_comparison(
    browser: Any, live_server: Any, stored_rankings: tuple[int, ...]
) -> None:
    page = _open(browser, live_server, "/kommun/2181/")
    assert page.locator("svg.rank-chart").is_visible()
    assert page.get_by_test_id("factor-table").locator("tbody tr").count() == 17
    assert page.get_by_test_id("highlight").inner_text().startswith("Sandviken")
    assert page.locator('[data-testid="sweden-map"] path.outline').count() == 1
    shot(page, "municipality-sandviken", full_page=True)
    form = page.get_by_test_id("compare-form")
    form.get_by_label("Kommun 1").fill("Gävle")
    form.get_by_label("Kommun 2").fill("0180")
    form.get_by_role("button", name="Jämför").click()
    page.wait_for_url(re.compile(r".*jamfor=.*"))
    comparison = page.get_by_test_id("comparison-table")
    header = comparison.locator("thead").inner_text()
    assert "Sandviken" in header and "Gävle" in header and "Stockholm" in header
    shot(page, "municipality-comparison")
    page.close()


def test_climbers_page_lists_climbers_fallers_and_each_county(
    browser: Any, live_server: Any, stored_rankings: tuple[int, ...]
) -> None:
    page = _open(browser, live_server, "/klattrare/2023/")
    assert page.get_by_test_id("climbers-table").locator("tbody tr").count() == 10
    assert page.get_by_test_id("fallers-table").locator("tbody tr").count() == 10
    assert page.get_by_test_id("county-climbers-table").locator("tbody tr").count() == 21
    shot(page, "climbers-2023", full_page=True)
    page.close()


def test_county_page_ranks_its_municipalities(
    browser: Any, live_server: Any, stored_rankings: tuple[int, ...]
) -> None:
    page = _open(browser, live_server, "/lan/21/")
    assert page.get_by_test_id("county-table").locator("tbody tr").count() == 10
    assert page.get_by_test_id("county-best").is_visible()
    shot(page, "county-gavleborg")
    page.close()


def test_pages_fit_a_phone(
    browser: Any, live_server: Any, stored_rankings: tuple[int, ...]
) -> None:
    for path in ("/", "/ranking/2023/", "/kommun/2181/", "/klattrare/2023/", "/lan/21/"):
        page = _open(browser, live_server, path, width=375)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, path
        if path == "/ranking/2023/":
            shot(page, "ranking-phone")
        page.close()


def test_keyboard_reaches_the_content_first(
    browser: Any, live_server: Any, stored_rankings: tuple[int, ...]
) -> None:
    page = _open(browser, live_server, "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert "Hoppa till innehållet" in focused
    page.close()
