"""Calibration of one survey year against the engine's ranking.

The cell means are exact functions of the latent levels (see :mod:`.grades`), so each
step builds the factor values the answers will have, hands them with the statistics to the
engine (:func:`foretagsklimat.engine.indicator_values` and
:func:`foretagsklimat.engine.rank`, methodology in force that year) and moves the latent
scores towards the target ranks. The exact targets are then reached one municipality at a
time by bisection on its own score: its total is monotone in its own grades.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from foretagsklimat.demo.grades import cell_means, mu_for_exact_mean, mu_for_mean
from foretagsklimat.demo.model import SurveyModel, rank_score
from foretagsklimat.engine import indicator_values, methodology_for_year, rank

#: Iterations of the rank-matching loop per year.
ITERATIONS = 14
_GAIN = 0.8
_SCORE_LIMIT = 4.5


@dataclass
class YearProblem:
    """Everything the calibration of one year needs.

    Attributes
    ----------
    year, j : int
        Survey year and its index in the model's year axis.
    codes : numpy.ndarray
        Municipality codes (M,), the row order of every array.
    questions : list of str
        Question codes (Q,).
    n : numpy.ndarray
        (M, Q) grades given per cell (answers minus "vet ej").
    pinned : numpy.ndarray
        (M, Q) published cell means to reproduce, NaN elsewhere.
    national : numpy.ndarray
        (Q,) national mean grade to reach (answer-weighted).
    target : numpy.ndarray
        (M,) target rank.
    exact : list of (int, int)
        (row, rank) pairs that must come out exactly.
    statistics : pandas.DataFrame
        Canonical long statistics of this year.
    """

    year: int
    j: int
    codes: np.ndarray
    questions: list[str]
    n: np.ndarray
    pinned: np.ndarray
    national: np.ndarray
    target: np.ndarray
    exact: list[tuple[int, int]]
    statistics: pd.DataFrame


class _Ranker:
    """Turns latent levels into the engine's total ranks for one year."""

    def __init__(self, problem: YearProblem) -> None:
        self.p = problem
        self.methodology = methodology_for_year(problem.year)
        used = {i.source for i in self.methodology.indicators if i.kind == "survey"}
        self.cols = [k for k, q in enumerate(problem.questions) if q in used]
        m = len(problem.codes)
        self.kommunkod = np.repeat(problem.codes, len(self.cols))
        self.question = np.tile(np.array(problem.questions, dtype=object)[self.cols], m)
        self.position = pd.Index(problem.codes)
        self.calls = 0

    def ranks(self, mu: np.ndarray) -> np.ndarray:
        means = cell_means(mu[:, self.cols], self.p.n[:, self.cols])
        factors = pd.DataFrame(
            {
                "kommunkod": self.kommunkod,
                "year": self.p.year,
                "question": self.question,
                "mean": means.ravel(),
                "n": self.p.n[:, self.cols].ravel(),
            }
        )
        values = indicator_values(factors, self.p.statistics, self.methodology, self.p.year)
        result = rank(values, self.methodology, year=self.p.year).municipalities
        self.calls += 1
        out = np.empty(len(self.p.codes), dtype="int64")
        out[self.position.get_indexer(result["kommunkod"])] = result["rank"].to_numpy()
        return out


def _levels(
    model: SurveyModel,
    problem: YearProblem,
    score: np.ndarray,
    pinned_mu: np.ndarray,
    mask: np.ndarray,
    extra: np.ndarray | None = None,
) -> np.ndarray:
    means = model.means(score, problem.j)
    if extra is not None:
        means = np.clip(means + extra, 1.3, 5.7)
    mu = mu_for_mean(means)
    mu[mask] = pinned_mu
    return mu


def calibrate_year(
    model: SurveyModel, problem: YearProblem, score: np.ndarray, iterations: int = ITERATIONS
) -> tuple[np.ndarray, np.ndarray, int]:
    """Calibrate one year; returns (scores, latent levels (M, Q), engine calls).

    Moves ``model.level`` for this year so that the national means come out as wanted.
    """
    ranker = _Ranker(problem)
    mask = ~np.isnan(problem.pinned)
    pinned_mu = mu_for_exact_mean(problem.pinned[mask], problem.n[mask])
    want = rank_score(problem.target, len(score))
    score = score.copy()
    for _ in range(iterations):
        mu = _levels(model, problem, score, pinned_mu, mask)
        means = cell_means(mu, problem.n)
        national = (means * problem.n).sum(axis=0) / problem.n.sum(axis=0)
        # Mean grade is close to linear in the level here, so one step nearly suffices.
        model.level[problem.j] += problem.national - national
        mu = _levels(model, problem, score, pinned_mu, mask)
        got = ranker.ranks(mu)
        score = np.clip(
            score + _GAIN * (want - rank_score(got, len(score))), -_SCORE_LIMIT, _SCORE_LIMIT
        )
    extra = np.zeros_like(problem.pinned)
    score = _hit_exact(model, problem, score, pinned_mu, mask, ranker, extra)
    return score, _levels(model, problem, score, pinned_mu, mask, extra), ranker.calls


def _hit_exact(
    model: SurveyModel,
    problem: YearProblem,
    score: np.ndarray,
    pinned_mu: np.ndarray,
    mask: np.ndarray,
    ranker: _Ranker,
    extra: np.ndarray,
    passes: int = 6,
) -> np.ndarray:
    """Bisect each exact target's own score until the engine ranks it as published.

    ``extra`` (M, Q) receives single-question nudges, used when the score alone cannot
    land on the target: averaged ties within a factor can make the total jump past two
    municipalities at once, and a single question moves the total in different steps.
    """
    if not problem.exact:
        return score

    def ranks_with(s: np.ndarray) -> np.ndarray:
        return ranker.ranks(_levels(model, problem, s, pinned_mu, mask, extra))

    for _ in range(passes):
        got = ranks_with(score)
        if all(got[i] == r for i, r in problem.exact):
            break
        # Best targets first, so that fixing a lower one does not push a higher one.
        for i, r in sorted(problem.exact, key=lambda pair: pair[1]):
            score = _bisect(ranks_with, score, i, r)
            if ranks_with(score)[i] != r:
                _nudge(ranks_with, score, extra, i, r, ranker.cols)
    return score


def _nudge(
    ranks_with: object,
    score: np.ndarray,
    extra: np.ndarray,
    i: int,
    target: int,
    columns: list[int],
    steps: int = 24,
) -> None:
    """Try one question at a time: bisect an offset to that cell until the rank is exact."""
    call = ranks_with  # a callable (scores) -> ranks
    for k in columns:
        lo, hi = -1.5, 1.5
        for _ in range(steps):
            extra[i, k] = (lo + hi) / 2
            if call(score)[i] <= target:  # type: ignore[operator]
                hi = extra[i, k]
            else:
                lo = extra[i, k]
        extra[i, k] = hi
        if call(score)[i] == target:  # type: ignore[operator]
            return
        extra[i, k] = 0.0


def _bisect(
    ranks_with: object, score: np.ndarray, i: int, target: int, steps: int = 32
) -> np.ndarray:
    """Smallest own score at which municipality row ``i`` ranks ``target`` or better."""
    call = ranks_with  # a callable (scores) -> ranks
    lo, hi = score[i] - 3.0, score[i] + 3.0
    trial = score.copy()
    for _ in range(steps):
        trial[i] = (lo + hi) / 2
        if call(trial)[i] <= target:  # type: ignore[operator]
            hi = trial[i]
        else:
            lo = trial[i]
    trial[i] = hi
    return trial


def exact_rows(
    codes: np.ndarray, exact: Sequence[tuple[str, int, int]], year: int
) -> list[tuple[int, int]]:
    """(row, rank) pairs of the exact targets that fall in ``year``."""
    where = {c: i for i, c in enumerate(codes)}
    return [(where[k], r) for k, y, r in exact if y == year and k in where]
