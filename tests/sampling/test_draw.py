"""Drawing the sample: sizes, the sole-trader cap, seeds."""

from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from foretagsklimat.sampling import draw_sample, sample_sizes, sampling_frame

from .sampling_helpers import companies, register

KEY = ["orgnr", "kommunkod", "site_type"]


def mixed_frame(kommunkod: str, others: int, sole_traders: int) -> pd.DataFrame:
    rows = companies(kommunkod, others) + companies(
        kommunkod, sole_traders, start=100_000, legal_form="EF"
    )
    frame, _ = sampling_frame(register(rows), 2025)
    return frame


def keys(frame: pd.DataFrame) -> set[tuple[str, str, str]]:
    return set(frame[KEY].itertuples(index=False, name=None))


def test_it_draws_the_size_of_each_municipality() -> None:
    frame = pd.concat([mixed_frame("2181", 500, 0), mixed_frame("0114", 30, 0)])
    sample, not_drawn = draw_sample(frame, sample_sizes(frame), random_state=1)
    assert sample.groupby("kommunkod").size().to_dict() == {"0114": 30, "2181": 200}
    assert (not_drawn["reason"] == "not_sampled").sum() == 300


def test_sole_traders_are_at_most_ten_percent_of_a_sample() -> None:
    frame = mixed_frame("2181", 400, 600)
    sample, not_drawn = draw_sample(frame, {"2181": 200}, random_state=3)
    assert len(sample) == 200
    assert (sample["legal_form"] == "EF").sum() <= 20
    assert (not_drawn["reason"] == "sole_trader_cap").any()


def test_sole_traders_fill_the_sample_when_too_few_others_exist() -> None:
    frame = mixed_frame("2181", 150, 600)
    sample, _ = draw_sample(frame, {"2181": 200}, random_state=3)
    assert len(sample) == 200
    assert (sample["legal_form"] != "EF").sum() == 150
    assert (sample["legal_form"] == "EF").sum() == 50


def test_a_census_takes_every_unit_including_all_sole_traders() -> None:
    frame = mixed_frame("2181", 20, 100)
    sample, not_drawn = draw_sample(frame, sample_sizes(frame), random_state=3)
    assert len(sample) == 120
    assert not_drawn.empty


def test_the_same_seed_gives_the_same_sample_and_another_seed_a_different_one() -> None:
    frame = mixed_frame("2181", 800, 400)
    first, _ = draw_sample(frame, {"2181": 200}, random_state=42)
    again, _ = draw_sample(frame.sample(frac=1, random_state=5), {"2181": 200}, random_state=42)
    other, _ = draw_sample(frame, {"2181": 200}, random_state=43)
    pd.testing.assert_frame_equal(first, again)
    assert keys(first) != keys(other)


@settings(max_examples=40, deadline=None)
@given(
    others=st.integers(0, 60),
    sole=st.integers(0, 60),
    size=st.integers(0, 80),
    seed=st.integers(0, 2**32 - 1),
)
def test_the_sample_is_a_subset_of_the_frame_of_the_right_size(
    others: int, sole: int, size: int, seed: int
) -> None:
    frame = mixed_frame("2181", others, sole)
    sample, not_drawn = draw_sample(frame, {"2181": size}, random_state=seed)
    assert keys(sample) <= keys(frame)
    assert len(sample) == min(size, len(frame))
    assert keys(sample) | keys(not_drawn) == keys(frame)
    assert not keys(sample) & keys(not_drawn)
    cap = size // 10
    sole_drawn = int((sample["legal_form"] == "EF").sum())
    assert sole_drawn <= max(cap, size - others)
