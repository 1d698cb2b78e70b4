"""The board's goals: actual values, progress and status (time frozen), the minimum-answer
rule, the public ranking's measures, audit entries and validation."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.test import override_settings

from foretagsklimat.apps.workspace.models import (
    AuditEntry,
    Company,
    Evaluation,
    FollowUp,
    FollowUpStatus,
    Goal,
    GoalKind,
    Visit,
)
from foretagsklimat.apps.workspace.services import goals

from .conftest import Cast

pytestmark = pytest.mark.django_db
JULY = date(2026, 7, 1)


def _held(cast: Cast, day: str, company: Company | None = None) -> Visit:
    visit = Visit(
        municipality_id="2181",
        company=company or cast.company,
        officer=cast.sandviken_editor,
        planned_for=day,
    )
    visit.mark_held(date.fromisoformat(day))
    visit.save()
    return visit


def _goal(kind: str, target: float, year: int = 2026, **extra: object) -> Goal:
    return Goal.objects.create(municipality_id="2181", year=year, kind=kind, target=target, **extra)


def _evaluate(visit: Visit, grades: tuple[int, int, int]) -> None:
    Evaluation.objects.create(
        visit=visit, useful=grades[0], understood=grades[1], next_steps=grades[2]
    )


def test_a_visits_goal_expects_the_target_pro_rata_and_falls_behind_when_short(
    cast: Cast,
) -> None:
    goal = _goal(GoalKind.VISITS, 20)
    for day in range(1, 9):
        _held(cast, f"2026-03-{day:02d}")
    _held(cast, "2025-03-01")  # another year
    progress = goals.goal_progress(goal, JULY)
    assert progress.actual.value == 8
    assert progress.expected == pytest.approx(10, abs=0.1)
    assert (progress.status, progress.status_label) == (goals.Status.BEHIND, "Efter plan")
    assert progress.percent == 40
    assert progress.expected_percent == 50
    _held(cast, "2026-06-30")
    _held(cast, "2026-07-01")
    assert goals.goal_progress(goal, JULY).status_label == "I fas"
    trend = goals.goal_progress(goal, JULY).trend
    assert (trend[2025].value, trend[2024].value) == (1, None)  # None before the first visit


def test_a_finished_year_is_achieved_or_not(cast: Cast) -> None:
    goal = _goal(GoalKind.VISITS, 2, year=2025)
    _held(cast, "2025-05-01")
    assert goals.goal_progress(goal, JULY).status_label == "Inte uppnått"
    _held(cast, "2025-11-01")
    assert goals.goal_progress(goal, JULY).status_label == "Uppnått"


def test_a_goal_for_a_year_not_begun_has_no_data(cast: Cast) -> None:
    progress = goals.goal_progress(_goal(GoalKind.VISITS, 20, year=2027), JULY)
    assert progress.status == goals.Status.NO_DATA
    assert "inte börjat" in progress.actual.reason


@override_settings(MIN_ANSWERS=5)
def test_the_evaluation_goal_shows_no_number_below_the_minimum_answers(cast: Cast) -> None:
    goal = _goal(GoalKind.EVALUATION, 4.5)
    for day in range(1, 5):
        _evaluate(_held(cast, f"2026-02-{day:02d}"), (6, 5, 4))
    progress = goals.goal_progress(goal, JULY)
    assert progress.actual.value is None
    assert progress.status == goals.Status.NO_DATA
    assert "Färre än 5 svar" in progress.actual.reason
    page = cast.client(cast.sandviken_admin).get("/arbetsyta/2181/oversikt/?ar=2026")
    assert "Färre än 5 svar" in page.content.decode()
    assert "5,0" not in page.content.decode()

    _evaluate(_held(cast, "2026-02-20"), (3, 3, 3))
    progress = goals.goal_progress(goal, JULY)
    # Means 5.4, 4.6, 3.8 over five evaluations; their mean is 4.6.
    assert progress.actual.value == pytest.approx(4.6)
    assert progress.actual.n == 5
    assert progress.on_track


def test_follow_ups_on_time_count_those_decided_and_closed_by_the_due_date(cast: Cast) -> None:
    def follow_up(due: str, done: str | None = None) -> None:
        FollowUp.objects.create(
            municipality_id="2181",
            company=cast.company,
            title=f"Åtgärd {due} {done}",
            due_on=due,
            done_on=done,
            status=FollowUpStatus.DONE if done else FollowUpStatus.OPEN,
        )

    follow_up("2026-03-01", "2026-02-28")  # on time
    follow_up("2026-03-01", "2026-03-05")  # late
    follow_up("2026-04-01")  # open after its due date: late
    follow_up("2026-08-01", "2026-06-15")  # closed early: on time
    follow_up("2026-09-01")  # not due yet: not counted
    follow_up("2025-12-01", "2025-11-01")  # another year
    goal = _goal(GoalKind.FOLLOW_UPS_ON_TIME, 0.8)
    progress = goals.goal_progress(goal, JULY)
    assert progress.actual.value == pytest.approx(0.5)
    assert progress.actual.n == 4
    assert progress.status == goals.Status.BEHIND
    assert progress.actual_display == "50 %"
    assert progress.trend[2025].value == 1.0
    assert progress.trend[2024].value is None


def test_coverage_is_the_share_of_larger_companies_visited_within_the_years(cast: Cast) -> None:
    big = Company.objects.create(
        municipality_id="2181", orgnr="5567037485", name="Stor", employees=200
    )
    Company.objects.create(municipality_id="2181", orgnr="5560743089", name="Liten", employees=3)
    _held(cast, "2025-09-01", company=big)
    goal = _goal(GoalKind.COVERAGE, 0.4, min_employees=10, within_years=2)
    progress = goals.goal_progress(goal, JULY)
    assert progress.actual.value == pytest.approx(0.5)  # 1 of the 2 with more than 10
    assert progress.on_track
    assert progress.trend[2025].value == pytest.approx(0.5)
    assert progress.trend[2024].value is None  # no visits yet: no coverage, not zero


def test_the_rank_and_overall_grade_come_from_the_latest_published_ranking(
    cast: Cast, stored_rankings: tuple[int, ...]
) -> None:
    from foretagsklimat.apps.ranking.queries import municipality_history, year_results

    history = municipality_history("2181").set_index("year")["rank"]
    rank = _goal(GoalKind.RANK, float(history[2023]), year=2024)
    progress = goals.goal_progress(rank, JULY)
    assert progress.actual.value == history[2023]
    assert progress.actual.source_year == 2023
    assert progress.on_track and not progress.finished
    assert {y: p.value for y, p in progress.trend.items() if p.value is not None} == {
        2022: history[2022],
        2023: history[2023],
    }
    rank.target = float(history[2023] - 1)
    assert goals.goal_progress(rank, JULY).status == goals.Status.BEHIND  # lower is better

    results = year_results(2023)
    assert results is not None
    indicators = results.indicators
    grade = indicators[
        (indicators["kommunkod"] == "2181") & (indicators["indicator"] == "overall_grade")
    ]["value"].iloc[0]
    overall = goals.goal_progress(_goal(GoalKind.OVERALL_GRADE, 6, year=2023), JULY)
    assert overall.actual.value == pytest.approx(round(grade, 2))
    assert overall.finished and overall.status_label == "Inte uppnått"


def test_a_ranking_goal_without_a_published_ranking_has_no_data(cast: Cast) -> None:
    progress = goals.goal_progress(_goal(GoalKind.RANK, 50), JULY)
    assert progress.status == goals.Status.NO_DATA
    assert "sparkline" not in str(progress.sparkline)


@time_machine.travel("2026-07-01 12:00 +02:00", tick=False)
def test_creating_changing_and_removing_a_goal_is_audited(cast: Cast) -> None:
    client = cast.client(cast.sandviken_editor)
    response = client.post(
        "/arbetsyta/2181/mal/nytt/",
        {
            "year": 2026,
            "kind": "coverage",
            "target": "0,8",
            "min_employees": 10,
            "within_years": 2,
            "decided_by": "Kommunstyrelsen 2026-02-10",
        },
    )
    assert response.status_code == 302
    goal = Goal.objects.get()
    assert (goal.target, goal.municipality_id, goal.synthetic) == (0.8, "2181", False)
    created = AuditEntry.objects.get(action="workspace.goal.created")
    assert created.changes["target"] == [None, 0.8]
    assert created.user == cast.sandviken_editor

    client.post(
        f"/arbetsyta/2181/mal/{goal.pk}/andra/",
        {
            "year": 2026,
            "kind": "coverage",
            "target": "0.7",
            "min_employees": 10,
            "within_years": 2,
            "decided_by": "Kommunstyrelsen 2026-02-10",
        },
    )
    updated = AuditEntry.objects.get(action="workspace.goal.updated")
    assert updated.changes == {"target": [0.8, 0.7]}

    # The first POST only asks; nothing is removed until the confirmation is posted.
    asked = client.post(f"/arbetsyta/2181/mal/{goal.pk}/ta-bort/")
    assert asked.status_code == 200
    assert "Ta bort kommunstyrelsens mål?" in asked.content.decode()
    assert Goal.objects.filter(pk=goal.pk).exists()
    client.post(f"/arbetsyta/2181/mal/{goal.pk}/ta-bort/", {"confirmed": "1"})
    assert not Goal.objects.exists()
    deleted = AuditEntry.objects.get(action="workspace.goal.deleted")
    assert deleted.changes["kind"] == ["coverage", None]


@pytest.mark.parametrize(
    ("kind", "target", "extra", "field", "message"),
    [
        ("rank", "0", {}, "target", "mellan 1 och 290"),
        ("rank", "291", {}, "target", "mellan 1 och 290"),
        ("rank", "12,5", {}, "target", "heltal"),
        ("overall_grade", "7", {}, "target", "mellan 1 och 6"),
        ("evaluation", "0,5", {}, "target", "mellan 1 och 6"),
        ("coverage", "80", {"min_employees": 10, "within_years": 2}, "target", "mellan 0 och 1"),
        ("coverage", "0,8", {"within_years": 2}, "min_employees", "Ange antal anställda"),
        ("follow_ups_on_time", "1,2", {}, "target", "mellan 0 och 1"),
        ("visits", "-1", {}, "target", "mellan 0 och"),
        ("overall_grade", "3,5", {"baseline": "9"}, "baseline", "mellan 1 och 6"),
    ],
)
def test_a_goal_out_of_range_is_refused_with_a_message(
    cast: Cast, kind: str, target: str, extra: dict[str, object], field: str, message: str
) -> None:
    response = cast.client(cast.sandviken_editor).post(
        "/arbetsyta/2181/mal/nytt/", {"year": 2026, "kind": kind, "target": target, **extra}
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert message in " ".join(errors[field]), errors
    assert not Goal.objects.exists()


@override_settings(MIN_ANSWERS=100)
def test_an_overall_grade_from_too_few_survey_answers_is_not_shown(
    cast: Cast, stored_rankings: tuple[int, ...]
) -> None:
    """The stored rankings rest on 40 answers a municipality: below a minimum of 100."""
    progress = goals.goal_progress(_goal(GoalKind.OVERALL_GRADE, 3.5), JULY)
    assert progress.actual.value is None
    assert progress.status == goals.Status.NO_DATA
    assert "Färre än 100 svar" in progress.actual.reason
    assert all(point.value is None for point in progress.trend.values())
    page = cast.client(cast.sandviken_viewer).get("/arbetsyta/2181/oversikt/?ar=2026")
    assert "för få svar" in page.content.decode()
