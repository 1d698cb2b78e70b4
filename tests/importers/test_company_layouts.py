"""The national company files in their own layouts: Bolagsverket's bulk file and SCB's
Företagsregistret, read for one municipality's company list."""

from __future__ import annotations

from pathlib import Path

import pytest

from foretagsklimat.importers import ImportValidationError
from foretagsklimat.importers.companies import read_companies

from .importer_helpers import english, issue_at

DATA = Path(__file__).parent / "data"
BOLAGSVERKET = DATA / "bolagsverket_bulkfil.txt"
SCB = DATA / "scb_foretagsregister.txt"
SANDVIKEN_TOWNS = ("Sandviken", "storvik", "Järbo")


def fixed(path: Path, tmp_path: Path) -> Path:
    """The recorded file with its one wrong organisation number corrected."""
    encoding = "cp1252" if path == SCB else "utf-8"
    text = path.read_text(encoding=encoding).replace("9696969696", "9696969691")
    target = tmp_path / path.name
    target.write_text(text, encoding=encoding)
    return target


def test_a_bad_organisation_number_in_bolagsverkets_file_is_named_by_row() -> None:
    with pytest.raises(ImportValidationError) as info:
        read_companies(BOLAGSVERKET, kommunkod="2181", postal_towns=SANDVIKEN_TOWNS)
    issue = issue_at(info.value, 7, "organisationsidentitet", "found ”9696969696”")
    assert "wrong check digit" in english(issue)
    assert len(info.value.issues) == 1


def test_a_bad_organisation_number_in_scbs_file_is_named_by_row() -> None:
    with pytest.raises(ImportValidationError) as info:
        read_companies(SCB, kommunkod="2181")
    issue_at(info.value, 7, "PeOrgNr", "found ”9696969696”", "wrong check digit")


def test_bolagsverkets_file_gives_the_municipalitys_active_companies_by_postal_town(
    tmp_path: Path,
) -> None:
    companies = read_companies(
        fixed(BOLAGSVERKET, tmp_path), kommunkod="2181", postal_towns=SANDVIKEN_TOWNS
    )
    assert companies[["orgnr", "name", "address", "postal_code", "postal_town"]].to_dict(
        "records"
    ) == [
        {
            "orgnr": "5560360793",
            "name": "Sandvikens Testverkstad AB",
            "address": "Storgatan 1",
            "postal_code": "811 30",
            "postal_town": "Sandviken",
        },
        {
            "orgnr": "5566778899",
            "name": "Storviks Bageri AB",
            "address": "Bagarvägen 2",
            "postal_code": "812 40",
            "postal_town": "Storvik",
        },
        {
            "orgnr": "9696969691",
            "name": "Järbo Snickeri HB",
            "address": "Byvägen 5",
            "postal_code": "811 71",
            "postal_town": "Järbo",
        },
    ]
    # The spreadsheet rows are kept, for later messages.
    assert companies.index.tolist() == [2, 4, 7]
    assert companies.attrs["layout"] == "bolagsverket"
    assert companies.attrs["left_out"] == {"persons": 1, "inactive": 1, "elsewhere": 1}
    # No SNI or employees in this file: a re-import leaves those fields alone.
    assert companies.attrs["given"] == ["address", "postal_code", "postal_town"]


def test_bolagsverkets_file_needs_the_postal_towns_to_choose_the_municipality() -> None:
    with pytest.raises(ImportValidationError) as info:
        read_companies(BOLAGSVERKET, kommunkod="2181")
    (issue,) = info.value.issues
    assert (issue.row, issue.column) == (None, None)
    assert "postorter" in issue.message
    assert english(issue) == (
        "Bolagsverket's bulk file covers the whole country and has no column with a "
        "municipality code: give the municipality's postal towns, and only the companies "
        "there are read"
    )


def test_scbs_extract_keeps_sni_and_employees_and_chooses_by_municipality_code(
    tmp_path: Path,
) -> None:
    companies = read_companies(fixed(SCB, tmp_path), kommunkod="2181")
    assert companies[["orgnr", "name", "sni", "employees", "postal_town"]].to_dict("records") == [
        {
            "orgnr": "5560360793",
            "name": "Sandvikens Testverkstad AB",
            "sni": "25620",
            "employees": 12.0,
            "postal_town": "Sandviken",
        },
        {
            "orgnr": "5566778899",
            "name": "Storviks Bageri AB",
            "sni": "10710",
            "employees": 4.0,
            "postal_town": "Storvik",
        },
        {
            "orgnr": "9696969691",
            "name": "Järbo Snickeri HB",
            "sni": "16230",
            "employees": 2.0,
            "postal_town": "Järbo",
        },
    ]
    assert companies.attrs["layout"] == "scb"
    assert companies.attrs["left_out"] == {"persons": 1, "inactive": 1, "elsewhere": 1}


def test_a_national_file_with_none_of_the_municipalitys_companies_is_refused(
    tmp_path: Path,
) -> None:
    with pytest.raises(ImportValidationError) as info:
        read_companies(fixed(BOLAGSVERKET, tmp_path), kommunkod="2181", postal_towns=["Umeå"])
    assert "fanns inga bland filens 6 rader" in str(info.value)


def test_an_excel_export_of_scbs_file_reads_too(tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for line in SCB.read_text(encoding="cp1252").splitlines():
        sheet.append(line.split("\t"))
    path = tmp_path / "scb.xlsx"
    book.save(path)
    with pytest.raises(ImportValidationError) as info:
        read_companies(path, kommunkod="2181")
    issue_at(info.value, 7, "PeOrgNr", "wrong check digit")


def test_the_recorded_files_are_what_the_readme_says() -> None:
    assert BOLAGSVERKET.read_bytes().decode("utf-8").startswith("organisationsidentitet;")
    with pytest.raises(UnicodeDecodeError):
        SCB.read_bytes().decode("utf-8")
