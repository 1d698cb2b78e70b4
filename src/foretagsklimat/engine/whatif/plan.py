"""Plans to reach a target rank: a small set of lever steps found by heuristic search.

:func:`find_plan` asks a fitted :class:`~.model.WhatIfModel` for the fewest lever
steps (0.1 on a grade, :data:`~.steps.STATISTIC_STEPS` on a statistic) that take one
municipality to a target rank, and returns a :class:`Plan`. The search is a greedy
pass, a pruning pass and a local search that swaps steps between indicators; see
:func:`~.model.reach_target` for the details and guarantees.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .steps import EPS, GRADE_RANGE

if TYPE_CHECKING:
    from .model import WhatIfModel

__all__ = ["Plan", "find_plan"]


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


def find_plan(
    model: WhatIfModel,
    kommunkod: str,
    target_rank: int,
    *,
    kinds: Iterable[str] = ("survey",),
    indicators: Iterable[str] | None = None,
    steps: float | Mapping[str, float] | None = None,
) -> Plan:
    """A small set of lever steps that takes a municipality to ``target_rank`` or better.

    "Small" means few lever steps in total. The search is a heuristic, not a proven
    optimum: a greedy pass adds, round by round, the move with most places gained per
    step (a move = the fewest steps on one indicator that pass the next municipality
    on it); a pruning pass takes back every step the target does not need; then a
    local search swaps steps between two indicators while that makes the plan smaller
    (stepping one back to one of its last points where it ties or passes someone, and
    adding the fewest steps on another that restore the target). Removing any single
    step from the returned plan loses the target.

    Parameters are those of :func:`~.model.reach_target`, on a fitted model; this is
    what :meth:`.model.WhatIfModel.reach_target` runs.
    """
    i = model.row_of(kommunkod)
    n_units = len(model.codes_)
    if not isinstance(target_rank, int | np.integer) or not 1 <= target_rank <= n_units:
        raise ValueError(f"target rank must be an integer in 1..{n_units}, not {target_rank!r}")
    target = int(target_rank)
    rank_now = int(model.rank_[i])
    wanted = set(indicators) if indicators is not None else None
    kind_set = set(kinds)

    def allowed(j: int) -> bool:
        if wanted is None:
            return model.kinds_[j] in kind_set
        return model.names_[j] in wanted or model.columns_[j].sources[0] in wanted

    candidates = [
        j for j in range(len(model.columns_)) if allowed(j) and not np.isnan(model.values_[i, j])
    ]
    sizes = {j: model.step_size(j, steps) for j in candidates}
    limits = {j: _max_steps(model, i, j, sizes[j]) for j in candidates}
    candidates = [j for j in candidates if limits[j] > 0]
    counts = dict.fromkeys(candidates, 0)

    # The search asks about the same steps, columns and plans many times over (the
    # worst case, the last-placed municipality, about 4,000 questions on 300 distinct
    # column values): all three are remembered for this search, which gives the same plan.
    moves: dict[tuple[int, int], float] = {}
    columns: dict[tuple[int, int, float], tuple[Any, Any]] = {}
    outcomes: dict[tuple[tuple[int, int], ...], tuple[float, int]] = {}

    def moved(j: int, k: int) -> float:
        value = moves.get((j, k))
        if value is None:
            value = moves[(j, k)] = model.moved(j, model.values_[i, j], k, sizes[j])
        return value

    def changed(ks: Mapping[int, int]) -> dict[int, float]:
        return {j: moved(j, k) for j, k in ks.items() if k}

    def outcome(ks: Mapping[int, int]) -> tuple[float, int]:
        key = tuple(sorted((j, k) for j, k in ks.items() if k))
        known = outcomes.get(key)
        if known is None:
            known = outcomes[key] = model.outcome(i, changed(ks), memo=columns)
        return known

    def plan(ks: Mapping[int, int], reachable: bool) -> Plan:
        points, final = outcome(ks)
        return _assemble(model, i, target, ks, sizes, changed(ks), reachable, final, points)

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
            dk = _steps_to_pass(model, i, j, counts[j], sizes[j], limits[j])
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

    counts = _prune(counts, target, outcome)
    while True:
        better = _exchange(model, i, counts, candidates, sizes, limits, target, outcome)
        if better is None:
            break
        counts = _prune(better, target, outcome)
    return plan(counts, outcome(counts)[1] <= target)


def _exchange(
    model: WhatIfModel,
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
        points_of_change = _breakpoints(model, i, j, sizes[j], counts[j])
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


def _breakpoints(model: WhatIfModel, i: int, j: int, size: float, below: int) -> list[int]:
    """Step counts under ``below`` at which unit ``i`` ties or passes someone on ``j``."""
    direction = model.columns_[j].direction
    value = model.values_[i, j] * direction
    others = np.delete(model.values_[:, j], i) * direction
    gaps = others[others > value + EPS] - value
    ties = np.ceil(gaps / size - EPS)
    passes = np.floor(gaps / size + EPS) + 1
    ks = np.unique(np.concatenate([ties, passes]).astype("int64"))
    return [int(k) for k in ks if 0 < k < below]


def _prune(counts: dict[int, int], target: int, outcome: Any) -> dict[int, int]:
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


def _max_steps(model: WhatIfModel, i: int, j: int, size: float) -> int:
    """Steps up to the limit: a grade of 6, or just past the best other value."""
    value = model.values_[i, j]
    direction = model.columns_[j].direction
    if model.kinds_[j] == "survey":
        bound = GRADE_RANGE[1] if direction > 0 else GRADE_RANGE[0]
        return max(0, math.ceil((bound - value) * direction / size - EPS))
    others = np.delete(model.values_[:, j], i)
    others = others[~np.isnan(others)]
    if not len(others):
        return 0
    best = others.max() if direction > 0 else others.min()
    gap = (best - value) * direction
    return 0 if gap < 0 else math.floor(gap / size + EPS) + 1


def _steps_to_pass(model: WhatIfModel, i: int, j: int, done: int, size: float, limit: int) -> int:
    """Fewest further steps that reach the next better value on column ``j``."""
    left = limit - done
    if left <= 0:
        return 0
    direction = model.columns_[j].direction
    current = model.moved(j, model.values_[i, j], done, size)
    others = np.delete(model.values_[:, j], i) * direction
    ahead = others[others > current * direction + EPS]
    if not len(ahead):
        return 1
    gap = ahead.min() - current * direction
    return int(min(left, max(1, math.ceil(gap / size - EPS))))


def _assemble(
    model: WhatIfModel,
    i: int,
    target: int,
    counts: Mapping[int, int],
    sizes: Mapping[int, float],
    new: Mapping[int, float],
    reachable: bool,
    final: int,
    points: float,
) -> Plan:
    labels = model.labels()
    js = sorted(
        (j for j in new if counts.get(j)),
        # Grade changes first (what the plan is mostly about), largest first.
        key=lambda j: (model.kinds_[j] != "survey", -counts[j], j),
    )
    steps = pd.DataFrame(
        {
            "indicator": pd.Series([model.names_[j] for j in js], dtype=object),
            "label_sv": pd.Series([labels[j][0] for j in js], dtype=object),
            "label_en": pd.Series([labels[j][1] for j in js], dtype=object),
            "kind": pd.Series([model.kinds_[j] for j in js], dtype=object),
            "from_value": np.array([model.values_[i, j] for j in js], dtype="float64"),
            "to_value": np.array([new[j] for j in js], dtype="float64"),
            "step": np.array([sizes[j] for j in js], dtype="float64"),
            "n_steps": np.array([counts[j] for j in js], dtype="int64"),
        }
    )
    steps.insert(5, "change", steps["to_value"] - steps["from_value"])
    return Plan(
        kommunkod=str(model.codes_[i]),
        target_rank=target,
        rank_before=int(model.rank_[i]),
        final_rank=final,
        reachable=reachable,
        steps=steps,
        points_before=float(model.total_[i]),
        points_after=points,
    )
