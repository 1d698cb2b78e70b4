"""How files are opened: suffixes, encodings, separators and broken files."""

from __future__ import annotations

import pytest

from foretagsklimat.importers import ImportValidationError, read_statistics

from .importer_helpers import issue_at

HEADER = ["kommunkod", "year", "indicator", "value"]


def failing(path) -> ImportValidationError:
    with pytest.raises(ImportValidationError) as info:
        read_statistics(path)
    return info.value


@pytest.mark.parametrize("name", ["statistics.txt.gz", "statistics.json", "statistics"])
def test_it_rejects_an_unknown_suffix(tmp_path, name):
    path = tmp_path / name
    path.write_text("kommunkod,year,indicator,value\n", encoding="utf-8")
    error = failing(path)
    issue_at(error, None, None, "expected a .csv or .xlsx file")


def test_it_asks_for_xlsx_instead_of_the_old_xls_format(tmp_path):
    path = tmp_path / "statistics.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    issue_at(failing(path), None, None, "found ”.xls”", "save it as .xlsx")


def test_it_reports_a_missing_file(tmp_path):
    issue_at(failing(tmp_path / "nowhere.csv"), None, None, "expected a file at")


def test_it_rejects_an_xlsx_that_is_not_a_workbook(tmp_path):
    path = tmp_path / "statistics.xlsx"
    path.write_text("not a zip", encoding="utf-8")
    issue_at(failing(path), None, None, "expected an .xlsx workbook")


def test_it_rejects_text_that_is_not_utf8(tmp_path):
    path = tmp_path / "statistics.csv"
    path.write_bytes(
        "kommunkod,year,indicator,value\n0114,2023,municipal_tax,1\nÅ\n".encode("latin-1")
    )
    issue_at(failing(path), None, None, "expected UTF-8 text", "CSV UTF-8")


def test_it_rejects_a_row_with_more_cells_than_the_header(write_csv):
    rows = [HEADER, ["0114", "2023", "municipal_tax", "1"], ["0114", "2024", "x", "1", "extra"]]
    issue_at(
        failing(write_csv("statistics.csv", rows)),
        3,
        None,
        "expected as many cells as the header has",
        "found 5",
    )


def test_it_rejects_a_header_that_appears_twice(write_csv):
    rows = [[*HEADER, "value"], ["0114", "2023", "municipal_tax", "1", "2"]]
    issue_at(failing(write_csv("statistics.csv", rows)), 1, "value", "expected each header once")


def test_it_treats_headers_case_insensitively_but_rejects_two_spellings(write_csv):
    rows = [["Kommunkod", "YEAR", "indicator", "value"], ["0114", "2023", "municipal_tax", "1"]]
    assert len(read_statistics(write_csv("statistics.csv", rows))) == 1
    rows = [[*HEADER, "Value"], ["0114", "2023", "municipal_tax", "1", "2"]]
    issue_at(failing(write_csv("statistics.csv", rows)), 1, "value", "expected each column once")


def test_it_rejects_values_in_a_column_without_a_header(write_csv):
    rows = [[*HEADER, ""], ["0114", "2023", "municipal_tax", "1", "oops"]]
    issue_at(failing(write_csv("statistics.csv", rows)), 1, None, "expected a header for column E")


def test_it_ignores_empty_trailing_columns_of_a_workbook(write_xlsx):
    rows = [[*HEADER, None], ["0114", 2023, "municipal_tax", 21.5, None]]
    assert read_statistics(write_xlsx("statistics.xlsx", rows))["value"].tolist() == [21.5]


def test_it_requires_the_header_in_row_one(write_xlsx):
    rows = [[None] * 4, HEADER, ["0114", 2023, "municipal_tax", 21.5]]
    issue_at(
        failing(write_xlsx("statistics.xlsx", rows)),
        1,
        None,
        "expected the column headers in row 1",
        "found them in row 2",
    )
