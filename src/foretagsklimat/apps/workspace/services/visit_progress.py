"""How the visits measure up: progress against the year's visit targets, coverage, and
the evaluations' summary (never one evaluation), with their Excel tables."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

import pandas as pd
from django.conf import settings
from django.db.models import Avg, Count, QuerySet
from django.utils.translation import gettext as _

from foretagsklimat.apps.reference.models import Municipality

from ..models import Company, Evaluation, TargetKind, Visit, VisitTarget


def held_visits(municipality: Municipality) -> QuerySet[Visit]:
    return Visit.objects.for_municipality(municipality).filter(held_on__isnull=False)


def year_elapsed(year: int, today: date) -> float:
    """The share of ``year`` that has passed by the end of ``today`` (0 before, 1 after)."""
    if today.year < year:
        return 0.0
    if today.year > year:
        return 1.0
    days = 366 if calendar.isleap(year) else 365
    return today.timetuple().tm_yday / days


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


@dataclass(frozen=True)
class Progress:
    target: VisitTarget
    done: float
    #: For a coverage target: the companies counted and those visited.
    companies: int | None
    expected: float

    @property
    def goal(self) -> float:
        return self.target.target

    @property
    def share_done(self) -> float:
        """Done as a share of the target (may exceed 1)."""
        return self.done / self.goal if self.goal else 1.0

    @property
    def on_track(self) -> bool:
        return self.done >= self.expected

    @property
    def percent(self) -> int:
        """For a progress bar: 0–100."""
        return round(min(self.share_done, 1.0) * 100)

    @property
    def expected_percent(self) -> int:
        return round(min(self.expected / self.goal, 1.0) * 100) if self.goal else 100


def coverage(
    municipality: Municipality, min_employees: int, within_years: int, today: date
) -> tuple[int, int]:
    """(companies with more than ``min_employees`` employees, of which visited within the
    last ``within_years`` years up to ``today``)."""
    companies = Company.objects.for_municipality(municipality).filter(employees__gt=min_employees)
    visited = companies.filter(
        visits__held_on__gt=_years_before(today, within_years), visits__held_on__lte=today
    ).distinct()
    return companies.count(), visited.count()


def target_progress(municipality: Municipality, year: int, today: date) -> list[Progress]:
    """Progress against each of the year's targets on ``today``.

    A number-of-visits target counts the year's held visits up to ``today`` and expects
    the target pro rata by day of year. A coverage target is a state, not a sum: it
    expects the target share at any time of the year.
    """
    end = min(today, date(year, 12, 31))
    visits = held_visits(municipality).filter(held_on__year=year, held_on__lte=end)
    elapsed = year_elapsed(year, today)
    result = []
    for target in VisitTarget.objects.for_municipality(municipality).filter(year=year):
        companies = None
        if target.kind == TargetKind.COVERAGE:
            companies, visited = coverage(
                municipality, target.min_employees or 0, target.within_years or 1, end
            )
            done = visited / companies if companies else 0.0
            expected = target.target
        else:
            selected = visits
            if target.kind == TargetKind.VISITS_PER_OFFICER:
                selected = visits.filter(officer_id=target.officer_id)
            elif target.kind == TargetKind.VISITS_PER_UNIT:
                selected = visits.filter(unit=target.unit)
            done = selected.count()
            expected = target.target * elapsed
        result.append(Progress(target=target, done=done, companies=companies, expected=expected))
    return result


@dataclass(frozen=True)
class EvaluationSummary:
    n: int
    #: Mean grade per question (keys of ``Evaluation.QUESTIONS``); None below the minimum.
    means: dict[str, float] | None
    reason: str = ""


def evaluation_summary(municipality: Municipality, year: int) -> EvaluationSummary:
    """Mean grades of the year's evaluations, only from ``settings.MIN_ANSWERS`` answers."""
    return summarise_evaluations(
        Evaluation.objects.filter(visit__municipality=municipality, visit__held_on__year=year)
    )


def company_evaluation_summary(company: Company) -> EvaluationSummary:
    """Mean grades of every evaluation of the company's visits, under the same minimum:
    a company with few visits shows none, so that no single meeting's grades show."""
    return summarise_evaluations(Evaluation.objects.filter(visit__company=company))


def summarise_evaluations(evaluations: QuerySet[Evaluation]) -> EvaluationSummary:
    """Count and mean grades of ``evaluations``; no means below ``settings.MIN_ANSWERS``."""
    aggregates = evaluations.aggregate(
        n=Count("id"), **{field: Avg(field) for field in Evaluation.QUESTIONS}
    )
    n = aggregates.pop("n")
    if n < settings.MIN_ANSWERS:
        return EvaluationSummary(
            n=n,
            means=None,
            reason=_(
                "Färre än %(min)d svar: resultatet visas inte, så att ingen enskild "
                "utvärdering kan utläsas."
            )
            % {"min": settings.MIN_ANSWERS},
        )
    return EvaluationSummary(n=n, means={k: round(v, 2) for k, v in aggregates.items()})


def progress_frame(progress: list[Progress]) -> pd.DataFrame:
    """The targets page as a table; shares (coverage) are 0–1 like the targets."""
    rows = [
        {
            "ar": p.target.year,
            "typ": p.target.get_kind_display(),
            "handlaggare": p.target.officer.get_username() if p.target.officer else "",
            "enhet": p.target.unit,
            "fler_anstallda_an": p.target.min_employees,
            "inom_ar": p.target.within_years,
            "mal": p.goal,
            "utfort": p.done,
            "antal_foretag": p.companies,
            "forvantat_i_dag": round(p.expected, 2),
            "i_fas": p.on_track,
        }
        for p in progress
    ]
    return pd.DataFrame(
        rows,
        columns=[
            "ar",
            "typ",
            "handlaggare",
            "enhet",
            "fler_anstallda_an",
            "inom_ar",
            "mal",
            "utfort",
            "antal_foretag",
            "forvantat_i_dag",
            "i_fas",
        ],
    )


def summary_frame(summary: EvaluationSummary) -> pd.DataFrame:
    """Mean grade per question; empty means below the minimum number of answers."""
    means = summary.means or {}
    rows = [
        {
            "fraga": str(question),
            "medelbetyg": means.get(key),
            "antal_svar": summary.n,
            "kommentar": summary.reason,
        }
        for key, question in Evaluation.QUESTIONS.items()
    ]
    return pd.DataFrame(rows, columns=["fraga", "medelbetyg", "antal_svar", "kommentar"])
