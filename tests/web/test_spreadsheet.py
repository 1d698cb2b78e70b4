"""The Excel writer behind every download: values, types and layout survive a round trip."""

from __future__ import annotations

import datetime as dt
import io

import numpy as np
import openpyxl
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from foretagsklimat.spreadsheet import Sheet, csv_text, neutralised, xlsx_bytes


def _read(content: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(content))


def test_values_keep_their_types_and_missing_values_are_empty_cells() -> None:
    frame = pd.DataFrame(
        {
            "kod": ["2181", "0180"],
            "antal": np.array([3, 12], dtype="int64"),
            "andel": [0.5, np.nan],
            "klar": [True, False],
            "datum": [dt.date(2026, 3, 14), None],
            "tid": pd.to_datetime(["2026-06-01 10:30", "2026-01-15 08:00"]).tz_localize("UTC"),
            "text": ['=HYPERLINK("http://x")', "https://example.com"],
        }
    )
    sheet = _read(xlsx_bytes({"lista": frame}))["lista"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == tuple(frame.columns)
    assert rows[1][:5] == ("2181", 3, 0.5, True, dt.datetime(2026, 3, 14))
    assert rows[2][2] is None and rows[2][4] is None
    # Excel has no time zones: UTC 10:30 in June is 12:30 in Stockholm, 08:00 in January 09:00.
    assert rows[1][5] == dt.datetime(2026, 6, 1, 12, 30)
    assert rows[2][5] == dt.datetime(2026, 1, 15, 9, 0)
    # A text that looks like a formula stays text (no spreadsheet injection), so do URLs.
    assert rows[1][6] == '=HYPERLINK("http://x")'
    assert sheet["G2"].data_type == "s" and sheet["G2"].quotePrefix
    assert not sheet["G3"].quotePrefix
    assert rows[2][6] == "https://example.com"


def test_layout_bold_frozen_filtered_header_and_sheet_names_cut_to_31() -> None:
    long_name = "en mycket lång tabell som heter något"
    book = _read(xlsx_bytes({long_name: pd.DataFrame({"a": [1, 2]}), "tom": pd.DataFrame()}))
    assert book.sheetnames == [long_name[:31], "tom"]
    sheet = book[long_name[:31]]
    assert sheet["A1"].font.bold
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:A3"
    assert book["tom"].max_row == 1 and book["tom"]["A1"].value is None


@settings(max_examples=25, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(-(10**9), 10**9),
            st.text(
                alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=20
            ),
        ),
        max_size=30,
    )
)
def test_round_trip_of_integers_and_text(rows: list[tuple[int, str]]) -> None:
    frame = pd.DataFrame(rows, columns=["tal", "text"]).astype({"tal": "int64", "text": object})
    sheet = _read(xlsx_bytes({"data": frame}))["data"]
    read = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [(int(n), t or "") for n, t in read] == [(n, t) for n, t in rows]


def test_a_page_view_does_not_build_its_download() -> None:
    from django.test import RequestFactory

    from foretagsklimat.web.downloads import download_response

    built: list[str] = []

    def tables() -> dict[str, pd.DataFrame]:
        built.append("tables")
        return {"lista": pd.DataFrame({"a": [1]})}

    def synthetic() -> bool:
        built.append("synthetic")
        return True

    factory = RequestFactory()
    assert download_response(factory.get("/"), tables, "lista", synthetic=synthetic) is None
    assert built == []
    response = download_response(
        factory.get("/", {"format": "csv"}), tables, "lista", synthetic=synthetic
    )
    assert response is not None and built == ["tables", "synthetic"]
    assert response.content.decode().splitlines() == ["\ufeffa;Syntetiska data", "1;ja"]


FORMULAS = ["=1+1", "+46 70", "-x", "@SUM(A1)", "\tTAB", "\rCR", '=HYPERLINK("http://x","y")']


def test_formula_like_text_is_neutralised_and_numbers_are_not() -> None:
    frame = pd.DataFrame(
        {
            "text": [*FORMULAS, "Sandviken"],
            "tal": [-1.5, -2, 0, 1, 2, 3, 4, 5],
            "heltal": np.arange(-4, 4),
            "blandat": [-1, "-1", None, 2.5, "=A1", True, dt.date(2026, 1, 1), "ok"],
        }
    )
    out = neutralised(frame)
    assert list(out["text"]) == ["'" + text for text in FORMULAS] + ["Sandviken"]
    assert out["tal"].equals(frame["tal"]) and out["heltal"].equals(frame["heltal"])
    assert list(out["blandat"])[:5] == [-1, "'-1", None, 2.5, "'=A1"]
    plain = frame[["tal", "heltal"]]
    assert neutralised(plain) is plain  # nothing to do: the same frame


def test_the_two_csv_dialects_read_back_with_pandas() -> None:
    frame = pd.DataFrame(
        {
            "kod": ["2181", "0180"],
            "namn": ['=HYPERLINK("http://x","y")', "Stockholm; city"],
            "rank": [1.0, np.nan],
            "points": [3.456, -1.04],
            "andel": [0.425, 0.5],
            "klar": [True, False],
            "tid": pd.to_datetime(["2026-06-01 10:30", "2026-01-15 08:00"]).tz_localize("UTC"),
        }
    )
    machine = csv_text(frame, "machine")
    assert machine.replace("'=HYPERLINK", "=HYPERLINK") == frame.to_csv(index=False)
    read = pd.read_csv(io.StringIO(machine), dtype={"kod": str})
    assert list(read["namn"]) == ['\'=HYPERLINK("http://x","y")', "Stockholm; city"]
    assert list(read["points"]) == [3.456, -1.04]

    excel = csv_text(frame, formats={"rank": "0", "points": "0.0", "andel": "0%"}, yes="ja")
    assert excel.startswith("\ufeffkod;namn;rank;points;andel;klar;tid\r\n")
    assert '2181;"\'=HYPERLINK(""http://x"",""y"")";1;3,5;42%;ja;2026-06-01 12:30' in excel
    assert '0180;"Stockholm; city";;-1,0;50%;nej;2026-01-15 09:00' in excel
    back = pd.read_csv(
        io.BytesIO(excel.encode()), sep=";", decimal=",", encoding="utf-8-sig", dtype={"kod": str}
    )
    assert list(back["kod"]) == ["2181", "0180"]
    assert list(back["points"]) == [3.5, -1.0]  # a negative number stays a number
    assert back["rank"].iloc[0] == 1 and pd.isna(back["rank"].iloc[1])
    assert list(back["andel"]) == ["42%", "50%"]


def test_excel_number_formats_whole_ranks_and_dates() -> None:
    frame = pd.DataFrame(
        {
            "rank": [3.0, np.nan],
            "shared_rank": [12.5, 4.0],
            "points": [3.456, 2.0],
            "andel": [0.425, 0.5],
            "dag": [dt.date(2026, 3, 14), None],
        }
    )
    formats = {"rank": "0", "shared_rank": "0.#", "points": "0.0", "andel": "0%", "dag": "date"}
    sheet = _read(xlsx_bytes({"a": Sheet(frame, formats)}))["a"]
    assert sheet["A2"].value == 3 and isinstance(sheet["A2"].value, int)
    assert sheet["A2"].number_format == "0" and sheet["A3"].value is None
    assert sheet["B2"].value == 12.5
    # Excel keeps the value and shows it rounded.
    assert (sheet["C2"].value, sheet["C2"].number_format) == (3.456, "0.0")
    assert (sheet["D2"].value, sheet["D2"].number_format) == (0.425, "0%")
    assert sheet["E2"].value == dt.datetime(2026, 3, 14) and sheet["E2"].is_date


def test_excel_downloads_have_readable_headers_and_a_sheet_about_the_file() -> None:
    from django.test import RequestFactory

    from foretagsklimat.web.downloads import download_response

    request = RequestFactory().get("/ranking/2023/", {"lan": "21", "format": "xlsx"})
    frame = pd.DataFrame({"kommunkod": ["2181"], "rank": [3.0], "points": [12.34]})
    response = download_response(
        request,
        {"ranking": frame},
        "ranking-2023",
        synthetic=True,
        source="Källan",
        methodology="sn-2014",
    )
    assert response is not None
    book = _read(response.content)
    assert book.sheetnames == ["ranking", "Om filen"]
    rows = list(book["ranking"].iter_rows(values_only=True))
    assert rows == [
        ("Kommunkod", "Placering", "Poäng", "Syntetiska data"),
        ("2181", 3, 12.34, True),
    ]
    assert book["ranking"]["C2"].number_format == "0.0"
    about = dict(list(book["Om filen"].iter_rows(values_only=True))[1:])
    assert about["Källa"] == "Källan" and about["Metod"] == "sn-2014"
    assert about["Adress"] == "http://testserver/ranking/2023/?lan=21"
    assert isinstance(about["Datum"], dt.datetime)
    assert "SYNTETISKA DEMODATA" in about["Syntetiska data"]
    assert about["Fil"] == "ranking-2023-syntetisk.xlsx"
