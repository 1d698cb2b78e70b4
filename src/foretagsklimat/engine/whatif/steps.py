"""Lever steps: the size of one improvement per indicator and how far a value may move.

Examples
--------
>>> step_size("survey", "service", "service", None), step_size("statistic", "x", "x", None)
(0.1, 1.0)
>>> move(3.9, 1, "survey", 4, SURVEY_STEP), move(5.95, 1, "survey", 1, SURVEY_STEP)
(4.3, 6.0)
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["EPS", "GRADE_RANGE", "STATISTIC_STEPS", "SURVEY_STEP", "move", "step_size"]

#: Survey grades are means of 1..6 answers, so no change can take them outside this range.
GRADE_RANGE = (1.0, 6.0)
#: One lever step on a survey grade: the first decimal, as grades are published.
SURVEY_STEP = 0.1
#: One lever step per statistic, in its own unit, chosen to be a change a municipality
#: could plausibly make in a year (override with the ``steps`` arguments).
STATISTIC_STEPS: dict[str, float] = {
    "municipal_tax": 0.1,  # percentage point of the tax rate (10 öre per 100 kr)
    "employment_rate": 0.5,  # percentage point of the 20-64 year olds in work
    "employers_per_1000": 1.0,  # private employer per 1,000 inhabitants
    "new_entrepreneurship": 0.5,  # new entrepreneur per 1,000 inhabitants
    "entrepreneurship": 1.0,  # entrepreneur per 1,000 inhabitants
    "contracting_out": 1.0,  # percentage point of the activity run by private providers
    "market_income": 1.0,  # percentage point of household income from the market
}
#: Step for a statistic missing from :data:`STATISTIC_STEPS`: one unit.
FALLBACK_STATISTIC_STEP = 1.0
#: Slack when comparing values built by adding steps in floating point.
EPS = 1e-9


def step_size(
    kind: str, code: str, source: str, steps: float | Mapping[str, float] | None
) -> float:
    """Size (positive) of one lever step on an indicator.

    ``steps`` overrides: a number for every indicator, or a mapping by indicator code
    or source; otherwise :data:`SURVEY_STEP` for a grade and :data:`STATISTIC_STEPS`
    for a statistic.
    """
    if isinstance(steps, int | float):
        return float(steps)
    if steps is not None:
        for key in (code, source):
            if key in steps:
                return float(steps[key])
    if kind == "survey":
        return SURVEY_STEP
    return STATISTIC_STEPS.get(source, FALLBACK_STATISTIC_STEP)


def move(value: float, direction: int, kind: str, k: float, size: float) -> float:
    """``value`` after ``k`` steps of ``size`` in the improving direction.

    Grades stop at the ends of :data:`GRADE_RANGE`.
    """
    moved = value + direction * size * k
    if kind == "survey":
        moved = min(max(moved, GRADE_RANGE[0]), GRADE_RANGE[1])
    # Round away the floating-point dust of repeated additions (3.9 + 0.1 * 4).
    return round(moved, 10)
