"""The plan search's shortcuts (one unit's rank counted, columns and plans remembered)
give exactly what the full re-scoring gives."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from foretagsklimat import reference
from foretagsklimat.engine.methodology import get_methodology
from foretagsklimat.engine.scoring import final_rank
from foretagsklimat.engine.whatif import WhatIfModel
from foretagsklimat.engine.whatif.model import _position

from .helpers import toy_methodology

SN2020 = get_methodology("sn-2020")
CODES = sorted(reference.municipality_codes())


def tied_values(seed: int = 3) -> pd.DataFrame:
    """290 municipalities x 17 indicators with one-decimal grades: many ties."""
    rng = np.random.default_rng(seed)
    parts = []
    for ind in SN2020.indicators:
        if ind.kind == "survey":
            value = np.round(rng.normal(3.6, 0.3, len(CODES)).clip(1, 6), 1)
        else:
            value = np.round(rng.uniform(15, 20, len(CODES)), 0)
        parts.append(pd.DataFrame({"kommunkod": CODES, "source": ind.source, "value": value}))
    values = pd.concat(parts, ignore_index=True)
    # A few gaps, so that neutral points come into play.
    return values.drop(index=rng.choice(len(values), 40, replace=False)).reset_index(drop=True)


MODEL = WhatIfModel(SN2020).fit(tied_values())


@settings(max_examples=150, deadline=None)
@given(
    unit=st.integers(0, len(CODES) - 1),
    changes=st.dictionaries(
        st.integers(0, len(SN2020.indicators) - 1),
        st.sampled_from([1.0, 3.0, 3.5, 3.6, 3.7, 4.2, 6.0, 15.0, 17.0, 20.0]),
        max_size=4,
    ),
)
def test_one_units_outcome_equals_the_full_re_scoring(unit: int, changes: dict) -> None:
    total, final, _, _ = MODEL.evaluate(unit, changes)
    assert MODEL.outcome(unit, changes) == (float(total[unit]), int(final[unit]))
    memo: dict = {}
    assert MODEL.outcome(unit, changes, memo=memo) == MODEL.outcome(unit, changes, memo=memo)


@pytest.mark.parametrize(
    "tie_break", [["points", "kommunkod"], ["points", "overall_grade"], ["points"]]
)
def test_the_counted_place_follows_every_tie_break(tie_break: list[str]) -> None:
    rng = np.random.default_rng(5)
    total = rng.choice([1.0, 2.0, 2.0 + 1e-12, 3.0], 60)
    ranks = rng.choice([1.0, 2.0, np.nan], (60, 1))
    final = final_rank(total, ranks, ["overall_grade"], tie_break)
    keys = []
    for key in tie_break:
        if key == "points":
            keys.append(-np.round(total, 9))
        elif key == "kommunkod":
            keys.append(np.arange(60, dtype="float64"))
        else:
            keys.append(np.where(np.isnan(ranks[:, 0]), np.inf, ranks[:, 0]))
    assert [_position(i, keys) for i in range(60)] == final.tolist()


class _Unshortened(WhatIfModel):
    """The plan search as it was: every question re-scores and re-ranks every unit."""

    def outcome(self, i, new, *, memo=None):  # type: ignore[no-untyped-def]
        total, final, _, _ = self.evaluate(i, new)
        return float(total[i]), int(final[i])


@pytest.mark.parametrize("rank_now, target", [(290, 100), (250, 100), (120, 50), (60, 10)])
def test_the_remembering_search_finds_the_same_plan(rank_now: int, target: int) -> None:
    values = tied_values(seed=11)
    fast = WhatIfModel(SN2020).fit(values)
    slow = _Unshortened(SN2020).fit(values)
    kommunkod = str(fast.codes_[np.argmax(fast.rank_ == rank_now)])
    one, two = fast.reach_target(kommunkod, target), slow.reach_target(kommunkod, target)
    assert (one.reachable, one.final_rank, one.points_after) == (
        two.reachable,
        two.final_rank,
        two.points_after,
    )
    pd.testing.assert_frame_equal(one.steps, two.steps, check_exact=True)


def test_the_search_scores_each_column_value_once() -> None:
    model = WhatIfModel(SN2020).fit(tied_values(seed=11))
    scored: list[tuple[int, float]] = []
    original = model.rule_.score_column

    def counting(j: int, column: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        scored.append((j, float(column[i])))
        return original(j, column)

    i = int(np.argmax(model.rank_ == 290))
    # The rule is a frozen dataclass; the spy is set on this model's own instance.
    object.__setattr__(model.rule_, "score_column", counting)
    model.reach_target(str(model.codes_[i]), 100)
    assert scored and len(scored) == len(set(scored))


def test_a_toy_plan_is_unchanged_by_the_shortcuts() -> None:
    values = pd.DataFrame(
        {
            "kommunkod": ["0114", "0115", "0117", "0120"] * 3,
            "source": ["overall_grade"] * 4 + ["service"] * 4 + ["municipal_tax"] * 4,
            "value": [3.0, 3.5, 4.0, 3.5, 3.0, 3.6, 3.9, 3.6, 21.0, 20.0, 22.0, 20.0],
        }
    )
    fast = WhatIfModel(toy_methodology()).fit(values).reach_target("0114", 1)
    slow = _Unshortened(toy_methodology()).fit(values).reach_target("0114", 1)
    assert fast.changes == slow.changes and fast.final_rank == slow.final_rank
