"""The board's dashboard, its PDF report, the goals' Excel export and the demo goals."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pytest
import time_machine
from pypdf import PdfReader

from foretagsklimat.apps.workspace.models import (
    Company,
    FollowUp,
    Goal,
    GoalKind,
    Visit,
)

from .conftest import Cast

pytestmark = pytest.mark.django_db


@pytest.fixture
def board_goals(cast: Cast) -> list[Goal]:
    """Two 2026 goals for Sandviken: visits (behind on 1 July) and follow-ups; one for Gävle."""
    for day in ("2026-02-01", "2026-03-01", "2026-04-01"):
        visit = Visit(
            municipality_id="2181",
            company=cast.company,
            officer=cast.sandviken_editor,
            planned_for=day,
        )
        visit.mark_held(date.fromisoformat(day))
        visit.save()
    FollowUp.objects.create(
        municipality_id="2181", company=cast.company, title="Ring tillbaka", due_on="2026-05-01"
    )
    Goal.objects.create(municipality_id="2180", year=2026, kind=GoalKind.VISITS, target=999)
    return [
        Goal.objects.create(
            municipality_id="2181",
            year=2026,
            kind=GoalKind.VISITS,
            target=40,
            decided_by="Kommunstyrelsen 2026-02-10",
        ),
        Goal.objects.create(
            municipality_id="2181", year=2026, kind=GoalKind.FOLLOW_UPS_ON_TIME, target=0.9
        ),
    ]


def _pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@time_machine.travel("2026-07-01 12:00 +02:00", tick=False)
def test_a_viewer_sees_the_goals_with_actual_status_and_trend(
    cast: Cast, board_goals: list[Goal]
) -> None:
    response = cast.client(cast.sandviken_viewer).get("/arbetsyta/2181/oversikt/")
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('data-testid="goal"') == 2  # Gävle's goal is not here
    assert "Företagsbesök per år" in page and "Uppföljningar klara i tid" in page
    assert 'data-status="behind"' in page and "Efter plan" in page
    assert 'data-testid="sparkline"' in page
    assert "Kommunstyrelsen 2026-02-10" in page
    assert "Ingen publicerad ranking" in page
    assert "Syntetiska demodata" not in page
    assert "/arbetsyta/2181/oversikt/rapport.pdf?ar=2026" in page
    board = response.context["board"]
    assert (board.visits_done, board.visits_target, board.follow_ups_overdue) == (3, 40, 1)


@time_machine.travel("2026-07-01 12:00 +02:00", tick=False)
def test_the_dashboard_sets_the_goals_beside_the_public_ranking(
    cast: Cast, board_goals: list[Goal], stored_rankings: tuple[int, ...]
) -> None:
    from foretagsklimat.apps.ranking.queries import municipality_history

    rank = int(municipality_history("2181").set_index("year")["rank"][2023])
    page = cast.client(cast.sandviken_viewer).get("/arbetsyta/2181/oversikt/").content.decode()
    assert 'data-testid="rank-chart"' in page
    assert 'data-testid="ranking-table"' in page
    assert f'<th scope="row">2023</th><td class="num">{rank}</td>' in page
    assert "/kommun/2181/?ar=2023" in page
    assert "Syntetiska demodata" in page  # the stored rankings are synthetic


@time_machine.travel("2026-07-01 12:00 +02:00", tick=False)
def test_the_pdf_report_has_the_municipality_goals_and_values(
    cast: Cast, board_goals: list[Goal], stored_rankings: tuple[int, ...]
) -> None:
    response = cast.client(cast.sandviken_viewer).get("/arbetsyta/2181/oversikt/rapport.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith(
        'inline; filename="naringslivsklimat-2181-2026'
    )
    assert response.content.startswith(b"%PDF")
    text = _pdf_text(response.content)
    assert "Näringslivsklimat – rapport till kommunstyrelsen" in text
    assert "Sandviken" in text and "Gävle" not in text
    assert "Företagsbesök per år" in text
    assert "40" in text and "Efter plan" in text
    assert "Uppföljningar klara i tid" in text and "90 %" in text
    assert "minst 5 svar" in text
    assert "Syntetiska demodata" in text  # the ranking is synthetic
    assert "2023" in text


def test_the_pdf_of_a_year_without_goals_or_ranking_still_opens(cast: Cast) -> None:
    response = cast.client(cast.sandviken_admin).get("/arbetsyta/2181/oversikt/rapport.pdf?ar=2020")
    assert response.status_code == 200
    text = _pdf_text(response.content)
    assert "Inga mål för året." in text
    assert "Syntetiska demodata" not in text


def test_a_synthetic_goal_is_marked_on_the_page_in_the_pdf_and_in_the_file(cast: Cast) -> None:
    Goal.objects.create(
        municipality_id="2181", year=2026, kind=GoalKind.EVALUATION, target=4.5, synthetic=True
    )
    client = cast.client(cast.sandviken_viewer)
    assert "Syntetiska demodata" in client.get("/arbetsyta/2181/oversikt/?ar=2026").content.decode()
    assert "Syntetiska demodata" in client.get("/arbetsyta/2181/mal/").content.decode()
    pdf = client.get("/arbetsyta/2181/oversikt/rapport.pdf?ar=2026")
    assert "Syntetiska demodata" in _pdf_text(pdf.content)
    assert "syntetisk" in pdf["Content-Disposition"]


@time_machine.travel("2026-07-01 12:00 +02:00", tick=False)
def test_the_goals_list_downloads_as_excel_with_actual_and_status(
    cast: Cast, board_goals: list[Goal]
) -> None:
    response = cast.client(cast.sandviken_viewer).get("/arbetsyta/2181/mal/?format=xlsx")
    assert response.status_code == 200
    assert 'filename="mal-2181.xlsx"' in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["mal"]
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    assert header[:7] == (
        "År",
        "Mått",
        "Målvärde",
        "Utgångsläge",
        "Utfall",
        "Utfall från rankingen (år)",
        "Status",
    )
    by_kind = {row[1]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    assert set(by_kind) == {"Företagsbesök per år", "Uppföljningar klara i tid"}
    visits = by_kind["Företagsbesök per år"]
    assert (visits["Målvärde"], visits["Utfall"], visits["Status"]) == (40, 3, "Efter plan")
    assert by_kind["Uppföljningar klara i tid"]["Utfall"] == 0


def test_an_editor_sees_the_goal_form_and_a_viewer_does_not_get_the_edit_links(
    cast: Cast, board_goals: list[Goal]
) -> None:
    viewer = cast.client(cast.sandviken_viewer).get("/arbetsyta/2181/mal/").content.decode()
    editor = cast.client(cast.sandviken_editor).get("/arbetsyta/2181/mal/").content.decode()
    edit = f"/arbetsyta/2181/mal/{board_goals[0].pk}/andra/"
    assert edit not in viewer and edit in editor
    form = cast.client(cast.sandviken_editor).get("/arbetsyta/2181/mal/nytt/").content.decode()
    assert "andel 0–1" in form


def test_the_demo_goals_are_created_once(cast: Cast) -> None:
    from foretagsklimat.apps.site.demo.workspace_goals import ensure_goals_demo

    Goal.objects.create(
        municipality_id="2181",
        year=2026,
        kind=GoalKind.COVERAGE,
        target=0.5,
        min_employees=50,
        within_years=3,
    )  # the members' own, kept
    created = ensure_goals_demo()
    assert created > 0
    assert ensure_goals_demo() == 0
    sandviken = Goal.objects.filter(municipality_id="2181")
    assert set(sandviken.values_list("year", flat=True)) == {2022, 2023, 2024, 2025, 2026}
    # Every kind but Kolada's: made-up figures must not be shown as "Källa: Kolada".
    kinds = set(GoalKind.values) - {GoalKind.KOLADA}
    assert set(sandviken.filter(year=2026).values_list("kind", flat=True)) == kinds
    assert Goal.objects.filter(municipality_id="2180", year=2026).count() >= 3
    assert Goal.objects.filter(synthetic=False).count() == 1
    assert not sandviken.filter(year=2026, kind=GoalKind.COVERAGE, synthetic=True).exists()
    coverage = sandviken.get(year=2025, kind=GoalKind.COVERAGE)
    assert (coverage.min_employees, coverage.within_years) == (10, 2)
    assert Company.objects.filter(municipality_id="2181").count() == 1  # goals only


def _pdf_drawing_operators(content: bytes) -> bytes:
    reader = PdfReader(io.BytesIO(content))
    return b"\n".join(page.get_contents().get_data() for page in reader.pages)  # type: ignore[union-attr]


@time_machine.travel("2026-07-01 12:00 +02:00", tick=False)
@pytest.mark.parametrize(
    ("language", "headings"),
    [
        ("sv", ["Rapport till kommunstyrelsen", "Målens utveckling", "Placering (1 = bäst)"]),
        ("en", ["Report to the municipal board", "How the goals develop", "Rank (1 = best)"]),
    ],
)
def test_the_pdf_report_carries_the_rank_chart_and_the_goals_trends(
    cast: Cast,
    board_goals: list[Goal],
    stored_rankings: tuple[int, ...],
    language: str,
    headings: list[str],
) -> None:
    Goal.objects.create(municipality_id="2181", year=2026, kind=GoalKind.RANK, target=100)
    client = cast.client(cast.sandviken_viewer)
    client.cookies["django_language"] = language
    response = client.get("/arbetsyta/2181/oversikt/rapport.pdf")
    assert response.status_code == 200
    text = _pdf_text(response.content)
    for heading in headings:
        assert heading.lower() in text.lower(), heading
    # The rank chart's scale (1 and the count of ranked municipalities) and its years.
    for year in stored_rankings:
        assert str(year) in text
    operators = _pdf_drawing_operators(response.content)
    # Vector charts: a dashed target line and filled markers drawn as paths.
    assert b"[4 3] 0 d" in operators
    assert operators.count(b" c\n") + operators.count(b" c ") > 10  # the markers' curves
    # One chart per goal with values (visits, follow-ups, rank) and the rank chart.
    marker = "streckad linje: målvärde" if language == "sv" else "dashed line: target"
    assert text.count(marker) >= 2
