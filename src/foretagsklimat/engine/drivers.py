"""Drivers: which survey questions explain the overall grade, with bootstrap intervals.

Two views of the same question:

* ``level="respondents"`` — within the answers: a linear regression of each company's
  overall grade on its grades for the other questions, over complete cases (every
  question in the model graded; "vet ej" drops the answer).
* ``level="municipalities"`` — across municipalities: the same regression on the
  municipalities' mean grades (means over the answers each question got).

Coefficients are standardised (outcome and questions scaled to sd 1), so they compare
across questions graded with different spread: "one sd better service goes with
``coefficient`` sd better overall grade, the other questions held fixed". Intervals come
from a nonparametric bootstrap over the rows (respondents, or municipalities), computed
for all replications at once from weighted moment matrices, seeded by ``random_state``.

The questions are correlated with one another, so a coefficient is a partial effect
that can be small or unstable even for a question that matters. Each row therefore also
has the plain ``correlation`` with the overall grade and the variance inflation factor
``vif`` (above about 5, read the coefficient with care).

Examples
--------
>>> import numpy as np, pandas as pd
>>> rng = np.random.default_rng(0)
>>> service = rng.normal(size=500)
>>> answers = pd.DataFrame({"respondent_id": range(500), "kommunkod": "0114",
...     "year": 2022, "respondent_type": "company", "service": service,
...     "overall_grade": 0.5 * service + rng.normal(size=500)})
>>> table = drivers(answers, replications=100, random_state=1)
>>> table[["question", "coefficient", "n"]].round(2)
  question  coefficient    n
0  service         0.48  500
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from foretagsklimat import reference as _reference

from .methodology import Methodology, get_methodology, load_catalogue

__all__ = ["DRIVER_COLUMNS", "drivers"]

#: Columns of the frame :func:`drivers` returns, in order.
DRIVER_COLUMNS = [
    "group",
    "level",
    "question",
    "coefficient",
    "low",
    "high",
    "correlation",
    "vif",
    "r2",
    "n",
]
#: Bootstrap replications drawn together; bounds memory to about chunk x rows counts.
_CHUNK = 32


def _predictors(
    answers: pd.DataFrame,
    methodology: Methodology | str | None,
    questions: Iterable[str] | None,
    outcome: str,
) -> list[str]:
    if questions is not None:
        chosen = list(questions)
    elif methodology is not None:
        m = get_methodology(methodology) if isinstance(methodology, str) else methodology
        chosen = [i.source for i in m.indicators if i.kind == "survey"]
    else:
        chosen = list(load_catalogue()["questions"])
    missing = [q for q in chosen if questions is not None and q not in answers.columns]
    if missing:
        raise ValueError(f"drivers: question column(s) {missing} not in the answers")
    return [q for q in dict.fromkeys(chosen) if q != outcome and q in answers.columns]


def _products(data: np.ndarray) -> np.ndarray:
    """The products of every pair of columns (upper triangle): n x k(k+1)/2."""
    upper = np.triu_indices(data.shape[1])
    return data[:, upper[0]] * data[:, upper[1]]


def _moments(data: np.ndarray, weights: np.ndarray, products: np.ndarray) -> np.ndarray:
    """Weighted covariance matrices, one per row of ``weights``: (B, k, k).

    ``data`` (n x k) is centred and scaled beforehand, so that the sums of products
    stay well conditioned; ``products`` is :func:`_products` of it, computed once for
    all the chunks of replications. All replications go through one matrix product.
    """
    k = data.shape[1]
    upper = np.triu_indices(k)
    total = weights.sum(axis=1, keepdims=True)
    means = weights @ data / total
    second = weights @ products / total
    cov = np.empty((len(weights), k, k))
    cov[:, upper[0], upper[1]] = second
    cov[:, upper[1], upper[0]] = second
    return cov - means[:, :, None] * means[:, None, :]


def _standardised(cov: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Standardised coefficients, R², correlations with the outcome and VIFs.

    ``cov`` is (B, k, k) with the outcome first. From the correlation matrix R:
    beta = R_xx^-1 r_xy, R² = r_xy . beta, VIF = diag(R_xx^-1).
    """
    sd = np.sqrt(np.einsum("bii->bi", cov))
    with np.errstate(invalid="ignore", divide="ignore"):
        corr = cov / (sd[:, :, None] * sd[:, None, :])
    r_xx, r_xy = corr[:, 1:, 1:], corr[:, 1:, 0]
    try:
        inverse = np.linalg.inv(r_xx)
    except np.linalg.LinAlgError:
        # A resample can make a question constant; the pseudo-inverse keeps the batch.
        inverse = np.linalg.pinv(np.nan_to_num(r_xx))
    beta = np.einsum("bij,bj->bi", inverse, r_xy)
    r2 = np.einsum("bi,bi->b", beta, r_xy)
    vif = np.einsum("bii->bi", inverse)
    return beta, r2, r_xy, vif


def _fit(
    data: np.ndarray, replications: int, rng: np.random.Generator, confidence: float
) -> dict[str, Any]:
    """Point estimates and percentile intervals for one complete-case matrix."""
    n, k = data.shape
    scaled = (data - data.mean(axis=0)) / np.where(data.std(axis=0) > 0, data.std(axis=0), 1.0)
    products = _products(scaled)
    beta, r2, corr, vif = _standardised(_moments(scaled, np.ones((1, n)), products))
    samples = []
    for start in range(0, replications, _CHUNK):
        size = min(_CHUNK, replications - start)
        # Exact multinomial bootstrap: counts of n draws with replacement per replication.
        drawn = rng.integers(0, n, size=(size, n)) + n * np.arange(size)[:, None]
        counts = np.bincount(drawn.ravel(), minlength=size * n).reshape(size, n)
        samples.append(_standardised(_moments(scaled, counts.astype("float64"), products))[0])
    alpha = (1.0 - confidence) / 2.0
    if samples:
        stacked = np.concatenate(samples)
        low, high = np.nanquantile(stacked, [alpha, 1.0 - alpha], axis=0)
    else:
        low = high = np.full(k - 1, np.nan)
    return {
        "coefficient": beta[0],
        "low": low,
        "high": high,
        "correlation": corr[0],
        "vif": vif[0],
        "r2": float(r2[0]),
    }


def _rows(
    frame: pd.DataFrame,
    outcome: str,
    questions: list[str],
    level: str,
    replications: int,
    rng: np.random.Generator,
    confidence: float,
) -> tuple[list[str], dict[str, Any], int]:
    if level == "municipalities":
        # Means over the answers each question got; a municipality lacking any mean drops.
        frame = frame.groupby("kommunkod", sort=True)[[outcome, *questions]].mean()
    used = [q for q in questions if frame[q].notna().any()]
    data = frame[[outcome, *used]].dropna().to_numpy(dtype="float64")
    n = len(data)
    if not used or n < len(used) + 2:
        nan = np.full(len(used), np.nan)
        empty = {"coefficient": nan, "low": nan, "high": nan, "correlation": nan, "vif": nan}
        return used, {**empty, "r2": np.nan}, n
    return used, _fit(data, replications, rng, confidence), n


def drivers(
    answers: pd.DataFrame,
    methodology: Methodology | str | None = None,
    *,
    by: str | None = None,
    level: str = "respondents",
    replications: int = 200,
    random_state: int | np.random.Generator | None = None,
    confidence: float = 0.95,
    reference: pd.DataFrame | None = None,
    questions: Iterable[str] | None = None,
    outcome: str = "overall_grade",
    respondent_type: str | None = "company",
) -> pd.DataFrame:
    """Which questions explain the overall grade: standardised regression coefficients.

    Parameters
    ----------
    answers : DataFrame
        Canonical wide answers (``respondent_id``, ``kommunkod``, ``year``,
        ``respondent_type``, one column per question). Pass one year, or accept that
        years are pooled.
    methodology : Methodology or str, optional
        Use its survey questions as predictors; default every catalogue question in
        the answers.
    by : str, optional
        Fit separately per value of this column, e.g. ``"kommungrupp_kod"`` (SKR group)
        or ``"lanskod"``; taken from ``reference`` when not in the answers.
        Default: one national fit, ``group = "all"``.
    level : {"respondents", "municipalities"}
        Regress answers within municipalities' companies, or municipality means.
    replications : int, default 200
        Bootstrap replications (resampling respondents, or municipalities); 0 skips
        the intervals. Respondents are resampled independently, ignoring that they
        cluster in municipalities, so intervals at that level are somewhat narrow.
    random_state : int or Generator, optional
        Same seed, same table.
    confidence : float, default 0.95
        Coverage of the percentile interval ``low``..``high``.
    reference : DataFrame, optional
        ``kommunkod`` and the ``by`` column; default
        :func:`foretagsklimat.reference.municipalities`.
    questions : iterable of str, optional
        Exactly these predictors.
    outcome : str, default "overall_grade"
    respondent_type : str or None, default "company"
        Keep only these respondents when the column exists (SN ranks companies).

    Returns
    -------
    DataFrame
        :data:`DRIVER_COLUMNS`: ``group``, ``level``, ``question``, ``coefficient``
        (standardised), ``low``, ``high`` (bootstrap percentile interval),
        ``correlation`` (simple, with the outcome), ``vif`` (variance inflation),
        ``r2`` and ``n`` (complete cases, or municipalities) of the group's model;
        largest coefficient first within each group. A group with too few complete
        cases (fewer than questions + 2) gets NaN estimates.

    Raises
    ------
    ValueError
        Unknown level, missing outcome, or a ``by`` column found nowhere.
    """
    if level not in ("respondents", "municipalities"):
        raise ValueError(f"level must be 'respondents' or 'municipalities', not {level!r}")
    if outcome not in answers.columns:
        raise ValueError(f"drivers: the answers have no {outcome!r} column")
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must lie between 0 and 1, not {confidence!r}")
    frame = answers
    if respondent_type is not None and "respondent_type" in frame.columns:
        frame = frame.loc[frame["respondent_type"] == respondent_type]
    predictors = _predictors(frame, methodology, questions, outcome)
    if by is not None and by not in frame.columns:
        ref = _reference.municipalities() if reference is None else reference
        if by not in ref.columns:
            raise ValueError(f"drivers: {by!r} is neither in the answers nor in the reference")
        frame = frame.merge(ref[["kommunkod", by]], on="kommunkod", how="left")
    rng = (
        random_state
        if isinstance(random_state, np.random.Generator)
        else np.random.default_rng(random_state)
    )
    if by is None:
        groups: list[tuple[str, pd.DataFrame]] = [("all", frame)]
    else:
        groups = [(str(key), part) for key, part in frame.groupby(by, sort=True)]
    # One independent stream per group, so adding a group never changes another's draws.
    streams = rng.spawn(len(groups))
    parts = []
    for (group, part), stream in zip(groups, streams, strict=True):
        used, fit, n = _rows(part, outcome, predictors, level, replications, stream, confidence)
        table = pd.DataFrame(
            {
                "group": group,
                "level": level,
                "question": pd.Series(used, dtype=object),
                **{key: np.asarray(fit[key], dtype="float64") for key in DRIVER_COLUMNS[3:8]},
                "r2": fit["r2"],
                "n": n,
            }
        )
        parts.append(table.sort_values("coefficient", ascending=False, kind="stable"))
    if not parts:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in DRIVER_COLUMNS})
    out = pd.concat(parts, ignore_index=True)
    out["n"] = out["n"].astype("int64")
    return out[DRIVER_COLUMNS]
