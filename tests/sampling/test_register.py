"""Reading and re-importing a company register."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from foretagsklimat.importers import ImportValidationError
from foretagsklimat.sampling import REGISTER_COLUMNS, merge_register, read_register
from tests.importers.importer_helpers import issue_at

from .sampling_helpers import company, orgnr, register, write_csv

HEADER = ",".join(REGISTER_COLUMNS)


def csv_file(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "foretag.csv"
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    return path


def line(**values: object) -> str:
    row = company(1, **values)
    row["opt_out"] = str(row["opt_out"]).lower()
    return ",".join(str(row[c]).replace(",", " ") for c in REGISTER_COLUMNS)


def test_it_reads_a_valid_csv_register_into_canonical_columns(tmp_path: Path) -> None:
    rows = [
        company(1, orgnr="556036-0793"),
        company(2, site_type="workplace", kommunkod="0180", employees=40),
    ]
    frame = read_register(write_csv(tmp_path / "foretag.csv", rows))
    assert frame.columns.tolist() == list(REGISTER_COLUMNS)
    assert frame["orgnr"].tolist() == ["5560360793", orgnr(2)]
    assert frame["employees"].dtype == "int64"
    assert frame["turnover_sek"].tolist() == [4_000_000, 4_000_000]
    assert frame["site_type"].tolist() == ["head_office", "workplace"]
    assert frame["opt_out"].dtype == bool


def test_it_reads_the_same_register_from_an_xlsx_workbook(tmp_path: Path) -> None:
    rows = [company(1, opt_out=True), company(2, legal_form="EF", employees=0)]
    path = tmp_path / "foretag.xlsx"
    pd.DataFrame(rows, columns=list(REGISTER_COLUMNS)).to_excel(path, index=False)
    frame = read_register(path)
    pd.testing.assert_frame_equal(frame, register(rows))


def test_it_accepts_excel_style_booleans_and_case_insensitive_codes(tmp_path: Path) -> None:
    path = csv_file(tmp_path, line(opt_out="TRUE", legal_form="ab", site_type="Head_Office"))
    frame = read_register(path)
    assert frame.loc[0, "opt_out"]
    assert frame.loc[0, "legal_form"] == "AB"
    assert frame.loc[0, "site_type"] == "head_office"


def test_it_rejects_an_orgnr_with_a_bad_checksum_naming_row_and_reason(tmp_path: Path) -> None:
    path = csv_file(tmp_path, line(), line(orgnr="556036-0794", kommunkod="0180"))
    with pytest.raises(ImportValidationError) as error:
        read_register(path)
    issue_at(error.value, 3, "orgnr", "556036-0794", "wrong check digit")


def test_it_rejects_an_orgnr_of_the_wrong_length_or_format(tmp_path: Path) -> None:
    path = csv_file(tmp_path, line(orgnr="55603607"), line(orgnr="55603607AB", kommunkod="0180"))
    with pytest.raises(ImportValidationError) as error:
        read_register(path)
    issue_at(error.value, 2, "orgnr", "must have 10 digits")
    issue_at(error.value, 3, "orgnr", "only digits and one hyphen")


def test_it_rejects_an_unknown_municipality_code(tmp_path: Path) -> None:
    with pytest.raises(ImportValidationError) as error:
        read_register(csv_file(tmp_path, line(kommunkod="9999")))
    issue_at(error.value, 2, "kommunkod", "9999")


@pytest.mark.parametrize(
    ("column", "value", "fragment"),
    [
        ("legal_form", "AS", '"EF" for sole traders'),
        ("site_type", "branch", '"head_office" or "workplace"'),
        ("opt_out", "kanske", '"true" or "false"'),
        ("employees", "4.5", "whole number"),
        ("employees", "-1", "0 or more"),
        ("turnover_sek", "en miljon", "whole number of kronor"),
        ("name", "", "a value in name"),
    ],
)
def test_it_rejects_a_bad_cell_with_its_row_and_column(
    tmp_path: Path, column: str, value: str, fragment: str
) -> None:
    with pytest.raises(ImportValidationError) as error:
        read_register(csv_file(tmp_path, line(), line(**{column: value}, kommunkod="0180")))
    issue_at(error.value, 3, column, fragment)


def test_it_rejects_a_repeated_site_and_a_second_head_office(tmp_path: Path) -> None:
    path = csv_file(tmp_path, line(), line(), line(kommunkod="0180"))
    with pytest.raises(ImportValidationError) as error:
        read_register(path)
    issue_at(error.value, 2, "orgnr", "rows 2, 3")
    issue_at(error.value, 4, "site_type", "head_office", "rows 2, 3, 4")


def test_it_rejects_a_missing_column(tmp_path: Path) -> None:
    path = tmp_path / "foretag.csv"
    path.write_text("orgnr,name\n5560360793,A\n", encoding="utf-8")
    with pytest.raises(ImportValidationError) as error:
        read_register(path)
    issue_at(error.value, 1, "opt_out", "required column")


def test_a_reimport_updates_rows_and_never_duplicates_them() -> None:
    old = register(
        [company(1), company(2), company(2, site_type="workplace", kommunkod="0180", employees=30)]
    )
    new = register([company(2, employees=9), company(3)])
    merged = merge_register(old, new)
    assert len(merged) == 4
    assert not merged.duplicated(["orgnr", "kommunkod", "site_type"]).any()
    assert merged.set_index(["orgnr", "site_type"]).loc[(orgnr(2), "head_office"), "employees"] == 9
    assert merge_register(merged, new).equals(merged)


def test_a_reimport_moves_a_head_office_instead_of_adding_a_second() -> None:
    old = register([company(1, kommunkod="2181")])
    merged = merge_register(old, register([company(1, kommunkod="0180")]))
    assert merged["kommunkod"].tolist() == ["0180"]


# --- the vectorised check of organisation numbers equals python-stdnum's -----------------

from hypothesis import given  # noqa: E402
from hypothesis import settings as hypothesis_settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from stdnum.se import orgnr as stdnum_orgnr  # noqa: E402

from foretagsklimat.importers.checks import Issues  # noqa: E402
from foretagsklimat.sampling.register import parse_orgnr  # noqa: E402

_NUMBERLIKE = st.one_of(
    st.text(alphabet="0123456789 -.–—x", min_size=1, max_size=14),
    st.builds(
        lambda a, b, sep: f"{a:06d}{sep}{b:04d}",
        st.integers(0, 999_999),
        st.integers(0, 9_999),
        st.sampled_from(["", "-", " ", "–"]),
    ),
)


@hypothesis_settings(max_examples=300, deadline=None)
@given(st.lists(_NUMBERLIKE, min_size=1, max_size=30))
def test_the_column_check_of_organisation_numbers_agrees_with_stdnum(values: list[str]) -> None:
    import pandas as pd

    issues = Issues("register.csv")
    parsed = parse_orgnr(pd.DataFrame({"orgnr": values}), issues)
    for value, compact in zip(values, parsed.tolist(), strict=True):
        if stdnum_orgnr.is_valid(value):
            assert compact == stdnum_orgnr.compact(value)
        else:
            assert compact == ""


SCB_EXTRACT = Path(__file__).parent / "data" / "scb_urval.txt"


def test_scbs_register_is_read_in_its_own_layout_and_a_bad_number_named_by_row() -> None:
    with pytest.raises(ImportValidationError) as error:
        read_register(SCB_EXTRACT)
    issue_at(error.value, 7, "PeOrgNr", "found ”9696969696”", "wrong check digit")
    assert len(error.value.issues) == 1


def test_scbs_register_gives_the_surveys_columns(tmp_path: Path) -> None:
    text = SCB_EXTRACT.read_bytes().decode("cp1252").replace("169696969696", "169696969691")
    fixed = tmp_path / "scb_urval.txt"
    fixed.write_bytes(text.encode("cp1252"))
    register = read_register(fixed)
    assert register[["orgnr", "legal_form", "kommunkod", "employees", "opt_out"]].to_dict(
        "records"
    ) == [
        {
            "orgnr": "5560360793",
            "legal_form": "AB",
            "kommunkod": "2181",
            "employees": 12,
            "opt_out": False,
        },
        {
            "orgnr": "5001019990",
            "legal_form": "EF",
            "kommunkod": "2181",
            "employees": 0,
            "opt_out": True,
        },
        {
            "orgnr": "5566778899",
            "legal_form": "AB",
            "kommunkod": "2181",
            "employees": 4,
            "opt_out": False,
        },
        {
            "orgnr": "9696969691",
            "legal_form": "HB",
            "kommunkod": "2181",
            "employees": 2,
            "opt_out": False,
        },
        {
            "orgnr": "5564455557",
            "legal_form": "AB",
            "kommunkod": "2180",
            "employees": 30,
            "opt_out": False,
        },
    ]
    first = register.iloc[0]
    assert (first["turnover_sek"], first["site_type"], first["email"]) == (
        15_000_000,
        "head_office",
        "info@testverkstad.se",
    )
    assert first["postal_address"] == "Storgatan 1, 811 30 Sandviken"
    assert register.attrs["left_out"] == {"inactive": 1, "other_forms": 1}


def test_scbs_register_without_the_samplings_columns_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "scb.txt"
    path.write_text("PeOrgNr\tForetagsnamn\n165560360793\tTestverkstad AB\n", encoding="utf-8")
    with pytest.raises(ImportValidationError) as error:
        read_register(path)
    for column in ("JurForm", "Kommun", "AntalAnst", "Omsattning"):
        issue_at(error.value, 1, column, "required column", "SCB's business register")


def test_bolagsverkets_bulk_file_cannot_be_sampled_and_says_why() -> None:
    bulk = Path(__file__).parents[1] / "importers" / "data" / "bolagsverket_bulkfil.txt"
    with pytest.raises(ImportValidationError) as error:
        read_register(bulk)
    (issue,) = error.value.issues
    assert "Bolagsverkets bulkfil" in issue.message
    assert "SCB:s företagsregister" in issue.message
