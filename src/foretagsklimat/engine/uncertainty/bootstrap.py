"""The survey bootstrap: redraw the answers, or the factor means, and rank every replicate.

:func:`bootstrap_ranking` resamples the answering companies within each municipality
(the exact, multinomial bootstrap); :func:`parametric_bootstrap_ranking` draws each
factor mean from its normal approximation when only ``mean``, ``n`` and ``sd`` are
known. Statistics are registers, not samples: they stay fixed. Both rank the
replicates with :func:`.replicates.rank_replicates`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..factors import factor_values as compute_factor_values
from ..methodology import Methodology, resolve_methodology
from ..ranking import indicator_values, rank
from ..scoring import ranked_columns
from .replicates import (
    BootstrapResult,
    Design,
    interval,
    rank_replicates,
    run_config,
    source_values,
    summarise,
)

__all__ = ["bootstrap_ranking", "parametric_bootstrap_ranking"]

#: Memory bound per block of replications: replications × answers weights at most this.
_BLOCK_CELLS = 4_000_000
_GRADE_RANGE = (1.0, 6.0)


def bootstrap_ranking(
    answers: pd.DataFrame,
    statistics: pd.DataFrame | None,
    methodology: Methodology | str | None,
    year: int,
    *,
    replications: int = 1000,
    random_state: int | np.random.Generator | None = None,
    confidence: float = 0.90,
    block_size: int | None = None,
) -> BootstrapResult:
    """Bootstrap the company answers within each municipality and rank every replicate.

    Each replication draws, for every municipality with n answering companies, n
    companies with replacement from that municipality (exact multinomial bootstrap;
    whole questionnaires are drawn, so the correlation between a firm's grades is kept).
    The draws become integer weights on a respondents × (municipality, question) sparse
    matrix, so the weighted sums and counts of a block of replications are one sparse
    product. Factor means, points (the methodology's aggregation and tie rule, neutral
    points for a missing factor), totals and final ranks (the methodology's tie-break)
    follow for all replications at once.

    Parameters
    ----------
    answers : DataFrame
        Canonical wide answers; rows of other years and of politicians are ignored.
    statistics : DataFrame or None
        Canonical long statistics (held fixed).
    methodology : Methodology or str or None
        Default: the methodology in force in ``year``.
    year : int
    replications : int, default 1000
    random_state : int or numpy.random.Generator, optional
        Same seed (and same ``block_size``) → identical result.
    confidence : float, default 0.90
        Central interval reported: 0.90 gives the 5th and 95th percentiles.
    block_size : int, optional
        Replications processed together (memory ∝ block_size × answers); default keeps
        the weight block under 4 million cells.

    Returns
    -------
    BootstrapResult

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> rng = np.random.default_rng(0)
    >>> answers = pd.DataFrame({
    ...     "respondent_id": [f"r{i}" for i in range(60)],
    ...     "kommunkod": np.repeat(["0114", "0115", "0117"], 20), "year": 2020,
    ...     "respondent_type": "company",
    ...     "overall_grade": np.clip(np.repeat([4.5, 3.5, 2.5], 20)
    ...                              + rng.normal(0, 0.5, 60), 1, 6).round()})
    >>> m = Methodology.from_dict({"name": "one", "title_sv": "E", "title_en": "O",
    ...     "first_year": 2020, "indicators": [{"code": "overall_grade", "kind": "survey",
    ...     "source": "overall_grade", "weight": 1, "direction": 1, "status": "inferred",
    ...     "note": "doc"}]})
    >>> result = bootstrap_ranking(answers, None, m, 2020, replications=200,
    ...                            random_state=1)
    >>> result.units[["kommunkod", "rank", "rank_low", "rank_high"]]
      kommunkod  rank  rank_low  rank_high
    0      0114     1       1.0        1.0
    1      0115     2       2.0        2.0
    2      0117     3       3.0        3.0
    """
    resolved = resolve_methodology(methodology, year)
    if replications < 1:
        raise ValueError("replications must be at least 1")
    interval(confidence)
    rng = np.random.default_rng(random_state)
    factors = compute_factor_values(answers)
    values = indicator_values(factors, statistics, resolved, year)
    nominal = rank(values, resolved, year=year)
    codes = nominal.stages["values"].index.to_numpy(dtype=object)
    survey_sources = sorted(
        {s for c in ranked_columns(resolved) for s in c.sources}
        & {i.source for i in resolved.indicators if i.kind == "survey"}
    )

    frame = answers
    if "year" in frame.columns:
        frame = frame.loc[frame["year"] == year]
    if "respondent_type" in frame.columns:
        frame = frame.loc[frame["respondent_type"] == "company"]
    unit_of = pd.Index(codes).get_indexer(frame["kommunkod"].astype(str))
    keep = unit_of >= 0
    unit_of = unit_of[keep]
    grades = frame.reindex(columns=survey_sources).to_numpy(dtype="float64", na_value=np.nan)[keep]
    # Respondents sorted by municipality: each municipality's answers are one block,
    # so a draw within it is its start plus a uniform offset below its size.
    order = np.argsort(unit_of, kind="stable")
    unit_of, grades = unit_of[order], grades[order]
    n_resp, n_units, n_q = len(unit_of), len(codes), len(survey_sources)
    per_unit = np.bincount(unit_of, minlength=n_units)
    starts = np.concatenate([[0], np.cumsum(per_unit)[:-1]])
    block = block_size or max(1, min(replications, _BLOCK_CELLS // max(n_resp, 1)))

    # Sparse (municipality, question) × respondent matrix: grades for the sums, ones for
    # the counts, stacked so one product gives both.
    present = ~np.isnan(grades)
    resp_idx, q_idx = np.nonzero(present)
    target = unit_of[resp_idx] * n_q + q_idx
    # Imported here: scipy.sparse costs a noticeable part of a second to import, and only
    # this bootstrap needs it.
    from scipy import sparse

    stacked = sparse.csr_array(
        (
            np.concatenate([grades[resp_idx, q_idx], np.ones(len(resp_idx))]),
            (np.concatenate([target, target + n_units * n_q]), np.concatenate([resp_idx] * 2)),
        ),
        shape=(2 * n_units * n_q, n_resp),
    )
    first = starts[unit_of]
    size_of = per_unit[unit_of]

    def draw(generator: np.random.Generator, size: int) -> np.ndarray:
        picks = first + np.floor(generator.random((size, n_resp)) * size_of).astype("int64")
        offsets = (np.arange(size) * n_resp)[:, None]
        counts = np.bincount((picks + offsets).ravel(), minlength=size * n_resp)
        weights = counts.reshape(size, n_resp).astype("float64")
        sums = (stacked @ weights.T).T.reshape(size, 2, n_units, n_q)
        return np.divide(
            sums[:, 0],
            sums[:, 1],
            out=np.full((size, n_units, n_q), np.nan),
            where=sums[:, 1] > 0,
        )

    details = {
        "method": "multinomial bootstrap of respondents within municipality",
        "n_answers": int(n_resp),
        "block_size": int(block),
        "source_values": source_values(values),
    }
    design = Design(nominal, survey_sources, draw, block, details)
    ranks, totals, survey_values = rank_replicates(design, resolved, replications, rng)
    config = run_config(
        "bootstrap_ranking", resolved, year, replications, random_state, confidence, details
    )
    return summarise(design, resolved, ranks, totals, survey_values, confidence, config)


def parametric_bootstrap_ranking(
    factor_values: pd.DataFrame,
    statistics: pd.DataFrame | None,
    methodology: Methodology | str | None,
    year: int,
    *,
    replications: int = 1000,
    random_state: int | np.random.Generator | None = None,
    confidence: float = 0.90,
    block_size: int | None = None,
) -> BootstrapResult:
    """The bootstrap of :func:`bootstrap_ranking` when only mean, n and sd are known.

    Each replication draws every factor mean from the normal approximation to its
    sampling distribution, ``mean + sd / sqrt(n) * Z``, clipped to the grade range 1–6.
    Where ``sd`` is unknown (n < 2) the mean is held fixed. Unlike the answer-level
    bootstrap, questions are drawn independently (their correlation is unknown).

    Parameters
    ----------
    factor_values : DataFrame
        Canonical factor values: ``kommunkod``, ``year``, ``question``, ``mean``, ``n``,
        ``sd`` (and optionally ``respondent_type``; only companies are used).
    statistics, methodology, year, replications, random_state, confidence, block_size
        As in :func:`bootstrap_ranking`.

    Returns
    -------
    BootstrapResult

    Examples
    --------
    >>> import pandas as pd
    >>> fv = pd.DataFrame({"kommunkod": ["0114", "0115"], "year": 2020,
    ...     "question": "overall_grade", "mean": [4.0, 3.0], "n": [50, 50],
    ...     "sd": [1.0, 1.0]})
    >>> m = Methodology.from_dict({"name": "one", "title_sv": "E", "title_en": "O",
    ...     "first_year": 2020, "indicators": [{"code": "overall_grade", "kind": "survey",
    ...     "source": "overall_grade", "weight": 1, "direction": 1, "status": "inferred",
    ...     "note": "doc"}]})
    >>> r = parametric_bootstrap_ranking(fv, None, m, 2020, replications=100, random_state=0)
    >>> r.units["rank_high"].tolist()
    [1.0, 2.0]
    """
    resolved = resolve_methodology(methodology, year)
    if replications < 1:
        raise ValueError("replications must be at least 1")
    interval(confidence)
    missing = [c for c in ("kommunkod", "question", "mean", "n", "sd") if c not in factor_values]
    if missing:
        raise ValueError(f"factor values: missing column(s) {missing}")
    rng = np.random.default_rng(random_state)
    values = indicator_values(factor_values, statistics, resolved, year)
    nominal = rank(values, resolved, year=year)
    codes = nominal.stages["values"].index.to_numpy(dtype=object)
    survey_sources = sorted(
        {s for c in ranked_columns(resolved) for s in c.sources}
        & {i.source for i in resolved.indicators if i.kind == "survey"}
    )
    fv = factor_values
    if "year" in fv.columns:
        fv = fv.loc[fv["year"] == year]
    if "respondent_type" in fv.columns:
        fv = fv.loc[fv["respondent_type"] == "company"]
    fv = fv.loc[fv["question"].isin(survey_sources)]
    mean_table = fv.pivot_table(index="kommunkod", columns="question", values="mean")
    mean = mean_table.reindex(index=codes, columns=survey_sources).to_numpy(dtype="float64")
    se_frame = fv.assign(
        se=pd.to_numeric(fv["sd"], errors="coerce")
        / np.sqrt(pd.to_numeric(fv["n"], errors="coerce"))
    ).pivot_table(index="kommunkod", columns="question", values="se")
    se = se_frame.reindex(index=codes, columns=survey_sources).to_numpy(dtype="float64")
    se = np.where(np.isfinite(se), se, 0.0)
    # The ranking arrays of a block hold replications × units × factors numbers several
    # times over; a sixteenth of the answer-level bound keeps them to tens of MB.
    block = block_size or max(1, min(replications, _BLOCK_CELLS // 16 // max(mean.size, 1)))

    def draw(generator: np.random.Generator, size: int) -> np.ndarray:
        noise = generator.standard_normal((size, *mean.shape))
        return np.clip(mean + se * noise, *_GRADE_RANGE)

    details = {
        "method": "parametric bootstrap: normal(mean, sd/sqrt(n)) per factor, clipped to 1-6",
        "block_size": int(block),
        "source_values": source_values(values),
    }
    design = Design(nominal, survey_sources, draw, block, details)
    ranks, totals, survey_values = rank_replicates(design, resolved, replications, rng)
    config = run_config(
        "parametric_bootstrap_ranking",
        resolved,
        year,
        replications,
        random_state,
        confidence,
        details,
    )
    return summarise(design, resolved, ranks, totals, survey_values, confidence, config)
