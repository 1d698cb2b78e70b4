"""What-if sliders and the uncertainty display on a municipality page, in a real browser."""

from __future__ import annotations

import re
from typing import Any

from foretagsklimat.apps.ranking.analysis import uncertainty_of, what_if_for

from .conftest import shot


def test_uncertainty_is_shown_in_plain_swedish(
    browser: Any, live_server: Any, stored_uncertainty: tuple[int, ...]
) -> None:
    stored = uncertainty_of(2023, "2181")
    assert stored is not None
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    page.goto(f"{live_server.url}/kommun/2181/")
    section = page.get_by_test_id("uncertainty")
    text = section.inner_text()
    assert f"mellan plats {round(stored['rank_low'])} och {round(stored['rank_high'])}" in text
    verdict = page.get_by_test_id("change-verdict").inner_text()
    assert re.search(r"95 % intervall [+−]?\d+ till [+−]?\d+", verdict)
    section.scroll_into_view_if_needed()
    shot(page, "municipality-uncertainty")
    page.close()


def test_what_if_sliders_update_the_rank_without_reloading(
    browser: Any, live_server: Any, stored_rankings: tuple[int, ...]
) -> None:
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    page.goto(f"{live_server.url}/kommun/2181/")
    page.evaluate("window.__notReloaded = true")
    page.locator("#wi-overall_grade").fill("6")
    page.locator("#wi-service").fill("6")
    # The slider's grid runs through the published value, so its top is just under 6.
    moved = {
        code: float(page.locator(f"#wi-{code}").input_value())
        for code in ("overall_grade", "service")
    }
    assert all(5.9 < value <= 6.0 for value in moved.values())
    expected = what_if_for(2023, "2181", moved)
    result = page.get_by_test_id("whatif-result")
    page.wait_for_function(
        "rank => document.getElementById('whatif-result').dataset.rank === String(rank)",
        arg=expected.rank,
    )
    assert f"Ny placering: {expected.rank}" in result.inner_text()
    shown = page.locator("#wi-overall_grade-out").inner_text()
    assert shown == f"{moved['overall_grade']:.2f}".replace(".", ",")
    assert page.evaluate("window.__notReloaded") is True
    result.scroll_into_view_if_needed()
    shot(page, "municipality-whatif")
    page.get_by_role("button", name="Återställ").click()
    page.wait_for_function(
        "rank => document.getElementById('whatif-result').dataset.rank === String(rank)",
        arg=expected.rank_before,
    )
    page.close()


def test_target_plan_form_answers_what_it_takes(
    browser: Any, live_server: Any, stored_rankings: tuple[int, ...]
) -> None:
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    page.goto(f"{live_server.url}/kommun/2181/")
    page.get_by_label("Målplacering").fill("20")
    page.get_by_role("button", name="Vad krävs?").click()
    page.wait_for_url(re.compile(r".*mal=20.*"))
    assert "plats 20" in page.get_by_test_id("plan").inner_text()
    page.close()
