"""factor_values: mean, count and sample sd of the 1-6 grades, "vet ej" excluded."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from foretagsklimat.engine.factors import FACTOR_COLUMNS, factor_values

NAN = np.nan


def tiny_answers() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "respondent_id": ["r1", "r2", "r3", "r4", "r5", "p1"],
            "kommunkod": ["0114", "0114", "0114", "0115", "0115", "0114"],
            "year": [2020, 2020, 2020, 2020, 2021, 2020],
            "respondent_type": ["company"] * 5 + ["politician"],
            # r3 answered "vet ej" on overall_grade; the politician's 1 must not count.
            "overall_grade": [4.0, 6.0, NAN, 3.0, 5.0, 1.0],
            "service": [2.0, 3.0, 4.0, NAN, NAN, 6.0],
        }
    )


def test_it_computes_mean_n_and_sample_sd_with_vet_ej_excluded() -> None:
    fv = factor_values(tiny_answers()).set_index(["kommunkod", "year", "question"])
    # 0114/2020 overall_grade: grades 4 and 6 -> mean 5, n 2, sd sqrt(((4-5)^2+(6-5)^2)/1).
    row = fv.loc[("0114", 2020, "overall_grade")]
    assert (row["mean"], row["n"]) == (5.0, 2)
    assert row["sd"] == pytest.approx(math.sqrt(2))
    # service: 2, 3, 4 -> mean 3, sd 1.
    row = fv.loc[("0114", 2020, "service")]
    assert (row["mean"], row["n"], row["sd"]) == (3.0, 3, 1.0)
    # a single grade has no sample sd.
    row = fv.loc[("0115", 2020, "overall_grade")]
    assert (row["mean"], row["n"]) == (3.0, 1)
    assert math.isnan(row["sd"])


def test_a_question_nobody_graded_is_left_out() -> None:
    fv = factor_values(tiny_answers())
    assert not ((fv["kommunkod"] == "0115") & (fv["question"] == "service")).any()


def test_it_has_the_canonical_columns_and_types() -> None:
    fv = factor_values(tiny_answers())
    assert list(fv.columns) == FACTOR_COLUMNS
    assert fv["n"].dtype == "int64"
    assert fv["year"].dtype == "int64"
    assert len(fv) == 4


def test_politicians_can_be_selected_instead_of_companies() -> None:
    fv = factor_values(tiny_answers(), respondent_type="politician")
    assert set(fv["respondent_type"]) == {"politician"}
    assert fv.set_index("question").loc["overall_grade", "mean"] == 1.0


def test_none_reports_each_respondent_type_separately() -> None:
    fv = factor_values(tiny_answers(), respondent_type=None)
    assert set(fv["respondent_type"]) == {"company", "politician"}
    assert len(fv) == 6


def test_permuting_answer_rows_changes_nothing() -> None:
    answers = tiny_answers()
    shuffled = answers.sample(frac=1, random_state=3)
    pd.testing.assert_frame_equal(factor_values(answers), factor_values(shuffled))


def test_it_rejects_a_grade_outside_one_to_six() -> None:
    answers = tiny_answers()
    answers.loc[0, "service"] = 7.0
    expected = r"grade 7.0 in column 'service' \(respondent 'r1'\) is outside 1..6"
    with pytest.raises(ValueError, match=expected):
        factor_values(answers)


def test_no_answers_give_an_empty_frame_with_the_canonical_columns() -> None:
    fv = factor_values(tiny_answers().iloc[:0])
    assert list(fv.columns) == FACTOR_COLUMNS
    assert fv.empty
