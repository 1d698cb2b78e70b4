"""The scoring kernel: indicator values → factor ranks and points → total → final rank.

Every ranking in the engine scores with this module: :func:`~.ranking.rank`, the
what-if model, the survey bootstrap and the COINr index (which uses the registries and
:func:`index_rank`). The rule, for each ranked column (an indicator, or a sub-question
group averaged first):

1. rank the units that have a value, 1 = best, ties by the tie rule
   (:data:`~.normalisers.TIE_RULES`);
2. turn values into points with a normaliser from :data:`~.normalisers.NORMALISERS`
   (``rank_points`` is SN's N + 1 - rank);
3. give a unit without a value the neutral points: the mean of the points the others
   got, so a gap neither rewards nor punishes;

then the total is the weighted sum of the points, and the final rank orders the totals
strictly, equal totals separated by the tie-break keys (``points``, an indicator's
factor rank, ``kommunkod``).

Arrays are ``(units, columns)`` for one ranking, or ``(replications, units, columns)``
for many at once; units are in municipality-code order, so a unit's position is its
code key in the tie-break.

Examples
--------
>>> import numpy as np
>>> rule = ScoringRule(names=("overall_grade", "municipal_tax"),
...                    directions=np.array([1, -1]), weights=np.array([0.5, 0.5]),
...                    tie_break=("points", "overall_grade", "kommunkod"))
>>> values = np.array([[4.0, 21.0], [3.0, 20.0], [np.nan, 22.0]])
>>> scores = rule.score(values)
>>> scores.points.tolist()
[[2.0, 2.0], [1.0, 3.0], [1.5, 1.0]]
>>> scores.total.tolist(), scores.rank.tolist()
([2.0, 2.0, 1.25], [1, 2, 3])
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .methodology import Methodology
from .normalisers import (
    NORMALISERS,
    FloatArray,
    factor_rank,
    points_from_ranks,
    quiet_nan_warnings,
)
from .ranks import rankdata

__all__ = [
    "TOTAL_DECIMALS",
    "RankedColumn",
    "Scores",
    "ScoringRule",
    "fill_neutral",
    "final_rank",
    "index_rank",
    "mean_of_sources",
    "ranked_columns",
    "weighted_total",
]

IntArray = np.ndarray[Any, np.dtype[np.int64]]

#: Totals are compared after rounding, so that weights like 1/90 summed in floating
#: point cannot split units whose points are genuinely equal.
TOTAL_DECIMALS = 9


@dataclass(frozen=True)
class RankedColumn:
    """One column of the ranking: an indicator, or a sub-question group averaged first.

    Attributes
    ----------
    code : str
        The indicator code, or the group's name for a group averaged first.
    sources : tuple of str
        The question or statistic codes averaged into the column (one for an indicator).
    weight : float
        The indicator's weight, or the group's summed weight.
    direction : int
        +1 higher is better, -1 lower is better.
    kind : str
        ``"survey"`` or ``"statistic"``.
    """

    code: str
    sources: tuple[str, ...]
    weight: float
    direction: int
    kind: str


def ranked_columns(methodology: Methodology) -> list[RankedColumn]:
    """The columns a methodology ranks, in its indicator order.

    A sub-question group whose rule is ``"mean"`` becomes one column, at the place of
    its first member.

    Examples
    --------
    >>> from foretagsklimat.engine.methodology import get_methodology
    >>> m = get_methodology("sn-2014")
    >>> len(ranked_columns(m))
    18
    >>> mean = m.replace(subquestions={"attitudes": "mean"})
    >>> [c.code for c in ranked_columns(mean)][4:6], len(ranked_columns(mean))
    (['skills_access', 'attitudes'], 14)
    """
    columns: list[RankedColumn] = []
    done: set[str] = set()
    for ind in methodology.indicators:
        if methodology.subquestion_rule(ind.group) == "mean":
            if ind.group in done:
                continue
            members = [i for i in methodology.indicators if i.group == ind.group]
            columns.append(
                RankedColumn(
                    code=ind.group,
                    sources=tuple(m.source for m in members),
                    weight=float(np.sum([m.weight for m in members])),
                    direction=ind.direction,
                    kind=ind.kind,
                )
            )
            done.add(ind.group)
        else:
            columns.append(
                RankedColumn(ind.code, (ind.source,), ind.weight, ind.direction, ind.kind)
            )
    return columns


def mean_of_sources(values: FloatArray) -> FloatArray:
    """Mean over the last axis of the values present; NaN where none is (no warning).

    This is how a sub-question group ranked as one gets its value; a column with a
    single source passes through unchanged.

    Examples
    --------
    >>> mean_of_sources(np.array([[3.0, 4.0], [np.nan, 5.0], [np.nan, np.nan]])).tolist()
    [3.5, 5.0, nan]
    """
    present = ~np.isnan(values)
    count = present.sum(axis=-1)
    sums = np.where(present, values, 0.0).sum(axis=-1)
    return np.divide(sums, count, out=np.full(count.shape, np.nan), where=count > 0)


def _column_mean(points: FloatArray) -> float:
    # Checked rather than silenced: warning filters cost more than the mean itself, and
    # the what-if search asks for thousands of these.
    return float(np.nanmean(points)) if not np.isnan(points).all() else np.nan


def _mean_over_units(points: FloatArray) -> FloatArray:
    """Mean of the present points per column, shaped to broadcast against ``points``."""
    if points.ndim == 1:
        return np.asarray(_column_mean(points))
    if points.ndim == 2:
        # Column by column, as a single ranking has always summed them; a stack sums
        # along its units axis, which rounds differently in the last bit.
        return np.array([_column_mean(points[:, j]) for j in range(points.shape[1])])
    with quiet_nan_warnings():
        return np.asarray(np.nanmean(points, axis=-2, keepdims=True))


def fill_neutral(points: FloatArray) -> FloatArray:
    """Missing points become the neutral points: the mean of the points given.

    For rank points that is (N + 1) / 2 with N the units ranked, so a gap neither
    rewards nor punishes.

    Examples
    --------
    >>> fill_neutral(np.array([3.0, 1.0, np.nan, 2.0])).tolist()
    [3.0, 1.0, 2.0, 2.0]
    """
    return np.where(np.isnan(points), _mean_over_units(points), points)


def weighted_total(points: FloatArray, weights: FloatArray) -> FloatArray:
    """The weighted sum of each unit's points, over the last axis.

    One ranking sums the weighted points row by row (these totals are published); a
    stack of replications takes a matrix product, which needs no replications × units
    × columns temporary. The two can differ in the last bit; ranks compare totals
    rounded to :data:`TOTAL_DECIMALS`.

    Examples
    --------
    >>> weighted_total(np.array([[2.0, 4.0], [1.0, 1.0]]), np.array([0.75, 0.25])).tolist()
    [2.5, 1.0]
    """
    if points.ndim > 2:
        return np.asarray(points @ weights)
    return (np.ascontiguousarray(points) * weights).sum(axis=-1)


def final_rank(
    total: FloatArray,
    ranks: FloatArray,
    names: Sequence[str],
    tie_break: Sequence[str],
) -> IntArray:
    """Strict ranks 1..N along the last axis of ``total``, ordered by the tie-break keys.

    Parameters
    ----------
    total : ndarray, shape (units,) or (replications, units)
        Total points; more is better (compared rounded to :data:`TOTAL_DECIMALS`).
    ranks : ndarray, shape (units, columns) or (replications, units, columns)
        Factor ranks; an indicator key prefers the better rank, and a unit without
        a value on it loses the tie.
    names : sequence of str
        The column codes, for indicator keys.
    tie_break : sequence of str
        ``"points"``, ``"kommunkod"`` (the unit's position) or a column code, in order.

    Examples
    --------
    >>> total = np.array([2.0, 2.0, 3.0])
    >>> ranks = np.array([[2.0], [1.0], [3.0]])
    >>> final_rank(total, ranks, ["overall_grade"], ["points", "overall_grade"]).tolist()
    [3, 2, 1]
    >>> final_rank(total, ranks, ["overall_grade"], ["points", "kommunkod"]).tolist()
    [2, 3, 1]
    """
    keys: list[FloatArray] = []
    for key in tie_break:
        if key == "points":
            keys.append(-np.round(total, TOTAL_DECIMALS))
        elif key == "kommunkod":
            keys.append(np.broadcast_to(np.arange(total.shape[-1], dtype="float64"), total.shape))
        else:
            factor = ranks[..., list(names).index(key)]
            keys.append(np.where(np.isnan(factor), np.inf, factor))
    order = np.lexsort(np.stack(keys[::-1]), axis=-1)
    final = np.empty(total.shape, dtype="int64")
    positions = np.broadcast_to(np.arange(1, total.shape[-1] + 1), total.shape)
    np.put_along_axis(final, order, positions, axis=-1)
    return final


def index_rank(scores: FloatArray, axis: int = -1) -> FloatArray:
    """The rank of a composite index: 1 = highest, equal scores share the best place.

    Scores are compared after rounding to :data:`TOTAL_DECIMALS` (as totals are), so
    that weights like 3/4 and 1/3 multiplied in floating point cannot split genuinely
    equal scores; NaN stays NaN. This is COINr's ``Rank`` (R's ``ties = "min"``),
    not the strict final rank of :func:`final_rank`.

    Examples
    --------
    >>> index_rank(np.array([25.0, 87.5, 25.0 + 1e-12, np.nan])).tolist()
    [2.0, 1.0, 2.0, nan]
    """
    rounded = np.round(scores, TOTAL_DECIMALS)
    return np.asarray(rankdata(-rounded, method="min", axis=axis, nan_policy="omit"))


@dataclass(frozen=True)
class Scores:
    """Every step of scoring one ranking (or a stack of them).

    Attributes
    ----------
    ranks : ndarray
        Factor ranks, float (ties per the tie rule), NaN for a missing value.
    points : ndarray
        Points per column, neutral points where a value is missing.
    total : ndarray
        Weighted sum of the points per unit.
    rank : ndarray of int
        The strict final rank 1..N.
    """

    ranks: FloatArray
    points: FloatArray
    total: FloatArray
    rank: IntArray


@dataclass(frozen=True)
class ScoringRule:
    """How one methodology turns ranked-column values into a final rank, as arrays.

    Parameters
    ----------
    names : tuple of str
        Ranked column codes, in column order.
    directions : ndarray of int
        +1 or -1 per column.
    weights : ndarray
        Weight per column.
    normaliser : str, default "rank_points"
        A name in :data:`~.normalisers.NORMALISERS`.
    tie_rule : str, default "average"
        A name in :data:`~.normalisers.TIE_RULES`; also the tie rule of rank points.
    tie_break : tuple of str, default ("points", "kommunkod")
        Keys of :func:`final_rank`.

    Examples
    --------
    >>> from foretagsklimat.engine.methodology import get_methodology
    >>> rule = ScoringRule.from_methodology(get_methodology("sn-2020"))
    >>> rule.normaliser, rule.tie_break, len(rule.names)
    ('rank_points', ('points', 'overall_grade', 'kommunkod'), 17)
    """

    names: tuple[str, ...]
    directions: np.ndarray[Any, np.dtype[np.int64]]
    weights: FloatArray
    normaliser: str = "rank_points"
    tie_rule: str = "average"
    tie_break: tuple[str, ...] = ("points", "kommunkod")

    @classmethod
    def from_methodology(cls, methodology: Methodology) -> ScoringRule:
        """The rule of a methodology's ranked columns, aggregation, tie rule and tie-break."""
        columns = ranked_columns(methodology)
        return cls(
            names=tuple(c.code for c in columns),
            directions=np.array([c.direction for c in columns], dtype="int64"),
            weights=np.array([c.weight for c in columns]),
            normaliser=methodology.aggregation,
            tie_rule=methodology.tie_rule,
            tie_break=tuple(methodology.tie_break),
        )

    def score_column(self, j: int, values: FloatArray) -> tuple[FloatArray, FloatArray]:
        """Factor ranks and points of column ``j`` alone (values over the units).

        Equal, to the last bit, to column ``j`` of :meth:`score` on a matrix.
        """
        direction = int(self.directions[j])
        ranks = factor_rank(values, direction, self.tie_rule)
        return ranks, fill_neutral(self._normalise(values, direction, ranks))

    def _normalise(self, values: FloatArray, direction: Any, ranks: FloatArray) -> FloatArray:
        if self.normaliser == "rank_points":
            # The registry's rank points (with this rule's tie rule), from the factor
            # ranks already at hand rather than ranking a second time.
            return points_from_ranks(values, ranks)
        return NORMALISERS[self.normaliser](values, direction)

    def total(self, points: FloatArray) -> FloatArray:
        """:func:`weighted_total` with this rule's weights."""
        return weighted_total(points, self.weights)

    def final_rank(self, total: FloatArray, ranks: FloatArray) -> IntArray:
        """:func:`final_rank` with this rule's column names and tie-break."""
        return final_rank(total, ranks, self.names, self.tie_break)

    def score(self, values: FloatArray) -> Scores:
        """Score ``(units, columns)`` values, or ``(replications, units, columns)``."""
        values = np.asarray(values, dtype="float64")
        ranks = factor_rank(values, self.directions, self.tie_rule)
        points = fill_neutral(self._normalise(values, self.directions, ranks))
        if values.ndim == 2:
            # Row sums of a C-ordered matrix add pairwise, as the published totals do.
            ranks, points = np.ascontiguousarray(ranks), np.ascontiguousarray(points)
        total = self.total(points)
        return Scores(ranks, points, total, self.final_rank(total, ranks))
