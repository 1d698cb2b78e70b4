"""The Excel writer behind every download: values, types and layout survive a round trip."""

from __future__ import annotations

import datetime as dt
import io

import numpy as np
import openpyxl
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from foretagsklimat.spreadsheet import xlsx_bytes


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
    assert sheet["G2"].data_type == "s"
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
    assert response.content.decode().splitlines() == ["a,synthetic", "1,True"]
