"""The board's goals: saving and removing them (audited), and each goal's progress,
status and trend on a day (the dashboard, :mod:`.dashboard`, puts them together; the
measures are in :mod:`.goal_measures`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from .. import audit
from ..models import Goal, GoalKind
from . import visit_progress
from .goal_display import format_value, sparkline
from .goal_measures import (
    RANKING_KINDS,
    Point,
    kolada_point,
    measure,
    ranking_history,
    ranking_point,
)

#: How many years (the goal's own included) the trend shows.
TREND_YEARS = 5


def save_goal(goal: Goal, user: Any) -> Goal:
    """Create or update a goal; the update's entry names the fields that changed."""
    action = "workspace.goal.created" if goal.pk is None else "workspace.goal.updated"
    audit.save(goal, user, action)
    return goal


def delete_goal(goal: Goal, user: Any) -> None:
    audit.delete(goal, user, "workspace.goal.deleted", omit_blank=True)


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
    def published_year(self) -> str:
        """ "ranking 2024" or "Kolada 2023" when the actual value is of an earlier year than
        the goal's (the latest published); "" otherwise."""
        year = self.actual.source_year
        if not year or year == self.goal.year:
            return ""
        if self.goal.kind == GoalKind.KOLADA:
            return _("Kolada %(year)d") % {"year": year}
        return _("ranking %(year)d") % {"year": year}

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
        actual = ranking_point(history, goal.kind, goal.year, exact=False)
        return GoalProgress(
            goal, actual, goal.target, finished=actual.source_year == goal.year, trend=trend
        )
    if goal.kind == GoalKind.KOLADA:
        trend = measure(goal, years, today)
        actual = kolada_point(goal, goal.year, exact=False)
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
    expected = (
        goal.target * visit_progress.year_elapsed(goal.year, today)
        if goal.is_count
        else goal.target
    )
    return GoalProgress(goal, actual, expected, finished=today.year > goal.year, trend=trend)
