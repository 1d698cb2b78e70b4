"""Property tests (hypothesis): invariances every ranking must satisfy."""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from foretagsklimat.engine.methodology import TIE_RULES, Methodology, builtin_methodologies
from foretagsklimat.engine.ranking import rank, regenerate

from .helpers import toy_methodology

SOURCES = ("overall_grade", "service", "municipal_tax")
# Few distinct grades so that ties are common, as with two-decimal published means.
grade = st.sampled_from([1.0, 2.5, 3.0, 3.25, 4.0, 6.0])


@st.composite
def indicator_tables(draw: st.DrawFn) -> pd.DataFrame:
    n = draw(st.integers(min_value=2, max_value=12))
    codes = [f"{114 + i:04d}" for i in range(n)]
    rows = [
        (code, source, draw(grade) if draw(st.integers(0, 9)) else np.nan)
        for code in codes
        for source in SOURCES
    ]
    frame = pd.DataFrame(rows, columns=["kommunkod", "source", "value"])
    # every source needs at least one value to be rankable
    for source in SOURCES:
        mask = frame["source"] == source
        if frame.loc[mask, "value"].isna().all():
            frame.loc[mask.idxmax(), "value"] = 3.0
    return frame


tie_rules = st.sampled_from(TIE_RULES)
FAST = settings(max_examples=40, deadline=None)


@FAST
@given(indicator_tables(), tie_rules, st.randoms(use_true_random=False))
def test_permuting_input_rows_changes_nothing(frame, tie_rule, rnd) -> None:
    order = list(range(len(frame)))
    rnd.shuffle(order)
    original = rank(frame, toy_methodology(), tie_rule=tie_rule)
    permuted = rank(frame.iloc[order], toy_methodology(), tie_rule=tie_rule)
    assert permuted.equals(original)


@FAST
@given(indicator_tables(), st.data())
def test_raising_one_value_on_a_higher_is_better_factor_never_lowers_total_points(
    frame, data
) -> None:
    source = data.draw(st.sampled_from(["overall_grade", "service"]))
    rows = frame.index[(frame["source"] == source) & frame["value"].notna()]
    row = data.draw(st.sampled_from(list(rows)))
    code = frame.loc[row, "kommunkod"]
    before = rank(frame, toy_methodology()).stages["total"].loc[code, "points"]
    raised = frame.copy()
    raised.loc[row, "value"] += data.draw(st.floats(min_value=0.01, max_value=5))
    after = rank(raised, toy_methodology()).stages["total"].loc[code, "points"]
    assert after >= before - 1e-9


@FAST
@given(indicator_tables(), st.data())
def test_lowering_one_value_on_a_lower_is_better_factor_never_lowers_total_points(
    frame, data
) -> None:
    rows = frame.index[(frame["source"] == "municipal_tax") & frame["value"].notna()]
    row = data.draw(st.sampled_from(list(rows)))
    code = frame.loc[row, "kommunkod"]
    before = rank(frame, toy_methodology()).stages["total"].loc[code, "points"]
    lowered = frame.copy()
    lowered.loc[row, "value"] -= data.draw(st.floats(min_value=0.01, max_value=5))
    after = rank(lowered, toy_methodology()).stages["total"].loc[code, "points"]
    assert after >= before - 1e-9


@FAST
@given(indicator_tables(), tie_rules, st.sampled_from(["rank_points", "minmax", "zscore"]))
def test_regenerating_a_recorded_config_is_identical(frame, tie_rule, aggregation) -> None:
    result = rank(frame, toy_methodology(), year=2022, tie_rule=tie_rule, aggregation=aggregation)
    config = json.loads(json.dumps(result.config))
    assert regenerate(config, frame).equals(result)


@FAST
@given(indicator_tables(), tie_rules)
def test_the_final_rank_is_a_strict_order_one_to_n(frame, tie_rule) -> None:
    result = rank(frame, toy_methodology(), tie_rule=tie_rule)
    n = frame["kommunkod"].nunique()
    assert sorted(result.municipalities["rank"]) == list(range(1, n + 1))
    # ... and consistent with the totals: a better rank never has fewer points.
    points = result.municipalities["points"].round(9).to_numpy()
    assert (np.diff(points) <= 0).all()


@FAST
@given(st.lists(st.integers(min_value=1, max_value=50), min_size=1, max_size=8))
def test_weights_written_as_fractions_of_their_sum_sum_to_one(parts) -> None:
    total = sum(parts)
    sources = [
        "service",
        "rules_application",
        "information",
        "dialogue",
        "procurement",
        "skills_access",
        "telecom_it",
        "roads_rail_air",
    ]
    indicators = [
        {
            "code": s,
            "kind": "survey",
            "source": s,
            "weight": f"{p}/{total}",
            "direction": 1,
            "status": "inferred",
            "note": "t",
        }
        for s, p in zip(sources, parts, strict=False)
    ]
    m = Methodology.from_dict(
        {
            "name": "h",
            "title_sv": "h",
            "title_en": "h",
            "first_year": 2020,
            "indicators": indicators,
        }
    )
    assert math.isclose(math.fsum(i.weight for i in m.indicators), 1.0, abs_tol=1e-12)


def test_every_built_in_methodology_has_weights_summing_to_one() -> None:
    for m in builtin_methodologies().values():
        assert math.isclose(math.fsum(i.weight for i in m.indicators), 1.0, abs_tol=1e-12)
