"""The synthetic demo data: sizes, shapes, reproducibility and calibration via the engine."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from foretagsklimat.demo import DEFAULT_SEED, generate, politician_year
from foretagsklimat.demo.frame import sample_sizes
from foretagsklimat.engine import (
    factor_values,
    indicator_values,
    load_catalogue,
    methodology_for_year,
    rank,
)
from foretagsklimat.reference import code_by_name, municipalities

YEARS = range(2018, 2024)
QUESTIONS = list(load_catalogue()["questions"])
STATISTICS = list(load_catalogue()["statistics"])
DOCS = Path(__file__).resolve().parents[2] / "docs" / "demo-data.md"


@pytest.fixture(scope="module")
def demo():
    return generate(years=YEARS)


@pytest.fixture(scope="module")
def engine_ranks(demo):
    """A fresh engine run over the generated answers, independent of the demo's report."""
    factors = factor_values(demo.answers)
    out = {}
    for year in YEARS:
        methodology = methodology_for_year(year)
        values = indicator_values(factors, demo.statistics, methodology, year)
        result = rank(values, methodology, year=year).municipalities
        out[year] = result.set_index("kommunkod")["rank"]
    return out


def test_the_same_seed_gives_identical_data_and_another_seed_different_data():
    first = generate(years=[2019], seed=7)
    again = generate(years=[2019], seed=7)
    other = generate(years=[2019], seed=8)
    pd.testing.assert_frame_equal(first.answers, again.answers)
    pd.testing.assert_frame_equal(first.statistics, again.statistics)
    pd.testing.assert_frame_equal(first.questionnaires, again.questionnaires)
    assert not first.answers[QUESTIONS].equals(other.answers[QUESTIONS])
    assert not first.statistics["value"].equals(other.statistics["value"])


def test_the_data_is_marked_synthetic_and_remembers_its_seed(demo):
    assert demo.synthetic is True
    assert demo.seed == DEFAULT_SEED


def test_answers_have_the_canonical_columns_and_every_catalogue_question(demo):
    answers = demo.answers
    assert list(answers.columns[:4]) == ["respondent_id", "kommunkod", "year", "respondent_type"]
    assert set(QUESTIONS) <= set(answers.columns)
    assert set(answers["respondent_type"]) == {"company", "politician"}
    assert not answers.duplicated(["year", "respondent_id"]).any()
    assert set(answers["kommunkod"]) == set(municipalities()["kommunkod"])


def test_grades_are_whole_numbers_from_one_to_six_or_missing(demo):
    grades = demo.answers[QUESTIONS].to_numpy()
    given = grades[~np.isnan(grades)]
    assert set(np.unique(given)) == {1.0, 2.0, 3.0, 4.0, 5.0, 6.0}


def test_vet_ej_is_commoner_for_procurement_dialogue_and_municipal_competition(demo):
    firms = demo.answers.loc[demo.answers["respondent_type"] == "company"]
    missing = firms[QUESTIONS].isna().mean()
    for question in ("procurement", "dialogue", "municipal_competition"):
        assert missing[question] > 2 * missing["overall_grade"]
        assert missing[question] > missing["service"]
    assert missing["overall_grade"] < 0.06


def test_questionnaires_follow_the_published_size_classes(demo):
    q = demo.questionnaires
    by_code = q.set_index(["kommunkod", "year"])["sent"]
    codes = code_by_name()
    assert (by_code.loc[codes["Stockholm"]] == 1200).all()
    assert (by_code.loc[codes["Göteborg"]] == 600).all()
    assert (by_code.loc[codes["Malmö"]] == 600).all()
    others = q.loc[~q["kommunkod"].isin([codes["Stockholm"], codes["Göteborg"], codes["Malmö"]])]
    census = others.loc[others["sent"] < 200]
    assert set(others["sent"]) - set(census["sent"]) == {200, 400}
    # Large municipalities (by far over 50,000 inhabitants) always get 400.
    population = municipalities().set_index("kommunkod")["folkmangd_2024"]
    big = population[(population > 60_000)].index.difference(
        [codes["Stockholm"], codes["Göteborg"], codes["Malmö"]]
    )
    assert (q.loc[q["kommunkod"].isin(big), "sent"] == 400).all()
    # A census in about the 13 smallest municipalities, all of them small.
    per_year = census.groupby("year").size()
    assert per_year.between(8, 20).all()
    assert population.loc[census["kommunkod"]].max() < 8_000


def test_the_size_rules_themselves():
    codes = np.array(["0180", "1480", "1280", "0001", "0002", "0003", "0004"])
    population = np.array([[980_000], [600_000], [360_000], [40_000], [40_000], [60_000], [3_000]])
    firms = np.array([[50_000], [30_000], [20_000], [1_000], [1_300], [1_000], [150]])
    assert sample_sizes(codes, population, firms)[:, 0].tolist() == [
        1200,
        600,
        600,
        200,
        400,
        400,
        150,
    ]


def test_about_seventy_thousand_questionnaires_and_half_answered_each_year(demo):
    per_year = demo.questionnaires.groupby("year")[["sent", "answered"]].sum()
    assert per_year["sent"].between(66_000, 76_000).all()
    assert per_year["answered"].between(30_000, 37_000).all()
    rate = per_year["answered"] / per_year["sent"]
    assert rate.between(0.45, 0.52).all()


def test_response_rates_per_municipality_stay_between_30_and_67_percent(demo):
    q = demo.questionnaires
    rate = q["answered"] / q["sent"]
    assert rate.min() >= 0.30
    assert rate.max() <= 0.67
    assert rate.std() > 0.03


def test_the_answers_match_the_questionnaire_counts(demo):
    firms = demo.answers.loc[demo.answers["respondent_type"] == "company"]
    counted = firms.groupby(["kommunkod", "year"]).size().rename("n").reset_index()
    merged = demo.questionnaires.merge(counted, on=["kommunkod", "year"])
    assert (merged["n"] == merged["answered"]).all()


def test_politicians_answer_only_in_politician_years_and_grade_higher(demo):
    answers = demo.answers
    pol = answers.loc[answers["respondent_type"] == "politician"]
    assert set(pol["year"]) == {y for y in YEARS if politician_year(y)}
    assert set(demo.politician_years) == set(pol["year"])
    assert pol.groupby("year").size().between(6_000, 8_000).all()
    firms = answers.loc[answers["respondent_type"] == "company"]
    for year in set(pol["year"]):
        lift = (
            pol.loc[pol["year"] == year, "overall_grade"].mean()
            - firms.loc[firms["year"] == year, "overall_grade"].mean()
        )
        assert 0.3 < lift < 0.6


def test_the_politician_pattern_includes_the_confirmed_years():
    chosen = [y for y in range(2014, 2027) if politician_year(y)]
    assert {2015, 2017, 2021, 2024} <= set(chosen)
    assert chosen == [2015, 2017, 2019, 2021, 2024, 2026]


def test_every_statistic_exists_for_every_municipality_and_year_in_a_plausible_range(demo):
    stats = demo.statistics
    assert list(stats.columns) == ["kommunkod", "year", "statistic", "value"]
    assert set(stats["statistic"]) == set(STATISTICS)
    assert len(stats) == 290 * len(YEARS) * len(STATISTICS)
    assert stats["value"].notna().all()
    ranges = {
        "municipal_tax": (16.5, 24.5),
        "employment_rate": (68, 88),
        "employers_per_1000": (18, 75),
        "new_entrepreneurship": (3.5, 15),
        "contracting_out": (2.5, 30.5),
        "market_income": (39, 71),
    }
    for code, (lo, hi) in ranges.items():
        values = stats.loc[stats["statistic"] == code, "value"]
        assert values.between(lo, hi).all(), code


def test_statistics_persist_from_one_year_to_the_next(demo):
    wide = demo.statistics.pivot_table(
        index=["statistic", "kommunkod"], columns="year", values="value"
    )
    for code in STATISTICS:
        block = wide.loc[code]
        assert np.corrcoef(block[2018], block[2023])[0, 1] > 0.8, code


def test_national_means_are_close_to_the_published_ones(demo):
    firms = demo.answers.loc[demo.answers["respondent_type"] == "company"]
    overall = firms.groupby("year")["overall_grade"].mean()
    for year, published in {2019: 3.42, 2021: 3.43, 2022: 3.43, 2023: 3.46}.items():
        assert overall[year] == pytest.approx(published, abs=0.01)
    procurement = firms.groupby("year")["procurement"].mean()
    assert procurement[2020] == pytest.approx(2.63, abs=0.01)
    assert procurement[2021] == pytest.approx(2.66, abs=0.01)


def test_sandvikens_overall_grade_follows_its_published_means(demo):
    firms = demo.answers.loc[
        (demo.answers["respondent_type"] == "company") & (demo.answers["kommunkod"] == "2181")
    ]
    means = firms.groupby("year")["overall_grade"].mean()
    assert means[2020] == pytest.approx(2.92, abs=0.01)
    assert means[2021] == pytest.approx(3.21, abs=0.01)
    assert round(means[2022], 1) == 3.2
    assert round(means[2023], 1) == 3.5


def test_the_engine_ranks_sandviken_exactly_as_published_2019_to_2023(engine_ranks):
    published = {2019: 279, 2020: 268, 2021: 189, 2022: 209, 2023: 128}
    assert {year: int(engine_ranks[year]["2181"]) for year in published} == published


def test_the_engine_gives_the_published_2023_top_five_in_order(engine_ranks):
    names = municipalities().set_index("kommunkod")["kommunnamn"]
    top = engine_ranks[2023].sort_values().index[:5]
    assert list(names.loc[top]) == ["Vårgårda", "Danderyd", "Solna", "Staffanstorp", "Höganäs"]


def test_the_calibration_report_agrees_with_a_fresh_engine_run(demo, engine_ranks):
    report = demo.calibration
    assert report.exact_ok
    ours = report.ranks.set_index(["year", "kommunkod"])["rank"]
    for year in YEARS:
        assert (ours.loc[year].sort_index() == engine_ranks[year].sort_index()).all()
    assert report.mae < 3
    assert report.n_other > 300


def test_the_progress_callback_sees_every_step():
    seen = []
    generate(years=[2020], progress=lambda step, done, total: seen.append((step, done, total)))
    assert seen[-1][1] == seen[-1][2]
    assert [done for _, done, _ in seen] == list(range(1, len(seen) + 1))


@pytest.mark.slow
def test_a_full_run_of_all_eleven_years_is_calibrated_and_documented():
    # Speed is measured by benchmarks/bench_demo.py, never asserted here.
    data = generate()
    report = data.calibration
    assert report.exact_ok
    assert sorted(report.ranks["year"].unique()) == list(range(2014, 2025))
    # The figures in docs/demo-data.md come from this report.
    text = DOCS.read_text(encoding="utf-8")
    assert f"{report.mae:.2f}" in text
    assert re.search(rf"\b{report.n_other}\b", text)


@pytest.mark.slow
def test_the_exact_targets_are_also_hit_with_another_seed():
    report = generate(years=range(2019, 2024), seed=99).calibration
    assert report.exact_ok
