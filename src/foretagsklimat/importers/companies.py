"""Read a municipality's company list: only the organisation number and the name are
needed, every other column is optional.

A business office's own list (Swedish headers, as in :data:`COLUMNS`) and the survey's
company register format (English headers, see ``docs/importing.md``) both read. Every
problem of the file is reported at once, each naming file, row, column and what was
expected: missing and unknown columns, then every bad cell of the columns that are
there, then repeated organisation numbers. The messages are interface texts marked with
:func:`~.errors.N_`, for the web application to translate.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from . import company_layouts
from .checks import (
    BLANK,
    ORGNR_PROBLEM,
    ORGNR_REASONS,
    Issues,
    canonical_columns,
    check_orgnr,
    check_required,
    found,
    parse_whole,
)
from .errors import N_, ImportValidationError
from .tables import Source, read_table


@dataclass(frozen=True)
class Column:
    """One column of the company list: its header, what it holds, whether it is required."""

    header: str
    description: str
    required: bool = False
    example: str = ""


#: The columns by their Swedish header, in the template's order.
COLUMNS: tuple[Column, ...] = (
    Column(
        "organisationsnummer",
        N_("Organisationsnummer, 10 siffror med eller utan bindestreck."),
        required=True,
        example="556036-0793",
    ),
    Column("namn", N_("Företagets namn."), required=True, example="Storviks Bageri AB"),
    Column("sni", N_("SNI-kod (2007), upp till 5 siffror."), example="10710"),
    Column("anställda", N_("Antal anställda, ett heltal 0 eller mer."), example="4"),
    Column("adress", N_("Gatuadress."), example="Storgatan 2"),
    Column("postnummer", N_("Postnummer, 5 siffror."), example="812 31"),
    Column("postort", N_("Postort."), example="Storvik"),
    Column("område", N_("Tätort eller kommundel, för filtrering."), example="Storvik"),
    Column(
        "huvudkontor",
        N_("Ja om huvudkontoret ligger i kommunen, nej om det är en arbetsplats här."),
        example="ja",
    ),
    Column(
        "kommunkod",
        N_("Kommunkod, 4 siffror; om kolumnen finns måste den vara kommunens egen."),
        example="2181",
    ),
)

#: Other spellings of the headers, among them the survey register format's.
ALIASES = {
    "orgnr": "organisationsnummer",
    "org.nr": "organisationsnummer",
    "org nr": "organisationsnummer",
    "organisationsnr": "organisationsnummer",
    "name": "namn",
    "företagsnamn": "namn",
    "foretagsnamn": "namn",
    "sni-kod": "sni",
    "sni2007": "sni",
    "employees": "anställda",
    "anstallda": "anställda",
    "antal anställda": "anställda",
    "gatuadress": "adress",
    "postal_code": "postnummer",
    "postal_town": "postort",
    "omrade": "område",
    "area": "område",
    "site_type": "huvudkontor",
    "postal_address": "postadress",
}
#: The register format's combined address ("Storgatan 2, 812 31 Storvik").
POSTAL_ADDRESS = "postadress"
#: Columns of the register format that a company list does not use; they are read over.
IGNORED = ("legal_form", "turnover_sek", "email", "opt_out")

HEAD_OFFICE = {
    "ja": True,
    "j": True,
    "nej": False,
    "n": False,
    "yes": True,
    "no": False,
    "true": True,
    "false": False,
    "1": True,
    "0": False,
    "x": True,
    "head_office": True,
    "workplace": False,
}


def read_companies(
    source: Source,
    filename: str | None = None,
    *,
    kommunkod: str | None = None,
    municipality_name: str = "",
    postal_towns: Iterable[str] = (),
) -> pd.DataFrame:
    """Read a company list from a CSV or .xlsx file (the first sheet).

    Parameters
    ----------
    source : path or binary file
    filename : str, optional
        The name to report and to take the suffix from.
    kommunkod : str, optional
        The municipality the list is for: a ``kommunkod`` column, when there is one,
        must hold it in every row.
    municipality_name : str, optional
        Its name, for the messages.
    postal_towns : iterable of str, optional
        The municipality's postal towns: a national file without a municipality column
        (Bolagsverket's bulk file) is read for the companies in these towns only.

    Returns
    -------
    pandas.DataFrame
        One row per organisation number (index: the spreadsheet rows), columns
        ``orgnr`` (10 digits), ``name``, ``sni``, ``employees`` (float, NaN when
        blank), ``address``, ``postal_code``, ``postal_town``, ``area``,
        ``head_office`` (bool, True when blank), ``postal_address`` (the register
        format's combined address, "" when absent) and ``given``: the names of the
        optional fields the file has, so that a re-import leaves the others alone.
        A company listed once as head office and once as a workplace is one row.
        Bolagsverket's bulk file and SCB's Företagsregistret are read in their own
        layouts (:mod:`.company_layouts`); ``attrs["layout"]`` then names the layout and
        ``attrs["left_out"]`` counts the rows left out (``persons``, ``inactive``,
        ``elsewhere``).

    Raises
    ------
    ImportValidationError
        With every problem found.
    """
    # Swedish Excel's plain CSV and SCB's files are Windows-1252 (Latin-1), not UTF-8.
    table = read_table(source, filename, fallback_encoding="cp1252")
    issues = Issues(table.file)
    known = [c.header for c in COLUMNS]
    layout = company_layouts.detect(table)
    converted = None
    if layout is not None:
        converted = company_layouts.convert(
            table, layout, issues, kommunkod=kommunkod, postal_towns=postal_towns
        )
        frame, written = converted.frame, converted.written
        if frame.empty:
            issues.add(
                None,
                None,
                N_("väntade företag i kommunen, fanns inga bland filens %(rows)d rader"),
                rows=len(table.frame),
            )
            issues.raise_if_any()
    else:
        frame = canonical_columns(table.frame, [*known, POSTAL_ADDRESS, *IGNORED], ALIASES)
        # Messages name a column as the file writes it ("orgnr"), not by its canonical name.
        written = dict(zip(frame.columns, table.frame.columns, strict=True))
    try:
        result = _read(table.file, frame, issues, known, kommunkod, municipality_name)
    except ImportValidationError as error:
        raise error.with_columns_as_written(written) from None
    if converted is not None:
        result.attrs["layout"] = converted.layout.code
        result.attrs["left_out"] = {
            "persons": converted.persons,
            "inactive": converted.inactive,
            "elsewhere": converted.elsewhere,
        }
    return result


def _read(
    file: str,
    frame: pd.DataFrame,
    issues: Issues,
    known: list[str],
    kommunkod: str | None,
    municipality_name: str,
) -> pd.DataFrame:
    columns = set(frame.columns)
    for column in COLUMNS:
        if column.required and column.header not in columns:
            issues.add(
                1,
                column.header,
                N_("kolumnen %(column)s saknas: den behövs (rubrik på första raden)"),
                column=column.header,
            )
    allowed = {*known, POSTAL_ADDRESS, *IGNORED}
    for header in frame.columns:
        if header not in allowed:
            issues.add(
                1, header, N_("okänd kolumn; väntade en av %(expected)s"), expected=", ".join(known)
            )
    duplicated = list(dict.fromkeys(frame.columns[frame.columns.duplicated()]))
    for header in duplicated:
        issues.add(
            1, header, N_("kolumnen finns mer än en gång (stora och små bokstäver räknas lika)")
        )
    if duplicated:
        # Which of two same-named columns holds a row's value cannot be told.
        issues.raise_if_any()

    result = pd.DataFrame(index=frame.index)
    blank = pd.Series("", index=frame.index)
    result["orgnr"] = _orgnr(frame, issues) if "organisationsnummer" in columns else blank
    if "namn" in columns:
        check_required(frame, issues, "namn", N_("väntade ett namn, fanns %(found)s"))
        result["name"] = frame["namn"]
    else:
        result["name"] = blank
    result["sni"] = _sni(frame, issues) if "sni" in columns else blank
    if "anställda" in columns:
        numbers, bad = parse_whole(frame["anställda"])
        bad = bad | (numbers < 0)
        _report(
            frame, issues, "anställda", bad, N_("väntade ett heltal 0 eller mer, fanns %(found)s")
        )
        result["employees"] = numbers.where(~bad)
    else:
        result["employees"] = float("nan")
    for header, field in (("adress", "address"), ("postort", "postal_town"), ("område", "area")):
        result[field] = frame[header] if header in columns else blank
    result["postal_code"] = _postal_code(frame, issues) if "postnummer" in columns else blank
    result["postal_address"] = frame[POSTAL_ADDRESS] if POSTAL_ADDRESS in columns else blank
    if "huvudkontor" in columns:
        mapped = frame["huvudkontor"].str.casefold().map(HEAD_OFFICE)
        bad = mapped.isna() & (frame["huvudkontor"] != "")
        _report(frame, issues, "huvudkontor", bad, N_("väntade ja eller nej, fanns %(found)s"))
        # A blank cell means head office; "boolean" holds the gaps of an all-blank column.
        result["head_office"] = mapped.astype("boolean").fillna(True).astype(bool)
    else:
        result["head_office"] = True
    if "kommunkod" in columns and kommunkod is not None:
        # Blank is this municipality; Excel may have dropped a leading zero ("114").
        cells = frame["kommunkod"]
        foreign = (cells != "") & (cells.str.zfill(4) != kommunkod)
        _report(
            frame,
            issues,
            "kommunkod",
            foreign,
            N_(
                "väntade kommunens kod %(expected)s, fanns %(found)s: bara kommunens egna "
                "företag kan importeras här"
            ),
            expected=f"{kommunkod} ({municipality_name})" if municipality_name else kommunkod,
        )
    _repeated(result, issues)
    issues.raise_if_any()
    given = [
        field
        for header, field in (
            ("sni", "sni"),
            ("anställda", "employees"),
            ("adress", "address"),
            ("postnummer", "postal_code"),
            ("postort", "postal_town"),
            ("område", "area"),
            ("huvudkontor", "head_office"),
        )
        if header in columns
    ]
    if POSTAL_ADDRESS in columns:
        given.extend(f for f in ("address", "postal_code", "postal_town") if f not in given)
    # A company with its head office here and a workplace here is one company.
    result = result.sort_values("head_office", ascending=False, kind="stable")
    result = result.drop_duplicates("orgnr").sort_index()
    result.attrs["given"] = given
    return result


def _report(
    frame: pd.DataFrame,
    issues: Issues,
    column: str,
    mask: pd.Series,
    template: str,
    **params: str,
) -> None:
    """One issue per row where ``mask`` holds, quoting the cell as ``found``."""
    issues.add_mask(frame[column], mask, column, template, **params)


def _orgnr(frame: pd.DataFrame, issues: Issues) -> pd.Series:
    cells = frame["organisationsnummer"]
    compact, errors = check_orgnr(cells)
    bad = errors != ""
    for row, value, error in zip(
        cells.index[bad].to_numpy(dtype=int), cells[bad].tolist(), errors[bad].tolist(), strict=True
    ):
        if error == BLANK:
            template = N_("väntade ett organisationsnummer som 556036-0793, fanns %(found)s")
            issues.add(int(row), "organisationsnummer", template, found=found(value))
            continue
        issues.add(
            int(row),
            "organisationsnummer",
            ORGNR_PROBLEM,
            found=found(value),
            reason=ORGNR_REASONS.get(error, error),
        )
    return compact


def _sni(frame: pd.DataFrame, issues: Issues) -> pd.Series:
    cells = frame["sni"].str.replace(r"[\s.]", "", regex=True)
    bad = (cells != "") & ~cells.str.fullmatch(r"\d{1,5}")
    _report(
        frame, issues, "sni", bad, N_("väntade en SNI-kod med upp till 5 siffror, fanns %(found)s")
    )
    return cells.where(~bad, "")


def _postal_code(frame: pd.DataFrame, issues: Issues) -> pd.Series:
    digits = frame["postnummer"].str.replace(r"\s", "", regex=True)
    bad = (digits != "") & ~digits.str.fullmatch(r"\d{5}")
    _report(
        frame,
        issues,
        "postnummer",
        bad,
        N_("väntade ett postnummer med 5 siffror, fanns %(found)s"),
    )
    formatted = digits.str.slice(0, 3) + " " + digits.str.slice(3)
    return formatted.where((digits != "") & ~bad, "")


def _repeated(result: pd.DataFrame, issues: Issues) -> None:
    """A number twice is a mistake, unless once as head office and once as a workplace."""
    keyed = result[result["orgnr"] != ""]
    repeated = keyed.duplicated(["orgnr", "head_office"], keep=False)
    if not repeated.any():
        return
    rows_of = keyed[repeated].groupby(["orgnr", "head_office"]).groups
    for key, rows in rows_of.items():
        orgnr = str(key[0])  # type: ignore[index]
        listing = ", ".join(str(int(r)) for r in rows)
        for row in rows:
            issues.add(
                int(row),
                "organisationsnummer",
                N_("väntade en rad per företag, fanns %(orgnr)s på raderna %(rows)s"),
                orgnr=f"{orgnr[:6]}-{orgnr[6:]}",
                rows=listing,
            )


def template_columns() -> tuple[Column, ...]:
    """The columns the import template has, with their descriptions."""
    return COLUMNS


__all__ = ["COLUMNS", "Column", "ImportValidationError", "read_companies", "template_columns"]
