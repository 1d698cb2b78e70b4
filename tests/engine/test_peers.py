"""Peers: structurally similar municipalities and the comparison with them."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from foretagsklimat import reference
from foretagsklimat.engine.methodology import get_methodology
from foretagsklimat.engine.peers import compare_with_peers, peers

REF = reference.municipalities()
CODES = REF["kommunkod"].tolist()
STATISTICS = ["employment_rate", "municipal_tax", "employers_per_1000"]


def statistics(seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    parts = []
    for year in (2023, 2024):
        for name in STATISTICS:
            parts.append(
                pd.DataFrame(
                    {
                        "kommunkod": CODES,
                        "year": year,
                        "statistic": name,
                        "value": rng.normal(50, 10, len(CODES)),
                    }
                )
            )
    return pd.concat(parts, ignore_index=True)


def test_a_municipality_is_never_its_own_peer() -> None:
    for code in ("2181", "0180", "2584"):
        assert code not in set(peers(code, statistics(), k=20)["kommunkod"])


def test_k_is_respected_and_peers_come_nearest_first() -> None:
    for k in (1, 5, 12):
        table = peers("2181", statistics(), k=k)
        assert len(table) == k
        assert table["distance"].is_monotonic_increasing


def test_peers_of_the_same_skr_group_are_preferred() -> None:
    table = peers("2181", statistics(), k=10)  # B5 has 24 members
    assert table["same_group"].all()
    assert (table["kommungrupp_kod"] == "B5").all()


def test_a_small_group_is_filled_from_other_groups() -> None:
    table = peers("0180", statistics(), k=5)  # A1 has 3 members: Stockholm's two peers
    assert table["same_group"].sum() == 2
    assert table["same_group"].head(2).all()


def test_without_the_group_weight_peers_may_cross_groups() -> None:
    table = peers("2181", statistics(), k=30, group_weight=0.0)
    assert not table["same_group"].all()


def test_a_structural_twin_is_the_nearest_peer() -> None:
    stats = statistics()
    latest = stats["year"] == 2024
    sandviken = stats.loc[latest & (stats["kommunkod"] == "2181")].set_index("statistic")["value"]
    twin = "0583"  # Motala, also B5
    for name, value in sandviken.items():
        stats.loc[latest & (stats["kommunkod"] == twin) & (stats["statistic"] == name), "value"] = (
            value
        )
    ref = REF.copy()
    population = ref.loc[ref["kommunkod"] == "2181", "folkmangd_2024"].iloc[0]
    ref.loc[ref["kommunkod"] == twin, "folkmangd_2024"] = population
    table = peers("2181", stats, ref, k=3)
    assert table["kommunkod"].iloc[0] == twin
    assert table["distance"].iloc[0] == pytest.approx(0.0)


def test_only_the_latest_year_of_statistics_is_used_unless_another_is_asked() -> None:
    stats = statistics()
    shuffled = stats.assign(
        value=np.where(
            stats["year"] == 2023, stats["value"].sample(frac=1, random_state=1), stats["value"]
        )
    )
    assert peers("2181", shuffled, k=8).equals(peers("2181", stats, k=8))
    assert not peers("2181", shuffled, k=8, year=2023).equals(peers("2181", stats, k=8, year=2023))


def test_an_unknown_municipality_or_k_below_one_is_rejected() -> None:
    with pytest.raises(ValueError, match="9999"):
        peers("9999", statistics())
    with pytest.raises(ValueError, match="k must"):
        peers("2181", statistics(), k=0)


def values_table() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "kommunkod": ["2181", "0583", "0682", "1293"] * 2,
            "source": ["overall_grade"] * 4 + ["municipal_tax"] * 4,
            "value": [3.6, 3.2, 4.0, np.nan, 22.0, 21.0, 22.5, 23.0],
        }
    )


def test_compare_with_peers_gives_value_peer_mean_difference_and_rank() -> None:
    table = compare_with_peers(values_table(), "2181", ["0583", "0682", "1293"], "sn-2020")
    table = table.set_index("indicator")
    grade = table.loc["overall_grade"]
    assert grade["value"] == 3.6
    assert grade["peer_mean"] == pytest.approx(3.6)  # 1293 has no grade
    assert grade["n_peers"] == 2
    assert grade["rank_among_peers"] == 2
    tax = table.loc["municipal_tax"]
    assert tax["difference"] == pytest.approx(22.0 - 22.1666666667)
    assert tax["advantage"] == pytest.approx(0.1666666667)  # lower tax is better
    assert tax["rank_among_peers"] == 2  # only 0583's 21 % is lower


def test_compare_with_peers_follows_the_methodology_and_ignores_the_municipality_itself() -> None:
    methodology = get_methodology("sn-2020")
    table = compare_with_peers(values_table(), "2181", ["2181", "0583"], methodology)
    assert table["indicator"].tolist() == ["overall_grade", "municipal_tax"]
    assert (table["n_peers"] == 1).all()


def test_compare_with_peers_works_with_the_peers_found() -> None:
    found = peers("2181", statistics(), k=3)["kommunkod"]
    table = compare_with_peers(values_table(), "2181", found)
    assert set(table["indicator"]) == {"overall_grade", "municipal_tax"}
