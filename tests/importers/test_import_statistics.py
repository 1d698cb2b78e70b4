"""read_statistics: official statistics in long form."""

from __future__ import annotations

import pytest

from foretagsklimat.importers import ImportValidationError, read_statistics

from .importer_helpers import issue_at

HEADER = ["kommunkod", "year", "indicator", "value"]


def valid_rows() -> list[list[object]]:
    return [
        HEADER,
        ["0114", "2023", "municipal_tax", "20.5"],
        ["2181", "2023", "municipal_tax", "22"],
        ["2181", "2023", "employers_per_1000", "31.25"],
    ]


def failing(path) -> ImportValidationError:
    with pytest.raises(ImportValidationError) as info:
        read_statistics(path)
    return info.value


def test_it_reads_a_valid_csv_into_canonical_statistics(write_csv):
    stats = read_statistics(write_csv("statistics.csv", valid_rows()))
    assert stats.columns.tolist() == ["kommunkod", "year", "statistic", "value"]
    assert stats["statistic"].tolist() == ["municipal_tax", "municipal_tax", "employers_per_1000"]
    assert stats["value"].tolist() == [20.5, 22.0, 31.25]
    assert stats["year"].dtype == "int64"


def test_it_reads_the_same_statistics_from_xlsx(write_xlsx, write_csv):
    typed = [HEADER] + [[r[0], int(r[1]), r[2], float(r[3])] for r in valid_rows()[1:]]
    from_xlsx = read_statistics(write_xlsx("statistics.xlsx", typed))
    assert from_xlsx.equals(read_statistics(write_csv("statistics.csv", valid_rows())))


def test_it_reads_swedish_excel_csv_with_semicolons_decimal_commas_and_spaces(write_csv):
    rows = [
        HEADER,
        ["0114", "2023", "municipal_tax", "20,5"],
        ["0114", "2023", "employers_per_1000", "1\u00a0234,5"],
        ["0114", "2023", "market_income", "\u22121,5"],
    ]
    stats = read_statistics(write_csv("statistics.csv", rows, sep=";", bom=True))
    assert stats["value"].tolist() == [20.5, 1234.5, -1.5]


def test_it_accepts_statistic_as_the_header_of_the_code_column(write_csv):
    rows = valid_rows()
    rows[0] = ["kommunkod", "year", "statistic", "value"]
    assert len(read_statistics(write_csv("statistics.csv", rows))) == 3


def test_it_rejects_a_non_numeric_value(write_csv):
    rows = valid_rows()
    rows[2][3] = ".."
    issue_at(
        failing(write_csv("statistics.csv", rows)), 3, "value", "expected a number", "found ”..”"
    )


def test_it_rejects_a_value_with_both_comma_and_point(write_csv):
    rows = valid_rows()
    rows[2][3] = '"1.234,5"'
    issue_at(failing(write_csv("statistics.csv", rows)), 3, "value", "found ”1.234,5”")


def test_it_rejects_a_blank_value(write_csv):
    rows = valid_rows()
    rows[1][3] = ""
    issue_at(failing(write_csv("statistics.csv", rows)), 2, "value", "found a blank cell")


def test_it_rejects_unknown_indicator(write_csv):
    rows = valid_rows()
    rows[1][2] = "tax"
    issue_at(
        failing(write_csv("statistics.csv", rows)),
        2,
        "indicator",
        "expected a statistic code from the catalogue",
        "found ”tax”",
    )


def test_it_points_a_survey_question_to_the_factor_values_file(write_csv):
    rows = valid_rows()
    rows[1][2] = "service"
    issue_at(
        failing(write_csv("statistics.csv", rows)),
        2,
        "indicator",
        "put it in a factor-values file",
        "found ”service”",
    )


def test_it_rejects_unknown_municipality_code(write_csv):
    rows = valid_rows()
    rows[3][0] = "0000"
    issue_at(
        failing(write_csv("statistics.csv", rows)),
        4,
        "kommunkod",
        "one of the 290 municipality codes",
        "found ”0000”",
    )


def test_it_rejects_an_implausible_year(write_csv):
    rows = valid_rows()
    rows[3][1] = "3023"
    issue_at(
        failing(write_csv("statistics.csv", rows)), 4, "year", "expected a year", "found ”3023”"
    )


def test_it_rejects_duplicate_municipality_year_and_indicator(write_csv):
    rows = valid_rows()
    rows.append(["2181", "2023", "municipal_tax", "21"])
    error = failing(write_csv("statistics.csv", rows))
    for row in (3, 5):
        issue_at(error, row, "indicator", "one row per kommunkod, year and indicator", "rows 3, 5")


def test_it_rejects_missing_and_unknown_columns_together(write_csv):
    rows = [["kommunkod", "year", "indicator", "värde"], ["0114", "2023", "municipal_tax", "1"]]
    error = failing(write_csv("statistics.csv", rows))
    issue_at(error, 1, "value", "expected this required column")
    issue_at(error, 1, "värde", "unknown column")
