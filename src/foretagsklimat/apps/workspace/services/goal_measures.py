"""The measures behind the board's goals, one series per kind: ``{year: Point}``.

Definitions:

* rank, overall grade — from the public ranking: the latest published year up to the
  goal's year. The overall grade is the municipality's mean answer to the survey's
  summary question (the ``overall_grade`` factor), withheld below ``MIN_ANSWERS``;
* visits — held visits in the year up to today; expected pro rata by day of year;
* coverage — :func:`.visit_progress.coverage` on today (or the year's last day);
* evaluation — the mean of the three questions' means from
  :func:`.visit_progress.evaluation_summary`, which gives nothing below ``MIN_ANSWERS``
  evaluations;
* follow-ups closed on time — of the follow-ups due in the year whose outcome is known
  (due date passed, or closed already), the share closed on or before the due date;
* a key figure in Kolada — the municipality's value of the KPI as imported by
  ``foretagsklimat statistics kolada`` (``statistics.services.kpi_series``): the latest
  year up to the goal's year, shown with its source ("Källa: Kolada").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
from django.conf import settings
from django.db.models import Count, F, Q
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext as _

from foretagsklimat.apps.ranking.queries import municipality_history, year_results
from foretagsklimat.apps.reference.models import Municipality
from foretagsklimat.apps.statistics.services import kpi_series

from ..models import FollowUp, FollowUpStatus, Goal, GoalKind
from . import visit_progress
from .published import OVERALL_GRADE, published_ranking, with_published

#: Kinds measured by the public ranking rather than the workspace.
RANKING_KINDS = {GoalKind.RANK, GoalKind.OVERALL_GRADE}


@dataclass(frozen=True)
class Point:
    """One value of a measure: ``value`` None when there is no (publishable) number."""

    value: float | None
    #: The ranking year a rank or overall grade comes from.
    source_year: int | None = None
    #: How many (answers, companies, follow-ups) the value rests on, when it matters.
    n: int | None = None
    reason: str = ""
    #: Where the value comes from when its terms ask for it to be named ("Kolada").
    source: str = ""


def _no_ranking() -> Point:
    return Point(None, reason=_("Ingen publicerad ranking för året eller åren före."))


def ranking_history(code: str) -> pd.DataFrame:
    """The municipality's published rank and overall grade per year, ascending.

    Columns: ``year``, ``rank``, ``change``, ``points``, ``count`` (ranked
    municipalities), ``overall_grade`` and ``overall_grade_n`` (NaN where suppressed or
    missing), ``overall_grade_suppressed``, ``synthetic``, and ``source``: the file of a
    year the municipality loaded as published results (:mod:`.published`), "" for a year
    of this installation's own ranking.
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
    frame = frame[["year", "rank", "change", "points", *columns[1:], "synthetic"]]
    # Results the municipality loaded as published win over the years computed here.
    return with_published(frame, published_ranking(code))


def ranking_point(history: pd.DataFrame, kind: str, year: int, *, exact: bool) -> Point:
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
    answers = row["overall_grade_n"]
    return Point(
        round(float(row["overall_grade"]), 2),
        source_year=source,
        n=None if pd.isna(answers) else int(answers),
    )


def _year_end(year: int, today: date) -> date:
    return min(today, date(year, 12, 31))


def _first_visit_year(municipality: Municipality) -> int | None:
    """The year of the first held visit: before it the workspace was not in use, and a
    zero there would be a false number."""
    first = (
        visit_progress.held_visits(municipality)
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
        visit_progress.held_visits(municipality)
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
        companies, visited = visit_progress.coverage(
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
        summary = visit_progress.evaluation_summary(municipality, year)
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


def _no_kolada_values(goal: Goal) -> Point:
    return Point(
        None,
        reason=_(
            "Inga värden för %(kpi)s hämtade från Kolada: kör foretagsklimat statistics "
            "kolada --kpi %(kpi)s --year %(year)d --municipality %(code)s."
        )
        % {"kpi": goal.kolada_kpi, "year": goal.year, "code": goal.municipality_id},
    )


def kolada_series(goal: Goal) -> dict[int, tuple[float, str]]:
    return kpi_series(goal.kolada_kpi, goal.municipality_id)


def kolada_point(
    goal: Goal, year: int, *, exact: bool, series: dict[int, tuple[float, str]] | None = None
) -> Point:
    """The key figure of ``year`` (``exact``) or of the latest year up to it."""
    series = kolada_series(goal) if series is None else series
    years = [y for y in series if (y == year if exact else y <= year)]
    if not years:
        return _no_kolada_values(goal)
    source_year = max(years)
    value, source = series[source_year]
    return Point(value, source_year=source_year, source=source)


def measure(
    goal: Goal, years: list[int], today: date, history: pd.DataFrame | None = None
) -> dict[int, Point]:
    """The goal's measure for each of ``years`` (the workspace's as of ``today``)."""
    municipality = goal.municipality
    if goal.kind in RANKING_KINDS:
        history = ranking_history(municipality.code) if history is None else history
        return {y: ranking_point(history, goal.kind, y, exact=True) for y in years}
    if goal.kind == GoalKind.VISITS:
        return visits_by_year(municipality, years, today)
    if goal.kind == GoalKind.COVERAGE:
        return coverage_by_year(
            municipality, years, today, goal.min_employees or 0, goal.within_years or 1
        )
    if goal.kind == GoalKind.EVALUATION:
        return evaluation_by_year(municipality, years)
    if goal.kind == GoalKind.KOLADA:
        series = kolada_series(goal)
        return {y: kolada_point(goal, y, exact=True, series=series) for y in years}
    return follow_ups_on_time_by_year(municipality, years, today)
