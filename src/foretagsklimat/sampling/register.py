"""Read a company register (CSV or .xlsx) and merge re-imports into a stored register.

A register has one row per company site: the head office (``site_type`` =
``head_office``) and, as separate rows with the same ``orgnr``, workplaces in other
municipalities (``site_type`` = ``workplace``). The key of a row is
(``orgnr``, ``kommunkod``, ``site_type``).
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from foretagsklimat.importers import company_layouts
from foretagsklimat.importers.checks import (
    BLANK,
    ORGNR_PROBLEM,
    ORGNR_REASONS,
    Issues,
    canonical_columns,
    check_columns,
    check_orgnr,
    check_required,
    found,
    parse_kommunkod,
    parse_whole,
    quoted_names,
    report_duplicates,
)
from foretagsklimat.importers.errors import N_, ImportValidationError
from foretagsklimat.importers.tables import Source, read_table

REGISTER_COLUMNS = (
    "orgnr",
    "name",
    "legal_form",
    "sni",
    "employees",
    "turnover_sek",
    "kommunkod",
    "site_type",
    "email",
    "postal_address",
    "opt_out",
)

#: The key of a register row: one company site per municipality and site type.
KEY = ("orgnr", "kommunkod", "site_type")

#: Legal forms: aktiebolag, handelsbolag, kommanditbolag, enskild firma (sole trader),
#: ekonomisk förening, and public bodies (never private companies).
LEGAL_FORMS = ("AB", "HB", "KB", "EF", "EK", "OFF")
SOLE_TRADER = "EF"
PUBLIC_BODY = "OFF"

SITE_TYPES = ("head_office", "workplace")

#: Accepted spellings of ``opt_out`` (compared ignoring case); Excel writes TRUE/FALSE.
BOOLEANS = {
    "true": True,
    "false": False,
    "1": True,
    "0": False,
    "yes": True,
    "no": False,
    "ja": True,
    "nej": False,
}

#: Cells that may be blank; every other column must be filled on every row.
OPTIONAL_CELLS = ("sni", "email", "postal_address")


def parse_orgnr(frame: pd.DataFrame, issues: Issues) -> pd.Series:
    """Validate ``orgnr``; returns compact 10-digit numbers (invalid and blank rows as "").

    Blank cells are the required-cell check's to report.
    """
    cells = frame["orgnr"]
    compact, errors = check_orgnr(cells)
    bad = (errors != "") & (errors != BLANK)
    for row, value, error in zip(
        cells.index[bad], cells[bad].tolist(), errors[bad].tolist(), strict=True
    ):
        issues.add(
            int(row),
            "orgnr",
            ORGNR_PROBLEM,
            found=found(value),
            reason=ORGNR_REASONS.get(error, error),
        )
    return compact


def _parse_choice(
    frame: pd.DataFrame,
    issues: Issues,
    column: str,
    choices: Mapping[str, object],
    template: str,
    **params: str,
) -> pd.Series:
    cells = frame[column]
    mapped = cells.str.casefold().map(choices)
    issues.add_mask(cells, mapped.isna() & (cells != ""), column, template, **params)
    return mapped


def _parse_count(frame: pd.DataFrame, issues: Issues, column: str, template: str) -> pd.Series:
    numbers, bad = parse_whole(frame[column])
    bad = bad | (numbers < 0)
    issues.add_mask(frame[column], bad & (frame[column] != ""), column, template)
    return numbers.where(~bad)


def read_register(path: Source, *, filename: str | None = None) -> pd.DataFrame:
    """Read a company register from a CSV or .xlsx file.

    Parameters
    ----------
    path : str, path-like or binary file
        A ``.csv`` (UTF-8, comma or semicolon separated) or ``.xlsx`` file (first
        sheet) with the columns in :data:`REGISTER_COLUMNS` (headers matched ignoring
        case).
    filename : str, optional
        Name to report in messages and to take the suffix from, for file objects.

    Returns
    -------
    pandas.DataFrame
        One row per company site, columns :data:`REGISTER_COLUMNS`: ``orgnr`` as 10
        digits without hyphen, ``legal_form`` in upper case (one of
        :data:`LEGAL_FORMS`), ``employees`` and ``turnover_sek`` as int64,
        ``kommunkod`` as 4 digits, ``site_type`` ``head_office``/``workplace``,
        ``opt_out`` as bool; the other columns as text ("" when blank).

    Raises
    ------
    ImportValidationError
        With every problem found (row numbers as in a spreadsheet, header = 1):
        invalid organisation numbers with stdnum's reason, unknown municipality codes,
        legal forms, site types, opt-out values or counts, blank required cells, a
        key (``orgnr``, ``kommunkod``, ``site_type``) repeated, or a company with more
        than one head office.

    Examples
    --------
    >>> register = read_register("foretag.csv")  # doctest: +SKIP
    >>> register.columns.tolist()[:3]  # doctest: +SKIP
    ['orgnr', 'name', 'legal_form']
    """
    table = read_table(path, filename, fallback_encoding="cp1252")
    issues = Issues(table.file)
    layout = company_layouts.detect(table)
    if layout is company_layouts.BOLAGSVERKET:
        issues.add(
            None,
            None,
            N_(
                "väntade ett företagsregister med kommun, antal anställda och omsättning för "
                "urvalet, fanns Bolagsverkets bulkfil, som saknar dem: använd ett uttag ur "
                "SCB:s företagsregister eller registrets eget format"
            ),
        )
        issues.raise_if_any()
    if layout is company_layouts.SCB:
        converted = company_layouts.scb_register(table, issues)
        try:
            register = _read(converted.frame, issues)
        except ImportValidationError as error:
            raise error.with_columns_as_written(converted.written) from None
        register.attrs["left_out"] = {
            "inactive": converted.inactive,
            "other_forms": converted.other_forms,
        }
        return register
    frame = canonical_columns(table.frame, REGISTER_COLUMNS)
    check_columns(frame, issues, REGISTER_COLUMNS)
    issues.raise_if_any()
    return _read(frame, issues)


def _read(frame: pd.DataFrame, issues: Issues) -> pd.DataFrame:
    """The register's checks and parsing, on its canonical text columns."""

    for column in REGISTER_COLUMNS:
        if column not in OPTIONAL_CELLS:
            check_required(
                frame,
                issues,
                column,
                N_("väntade ett värde i %(column)s, fanns %(found)s"),
                column=column,
            )
    result = pd.DataFrame(index=frame.index)
    result["orgnr"] = parse_orgnr(frame, issues)
    result["name"] = frame["name"]
    result["legal_form"] = _parse_choice(
        frame,
        issues,
        "legal_form",
        {f.casefold(): f for f in LEGAL_FORMS},
        N_(
            "väntade en av %(forms)s (”EF” för enskild firma, ”OFF” för offentliga "
            "organisationer), fanns %(found)s"
        ),
        forms=quoted_names(LEGAL_FORMS),
    )
    result["sni"] = frame["sni"]
    result["employees"] = _parse_count(
        frame,
        issues,
        "employees",
        N_("väntade ett helt antal anställda, 0 eller fler, fanns %(found)s"),
    )
    result["turnover_sek"] = _parse_count(
        frame,
        issues,
        "turnover_sek",
        N_("väntade ett helt antal kronor, 0 eller fler (inga decimaler), fanns %(found)s"),
    )
    result["kommunkod"] = parse_kommunkod(frame, issues)
    result["site_type"] = _parse_choice(
        frame,
        issues,
        "site_type",
        {s: s for s in SITE_TYPES},
        N_("väntade ”head_office” eller ”workplace”, fanns %(found)s"),
    )
    result["email"] = frame["email"]
    result["postal_address"] = frame["postal_address"]
    result["opt_out"] = _parse_choice(
        frame, issues, "opt_out", BOOLEANS, N_("väntade ”true” eller ”false”, fanns %(found)s")
    )

    keyed = result[
        (result["orgnr"] != "") & (result["kommunkod"] != "") & result["site_type"].notna()
    ]
    report_duplicates(
        keyed,
        KEY,
        issues,
        "orgnr",
        N_(
            "väntade en rad per organisationsnummer, kommun och site_type, fanns "
            "organisationsnummer %(orgnr)s som %(site_type)s i kommun %(kommunkod)s på "
            "raderna %(rows)s"
        ),
    )
    head_offices = keyed[keyed["site_type"] == "head_office"]
    report_duplicates(
        head_offices,
        ("orgnr",),
        issues,
        "site_type",
        N_(
            "väntade högst en rad per företag som head_office, fanns organisationsnummer "
            "%(orgnr)s som head_office på raderna %(rows)s"
        ),
    )
    issues.raise_if_any()

    result = result.reset_index(drop=True)
    result["employees"] = result["employees"].astype("int64")
    result["turnover_sek"] = result["turnover_sek"].astype("int64")
    result["opt_out"] = result["opt_out"].astype(bool)
    for column in (
        "orgnr",
        "name",
        "legal_form",
        "sni",
        "kommunkod",
        "site_type",
        "email",
        "postal_address",
    ):
        result[column] = result[column].astype(str)
    return result[list(REGISTER_COLUMNS)]


def merge_register(existing: pd.DataFrame, new: pd.DataFrame) -> pd.DataFrame:
    """Merge a re-imported register into an existing one: update, never duplicate.

    Parameters
    ----------
    existing, new : pandas.DataFrame
        Registers as returned by :func:`read_register`.

    Returns
    -------
    pandas.DataFrame
        ``existing`` with every row of ``new`` added or, when its key (``orgnr``,
        ``kommunkod``, ``site_type``) exists, replacing the old row. A company whose
        head office ``new`` places anywhere loses its old head-office row (it moved),
        so that a company keeps one head office. Rows missing from ``new`` are kept:
        a re-import is an update, not a replacement. Sorted by the key.

    Examples
    --------
    >>> merged = merge_register(read_register("2024.csv"),
    ...                         read_register("2025.csv"))  # doctest: +SKIP
    """
    moved = existing["orgnr"].isin(new.loc[new["site_type"] == "head_office", "orgnr"])
    kept = existing[~(moved & (existing["site_type"] == "head_office"))]
    merged = pd.concat([kept, new], ignore_index=True)
    merged = merged.drop_duplicates(list(KEY), keep="last")
    return merged.sort_values(list(KEY)).reset_index(drop=True)[list(REGISTER_COLUMNS)]
