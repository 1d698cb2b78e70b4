"""Drivers of the overall grade: known coefficients recovered, seeds respected."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from foretagsklimat import reference
from foretagsklimat.engine.drivers import DRIVER_COLUMNS, drivers

QUESTIONS = ["service", "information", "dialogue"]
BETA = np.array([0.6, 0.3, 0.0])
CORRELATION = 0.4
NOISE_SD = 1.0
CODES = sorted(reference.municipality_codes())


def true_standardised() -> np.ndarray:
    """Population standardised coefficients of the simulation: beta_j sd_j / sd_y."""
    sigma = np.full((3, 3), CORRELATION) + (1 - CORRELATION) * np.eye(3)
    sd_y = np.sqrt(BETA @ sigma @ BETA + NOISE_SD**2)
    return BETA / sd_y  # the questions have sd 1


def simulated_answers(seed: int, n: int = 600, missing: float = 0.0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    sigma = np.full((3, 3), CORRELATION) + (1 - CORRELATION) * np.eye(3)
    x = rng.multivariate_normal(np.zeros(3), sigma, size=n)
    y = x @ BETA + rng.normal(0, NOISE_SD, n)
    frame = pd.DataFrame(x, columns=QUESTIONS)
    frame["overall_grade"] = y
    if missing:
        frame = frame.mask(rng.random(frame.shape) < missing)
    frame.insert(0, "respondent_id", [f"r{i}" for i in range(n)])
    frame.insert(1, "kommunkod", rng.choice(CODES, n))
    frame.insert(2, "year", 2022)
    frame.insert(3, "respondent_type", "company")
    return frame


def test_drivers_recover_known_coefficients_and_their_intervals_cover_them() -> None:
    truth = true_standardised()
    covered = 0
    runs = 30
    for seed in range(runs):
        table = drivers(simulated_answers(seed), replications=200, random_state=seed)
        table = table.set_index("question").loc[QUESTIONS]
        covered += int(((table["low"] <= truth) & (truth <= table["high"])).sum())
        assert np.abs(table["coefficient"].to_numpy() - truth).max() < 0.15
    # 90 intervals at 95 %: expect about 85; allow for Monte Carlo noise.
    assert covered >= 78


def test_the_same_seed_gives_an_identical_table_and_another_seed_other_intervals() -> None:
    answers = simulated_answers(1)
    one = drivers(answers, replications=50, random_state=42)
    two = drivers(answers, replications=50, random_state=42)
    other = drivers(answers, replications=50, random_state=43)
    pd.testing.assert_frame_equal(one, two)
    assert one["coefficient"].equals(other["coefficient"])
    assert not one["low"].equals(other["low"])


def test_drivers_report_columns_r2_n_and_complete_cases_only() -> None:
    answers = simulated_answers(2, missing=0.1)
    table = drivers(answers, replications=20, random_state=0)
    assert list(table.columns) == DRIVER_COLUMNS
    complete = answers[["overall_grade", *QUESTIONS]].dropna()
    assert (table["n"] == len(complete)).all()
    assert table["r2"].nunique() == 1 and 0 < table["r2"].iloc[0] < 1
    assert (table["group"] == "all").all() and (table["level"] == "respondents").all()
    assert table["coefficient"].is_monotonic_decreasing


def test_collinearity_is_reported_as_vif_and_simple_correlations() -> None:
    answers = simulated_answers(3)
    table = drivers(answers, replications=0).set_index("question")
    data = answers[["overall_grade", *QUESTIONS]]
    for q in QUESTIONS:
        others = data[[o for o in QUESTIONS if o != q]].to_numpy()
        design = np.column_stack([np.ones(len(data)), others])
        fitted = design @ np.linalg.lstsq(design, data[q].to_numpy(), rcond=None)[0]
        r2 = 1 - ((data[q] - fitted) ** 2).sum() / ((data[q] - data[q].mean()) ** 2).sum()
        assert table.loc[q, "vif"] == pytest.approx(1 / (1 - r2))
        assert table.loc[q, "correlation"] == pytest.approx(data[q].corr(data["overall_grade"]))
    assert table["low"].isna().all()


def test_standardised_coefficients_equal_ols_on_z_scores() -> None:
    data = simulated_answers(4)[["overall_grade", *QUESTIONS]]
    z = (data - data.mean()) / data.std()
    expected = np.linalg.lstsq(z[QUESTIONS].to_numpy(), z["overall_grade"].to_numpy(), rcond=None)
    table = drivers(simulated_answers(4), replications=0).set_index("question")
    np.testing.assert_allclose(table.loc[QUESTIONS, "coefficient"], expected[0], atol=1e-10)


def test_drivers_by_skr_group_fit_each_group_with_the_reference() -> None:
    answers = simulated_answers(5, n=3000)
    table = drivers(answers, by="kommungrupp_kod", replications=20, random_state=0)
    groups = reference.municipalities().set_index("kommunkod")["kommungrupp_kod"]
    expected = answers["kommunkod"].map(groups).value_counts()
    assert set(table["group"]) == set(expected.index)
    sizes = table.drop_duplicates("group").set_index("group")["n"]
    assert (sizes == expected.loc[sizes.index]).all()


def test_municipality_level_regresses_municipality_means() -> None:
    answers = simulated_answers(6, n=4000)
    table = drivers(answers, level="municipalities", replications=20, random_state=0)
    means = answers.groupby("kommunkod")[["overall_grade", *QUESTIONS]].mean().dropna()
    assert (table["n"] == len(means)).all()
    assert (table["level"] == "municipalities").all()
    z = (means - means.mean()) / means.std()
    expected = np.linalg.lstsq(z[QUESTIONS].to_numpy(), z["overall_grade"].to_numpy(), rcond=None)
    got = table.set_index("question").loc[QUESTIONS, "coefficient"]
    np.testing.assert_allclose(got, expected[0], atol=1e-10)


def test_politicians_are_left_out_by_default() -> None:
    answers = simulated_answers(7)
    politicians = answers.iloc[:100].assign(respondent_type="politician")
    both = pd.concat([answers, politicians], ignore_index=True)
    assert drivers(both, replications=0)["n"].iloc[0] == len(answers)


def test_a_group_with_too_few_answers_gets_no_estimates() -> None:
    answers = simulated_answers(8, n=4)
    table = drivers(answers, replications=10, random_state=0)
    assert table["coefficient"].isna().all() and (table["n"] == 4).all()


def test_unknown_level_and_missing_outcome_are_rejected() -> None:
    with pytest.raises(ValueError, match="level"):
        drivers(simulated_answers(0), level="counties")
    with pytest.raises(ValueError, match="overall_grade"):
        drivers(simulated_answers(0).drop(columns="overall_grade"))
