"""read_published_results: a municipality's published rank and means, one row per
municipality, year and factor (Sandviken's are the published ones, with their sources in
docs/methodology/)."""

from __future__ import annotations

import math

import pytest

from foretagsklimat.importers import ImportValidationError
from foretagsklimat.importers.published_results import read_published_results

from .importer_helpers import issue_at

HEADER = ["kommun", "år", "faktor", "värde", "placering"]
#: Sandviken's total rank and overall grade as published 2020–2023, and a neighbour's row.
PUBLISHED = [
    HEADER,
    ["Sandviken", "2020", "Totalt", "", "268"],
    ["Sandviken", "2020", "Sammanfattande omdöme", "2.92", ""],
    ["Sandviken", "2021", "Totalt", "", "189"],
    ["Sandviken", "2021", "overall_grade", "3.21", ""],
    ["Sandvikens kommun", "2022", "Ranking", "", "209"],
    ["Sandviken", "2023", "totalt", "", "128"],
    ["Sandviken", "2023", "Sammanfattande omdöme", "3.5", ""],
    ["Gävle", "2023", "Totalt", "", "153"],
]


def failing(path) -> ImportValidationError:
    with pytest.raises(ImportValidationError) as info:
        read_published_results(path, kommunkod="2181")
    return info.value


def test_it_reads_one_municipalitys_rank_and_grade_by_name_and_factor_name(write_csv):
    frame = read_published_results(write_csv("publicerat.csv", PUBLISHED), kommunkod="2181")
    assert frame.columns.tolist() == ["kommunkod", "year", "factor", "value", "rank"]
    rows = frame.to_dict("records")
    assert [(r["year"], r["factor"], r["rank"]) for r in rows if r["factor"] == "total"] == [
        (2020, "total", 268.0),
        (2021, "total", 189.0),
        (2022, "total", 209.0),
        (2023, "total", 128.0),
    ]
    grades = {r["year"]: r["value"] for r in rows if r["factor"] == "overall_grade"}
    assert grades == {2020: 2.92, 2021: 3.21, 2023: 3.5}
    assert all(math.isnan(r["value"]) for r in rows if r["factor"] == "total")
    assert frame.attrs["elsewhere"] == 1
    # Without a municipality every row is kept.
    assert len(read_published_results(write_csv("alla.csv", PUBLISHED))) == 8


def test_english_headers_and_municipality_codes_read_too(write_xlsx):
    rows = [
        ["kommunkod", "year", "factor", "value", "rank"],
        ["2181", 2023, "Total", None, 128],
        ["2181", 2023, "service", 3.4, 201],
    ]
    frame = read_published_results(write_xlsx("results.xlsx", rows), kommunkod="2181")
    assert frame[["factor", "value", "rank"]].to_dict("records")[1] == {
        "factor": "service",
        "value": 3.4,
        "rank": 201.0,
    }


def test_every_problem_is_named_by_row_and_column(write_csv):
    rows = [
        HEADER,
        ["Sandvikenn", "2023", "Totalt", "", "128"],
        ["Sandviken", "2023", "Lycka", "4", ""],
        ["Sandviken", "2023", "Totalt", "", "291"],
        ["Sandviken", "2022", "service", "", ""],
        ["Sandviken", "2021", "Totalt", "", "7"],
        ["Sandviken", "2021", "Totalt", "", "8"],
        ["Sandviken", "2020", "service", "tre", ""],
    ]
    error = failing(write_csv("publicerat.csv", rows))
    issue_at(error, 2, "kommun", "a municipality name", "found ”Sandvikenn”")
    issue_at(error, 3, "faktor", '"Totalt" or a factor', "found ”Lycka”")
    issue_at(error, 4, "placering", "a rank from 1 to 290", "found ”291”")
    issue_at(error, 5, "värde", "a value or a rank on the row")
    issue_at(error, 6, "faktor", "one row per municipality, year and factor", "rows 6, 7")
    issue_at(error, 8, "värde", "a number", "found ”tre”")
    assert len(error.issues) == 7


def test_a_file_without_the_municipality_or_the_figures_is_refused(write_csv):
    error = failing(write_csv("publicerat.csv", [["år", "faktor", "x"], ["2023", "Totalt", "1"]]))
    issue_at(error, 1, None, "a column kommunkod or kommun")
    issue_at(error, 1, None, "a column värde or placering")
    issue_at(error, 1, "x", "found an unknown column")
