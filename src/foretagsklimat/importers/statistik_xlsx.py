"""Read the published Statistik.xlsx ("Statistikfaktorer") workbook.

Layout (sheet ``Sheet1``): ``Faktor``, ``Delserie``, ``Kommun``, ``Län``, ``Kommungrupp``,
then one column per year. One row per municipality (by name) and statistic, plus a row
for Sweden as a whole (``Sverige``).
"""

from __future__ import annotations

from typing import NamedTuple

import pandas as pd

from foretagsklimat.reference import NATIONAL_NAMES, code_by_name

from ._catalogue import catalogue
from .checks import (
    FIRST_YEAR,
    Issues,
    canonical_columns,
    last_year,
    parse_numbers,
    quoted_names,
    report_duplicates,
)
from .errors import N_, Issue
from .tables import Source, read_table

SHEET = "Sheet1"
LABEL_COLUMNS = ("Faktor", "Delserie", "Kommun", "Län", "Kommungrupp")


class StatistikWorkbook(NamedTuple):
    """Everything read from a Statistik.xlsx workbook.

    Attributes
    ----------
    statistics : pandas.DataFrame
        Canonical statistics: ``kommunkod``, ``year`` (int), ``statistic``, ``value``.
    national : pandas.DataFrame
        Sweden as a whole: ``year``, ``statistic``, ``value``.
    skipped : list of Issue
        One note per Faktor/Delserie combination that maps to no statistic in the
        catalogue; those rows were not read. Not an error: the workbook publishes more
        series than the ranking uses.
    """

    statistics: pd.DataFrame
    national: pd.DataFrame
    skipped: list[Issue]


def _statistic_codes(frame: pd.DataFrame) -> pd.Series:
    """The statistic code of each row per the catalogue's ``xlsx`` entries, or NaN.

    An entry with a Delserie matches that Faktor and Delserie; an entry without one
    matches the Faktor whatever its Delserie. Names are compared ignoring case.
    """
    faktor = frame["Faktor"].str.casefold()
    delserie = frame["Delserie"].str.casefold() if "Delserie" in frame else ""
    codes = pd.Series(pd.NA, index=frame.index, dtype="object")
    # Specific entries (with Delserie) first, so they win over Faktor-wide ones.
    entries = sorted(catalogue().xlsx, key=lambda entry: entry[1] is None)
    for entry_faktor, entry_delserie, code in entries:
        match = faktor == entry_faktor.casefold()
        if entry_delserie is not None:
            match &= delserie == entry_delserie.casefold()
        codes = codes.where(~(match & codes.isna()), code)
    return codes


def read_statistik_workbook(path: Source, *, filename: str | None = None) -> StatistikWorkbook:
    """Read Statistik.xlsx into municipality and national statistics.

    Parameters
    ----------
    path : str, path-like or binary file
        The workbook (``.xlsx``).
    filename : str, optional
        Name to report in messages, for file objects.

    Returns
    -------
    StatistikWorkbook

    Raises
    ------
    ImportValidationError
        Missing sheet or column, a header that is neither a label column nor a year, a
        non-numeric value (the issue names the year column), an unknown municipality
        name, the same statistic twice for one municipality, or no row at all that
        maps to a known statistic. Blank value cells are missing data, not errors.
    """
    table = read_table(path, filename, sheet=SHEET)
    issues = Issues(table.file)
    frame = canonical_columns(table.frame, LABEL_COLUMNS, {"Lan": "Län"})
    for name in ("Faktor", "Kommun"):
        if name not in frame.columns:
            issues.add(
                1, name, N_("väntade den här kolumnen i rubrikraden (den krävs), fanns ingen")
            )
    years = [c for c in frame.columns if c.isdigit() and len(c) == 4]
    for column in frame.columns:
        if column in LABEL_COLUMNS:
            continue
        if column in years and FIRST_YEAR <= int(column) <= last_year():
            continue
        issues.add(
            1,
            column,
            N_(
                "väntade ett år från %(first)d till %(last)d (som 2019) eller en av "
                "%(expected)s, fanns en okänd kolumn"
            ),
            first=FIRST_YEAR,
            last=last_year(),
            expected=quoted_names(LABEL_COLUMNS),
        )
    if not years:
        issues.add(1, None, N_("väntade en kolumn per år (som 2019), fanns ingen"))
    issues.raise_if_any()

    codes = _statistic_codes(frame)
    mapped = codes.notna()
    skipped = _skipped(frame[~mapped], table.file)
    if not mapped.any():
        issues.add(
            None,
            "Faktor",
            N_(
                "väntade minst en rad vars Faktor/Delserie är känd statistik (som Faktor "
                "”Nyföretagsamhet”), fanns ingen"
            ),
        )
        issues.raise_if_any()
    rows = frame[mapped].assign(statistic=codes[mapped])

    names = rows["Kommun"]
    national = names.str.casefold().isin({n.casefold() for n in NATIONAL_NAMES})
    by_name = code_by_name()
    folded = {name.casefold(): code for name, code in by_name.items()}
    kommunkod = names.map(by_name).fillna(names.str.casefold().map(folded))
    issues.add_mask(
        names,
        kommunkod.isna() & ~national,
        "Kommun",
        N_("väntade ett kommunnamn som ”Upplands Väsby”, eller ”Sverige”, fanns %(found)s"),
    )
    rows = rows.assign(kommunkod=kommunkod.where(~national, "national"))

    keyed = rows[rows["kommunkod"].notna()]
    report_duplicates(
        keyed,
        ("kommunkod", "statistic"),
        issues,
        "Kommun",
        N_(
            "väntade en rad per kommun och statistik, fanns statistiken ”%(statistic)s” för "
            "samma kommun på raderna %(rows)s"
        ),
    )

    long = rows.melt(
        id_vars=["kommunkod", "statistic"],
        value_vars=years,
        var_name="year",
        value_name="cell",
        ignore_index=False,
    )
    values, bad = parse_numbers(long["cell"])
    for year in years:
        in_year = (long["year"] == year).to_numpy()
        issues.add_mask(
            long["cell"][in_year],
            bad[in_year],
            year,
            N_("väntade ett tal eller en tom cell, fanns %(found)s"),
        )
    issues.raise_if_any()

    long = long.assign(value=values, year=long["year"].astype("int64"))
    long = long[long["value"].notna()].reset_index(drop=True)
    long = long.sort_values(["statistic", "year", "kommunkod"], kind="stable")
    is_national = long["kommunkod"] == "national"
    statistics = long.loc[~is_national, ["kommunkod", "year", "statistic", "value"]]
    statistics = statistics.assign(kommunkod=statistics["kommunkod"].astype(str))
    nation = long.loc[is_national, ["year", "statistic", "value"]]
    return StatistikWorkbook(
        statistics.reset_index(drop=True), nation.reset_index(drop=True), skipped
    )


def _skipped(rows: pd.DataFrame, file: str) -> list[Issue]:
    """One note per unmapped Faktor/Delserie combination, naming its first row."""
    if rows.empty:
        return []
    delserie = rows["Delserie"] if "Delserie" in rows else pd.Series("", index=rows.index)
    groups = pd.DataFrame({"Faktor": rows["Faktor"], "Delserie": delserie, "row": rows.index})
    summary = groups.groupby(["Faktor", "Delserie"], sort=False)["row"].agg(["min", "count"])
    return [
        Issue.of(
            file,
            int(first),
            "Faktor",
            N_(
                "hoppade över %(count)d rad(er) med Faktor ”%(faktor)s”, Delserie ”%(part)s”: "
                "ingen statistik i katalogen"
            )
            if part
            else N_(
                "hoppade över %(count)d rad(er) med Faktor ”%(faktor)s”: ingen statistik i "
                "katalogen"
            ),
            count=int(count),
            faktor=faktor,
            part=part,
        )
        for (faktor, part), first, count in zip(
            summary.index, summary["min"], summary["count"], strict=True
        )
    ]


def read_statistik_xlsx(path: Source, *, filename: str | None = None) -> pd.DataFrame:
    """Read the municipality statistics of a Statistik.xlsx workbook.

    Parameters
    ----------
    path : str, path-like or binary file
        The workbook (``.xlsx``, sheet ``Sheet1``).
    filename : str, optional
        Name to report in messages, for file objects.

    Returns
    -------
    pandas.DataFrame
        Canonical statistics: ``kommunkod``, ``year`` (int), ``statistic``, ``value``,
        sorted by statistic, year and municipality. The ``Sverige`` row and rows of
        series the catalogue does not know are left out; use
        :func:`read_statistik_workbook` to get them.

    Raises
    ------
    ImportValidationError
        See :func:`read_statistik_workbook`.
    """
    return read_statistik_workbook(path, filename=filename).statistics
