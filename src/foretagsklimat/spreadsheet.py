"""DataFrames as an Excel workbook or a CSV file, with the same rules for both.

``DataFrame.to_excel`` styles every cell through pandas' formatter; writing whole columns
with XlsxWriter takes half the time (a 119,000-row company list: 14 s instead of 28 s,
see docs/benchmarks.md) and gives a better file: a bold header that stays frozen with a
filter on it, dates as Excel dates, empty cells for missing values, columns wide enough to
read, and numbers in the format the page shows them in (:data:`FORMATS`).

**No file carries a formula.** A text cell beginning with ``=``, ``+``, ``-``, ``@``, a
tab or a carriage return (:data:`FORMULA_STARTS`, OWASP's list for CSV injection) would
be run as a formula by a spreadsheet program that opens the file. In Excel such a cell is
written as text with Excel's own quote prefix (the cell shows the text as it is and stays
text when edited); in CSV, which has no cell types, it gets a leading ``'`` — the same
neutralisation, spelled out (:func:`neutralised`). Only text is touched: a negative
number is a number.

:func:`csv_text` writes a CSV file in one of two dialects: ``"excel"`` opens with a double
click in Swedish Excel (UTF-8 with byte-order mark, ``;`` between cells, decimal comma,
numbers rounded as shown, dates and local times without zone, yes/no in words), and
``"machine"`` is pandas' plain comma-separated form for scripts.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd
import xlsxwriter

#: Column widths are fitted to the header and the first rows, within these bounds.
MIN_WIDTH, MAX_WIDTH, WIDTH_SAMPLE = 8, 60, 1000
LOCAL_TIME_ZONE = "Europe/Stockholm"
#: What a text cell must not begin with (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
Dialect = Literal["excel", "machine"]


@dataclass(frozen=True)
class NumberFormat:
    """How a column's numbers are shown: in Excel (``excel``, a number format) and in
    the CSV file for Excel (``decimals`` fixed, or at most ``decimals`` when ``trim``;
    ``percent`` for a share 0–1 shown as per cent). Excel keeps the whole value and
    shows it rounded; the CSV file holds the rounded number, as the page shows it."""

    excel: str
    decimals: int | None = None
    trim: bool = False
    percent: bool = False


#: The formats a download may ask for, by name (``formats={"points": "0.0"}``).
FORMATS: dict[str, NumberFormat] = {
    "0": NumberFormat("0", 0),
    "0.0": NumberFormat("0.0", 1),
    "0.00": NumberFormat("0.00", 2),
    "0.000": NumberFormat("0.000", 3),
    "0.0000": NumberFormat("0.0000", 4),
    # a rank that may be shared (12.5): whole numbers without a decimal, else one
    "0.#": NumberFormat("General", 1, trim=True),
    "0%": NumberFormat("0%", 0, percent=True),
    "0.0%": NumberFormat("0.0%", 1, percent=True),
    "date": NumberFormat("yyyy-mm-dd"),
    "datetime": NumberFormat("yyyy-mm-dd hh:mm"),
}


@dataclass(frozen=True)
class Sheet:
    """A frame with the number format (a key of :data:`FORMATS`) of some of its columns."""

    frame: pd.DataFrame
    formats: Mapping[str, str] = field(default_factory=dict)


def formula_cells(column: pd.Series) -> pd.Series:
    """True for the text cells of the column that a spreadsheet would run as a formula."""
    if pd.api.types.is_string_dtype(column.dtype) and column.dtype != object:
        return column.str.startswith(FORMULA_STARTS).fillna(False).astype(bool)
    if column.dtype != object:  # numbers, dates, booleans, categories of those
        return pd.Series(False, index=column.index)
    text = column.map(lambda v: isinstance(v, str)).astype(bool)
    starts = column[text].astype(str).str.startswith(FORMULA_STARTS)
    return starts.reindex(column.index, fill_value=False).astype(bool)


def neutralised(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with every formula-like text cell prefixed by ``'``; numbers untouched.
    The same frame (not a copy) when there is nothing to neutralise."""
    out = frame
    for position in range(frame.shape[1]):
        column = frame.iloc[:, position]
        mask = formula_cells(column)
        if mask.any():
            if out is frame:
                out = frame.copy()
            fixed = column.astype(object)
            fixed[mask] = "'" + column[mask].astype(str)
            out.isetitem(position, fixed.astype(column.dtype).array)
    return out


def _is_whole(column: pd.Series) -> bool:
    values = column.dropna()
    return bool(len(values) == 0 or (np.mod(values.astype(float), 1) == 0).all())


def _shown(column: pd.Series, name: str | None, *, rounded: bool) -> pd.Series:
    """Whole numbers as integers: a column whose format has no decimals (rounded when
    ``rounded``, as in CSV; in Excel the format rounds what is shown, the value stays),
    and a float column without a format whose values are all whole."""
    if not pd.api.types.is_numeric_dtype(column) or pd.api.types.is_bool_dtype(column):
        return column
    fmt = FORMATS.get(name) if name else None
    if fmt is None:
        return (
            column.astype("Int64")
            if pd.api.types.is_float_dtype(column) and _is_whole(column)
            else column
        )
    if fmt.decimals == 0 and not fmt.percent:
        if rounded:
            return column.astype(float).round().astype("Int64")
        return column.astype("Int64") if _is_whole(column) else column
    if fmt.trim and _is_whole(column):
        return column.astype("Int64")
    return column


def _cells(column: pd.Series) -> list[object]:
    """The column as Python values XlsxWriter knows, ``None`` where a value is missing."""
    if isinstance(column.dtype, pd.DatetimeTZDtype):
        # Excel has no time zones: show the Swedish wall-clock time.
        column = column.dt.tz_convert(LOCAL_TIME_ZONE).dt.tz_localize(None)
    values = column.astype(object)
    return list(values.where(column.notna(), None))


def _width(header: str, column: pd.Series) -> int:
    sample = column.head(WIDTH_SAMPLE).dropna().astype(str).str.len()
    longest = max(len(header), int(sample.max()) if len(sample) else 0)
    return max(MIN_WIDTH, min(MAX_WIDTH, longest + 2))


def xlsx_bytes(sheets: Mapping[str, pd.DataFrame | Sheet]) -> bytes:
    """A workbook with one sheet per frame (names cut to Excel's 31 characters)."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        buffer,
        {
            "in_memory": True,
            "default_date_format": "yyyy-mm-dd",
            "strings_to_formulas": False,
            "strings_to_urls": False,
        },
    )
    header = workbook.add_format({"bold": True, "bottom": 1})
    quoted = workbook.add_format({"quote_prefix": True})
    number_formats = {
        name: workbook.add_format({"num_format": fmt.excel}) for name, fmt in FORMATS.items()
    }
    for name, given in sheets.items():
        sheet_spec = given if isinstance(given, Sheet) else Sheet(given)
        frame = sheet_spec.frame
        sheet = workbook.add_worksheet(name[:31])
        for col, label in enumerate(frame.columns):
            column = frame.iloc[:, col]
            wanted = sheet_spec.formats.get(str(label))
            if wanted is None and pd.api.types.is_datetime64_any_dtype(column):
                wanted = "datetime"
            column = _shown(column, wanted, rounded=False)
            sheet.write(0, col, str(label), header)
            cell_format = number_formats.get(wanted) if wanted else None
            sheet.write_column(1, col, _cells(column), cell_format)
            # Text a spreadsheet would run as a formula is kept as text, quote-prefixed.
            for row in np.flatnonzero(formula_cells(column).to_numpy()):
                sheet.write_string(int(row) + 1, col, str(column.iloc[row]), quoted)
            sheet.set_column(col, col, _width(str(label), column))
        if len(frame.columns):
            sheet.freeze_panes(1, 0)
            sheet.autofilter(0, 0, len(frame), len(frame.columns) - 1)
    workbook.close()
    return buffer.getvalue()


def _csv_numbers(column: pd.Series, fmt: NumberFormat) -> pd.Series:
    """A rounded numeric column as the text Swedish Excel reads back as that number."""
    assert fmt.decimals is not None
    decimals = fmt.decimals
    numbers = column.astype(float) * (100 if fmt.percent else 1)

    def text(value: float) -> str:
        shown = f"{value:.{decimals}f}"
        if fmt.trim and "." in shown:
            shown = shown.rstrip("0").rstrip(".")
        if shown.lstrip("-").strip("0.") == "":
            shown = shown.lstrip("-")  # no "-0,0"
        return shown.replace(".", ",") + ("%" if fmt.percent else "")

    return numbers.map(text, na_action="ignore").astype(object)


def csv_text(
    frame: pd.DataFrame,
    dialect: Dialect = "excel",
    *,
    formats: Mapping[str, str] | None = None,
    yes: str = "ja",
    no: str = "nej",
) -> str:
    """The frame as CSV text, formula-like text neutralised (see the module's text).

    ``"machine"`` is ``frame.to_csv(index=False)``; ``"excel"`` starts with a byte-order
    mark, separates with ``;``, writes decimal commas, rounds a column to its
    ``formats`` entry (whole-valued columns without one as integers), writes
    ``yes``/``no`` for booleans, dates as ``YYYY-MM-DD`` and times as local
    ``YYYY-MM-DD HH:MM``.
    """
    frame = neutralised(frame)
    if dialect == "machine":
        return str(frame.to_csv(index=False))
    formats = formats or {}
    out = frame.copy()
    for position, label in enumerate(frame.columns):
        column = frame.iloc[:, position]
        wanted = formats.get(str(label))
        fmt = FORMATS.get(wanted) if wanted else None
        if pd.api.types.is_bool_dtype(column) or (
            column.dtype == object and pd.api.types.infer_dtype(column) == "boolean"
        ):
            shown = column.map({True: yes, False: no}, na_action="ignore").astype(object)
        elif pd.api.types.is_datetime64_any_dtype(column):
            times = column
            if isinstance(times.dtype, pd.DatetimeTZDtype):
                times = times.dt.tz_convert(LOCAL_TIME_ZONE).dt.tz_localize(None)
            pattern = "%Y-%m-%d" if wanted == "date" else "%Y-%m-%d %H:%M"
            shown = times.dt.strftime(pattern).astype(object)
        elif (
            pd.api.types.is_numeric_dtype(column)
            and fmt is not None
            and fmt.decimals is not None
            and (fmt.decimals > 0 or fmt.percent)
        ):
            shown = _csv_numbers(column, fmt)
        elif pd.api.types.is_numeric_dtype(column):
            shown = _shown(column, wanted, rounded=True)
        else:
            shown = column
        out.isetitem(position, shown.array)
    return "\ufeff" + str(out.to_csv(index=False, sep=";", decimal=",", lineterminator="\r\n"))
