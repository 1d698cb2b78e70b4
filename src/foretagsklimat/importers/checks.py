"""Vectorised checks shared by the readers.

Each check works on a whole column at once and returns the parsed values plus a
boolean mask of the offending rows; :class:`Issues` turns masks into messages. Only
the offending rows are ever iterated, to build their messages.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.se import orgnr as se_orgnr

from foretagsklimat.reference import municipality_codes

from .errors import N_, ImportValidationError, Issue

#: Years outside this range are typing mistakes ("23", "20233"), not data. The first
#: published rankings are from the early 2000s; statistics may reach a little further
#: back, and next year's survey may be imported before the year turns.
FIRST_YEAR = 1990


def last_year() -> int:
    """The latest plausible year: next calendar year."""
    return dt.date.today().year + 1


def found(value: str) -> str:
    """How a found cell is quoted in a message (the blank cell's words are translated)."""
    return N_("en tom cell") if value == "" else f"”{value}”"


class Issues:
    """Collects issues for one file; raises them all at once.

    Messages are Swedish templates marked with :func:`~.errors.N_` and filled in with
    their parameters, so that the web application can show them in its language.
    """

    def __init__(self, file: str) -> None:
        self.file = file
        self.issues: list[Issue] = []

    def add(self, row: int | None, column: str | None, template: str, /, **params: Any) -> None:
        """Record one issue."""
        self.issues.append(Issue.of(self.file, row, column, template, **params))

    def add_mask(
        self, cells: pd.Series, mask: pd.Series, column: str, template: str, /, **params: Any
    ) -> None:
        """Record an issue for every row where ``mask`` is true.

        ``template`` quotes the cell as ``%(found)s``; ``params`` fill in the rest.
        """
        bad = cells[mask.to_numpy(dtype=bool)]
        self.issues.extend(
            Issue.of(self.file, int(row), column, template, found=found(str(value)), **params)
            for row, value in zip(bad.index.to_numpy(dtype=int), bad.tolist(), strict=True)
        )

    def raise_if_any(self) -> None:
        """Raise :class:`ImportValidationError` if anything was recorded."""
        if self.issues:
            raise ImportValidationError(self.issues)


def canonical_columns(
    frame: pd.DataFrame, known: Iterable[str], aliases: Mapping[str, str] | None = None
) -> pd.DataFrame:
    """Rename headers that match a known name case-insensitively (or an alias) to it.

    Headers that match nothing are left as typed, so that messages quote them.
    """
    lookup = {name.casefold(): name for name in known}
    for alias, name in (aliases or {}).items():
        lookup[alias.casefold()] = name
    renamed = {col: lookup.get(col.casefold(), col) for col in frame.columns}
    return frame.rename(columns=renamed)


def quoted_names(names: Iterable[str]) -> str:
    """Column names or codes as a message lists them: ”a”, ”b”, ”c”."""
    return ", ".join(f"”{name}”" for name in names)


#: What :func:`check_columns` says of a header the file kind does not have.
UNKNOWN_COLUMN = N_("väntade en av %(expected)s, fanns en okänd kolumn")


def check_columns(
    frame: pd.DataFrame,
    issues: Issues,
    required: Sequence[str],
    optional: Iterable[str] = (),
    unknown: str = UNKNOWN_COLUMN,
    listed: Iterable[str] | None = None,
) -> None:
    """Report missing required columns and columns the file kind does not have.

    ``unknown`` is the template for an unknown header; its ``%(expected)s`` lists
    ``listed`` (by default the required and optional columns).
    """
    optional = tuple(optional)
    allowed = set(required) | set(optional)
    for name in required:
        if name not in frame.columns:
            issues.add(
                1, name, N_("väntade den här kolumnen i rubrikraden (den krävs), fanns ingen")
            )
    expected = quoted_names((*required, *optional) if listed is None else listed)
    for name in frame.columns:
        if name not in allowed:
            issues.add(1, name, unknown, expected=expected)
    # Two headers that differ only in case (or an alias and its name) map to one column;
    # the reader cannot go on with an ambiguous column, so this stops it here.
    duplicated = frame.columns[frame.columns.duplicated()]
    for name in dict.fromkeys(duplicated):
        issues.add(
            1,
            name,
            N_(
                "väntade varje kolumn en gång, fanns den flera gånger "
                "(rubrikerna jämförs utan hänsyn till stora och små bokstäver)"
            ),
        )
    if len(duplicated):
        issues.raise_if_any()


def parse_numbers(cells: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Parse numbers as people type them in Sweden and elsewhere.

    Accepts a decimal point or a decimal comma, spaces (also non-breaking) as
    thousands separators and the Unicode minus sign. A cell holding both a comma and a
    point is rejected rather than guessed at.

    Returns
    -------
    numbers : Series of float
        The parsed numbers; NaN for blank and unparseable cells.
    bad : Series of bool
        True for non-blank cells that are not a number.
    """
    text = cells.astype(str).str.strip()
    text = text.str.replace(r"(?<=\d)[ \u00a0\u202f](?=\d)", "", regex=True)
    text = text.str.replace("\u2212", "-", regex=False)
    comma = text.str.contains(",", regex=False)
    point = text.str.contains(".", regex=False)
    text = text.where(~(comma & ~point), text.str.replace(",", ".", regex=False))
    # Only plain decimal notation: no "nan", "inf", hex or other spellings to_numeric knows.
    plain = text.str.fullmatch(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
    plain = plain & ~(comma & point)
    numbers = pd.to_numeric(text.where(plain), errors="coerce").astype("float64")
    bad = (text != "") & ~(plain & np.isfinite(numbers))
    return numbers, bad


def parse_whole(cells: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Parse whole numbers (``4``, ``4.0`` and ``4,0`` are all 4); see :func:`parse_numbers`."""
    numbers, bad = parse_numbers(cells)
    fraction = numbers.notna() & (numbers % 1 != 0)
    return numbers, bad | fraction


def check_required(
    frame: pd.DataFrame, issues: Issues, column: str, template: str, /, **params: Any
) -> pd.Series:
    """Report blank cells in a required column; returns the mask of filled cells.

    ``template`` says what was expected; its ``%(found)s`` is the blank cell.
    """
    blank = frame[column] == ""
    issues.add_mask(frame[column], blank, column, template, **params)
    return ~blank


def parse_kommunkod(frame: pd.DataFrame, issues: Issues) -> pd.Series:
    """Validate the ``kommunkod`` column; returns 4-digit codes (invalid rows as "").

    A 3-digit code gets its leading zero back only when *no* code in the column has a
    leading zero: that is what a column looks like after Excel turned it into numbers.
    When some codes keep their zero and others lack it, the file is inconsistent and
    the short codes are reported instead of guessed at.
    """
    cells = frame["kommunkod"]
    lost_zeros = not bool(cells.str.fullmatch(r"0\d{3}").any())
    short = cells.str.fullmatch(r"\d{3}")
    codes = cells.where(~(short & lost_zeros), "0" + cells)
    valid = codes.isin(municipality_codes())
    ambiguous = short & ~lost_zeros
    issues.add_mask(
        cells,
        ambiguous,
        "kommunkod",
        N_(
            "väntade en kommunkod med 4 siffror som ”0114” (nollan först läggs tillbaka "
            "bara när ingen kod i kolumnen har den), fanns %(found)s"
        ),
    )
    issues.add_mask(
        cells,
        ~valid & ~ambiguous,
        "kommunkod",
        N_(
            "väntade en av de 290 kommunkoderna, 4 siffror som ”0114” eller ”2181”, fanns %(found)s"
        ),
    )
    return codes.where(valid, "")


def parse_year(frame: pd.DataFrame, issues: Issues, column: str = "year") -> pd.Series:
    """Validate a year column; returns the years as float (NaN where invalid)."""
    years, bad = parse_whole(frame[column])
    bad = bad | years.isna() | (years < FIRST_YEAR) | (years > last_year())
    issues.add_mask(
        frame[column],
        bad,
        column,
        N_("väntade ett år från %(first)d till %(last)d, fanns %(found)s"),
        first=FIRST_YEAR,
        last=last_year(),
    )
    return years.where(~bad)


def report_duplicates(
    frame: pd.DataFrame,
    keys: Sequence[str],
    issues: Issues,
    column: str,
    template: str,
) -> None:
    """Report every row whose ``keys`` repeat another row's, naming all rows involved.

    ``frame`` holds parsed keys (rows whose keys could not be parsed are left out by
    the caller); ``template`` fills in each key by its name and the rows as ``%(rows)s``.
    """
    dup = frame.duplicated(list(keys), keep=False)
    if not dup.any():
        return
    offenders = frame.loc[dup, list(keys)].copy()
    offenders["_row"] = offenders.index
    rows = offenders.groupby(list(keys), sort=False)["_row"].transform(
        lambda r: ", ".join(str(int(x)) for x in r)
    )
    records = offenders[list(keys)].to_dict("records")
    row_numbers = offenders.index.to_numpy(dtype=int)
    for row, record, listing in zip(row_numbers, records, rows.tolist(), strict=True):
        key = {str(name): value for name, value in record.items()}
        issues.add(int(row), column, template, rows=listing, **key)


#: What :func:`check_orgnr` reports for an empty cell (readers decide whether it is wrong).
BLANK = "Blank"

#: python-stdnum's reasons (:func:`orgnr_error`) as interface texts.
ORGNR_REASONS: Mapping[str, str] = {
    "InvalidChecksum": N_("fel kontrollsiffra"),
    "InvalidLength": N_("ska ha 10 siffror"),
    "InvalidFormat": N_("bara siffror och ett bindestreck"),
}

#: An organisation number that is not one, with ``%(found)s`` and ``%(reason)s``.
ORGNR_PROBLEM = N_("väntade ett organisationsnummer som 556036-0793, fanns %(found)s: %(reason)s")


def orgnr_error(value: str) -> str:
    """python-stdnum's name for why ``value`` is no organisation number; "" when it is one.

    The names (``InvalidChecksum``, ``InvalidLength``, ``InvalidFormat``) are the keys by
    which each reader words the reason in its own language.

    Examples
    --------
    >>> orgnr_error("556036-0793")
    ''
    >>> orgnr_error("556036-0794")
    'InvalidChecksum'
    """
    try:
        se_orgnr.validate(value)
    except StdnumError as error:
        return type(error).__name__
    return ""


def luhn_check_digits(payload: np.ndarray) -> np.ndarray:
    """The Luhn check digit of each row of 9 payload digits (an ``(n, 9)`` integer array).

    Vectorised ``stdnum.luhn.calc_check_digit``: counted from the right of the complete
    number the check digit is position 1, so payload digits 0, 2, …, 8 are doubled.

    Examples
    --------
    >>> luhn_check_digits(np.array([[5, 5, 6, 0, 3, 6, 0, 7, 9]])).tolist()
    [3]
    """
    doubled = payload[:, 0::2].astype(np.int64) * 2
    total = (doubled // 10 + doubled % 10).sum(axis=1) + payload[:, 1::2].sum(axis=1)
    return np.asarray((10 - total % 10) % 10)


def _luhn_valid(numbers: pd.Series) -> np.ndarray:
    """Luhn check of 10-digit strings, all at once."""
    digits = np.frombuffer("".join(numbers).encode("ascii"), dtype=np.uint8).reshape(-1, 10) - 48
    return np.asarray(luhn_check_digits(digits[:, :9]) == digits[:, 9])


def check_orgnr(cells: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Organisation numbers checked as ``stdnum.se.orgnr`` would, a whole column at once.

    Plain numbers (ASCII digits, spaces, hyphens, dots) are compacted and Luhn-checked
    vectorised; only the other cells and the numbers that fail go through python-stdnum,
    which also names the reason. A property test holds the two paths equal.

    Returns
    -------
    compact : Series of str
        The 10-digit numbers; "" where the cell is blank or wrong.
    errors : Series of str
        "" for a valid number, :data:`BLANK` for an empty cell, otherwise
        :func:`orgnr_error`'s name for the problem.
    """
    plain = cells.str.fullmatch(r"[0-9 .\-]*")
    compact = cells.where(~plain, cells.str.replace(r"[ .\-]", "", regex=True))
    fast = plain & compact.str.fullmatch(r"[0-9]{10}")
    valid = pd.Series(False, index=cells.index)
    if fast.any():
        valid[fast] = _luhn_valid(compact[fast])
    slow = ~valid & (cells != "")
    errors = pd.Series("", index=cells.index).where(cells != "", BLANK)
    if slow.any():
        errors[slow] = cells[slow].map(orgnr_error)
        accepted = slow & (errors == "")  # e.g. Unicode dashes, which stdnum normalises
        compact[accepted] = cells[accepted].map(se_orgnr.compact)
    return compact.where(errors == "", ""), errors
