"""What-if, levers and targets agree with re-running the full ranking."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from foretagsklimat import reference
from foretagsklimat.engine.methodology import get_methodology
from foretagsklimat.engine.ranking import rank
from foretagsklimat.engine.whatif import (
    Plan,
    WhatIfModel,
    describe_plan,
    levers,
    reach_target,
    what_if,
)

from .helpers import TOY_VALUES, long_values, toy_methodology

SN2020 = get_methodology("sn-2020")
CODES = sorted(reference.municipality_codes())


def national_values(seed: int = 7) -> pd.DataFrame:
    """290 municipalities x 17 indicators, grades with two decimals as published."""
    rng = np.random.default_rng(seed)
    parts = []
    for ind in SN2020.indicators:
        if ind.kind == "survey":
            value = np.round(rng.normal(3.6, 0.4, len(CODES)).clip(1, 6), 2)
        else:
            value = np.round(rng.uniform(15, 60, len(CODES)), 1)
        parts.append(pd.DataFrame({"kommunkod": CODES, "source": ind.source, "value": value}))
    return pd.concat(parts, ignore_index=True)


NATIONAL = national_values()


def modified(values: pd.DataFrame, kommunkod: str, changes: dict[str, float]) -> pd.DataFrame:
    out = values.copy()
    for source, value in changes.items():
        mask = (out["kommunkod"] == kommunkod) & (out["source"] == source)
        if mask.any():
            out.loc[mask, "value"] = value
        else:
            out = pd.concat(
                [
                    out,
                    pd.DataFrame({"kommunkod": [kommunkod], "source": [source], "value": [value]}),
                ],
                ignore_index=True,
            )
    return out


def assert_same_as_rank(values, methodology, kommunkod, changes, **options) -> None:
    result = what_if(values, methodology, kommunkod, changes)
    full = rank(modified(values, kommunkod, changes), methodology, **options)
    before = rank(values, methodology)
    mine = full.municipalities.set_index("kommunkod")
    assert result.rank == mine.loc[kommunkod, "rank"]
    assert result.points == mine.loc[kommunkod, "points"]
    assert result.rank_before == before.municipalities.set_index("kommunkod").loc[kommunkod, "rank"]
    everyone = result.municipalities.set_index("kommunkod").sort_index()
    assert everyone["rank"].tolist() == mine.sort_index()["rank"].tolist()
    assert everyone["points"].tolist() == mine.sort_index()["points"].tolist()


grade = st.sampled_from([1.0, 2.5, 3.0, 3.25, 4.0, 6.0])
toy_codes = ["0114", "0115", "0117", "0120"]


@settings(max_examples=60, deadline=None)
@given(
    kommunkod=st.sampled_from(toy_codes),
    changes=st.dictionaries(
        st.sampled_from(["overall_grade", "service", "municipal_tax"]),
        st.sampled_from([1.0, 2.0, 3.0, 4.0, 5.0, 6.0]),
        min_size=1,
    ).map(
        # taxes around the toy's 19-22 so that they tie and reorder
        lambda d: {k: v + 17.0 if k == "municipal_tax" else v for k, v in d.items()}
    ),
    tie_rule=st.sampled_from(["average", "min", "max", "dense", "ordinal"]),
    aggregation=st.sampled_from(["rank_points", "minmax", "zscore"]),
)
def test_what_if_equals_rank_on_the_modified_input_for_random_changes(
    kommunkod, changes, tie_rule, aggregation
) -> None:
    methodology = toy_methodology(tie_rule=tie_rule, aggregation=aggregation)
    values = long_values(TOY_VALUES)
    assert_same_as_rank(values, methodology, kommunkod, changes)


@settings(max_examples=15, deadline=None)
@given(
    unit=st.integers(0, len(CODES) - 1),
    changes=st.dictionaries(
        st.sampled_from([i.code for i in SN2020.indicators]),
        st.floats(1.0, 6.0).map(lambda x: round(x, 2)),
        min_size=1,
        max_size=4,
    ),
)
def test_what_if_equals_rank_for_290_municipalities_and_17_factors(unit, changes) -> None:
    assert_same_as_rank(NATIONAL, SN2020, CODES[unit], changes)


def test_what_if_fills_a_missing_value_as_rank_would() -> None:
    values = long_values(TOY_VALUES)
    values = values.loc[~((values["kommunkod"] == "0117") & (values["source"] == "service"))]
    assert_same_as_rank(values, toy_methodology(), "0117", {"service": 4.5})


def test_a_group_ranked_as_one_moves_all_its_sub_questions() -> None:
    methodology = get_methodology("sn-2014").replace(subquestions={"attitudes": "mean"})
    rng = np.random.default_rng(3)
    parts = [
        pd.DataFrame(
            {
                "kommunkod": CODES[:40],
                "source": ind.source,
                "value": np.round(rng.uniform(2, 5, 40), 2),
            }
        )
        for ind in methodology.indicators
    ]
    values = pd.concat(parts, ignore_index=True)
    members = [i.source for i in methodology.indicators if i.group == "attitudes"]
    mine = values.loc[(values["kommunkod"] == CODES[5]) & values["source"].isin(members)]
    shift = 0.3
    result = what_if(values, methodology, CODES[5], {"attitudes": mine["value"].mean() + shift})
    full = rank(
        modified(values, CODES[5], dict(zip(mine["source"], mine["value"] + shift, strict=True))),
        methodology,
    )
    assert result.rank == full.municipalities.set_index("kommunkod").loc[CODES[5], "rank"]
    assert result.points == pytest.approx(
        full.municipalities.set_index("kommunkod").loc[CODES[5], "points"]
    )


@settings(max_examples=40, deadline=None)
@given(
    kommunkod=st.sampled_from(toy_codes),
    source=st.sampled_from(["overall_grade", "service"]),
    raise_by=st.floats(0.0, 5.0),
)
def test_raising_a_survey_factor_never_lowers_the_rank(kommunkod, source, raise_by) -> None:
    values = long_values(TOY_VALUES)
    before = TOY_VALUES[source][kommunkod]
    result = what_if(values, toy_methodology(), kommunkod, {source: min(6.0, before + raise_by)})
    assert result.rank <= result.rank_before
    assert result.points >= result.points_before


def test_what_if_reports_the_changed_indicators_before_and_after() -> None:
    result = what_if(long_values(TOY_VALUES), toy_methodology(), "0120", {"overall_grade": 5.0})
    row = result.indicators.iloc[0]
    assert (row["indicator"], row["value_before"], row["value_after"]) == (
        "overall_grade",
        2.0,
        5.0,
    )
    assert (row["factor_rank_before"], row["factor_rank_after"]) == (4.0, 1.0)
    assert result.change == result.rank_before - result.rank
    assert result.to_dict()["indicators"][0]["value_after"] == 5.0


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"overall_grade": 6.5}, "must lie in 1..6"),
        ({"overall_grade": "high"}, "not a number"),
        ({"parking": 3.0}, "not an indicator"),
        ({"service": float("nan")}, "finite"),
    ],
)
def test_what_if_rejects_bad_changes_with_a_clear_message(changes, message) -> None:
    with pytest.raises(ValueError, match=message):
        what_if(long_values(TOY_VALUES), toy_methodology(), "0114", changes)


def test_what_if_rejects_an_unknown_municipality_code() -> None:
    with pytest.raises(ValueError, match="9999"):
        what_if(long_values(TOY_VALUES), toy_methodology(), "9999", {"service": 3.0})


def test_what_if_keeps_rank_error_messages_for_bad_input() -> None:
    values = pd.concat([long_values(TOY_VALUES)] * 2, ignore_index=True)
    with pytest.raises(ValueError, match="more than one row"):
        what_if(values, toy_methodology(), "0114", {"service": 3.0})


# -- levers -------------------------------------------------------------------------


def test_levers_places_gained_equals_rerunning_rank_with_the_step_applied() -> None:
    kommunkod = CODES[100]
    table = levers(NATIONAL, SN2020, kommunkod)
    base = rank(NATIONAL, SN2020).municipalities.set_index("kommunkod").loc[kommunkod]
    assert len(table) == len(SN2020.indicators)
    for row in table.itertuples():
        again = rank(modified(NATIONAL, kommunkod, {row.indicator: row.new_value}), SN2020)
        mine = again.municipalities.set_index("kommunkod").loc[kommunkod]
        assert row.new_rank == mine["rank"]
        assert row.places_gained == base["rank"] - mine["rank"]
        assert row.points_gained == pytest.approx(mine["points"] - base["points"], abs=1e-12)
    assert table["places_gained"].is_monotonic_decreasing


def test_levers_step_in_the_improving_direction_so_tax_goes_down() -> None:
    table = levers(NATIONAL, SN2020, CODES[0]).set_index("indicator")
    assert table.loc["municipal_tax", "step"] == pytest.approx(-0.1)
    assert table.loc["employment_rate", "step"] == pytest.approx(0.5)
    assert table.loc["service", "step"] == pytest.approx(0.1)
    assert (table["places_gained"] >= 0).all()


def test_levers_steps_can_be_overridden_per_indicator() -> None:
    table = levers(NATIONAL, SN2020, CODES[0], step={"municipal_tax": 0.5}).set_index("indicator")
    assert table.loc["municipal_tax", "step"] == pytest.approx(-0.5)
    assert table.loc["service", "step"] == pytest.approx(0.1)


def test_a_grade_at_six_has_no_feasible_lever() -> None:
    values = long_values(TOY_VALUES)
    values.loc[(values["kommunkod"] == "0114") & (values["source"] == "service"), "value"] = 6.0
    table = levers(values, toy_methodology(), "0114").set_index("indicator")
    assert not table.loc["service", "feasible"]
    assert table.loc["service", "new_value"] == 6.0
    assert table.loc["service", "places_gained"] == 0
    assert table.loc["overall_grade", "feasible"]


# -- reach_target -------------------------------------------------------------------


def rank_of(values, methodology, kommunkod) -> int:
    return int(
        rank(values, methodology).municipalities.set_index("kommunkod").loc[kommunkod, "rank"]
    )


def test_the_plan_really_reaches_the_target_when_reranked() -> None:
    model = WhatIfModel(SN2020).fit(NATIONAL)
    kommunkod = str(model.codes_[np.argmax(model.rank_ == 200)])
    plan = model.reach_target(kommunkod, 100)
    assert plan.reachable
    assert plan.rank_before == 200
    assert set(plan.steps["kind"]) == {"survey"}
    assert (plan.steps["to_value"] <= 6).all()
    again = rank_of(modified(NATIONAL, kommunkod, plan.changes), SN2020, kommunkod)
    assert again == plan.final_rank <= 100


def test_removing_any_single_step_from_the_plan_loses_the_target() -> None:
    model = WhatIfModel(SN2020).fit(NATIONAL)
    kommunkod = str(model.codes_[np.argmax(model.rank_ == 150)])
    plan = model.reach_target(kommunkod, 60)
    for row in plan.steps.itertuples():
        fewer = {**plan.changes, row.indicator: round(row.to_value - row.step, 10)}
        assert model.what_if(kommunkod, fewer).rank > 60


def test_the_plan_is_not_larger_than_needed_for_a_constructed_case() -> None:
    # Five municipalities, two equally weighted grades: brute force over every
    # combination of 0.1 steps gives the least number of steps that reaches rank 2.
    values = long_values(
        {
            "overall_grade": {"0114": 3.0, "0115": 3.3, "0117": 3.7, "0120": 4.4, "0123": 3.1},
            "service": {"0114": 3.0, "0115": 3.8, "0117": 3.4, "0120": 3.9, "0123": 3.5},
        }
    )
    methodology = toy_methodology(
        indicators=[
            {
                "code": c,
                "kind": "survey",
                "source": c,
                "weight": "1/2",
                "direction": 1,
                "status": "inferred",
                "note": "test",
            }
            for c in ("overall_grade", "service")
        ]
    )
    model = WhatIfModel(methodology).fit(values)
    least = min(
        a + b
        for a, b in itertools.product(range(31), range(31))
        if model.what_if(
            "0114", {"overall_grade": round(3.0 + 0.1 * a, 10), "service": round(3.0 + 0.1 * b, 10)}
        ).rank
        <= 2
    )
    plan = model.reach_target("0114", 2)
    assert plan.reachable
    assert plan.total_steps == least


def test_an_unreachable_target_is_reported_with_the_best_rank_possible() -> None:
    values = long_values(TOY_VALUES)
    plan = reach_target(values, toy_methodology(), "0120", 1, indicators=["service"])
    assert not plan.reachable
    assert plan.final_rank > 1
    assert plan.changes == {"service": 6.0}
    assert "kan inte nå plats 1" in describe_plan(plan, name="D")


def test_a_municipality_already_at_its_target_needs_no_steps() -> None:
    plan = reach_target(long_values(TOY_VALUES), toy_methodology(), "0114", 2)
    assert plan.reachable and plan.total_steps == 0 and plan.final_rank == plan.rank_before
    assert "redan på plats" in describe_plan(plan, name="A")


def test_statistics_can_be_allowed_and_move_in_their_improving_direction() -> None:
    values = long_values(TOY_VALUES)
    plan = reach_target(values, toy_methodology(), "0115", 1, indicators=["municipal_tax"])
    assert plan.reachable
    (row,) = plan.steps.itertuples()
    assert row.to_value < row.from_value
    assert "sänka" in describe_plan(plan, name="B")


def test_the_same_question_gives_the_same_plan() -> None:
    one = reach_target(NATIONAL, SN2020, CODES[10], 50)
    two = reach_target(NATIONAL, SN2020, CODES[10], 50)
    assert one.steps.equals(two.steps) and one.final_rank == two.final_rank


def test_a_target_outside_the_ranking_is_rejected() -> None:
    with pytest.raises(ValueError, match="target rank"):
        reach_target(long_values(TOY_VALUES), toy_methodology(), "0114", 0)


def test_describe_plan_states_concrete_grade_changes_in_swedish_and_english() -> None:
    steps = pd.DataFrame(
        {
            "indicator": ["service", "municipal_tax"],
            "label_sv": ["Kommunens service", "Kommunalskatt"],
            "label_en": ["The municipality's service", "Municipal tax rate"],
            "kind": ["survey", "statistic"],
            "from_value": [3.87, 22.1],
            "to_value": [4.27, 21.9],
            "change": [0.4, -0.2],
            "step": [0.1, 0.1],
            "n_steps": [4, 2],
        }
    )
    plan = Plan("2181", 100, 131, 97, True, steps)
    assert describe_plan(plan) == (
        "För att nå plats 100 behöver Sandviken höja kommunens service från 3,9 till 4,3 "
        "och sänka kommunalskatt från 22,1 till 21,9 (från plats 131 till plats 97)."
    )
    assert describe_plan(plan, "en").startswith(
        "To reach rank 100, Sandviken needs to raise the municipality's service from 3.9 to 4.3 "
        "and lower municipal tax rate from 22.1 to 21.9"
    )


def test_the_examples_in_the_levers_guide_run() -> None:
    doc = Path(__file__).resolve().parents[2] / "docs" / "levers-drivers-peers.md"
    blocks = re.findall(r"```python\n(.*?)```", doc.read_text(encoding="utf-8"), re.S)
    assert len(blocks) >= 6
    namespace: dict[str, object] = {}
    for block in blocks:
        exec(compile(block, str(doc), "exec"), namespace)
    assert namespace["plan"].reachable  # type: ignore[attr-defined]
