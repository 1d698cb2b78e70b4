"""rank(): hand-computed small rankings, ties, tie-break, missing values, stages, config."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from foretagsklimat.engine.methodology import methodology_for_year
from foretagsklimat.engine.ranking import (
    STAGES,
    InputMismatchError,
    RankPointsRanker,
    indicator_values,
    rank,
    regenerate,
)

from .helpers import TOY_VALUES, long_values, toy_methodology

# Hand computation for TOY_VALUES (A=0114, B=0115, C=0117, D=0120), N = 4:
#   overall_grade (w 1/2, higher better): A 4 > B 3 = C 3 > D 2
#       ranks A 1, B 2.5, C 2.5, D 4      -> points 4, 2.5, 2.5, 1
#   service (w 1/4): B 5 > C 4 > D 3 > A 2 -> ranks B 1, C 2, D 3, A 4 -> points A 1, B 4, C 3, D 2
#   municipal_tax (w 1/4, LOWER better): D 19 < A 20 < C 21 < B 22
#       ranks D 1, A 2, C 3, B 4          -> points A 3, B 1, C 2, D 4
#   totals: A 2 + 0.25 + 0.75 = 3.0; B 1.25 + 1 + 0.25 = 2.5; C 1.25 + 0.75 + 0.5 = 2.5;
#           D 0.5 + 0.5 + 1 = 2.0
#   B and C tie on points and on the overall_grade rank, so the code decides: B before C.
EXPECTED_POINTS = {"0114": 3.0, "0115": 2.5, "0117": 2.5, "0120": 2.0}
EXPECTED_RANK = {"0114": 1, "0115": 2, "0117": 3, "0120": 4}


def test_it_ranks_a_small_example_computed_by_hand() -> None:
    result = rank(long_values(TOY_VALUES), toy_methodology())
    m = result.municipalities.set_index("kommunkod")
    assert m["points"].to_dict() == pytest.approx(EXPECTED_POINTS)
    assert m["rank"].to_dict() == EXPECTED_RANK
    assert list(result.municipalities.columns) == ["kommunkod", "points", "rank"]
    assert list(result.municipalities["rank"]) == [1, 2, 3, 4]


def test_tied_factor_values_share_the_average_rank() -> None:
    result = rank(long_values(TOY_VALUES), toy_methodology())
    ranks = result.stages["factor_ranks"]["overall_grade"].to_dict()
    assert ranks == {"0114": 1.0, "0115": 2.5, "0117": 2.5, "0120": 4.0}


def test_a_lower_is_better_factor_gives_the_lowest_value_the_most_points() -> None:
    result = rank(long_values(TOY_VALUES), toy_methodology())
    points = result.stages["points"]["municipal_tax"].to_dict()
    assert points == {"0114": 3.0, "0115": 1.0, "0117": 2.0, "0120": 4.0}


def test_the_min_tie_rule_gives_tied_municipalities_the_better_rank() -> None:
    # overall_grade ranks A 1, B 2, C 2, D 4 -> points 4, 3, 3, 1;
    # totals: A 3.0, B 1.5 + 1 + 0.25 = 2.75, C 1.5 + 0.75 + 0.5 = 2.75, D 2.0.
    result = rank(long_values(TOY_VALUES), toy_methodology(), tie_rule="min")
    points = result.municipalities.set_index("kommunkod")["points"].to_dict()
    assert points == pytest.approx({"0114": 3.0, "0115": 2.75, "0117": 2.75, "0120": 2.0})
    assert result.config["tie_rule"] == "min"
    assert result.config["methodology"]["tie_rule"] == "min"


def test_equal_totals_are_broken_by_the_better_overall_grade_rank_before_the_code() -> None:
    # 0114: overall 3 (rank 2, 1 pt), tax 20 (rank 1, 2 pts) -> 0.5 + 1 = 1.5
    # 0115: overall 4 (rank 1, 2 pts), tax 21 (rank 2, 1 pt) -> 1 + 0.5 = 1.5
    m = toy_methodology(
        indicators=[
            {
                "code": "overall_grade",
                "kind": "survey",
                "source": "overall_grade",
                "weight": 0.5,
                "direction": 1,
                "status": "inferred",
                "note": "t",
            },
            {
                "code": "municipal_tax",
                "kind": "statistic",
                "source": "municipal_tax",
                "weight": 0.5,
                "direction": -1,
                "status": "inferred",
                "note": "t",
            },
        ]
    )
    values = long_values(
        {"overall_grade": {"0114": 3.0, "0115": 4.0}, "municipal_tax": {"0114": 20.0, "0115": 21.0}}
    )
    result = rank(values, m)
    assert list(result.municipalities["kommunkod"]) == ["0115", "0114"]
    assert list(result.municipalities["points"]) == [1.5, 1.5]


def test_a_tie_break_can_put_the_code_first() -> None:
    result = rank(long_values(TOY_VALUES), toy_methodology(tie_break=["kommunkod"]))
    assert list(result.municipalities["kommunkod"]) == ["0114", "0115", "0117", "0120"]


def test_a_missing_value_gets_neutral_points_and_is_flagged() -> None:
    values = long_values(TOY_VALUES)
    values = values.loc[~((values["kommunkod"] == "0120") & (values["source"] == "service"))]
    result = rank(values, toy_methodology())
    # service ranked over A 2, B 5, C 4 only: B 1, C 2, A 3 -> points B 3, C 2, A 1;
    # D gets the neutral (3 + 1) / 2 = 2.
    points = result.stages["points"]["service"].to_dict()
    assert points == {"0114": 1.0, "0115": 3.0, "0117": 2.0, "0120": 2.0}
    flagged = result.indicators.loc[result.indicators["imputed"], ["kommunkod", "indicator"]]
    assert flagged.values.tolist() == [["0120", "service"]]
    # D's total: 0.5 * 1 + 0.25 * 2 + 0.25 * 4 = 2.0
    assert result.stages["total"].loc["0120", "points"] == pytest.approx(2.0)


def test_a_nan_value_counts_as_missing() -> None:
    values = long_values(TOY_VALUES)
    values.loc[(values["kommunkod"] == "0120") & (values["source"] == "service"), "value"] = np.nan
    result = rank(values, toy_methodology())
    assert result.stages["points"].loc["0120", "service"] == 2.0


def test_missing_values_are_an_error_when_the_methodology_says_so() -> None:
    values = long_values(TOY_VALUES).iloc[1:]
    with pytest.raises(ValueError, match="0114 has no value for 'overall_grade'"):
        rank(values, toy_methodology(missing="error"))


def test_sub_questions_averaged_first_are_ranked_once_with_the_summed_weight() -> None:
    def indicator(code: str, weight: str, group: str) -> dict[str, object]:
        return {
            "code": code,
            "kind": "survey",
            "source": code,
            "weight": weight,
            "group": group,
            "direction": 1,
            "status": "inferred",
            "note": "t",
        }

    indicators = [
        indicator("overall_grade", "1/2", "overall_grade"),
        indicator("roads_rail_air", "1/4", "infrastructure"),
        indicator("telecom_it", "1/4", "infrastructure"),
    ]
    values = long_values(
        {
            "overall_grade": {"0114": 3.0, "0115": 3.0},
            "roads_rail_air": {"0114": 5.0, "0115": 2.0},
            "telecom_it": {"0114": 1.0, "0115": 3.0},
        }
    )
    # "mean": infrastructure 0114 (5+1)/2 = 3.0, 0115 (2+3)/2 = 2.5 -> 0114 better.
    # Points: overall 1.5 each; infra 0114 2, 0115 1 -> totals 0.75 + 1.0, 0.75 + 0.5.
    averaged = rank(
        values, toy_methodology(indicators=indicators, subquestions={"infrastructure": "mean"})
    )
    assert list(averaged.stages["values"].columns) == ["overall_grade", "infrastructure"]
    assert averaged.stages["values"].loc["0114", "infrastructure"] == 3.0
    assert averaged.municipalities.set_index("kommunkod")["points"].to_dict() == {
        "0114": 1.75,
        "0115": 1.25,
    }
    # "separate": roads 0114 2 pts, 0115 1; telecom 0114 1, 0115 2 -> both 0.75 + 0.75.
    separate = rank(values, toy_methodology(indicators=indicators))
    assert separate.municipalities["points"].tolist() == [1.5, 1.5]


def test_the_long_indicator_frame_has_the_contract_columns() -> None:
    result = rank(long_values(TOY_VALUES), toy_methodology())
    assert list(result.indicators.columns[:6]) == [
        "kommunkod",
        "indicator",
        "value",
        "n",
        "rank",
        "points",
    ]
    assert len(result.indicators) == 4 * 3
    row = result.indicators.set_index(["kommunkod", "indicator"]).loc[("0117", "service")]
    assert (row["value"], row["rank"], row["points"]) == (4.0, 2.0, 3.0)


def test_the_stages_are_named_and_consistent() -> None:
    result = rank(long_values(TOY_VALUES), toy_methodology())
    assert tuple(result.stages) == STAGES
    weighted = result.stages["points"] * [0.5, 0.25, 0.25]
    pd.testing.assert_frame_equal(weighted, result.stages["weighted"])
    table = result.table()
    assert table.index[0] == "0114"
    assert ("values", "service") in table.columns


def test_n_is_carried_through_for_survey_indicators_and_nan_for_statistics() -> None:
    values = long_values(TOY_VALUES)
    values["n"] = np.where(values["source"] == "municipal_tax", np.nan, 40.0)
    result = rank(values, toy_methodology())
    by = result.indicators.groupby("indicator")["n"].first()
    assert by["service"] == 40.0
    assert np.isnan(by["municipal_tax"])


def test_the_config_is_json_and_regenerates_an_identical_result() -> None:
    values = long_values(TOY_VALUES)
    result = rank(values, toy_methodology(), year=2021)
    config = json.loads(json.dumps(result.config))
    again = regenerate(config, values.sample(frac=1, random_state=1))
    assert again.equals(result)
    assert config["year"] == 2021
    assert config["input_digest"].startswith("sha256:")


def test_regenerate_refuses_other_input() -> None:
    values = long_values(TOY_VALUES)
    result = rank(values, toy_methodology())
    changed = values.copy()
    changed.loc[0, "value"] += 0.01
    with pytest.raises(InputMismatchError, match="digest"):
        regenerate(result.config, changed)


def test_the_estimator_twin_gives_the_same_result_as_the_function() -> None:
    values = long_values(TOY_VALUES)
    ranker = RankPointsRanker(methodology=toy_methodology(), tie_rule="max")
    assert ranker.fit(values) is ranker
    assert ranker.result_.equals(rank(values, toy_methodology(), tie_rule="max"))
    assert ranker.set_params(tie_rule="dense").get_params()["tie_rule"] == "dense"


def test_it_rejects_duplicate_rows_and_missing_sources() -> None:
    values = long_values(TOY_VALUES)
    with pytest.raises(ValueError, match="more than one row for kommunkod '0114'"):
        rank(pd.concat([values, values.iloc[:1]]), toy_methodology())
    with pytest.raises(ValueError, match=r"no values at all for source\(s\) \['service'\]"):
        rank(values.loc[values["source"] != "service"], toy_methodology())
    with pytest.raises(ValueError, match="missing column"):
        rank(values.drop(columns="value"), toy_methodology())


def test_rows_for_sources_the_methodology_does_not_use_are_ignored() -> None:
    values = long_values({**TOY_VALUES, "employment_rate": {"0114": 1.0}})
    assert rank(values, toy_methodology()).equals(rank(long_values(TOY_VALUES), toy_methodology()))


def test_indicator_values_builds_the_input_from_factor_values_and_statistics() -> None:
    fv = pd.DataFrame(
        {
            "kommunkod": ["0114", "0114", "0114", "0115"],
            "year": [2020, 2020, 2019, 2020],
            "question": ["overall_grade", "crime_safety", "overall_grade", "overall_grade"],
            "mean": [4.0, 3.0, 2.0, 3.5],
            "n": [10, 10, 10, 12],
            "sd": [1.0] * 4,
            "respondent_type": ["company"] * 4,
        }
    )
    stats = pd.DataFrame(
        {
            "kommunkod": ["0114", "0115"],
            "year": [2020, 2020],
            "statistic": ["municipal_tax", "municipal_tax"],
            "value": [20.0, 21.0],
        }
    )
    iv = indicator_values(fv, stats, "sn-2020", 2020)
    assert iv[["kommunkod", "source", "value"]].values.tolist() == [
        ["0114", "municipal_tax", 20.0],
        ["0114", "overall_grade", 4.0],
        ["0115", "municipal_tax", 21.0],
        ["0115", "overall_grade", 3.5],
    ]
    assert iv["n"].isna().tolist() == [True, False, True, False]


def test_a_year_chooses_the_methodology_in_force() -> None:
    rng = np.random.default_rng(0)
    codes = [f"{i:04d}" for i in range(114, 124)]
    m = methodology_for_year(2016)
    sources = [i.source for i in m.indicators]
    values = pd.DataFrame(
        [(c, s, rng.normal()) for c in codes for s in sources],
        columns=["kommunkod", "source", "value"],
    )
    result = rank(values, year=2016)
    assert result.config["methodology"]["name"] == "sn-2014"
    assert sorted(result.municipalities["rank"]) == list(range(1, 11))
