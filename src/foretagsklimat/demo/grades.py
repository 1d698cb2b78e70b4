"""Grades on the 1-6 scale: from a cell's latent level to its grades, means and answers.

A *cell* is one municipality, year and question. Its grades follow a normal latent
variable with mean ``mu`` and sd :data:`SIGMA`, cut at 1.5, 2.5, ..., 5.5. Instead of
drawing the n grades independently, a cell takes the n evenly spaced quantiles of that
distribution (a stratified sample): the cell mean then depends only on ``mu`` and ``n``,
which lets the calibration compute every mean exactly, in closed form and in bulk,
without building the answers. Which firm gives which of the cell's grades is random
(see :func:`assign_grades`), so the answers still vary between seeds and firms.
"""

from __future__ import annotations

import numpy as np
from scipy.special import ndtr

#: Spread of the latent grade within a cell (grade sd about 1.1 in the middle of the scale).
SIGMA = 1.15
GRADES = np.arange(1, 7, dtype="float64")
_CUTS = np.arange(1.5, 6.0, 1.0)

# Expected grade as a function of mu, tabulated once for inverting it.
_MU_GRID = np.linspace(-3.0, 10.0, 2601)


def _expected_mean(mu: np.ndarray) -> np.ndarray:
    cdf = ndtr((_CUTS - np.asarray(mu)[..., None]) / SIGMA)
    return 6.0 - cdf.sum(axis=-1)


_MEAN_GRID = _expected_mean(_MU_GRID)


def mu_for_mean(mean: np.ndarray) -> np.ndarray:
    """Latent level whose expected grade is ``mean`` (any shape, values in (1, 6))."""
    clipped = np.clip(mean, _MEAN_GRID[0] + 1e-6, _MEAN_GRID[-1] - 1e-6)
    return np.interp(clipped, _MEAN_GRID, _MU_GRID)


def cumulative_counts(mu: np.ndarray, n: np.ndarray) -> np.ndarray:
    """How many of a cell's n grades are at most 1, 2, ..., 5 (last axis, length 5).

    The i-th of n grades is the latent quantile at (i - 0.5) / n, so the number of grades
    at most k is n * P(grade <= k) rounded half up.
    """
    mu = np.asarray(mu, dtype="float64")
    n = np.asarray(n)
    cdf = ndtr((_CUTS - mu[..., None]) / SIGMA)
    counts = np.floor(n[..., None] * cdf + 0.5)
    return np.clip(counts, 0, n[..., None]).astype("int64")


def grade_counts(mu: np.ndarray, n: np.ndarray) -> np.ndarray:
    """Number of grades 1..6 in each cell (last axis, length 6)."""
    n = np.asarray(n).astype("int64")
    cum = cumulative_counts(mu, n)
    full = np.concatenate([np.zeros((*cum.shape[:-1], 1), "int64"), cum, n[..., None]], axis=-1)
    return np.diff(full, axis=-1)


def cell_means(mu: np.ndarray, n: np.ndarray) -> np.ndarray:
    """Exact mean grade of each cell (NaN where n = 0).

    Computed as (sum of grades) / n with an integer sum, which is what a mean over the
    generated answers gives, bit for bit.
    """
    n = np.asarray(n)
    total = 6 * n - cumulative_counts(mu, n).sum(axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(n > 0, total / np.where(n > 0, n, 1), np.nan)


def cell_sds(mu: np.ndarray, n: np.ndarray) -> np.ndarray:
    """Sample sd (ddof=1) of each cell's grades (NaN where n < 2)."""
    n = np.asarray(n)
    counts = grade_counts(mu, n)
    s1 = (counts * GRADES).sum(axis=-1)
    s2 = (counts * GRADES**2).sum(axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        var = (s2 - s1 * s1 / n) / (n - 1)
    return np.where(n > 1, np.sqrt(np.maximum(var, 0.0)), np.nan)


def mu_for_exact_mean(target: np.ndarray, n: np.ndarray, iterations: int = 48) -> np.ndarray:
    """Latent level giving the cell mean nearest to ``target`` with n grades.

    Vectorised bisection: the cell mean is a non-decreasing step function of mu.
    """
    target = np.asarray(target, dtype="float64")
    lo = np.full(target.shape, -3.0)
    hi = np.full(target.shape, 10.0)
    for _ in range(iterations):
        mid = (lo + hi) / 2
        below = cell_means(mid, n) < target
        lo = np.where(below, mid, lo)
        hi = np.where(below, hi, mid)
    # hi reaches the first mean >= target, lo the last mean below it: keep the nearer.
    m_hi, m_lo = cell_means(hi, n), cell_means(lo, n)
    return np.where(np.abs(m_hi - target) <= np.abs(target - m_lo), hi, lo)


def assign_grades(cell: np.ndarray, counts: np.ndarray, key: np.ndarray) -> np.ndarray:
    """Hand each cell's grades to its respondents, in the order of a random key.

    Parameters
    ----------
    cell : numpy.ndarray
        Cell index of each answering respondent, shape (R,).
    counts : numpy.ndarray
        Grades 1..6 per cell, shape (cells, 6); row sums equal the respondents per cell.
    key : numpy.ndarray
        Per-respondent sort key, shape (R,). A key that shares a respondent component
        across questions makes a firm's grades agree with each other, as real ones do.

    Returns
    -------
    numpy.ndarray
        The grade of each respondent, shape (R,), float.
    """
    order = np.lexsort((key, cell))
    sorted_grades = np.repeat(np.tile(GRADES, len(counts)), counts.ravel())
    grades = np.empty(len(cell), dtype="float64")
    grades[order] = sorted_grades
    return grades
