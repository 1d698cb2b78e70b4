"""Sampling uncertainty: survey bootstrap, parametric bootstrap, change intervals."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from foretagsklimat.engine.methodology import Methodology
from foretagsklimat.engine.ranking import rank
from foretagsklimat.engine.uncertainty import (
    BootstrapResult,
    bootstrap_ranking,
    describe_change,
    parametric_bootstrap_ranking,
    rank_change_interval,
)

from .helpers import toy_methodology

YEAR = 2020


def one_factor() -> Methodology:
    return Methodology.from_dict(
        {
            "name": "one",
            "title_sv": "En",
            "title_en": "One",
            "first_year": 2020,
            "indicators": [
                {
                    "code": "overall_grade",
                    "kind": "survey",
                    "source": "overall_grade",
                    "weight": 1,
                    "direction": 1,
                    "status": "inferred",
                    "note": "test",
                }
            ],
        }
    )


def answers_frame(codes: np.ndarray, grades: dict[str, np.ndarray]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "respondent_id": [f"r{i}" for i in range(len(codes))],
            "kommunkod": codes,
            "year": YEAR,
            "respondent_type": "company",
            **grades,
        }
    )


def toy_answers(rng: np.random.Generator, per_unit: int = 25) -> pd.DataFrame:
    codes = np.repeat(["0114", "0115", "0117", "0120"], per_unit)
    level = np.repeat([0.8, 0.0, 0.1, -0.5], per_unit)
    grades = {
        q: np.clip(np.rint(3.5 + level + rng.normal(0, 1, len(codes))), 1, 6)
        for q in ("overall_grade", "service")
    }
    grades["service"][rng.random(len(codes)) < 0.2] = np.nan
    return answers_frame(codes, grades)


TAX = pd.DataFrame(
    {
        "kommunkod": ["0114", "0115", "0117", "0120"],
        "year": YEAR,
        "statistic": "municipal_tax",
        "value": [20.0, 22.0, 21.0, 19.0],
    }
)


# -- bootstrap --------------------------------------------------------------------------
def test_no_variation_reproduces_rank() -> None:
    """Identical answers within each municipality: every replicate is the nominal ranking."""
    codes = np.repeat(["0114", "0115", "0117", "0120"], 5)
    grades = {
        "overall_grade": np.repeat([4.0, 3.0, 3.0, 2.0], 5),
        "service": np.repeat([2.0, 5.0, 4.0, 3.0], 5),
    }
    result = bootstrap_ranking(
        answers_frame(codes, grades),
        TAX,
        toy_methodology(),
        YEAR,
        replications=7,
        random_state=0,
    )
    from foretagsklimat.engine.factors import factor_values
    from foretagsklimat.engine.ranking import indicator_values

    nominal = rank(
        indicator_values(factor_values(answers_frame(codes, grades)), TAX, toy_methodology(), YEAR),
        toy_methodology(),
    ).municipalities
    by_code = nominal.set_index("kommunkod")
    assert (result.rank_samples == by_code.loc[result.codes, "rank"].to_numpy()).all()
    expected_points = by_code.loc[result.codes, "points"].to_numpy()
    np.testing.assert_allclose(result.points_samples, np.tile(expected_points, (7, 1)))
    assert result.units["rank"].tolist() == nominal["rank"].tolist()
    assert (result.units["rank_low"] == result.units["rank_high"]).all()


def test_same_seed_same_result_and_shapes() -> None:
    answers = toy_answers(np.random.default_rng(0))
    one = bootstrap_ranking(answers, TAX, toy_methodology(), YEAR, replications=50, random_state=11)
    two = bootstrap_ranking(answers, TAX, toy_methodology(), YEAR, replications=50, random_state=11)
    other = bootstrap_ranking(
        answers, TAX, toy_methodology(), YEAR, replications=50, random_state=12
    )
    assert one.units.equals(two.units) and one.factors.equals(two.factors)
    np.testing.assert_array_equal(one.rank_samples, two.rank_samples)
    assert not np.array_equal(one.rank_samples, other.rank_samples)
    assert one.rank_samples.shape == (50, 4)
    assert list(one.units.columns) == [
        "kommunkod",
        "rank",
        "rank_median",
        "rank_low",
        "rank_high",
        "points",
        "points_low",
        "points_high",
    ]
    assert list(one.factors.columns) == ["kommunkod", "indicator", "mean", "mean_low", "mean_high"]
    # Statistics have no sampling error: only the survey factors are reported.
    assert set(one.factors["indicator"]) == {"overall_grade", "service"}
    import json

    json.dumps(one.config)
    # Each replicate is a permutation of 1..N.
    assert (np.sort(one.rank_samples, axis=1) == np.arange(1, 5)).all()


def test_block_size_does_not_change_shape_or_nominal() -> None:
    answers = toy_answers(np.random.default_rng(1))
    small = bootstrap_ranking(
        answers, TAX, toy_methodology(), YEAR, replications=30, random_state=2, block_size=7
    )
    assert small.rank_samples.shape == (30, 4)
    assert small.config["block_size"] == 7


def _coverage_answers(
    rng: np.random.Generator, n_units: int, per_unit: int
) -> tuple[pd.DataFrame, np.ndarray]:
    """Grades from a known discrete distribution per municipality; returns true means."""
    grades = np.arange(1, 7, dtype=float)
    shift = rng.uniform(-1.5, 1.5, n_units)
    probs = np.exp(-0.5 * (grades[None, :] - 3.5 - shift[:, None]) ** 2)
    probs /= probs.sum(axis=1, keepdims=True)
    truth = probs @ grades
    unit = np.repeat(np.arange(n_units), per_unit)
    cumulative = probs.cumsum(axis=1)[unit]
    drawn = grades[(rng.random(len(unit))[:, None] > cumulative).sum(axis=1)]
    codes = np.array([f"{1000 + i}" for i in range(n_units)])[unit]
    return answers_frame(codes, {"overall_grade": drawn}), truth


def test_interval_covers_the_truth_at_the_stated_rate() -> None:
    rng = np.random.default_rng(2024)
    answers, truth = _coverage_answers(rng, n_units=600, per_unit=40)
    result = bootstrap_ranking(
        answers, None, one_factor(), YEAR, replications=400, random_state=5, confidence=0.90
    )
    f = result.factors.sort_values("kommunkod")
    covered = (f["mean_low"].to_numpy() <= truth) & (truth <= f["mean_high"].to_numpy())
    # 600 independent intervals at 90 %: sd of the rate 1.2 points; percentile
    # intervals at n = 40 run a little narrow, hence the asymmetric band.
    assert 0.85 <= covered.mean() <= 0.95

    fv = pd.DataFrame(
        {
            "kommunkod": f["kommunkod"].to_numpy(),
            "year": YEAR,
            "question": "overall_grade",
            "mean": f["mean"].to_numpy(),
            "n": 40,
            "sd": answers.groupby("kommunkod")["overall_grade"].std().to_numpy(),
        }
    )
    parametric = parametric_bootstrap_ranking(
        fv, None, one_factor(), YEAR, replications=400, random_state=5
    )
    p = parametric.factors.sort_values("kommunkod")
    covered = (p["mean_low"].to_numpy() <= truth) & (truth <= p["mean_high"].to_numpy())
    assert 0.85 <= covered.mean() <= 0.95
    # Same kind of result: interval widths agree with the answer-level bootstrap.
    width = (f["mean_high"] - f["mean_low"]).to_numpy()
    p_width = (p["mean_high"] - p["mean_low"]).to_numpy()
    assert abs(np.median(p_width / width) - 1) < 0.1


def test_parametric_fixed_when_sd_unknown() -> None:
    fv = pd.DataFrame(
        {
            "kommunkod": ["0114", "0115", "0117"],
            "year": YEAR,
            "question": "overall_grade",
            "mean": [5.0, 3.0, 3.2],
            "n": [1, 1, 1],
            "sd": [np.nan, np.nan, np.nan],
        }
    )
    result = parametric_bootstrap_ranking(
        fv, None, one_factor(), YEAR, replications=20, random_state=0
    )
    assert (result.units["rank_low"] == result.units["rank_high"]).all()
    assert result.units["kommunkod"].tolist() == ["0114", "0117", "0115"]


def test_bad_arguments() -> None:
    answers = toy_answers(np.random.default_rng(0))
    with pytest.raises(ValueError, match="confidence"):
        bootstrap_ranking(answers, TAX, toy_methodology(), YEAR, confidence=1.5)
    with pytest.raises(ValueError, match="replications"):
        bootstrap_ranking(answers, TAX, toy_methodology(), YEAR, replications=0)
    with pytest.raises(ValueError, match="missing column"):
        parametric_bootstrap_ranking(pd.DataFrame({"kommunkod": []}), None, one_factor(), YEAR)


# -- change between two years --------------------------------------------------------
def fake_result(codes: list[str], nominal: list[int], samples: np.ndarray) -> BootstrapResult:
    units = pd.DataFrame({"kommunkod": codes, "rank": nominal})
    return BootstrapResult(units, pd.DataFrame(), samples, np.zeros(samples.shape), np.array(codes))


def test_change_interval_verdicts() -> None:
    rng = np.random.default_rng(0)
    reps = 400
    codes = ["0114", "0115", "0117"]
    before = np.column_stack(
        [rng.integers(90, 110, reps), rng.integers(10, 20, reps), rng.integers(40, 60, reps)]
    )
    after = np.column_stack(
        [rng.integers(10, 30, reps), rng.integers(50, 60, reps), rng.integers(40, 60, reps)]
    )
    table = rank_change_interval(
        fake_result(codes, [100, 15, 50], before), fake_result(codes, [20, 55, 52], after)
    )
    assert list(table.columns) == [
        "kommunkod",
        "change",
        "change_low",
        "change_high",
        "verdict",
        "confidence",
    ]
    assert table["verdict"].tolist() == ["real_improvement", "real_decline", "noise"]
    assert table["change"].tolist() == [80, -40, -2]
    assert (table["change_low"] <= table["change_high"]).all()
    assert table["change_low"].dtype == np.int64


def test_change_interval_from_two_bootstraps() -> None:
    rng = np.random.default_rng(5)
    first = bootstrap_ranking(
        toy_answers(rng), TAX, toy_methodology(), YEAR, replications=100, random_state=1
    )
    second = bootstrap_ranking(
        toy_answers(rng), TAX, toy_methodology(), YEAR, replications=80, random_state=2
    )
    table = rank_change_interval(first, second, confidence=0.9)
    assert len(table) == 4 and set(table["verdict"]) <= {
        "real_improvement",
        "real_decline",
        "noise",
    }
    assert (table["change_low"] >= -3).all() and (table["change_high"] <= 3).all()


@pytest.mark.parametrize(
    ("row", "language", "expected"),
    [
        (
            {"change": 81, "change_low": 52, "change_high": 104, "verdict": "real_improvement"},
            "sv",
            "+81 placeringar; 95 % intervall +52 till +104: en verklig förbättring",
        ),
        (
            {"change": -1, "change_low": -3, "change_high": -1, "verdict": "real_decline"},
            "sv",
            "−1 placering; 95 % intervall −3 till −1: en verklig försämring",
        ),
        (
            {
                "change": 0,
                "change_low": -4,
                "change_high": 5,
                "verdict": "noise",
                "confidence": 0.9,
            },
            "sv",
            "0 placeringar; 90 % intervall −4 till +5: inom slumpvariationen",
        ),
        (
            {"change": 1, "change_low": -2, "change_high": 6, "verdict": "noise"},
            "en",
            "+1 place; 95 % interval −2 to +6: within the noise",
        ),
    ],
)
def test_describe_change(row: dict[str, object], language: str, expected: str) -> None:
    assert describe_change(row, language) == expected
    assert describe_change(pd.Series(row), language) == expected


def test_describe_change_unknown_language() -> None:
    with pytest.raises(ValueError, match="language"):
        describe_change({"change": 1, "change_low": 0, "change_high": 2, "verdict": "noise"}, "de")
