"""read_factor_values and read_factor_file: published means per factor."""

from __future__ import annotations

import math

import pytest

from foretagsklimat.importers import (
    ImportValidationError,
    read_factor_file,
    read_factor_values,
)

from .importer_helpers import issue_at

HEADER = ["kommunkod", "year", "factor", "mean", "n", "sd"]


def valid_rows() -> list[list[object]]:
    return [
        HEADER,
        ["0114", "2023", "overall_grade", "3.52", "88", "1.1"],
        ["0114", "2023", "service", "4", "1", ""],
        ["2181", "2023", "service", "", "0", ""],
    ]


def failing(path) -> ImportValidationError:
    with pytest.raises(ImportValidationError) as info:
        read_factor_values(path)
    return info.value


def test_it_reads_valid_factor_values_into_the_canonical_frame(write_csv):
    values = read_factor_values(write_csv("factors.csv", valid_rows()))
    assert values.columns.tolist() == ["kommunkod", "year", "question", "mean", "n", "sd"]
    assert values["n"].tolist() == [88, 1, 0]
    assert values["n"].dtype == "int64"
    assert values["mean"].tolist()[:2] == [3.52, 4.0]
    assert math.isnan(values.loc[2, "mean"])
    assert values["sd"].isna().tolist() == [False, True, True]


def test_it_reads_factor_values_from_xlsx_with_respondent_type(write_xlsx):
    rows = [
        [*HEADER, "respondent_type"],
        ["0114", 2023, "service", 3.5, 10, 1.2, "company"],
        ["0114", 2023, "service", 4.5, 12, 0.8, "politiker"],
    ]
    values = read_factor_values(write_xlsx("factors.xlsx", rows))
    assert values["respondent_type"].tolist() == ["company", "politician"]


def test_it_accepts_a_file_without_the_optional_sd_column(write_csv):
    rows = [row[:5] for row in valid_rows()]
    assert read_factor_values(write_csv("factors.csv", rows))["sd"].isna().all()


def test_it_accepts_question_as_the_header_of_the_factor_column(write_csv):
    rows = valid_rows()
    rows[0] = ["kommunkod", "year", "question", "mean", "n", "sd"]
    assert len(read_factor_values(write_csv("factors.csv", rows))) == 3


def test_read_factor_file_splits_survey_factors_from_statistics(write_csv):
    rows = [*valid_rows(), ["2181", "2023", "municipal_tax", "22,5", "", ""]]
    table = read_factor_file(write_csv("factors.csv", rows, sep=";"))
    assert len(table.factor_values) == 3
    assert table.statistics.to_dict("records") == [
        {"kommunkod": "2181", "year": 2023, "statistic": "municipal_tax", "value": 22.5}
    ]


def test_read_factor_values_reports_statistics_rather_than_dropping_them(write_csv):
    rows = [*valid_rows(), ["2181", "2023", "municipal_tax", "22.5", "", ""]]
    issue_at(
        failing(write_csv("factors.csv", rows)),
        5,
        "factor",
        "expected a survey question code",
        "that is a statistic",
        "found ”municipal_tax”",
    )


def test_it_rejects_n_and_sd_on_a_statistic_row(write_csv):
    rows = [*valid_rows(), ["2181", "2023", "municipal_tax", "22.5", "3", "1"]]
    with pytest.raises(ImportValidationError) as info:
        read_factor_file(write_csv("factors.csv", rows))
    issue_at(info.value, 5, "n", "a blank cell for a statistic", "found ”3”")
    issue_at(info.value, 5, "sd", "a blank cell for a statistic", "found ”1”")


@pytest.mark.parametrize("mean", ["0.5", "6.01", "hög"])
def test_it_rejects_a_mean_outside_the_scale_or_not_a_number(write_csv, mean):
    rows = valid_rows()
    rows[1][3] = mean
    issue_at(
        failing(write_csv("factors.csv", rows)),
        2,
        "mean",
        "expected a mean grade from 1 to 6",
        f"found ”{mean}”",
    )


def test_it_rejects_a_mean_when_n_is_zero(write_csv):
    rows = valid_rows()
    rows[3][3] = "3"
    issue_at(failing(write_csv("factors.csv", rows)), 4, "mean", "a blank cell when n is 0")


@pytest.mark.parametrize("n", ["-1", "2.5", "många", ""])
def test_it_rejects_a_negative_or_non_integer_n(write_csv, n):
    rows = valid_rows()
    rows[1][4] = n
    shown = f"”{n}”" if n else "a blank cell"
    issue_at(
        failing(write_csv("factors.csv", rows)),
        2,
        "n",
        "expected a whole number of answers, 0 or more",
        f"found {shown}",
    )


def test_it_rejects_a_negative_or_non_numeric_sd(write_csv):
    rows = valid_rows()
    rows[1][5] = "-0.1"
    issue_at(
        failing(write_csv("factors.csv", rows)),
        2,
        "sd",
        "a standard deviation of 0 or more",
        "found ”-0.1”",
    )


def test_it_rejects_an_sd_when_n_is_below_two(write_csv):
    rows = valid_rows()
    rows[2][5] = "0"
    issue_at(failing(write_csv("factors.csv", rows)), 3, "sd", "a blank cell when n is below 2")


def test_it_rejects_duplicate_municipality_year_and_factor(write_csv):
    rows = [*valid_rows(), ["0114", "2023", "service", "3", "2", "0.5"]]
    error = failing(write_csv("factors.csv", rows))
    for row in (3, 5):
        issue_at(error, row, "factor", "one row per kommunkod, year and factor", "rows 3, 5")


def test_it_rejects_unknown_factor(write_csv):
    rows = valid_rows()
    rows[1][2] = "happiness"
    issue_at(failing(write_csv("factors.csv", rows)), 2, "factor", "found ”happiness”")


def test_it_rejects_unknown_municipality_code(write_csv):
    rows = valid_rows()
    rows[1][0] = "0100"
    issue_at(
        failing(write_csv("factors.csv", rows)),
        2,
        "kommunkod",
        "one of the 290 municipality codes",
        "found ”0100”",
    )


def test_it_rejects_a_missing_required_column(write_csv):
    rows = [[c for i, c in enumerate(row) if i != 4] for row in valid_rows()]  # no "n"
    issue_at(failing(write_csv("factors.csv", rows)), 1, "n", "expected this required column")
