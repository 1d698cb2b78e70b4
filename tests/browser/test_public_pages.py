"""The public pages in a real browser: Debian's chromium driven by Playwright."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

playwright_sync = pytest.importorskip("playwright.sync_api")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS = Path(os.environ.get("TEST_ARTIFACTS", "test-artifacts"))

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"no chromium at {CHROMIUM}"),
]


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    # Playwright's sync API runs an event loop in this thread; Django's ORM refuses
    # to run under one unless told that this test thread is safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with playwright_sync.sync_playwright() as driver:
        chromium = driver.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield chromium
        chromium.close()


def _shot(page: object, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=False)  # type: ignore[attr-defined]


def test_start_page_and_ranking_in_a_browser(
    browser: object, live_server: object, stored_rankings: tuple[int, ...]
) -> None:
    page = browser.new_page(viewport={"width": 1200, "height": 900})  # type: ignore[attr-defined]
    page.goto(f"{live_server.url}/")  # type: ignore[attr-defined]
    assert page.get_by_test_id("synthetic-banner").is_visible()
    assert page.get_by_test_id("top-ten").locator("tbody tr").count() == 10
    _shot(page, "start")
    page.get_by_role("link", name="Hela rankingen").click()
    page.wait_for_url("**/ranking/2023/")
    assert page.get_by_test_id("ranking-table").locator("tbody tr").count() == 290
    _shot(page, "ranking-2023")
    page.get_by_role("link", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", name="Ranking 2023").is_visible()
    assert page.get_by_text("Synthetic demo data.").is_visible()
    page.close()


def test_ranking_fits_a_phone(
    browser: object, live_server: object, stored_rankings: tuple[int, ...]
) -> None:
    page = browser.new_page(viewport={"width": 375, "height": 740})  # type: ignore[attr-defined]
    page.goto(f"{live_server.url}/ranking/2023/")  # type: ignore[attr-defined]
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375
    _shot(page, "ranking-phone")
    page.close()
