"""read_statistik_xlsx: the published Statistik.xlsx workbook."""

from __future__ import annotations

import pytest

from foretagsklimat.engine.methodology import get_methodology
from foretagsklimat.importers import (
    ImportValidationError,
    read_statistik_workbook,
    read_statistik_xlsx,
)

from .importer_helpers import english, issue_at

HEADER = ["Faktor", "Delserie", "Kommun", "Län", "Kommungrupp", 2019, "2020"]


def workbook_rows() -> list[list[object]]:
    return [
        HEADER,
        ["Arbetsställen", "Minst en anställd", "Upplands Väsby", "Stockholms län", "A2", 30.5, 31],
        ["Arbetsställen", "Minst en anställd", "Sandviken", "Gävleborgs län", "B5", 25, None],
        ["Arbetsställen", "Totalt", "Sandviken", "Gävleborgs län", "B5", 80, 81],
        ["Nyföretagsamhet", None, "Sverige", None, None, 10.25, 10.5],
        ["Nyföretagsamhet", None, "Sandvikens kommun", "Gävleborgs län", "B5", 9, "9,5"],
        ["Arbetslöshet", None, "Sandviken", "Gävleborgs län", "B5", 7.1, 6.9],
    ]


def failing(path) -> ImportValidationError:
    with pytest.raises(ImportValidationError) as info:
        read_statistik_xlsx(path)
    return info.value


def test_it_reads_municipality_statistics_in_long_form(write_xlsx):
    stats = read_statistik_xlsx(write_xlsx("Statistik.xlsx", workbook_rows()))
    assert stats.columns.tolist() == ["kommunkod", "year", "statistic", "value"]
    assert stats.to_dict("records") == [
        {"kommunkod": "0114", "year": 2019, "statistic": "employers_per_1000", "value": 30.5},
        {"kommunkod": "2181", "year": 2019, "statistic": "employers_per_1000", "value": 25.0},
        {"kommunkod": "0114", "year": 2020, "statistic": "employers_per_1000", "value": 31.0},
        {"kommunkod": "2181", "year": 2019, "statistic": "new_entrepreneurship", "value": 9.0},
        {"kommunkod": "2181", "year": 2020, "statistic": "new_entrepreneurship", "value": 9.5},
    ]


def test_it_returns_sweden_separately_and_lists_skipped_series(write_xlsx):
    book = read_statistik_workbook(write_xlsx("Statistik.xlsx", workbook_rows()))
    assert book.national.to_dict("records") == [
        {"year": 2019, "statistic": "new_entrepreneurship", "value": 10.25},
        {"year": 2020, "statistic": "new_entrepreneurship", "value": 10.5},
    ]
    notes = [str(note) for note in book.skipped]
    assert notes == [
        "Statistik.xlsx, rad 4, kolumn ”Faktor”: hoppade över 1 rad(er) med Faktor "
        "”Arbetsställen”, Delserie ”Totalt”: ingen statistik i katalogen",
        "Statistik.xlsx, rad 7, kolumn ”Faktor”: hoppade över 1 rad(er) med Faktor "
        "”Arbetslöshet”: ingen statistik i katalogen",
    ]
    # The interface shows them in its language; the names quoted from the file stay.
    assert [english(note) for note in book.skipped] == [
        'skipped 1 row(s) of Faktor "Arbetsställen", Delserie "Totalt": not a statistic in '
        "the catalogue",
        'skipped 1 row(s) of Faktor "Arbetslöshet": not a statistic in the catalogue',
    ]


def test_it_rejects_a_workbook_without_sheet1(write_xlsx):
    error = failing(write_xlsx("Statistik.xlsx", workbook_rows(), sheet="Blad1"))
    issue_at(error, None, None, 'expected a sheet named "Sheet1"', "found ”Blad1”")


def test_it_rejects_a_csv_in_place_of_the_workbook(write_csv):
    issue_at(
        failing(write_csv("Statistik.csv", workbook_rows())),
        None,
        None,
        'expected an .xlsx workbook with sheet "Sheet1"',
    )


def test_it_rejects_a_missing_column(write_xlsx):
    rows = [row[1:] for row in workbook_rows()]
    issue_at(
        failing(write_xlsx("Statistik.xlsx", rows)), 1, "Faktor", "expected this required column"
    )


def test_it_rejects_a_workbook_without_year_columns(write_xlsx):
    rows = [row[:5] for row in workbook_rows()]
    issue_at(failing(write_xlsx("Statistik.xlsx", rows)), 1, None, "expected one column per year")


def test_it_rejects_a_column_that_is_not_a_year(write_xlsx):
    rows = workbook_rows()
    rows[0] = [*HEADER[:-1], "Källa"]
    issue_at(
        failing(write_xlsx("Statistik.xlsx", rows)), 1, "Källa", "expected a year", "unknown column"
    )


def test_it_rejects_a_non_numeric_value_naming_the_year_column(write_xlsx):
    rows = workbook_rows()
    rows[2][6] = ".."
    issue_at(
        failing(write_xlsx("Statistik.xlsx", rows)),
        3,
        "2020",
        "expected a number or a blank cell",
        "found ”..”",
    )


def test_it_rejects_unknown_municipality_name(write_xlsx):
    rows = workbook_rows()
    rows[2][2] = "Sandvikenn"
    issue_at(
        failing(write_xlsx("Statistik.xlsx", rows)),
        3,
        "Kommun",
        "expected a municipality name",
        "found ”Sandvikenn”",
    )


def test_it_rejects_a_statistic_given_twice_for_one_municipality(write_xlsx):
    rows = [*workbook_rows(), list(workbook_rows()[1])]
    error = failing(write_xlsx("Statistik.xlsx", rows))
    for row in (2, 8):
        issue_at(error, row, "Kommun", "one row per municipality and statistic", "rows 2, 8")


def test_it_rejects_a_workbook_with_no_known_statistic(write_xlsx):
    rows = [HEADER, ["Arbetslöshet", None, "Sandviken", None, None, 7.1, 6.9]]
    issue_at(
        failing(write_xlsx("Statistik.xlsx", rows)),
        None,
        "Faktor",
        "expected at least one row whose Faktor/Delserie is a known statistic",
    )


#: The five statistics of the ranking since 2020 as the published workbook names them, with
#: Sweden's row, two municipalities by name, one by its long name, and series the ranking
#: does not use (Företagsamhet is stored but not ranked; Arbetsställen / Totalt is skipped).
PUBLISHED_LAYOUT = [
    ["Faktor", "Delserie", "Kommun", "Län", "Kommungrupp", 2023, 2024],
    ["Arbetsställen", "Minst en anställd", "Sverige", None, None, 52.4, 53.0],
    ["Arbetsställen", "Minst en anställd", "Sandviken", "Gävleborgs län", "B5", 41.2, 41.9],
    ["Arbetsställen", "Minst en anställd", "Gävle", "Gävleborgs län", "B3", 44.0, 44.6],
    ["Arbetsställen", "Totalt", "Sandviken", "Gävleborgs län", "B5", 120.5, 121.0],
    ["Nyföretagsamhet", None, "Sandvikens kommun", "Gävleborgs län", "B5", 8.4, "8,9"],
    ["Nyföretagsamhet", None, "Gävle", "Gävleborgs län", "B3", 9.6, 9.9],
    ["Andel i arbete", None, "Sandviken", "Gävleborgs län", "B5", 77.5, 78.1],
    ["Andel i arbete", None, "Gävle", "Gävleborgs län", "B3", 78.9, None],
    ["Kommunalskatt", None, "Sverige", None, None, 32.37, 32.41],
    ["Kommunalskatt", None, "Sandviken", "Gävleborgs län", "B5", 33.35, 33.35],
    ["Kommunalskatt", None, "Gävle", "Gävleborgs län", "B3", "32,98", 32.98],
    ["Entreprenader", None, "Sandviken", "Gävleborgs län", "B5", 11.3, 12.0],
    ["Entreprenader", None, "Gävle", "Gävleborgs län", "B3", 14.1, 14.8],
    ["Företagsamhet", None, "Gävle", "Gävleborgs län", "B3", 120.3, 121.4],
]


def test_a_workbook_in_the_published_layout_gives_all_five_statistics_of_the_ranking(
    write_xlsx,
):
    book = read_statistik_workbook(write_xlsx("Statistik.xlsx", PUBLISHED_LAYOUT))
    ranked = {
        indicator.source
        for indicator in get_methodology("sn-2020").indicators
        if indicator.kind == "statistic"
    }
    assert ranked == {
        "employers_per_1000",
        "new_entrepreneurship",
        "employment_rate",
        "municipal_tax",
        "contracting_out",
    }
    stats = book.statistics.set_index(["statistic", "kommunkod", "year"])["value"]
    assert ranked <= set(book.statistics["statistic"])
    # Kommunalskatt, no longer skipped, with the decimal comma read as typed.
    assert stats[("municipal_tax", "2181", 2024)] == 33.35
    assert stats[("municipal_tax", "2180", 2023)] == 32.98
    assert stats[("employment_rate", "2181", 2023)] == 77.5
    assert ("employment_rate", "2180", 2024) not in stats.index  # a blank cell is no value
    assert stats[("new_entrepreneurship", "2181", 2024)] == 8.9
    assert stats[("entrepreneurship", "2180", 2024)] == 121.4
    assert len(book.statistics) == 21
    assert book.national.to_dict("records") == [
        {"year": 2023, "statistic": "employers_per_1000", "value": 52.4},
        {"year": 2024, "statistic": "employers_per_1000", "value": 53.0},
        {"year": 2023, "statistic": "municipal_tax", "value": 32.37},
        {"year": 2024, "statistic": "municipal_tax", "value": 32.41},
    ]
    assert [(note.row, english(note)) for note in book.skipped] == [
        (
            5,
            'skipped 1 row(s) of Faktor "Arbetsställen", Delserie "Totalt": not a statistic in '
            "the catalogue",
        )
    ]


def test_sn_s_name_for_the_employment_rate_is_read_too(write_xlsx):
    rows = [HEADER, ["Förvärvsfrekvens", None, "Sandviken", None, None, 77.5, 78.1]]
    stats = read_statistik_xlsx(write_xlsx("Statistik.xlsx", rows))
    assert stats["statistic"].unique().tolist() == ["employment_rate"]
