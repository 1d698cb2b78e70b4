"""Methodological uncertainty (COINr style) and variance-based sensitivity indices."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from foretagsklimat.engine.coinr import CoinrIndex, build_index, read_coinr
from foretagsklimat.engine.sensitivity import (
    noisy_weights,
    sensitivity_indices,
    uncertainty_analysis,
    write_rank_stats,
)


def synthetic_index(units: int = 60, indicators: int = 6, seed: int = 0) -> CoinrIndex:
    rng = np.random.default_rng(seed)
    names = [f"i{j}" for j in range(indicators)]
    data = pd.DataFrame(rng.normal(50, 10, (units, indicators)), columns=names)
    data.insert(0, "uCode", [f"u{k:03d}" for k in range(units)])
    groups = [f"g{j % 3}" for j in range(indicators)]
    meta = pd.DataFrame(
        {
            "iCode": [*names, "g0", "g1", "g2", "Index"],
            "Level": [1] * indicators + [2, 2, 2, 3],
            "Parent": [*groups, "Index", "Index", "Index", None],
            "Direction": [1, -1] * (indicators // 2) + [None] * 4,
            "Weight": [1.0] * indicators + [1.0, 2.0, 1.0, None],
            "Type": ["Indicator"] * indicators + ["Aggregate"] * 4,
        }
    )
    return read_coinr(data, meta)


def test_no_uncertainty_gives_the_nominal_ranks() -> None:
    index = synthetic_index()
    result = uncertainty_analysis(index, replications=20, weight_noise=0.0, random_state=0)
    stats = result.rank_stats
    assert list(stats.columns) == ["uCode", "Nominal", "Mean", "Median", "Q5", "Q95"]
    assert (stats["Nominal"] == stats["Q5"]).all() and (stats["Q5"] == stats["Q95"]).all()
    assert (stats["Mean"] == stats["Nominal"]).all()
    nominal = build_index(index)
    assert stats["uCode"].tolist() == nominal["uCode"].tolist()


def test_every_replication_equals_build_index_with_its_choices() -> None:
    index = synthetic_index()
    result = uncertainty_analysis(
        index,
        replications=12,
        normalise=["minmax", "zscore", "rank_points"],
        aggregate=["arithmetic", "geometric"],
        random_state=3,
    )
    weight_columns = [c for c in result.choices.columns if c.startswith("weight_")]
    for r in range(12):
        row = result.choices.iloc[r]
        expected = build_index(
            index, row["normalise"], row["aggregate"], weights=row[weight_columns].to_numpy(float)
        ).set_index("uCode")
        np.testing.assert_array_equal(result.rank_samples[r], expected.loc[index.codes, "Rank"])
        np.testing.assert_allclose(result.index_samples[r], expected.loc[index.codes, "Index"])


def test_same_seed_identical_and_choices_balanced() -> None:
    index = synthetic_index()
    kwargs = {"replications": 400, "normalise": ["minmax", "zscore"], "random_state": 7}
    one = uncertainty_analysis(index, **kwargs)  # type: ignore[arg-type]
    two = uncertainty_analysis(index, **kwargs)  # type: ignore[arg-type]
    assert one.rank_stats.equals(two.rank_stats) and one.choices.equals(two.choices)
    np.testing.assert_array_equal(one.rank_samples, two.rank_samples)
    share = (one.choices["normalise"] == "minmax").mean()
    assert 0.42 < share < 0.58
    assert set(one.choices["aggregate"]) == {"arithmetic"}
    json.dumps(one.config)
    stats = one.rank_stats
    assert ((stats["Q5"] <= stats["Median"]) & (stats["Median"] <= stats["Q95"])).all()


def test_noisy_weights_within_bounds_and_sum_to_one() -> None:
    base = np.array([0.1, 0.3, 0.6])
    drawn = noisy_weights(base, 0.25, 2000, np.random.default_rng(0))
    np.testing.assert_allclose(drawn.sum(axis=1), 1.0)
    ratio = drawn / base
    spread = ratio.max(axis=1) / ratio.min(axis=1)
    assert (spread <= 1.25 / 0.75 + 1e-12).all() and spread.max() > 1.5
    with pytest.raises(ValueError, match="noise"):
        noisy_weights(base, 1.0, 1, np.random.default_rng(0))


def test_write_rank_stats(tmp_path: Path) -> None:
    result = uncertainty_analysis(synthetic_index(), replications=30, random_state=0)
    written = pd.read_csv(write_rank_stats(result, tmp_path / "ua"))
    assert list(written.columns) == ["uCode", "Nominal", "Mean", "Median", "Q5", "Q95"]
    assert len(written) == 60


def test_bad_alternatives() -> None:
    with pytest.raises(ValueError, match="normalise: unknown"):
        uncertainty_analysis(synthetic_index(), normalise=["robust"])
    with pytest.raises(ValueError, match="at least one"):
        uncertainty_analysis(synthetic_index(), aggregate=[])


# -- sensitivity indices ----------------------------------------------------------------
def by_input(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.set_index("input")


def test_only_the_weights_vary() -> None:
    si = by_input(
        sensitivity_indices(
            synthetic_index(),
            base_samples=1500,
            normalise=["minmax"],
            aggregate=["arithmetic"],
            random_state=1,
        )
    )
    assert si.loc["weights", "first_order"] == pytest.approx(1.0, abs=0.1)
    assert si.loc["weights", "total"] == pytest.approx(1.0, abs=0.1)
    for other in ("normalisation", "aggregation"):
        assert si.loc[other, "first_order"] == 0.0 and si.loc[other, "total"] == 0.0


def test_only_the_normalisation_varies() -> None:
    si = by_input(
        sensitivity_indices(
            synthetic_index(),
            base_samples=1500,
            weight_noise=0.0,
            normalise=["minmax", "zscore"],
            aggregate=["arithmetic"],
            random_state=2,
        )
    )
    assert si.loc["normalisation", "first_order"] == pytest.approx(1.0, abs=0.1)
    assert si.loc["normalisation", "total"] == pytest.approx(1.0, abs=0.1)
    assert (si.loc[["weights", "aggregation"], ["first_order", "total"]] == 0).all().all()


def test_indices_sum_sensibly_and_repeat_with_the_seed() -> None:
    index = synthetic_index()
    si = sensitivity_indices(index, base_samples=1500, random_state=4)
    again = sensitivity_indices(index, base_samples=1500, random_state=4)
    assert si.equals(again)
    first, total = si["first_order"], si["total"]
    # First-order indices are shares of the variance: they add to at most 1 (up to
    # estimation error); each total index is at least its first-order index.
    assert -0.05 <= first.sum() <= 1.05
    assert (total >= first - 0.05).all()
    assert total.sum() >= 0.95
    assert si["first_order"].between(-0.1, 1.1).all()


def test_per_unit_rows() -> None:
    index = synthetic_index(units=10)
    si = sensitivity_indices(index, base_samples=100, per_unit=True, random_state=0)
    assert list(si.columns) == ["uCode", "input", "first_order", "total", "variance"]
    assert len(si) == 3 * 11
    assert si["uCode"].iloc[:3].isna().all()
    assert set(si["uCode"].iloc[3:]) == set(index.codes)
