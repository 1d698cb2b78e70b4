"""A goal that follows a key figure in Kolada (SKR Insikt's NKI): its value from the
imported key figures, the year it is of, and "Källa: Kolada" on the dashboard."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
import time_machine

from foretagsklimat.apps.statistics.services import store_kpi_values
from foretagsklimat.apps.workspace.models import Goal, GoalKind
from foretagsklimat.apps.workspace.services import goals

from .conftest import Cast

pytestmark = pytest.mark.django_db
SPRING = date(2025, 3, 1)


def _nki(values: dict[int, float], code: str = "2181") -> None:
    frame = pd.DataFrame(
        [("U07451", code, year, value) for year, value in values.items()],
        columns=["kpi", "kommunkod", "year", "value"],
    )
    store_kpi_values(frame, source="Kolada")


def _goal(year: int, target: float) -> Goal:
    return Goal.objects.create(
        municipality_id="2181", year=year, kind=GoalKind.KOLADA, kolada_kpi="U07451", target=target
    )


def test_the_goal_takes_the_years_key_figure_and_names_its_source(cast: Cast) -> None:
    _nki({2022: 66, 2023: 68, 2024: 70.5})
    _nki({2024: 90}, code="2180")  # another municipality's value is not Sandviken's
    progress = goals.goal_progress(_goal(2024, 70), SPRING)
    assert (progress.actual.value, progress.actual.source_year) == (70.5, 2024)
    assert progress.actual.source == "Kolada"
    assert progress.finished and progress.status_label == "Uppnått"
    assert progress.published_year == ""
    assert [progress.trend[y].value for y in (2022, 2023, 2024)] == [66, 68, 70.5]


def test_before_the_years_figure_is_out_the_latest_one_is_shown_with_its_year(
    cast: Cast,
) -> None:
    _nki({2023: 68, 2024: 69})
    progress = goals.goal_progress(_goal(2025, 72), SPRING)
    assert (progress.actual.value, progress.published_year) == (69, "Kolada 2024")
    assert not progress.finished and progress.status_label == "Efter plan"


def test_without_imported_values_the_goal_says_which_command_fetches_them(cast: Cast) -> None:
    progress = goals.goal_progress(_goal(2024, 70), SPRING)
    assert progress.actual.value is None
    assert "foretagsklimat statistics kolada --kpi U07451 --year 2024 --municipality 2181" in (
        progress.actual.reason
    )


@time_machine.travel("2025-03-01 12:00 +01:00", tick=False)
def test_the_dashboard_shows_the_key_figure_with_kolada_as_its_source(cast: Cast) -> None:
    _nki({2023: 68, 2024: 70.5})
    _goal(2024, 70)
    page = cast.client(cast.sandviken_viewer).get("/arbetsyta/2181/oversikt/?ar=2024")
    html = page.content.decode()
    assert "Nyckeltal i Kolada U07451" in html
    assert 'data-testid="goal-actual">70,5<' in html
    assert 'data-testid="goal-source">Källa: Kolada<' in html
    listing = cast.client(cast.sandviken_viewer).get("/arbetsyta/2181/mal/").content.decode()
    assert "U07451" in listing


def test_a_kolada_goal_needs_a_kpi_id(cast: Cast) -> None:
    client = cast.client(cast.sandviken_editor)
    response = client.post(
        "/arbetsyta/2181/mal/nytt/",
        {"year": 2024, "kind": "kolada", "target": "70", "kolada_kpi": "NKI"},
    )
    assert response.status_code == 200
    assert "en bokstav och fem siffror" in " ".join(response.context["form"].errors["kolada_kpi"])
    client.post(
        "/arbetsyta/2181/mal/nytt/",
        {"year": 2024, "kind": "kolada", "target": "70", "kolada_kpi": "u07451"},
    )
    assert Goal.objects.get().kolada_kpi == "U07451"
