"""The scoring kernel: one rule for points, gaps, totals and tie-breaks, used by everyone."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from foretagsklimat.engine.coinr import build_index, index_from_methodology
from foretagsklimat.engine.methodology import TIE_RULES, get_methodology
from foretagsklimat.engine.normalisers import AGGREGATORS, NORMALISERS
from foretagsklimat.engine.ranking import rank
from foretagsklimat.engine.scoring import (
    ScoringRule,
    fill_neutral,
    final_rank,
    index_rank,
    mean_of_sources,
    ranked_columns,
)
from foretagsklimat.engine.uncertainty import bootstrap_ranking
from foretagsklimat.engine.whatif import WhatIfModel

from .helpers import TOY_VALUES, long_values, toy_methodology

FAST = settings(max_examples=40, deadline=None)
SOURCES = ("overall_grade", "service", "municipal_tax")
# Few distinct values so that ties are common, as with two-decimal published means.
value = st.sampled_from([1.0, 2.5, 3.0, 3.25, 4.0, 6.0])
normalisers = st.sampled_from(sorted(NORMALISERS))


def bits(array: np.ndarray) -> bytes:
    """The exact bytes of a float array, with one canonical NaN."""
    array = np.asarray(array, dtype="float64")
    return np.where(np.isnan(array), np.nan, array).tobytes()


@st.composite
def matrices(draw: st.DrawFn, columns: int = 3, stack: int = 0) -> np.ndarray:
    """Units × columns values (optionally stacked), with gaps but never an empty column."""
    units = draw(st.integers(2, 14))
    shape = (stack, units, columns) if stack else (units, columns)
    flat = [draw(value) if draw(st.integers(0, 7)) else np.nan for _ in range(int(np.prod(shape)))]
    out = np.array(flat).reshape(shape)
    out[..., 0, :] = np.where(np.isnan(out[..., 0, :]), 3.0, out[..., 0, :])
    return out


@st.composite
def indicator_tables(draw: st.DrawFn) -> pd.DataFrame:
    values = draw(matrices())
    codes = [f"{114 + i:04d}" for i in range(len(values))]
    return pd.DataFrame(
        [(c, s, values[i, j]) for i, c in enumerate(codes) for j, s in enumerate(SOURCES)],
        columns=["kommunkod", "source", "value"],
    )


# -- every caller scores with the kernel ------------------------------------------------
@FAST
@given(indicator_tables(), st.sampled_from(TIE_RULES), normalisers)
def test_rank_equals_the_kernel_on_its_values(frame, tie_rule, normaliser) -> None:
    methodology = toy_methodology(tie_rule=tie_rule, aggregation=normaliser)
    result = rank(frame, methodology)
    scores = ScoringRule.from_methodology(methodology).score(
        result.stages["values"].to_numpy(dtype="float64")
    )
    assert bits(result.stages["factor_ranks"]) == bits(scores.ranks)
    assert bits(result.stages["points"]) == bits(scores.points)
    assert bits(result.stages["total"]["points"]) == bits(scores.total)
    assert result.stages["rank"]["rank"].tolist() == scores.rank.tolist()


@FAST
@given(indicator_tables(), st.sampled_from(TIE_RULES), normalisers)
def test_the_what_if_model_equals_the_kernel_and_rank(frame, tie_rule, normaliser) -> None:
    methodology = toy_methodology(tie_rule=tie_rule, aggregation=normaliser)
    model = WhatIfModel(methodology).fit(frame)
    scores = ScoringRule.from_methodology(methodology).score(model.values_)
    assert bits(model.points_) == bits(scores.points)
    assert bits(model.total_) == bits(rank(frame, methodology).stages["total"]["points"])
    assert model.rank_.tolist() == scores.rank.tolist()


@FAST
@given(matrices(), st.sampled_from(TIE_RULES), normalisers, st.integers(0, 2))
def test_scoring_one_column_equals_that_column_of_the_matrix(
    values, tie_rule, normaliser, j
) -> None:
    rule = ScoringRule(
        names=SOURCES,
        directions=np.array([1, 1, -1]),
        weights=np.array([0.5, 0.25, 0.25]),
        normaliser=normaliser,
        tie_rule=tie_rule,
    )
    ranks, points = rule.score_column(j, values[:, j].copy())
    scores = rule.score(values)
    assert bits(ranks) == bits(scores.ranks[:, j])
    assert bits(points) == bits(scores.points[:, j])


@FAST
@given(matrices(stack=4), st.sampled_from(TIE_RULES), normalisers)
def test_a_stack_of_replications_scores_like_each_replication(values, tie_rule, normaliser) -> None:
    rule = ScoringRule(
        names=SOURCES,
        directions=np.array([1, 1, -1]),
        weights=np.array([0.5, 0.25, 0.25]),
        normaliser=normaliser,
        tie_rule=tie_rule,
        tie_break=("points", "overall_grade", "kommunkod"),
    )
    stacked = rule.score(values)
    for r in range(len(values)):
        one = rule.score(values[r])
        assert bits(stacked.ranks[r]) == bits(one.ranks)
        # Sums along the stack round differently in the last bit; ranks never differ.
        np.testing.assert_allclose(stacked.points[r], one.points, rtol=1e-13, atol=1e-13)
        np.testing.assert_allclose(stacked.total[r], one.total, rtol=1e-13, atol=1e-13)
        assert stacked.rank[r].tolist() == one.rank.tolist()


@pytest.mark.parametrize("name", ["minmax", "zscore", "rank_points"])
@pytest.mark.parametrize("direction", [1, -1])
def test_stacked_normalisers_equal_one_column_at_a_time(name: str, direction: int) -> None:
    rng = np.random.default_rng(3)
    values = rng.integers(0, 5, (3, 12, 2)).astype(float)  # ties on purpose
    values[0, 2, 0] = np.nan
    values[1, :, 1] = 7.0  # no spread
    directions = np.array([direction, direction])
    stacked = NORMALISERS[name](values, directions)
    for r in range(3):
        for j in range(2):
            expected = NORMALISERS[name](values[r, :, j], direction)
            np.testing.assert_allclose(stacked[r, :, j], expected, equal_nan=True)


def test_a_stacked_final_rank_equals_one_replication_at_a_time() -> None:
    rng = np.random.default_rng(4)
    total = rng.integers(0, 4, (5, 9)).astype(float)
    ranks = rng.integers(1, 4, (5, 9, 2)).astype(float)
    ranks[0, 1, 0] = np.nan
    keys = ("points", "overall_grade", "kommunkod")
    stacked = final_rank(total, ranks, ["overall_grade", "x"], keys)
    for r in range(5):
        expected = final_rank(total[r], ranks[r], ["overall_grade", "x"], keys)
        np.testing.assert_array_equal(stacked[r], expected)


def test_the_bootstrap_without_variation_scores_like_the_kernel() -> None:
    codes = np.repeat(["0114", "0115", "0117", "0120"], 3)
    answers = pd.DataFrame(
        {
            "respondent_id": [f"r{i}" for i in range(len(codes))],
            "kommunkod": codes,
            "year": 2020,
            "respondent_type": "company",
            "overall_grade": np.repeat([4.0, 3.0, 3.0, 2.0], 3),
            "service": np.repeat([2.0, 5.0, 4.0, 3.0], 3),
        }
    )
    tax = pd.DataFrame(
        {
            "kommunkod": ["0114", "0115", "0117", "0120"],
            "year": 2020,
            "statistic": "municipal_tax",
            "value": [20.0, 22.0, 21.0, 19.0],
        }
    )
    result = bootstrap_ranking(
        answers, tax, toy_methodology(), 2020, replications=5, random_state=1
    )
    values = np.array([[4.0, 2.0, 20.0], [3.0, 5.0, 22.0], [3.0, 4.0, 21.0], [2.0, 3.0, 19.0]])
    scores = ScoringRule.from_methodology(toy_methodology()).score(values)
    assert (result.rank_samples == scores.rank).all()
    np.testing.assert_allclose(result.points_samples, np.tile(scores.total, (5, 1)))


def test_the_rank_points_index_equals_the_kernel_total() -> None:
    values = long_values(TOY_VALUES)
    index = index_from_methodology(values, toy_methodology())
    table = build_index(index, "rank_points").set_index("uCode")
    scores = ScoringRule.from_methodology(toy_methodology()).score(index.values)
    np.testing.assert_allclose(table.loc[index.codes, "Index"], scores.total)


# -- the rule itself ---------------------------------------------------------------------
def test_a_gap_gets_the_neutral_points_of_its_column() -> None:
    rule = ScoringRule(names=("a",), directions=np.array([1]), weights=np.array([1.0]))
    scores = rule.score(np.array([[5.0], [np.nan], [3.0], [4.0]]))
    # Ranked among the three with a value: 3, 1, 2 points; the gap gets (3 + 1) / 2.
    assert scores.points.ravel().tolist() == [3.0, 2.0, 1.0, 2.0]
    assert np.isnan(scores.ranks[1, 0])
    minmax = ScoringRule(
        names=("a",), directions=np.array([1]), weights=np.array([1.0]), normaliser="minmax"
    )
    # Min-max 100, 0, 50 for the others; the gap gets their mean, 50.
    assert minmax.score(np.array([[5.0], [np.nan], [3.0], [4.0]])).points[1, 0] == 50.0


def test_fill_neutral_uses_each_column_and_each_replication() -> None:
    stack = np.array([[[1.0, np.nan], [np.nan, 4.0], [3.0, 2.0]]])
    filled = fill_neutral(stack)
    assert filled[0, 1, 0] == 2.0 and filled[0, 0, 1] == 3.0


def test_equal_totals_are_broken_by_the_tie_break_keys_in_order() -> None:
    total = np.array([10.0, 10.0, 10.0 + 1e-12, 9.0])
    ranks = np.array([[2.0], [1.0], [np.nan], [4.0]])
    by_grade = final_rank(total, ranks, ["overall_grade"], ["points", "overall_grade", "kommunkod"])
    # Totals within 1e-9 are equal; the better overall grade wins; a gap loses the tie.
    assert by_grade.tolist() == [2, 1, 3, 4]
    by_code = final_rank(total, ranks, ["overall_grade"], ["points", "kommunkod"])
    assert by_code.tolist() == [1, 2, 3, 4]


def test_the_index_rank_shares_the_best_place_and_keeps_gaps() -> None:
    ranks = index_rank(np.array([1.0, 3.0, 1.0 + 1e-11, np.nan]))
    np.testing.assert_array_equal(ranks, [2.0, 1.0, 2.0, np.nan])


def test_sub_questions_averaged_first_are_one_ranked_column() -> None:
    methodology = get_methodology("sn-2014").replace(subquestions={"attitudes": "mean"})
    columns = {c.code: c for c in ranked_columns(methodology)}
    attitudes = columns["attitudes"]
    assert len(attitudes.sources) == 5
    assert attitudes.weight == pytest.approx(5 / 90)
    assert mean_of_sources(np.array([[1.0, np.nan, 4.0]])).tolist() == [2.5]


def test_every_registered_aggregator_takes_one_weight_vector_per_replication() -> None:
    columns = np.array([[[1.0, 4.0], [2.0, 2.0]], [[1.0, 4.0], [2.0, 2.0]]])
    weights = np.array([[0.5, 0.5], [1.0, 0.0]])
    for aggregate in AGGREGATORS.values():
        out = aggregate(columns, weights)
        assert out.shape == (2, 2)
        assert out[1].tolist() == [1.0, 2.0]
