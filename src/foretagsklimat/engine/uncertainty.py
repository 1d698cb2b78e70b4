"""Sampling uncertainty of a ranking: bootstrap the survey answers, rank every replicate.

:func:`bootstrap_ranking` resamples the answering companies within each municipality
(the exact, multinomial bootstrap: each municipality's n respondents are replaced by n
drawn with replacement from the same municipality), recomputes every factor mean, the
points, totals and the final ranks, replication after replication — vectorised, with no
Python loop over replications, units or answers. Statistics (tax, unemployment, ...)
are registers, not samples: they stay fixed. :func:`parametric_bootstrap_ranking` does
the same when only ``mean``, ``n`` and ``sd`` per question are known.
:func:`rank_change_interval` pairs the replications of two years and says whether a move
is larger than the noise; :func:`describe_change` says it in a sentence. See
docs/uncertainty.md.

Examples
--------
>>> row = {"change": 81, "change_low": 52, "change_high": 104,
...        "verdict": "real_improvement", "confidence": 0.95}
>>> describe_change(row)
'+81 placeringar; 95 % intervall +52 till +104: en verklig förbättring'
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy import sparse

from .factors import factor_values as compute_factor_values
from .methodology import Methodology, resolve_methodology
from .normalisers import quiet_nan_warnings
from .ranking import ENGINE_VERSION, indicator_values, rank
from .scoring import ScoringRule, mean_of_sources, ranked_columns

__all__ = [
    "VERDICTS",
    "BootstrapResult",
    "bootstrap_ranking",
    "describe_change",
    "parametric_bootstrap_ranking",
    "rank_change_interval",
]

#: Verdicts of :func:`rank_change_interval`.
VERDICTS = ("real_improvement", "real_decline", "noise")
#: Memory bound per block of replications: replications × answers weights at most this.
_BLOCK_CELLS = 4_000_000
_GRADE_RANGE = (1.0, 6.0)


@dataclass
class BootstrapResult:
    """Bootstrap distribution of a ranking.

    Attributes
    ----------
    units : DataFrame
        ``kommunkod``, ``rank`` (nominal), ``rank_median``, ``rank_low``, ``rank_high``
        (central ``confidence`` interval), ``points`` (nominal total), ``points_low``,
        ``points_high``; sorted by nominal rank.
    factors : DataFrame
        Survey factors only (statistics have no sampling error): ``kommunkod``,
        ``indicator``, ``mean`` (nominal), ``mean_low``, ``mean_high``.
    rank_samples : ndarray of int, shape (replications, units)
        Final rank in each replication; columns in :attr:`codes` order.
    points_samples : ndarray, shape (replications, units)
        Total points in each replication.
    codes : ndarray of str
        Municipality codes, sorted; the column order of the sample arrays.
    config : dict
        JSON-serialisable record of the run.
    """

    units: pd.DataFrame
    factors: pd.DataFrame
    rank_samples: np.ndarray
    points_samples: np.ndarray
    codes: np.ndarray
    config: dict[str, Any] = field(default_factory=dict)


def _seed_record(random_state: Any) -> int | None:
    return int(random_state) if isinstance(random_state, (int, np.integer)) else None


def _interval(confidence: float) -> tuple[float, float]:
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must lie strictly between 0 and 1, not {confidence!r}")
    tail = (1.0 - confidence) / 2
    return tail, 1.0 - tail


@dataclass
class _Design:
    """What a replication needs: the nominal ranking and a sampler of survey means."""

    nominal: Any  # RankingResult
    survey_sources: list[str]
    # draw(rng, replications) -> (replications, units, survey sources) means, NaN = none
    draw: Callable[[np.random.Generator, int], np.ndarray]
    block: int
    details: dict[str, Any]


def _pipeline(
    design: _Design,
    methodology: Methodology,
    replications: int,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rank every replication; returns ranks, totals and survey column values."""
    nominal = design.nominal
    columns = ranked_columns(methodology)
    rule = ScoringRule.from_methodology(methodology)
    codes = nominal.stages["values"].index.to_numpy()
    # Source-level values of the nominal input; survey sources are replaced per draw.
    sources = sorted({s for c in columns for s in c.sources})
    fixed = design.details["source_values"].reindex(index=codes, columns=sources)
    fixed_array = fixed.to_numpy(dtype="float64")
    survey_pos = [sources.index(s) for s in design.survey_sources]
    members = [[sources.index(s) for s in c.sources] for c in columns]
    survey_columns = [
        j for j, c in enumerate(columns) if all(s in design.survey_sources for s in c.sources)
    ]

    rank_out = np.empty((replications, len(codes)), dtype="int64")
    total_out = np.empty((replications, len(codes)))
    value_out = np.empty((replications, len(codes), len(survey_columns)))
    for start in range(0, replications, design.block):
        size = min(design.block, replications - start)
        source_values = np.broadcast_to(fixed_array, (size, *fixed_array.shape)).copy()
        source_values[:, :, survey_pos] = design.draw(rng, size)
        values = np.empty((size, len(codes), len(columns)))
        for j, idx in enumerate(members):
            # Sub-question groups are averaged over the sources present, as in rank().
            values[:, :, j] = mean_of_sources(source_values[:, :, idx])
        scores = rule.score(values)
        rank_out[start : start + size] = scores.rank
        total_out[start : start + size] = scores.total
        value_out[start : start + size] = values[:, :, survey_columns]
    return rank_out, total_out, value_out


def _summarise(
    design: _Design,
    methodology: Methodology,
    ranks: np.ndarray,
    totals: np.ndarray,
    survey_values: np.ndarray,
    confidence: float,
    config: dict[str, Any],
) -> BootstrapResult:
    low, high = _interval(confidence)
    nominal = design.nominal
    codes = nominal.stages["values"].index.to_numpy(dtype=object)
    ranked = nominal.stages["rank"]
    rank_q = np.quantile(ranks, [0.5, low, high], axis=0)
    points_q = np.quantile(totals, [low, high], axis=0)
    units = (
        pd.DataFrame(
            {
                "kommunkod": codes,
                "rank": ranked["rank"].to_numpy(),
                "rank_median": rank_q[0],
                "rank_low": rank_q[1],
                "rank_high": rank_q[2],
                "points": ranked["points"].to_numpy(),
                "points_low": points_q[0],
                "points_high": points_q[1],
            }
        )
        .sort_values("rank", kind="stable")
        .reset_index(drop=True)
    )
    columns = ranked_columns(methodology)
    survey = [c.code for c in columns if all(s in design.survey_sources for s in c.sources)]
    nominal_values = nominal.stages["values"][survey].to_numpy(dtype="float64")
    # A municipality with no grade on a factor has an all-NaN column: NaN interval.
    with quiet_nan_warnings():
        mean_q = np.nanquantile(survey_values, [low, high], axis=0)
    factors = pd.DataFrame(
        {
            "kommunkod": np.repeat(codes, len(survey)),
            "indicator": np.tile(np.array(survey, dtype=object), len(codes)),
            "mean": nominal_values.ravel(),
            "mean_low": mean_q[0].ravel(),
            "mean_high": mean_q[1].ravel(),
        }
    )
    return BootstrapResult(
        units=units,
        factors=factors,
        rank_samples=ranks,
        points_samples=totals,
        codes=codes.astype(str),
        config=config,
    )


def _source_values(values: pd.DataFrame) -> pd.DataFrame:
    return values.pivot_table(index="kommunkod", columns="source", values="value", dropna=False)


def _config(
    function: str,
    methodology: Methodology,
    year: int,
    replications: int,
    random_state: Any,
    confidence: float,
    details: dict[str, Any],
) -> dict[str, Any]:
    return {
        "engine_version": ENGINE_VERSION,
        "function": f"foretagsklimat.engine.uncertainty.{function}",
        "methodology": methodology.to_dict(),
        "year": year,
        "replications": replications,
        "random_state": _seed_record(random_state),
        "confidence": confidence,
        **{k: v for k, v in details.items() if k != "source_values"},
    }


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
    _interval(confidence)
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
        "source_values": _source_values(values),
    }
    design = _Design(nominal, survey_sources, draw, block, details)
    ranks, totals, survey_values = _pipeline(design, resolved, replications, rng)
    config = _config(
        "bootstrap_ranking", resolved, year, replications, random_state, confidence, details
    )
    return _summarise(design, resolved, ranks, totals, survey_values, confidence, config)


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
    _interval(confidence)
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
        "source_values": _source_values(values),
    }
    design = _Design(nominal, survey_sources, draw, block, details)
    ranks, totals, survey_values = _pipeline(design, resolved, replications, rng)
    config = _config(
        "parametric_bootstrap_ranking",
        resolved,
        year,
        replications,
        random_state,
        confidence,
        details,
    )
    return _summarise(design, resolved, ranks, totals, survey_values, confidence, config)


def rank_change_interval(
    previous: BootstrapResult, current: BootstrapResult, confidence: float = 0.95
) -> pd.DataFrame:
    """Interval for each municipality's change of rank between two bootstrapped years.

    The two years' answers are independent samples, so replication r of one year is
    paired with replication r of the other (the first min(R1, R2) of each) and the
    change ``rank_previous - rank_current`` taken per pair. The interval is the central
    ``confidence`` percentile interval, widened outwards to whole places.

    Parameters
    ----------
    previous, current : BootstrapResult
    confidence : float, default 0.95

    Returns
    -------
    DataFrame
        ``kommunkod``, ``change`` (nominal; positive = climbed), ``change_low``,
        ``change_high`` (int), ``verdict`` (``"real_improvement"`` when the whole
        interval is above 0, ``"real_decline"`` when below, else ``"noise"``),
        ``confidence``; municipalities present in both years, in code order.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> def fake(ranks, samples):
    ...     codes = np.array(["0114", "0115"])
    ...     units = pd.DataFrame({"kommunkod": codes, "rank": ranks})
    ...     return BootstrapResult(units, pd.DataFrame(), np.array(samples),
    ...                            np.zeros((len(samples), 2)), codes)
    >>> before = fake([2, 1], [[2, 1], [2, 1], [1, 2]])
    >>> after = fake([1, 2], [[1, 2], [1, 2], [1, 2]])
    >>> rank_change_interval(before, after)[["kommunkod", "change", "verdict"]]
      kommunkod  change verdict
    0      0114       1   noise
    1      0115      -1   noise
    """
    low, high = _interval(confidence)
    common = np.intersect1d(previous.codes, current.codes)
    before = pd.Index(previous.codes).get_indexer(common)
    after = pd.Index(current.codes).get_indexer(common)
    pairs = min(len(previous.rank_samples), len(current.rank_samples))
    changes = previous.rank_samples[:pairs, before].astype("int64") - current.rank_samples[
        :pairs, after
    ].astype("int64")
    bounds = np.quantile(changes, [low, high], axis=0)
    change_low = np.floor(bounds[0]).astype("int64")
    change_high = np.ceil(bounds[1]).astype("int64")
    nominal_before = previous.units.set_index("kommunkod")["rank"].reindex(common)
    nominal_after = current.units.set_index("kommunkod")["rank"].reindex(common)
    verdict = np.where(
        change_low > 0, "real_improvement", np.where(change_high < 0, "real_decline", "noise")
    )
    return pd.DataFrame(
        {
            "kommunkod": common.astype(object),
            "change": (nominal_before.to_numpy() - nominal_after.to_numpy()).astype("int64"),
            "change_low": change_low,
            "change_high": change_high,
            "verdict": verdict.astype(object),
            "confidence": confidence,
        }
    )


_WORDS = {
    "sv": {
        "one": "placering",
        "many": "placeringar",
        "interval": "{pct} % intervall {low} till {high}",
        "real_improvement": "en verklig förbättring",
        "real_decline": "en verklig försämring",
        "noise": "inom slumpvariationen",
    },
    "en": {
        "one": "place",
        "many": "places",
        "interval": "{pct} % interval {low} to {high}",
        "real_improvement": "a real improvement",
        "real_decline": "a real decline",
        "noise": "within the noise",
    },
}


def _signed(number: int) -> str:
    # A true minus sign (U+2212) reads better on the page than a hyphen.
    if number > 0:
        return f"+{number}"
    if number < 0:
        return f"−{-number}"
    return "0"


def describe_change(
    row: Mapping[str, Any] | pd.Series,
    language: str = "sv",
    *,
    confidence: float | None = None,
) -> str:
    """One plain sentence on a change of rank and whether it exceeds the noise.

    Parameters
    ----------
    row : mapping or Series
        A row of :func:`rank_change_interval`: ``change``, ``change_low``,
        ``change_high``, ``verdict`` and (optionally) ``confidence``.
    language : {"sv", "en"}
    confidence : float, optional
        Overrides the row's ``confidence`` (default 0.95 when the row has none).

    Returns
    -------
    str

    Examples
    --------
    >>> describe_change({"change": -1, "change_low": -9, "change_high": 4,
    ...                  "verdict": "noise"}, "sv")
    '−1 placering; 95 % intervall −9 till +4: inom slumpvariationen'
    >>> describe_change({"change": 12, "change_low": 3, "change_high": 20,
    ...                  "verdict": "real_improvement", "confidence": 0.9}, "en")
    '+12 places; 90 % interval +3 to +20: a real improvement'
    """
    if language not in _WORDS:
        raise ValueError(f"language must be one of {sorted(_WORDS)}, not {language!r}")
    words = _WORDS[language]
    change = int(row["change"])
    level = confidence if confidence is not None else row.get("confidence", 0.95)
    pct = round(float(level) * 100)
    places = words["one"] if abs(change) == 1 else words["many"]
    interval = words["interval"].format(
        pct=pct, low=_signed(int(row["change_low"])), high=_signed(int(row["change_high"]))
    )
    return f"{_signed(change)} {places}; {interval}: {words[str(row['verdict'])]}"
