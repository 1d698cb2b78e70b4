"""The board's goals: saving them (with their audit entry), and each goal's actual value,
progress, status and trend (the dashboard, :mod:`.dashboard`, puts them together).

Definitions (also in docs/workspace.md):

* rank, overall grade — from the public ranking: the latest published year up to the
  goal's year. The overall grade is the municipality's mean answer to the survey's
  summary question (the ``overall_grade`` factor), withheld below ``MIN_ANSWERS``;
* visits — held visits in the year up to today; expected pro rata by day of year;
* coverage — :func:`.visits.coverage` on today (or the year's last day);
* evaluation — the mean of the three questions' means from :func:`.visits.evaluation_summary`,
  which gives nothing below ``MIN_ANSWERS`` evaluations;
* follow-ups closed on time — of the follow-ups due in the year whose outcome is known
  (due date passed, or closed already), the share closed on or before the due date.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd
from django.conf import settings
from django.db import transaction
from django.db.models import Count, F, Q
from django.db.models.functions import ExtractYear
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from foretagsklimat.apps.ranking.queries import municipality_history, year_results
from foretagsklimat.apps.reference.models import Municipality

from . import audit, visits
from .goals_display import format_value, sparkline
from .models import FollowUp, FollowUpStatus, Goal, GoalKind

GOAL_FIELDS = (
    "year",
    "kind",
    "target",
    "baseline",
    "min_employees",
    "within_years",
    "decided_by",
    "note",
)
#: How many years (the goal's own included) the trend shows.
TREND_YEARS = 5
#: The survey factor behind the overall grade ("Sammanfattande omdöme").
OVERALL_GRADE = "overall_grade"
#: Kinds measured by the public ranking rather than the workspace.
RANKING_KINDS = {GoalKind.RANK, GoalKind.OVERALL_GRADE}


# --- Changes ---------------------------------------------------------------------------


@transaction.atomic
def save_goal(goal: Goal, user: Any, before: dict[str, Any] | None = None) -> Goal:
    """Create (``before`` None) or update a goal; ``before`` is ``snapshot_goal(goal)``."""
    goal.save()
    changes = audit.changed(before or {}, snapshot_goal(goal))
    if before is None:
        audit.record(goal.municipality, user, "workspace.goal.created", goal, changes)
    elif changes:
        audit.record(goal.municipality, user, "workspace.goal.updated", goal, changes)
    return goal


@transaction.atomic
def delete_goal(goal: Goal, user: Any) -> None:
    # Every field goes from its value to None (``audit.changed`` only walks the new values).
    audit.record(
        goal.municipality,
        user,
        "workspace.goal.deleted",
        goal,
        {
            name: [value, None]
            for name, value in snapshot_goal(goal).items()
            if value not in (None, "")
        },
    )
    goal.delete()


def snapshot_goal(goal: Goal) -> dict[str, Any]:
    return audit.snapshot(goal, GOAL_FIELDS)


# --- Measures, one series per kind: {year: value or None} --------------------------------


@dataclass(frozen=True)
class Point:
    """One value of a measure: ``value`` None when there is no (publishable) number."""

    value: float | None
    #: The ranking year a rank or overall grade comes from.
    source_year: int | None = None
    #: How many (answers, companies, follow-ups) the value rests on, when it matters.
    n: int | None = None
    reason: str = ""


def _no_ranking() -> Point:
    return Point(None, reason=_("Ingen publicerad ranking för året eller åren före."))


def ranking_history(code: str) -> pd.DataFrame:
    """The municipality's published rank and overall grade per year, ascending.

    Columns: ``year``, ``rank``, ``change``, ``points``, ``count`` (ranked
    municipalities), ``overall_grade`` and ``overall_grade_n`` (NaN where suppressed or
    missing), ``overall_grade_suppressed``, ``synthetic``.
    """
    history = municipality_history(code)
    grades = []
    for year in history["year"]:
        results = year_results(int(year))
        assert results is not None  # municipality_history lists published years only
        own = results.indicators[
            (results.indicators["kommunkod"] == code)
            & (results.indicators["indicator"] == OVERALL_GRADE)
        ]
        row = own.iloc[0] if not own.empty else None
        grades.append(
            {
                "year": int(year),
                "count": len(results.totals),
                "overall_grade": float("nan") if row is None else float(row["value"]),
                "overall_grade_n": float("nan") if row is None else float(row["n"]),
                "overall_grade_suppressed": bool(row is not None and row["suppressed"]),
            }
        )
    columns = ["year", "count", "overall_grade", "overall_grade_n", "overall_grade_suppressed"]
    frame = history.merge(pd.DataFrame(grades, columns=columns), on="year", how="left")
    return frame[["year", "rank", "change", "points", *columns[1:], "synthetic"]]


def _ranking_point(history: pd.DataFrame, kind: str, year: int, *, exact: bool) -> Point:
    """Rank or overall grade of ``year`` (``exact``) or the latest published year up to it."""
    rows = history[history["year"] == year] if exact else history[history["year"] <= year]
    if rows.empty:
        return _no_ranking()
    row = rows.iloc[-1]
    source = int(row["year"])
    if kind == GoalKind.RANK:
        return Point(float(row["rank"]), source_year=source, n=int(row["count"]))
    if pd.isna(row["overall_grade"]):
        reason = (
            (
                _("Färre än %(min)d svar på enkäten: omdömet publiceras inte.")
                % {"min": settings.MIN_ANSWERS}
            )
            if row["overall_grade_suppressed"]
            else (_("Inget sammanfattande omdöme i rankingen %(year)d.") % {"year": source})
        )
        return Point(None, source_year=source, reason=reason)
    return Point(
        round(float(row["overall_grade"]), 2), source_year=source, n=int(row["overall_grade_n"])
    )


def _year_end(year: int, today: date) -> date:
    return min(today, date(year, 12, 31))


def _first_visit_year(municipality: Municipality) -> int | None:
    """The year of the first held visit: before it the workspace was not in use, and a
    zero there would be a false number."""
    first = (
        visits.held_visits(municipality)
        .order_by("held_on")
        .values_list("held_on", flat=True)
        .first()
    )
    return first.year if first else None


def _before_first_visit() -> Point:
    return Point(None, reason=_("Inga besök registrerade så tidigt."))


def visits_by_year(municipality: Municipality, years: list[int], today: date) -> dict[int, Point]:
    """Held visits per year up to ``today``, in one grouped query."""
    first = _first_visit_year(municipality)
    counts = dict(
        visits.held_visits(municipality)
        .filter(held_on__gte=date(min(years), 1, 1), held_on__lte=_year_end(max(years), today))
        .annotate(y=ExtractYear("held_on"))
        .values("y")
        .annotate(n=Count("id"))
        .values_list("y", "n")
    )
    return {
        y: Point(float(counts.get(y, 0)))
        if first is not None and y >= first
        else _before_first_visit()
        for y in years
    }


def coverage_by_year(
    municipality: Municipality, years: list[int], today: date, min_employees: int, within_years: int
) -> dict[int, Point]:
    """Coverage on each year's last day (today for the current year)."""
    first = _first_visit_year(municipality)
    result = {}
    for year in years:
        if first is None or year < first:
            result[year] = _before_first_visit()
            continue
        companies, visited = visits.coverage(
            municipality, min_employees, within_years, _year_end(year, today)
        )
        result[year] = (
            Point(visited / companies, n=companies)
            if companies
            else Point(None, reason=_("Inga företag över storleksgränsen."))
        )
    return result


def evaluation_by_year(municipality: Municipality, years: list[int]) -> dict[int, Point]:
    """The mean of the three questions' means, only from ``MIN_ANSWERS`` evaluations."""
    result = {}
    for year in years:
        summary = visits.evaluation_summary(municipality, year)
        if summary.means is None:
            result[year] = Point(None, n=summary.n, reason=summary.reason)
        else:
            mean = sum(summary.means.values()) / len(summary.means)
            result[year] = Point(round(mean, 2), n=summary.n)
    return result


def follow_ups_on_time_by_year(
    municipality: Municipality, years: list[int], today: date
) -> dict[int, Point]:
    """Per year of the due date: the share closed on or before the due date, among those
    whose outcome is known on ``today`` (due date passed, or closed), in one query."""
    on_time = Q(status=FollowUpStatus.DONE, done_on__lte=F("due_on"))
    counts = {
        row["y"]: row
        for row in FollowUp.objects.for_municipality(municipality)
        .filter(due_on__gte=date(min(years), 1, 1), due_on__lte=date(max(years), 12, 31))
        .filter(Q(due_on__lt=today) | on_time)
        .annotate(y=ExtractYear("due_on"))
        .values("y")
        .annotate(decided=Count("id"), on_time=Count("id", filter=on_time))
    }
    result = {}
    for year in years:
        row = counts.get(year)
        if not row:
            result[year] = Point(None, n=0, reason=_("Inga uppföljningar har förfallit än."))
        else:
            result[year] = Point(row["on_time"] / row["decided"], n=row["decided"])
    return result


def measure(
    goal: Goal, years: list[int], today: date, history: pd.DataFrame | None = None
) -> dict[int, Point]:
    """The goal's measure for each of ``years`` (the workspace's as of ``today``)."""
    municipality = goal.municipality
    if goal.kind in RANKING_KINDS:
        history = ranking_history(municipality.code) if history is None else history
        return {y: _ranking_point(history, goal.kind, y, exact=True) for y in years}
    if goal.kind == GoalKind.VISITS:
        return visits_by_year(municipality, years, today)
    if goal.kind == GoalKind.COVERAGE:
        return coverage_by_year(
            municipality, years, today, goal.min_employees or 0, goal.within_years or 1
        )
    if goal.kind == GoalKind.EVALUATION:
        return evaluation_by_year(municipality, years)
    return follow_ups_on_time_by_year(municipality, years, today)


# --- Progress ----------------------------------------------------------------------------


class Status:
    ON_TRACK = "on_track"
    BEHIND = "behind"
    NO_DATA = "no_data"


@dataclass(frozen=True)
class GoalProgress:
    goal: Goal
    actual: Point
    #: For a count (visits): the number expected by today, pro rata; else the target.
    expected: float
    #: The year is over (for the ranking's measures: the goal year's ranking is out).
    finished: bool
    trend: dict[int, Point] = field(default_factory=dict)

    @property
    def status(self) -> str:
        value = self.actual.value
        if value is None:
            return Status.NO_DATA
        if self.goal.is_count:
            return Status.ON_TRACK if value >= self.expected else Status.BEHIND
        return Status.ON_TRACK if self.goal.meets(value) else Status.BEHIND

    @property
    def on_track(self) -> bool:
        return self.status == Status.ON_TRACK

    @property
    def status_label(self) -> str:
        if self.status == Status.NO_DATA:
            return _("Uppgift saknas")
        if self.finished:
            return _("Uppnått") if self.on_track else _("Inte uppnått")
        return _("I fas") if self.on_track else _("Efter plan")

    @property
    def percent(self) -> int:
        """How far along, 0–100, for a bar: from the baseline when there is one."""
        return _share_of_way(self.goal, self.actual.value)

    @property
    def expected_percent(self) -> int | None:
        """Where a count should be by today (a line in the bar); None for states."""
        if not self.goal.is_count:
            return None
        return _share_of_way(self.goal, self.expected)

    @property
    def target_display(self) -> str:
        return format_value(self.goal.kind, self.goal.target)

    @property
    def actual_display(self) -> str:
        return format_value(self.goal.kind, self.actual.value)

    @property
    def baseline_display(self) -> str:
        return format_value(self.goal.kind, self.goal.baseline)

    @property
    def sparkline(self) -> SafeString:
        return sparkline(self.goal, self.trend)


def _share_of_way(goal: Goal, value: float | None) -> int:
    if value is None:
        return 0
    target, start = goal.target, goal.baseline
    if start is not None and start != target:
        share = (value - start) / (target - start)
    elif goal.lower_is_better:
        share = target / value if value else 1.0
    else:
        share = value / target if target else 1.0
    return round(min(max(share, 0.0), 1.0) * 100)


def trend_years(year: int, today: date) -> list[int]:
    """The goal's year and the ones before it, not past the current year."""
    last = min(year, today.year)
    return list(range(last - TREND_YEARS + 1, last + 1))


def goal_progress(goal: Goal, today: date, history: pd.DataFrame | None = None) -> GoalProgress:
    """Actual value, expectation, status and trend of one goal on ``today``."""
    years = trend_years(goal.year, today)
    if goal.kind in RANKING_KINDS:
        history = ranking_history(goal.municipality.code) if history is None else history
        trend = measure(goal, years, today, history)
        actual = _ranking_point(history, goal.kind, goal.year, exact=False)
        return GoalProgress(
            goal, actual, goal.target, finished=actual.source_year == goal.year, trend=trend
        )
    if today.year < goal.year:
        trend = measure(goal, years, today) if years else {}
        return GoalProgress(
            goal,
            Point(None, reason=_("Året har inte börjat.")),
            goal.target,
            finished=False,
            trend=trend,
        )
    trend = measure(goal, years, today)
    actual = trend[goal.year]
    expected = goal.target * visits.year_elapsed(goal.year, today) if goal.is_count else goal.target
    return GoalProgress(goal, actual, expected, finished=today.year > goal.year, trend=trend)
