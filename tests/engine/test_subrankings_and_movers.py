"""County and SKR-group ranks; rank changes between years and the biggest climbers."""

from __future__ import annotations

import pandas as pd

from foretagsklimat import reference
from foretagsklimat.engine.movers import biggest_climbers, biggest_fallers, movers
from foretagsklimat.engine.subrankings import subrankings

# Two Stockholm-county (01) municipalities and two in Skåne (12), in two made-up groups.
REFERENCE = pd.DataFrame(
    {
        "kommunkod": ["0114", "0115", "1280", "1281"],
        "kommungrupp_kod": ["A", "B", "A", "B"],
        "kommungrupp": ["Group A", "Group B", "Group A", "Group B"],
    }
)
RANKS = pd.DataFrame({"kommunkod": ["0114", "0115", "1280", "1281"], "rank": [4, 1, 3, 2]})


def test_it_ranks_within_each_county_by_the_national_order() -> None:
    out = subrankings(RANKS, REFERENCE).set_index("kommunkod")
    # county 01: 0115 (1) before 0114 (4); county 12: 1281 (2) before 1280 (3)
    assert out["county_rank"].to_dict() == {"0114": 2, "0115": 1, "1280": 2, "1281": 1}
    assert out["lanskod"].to_dict() == {"0114": "01", "0115": "01", "1280": "12", "1281": "12"}


def test_it_ranks_within_each_skr_group() -> None:
    out = subrankings(RANKS, REFERENCE).set_index("kommunkod")
    # group A: 1280 (3) before 0114 (4); group B: 0115 (1) before 1281 (2)
    assert out["group_rank"].to_dict() == {"0114": 2, "0115": 1, "1280": 1, "1281": 2}


def test_with_the_shipped_reference_every_county_is_ranked_one_to_n() -> None:
    codes = sorted(reference.municipality_codes())
    ranks = pd.DataFrame({"kommunkod": codes, "rank": range(len(codes), 0, -1)})
    out = subrankings(ranks)
    for _, county in out.groupby("lanskod"):
        assert sorted(county["county_rank"]) == list(range(1, len(county) + 1))
    assert out["kommungrupp_kod"].notna().all()
    assert out["group_rank"].max() < 290


def test_movers_count_places_gained_as_positive() -> None:
    previous = pd.DataFrame({"kommunkod": ["0114", "0115", "1280", "1281"], "rank": [1, 2, 3, 4]})
    moves = movers(previous, RANKS).set_index("kommunkod")
    assert moves["change"].to_dict() == {"0114": -3, "0115": 1, "1280": 0, "1281": 2}
    assert list(moves.columns) == ["rank_previous", "rank", "change"]


def test_a_municipality_missing_in_one_year_is_left_out_of_the_movers() -> None:
    previous = pd.DataFrame({"kommunkod": ["0114", "0115"], "rank": [1, 2]})
    assert movers(previous, RANKS)["kommunkod"].tolist() == ["0114", "0115"]


def test_biggest_climber_nationally_and_per_county() -> None:
    previous = pd.DataFrame({"kommunkod": ["0114", "0115", "1280", "1281"], "rank": [1, 2, 3, 4]})
    moves = movers(previous, RANKS)
    assert biggest_climbers(moves)["kommunkod"].tolist() == ["1281"]
    per_county = biggest_climbers(moves, by="lanskod")
    assert per_county[["lanskod", "kommunkod"]].values.tolist() == [["01", "0115"], ["12", "1281"]]
    assert biggest_fallers(moves)["kommunkod"].tolist() == ["0114"]
    per_group = biggest_climbers(moves, REFERENCE, by="kommungrupp_kod")
    assert per_group["kommunkod"].tolist() == ["1280", "1281"]


def test_equal_climbs_go_to_the_better_current_rank() -> None:
    previous = pd.DataFrame({"kommunkod": ["0114", "0115"], "rank": [5, 6]})
    current = pd.DataFrame({"kommunkod": ["0114", "0115"], "rank": [3, 4]})
    assert biggest_climbers(movers(previous, current))["kommunkod"].tolist() == ["0114"]
