"""What-if, levers and targets: how a municipality's rank responds to its factor values.

:func:`what_if` changes some of one municipality's values and returns its new total and
rank; :func:`levers` gives, per indicator, the places gained by one step in the
improving direction (0.1 on a grade, a meaningful unit on a statistic, see
:data:`STATISTIC_STEPS`); :func:`reach_target` finds a small set of improvements that
reaches a target rank and :func:`describe_plan` states it as a sentence.

All of them score with the same pieces as :func:`~foretagsklimat.engine.ranking.rank`
(the ranked columns, :func:`~foretagsklimat.engine.normalisers.factor_rank`, the
normaliser registry, neutral points for gaps and the strict tie-break), but re-score
only the changed indicators with numpy; the tests check them against ``rank()`` on the
modified input. :class:`WhatIfModel` keeps a fitted year so that repeated questions
(a page's sliders, a search for a plan) skip parsing the input again.

Examples
--------
>>> import pandas as pd
>>> from foretagsklimat.engine.methodology import Methodology
>>> m = Methodology.from_dict({
...     "name": "toy", "title_sv": "Leksak", "title_en": "Toy", "first_year": 2020,
...     "indicators": [
...         {"code": "overall_grade", "kind": "survey", "source": "overall_grade",
...          "weight": "1/2", "direction": 1, "status": "inferred", "note": "toy"},
...         {"code": "municipal_tax", "kind": "statistic", "source": "municipal_tax",
...          "weight": "1/2", "direction": -1, "status": "inferred", "note": "toy"},
...     ]})
>>> values = pd.DataFrame({
...     "kommunkod": ["0114", "0115", "0117"] * 2,
...     "source": ["overall_grade"] * 3 + ["municipal_tax"] * 3,
...     "value": [4.0, 3.0, 3.5, 21.0, 20.0, 22.0]})
>>> result = what_if(values, m, "0117", {"overall_grade": 4.2})
>>> result.rank_before, result.rank
(3, 1)
>>> levers(values, m, "0117")[["indicator", "step", "places_gained"]]
       indicator  step  places_gained
0  overall_grade   0.1              0
1  municipal_tax  -0.1              0
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from foretagsklimat import reference as _reference

from .methodology import Methodology
from .normalisers import NORMALISERS, factor_rank
from .ranking import _final_rank, _ranked_columns, _resolve, _validated_input, rank

__all__ = [
    "GRADE_RANGE",
    "STATISTIC_STEPS",
    "SURVEY_STEP",
    "Plan",
    "WhatIf",
    "WhatIfModel",
    "describe_plan",
    "levers",
    "reach_target",
    "what_if",
]

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
_FALLBACK_STATISTIC_STEP = 1.0
#: Slack when comparing values built by adding steps in floating point.
_EPS = 1e-9


@dataclass(frozen=True)
class WhatIf:
    """A municipality's rank before and after changing some of its values.

    Attributes
    ----------
    kommunkod : str
    rank, points : int, float
        The new rank and total after the changes.
    rank_before, points_before : int, float
        As ranked on the unchanged input.
    indicators : DataFrame
        One row per changed indicator: ``indicator``, ``value_before``, ``value_after``,
        ``factor_rank_before``, ``factor_rank_after``, ``points_before``,
        ``points_after`` (unweighted points on that indicator).
    municipalities : DataFrame
        Every municipality: ``kommunkod``, ``points``, ``rank``, ``points_before``,
        ``rank_before``, in rank order after the change, so a page can show whom it passes.
    """

    kommunkod: str
    rank: int
    points: float
    rank_before: int
    points_before: float
    indicators: pd.DataFrame
    municipalities: pd.DataFrame = field(repr=False)

    @property
    def change(self) -> int:
        """Places gained (positive = climbed), as in :func:`~foretagsklimat.engine.movers`."""
        return self.rank_before - self.rank

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable summary (without the all-municipalities table)."""
        return {
            "kommunkod": self.kommunkod,
            "rank": self.rank,
            "points": self.points,
            "rank_before": self.rank_before,
            "points_before": self.points_before,
            "change": self.change,
            "indicators": [
                {k: _plain(v) for k, v in row.items()}
                for row in self.indicators.to_dict(orient="records")
            ],
        }


@dataclass(frozen=True)
class Plan:
    """A set of improvements meant to bring a municipality to a target rank.

    Attributes
    ----------
    kommunkod : str
    target_rank : int
    rank_before, final_rank : int
        The rank now and after all the steps.
    reachable : bool
        Whether ``final_rank <= target_rank``. When False, ``steps`` is the most the
        chosen indicators allow (grades at 6, statistics past the best municipality)
        and ``final_rank`` the best rank that gives.
    steps : DataFrame
        ``indicator``, ``label_sv``, ``label_en``, ``kind``, ``from_value``,
        ``to_value``, ``change`` (signed, in the improving direction) and ``n_steps``
        (number of lever steps of size ``step``), ``step``; largest change first.
    points_before, points_after : float
    """

    kommunkod: str
    target_rank: int
    rank_before: int
    final_rank: int
    reachable: bool
    steps: pd.DataFrame
    points_before: float = math.nan
    points_after: float = math.nan

    @property
    def total_steps(self) -> int:
        """The size of the plan: lever steps summed over indicators."""
        return int(self.steps["n_steps"].sum()) if len(self.steps) else 0

    @property
    def changes(self) -> dict[str, float]:
        """``{indicator: to_value}``, ready for :func:`what_if` to check the plan."""
        return dict(zip(self.steps["indicator"], self.steps["to_value"], strict=True))


def _plain(value: Any) -> Any:
    """A numpy scalar as a plain Python value, NaN as None (JSON has no NaN)."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _wide(values: pd.DataFrame, sources: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Municipality codes (sorted) and a units x sources matrix of values.

    A lean numpy version of ``rank``'s parse, since a slider calls this on every move;
    whenever the input looks wrong it defers to ``rank``'s own validation so that the
    error messages are the same.
    """
    if not {"kommunkod", "source", "value"} <= set(values.columns):
        _validated_input(values, set(sources))
    source = values["source"].to_numpy()
    keep = np.isin(source, sources)
    try:
        value = values["value"].to_numpy()[keep].astype("float64")
    except (TypeError, ValueError):
        _validated_input(values, set(sources))
        raise
    codes_in = values["kommunkod"].to_numpy()[keep].astype(str)
    codes, row = np.unique(codes_in, return_inverse=True)
    col = np.searchsorted(np.array(sources), source[keep].astype(str))
    flat = row * len(sources) + col
    present = np.zeros(len(codes) * len(sources), dtype=bool)
    if len(np.unique(flat)) != len(flat):
        _validated_input(values, set(sources))
    matrix = np.full(len(codes) * len(sources), np.nan)
    matrix[flat] = value
    present[flat[~np.isnan(value)]] = True
    if not present.reshape(len(codes), len(sources)).any(axis=0).all():
        _validated_input(values, set(sources))
    return codes.astype(object), matrix.reshape(len(codes), len(sources))


def _row_mean(array: np.ndarray) -> np.ndarray:
    present = ~np.isnan(array)
    count = present.sum(axis=-1)
    sums = np.where(present, array, 0.0).sum(axis=-1)
    return np.divide(sums, count, out=np.full(count.shape, np.nan), where=count > 0)


class WhatIfModel:
    """One year's ranking, fitted once, for repeated what-if questions.

    scikit-learn conventions: configuration in the constructor, :meth:`fit` parses the
    indicator values and scores them, learned state ends in ``_``. The plain functions
    :func:`what_if`, :func:`levers` and :func:`reach_target` fit one and ask it.

    Parameters
    ----------
    methodology : Methodology or str, optional
        Default: the methodology in force in ``year``.
    year : int, optional

    Attributes
    ----------
    codes_ : ndarray
        Municipality codes in ``rank``'s row order (sorted).
    names_ : list of str
        Ranked indicator codes (a sub-question group averaged first is one column).
    values_, ranks_, points_ : ndarray, shape (municipalities, indicators)
        As in ``RankingResult.stages``.
    total_ : ndarray
    rank_ : ndarray of int

    Examples
    --------
    >>> model = WhatIfModel("sn-2020")
    >>> model.get_params()["methodology"]
    'sn-2020'
    """

    def __init__(self, methodology: Methodology | str | None = None, *, year: int | None = None):
        self.methodology = methodology
        self.year = year

    def get_params(self, deep: bool = True) -> dict[str, Any]:
        """The constructor arguments."""
        return {"methodology": self.methodology, "year": self.year}

    def fit(self, indicator_values: pd.DataFrame, y: None = None) -> WhatIfModel:
        """Parse and score one year's canonical indicator values; returns self."""
        m = _resolve(self.methodology, self.year)
        self.methodology_ = m
        self.columns_ = _ranked_columns(m)
        self.names_ = [c.code for c in self.columns_]
        self.sources_ = sorted({s for c in self.columns_ for s in c.sources})
        self.codes_, self.source_values_ = _wide(indicator_values, self.sources_)
        position = {s: k for k, s in enumerate(self.sources_)}
        self._members = [np.array([position[s] for s in c.sources]) for c in self.columns_]
        self.values_ = np.column_stack(
            [_row_mean(self.source_values_[:, idx]) for idx in self._members]
        )
        if m.missing == "error" and np.isnan(self.values_).any():
            rank(indicator_values, m, year=self.year)  # raises with rank's own message
        kind_of = {i.source: i.kind for i in m.indicators}
        self.kinds_ = [kind_of[c.sources[0]] for c in self.columns_]
        self.weights_ = np.array([c.weight for c in self.columns_])
        self._normalise = NORMALISERS[m.aggregation]
        self._options = {"tie_rule": m.tie_rule} if m.aggregation == "rank_points" else {}
        scored = [self._score(j, self.values_[:, j]) for j in range(len(self.columns_))]
        self.ranks_ = np.column_stack([s[0] for s in scored])
        self.points_ = np.column_stack([s[1] for s in scored])
        self.total_ = (self.points_ * self.weights_).sum(axis=1)
        self.rank_ = _final_rank(self.total_, self.ranks_, self.names_, m.tie_break)
        self._row = {code: i for i, code in enumerate(self.codes_)}
        return self

    # -- scoring ---------------------------------------------------------------------
    def _score(self, j: int, column: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Factor ranks and points of one column, exactly as ``rank`` computes them."""
        direction = self.columns_[j].direction
        ranks = factor_rank(column, direction, self.methodology_.tie_rule)
        scored = self._normalise(column, direction, **self._options)
        points = np.where(np.isnan(scored), np.nanmean(scored), scored)
        return ranks, points

    def _evaluate(
        self, i: int, new: Mapping[int, float]
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Totals, final ranks, factor ranks and points with unit ``i``'s columns changed."""
        ranks, points = self.ranks_, self.points_
        if new:
            ranks, points = ranks.copy(), points.copy()
            for j, x in new.items():
                column = self.values_[:, j].copy()
                column[i] = x
                ranks[:, j], points[:, j] = self._score(j, column)
        # The same product and row sum as rank(), so totals agree to the last bit.
        total = (points * self.weights_).sum(axis=1)
        if not new:
            return total, self.rank_, ranks, points
        final = _final_rank(total, ranks, self.names_, self.methodology_.tie_break)
        return total, final, ranks, points

    def _unit(self, kommunkod: str) -> int:
        try:
            return self._row[str(kommunkod)]
        except KeyError:
            raise ValueError(
                f"municipality code {kommunkod!r} is not in the ranked indicator values"
            ) from None

    def _column_changes(self, i: int, changes: Mapping[str, float]) -> dict[int, float]:
        """Map ``{indicator or source: value}`` to new column values of unit ``i``."""
        m = self.methodology_
        by_code = {ind.code: ind for ind in m.indicators}
        by_source = {ind.source: ind for ind in m.indicators}
        row = self.source_values_[i].copy()
        touched: set[int] = set()
        group_targets: dict[int, float] = {}
        for key, raw in changes.items():
            try:
                value = float(raw)
            except (TypeError, ValueError):
                raise ValueError(f"what-if: value {raw!r} for {key!r} is not a number") from None
            if not math.isfinite(value):
                raise ValueError(f"what-if: value {raw!r} for {key!r} must be a finite number")
            if key in self.names_ and len(self.columns_[self.names_.index(key)].sources) > 1:
                j = self.names_.index(key)
                kind = self.kinds_[j]
                group_targets[j] = value
            elif key in by_code or key in by_source:
                ind = by_code.get(key) or by_source[key]
                kind = ind.kind
                row[self.sources_.index(ind.source)] = value
                touched.update(j for j, c in enumerate(self.columns_) if ind.source in c.sources)
            else:
                raise ValueError(
                    f"what-if: {key!r} is not an indicator of methodology {m.name!r} "
                    f"(expected one of {self.names_})"
                )
            if kind == "survey" and not GRADE_RANGE[0] <= value <= GRADE_RANGE[1]:
                raise ValueError(
                    f"what-if: {key!r} is a survey grade and must lie in "
                    f"{GRADE_RANGE[0]:g}..{GRADE_RANGE[1]:g}, not {value:g}"
                )
        out = {j: float(_row_mean(row[self._members[j]])) for j in touched}
        for j, target in group_targets.items():
            # A group averaged first moves as a whole: every sub-question is shifted by
            # the same amount, so the group's mean becomes the value asked for.
            out[j] = target
        return out

    # -- the questions ---------------------------------------------------------------
    def what_if(self, kommunkod: str, changes: Mapping[str, float]) -> WhatIf:
        """See :func:`what_if`."""
        i = self._unit(kommunkod)
        new = self._column_changes(i, changes)
        total, final, ranks, points = self._evaluate(i, new)
        order = np.argsort(final, kind="stable")
        municipalities = pd.DataFrame(
            {
                "kommunkod": self.codes_[order],
                "points": total[order],
                "rank": final[order],
                "points_before": self.total_[order],
                "rank_before": self.rank_[order],
            }
        )
        js = sorted(new)
        indicators = pd.DataFrame(
            {
                "indicator": [self.names_[j] for j in js],
                "value_before": [self.values_[i, j] for j in js],
                "value_after": [new[j] for j in js],
                "factor_rank_before": [self.ranks_[i, j] for j in js],
                "factor_rank_after": [ranks[i, j] for j in js],
                "points_before": [self.points_[i, j] for j in js],
                "points_after": [points[i, j] for j in js],
            }
        )
        return WhatIf(
            kommunkod=str(kommunkod),
            rank=int(final[i]),
            points=float(total[i]),
            rank_before=int(self.rank_[i]),
            points_before=float(self.total_[i]),
            indicators=indicators,
            municipalities=municipalities,
        )

    def _step(self, j: int, steps: float | Mapping[str, float] | None) -> float:
        """Size (positive) of one lever step on column ``j``."""
        code, source = self.names_[j], self.columns_[j].sources[0]
        if isinstance(steps, int | float):
            return float(steps)
        if steps is not None:
            for key in (code, source):
                if key in steps:
                    return float(steps[key])
        if self.kinds_[j] == "survey":
            return SURVEY_STEP
        return STATISTIC_STEPS.get(source, _FALLBACK_STATISTIC_STEP)

    def _moved(self, j: int, value: float, k: float, step: float) -> float:
        """``value`` after ``k`` steps in the improving direction; grades stop at 1..6."""
        moved = value + self.columns_[j].direction * step * k
        if self.kinds_[j] == "survey":
            moved = min(max(moved, GRADE_RANGE[0]), GRADE_RANGE[1])
        # Round away the floating-point dust of repeated additions (3.9 + 0.1 * 4).
        return round(moved, 10)

    def levers(
        self, kommunkod: str, *, step: float | Mapping[str, float] | None = None
    ) -> pd.DataFrame:
        """See :func:`levers`."""
        i = self._unit(kommunkod)
        rows = []
        for j, col in enumerate(self.columns_):
            size = self._step(j, step)
            value = self.values_[i, j]
            signed = col.direction * size
            if np.isnan(value):
                rows.append((j, value, signed, np.nan, 0, 0.0, int(self.rank_[i]), False))
                continue
            target = value + signed
            feasible = self.kinds_[j] != "survey" or (
                GRADE_RANGE[0] - _EPS <= target <= GRADE_RANGE[1] + _EPS
            )
            moved = self._moved(j, value, 1, size)
            total, final, _, _ = self._evaluate(i, {j: moved})
            rows.append(
                (
                    j,
                    value,
                    signed,
                    moved,
                    int(self.rank_[i] - final[i]),
                    float(total[i] - self.total_[i]),
                    int(final[i]),
                    bool(feasible),
                )
            )
        labels = self._labels()
        frame = pd.DataFrame(
            {
                "indicator": [self.names_[r[0]] for r in rows],
                "label_sv": [labels[r[0]][0] for r in rows],
                "label_en": [labels[r[0]][1] for r in rows],
                "kind": [self.kinds_[r[0]] for r in rows],
                "value": [r[1] for r in rows],
                "step": [r[2] for r in rows],
                "new_value": [r[3] for r in rows],
                "places_gained": np.array([r[4] for r in rows], dtype="int64"),
                "points_gained": [r[5] for r in rows],
                "new_rank": np.array([r[6] for r in rows], dtype="int64"),
                "feasible": np.array([r[7] for r in rows], dtype=bool),
            }
        )
        return frame.sort_values(
            ["places_gained", "points_gained"], ascending=False, kind="stable"
        ).reset_index(drop=True)

    def _labels(self) -> list[tuple[str, str]]:
        by_source = {ind.source: ind for ind in self.methodology_.indicators}
        out = []
        for col in self.columns_:
            if len(col.sources) == 1:
                ind = by_source[col.sources[0]]
                out.append((ind.label_sv, ind.label_en))
            else:
                out.append((col.code, col.code))
        return out

    def reach_target(
        self,
        kommunkod: str,
        target_rank: int,
        *,
        kinds: Iterable[str] = ("survey",),
        indicators: Iterable[str] | None = None,
        steps: float | Mapping[str, float] | None = None,
    ) -> Plan:
        """See :func:`reach_target`."""
        i = self._unit(kommunkod)
        n_units = len(self.codes_)
        if not isinstance(target_rank, int | np.integer) or not 1 <= target_rank <= n_units:
            raise ValueError(f"target rank must be an integer in 1..{n_units}, not {target_rank!r}")
        target = int(target_rank)
        rank_now = int(self.rank_[i])
        wanted = set(indicators) if indicators is not None else None
        kind_set = set(kinds)

        def allowed(j: int) -> bool:
            if wanted is None:
                return self.kinds_[j] in kind_set
            return self.names_[j] in wanted or self.columns_[j].sources[0] in wanted

        candidates = [
            j for j in range(len(self.columns_)) if allowed(j) and not np.isnan(self.values_[i, j])
        ]
        sizes = {j: self._step(j, steps) for j in candidates}
        limits = {j: self._max_steps(i, j, sizes[j]) for j in candidates}
        candidates = [j for j in candidates if limits[j] > 0]
        counts = dict.fromkeys(candidates, 0)

        def changed(ks: Mapping[int, int]) -> dict[int, float]:
            return {j: self._moved(j, self.values_[i, j], k, sizes[j]) for j, k in ks.items() if k}

        def outcome(ks: Mapping[int, int]) -> tuple[float, int]:
            total, final, _, _ = self._evaluate(i, changed(ks))
            return float(total[i]), int(final[i])

        def plan(ks: Mapping[int, int], reachable: bool) -> Plan:
            points, final = outcome(ks)
            return self._plan(i, target, ks, sizes, changed(ks), reachable, final, points)

        if rank_now <= target:
            return plan({}, True)
        if outcome(limits)[1] > target:
            return plan(limits, False)

        # Greedy: each round takes, over the indicators, the smallest move that passes
        # at least one more municipality on that indicator, and keeps the move with most
        # places gained per step (then most points per step). A single 0.1 often passes
        # nobody, so counting moves rather than single steps keeps the search from
        # stalling on flat stretches.
        points_now, rank_cur = outcome(counts)
        while rank_cur > target:
            best: tuple[float, float, int, int] | None = None
            for j in candidates:
                dk = self._steps_to_pass(i, j, counts[j], sizes[j], limits[j])
                if dk == 0:
                    continue
                trial = dict(counts)
                trial[j] += dk
                points, final = outcome(trial)
                key = ((rank_cur - final) / dk, (points - points_now) / dk, -j, dk)
                if best is None or key > best:
                    best = key
            if best is None or (best[0] <= 0 and best[1] <= 0):
                break  # no move improves anything; cannot happen below the limits
            counts[-best[2]] += best[3]
            points_now, rank_cur = outcome(counts)

        counts = self._prune(counts, target, outcome)
        while True:
            better = self._exchange(i, counts, candidates, sizes, limits, target, outcome)
            if better is None:
                break
            counts = self._prune(better, target, outcome)
        return plan(counts, outcome(counts)[1] <= target)

    def _exchange(
        self,
        i: int,
        counts: dict[int, int],
        candidates: list[int],
        sizes: Mapping[int, float],
        limits: Mapping[int, int],
        target: int,
        outcome: Any,
    ) -> dict[int, int] | None:
        """One improving swap: fewer steps on one indicator, fewer extra on another.

        Greedy choices can overshoot on one indicator (a move that pays well at first
        but is then not needed in full). For each indicator in the plan, step back to
        one of its last few points of change (where it ties or passes someone) and see
        whether fewer steps on some other indicator make up for it.
        """
        for j in sorted(counts, key=lambda j: -counts[j]):
            points_of_change = self._breakpoints(i, j, sizes[j], counts[j])
            for reduced in [*points_of_change[-3:][::-1], 0]:
                saved = counts[j] - reduced
                for other in candidates:
                    if other == j:
                        continue
                    room = min(saved - 1, limits[other] - counts.get(other, 0))
                    if room < 0:
                        continue
                    trial = {**counts, j: reduced}
                    base = trial.get(other, 0)
                    # Monotone in the extra steps: if the most we may add fails, all fail.
                    if outcome({**trial, other: base + room})[1] > target:
                        continue
                    low, high = 0, room
                    while low < high:
                        mid = (low + high) // 2
                        if outcome({**trial, other: base + mid})[1] <= target:
                            high = mid
                        else:
                            low = mid + 1
                    return {**trial, other: base + high}
        return None

    def _breakpoints(self, i: int, j: int, size: float, below: int) -> list[int]:
        """Step counts under ``below`` at which unit ``i`` ties or passes someone on ``j``."""
        direction = self.columns_[j].direction
        value = self.values_[i, j] * direction
        others = np.delete(self.values_[:, j], i) * direction
        gaps = others[others > value + _EPS] - value
        ties = np.ceil(gaps / size - _EPS)
        passes = np.floor(gaps / size + _EPS) + 1
        ks = np.unique(np.concatenate([ties, passes]).astype("int64"))
        return [int(k) for k in ks if 0 < k < below]

    def _prune(self, counts: dict[int, int], target: int, outcome: Any) -> dict[int, int]:
        """Take back steps the target does not need, one indicator at a time.

        For each indicator the fewest steps that still reach the target (others fixed)
        are found by bisection and then confirmed step by step, so that the returned
        plan loses the target if any single step is removed.
        """
        counts = dict(counts)
        improved = True
        while improved:
            improved = False
            for j in sorted(counts, key=lambda j: counts[j]):
                if counts[j] == 0:
                    continue
                low, high = 0, counts[j]  # high reaches the target; find the least k that does
                while low < high:
                    mid = (low + high) // 2
                    if outcome({**counts, j: mid})[1] <= target:
                        high = mid
                    else:
                        low = mid + 1
                while high > 0 and outcome({**counts, j: high - 1})[1] <= target:
                    high -= 1
                if high < counts[j]:
                    counts[j] = high
                    improved = True
        return {j: k for j, k in counts.items() if k}

    def _max_steps(self, i: int, j: int, size: float) -> int:
        """Steps up to the limit: a grade of 6, or just past the best other value."""
        value = self.values_[i, j]
        direction = self.columns_[j].direction
        if self.kinds_[j] == "survey":
            bound = GRADE_RANGE[1] if direction > 0 else GRADE_RANGE[0]
            return max(0, math.ceil((bound - value) * direction / size - _EPS))
        others = np.delete(self.values_[:, j], i)
        others = others[~np.isnan(others)]
        if not len(others):
            return 0
        best = others.max() if direction > 0 else others.min()
        gap = (best - value) * direction
        return 0 if gap < 0 else math.floor(gap / size + _EPS) + 1

    def _steps_to_pass(self, i: int, j: int, done: int, size: float, limit: int) -> int:
        """Fewest further steps that reach the next better value on column ``j``."""
        left = limit - done
        if left <= 0:
            return 0
        direction = self.columns_[j].direction
        current = self._moved(j, self.values_[i, j], done, size)
        others = np.delete(self.values_[:, j], i) * direction
        ahead = others[others > current * direction + _EPS]
        if not len(ahead):
            return 1
        gap = ahead.min() - current * direction
        return int(min(left, max(1, math.ceil(gap / size - _EPS))))

    def _plan(
        self,
        i: int,
        target: int,
        counts: Mapping[int, int],
        sizes: Mapping[int, float],
        new: Mapping[int, float],
        reachable: bool,
        final: int,
        points: float,
    ) -> Plan:
        labels = self._labels()
        js = sorted(
            (j for j in new if counts.get(j)),
            # Grade changes first (what the plan is mostly about), largest first.
            key=lambda j: (self.kinds_[j] != "survey", -counts[j], j),
        )
        steps = pd.DataFrame(
            {
                "indicator": pd.Series([self.names_[j] for j in js], dtype=object),
                "label_sv": pd.Series([labels[j][0] for j in js], dtype=object),
                "label_en": pd.Series([labels[j][1] for j in js], dtype=object),
                "kind": pd.Series([self.kinds_[j] for j in js], dtype=object),
                "from_value": np.array([self.values_[i, j] for j in js], dtype="float64"),
                "to_value": np.array([new[j] for j in js], dtype="float64"),
                "step": np.array([sizes[j] for j in js], dtype="float64"),
                "n_steps": np.array([counts[j] for j in js], dtype="int64"),
            }
        )
        steps.insert(5, "change", steps["to_value"] - steps["from_value"])
        return Plan(
            kommunkod=str(self.codes_[i]),
            target_rank=target,
            rank_before=int(self.rank_[i]),
            final_rank=final,
            reachable=reachable,
            steps=steps,
            points_before=float(self.total_[i]),
            points_after=points,
        )


def what_if(
    indicator_values: pd.DataFrame,
    methodology: Methodology | str | None,
    kommunkod: str,
    changes: Mapping[str, float],
    *,
    year: int | None = None,
) -> WhatIf:
    """A municipality's new total and rank after changing some of its values.

    Equals re-running :func:`~foretagsklimat.engine.ranking.rank` on the modified input
    (same totals to the last bit, same strict ranks), but re-scores only the changed
    indicators: one call on 290 municipalities x 17 indicators takes a few milliseconds.

    Parameters
    ----------
    indicator_values : DataFrame
        Canonical ranking input: ``kommunkod``, ``source``, ``value`` (``n`` optional).
    methodology : Methodology or str or None
        ``None`` picks the one in force in ``year``.
    kommunkod : str
    changes : mapping
        ``{indicator: new value}``; the key is a methodology indicator code or its
        source (question or statistic code), or a sub-question group ranked as one
        (``subquestions = "mean"``), which then moves as a whole. Survey grades must lie
        in 1..6. A value for a missing indicator fills the gap.
    year : int, optional

    Returns
    -------
    WhatIf

    Raises
    ------
    ValueError
        Unknown municipality or indicator, a non-number, or a grade outside 1..6.

    Examples
    --------
    >>> import pandas as pd
    >>> from foretagsklimat.engine.methodology import Methodology
    >>> m = Methodology.from_dict({"name": "toy", "title_sv": "L", "title_en": "T",
    ...     "first_year": 2020, "indicators": [
    ...     {"code": c, "kind": "survey", "source": c, "weight": "1/2", "direction": 1,
    ...      "status": "inferred", "note": "toy"} for c in ("overall_grade", "service")]})
    >>> values = pd.DataFrame({"kommunkod": ["0114", "0115", "0117"] * 2,
    ...     "source": ["overall_grade"] * 3 + ["service"] * 3,
    ...     "value": [3.0, 3.5, 4.0, 3.0, 3.6, 3.9]})
    >>> r = what_if(values, m, "0114", {"service": 4.0})
    >>> (r.rank_before, r.rank), r.indicators[["indicator", "factor_rank_after"]].values.tolist()
    ((3, 2), [['service', 1.0]])
    """
    return WhatIfModel(methodology, year=year).fit(indicator_values).what_if(kommunkod, changes)


def levers(
    indicator_values: pd.DataFrame,
    methodology: Methodology | str | None,
    kommunkod: str,
    *,
    step: float | Mapping[str, float] | None = None,
    year: int | None = None,
) -> pd.DataFrame:
    """Places gained by one step on each indicator, in the improving direction.

    Parameters
    ----------
    indicator_values, methodology, kommunkod
        As in :func:`what_if`.
    step : float or mapping, optional
        Size of one step. Default :data:`SURVEY_STEP` (0.1) for grades and
        :data:`STATISTIC_STEPS` for statistics; a mapping overrides single indicators
        (by code or source); a number applies to every indicator.
    year : int, optional

    Returns
    -------
    DataFrame
        One row per ranked indicator, most places gained first: ``indicator``,
        ``label_sv``, ``label_en``, ``kind``, ``value``, ``step`` (signed: municipal tax
        improves by a *decrease*, so its step is negative), ``new_value``,
        ``places_gained``, ``points_gained`` (change of the weighted total),
        ``new_rank``, ``feasible``. A grade cannot pass 6: then ``feasible`` is False
        and the row shows the partial move up to 6 (nothing, at 6 already). A missing
        value has no lever (``feasible`` False, nothing gained).
    """
    model = WhatIfModel(methodology, year=year).fit(indicator_values)
    return model.levers(kommunkod, step=step)


def reach_target(
    indicator_values: pd.DataFrame,
    methodology: Methodology | str | None,
    kommunkod: str,
    target_rank: int,
    *,
    kinds: Iterable[str] = ("survey",),
    indicators: Iterable[str] | None = None,
    steps: float | Mapping[str, float] | None = None,
    year: int | None = None,
) -> Plan:
    """A small set of improvements that takes a municipality to ``target_rank`` or better.

    "Small" means few lever steps in total (0.1 on a grade, :data:`STATISTIC_STEPS` on
    a statistic). The search is a heuristic, not a proven optimum: a greedy pass adds,
    round by round, the move with most places gained per step (a move = the fewest
    steps on one indicator that pass the next municipality on it); a pruning pass
    takes back every step the target does not need; then a local search swaps steps
    between two indicators while that makes the plan smaller (stepping one back to
    one of its last points where it ties or passes someone, and adding the fewest
    steps on another that restore the target). Removing any single step from the
    returned plan loses the target.

    Parameters
    ----------
    indicator_values, methodology, kommunkod
        As in :func:`what_if`.
    target_rank : int
        1..N (e.g. 100 for "the top 100").
    kinds : iterable of {"survey", "statistic"}, default ("survey",)
        Which indicators may change. Grades by default: they are what the
        municipality's work with companies moves; add ``"statistic"`` to let, say,
        the tax rate change too.
    indicators : iterable of str, optional
        Exactly these indicators (codes or sources) instead of ``kinds``.
    steps : float or mapping, optional
        Step sizes, as ``step`` in :func:`levers`.
    year : int, optional

    Returns
    -------
    Plan
        Already at or above the target: ``reachable`` True and no steps. Out of
        reach even with every allowed indicator at its limit (grade 6, or past the best
        municipality on a statistic): ``reachable`` False, ``steps`` at those limits
        and ``final_rank`` the best rank they give.

    Examples
    --------
    >>> import pandas as pd
    >>> values = pd.DataFrame({"kommunkod": ["0114", "0115", "0117"] * 2,
    ...     "source": ["overall_grade"] * 3 + ["service"] * 3,
    ...     "value": [3.0, 3.5, 4.0, 3.0, 3.6, 3.9]})
    >>> from foretagsklimat.engine.methodology import Methodology
    >>> m = Methodology.from_dict({"name": "toy", "title_sv": "L", "title_en": "T",
    ...     "first_year": 2020, "indicators": [
    ...     {"code": c, "kind": "survey", "source": c, "weight": "1/2", "direction": 1,
    ...      "status": "inferred", "note": "toy"} for c in ("overall_grade", "service")]})
    >>> plan = reach_target(values, m, "0114", 2)
    >>> plan.reachable, plan.final_rank, plan.changes
    (True, 2, {'overall_grade': 3.6})
    """
    model = WhatIfModel(methodology, year=year).fit(indicator_values)
    return model.reach_target(
        kommunkod, target_rank, kinds=kinds, indicators=indicators, steps=steps
    )


def _number(value: float, decimals: int, language: str) -> str:
    text = f"{value:.{decimals}f}"
    return text.replace(".", ",") if language == "sv" else text


def _join(parts: list[str], language: str) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    word = " och " if language == "sv" else " and "
    return ", ".join(parts[:-1]) + word + parts[-1]


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def describe_plan(plan: Plan, language: str = "sv", *, name: str | None = None) -> str:
    """The plan as one plain sentence, in Swedish (``"sv"``) or English (``"en"``).

    Grades are shown with one decimal; statistics with one, or two for steps under 0.1.

    Examples
    --------
    >>> steps = pd.DataFrame({"indicator": ["service"],
    ...     "label_sv": ["Kommunens service"], "label_en": ["The municipality's service"],
    ...     "kind": ["survey"], "from_value": [3.87], "to_value": [4.27],
    ...     "change": [0.4], "step": [0.1], "n_steps": [4]})
    >>> plan = Plan("2181", 100, 131, 99, True, steps)
    >>> describe_plan(plan).split(" (")[0]
    'För att nå plats 100 behöver Sandviken höja kommunens service från 3,9 till 4,3'
    >>> describe_plan(plan, "en").split(" (")[0]
    "To reach rank 100, Sandviken needs to raise the municipality's service from 3.9 to 4.3"
    """
    if language not in ("sv", "en"):
        raise ValueError(f"language must be 'sv' or 'en', not {language!r}")
    sv = language == "sv"
    if name is None:
        known = _reference.municipalities().set_index("kommunkod")["kommunnamn"]
        name = str(known.get(plan.kommunkod, plan.kommunkod))
    if plan.rank_before <= plan.target_rank:
        return (
            f"{name} ligger redan på plats {plan.rank_before}, inom de {plan.target_rank} främsta."
            if sv
            else f"{name} is already ranked {plan.rank_before}, within the top {plan.target_rank}."
        )
    parts = []
    for row in plan.steps.itertuples(index=False):
        decimals = 1 if row.kind == "survey" or row.step >= 0.1 else 2
        up = row.to_value > row.from_value
        verb = ("höja" if up else "sänka") if sv else ("raise" if up else "lower")
        label = _lower_first(str(row.label_sv if sv else row.label_en))
        low = _number(row.from_value, decimals, language)
        high = _number(row.to_value, decimals, language)
        parts.append(
            f"{verb} {label} från {low} till {high}"
            if sv
            else f"{verb} {label} from {low} to {high}"
        )
    changes = _join(parts, language)
    if plan.reachable:
        if sv:
            return (
                f"För att nå plats {plan.target_rank} behöver {name} {changes} "
                f"(från plats {plan.rank_before} till plats {plan.final_rank})."
            )
        return (
            f"To reach rank {plan.target_rank}, {name} needs to {changes} "
            f"(from rank {plan.rank_before} to rank {plan.final_rank})."
        )
    if not parts:
        return (
            f"{name} kan inte nå plats {plan.target_rank} med de valda faktorerna."
            if sv
            else f"{name} cannot reach rank {plan.target_rank} with the chosen factors."
        )
    if sv:
        return (
            f"{name} kan inte nå plats {plan.target_rank} med de valda faktorerna: även "
            f"om {name} skulle {changes} blir det som bäst plats {plan.final_rank}."
        )
    return (
        f"{name} cannot reach rank {plan.target_rank} with the chosen factors: even if "
        f"it were to {changes}, the best it could reach is rank {plan.final_rank}."
    )
