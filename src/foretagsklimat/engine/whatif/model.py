"""The what-if model: one year's ranking, fitted once, re-scored for changed values.

:class:`WhatIfModel` parses and scores one year's indicator values with the scoring
kernel (:mod:`foretagsklimat.engine.scoring`), then answers repeated questions — what
if some values changed (:meth:`~WhatIfModel.what_if`), which indicator moves the rank
most per step (:meth:`~WhatIfModel.levers`), what it takes to reach a rank
(:meth:`~WhatIfModel.reach_target`, searched in :mod:`.plan`) — re-scoring only the
changed columns. :func:`what_if`, :func:`levers` and :func:`reach_target` are its
plain-function twins: they fit a model and ask it once.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ..methodology import Methodology, resolve_methodology
from ..normalisers import FloatArray
from ..ranking import rank
from ..ranking_input import source_matrix
from ..scoring import TOTAL_DECIMALS, IntArray, ScoringRule, mean_of_sources, ranked_columns
from .plan import Plan, find_plan
from .steps import EPS, GRADE_RANGE, move, step_size

__all__ = ["WhatIf", "WhatIfModel", "levers", "reach_target", "what_if"]


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


def _plain(value: Any) -> Any:
    """A numpy scalar as a plain Python value, NaN as None (JSON has no NaN)."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


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
    rule_ : ScoringRule
        The methodology's scoring rule.
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
    >>> import pandas as pd
    >>> from foretagsklimat.engine.methodology import Methodology
    >>> m = Methodology.from_dict({"name": "toy", "title_sv": "L", "title_en": "T",
    ...     "first_year": 2020, "indicators": [
    ...     {"code": c, "kind": "survey", "source": c, "weight": "1/2", "direction": 1,
    ...      "status": "inferred", "note": "toy"} for c in ("overall_grade", "service")]})
    >>> values = pd.DataFrame({"kommunkod": ["0114", "0115", "0117"] * 2,
    ...     "source": ["overall_grade"] * 3 + ["service"] * 3,
    ...     "value": [3.0, 3.5, 4.0, 3.0, 3.6, 3.9]})
    >>> model = WhatIfModel(m).fit(values)
    >>> model.rank_.tolist(), model.what_if("0114", {"service": 4.0}).rank
    ([3, 2, 1], 2)
    >>> model.reach_target("0114", 1).changes
    {'overall_grade': 4.1, 'service': 3.7}
    """

    def __init__(self, methodology: Methodology | str | None = None, *, year: int | None = None):
        self.methodology = methodology
        self.year = year

    def get_params(self, deep: bool = True) -> dict[str, Any]:
        """The constructor arguments."""
        return {"methodology": self.methodology, "year": self.year}

    def fit(self, indicator_values: pd.DataFrame, y: None = None) -> WhatIfModel:
        """Parse and score one year's canonical indicator values; returns self."""
        m = resolve_methodology(self.methodology, self.year)
        self.methodology_ = m
        self.columns_ = ranked_columns(m)
        self.rule_ = ScoringRule.from_methodology(m)
        self.names_ = list(self.rule_.names)
        self.sources_ = sorted({s for c in self.columns_ for s in c.sources})
        self.codes_, self.source_values_ = source_matrix(indicator_values, self.sources_)
        position = {s: k for k, s in enumerate(self.sources_)}
        self._members = [np.array([position[s] for s in c.sources]) for c in self.columns_]
        self.values_ = np.column_stack(
            [mean_of_sources(self.source_values_[:, idx]) for idx in self._members]
        )
        if m.missing == "error" and np.isnan(self.values_).any():
            rank(indicator_values, m, year=self.year)  # raises with rank's own message
        self.kinds_ = [c.kind for c in self.columns_]
        self.weights_ = self.rule_.weights
        scores = self.rule_.score(self.values_)
        self.ranks_, self.points_ = scores.ranks, scores.points
        self.total_, self.rank_ = scores.total, scores.rank
        self._row = {code: i for i, code in enumerate(self.codes_)}
        return self

    # -- scoring changed values ------------------------------------------------------
    def evaluate(
        self,
        i: int,
        new: Mapping[int, float],
        *,
        memo: dict[tuple[int, int, float], tuple[FloatArray, FloatArray]] | None = None,
    ) -> tuple[FloatArray, IntArray, FloatArray, FloatArray]:
        """Totals, final ranks, factor ranks and points with unit ``i``'s columns changed.

        ``new`` maps column positions (in :attr:`names_`) to unit ``i``'s new values;
        only those columns are re-scored, each exactly as ``rank`` would score it.
        ``memo``, a dict the caller keeps for a series of questions (the plan search
        asks thousands that differ in one column), keeps each re-scored column by
        ``(i, j, value)``: the same column is never scored twice, and the answers are
        the same to the last bit.
        """
        ranks, points = self.ranks_, self.points_
        if new:
            ranks, points = ranks.copy(), points.copy()
            for j, x in new.items():
                ranks[:, j], points[:, j] = self._scored(i, j, x, memo)
        total = self.rule_.total(points)
        if not new:
            return total, self.rank_, ranks, points
        return total, self.rule_.final_rank(total, ranks), ranks, points

    def outcome(
        self,
        i: int,
        new: Mapping[int, float],
        *,
        memo: dict[tuple[int, int, float], tuple[FloatArray, FloatArray]] | None = None,
    ) -> tuple[float, int]:
        """Unit ``i``'s total and final rank with its columns changed.

        The same two numbers as ``total[i]`` and ``final[i]`` of :meth:`evaluate`, but
        the final rank is counted for unit ``i`` alone instead of sorting every unit:
        the plan search asks this thousands of times. ``memo`` as in :meth:`evaluate`.
        """
        if not new:
            return float(self.total_[i]), int(self.rank_[i])
        points = self.points_.copy()
        changed: dict[int, FloatArray] = {}
        for j, x in new.items():
            changed[j], points[:, j] = self._scored(i, j, x, memo)
        total = self.rule_.total(points)
        if np.isnan(total).any():  # cannot happen with neutral points; sort as rank does
            ranks = self.ranks_.copy()
            for j, column in changed.items():
                ranks[:, j] = column
            return float(total[i]), int(self.rule_.final_rank(total, ranks)[i])
        keys = []
        for key in self.rule_.tie_break:
            if key == "points":
                keys.append(-np.round(total, TOTAL_DECIMALS))
            elif key == "kommunkod":
                keys.append(np.arange(len(total), dtype="float64"))
            else:
                j = self.names_.index(key)
                factor = changed[j] if j in changed else self.ranks_[:, j]
                keys.append(np.where(np.isnan(factor), np.inf, factor))
        return float(total[i]), _position(i, keys)

    def _scored(
        self,
        i: int,
        j: int,
        x: float,
        memo: dict[tuple[int, int, float], tuple[FloatArray, FloatArray]] | None,
    ) -> tuple[FloatArray, FloatArray]:
        """Factor ranks and points of column ``j`` with unit ``i``'s value ``x``."""
        key = (i, j, x)
        scored = memo.get(key) if memo is not None else None
        if scored is None:
            column = self.values_[:, j].copy()
            column[i] = x
            scored = self.rule_.score_column(j, column)
            if memo is not None:
                memo[key] = scored
        return scored

    def row_of(self, kommunkod: str) -> int:
        """The row of a municipality code (``ValueError`` if it was not ranked)."""
        try:
            return self._row[str(kommunkod)]
        except KeyError:
            raise ValueError(
                f"municipality code {kommunkod!r} is not in the ranked indicator values"
            ) from None

    def step_size(self, j: int, steps: float | Mapping[str, float] | None) -> float:
        """Size (positive) of one lever step on column ``j``; see :func:`.steps.step_size`."""
        return step_size(self.kinds_[j], self.names_[j], self.columns_[j].sources[0], steps)

    def moved(self, j: int, value: float, k: float, size: float) -> float:
        """``value`` after ``k`` steps in column ``j``'s improving direction."""
        return move(value, self.columns_[j].direction, self.kinds_[j], k, size)

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
        out = {j: float(mean_of_sources(row[self._members[j]])) for j in touched}
        for j, target in group_targets.items():
            # A group averaged first moves as a whole: every sub-question is shifted by
            # the same amount, so the group's mean becomes the value asked for.
            out[j] = target
        return out

    # -- the questions ---------------------------------------------------------------
    def what_if(self, kommunkod: str, changes: Mapping[str, float]) -> WhatIf:
        """See :func:`what_if`."""
        i = self.row_of(kommunkod)
        new = self._column_changes(i, changes)
        total, final, ranks, points = self.evaluate(i, new)
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

    def levers(
        self, kommunkod: str, *, step: float | Mapping[str, float] | None = None
    ) -> pd.DataFrame:
        """See :func:`levers`."""
        i = self.row_of(kommunkod)
        rows = []
        for j, col in enumerate(self.columns_):
            size = self.step_size(j, step)
            value = self.values_[i, j]
            signed = col.direction * size
            if np.isnan(value):
                rows.append((j, value, signed, np.nan, 0, 0.0, int(self.rank_[i]), False))
                continue
            target = value + signed
            feasible = self.kinds_[j] != "survey" or (
                GRADE_RANGE[0] - EPS <= target <= GRADE_RANGE[1] + EPS
            )
            moved = self.moved(j, value, 1, size)
            total, final, _, _ = self.evaluate(i, {j: moved})
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
        labels = self.labels()
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

    def labels(self) -> list[tuple[str, str]]:
        """Swedish and English label of each column (a group's code for a group)."""
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
        return find_plan(
            self, kommunkod, target_rank, kinds=kinds, indicators=indicators, steps=steps
        )


def _position(i: int, keys: list[FloatArray]) -> int:
    """Unit ``i``'s place (1 = first) when the units are ordered by ``keys``, the first
    key first: the place :func:`~foretagsklimat.engine.scoring.final_rank` gives it.

    ``final_rank`` sorts with ``np.lexsort``, which is stable, so units equal on every
    key keep their row order; counting the units that come before ``i`` gives the same
    place without sorting.
    """
    ahead = np.zeros(len(keys[0]), dtype=bool)
    tied = np.ones(len(keys[0]), dtype=bool)
    for key in keys:
        ahead |= tied & (key < key[i])
        tied &= key == key[i]
    tied[i:] = False
    return int(np.count_nonzero(ahead | tied)) + 1


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
        Size of one step. Default :data:`~.steps.SURVEY_STEP` (0.1) for grades and
        :data:`~.steps.STATISTIC_STEPS` for statistics; a mapping overrides single indicators
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

    Examples
    --------
    >>> from foretagsklimat.engine.methodology import Methodology
    >>> m = Methodology.from_dict({"name": "toy", "title_sv": "L", "title_en": "T",
    ...     "first_year": 2020, "indicators": [
    ...     {"code": c, "kind": "survey", "source": c, "weight": "1/2", "direction": 1,
    ...      "status": "inferred", "note": "toy"} for c in ("overall_grade", "service")]})
    >>> values = pd.DataFrame({"kommunkod": ["0114", "0115", "0117"] * 2,
    ...     "source": ["overall_grade"] * 3 + ["service"] * 3,
    ...     "value": [3.0, 3.5, 4.0, 3.4, 3.6, 3.9]})
    >>> levers(values, m, "0114")[["indicator", "new_value", "places_gained", "new_rank"]]
           indicator  new_value  places_gained  new_rank
    0  overall_grade        3.1              0         3
    1        service        3.5              0         3
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

    "Small" means few lever steps in total (0.1 on a grade, :data:`~.steps.STATISTIC_STEPS`
    on a statistic); the search is a heuristic (:func:`~.plan.find_plan`), not a proven
    optimum, and removing any single step from the returned plan loses the target.

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
