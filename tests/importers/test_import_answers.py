"""read_answers: valid files in every accepted form, and every error it reports."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from foretagsklimat.importers import ImportValidationError, read_answers
from foretagsklimat.importers._catalogue import catalogue

from .importer_helpers import issue_at

HEADER = ["respondent_id", "kommunkod", "year", "respondent_type", "overall_grade", "service"]


def valid_rows() -> list[list[object]]:
    return [
        HEADER,
        ["R1", "0114", "2023", "company", "4", "vet ej"],
        ["R2", "2181", "2023", "företag", "6", ""],
        ["R3", "2181", "2023", "Politiker", "1", "Vet ej"],
    ]


def failing(path) -> ImportValidationError:
    with pytest.raises(ImportValidationError) as info:
        read_answers(path)
    return info.value


def test_it_reads_a_valid_csv_into_the_canonical_frame(write_csv):
    answers = read_answers(write_csv("answers.csv", valid_rows()))
    questions = list(catalogue().questions)
    assert answers.columns.tolist() == [
        "respondent_id",
        "kommunkod",
        "year",
        "respondent_type",
        *questions,
    ]
    assert answers["kommunkod"].tolist() == ["0114", "2181", "2181"]
    assert answers["year"].dtype == "int64"
    assert answers["respondent_type"].tolist() == ["company", "company", "politician"]
    assert answers["overall_grade"].tolist() == [4.0, 6.0, 1.0]
    assert answers["service"].isna().all()
    # Questions the file has no column for are present and empty.
    assert answers["procurement"].isna().all()
    assert answers[questions].dtypes.eq("float64").all()


def test_it_reads_the_same_answers_from_an_xlsx_workbook(write_csv, write_xlsx):
    rows = valid_rows()
    # Excel stores numbers: year and grades as numbers, a grade typed as 4.0.
    typed = [rows[0]] + [[r[0], r[1], int(r[2]), r[3], float(r[4]), r[5] or None] for r in rows[1:]]
    from_xlsx = read_answers(write_xlsx("answers.xlsx", typed, sheet="Blad1"))
    from_csv = read_answers(write_csv("answers.csv", rows))
    pd.testing.assert_frame_equal(from_xlsx, from_csv)


def test_it_restores_leading_zeros_lost_to_excel_number_formatting(write_xlsx):
    rows = [HEADER, ["R1", 114, 2023, "company", 4, 5], ["R2", 2181, 2023, "company", 3, 3]]
    answers = read_answers(write_xlsx("answers.xlsx", rows))
    assert answers["kommunkod"].tolist() == ["0114", "2181"]


def test_it_rejects_a_short_code_when_other_codes_keep_their_leading_zero(write_csv):
    rows = [
        HEADER,
        ["R1", "0114", "2023", "company", "4", "4"],
        ["R2", "115", "2023", "company", "4", "4"],
    ]
    error = failing(write_csv("answers.csv", rows))
    issue_at(
        error, 3, "kommunkod", 'expected a 4-digit municipality code such as "0114"', "found ”115”"
    )


def test_it_accepts_semicolons_and_decimal_commas(write_csv):
    rows = [HEADER, ["R1", "0114", "2023", "company", "4,0", "5"]]
    answers = read_answers(write_csv("answers.csv", rows, sep=";"))
    assert answers.loc[0, "overall_grade"] == 4.0


def test_it_accepts_a_byte_order_mark(write_csv):
    answers = read_answers(write_csv("answers.csv", valid_rows(), bom=True))
    assert answers.columns[0] == "respondent_id"
    assert len(answers) == 3


def test_it_ignores_blank_lines_without_renumbering_later_rows(write_csv):
    rows = valid_rows()
    rows.insert(2, ["", "", "", "", "", ""])
    rows[3][4] = "9"
    error = failing(write_csv("answers.csv", rows))
    # Row 3 is blank; the bad grade is in spreadsheet row 4.
    issue_at(error, 4, "overall_grade", "found ”9”")


def test_it_rejects_a_missing_required_column(write_csv):
    rows = [[c for c in row[:2]] + row[3:] for row in valid_rows()]  # drop "year"
    error = failing(write_csv("answers.csv", rows))
    issue_at(error, 1, "year", "expected this required column")


def test_it_rejects_an_unknown_column_naming_it(write_csv):
    rows = valid_rows()
    rows[0] = [*HEADER[:-1], "servic"]
    error = failing(write_csv("answers.csv", rows))
    issue_at(error, 1, "servic", "a question code", "or one of", "found an unknown column")


def test_it_rejects_a_file_without_question_columns(write_csv):
    rows = [row[:4] for row in valid_rows()]
    error = failing(write_csv("answers.csv", rows))
    issue_at(error, 1, None, "expected at least one question column")


def test_it_rejects_unknown_municipality_code(write_csv):
    rows = valid_rows()
    rows[2][1] = "9999"
    error = failing(write_csv("answers.csv", rows))
    issue_at(error, 3, "kommunkod", "one of the 290 municipality codes", "found ”9999”")


def test_it_rejects_a_grade_outside_one_to_six(write_csv):
    rows = valid_rows()
    rows[1][5] = "7"
    rows[2][4] = "0"
    error = failing(write_csv("answers.csv", rows))
    issue = issue_at(error, 2, "service", 'expected a grade 1–6 or "vet ej"', "found ”7”")
    assert (
        str(issue) == "answers.csv, rad 2, kolumn ”service”: väntade ett betyg 1–6 eller "
        "”vet ej”, fanns ”7”"
    )
    issue_at(error, 3, "overall_grade", "found ”0”")


@pytest.mark.parametrize("grade", ["bra", "4.5", "4,5", "nan", "inf"])
def test_it_rejects_a_grade_that_is_not_a_whole_number(write_csv, grade):
    rows = valid_rows()
    rows[3][4] = f'"{grade}"'
    error = failing(write_csv("answers.csv", rows))
    issue_at(error, 4, "overall_grade", 'expected a grade 1–6 or "vet ej"', f"found ”{grade}”")


def test_it_rejects_a_duplicate_respondent_reporting_both_rows(write_csv):
    rows = valid_rows()
    rows[3][0] = "R1"
    error = failing(write_csv("answers.csv", rows))
    for row in (2, 4):
        issue_at(
            error,
            row,
            "respondent_id",
            "one row per respondent_id and year",
            'respondent "R1" in year 2023',
            "rows 2, 4",
        )


def test_it_allows_one_respondent_id_in_different_years(write_csv):
    rows = valid_rows()
    rows[3][0], rows[3][2] = "R1", "2022"
    assert len(read_answers(write_csv("answers.csv", rows))) == 3


@pytest.mark.parametrize("year", ["23", "20233", "2023.5", "tjugo", "", "1850"])
def test_it_rejects_an_implausible_or_non_integer_year(write_csv, year):
    rows = valid_rows()
    rows[2][2] = year
    error = failing(write_csv("answers.csv", rows))
    shown = f"”{year}”" if year else "a blank cell"
    issue_at(error, 3, "year", "expected a year from 1990 to", f"found {shown}")


def test_it_rejects_a_bad_respondent_type(write_csv):
    rows = valid_rows()
    rows[1][3] = "kund"
    error = failing(write_csv("answers.csv", rows))
    issue_at(error, 2, "respondent_type", '"company" or "politician"', "found ”kund”")


def test_it_rejects_a_blank_respondent_id(write_csv):
    rows = valid_rows()
    rows[1][0] = ""
    error = failing(write_csv("answers.csv", rows))
    issue_at(error, 2, "respondent_id", "expected a respondent id", "found a blank cell")


def test_it_rejects_an_empty_file(tmp_path):
    path = tmp_path / "answers.csv"
    path.write_bytes(b"")
    error = failing(path)
    issue_at(error, None, None, "the file is empty")


def test_it_rejects_a_header_without_data_rows(write_csv):
    error = failing(write_csv("answers.csv", [HEADER]))
    issue_at(error, None, None, "expected at least one data row")


def test_it_reports_all_problems_at_once_and_caps_the_listing(write_csv):
    rows = [HEADER] + [[f"R{i}", "0114", "2023", "company", "9", "9"] for i in range(40)]
    error = failing(write_csv("answers.csv", rows))
    assert len(error.issues) == 80
    text = str(error)
    assert text.splitlines()[0] == "answers.csv: 80 problem hittades; inget importerades."
    assert "… och 30 till." in text
    assert len(error.format(limit=None).splitlines()) == 81


def test_it_reads_an_uploaded_file_object_by_its_given_name(write_csv):
    path = write_csv("whatever.bin", valid_rows())
    with path.open("rb") as fh:
        answers = read_answers(fh, filename="enkat.csv")
    assert len(answers) == 3
    assert math.isnan(answers.loc[0, "service"])
