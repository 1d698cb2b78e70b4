"""Read a CSV or .xlsx file into a frame of text cells, numbered as in a spreadsheet.

Everything is read as text so that validation sees what the person typed (``"007"``
stays ``"007"``, ``"4,5"`` is not silently misread) and can quote it back in messages.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, TypeAlias

import pandas as pd

from .errors import N_, ImportValidationError, Issue

#: What a reader accepts: a path, or an open binary file (e.g. an upload) with a name.
Source: TypeAlias = str | os.PathLike[str] | IO[bytes]

CSV_SUFFIXES = frozenset({".csv", ".txt"})
EXCEL_SUFFIXES = frozenset({".xlsx", ".xlsm"})


@dataclass(frozen=True)
class Table:
    """The cells of one sheet or CSV file as stripped text.

    ``frame`` is indexed by spreadsheet row number (header = row 1, so the first data
    row is 2); blank rows are dropped but do not shift the numbers of later rows.
    Columns are the headers as written (stripped); every cell is a ``str``, blank = "".
    """

    file: str
    frame: pd.DataFrame


def display_name(source: Source, filename: str | None) -> str:
    """The file name to use in messages: the base name only."""
    if filename is not None:
        return Path(filename).name
    if isinstance(source, (str, os.PathLike)):
        return Path(os.fspath(source)).name
    name = getattr(source, "name", None)
    return Path(name).name if isinstance(name, str) else "upload"


def _empty(file: str) -> Issue:
    return Issue.of(file, None, None, N_("filen är tom"))


def _read_bytes(source: Source, file: str) -> bytes:
    if isinstance(source, (str, os.PathLike)):
        try:
            return Path(os.fspath(source)).read_bytes()
        except FileNotFoundError:
            raise ImportValidationError(
                [
                    Issue.of(
                        file,
                        None,
                        None,
                        N_("väntade en fil på %(path)s, fanns ingen"),
                        path=os.fspath(source),
                    )
                ]
            ) from None
    return source.read()


def read_table(
    source: Source,
    filename: str | None = None,
    *,
    sheet: str | None = None,
    fallback_encoding: str | None = None,
) -> Table:
    """Read a CSV or .xlsx file by its suffix.

    Parameters
    ----------
    source : path or binary file
        The file to read.
    filename : str, optional
        The name to report and to take the suffix from (for uploads whose path is
        meaningless); defaults to the path's or the file object's name.
    sheet : str, optional
        For workbooks, the sheet to read; by default the first sheet.
    fallback_encoding : str, optional
        For text files that are not UTF-8, the encoding to read them in instead (such as
        ``"cp1252"``, which Swedish Excel's plain CSV and SCB's files use); by default a
        file must be UTF-8.

    Returns
    -------
    Table

    Raises
    ------
    ImportValidationError
        If the suffix is unknown, the file is missing, empty or unreadable.
    """
    file = display_name(source, filename)
    suffix = Path(file).suffix.lower()
    if suffix not in CSV_SUFFIXES | EXCEL_SUFFIXES:
        raise ImportValidationError(
            [
                Issue.of(
                    file,
                    None,
                    None,
                    N_(
                        "väntade en fil av typen .csv eller .xlsx, fanns %(suffix)s "
                        "(spara den som .xlsx)"
                    )
                    if suffix == ".xls"
                    else N_("väntade en fil av typen .csv eller .xlsx, fanns %(suffix)s"),
                    suffix=f"”{suffix}”" if suffix else N_("ingen filändelse"),
                )
            ]
        )
    raw = _read_bytes(source, file)
    if not raw.strip():
        raise ImportValidationError([_empty(file)])
    if suffix in CSV_SUFFIXES:
        if sheet is not None:
            raise ImportValidationError(
                [
                    Issue.of(
                        file,
                        None,
                        None,
                        N_(
                            "väntade en .xlsx-arbetsbok med bladet ”%(sheet)s”, "
                            "fanns en %(suffix)s-fil"
                        ),
                        sheet=sheet,
                        suffix=suffix,
                    )
                ]
            )
        cells = _csv_cells(raw, file, fallback_encoding)
    else:
        cells = _excel_cells(raw, file, sheet)
    return Table(file, _with_header(cells, file))


def _decode(raw: bytes, fallback: str | None) -> str:
    try:
        # utf-8-sig drops the byte-order mark that Excel's "CSV UTF-8" writes.
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        if fallback is None:
            raise
        return raw.decode(fallback)


def _csv_cells(raw: bytes, file: str, fallback: str | None = None) -> pd.DataFrame:
    try:
        text = _decode(raw, fallback)
    except UnicodeDecodeError as exc:
        raise ImportValidationError(
            [
                Issue.of(
                    file,
                    None,
                    None,
                    N_(
                        "väntade text i UTF-8, fanns byten 0x%(byte)02x på position %(position)d "
                        "(spara filen som ”CSV UTF-8”)"
                    ),
                    byte=raw[exc.start],
                    position=exc.start,
                )
            ]
        ) from None
    header = text.lstrip("\r\n").splitlines()[0]
    # Swedish Excel writes semicolons (the comma is the decimal mark), SCB tabs; the
    # header decides.
    sep = max((",", ";", "\t"), key=header.count)
    try:
        cells = pd.read_csv(
            io.StringIO(text),
            sep=sep,
            header=None,
            dtype=str,
            keep_default_na=False,
            skip_blank_lines=False,
        )
    except (pd.errors.ParserError, ValueError) as exc:
        match = re.search(r"line (\d+), saw (\d+)", str(exc))
        if match:
            template = N_("väntade lika många celler som rubrikraden har, fanns %(cells)s")
            raise ImportValidationError(
                [Issue.of(file, int(match.group(1)), None, template, cells=match.group(2))]
            ) from None
        raise ImportValidationError(
            [
                Issue.of(
                    file,
                    None,
                    None,
                    N_("väntade en läsbar CSV-fil, fanns: %(error)s"),
                    error=str(exc),
                )
            ]
        ) from None
    return cells.fillna("")


def _cell_text(value: Any) -> str:
    """One workbook cell as the text a person sees in it."""
    if value is None or value != value:  # None or a float NaN: an empty cell
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        # Excel stores every number as a float; 2019.0 was typed as 2019.
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    return str(value)


def _excel_cells(raw: bytes, file: str, sheet: str | None) -> pd.DataFrame:
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ImportValidationError(
            [
                Issue.of(
                    file,
                    None,
                    None,
                    N_("väntade en .xlsx-arbetsbok, fanns en fil som inte är det (%(error)s)"),
                    error=type(exc).__name__,
                )
            ]
        ) from None
    try:
        if sheet is not None and sheet not in book.sheetnames:
            raise ImportValidationError(
                [
                    Issue.of(
                        file,
                        None,
                        None,
                        N_("väntade ett blad med namnet ”%(sheet)s”, fanns %(names)s"),
                        sheet=sheet,
                        names=", ".join(f"”{name}”" for name in book.sheetnames),
                    )
                ]
            )
        worksheet = book[sheet] if sheet is not None else book.worksheets[0]
        rows = list(worksheet.iter_rows(values_only=True))
    finally:
        book.close()
    if not rows:
        raise ImportValidationError([_empty(file)])
    return pd.DataFrame(rows, dtype=object).map(_cell_text)


def _column_letter(position: int) -> str:
    letters = ""
    position += 1
    while position:
        position, rest = divmod(position - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _with_header(cells: pd.DataFrame, file: str) -> pd.DataFrame:
    """Take row 1 as the header, number the rows, drop blank rows and ghost columns."""
    cells = cells.astype(str).apply(lambda column: column.str.strip())
    cells.index = pd.RangeIndex(1, len(cells) + 1)
    blank_rows = (cells == "").all(axis=1)
    # A sheet may start with blank lines; the header is the first row with content.
    if blank_rows.all():
        raise ImportValidationError([_empty(file)])
    header_row = int(blank_rows.to_numpy().argmin()) + 1
    if header_row != 1:
        raise ImportValidationError(
            [
                Issue.of(
                    file,
                    1,
                    None,
                    N_("väntade kolumnrubrikerna på rad 1, fanns dem på rad %(row)d"),
                    row=header_row,
                )
            ]
        )
    header = [str(cell) for cell in cells.iloc[0].tolist()]
    body = cells.loc[2:]
    body = body[~blank_rows.loc[2:]]

    issues: list[Issue] = []
    keep = []
    for position, name in enumerate(header):
        if name == "":
            filled = body[position] != ""
            if filled.any():
                letter = _column_letter(position)
                issues.append(
                    Issue.of(
                        file,
                        1,
                        None,
                        N_(
                            "väntade en rubrik för kolumn %(letter)s, fanns en tom rubrik "
                            "ovanför %(count)d värde(n)"
                        ),
                        letter=letter,
                        count=int(filled.sum()),
                    )
                )
            continue  # empty formatted columns that Excel keeps around
        keep.append(position)
    names = [header[p] for p in keep]
    seen: dict[str, int] = {}
    for position, name in zip(keep, names, strict=True):
        if name in seen:
            issues.append(
                Issue.of(
                    file,
                    1,
                    name,
                    N_(
                        "väntade varje rubrik en gång, fanns den i kolumnerna "
                        "%(first)s och %(second)s"
                    ),
                    first=_column_letter(seen[name]),
                    second=_column_letter(position),
                )
            )
        seen.setdefault(name, position)
    if body.empty:
        issues.append(
            Issue.of(
                file,
                None,
                None,
                N_("väntade minst en rad med uppgifter under rubrikraden, fanns ingen"),
            )
        )
    if issues:
        raise ImportValidationError(issues)
    body = body[keep]
    body.columns = pd.Index(names)
    return body
