"""Synthetic goals of the municipal board for the demo workspaces.

Sandviken (2181) gets goals for 2022–2026, so that the dashboard's trend has history;
Gävle (2180) a few for 2026. The ranking goals are set as a board would: some places
better than the latest published rank before the year (and a fixed value when no ranking
is loaded). Deterministic and idempotent: a goal is looked up by municipality, year and
kind before it is created, and an existing one (perhaps changed in the demo) is left alone.
Call after :func:`.demo.ensure_workspace_demo` and the demo ranking.
"""

from __future__ import annotations

from django.db import transaction

from foretagsklimat.apps.workspace.models import Goal, GoalKind
from foretagsklimat.apps.workspace.services.goal_measures import ranking_history

#: Per municipality and year: {kind: target}, set against the demo's data so that some are
#: met and some not: visits (Sandviken 150, 170, 195, 220, 245 a year; Gävle 100 in 2026),
#: coverage of the few companies with more than 10 employees (about 0.6 in 2022, 0.9 later),
#: mean evaluation about 4.4–4.6.
GOALS: dict[str, dict[int, dict[str, float]]] = {
    "2181": {
        2022: {GoalKind.VISITS: 160, GoalKind.EVALUATION: 4.3},
        2023: {GoalKind.VISITS: 170, GoalKind.EVALUATION: 4.3},
        2024: {GoalKind.VISITS: 190, GoalKind.EVALUATION: 4.4, GoalKind.COVERAGE: 0.9},
        2025: {GoalKind.VISITS: 230, GoalKind.EVALUATION: 4.4, GoalKind.COVERAGE: 0.95},
        2026: {
            GoalKind.VISITS: 260,
            GoalKind.EVALUATION: 4.5,
            GoalKind.COVERAGE: 0.95,
            GoalKind.OVERALL_GRADE: 3.6,
            GoalKind.FOLLOW_UPS_ON_TIME: 0.8,
        },
    },
    "2180": {
        2026: {GoalKind.VISITS: 110, GoalKind.EVALUATION: 4.2, GoalKind.OVERALL_GRADE: 3.5},
    },
}
#: Years with a rank goal, and how many places better than the last published rank.
RANK_GOALS = {"2181": ((2022, 2023, 2024, 2025, 2026), 15), "2180": ((2026,), 10)}
#: Used when no ranking is published (a demo without the ranking).
FALLBACK_RANK = 100
DECIDED = {"2181": "Kommunstyrelsen {year}-02-10", "2180": "Kommunstyrelsen {year}-03-04"}
COVERAGE = {"min_employees": 10, "within_years": 2}


def _rank_target(code: str, year: int, places: int) -> tuple[float, float | None]:
    """(target, baseline): ``places`` better than the latest rank published before ``year``."""
    history = ranking_history(code)
    before = history[history["year"] < year]
    if before.empty:
        return FALLBACK_RANK, None
    baseline = float(before["rank"].iloc[-1])
    return max(1.0, baseline - places), baseline


@transaction.atomic
def ensure_goals_demo() -> int:
    """Create the demo goals that are not there yet; returns how many were created."""
    created = 0
    for code, years in GOALS.items():
        wanted = {year: dict(kinds) for year, kinds in years.items()}
        rank_years, places = RANK_GOALS[code]
        baselines: dict[int, float | None] = {}
        for year in rank_years:
            wanted.setdefault(year, {})[GoalKind.RANK], baselines[year] = _rank_target(
                code, year, places
            )
        for year, kinds in wanted.items():
            for kind, target in kinds.items():
                # filter().exists(), not get_or_create: members may add a second goal of
                # the same kind and year (say, two coverage goals), which is fine.
                if Goal.objects.filter(municipality_id=code, year=year, kind=kind).exists():
                    continue
                extra = COVERAGE if kind == GoalKind.COVERAGE else {}
                Goal.objects.create(
                    municipality_id=code,
                    year=year,
                    kind=kind,
                    target=target,
                    synthetic=True,
                    baseline=baselines.get(year) if kind == GoalKind.RANK else None,
                    decided_by=DECIDED[code].format(year=year),
                    **extra,
                )
                created += 1
    return created
