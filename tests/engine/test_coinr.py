"""COINr's tables: reading, validation and the nominal index, hand-checked."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from foretagsklimat.engine.coinr import (
    CoinrError,
    build_index,
    index_from_methodology,
    read_coinr,
    read_coinr_csv,
    write_index,
)
from foretagsklimat.engine.ranking import rank

from .helpers import TOY_VALUES, long_values, toy_methodology

# Three units; x higher is better, y lower is better; weights 3 : 1 (→ 0.75, 0.25).
DATA = pd.DataFrame(
    {
        "uCode": ["A", "B", "C"],
        "uName": ["Aa", "Bb", "Cc"],
        "x": [1.0, 2.0, 4.0],
        "y": [10.0, 30.0, 20.0],
    }
)
META = pd.DataFrame(
    {
        "iCode": ["x", "y", "Index"],
        "iName": ["X", "Y", "Index"],
        "Level": [1, 1, 2],
        "Parent": ["Index", "Index", None],
        "Direction": [1, -1, None],
        "Weight": [3, 1, 1],
        "Type": ["Indicator", "Indicator", "Aggregate"],
    }
)

# Normalised by hand. x: min 1, max 4; y reversed: 10 best, 30 worst.
MINMAX_X = np.array([0.0, 100 / 3, 100.0])
MINMAX_Y = np.array([100.0, 0.0, 50.0])
MINMAX1_X = np.array([1.0, 34.0, 100.0])  # [1, 100] under geometric aggregation
MINMAX1_Y = np.array([100.0, 1.0, 50.5])
# x: mean 7/3, sample variance 7/3; y: mean 20, sample sd 10 (direction flips the sign).
Z_X = 10 + 2 * np.array([-4 / 3, -1 / 3, 5 / 3]) / np.sqrt(7 / 3)
Z_Y = 10 + 2 * np.array([1.0, -1.0, 0.0])
POINTS_X = np.array([1.0, 2.0, 3.0])
POINTS_Y = np.array([3.0, 1.0, 2.0])


def arithmetic(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    return 0.75 * x + 0.25 * y


def geometric(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    return x**0.75 * y**0.25


@pytest.mark.parametrize(
    ("normalise", "aggregate", "expected"),
    [
        ("minmax", "arithmetic", arithmetic(MINMAX_X, MINMAX_Y)),
        ("minmax", "geometric", geometric(MINMAX1_X, MINMAX1_Y)),
        ("zscore", "arithmetic", arithmetic(Z_X, Z_Y)),
        ("zscore", "geometric", geometric(Z_X, Z_Y)),
        ("rank_points", "arithmetic", arithmetic(POINTS_X, POINTS_Y)),
        ("rank_points", "geometric", geometric(POINTS_X, POINTS_Y)),
    ],
)
def test_hand_checked_nominal_index(normalise: str, aggregate: str, expected: np.ndarray) -> None:
    table = build_index(read_coinr(DATA, META), normalise, aggregate).set_index("uCode")
    np.testing.assert_allclose(table.loc[["A", "B", "C"], "Index"], expected)
    assert list(table.columns) == ["Index", "Rank"]
    order = np.argsort(-expected, kind="stable")
    assert table.index[0] == "ABC"[order[0]]


def test_minmax_arithmetic_numbers_and_tied_ranks() -> None:
    table = build_index(read_coinr(DATA, META))
    # A: 0.25 × 100 = 25; B: 0.75 × 100/3 = 25; C: 75 + 12.5 = 87.5.
    assert table["uCode"].tolist() == ["C", "A", "B"]
    np.testing.assert_allclose(table["Index"], [87.5, 25.0, 25.0])
    assert table["Rank"].tolist() == [1, 2, 2]


def test_hierarchy_weights_rescaled_among_siblings() -> None:
    data = pd.DataFrame({"uCode": ["A", "B"], "a": [1.0, 0.0], "b": [0.0, 1.0], "c": [0.0, 1.0]})
    meta = pd.DataFrame(
        {
            "iCode": ["a", "b", "c", "P1", "P2", "Index"],
            "Level": [1, 1, 1, 2, 2, 3],
            "Parent": ["P1", "P2", "P2", "Index", "Index", None],
            "Direction": [1, 1, 1, None, None, None],
            # b and c sum to 20 but are siblings: each 1/2 within P2. P1 : P2 = 1 : 3.
            "Weight": [5, 10, 10, 1, 3, None],
            "Type": ["Indicator"] * 3 + ["Aggregate"] * 3,
        }
    )
    index = read_coinr(data, meta)
    np.testing.assert_allclose(index.top_weights, [0.25, 0.75])
    assert index.top_children == ("P1", "P2")
    table = build_index(index).set_index("uCode")
    np.testing.assert_allclose(table.loc[["A", "B"], "Index"], [25.0, 75.0])


def test_missing_value_aggregates_over_present() -> None:
    data = DATA.assign(x=[1.0, np.nan, 4.0])
    table = build_index(read_coinr(data, META)).set_index("uCode")
    # B has only y (0 after min-max): weights rescaled over what it has.
    assert table.loc["B", "Index"] == 0.0


def test_meta_types_other_than_indicator_and_aggregate_are_ignored() -> None:
    meta = pd.concat(
        [
            META,
            pd.DataFrame(
                {
                    "iCode": ["GDP_group"],
                    "Level": [None],
                    "Parent": [None],
                    "Direction": [None],
                    "Weight": [None],
                    "Type": ["Group"],
                }
            ),
        ],
        ignore_index=True,
    )
    data = DATA.assign(GDP_group=["g", "g", "h"])
    assert build_index(read_coinr(data, meta)).equals(build_index(read_coinr(DATA, META)))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d, m: (d.drop(columns="uCode"), m), "data: missing column"),
        (lambda d, m: (d, m.drop(columns="Weight")), "meta: missing column"),
        (lambda d, m: (d, m.assign(Level=[1, 2, 2])), "meta row 3, column Type"),
        (lambda d, m: (d, m.assign(Level=[1, 1.5, 2])), "meta row 3, column Level"),
        (
            lambda d, m: (d, m.assign(Parent=["Index", "Nowhere", None])),
            "meta row 3, column Parent",
        ),
        (lambda d, m: (d, m.assign(Direction=[1, 2, None])), "meta row 3, column Direction"),
        (lambda d, m: (d, m.assign(Weight=[1, -1, 1])), "meta row 3, column Weight"),
        (lambda d, m: (d, m.assign(Weight=[0, 0, 1])), "no children with a positive weight"),
        (lambda d, m: (d.assign(x=["1", "two", "3"]), m), "data row 3, column x"),
        (lambda d, m: (d.assign(uCode=["A", "A", "C"]), m), "data row 3, column uCode"),
        (lambda d, m: (d.drop(columns="y"), m), "no column for indicator"),
        (lambda d, m: (d, m.assign(iCode=["x", "x", "Index"])), "appears twice"),
    ],
)
def test_validation_names_row_and_column(change, message: str) -> None:  # type: ignore[no-untyped-def]
    data, meta = change(DATA.copy(), META.copy())
    with pytest.raises(CoinrError, match=message):
        read_coinr(data, meta)


def test_two_tops_rejected() -> None:
    meta = META.copy()
    meta.loc[len(meta)] = ["Other", "Other", 2, None, None, 1, "Aggregate"]
    with pytest.raises(CoinrError, match="exactly one aggregate"):
        read_coinr(DATA, meta)


def test_geometric_zscore_needs_positive_values() -> None:
    data = pd.DataFrame(
        {"uCode": [f"u{i}" for i in range(40)], "x": [0.0] * 39 + [100.0], "y": np.arange(40.0)}
    )
    meta = META.assign(Direction=[-1, 1, None])
    with pytest.raises(ValueError, match="positive"):
        build_index(read_coinr(data, meta), "zscore", "geometric")


def test_csv_round_trip_and_errors_name_the_file(tmp_path: Path) -> None:
    DATA.to_csv(tmp_path / "D.csv", index=False)
    META.to_csv(tmp_path / "M.csv", index=False)
    index = read_coinr_csv(tmp_path / "D.csv", tmp_path / "M.csv")
    path = write_index(index, tmp_path / "out", "zscore", "arithmetic")
    written = pd.read_csv(path)
    assert list(written.columns) == ["uCode", "Index", "Rank"]
    np.testing.assert_allclose(
        written.set_index("uCode").loc[["A", "B", "C"], "Index"], arithmetic(Z_X, Z_Y)
    )
    META.assign(Direction=[1, 3, None]).to_csv(tmp_path / "bad.csv", index=False)
    with pytest.raises(CoinrError, match=r"bad\.csv: meta row 3, column Direction"):
        read_coinr_csv(tmp_path / "D.csv", tmp_path / "bad.csv")


def test_unknown_method_names() -> None:
    with pytest.raises(ValueError, match="unknown normalisation"):
        build_index(read_coinr(DATA, META), "robust")
    with pytest.raises(ValueError, match="unknown aggregation"):
        build_index(read_coinr(DATA, META), "minmax", "harmonic")


def test_index_from_methodology_rank_points_equals_rank_total() -> None:
    values = long_values(TOY_VALUES)
    methodology = toy_methodology()
    index = index_from_methodology(values, methodology)
    table = build_index(index, "rank_points", "arithmetic").set_index("uCode")
    ranked = rank(values, methodology).municipalities.set_index("kommunkod")
    np.testing.assert_allclose(table.loc[ranked.index, "Index"], ranked["points"])
    assert index.top_children == ("overall_grade", "service", "municipal_tax")
