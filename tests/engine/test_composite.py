"""composite() on generic long tables: normalisers and aggregators, hand-computed."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from foretagsklimat.engine.coinr import (
    compare_ranks,
    composite,
    from_methodology,
    read_long,
    recompute,
)
from foretagsklimat.engine.methodology import get_methodology
from foretagsklimat.engine.normalisers import AGGREGATORS, NORMALISERS
from foretagsklimat.engine.ranking import InputMismatchError, rank


def table(values: dict[str, dict[str, float]]) -> pd.DataFrame:
    return pd.DataFrame(
        [(u, i, v) for i, by_unit in values.items() for u, v in by_unit.items()],
        columns=["unit", "indicator", "value"],
    )


def meta(rows: list[tuple[str, str, float, int]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["indicator", "group", "weight", "direction"])


XY = table({"x": {"a": 1.0, "b": 2.0, "c": 5.0}, "y": {"a": 10.0, "b": 30.0, "c": 20.0}})
XY_META = meta([("x", "g", 3.0, 1), ("y", "g", 1.0, -1)])
XY_INDEX = read_long(XY, XY_META)


def test_the_registries_name_the_methods() -> None:
    assert set(NORMALISERS) == {"minmax", "zscore", "rank_points"}
    assert set(AGGREGATORS) == {"arithmetic", "geometric"}


def test_minmax_scales_to_0_100_and_weights_the_arithmetic_mean() -> None:
    result = composite(XY_INDEX, normalise="minmax")
    # x 1, 2, 5 -> 0, 25, 100; y lower is better 10, 30, 20 -> 100, 0, 50
    normalised = result.stages["normalised"]
    assert normalised["x"].tolist() == [0.0, 25.0, 100.0]
    assert normalised["y"].tolist() == [100.0, 0.0, 50.0]
    # weights 3:1 -> a (0*3 + 100)/4 = 25, b 75/4 = 18.75, c (300 + 50)/4 = 87.5
    scores = result.units.set_index("uCode")["Index"].to_dict()
    assert scores == pytest.approx({"a": 25.0, "b": 18.75, "c": 87.5})
    assert result.units["uCode"].tolist() == ["c", "a", "b"]


def test_zscore_uses_the_sample_sd_and_rescales_to_mean_10_sd_2() -> None:
    values = table({"x": {"a": 1.0, "b": 2.0, "c": 3.0}})
    # mean 2, sample sd 1 -> z -1, 0, 1 -> 8, 10, 12; direction -1 mirrors it
    up = composite(read_long(values, meta([("x", "g", 1.0, 1)])), normalise="zscore")
    down = composite(read_long(values, meta([("x", "g", 1.0, -1)])), normalise="zscore")
    assert up.stages["normalised"]["x"].tolist() == pytest.approx([8.0, 10.0, 12.0])
    assert down.stages["normalised"]["x"].tolist() == pytest.approx([12.0, 10.0, 8.0])


def test_geometric_aggregation_is_the_weighted_geometric_mean() -> None:
    values = table({"x": {"a": 0.0, "b": 1.0}, "y": {"a": 1.0, "b": 0.0}})
    result = composite(
        read_long(values, meta([("x", "g", 3.0, 1), ("y", "g", 1.0, 1)])),
        normalise="minmax",
        normalise_options={"lower": 1.0, "upper": 4.0},
        aggregate="geometric",
    )
    # a: x 1, y 4 -> (1^3 * 4)^(1/4) = sqrt(2); b: x 4, y 1 -> (4^3)^(1/4) = 2 sqrt(2)
    scores = result.units.set_index("uCode")["Index"].to_dict()
    assert scores == pytest.approx({"a": 2**0.5, "b": 2 * 2**0.5})


def test_geometric_aggregation_rejects_zero_after_minmax() -> None:
    with pytest.raises(ValueError, match="positive values"):
        composite(
            XY_INDEX, normalise="minmax", normalise_options={"lower": 0}, aggregate="geometric"
        )
    # By default min-max goes to [1, 100] under geometric aggregation, as in COINr.
    default = composite(XY_INDEX, normalise="minmax", aggregate="geometric")
    assert default.stages["normalised"]["x"].tolist() == [1.0, 25.75, 100.0]


def test_groups_are_aggregated_first_with_weights_rescaled_among_siblings() -> None:
    values = table(
        {"x": {"a": 0.0, "b": 1.0}, "y": {"a": 1.0, "b": 0.0}, "z": {"a": 1.0, "b": 0.0}}
    )
    metadata = meta([("x", "g1", 1.0, 1), ("y", "g1", 1.0, 1), ("z", "g2", 2.0, 1)])
    # minmax: a x 0, y 100, z 100; b x 100, y 0, z 0 -> g1 50 / 50, g2 100 / 0
    default = composite(read_long(values, metadata))
    assert default.stages["aggregated"].loc["a"].tolist() == [50.0, 100.0]
    # group weights default to member sums 2 : 2 -> a 75, b 25
    assert default.stages["index"]["Index"].tolist() == [75.0, 25.0]
    # 1 : 3 -> a (50 + 300)/4 = 87.5, b (50 + 0)/4 = 12.5
    chosen = composite(read_long(values, metadata, group_weights={"g1": 1.0, "g2": 3.0}))
    assert chosen.stages["index"]["Index"].tolist() == [87.5, 12.5]


def test_a_missing_value_is_left_out_and_the_weights_rescaled() -> None:
    values = table({"x": {"a": 1.0, "b": 2.0, "c": 5.0}, "y": {"a": 10.0, "b": 30.0}})
    result = composite(read_long(values, XY_META))
    # c has only x (100); y over a, b: 100, 0
    assert result.stages["index"].loc["c", "Index"] == 100.0
    # Rank points give a gap the neutral points instead, as rank() does (y: a 2, b 1).
    points = composite(read_long(values, XY_META), normalise="rank_points")
    assert points.stages["normalised"].loc["c", "y"] == 1.5
    skipped = composite(read_long(values, XY_META), normalise="rank_points", neutral_gaps=False)
    assert skipped.stages["index"].loc["c", "Index"] == 3.0


def test_rank_points_composite_equals_the_rank_points_total() -> None:
    m = get_methodology("sn-2014")
    rng = np.random.default_rng(4)
    codes = [f"{114 + i:04d}" for i in range(25)]
    values = pd.DataFrame(
        [(c, i.source, rng.integers(1, 8) / 2) for c in codes for i in m.indicators],
        columns=["kommunkod", "source", "value"],
    )
    ranking = rank(values, m)
    indicators, metadata = from_methodology(values, m)
    other = composite(read_long(indicators, metadata), normalise="rank_points")
    totals = ranking.stages["total"]["points"]
    assert other.stages["index"]["Index"].to_numpy() == pytest.approx(totals.to_numpy())
    comparison = compare_ranks(ranking, other)
    assert comparison.attrs["spearman"] == pytest.approx(1.0, abs=1e-3)
    assert (comparison["difference"] <= 0).all()  # composite ranks ties at the best rank


def test_the_config_is_recorded_and_recomputes_identically() -> None:
    result = composite(XY_INDEX, normalise="zscore", aggregate="geometric")
    config = json.loads(json.dumps(result.config))
    assert recompute(config, read_long(XY.iloc[::-1], XY_META)).equals(result)
    changed = XY.copy()
    changed.loc[0, "value"] = 9.0
    with pytest.raises(InputMismatchError, match="digest"):
        recompute(config, read_long(changed, XY_META))


def test_it_rejects_unknown_methods_and_bad_metadata() -> None:
    with pytest.raises(ValueError, match="unknown normalisation 'median'"):
        composite(XY_INDEX, normalise="median")
    with pytest.raises(ValueError, match="unknown aggregation"):
        composite(XY_INDEX, aggregate="harmonic")
    with pytest.raises(ValueError, match="direction of 'y'"):
        read_long(XY, meta([("x", "g", 1.0, 1), ("y", "g", 1.0, 0)]))
    with pytest.raises(ValueError, match="weight of 'x'"):
        read_long(XY, meta([("x", "g", -1.0, 1), ("y", "g", 1.0, 1)]))
