"""The latent model behind the demo survey: question levels and target rank paths.

Every municipality has a latent business-climate score per year (standard-normal scale,
higher = better). A cell's intended mean grade is the question's national level plus the
question's loading times that score, plus a persistent municipality-question effect and a
small yearly wobble. The scores start from *target ranks*: the published rank where one is
known, otherwise a smooth random walk, and the calibration then moves them until the engine
ranks the demo data as targeted.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.special import ndtri

#: (national level in 2019, loading on the latent score, spread of the persistent
#: municipality effect, "vet ej" share, how much higher council members grade it).
#: The levels are synthetic except overall_grade and procurement (published means).
QUESTION_SPEC: dict[str, tuple[float, float, float, float, float]] = {
    "overall_grade": (3.42, 0.42, 0.08, 0.02, 0.45),
    "service": (3.45, 0.38, 0.16, 0.12, 0.55),
    "rules_application": (3.20, 0.34, 0.16, 0.22, 0.50),
    "municipal_competition": (3.60, 0.24, 0.20, 0.38, 0.35),
    "skills_access": (2.95, 0.16, 0.20, 0.07, 0.25),
    "attitude_public": (3.65, 0.24, 0.18, 0.05, 0.30),
    "attitude_politicians": (3.15, 0.42, 0.18, 0.13, 0.95),
    "attitude_officials": (3.20, 0.40, 0.18, 0.12, 0.70),
    "attitude_school": (3.10, 0.22, 0.18, 0.25, 0.45),
    "attitude_media": (3.40, 0.20, 0.18, 0.12, 0.25),
    "roads_rail_air": (3.35, 0.14, 0.25, 0.04, 0.20),
    "telecom_it": (3.60, 0.12, 0.22, 0.04, 0.25),
    "information": (3.10, 0.36, 0.18, 0.15, 0.70),
    "dialogue": (2.95, 0.40, 0.20, 0.30, 0.75),
    "procurement": (2.66, 0.30, 0.22, 0.45, 0.77),
    "crime_safety": (3.50, 0.14, 0.22, 0.10, 0.20),
}

# Infrastructure is mostly geography: better around the cities, worse in sparsely
# populated municipalities.
_GROUP_EFFECT = {
    "roads_rail_air": {"A1": 0.35, "A2": 0.35, "B3": 0.25, "B4": 0.1, "C8": -0.45, "C9": -0.35},
    "telecom_it": {"A1": 0.25, "A2": 0.25, "B3": 0.15, "C8": -0.35, "C9": -0.3},
}

# Where the latent score of municipalities without a published rank starts, by SKR group
# (synthetic; suburbs and small industrial towns tend to rank well, the largest cities not).
_GROUP_LEVEL = {
    "A1": -0.5,
    "A2": 0.35,
    "B3": -0.35,
    "B4": 0.15,
    "B5": -0.2,
    "C6": 0.0,
    "C7": 0.15,
    "C8": -0.3,
    "C9": -0.1,
}

#: Sandviken's climb is made of what its 2023 news item says it worked on: service,
#: officials' and politicians' attitudes, information and dialogue (offsets to the cell
#: mean by year); public attitudes and access to skills stay weak (2021 article) and
#: procurement is its acknowledged weak spot.
SANDVIKEN_STORY: dict[str, dict[int, float]] = {
    "service": {2019: -0.20, 2020: -0.10, 2021: 0.20, 2022: 0.15, 2023: 0.30},
    "attitude_officials": {2019: -0.20, 2020: -0.10, 2021: 0.20, 2022: 0.15, 2023: 0.30},
    "attitude_politicians": {2019: -0.15, 2020: -0.10, 2021: 0.10, 2022: 0.10, 2023: 0.25},
    "information": {2019: -0.20, 2020: -0.05, 2021: 0.10, 2022: 0.10, 2023: 0.30},
    "dialogue": {2019: -0.20, 2020: -0.05, 2021: 0.15, 2022: 0.10, 2023: 0.30},
    "attitude_public": {y: -0.20 for y in range(2014, 2025)},
    "skills_access": {y: -0.20 for y in range(2014, 2025)},
    "procurement": {y: -0.15 for y in range(2014, 2025)},
}


def rank_score(rank: np.ndarray, n: int) -> np.ndarray:
    """Standard-normal score of a rank (rank 1 of n gets the highest score)."""
    return ndtri(1.0 - (np.asarray(rank, dtype="float64") - 0.5) / n)


@dataclass(frozen=True)
class Targets:
    """Target ranks per municipality and year.

    Attributes
    ----------
    rank : numpy.ndarray
        Shape (M, Y): a full permutation of 1..M in every year.
    pinned : numpy.ndarray
        Shape (M, Y), bool: the rank is a published fact.
    quality : numpy.ndarray
        Shape (M,): long-run latent score (mean over years).
    """

    rank: np.ndarray
    pinned: np.ndarray
    quality: np.ndarray


def target_ranks(
    codes: np.ndarray,
    groups: np.ndarray,
    years: np.ndarray,
    facts: pd.DataFrame,
    rng: np.random.Generator,
) -> Targets:
    """Build the yearly target permutations from the published rank facts.

    Known ranks are pinned (higher-priority sources first; a rank already taken that year
    by another municipality is left unpinned). Every other municipality-year gets a score:
    between known years the scores are interpolated, elsewhere a random walk drifts
    around a group-dependent level; the free ranks go to them in score order.
    """
    m, y = len(codes), len(years)
    index = {c: i for i, c in enumerate(codes)}
    col = {int(v): j for j, v in enumerate(years)}
    known = np.full((m, y), np.nan)
    pinned = np.zeros((m, y), dtype=bool)
    taken = np.zeros((y, m + 1), dtype=bool)
    ordered = facts.sort_values("priority", kind="stable")
    for code, year, rank in zip(
        ordered["kommunkod"],
        ordered["year"].to_numpy(dtype="int64"),
        ordered["rank"].to_numpy(dtype="int64"),
        strict=True,
    ):
        j = col.get(int(year))
        i = index[code]
        r = int(rank)
        if j is None or pinned[i, j] or taken[j, r]:
            continue
        known[i, j], pinned[i, j], taken[j, r] = r, True, True
    known_score = rank_score(np.where(pinned, known, 1.0), m)
    # Random walk in score space (persistent but moving, like real ranks).
    level = np.array([_GROUP_LEVEL[g] for g in groups]) + 0.75 * rng.standard_normal(m)
    walk = np.zeros((m, y))
    walk[:, 0] = 0.45 * rng.standard_normal(m)
    for j in range(1, y):  # loop over years only
        walk[:, j] = 0.8 * walk[:, j - 1] + 0.3 * rng.standard_normal(m)
    score = level[:, None] + walk
    has_fact = pinned.any(axis=1)
    if has_fact.any():
        # Interpolate the published scores over the years between them, hold them flat
        # outside, and add a little of the walk so the path is not a straight line.
        t = np.arange(y, dtype=float)
        for row_i in np.flatnonzero(has_fact):  # only the ~130 municipalities with facts
            at = np.flatnonzero(pinned[row_i])
            path = np.interp(t, at, known_score[row_i, at])
            score[row_i] = path + 0.5 * (walk[row_i] - walk[row_i].mean())
    ranks = np.zeros((m, y), dtype="int64")
    for j in range(y):  # loop over years only
        free_ranks = np.flatnonzero(~taken[j, 1:]) + 1
        free = np.flatnonzero(~pinned[:, j])
        order = free[np.argsort(-score[free, j], kind="stable")]
        ranks[order, j] = free_ranks
        ranks[pinned[:, j], j] = known[pinned[:, j], j].astype("int64")
    quality = rank_score(ranks, m).mean(axis=1)
    quality = (quality - quality.mean()) / quality.std()
    return Targets(rank=ranks, pinned=pinned, quality=quality)


@dataclass
class SurveyModel:
    """Intended cell means = level + loading * score + persistent + wobble + story.

    Attributes
    ----------
    questions : list of str
        Catalogue question codes, the last axis of every array.
    level : numpy.ndarray
        (Y, Q) national level; the calibration moves it to hit national means.
    loading : numpy.ndarray
        (Q,) effect of one unit of latent score.
    offset : numpy.ndarray
        (M, Y, Q) persistent municipality effect + yearly wobble + story.
    """

    questions: list[str]
    level: np.ndarray
    loading: np.ndarray
    offset: np.ndarray

    def means(self, score: np.ndarray, j: int) -> np.ndarray:
        """Intended means (M, Q) in year index ``j`` for latent scores (M,)."""
        raw = self.level[j] + self.loading * score[:, None] + self.offset[:, j, :]
        # Keep the cells where real municipality means lie (about 1.8-4.8).
        return np.clip(raw, 1.6, 4.75)


def survey_model(
    codes: np.ndarray,
    groups: np.ndarray,
    years: np.ndarray,
    questions: list[str],
    rng: np.random.Generator,
) -> SurveyModel:
    """Draw the persistent effects and yearly wobbles of the survey model."""
    m, y, q = len(codes), len(years), len(questions)
    spec = np.array([QUESTION_SPEC[c] for c in questions])
    trend = 0.015 * (years - 2019)[:, None]
    level = spec[None, :, 0] + trend
    persistent = rng.standard_normal((m, q)) * spec[None, :, 2]
    for k, code in enumerate(questions):
        effect = _GROUP_EFFECT.get(code, {})
        persistent[:, k] += np.array([effect.get(g, 0.0) for g in groups])
    wobble = np.zeros((m, y, q))
    shocks = 0.06 * rng.standard_normal((m, y, q))
    wobble[:, 0] = shocks[:, 0]
    for j in range(1, y):  # loop over years only
        wobble[:, j] = 0.6 * wobble[:, j - 1] + shocks[:, j]
    offset = persistent[:, None, :] + wobble
    sandviken = np.flatnonzero(codes == "2181")
    if len(sandviken):
        for code, by_year in SANDVIKEN_STORY.items():
            if code in questions:
                k = questions.index(code)
                for j, year in enumerate(years):
                    offset[sandviken[0], j, k] += by_year.get(int(year), 0.0)
    return SurveyModel(questions=questions, level=level, loading=spec[:, 1].copy(), offset=offset)
