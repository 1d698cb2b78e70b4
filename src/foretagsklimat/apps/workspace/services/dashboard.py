"""The board's dashboard: the year's goals beside the public ranking, the visits and the
follow-ups — what the page and the PDF report show — and the goals list for Excel."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd

from foretagsklimat.apps.reference.models import Municipality

from ..models import Company, FollowUp, FollowUpStatus, Goal, GoalKind, TargetKind, VisitTarget
from . import followups, visit_progress
from .goal_display import format_value
from .goal_measures import RANKING_KINDS, ranking_history
from .goals import GoalProgress, goal_progress


@dataclass(frozen=True)
class Dashboard:
    """Everything the board's dashboard and its PDF report show, for one year."""

    municipality: Municipality
    year: int
    today: date
    goals: list[GoalProgress]
    #: Published years up to ``year``: see :func:`ranking_history`.
    ranking: pd.DataFrame
    visits_done: int
    visits_target: float | None
    follow_ups_open: int
    follow_ups_overdue: int
    evaluation: visit_progress.EvaluationSummary
    synthetic_workspace: bool
    synthetic_ranking: bool

    @property
    def ranking_year(self) -> int | None:
        return int(self.ranking["year"].iloc[-1]) if not self.ranking.empty else None

    @property
    def synthetic(self) -> bool:
        return self.synthetic_workspace or self.synthetic_ranking

    def ranking_rows(self) -> list[dict[str, Any]]:
        """The ranking history, newest first, with missing values as None."""
        rows = []
        for row in self.ranking.iloc[::-1].to_dict("records"):
            grade = row["overall_grade"]
            rows.append(
                {
                    "year": int(row["year"]),
                    "rank": int(row["rank"]),
                    "count": int(row["count"]),
                    "change": None if pd.isna(row["change"]) else int(row["change"]),
                    "overall_grade": None if pd.isna(grade) else float(grade),
                    "overall_grade_display": format_value(
                        GoalKind.OVERALL_GRADE, None if pd.isna(grade) else float(grade)
                    ),
                    "overall_grade_suppressed": bool(row["overall_grade_suppressed"]),
                    "synthetic": bool(row["synthetic"]),
                    "source": str(row.get("source") or ""),
                }
            )
        return rows


def dashboard(municipality: Municipality, year: int, today: date) -> Dashboard:
    history = ranking_history(municipality.code)
    history = history[history["year"] <= year].reset_index(drop=True)
    goals = Goal.objects.for_municipality(municipality).filter(year=year)
    progress = [
        goal_progress(goal, today, history)
        for goal in goals.select_related("municipality").order_by("kind", "id")
    ]
    visits_done = (
        visit_progress.held_visits(municipality)
        .filter(held_on__year=year, held_on__lte=today)
        .count()
    )
    targets = (
        VisitTarget.objects.for_municipality(municipality)
        .filter(year=year, kind=TargetKind.VISITS_TOTAL)
        .values_list("target", flat=True)
    )
    visit_goal = goals.filter(kind=GoalKind.VISITS).values_list("target", flat=True)
    # The board's goal first; the business office's own visit target when there is none.
    visits_target = next(iter(visit_goal), None) or next(iter(targets), None)
    open_follow_ups = FollowUp.objects.for_municipality(municipality).filter(
        status=FollowUpStatus.OPEN
    )
    return Dashboard(
        municipality=municipality,
        year=year,
        today=today,
        goals=progress,
        ranking=history,
        visits_done=visits_done,
        visits_target=visits_target,
        follow_ups_open=open_follow_ups.count(),
        follow_ups_overdue=followups.overdue(open_follow_ups, today).count(),
        evaluation=visit_progress.evaluation_summary(municipality, year),
        synthetic_workspace=(
            goals.filter(synthetic=True).exists()
            or Company.objects.for_municipality(municipality).filter(synthetic=True).exists()
        ),
        synthetic_ranking=bool(history["synthetic"].any()),
    )


def goals_frame(goals: Any, today: date) -> pd.DataFrame:
    """The goals list for Excel: one row per goal with its actual value and status."""
    rows = []
    history = None
    for goal in goals:
        if goal.kind in RANKING_KINDS and history is None:
            history = ranking_history(goal.municipality.code)
        progress = goal_progress(goal, today, history)
        rows.append(
            {
                "ar": goal.year,
                "matt": goal.get_kind_display(),
                "malvarde": goal.target,
                "utgangslage": goal.baseline,
                "utfall": progress.actual.value,
                "utfall_fran_ranking": progress.actual.source_year,
                "status": progress.status_label,
                "fler_anstallda_an": goal.min_employees,
                "inom_ar": goal.within_years,
                "beslutat_av": goal.decided_by,
                "anteckning": goal.note,
                "nyckeltal": goal.kolada_kpi,
                "kalla": progress.actual.source,
            }
        )
    return pd.DataFrame(
        rows,
        columns=[
            "ar",
            "matt",
            "malvarde",
            "utgangslage",
            "utfall",
            "utfall_fran_ranking",
            "status",
            "fler_anstallda_an",
            "inom_ar",
            "beslutat_av",
            "anteckning",
            "nyckeltal",
            "kalla",
        ],
    )
