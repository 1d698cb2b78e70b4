"""Read official statistics (long form) and factor values (published means per factor)."""

from __future__ import annotations

from typing import NamedTuple

import pandas as pd

from ._catalogue import catalogue
from .answers import parse_respondent_type
from .checks import (
    Issues,
    canonical_columns,
    check_columns,
    parse_kommunkod,
    parse_numbers,
    parse_whole,
    parse_year,
    report_duplicates,
)
from .errors import N_
from .tables import Source, read_table

FACTOR_COLUMNS = ("kommunkod", "year", "factor", "mean", "n")
STATISTIC_COLUMNS = ("kommunkod", "year", "indicator", "value")


#: A survey column (n, sd) filled in on a statistic's row.
BLANK_FOR_STATISTIC = N_("väntade en tom cell för statistik, fanns %(found)s")


class FactorFile(NamedTuple):
    """A factor-values file split by kind of factor.

    Attributes
    ----------
    factor_values : pandas.DataFrame
        Survey questions: ``kommunkod``, ``year``, ``question``, ``mean``, ``n`` (int),
        ``sd``, and ``respondent_type`` when the file has that column.
    statistics : pandas.DataFrame
        Statistics given as factors: ``kommunkod``, ``year``, ``statistic``, ``value``
        (the row's ``mean``).
    """

    factor_values: pd.DataFrame
    statistics: pd.DataFrame


def _check_codes(
    cells: pd.Series,
    issues: Issues,
    column: str,
    allowed: tuple[str, ...],
    wrong_kind: tuple[str, ...],
    wrong_kind_template: str,
    template: str,
) -> pd.Series:
    """Report codes that are not in ``allowed``; codes of the other kind get a hint."""
    other = cells.isin(list(wrong_kind))
    issues.add_mask(cells, other, column, wrong_kind_template)
    issues.add_mask(cells, ~cells.isin(list(allowed)) & ~other, column, template)
    return cells.where(cells.isin(list(allowed)), "")


def read_statistics(path: Source, *, filename: str | None = None) -> pd.DataFrame:
    """Read official statistics per municipality and year from a CSV or .xlsx file.

    Parameters
    ----------
    path : str, path-like or binary file
        A file with the columns ``kommunkod``, ``year``, ``indicator`` (a statistic
        code from the catalogue; ``statistic`` is accepted as the header too) and
        ``value``.
    filename : str, optional
        Name to report in messages and to take the suffix from, for file objects.

    Returns
    -------
    pandas.DataFrame
        The canonical statistics frame: ``kommunkod``, ``year`` (int), ``statistic``,
        ``value`` (float), in file order.

    Raises
    ------
    ImportValidationError
        With every problem found; nothing is returned in part.
    """
    table = read_table(path, filename)
    issues = Issues(table.file)
    frame = canonical_columns(table.frame, STATISTIC_COLUMNS, {"statistic": "indicator"})
    check_columns(frame, issues, STATISTIC_COLUMNS)
    result = pd.DataFrame(index=frame.index)
    if "kommunkod" in frame.columns:
        result["kommunkod"] = parse_kommunkod(frame, issues)
    if "year" in frame.columns:
        result["year"] = parse_year(frame, issues)
    if "indicator" in frame.columns:
        cat = catalogue()
        result["indicator"] = _check_codes(
            frame["indicator"],
            issues,
            "indicator",
            cat.statistics,
            cat.questions,
            N_(
                "väntade en statistikkod ur katalogen som ”municipal_tax”, fanns %(found)s "
                "(det är en enkätfråga: lägg den i en fil med faktorvärden)"
            ),
            N_("väntade en statistikkod ur katalogen som ”municipal_tax”, fanns %(found)s"),
        )
    if "value" in frame.columns:
        values, bad = parse_numbers(frame["value"])
        issues.add_mask(
            frame["value"], bad | values.isna(), "value", N_("väntade ett tal, fanns %(found)s")
        )
        result["value"] = values
    _report_key_duplicates(
        result,
        ("kommunkod", "year", "indicator"),
        issues,
        "indicator",
        N_(
            "väntade en rad per kommunkod, år och indikator, fanns kommunkod %(kommunkod)s, "
            "år %(year)s, indikator %(indicator)s på raderna %(rows)s"
        ),
    )
    issues.raise_if_any()
    result = result.rename(columns={"indicator": "statistic"})
    return _finish(result, ["kommunkod", "year", "statistic", "value"])


def _report_key_duplicates(
    result: pd.DataFrame, keys: tuple[str, ...], issues: Issues, column: str, template: str
) -> None:
    if not set(keys) <= set(result.columns):
        return
    valid = result["year"].notna()
    for key in keys:
        if key != "year":
            valid &= result[key].notna() & (result[key] != "")
    keyed = result.loc[valid, list(keys)]
    keyed = keyed.assign(year=keyed["year"].astype("int64"))
    report_duplicates(keyed, keys, issues, column, template)


def _finish(result: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    result = result.reset_index(drop=True)
    result["kommunkod"] = result["kommunkod"].astype(str)
    result["year"] = result["year"].astype("int64")
    return result[columns]


def read_factor_file(path: Source, *, filename: str | None = None) -> FactorFile:
    """Read factor values (published means), survey questions and statistics alike.

    Parameters
    ----------
    path : str, path-like or binary file
        A file with the columns ``kommunkod``, ``year``, ``factor`` (a question or
        statistic code; ``question`` is accepted as the header too), ``mean``, ``n``,
        and optionally ``sd`` and ``respondent_type``.
    filename : str, optional
        Name to report in messages and to take the suffix from, for file objects.

    Returns
    -------
    FactorFile
        Survey rows as canonical factor values, statistic rows as canonical statistics.

    Raises
    ------
    ImportValidationError
        With every problem found; nothing is returned in part.

    Notes
    -----
    Survey rows: ``mean`` within 1–6, ``n`` a whole number of answers ≥ 0, ``sd`` ≥ 0 or
    blank. A row with ``n`` = 0 has a blank mean and sd; ``sd`` must be blank when ``n``
    is below 2 (a sample standard deviation needs two answers).
    Statistic rows: ``mean`` holds the statistic's value (any number); ``n`` and ``sd``
    must be blank.
    """
    return _read_factors(path, filename, allow_statistics=True)


def _read_factors(path: Source, filename: str | None, *, allow_statistics: bool) -> FactorFile:
    table = read_table(path, filename)
    issues = Issues(table.file)
    cat = catalogue()
    optional = ("sd", "respondent_type")
    frame = canonical_columns(table.frame, (*FACTOR_COLUMNS, *optional), {"question": "factor"})
    check_columns(frame, issues, FACTOR_COLUMNS, optional)

    result = pd.DataFrame(index=frame.index)
    if "kommunkod" in frame.columns:
        result["kommunkod"] = parse_kommunkod(frame, issues)
    if "year" in frame.columns:
        result["year"] = parse_year(frame, issues)
    if "respondent_type" in frame.columns:
        result["respondent_type"] = parse_respondent_type(frame, issues)
    if allow_statistics:
        known: tuple[str, ...] = (*cat.questions, *cat.statistics)
        wrong_kind: tuple[str, ...] = ()
        expected = N_(
            "väntade en fråge- eller statistikkod ur katalogen som ”service”, fanns %(found)s"
        )
    else:
        known, wrong_kind = cat.questions, cat.statistics
        expected = N_("väntade en enkätfrågas kod ur katalogen som ”service”, fanns %(found)s")
    if "factor" in frame.columns:
        result["factor"] = _check_codes(
            frame["factor"],
            issues,
            "factor",
            known,
            wrong_kind,
            N_(
                "väntade en enkätfrågas kod ur katalogen som ”service”, fanns %(found)s "
                "(det är statistik: lägg den i en statistikfil)"
            ),
            expected,
        )
        survey = frame["factor"].isin(list(cat.questions))
        statistic = frame["factor"].isin(list(cat.statistics))
    else:
        # Without the factor column no row can be classified; check numbers as survey.
        survey = pd.Series(True, index=frame.index)
        statistic = ~survey

    blank = pd.Series("", index=frame.index)
    n_cells = frame["n"] if "n" in frame.columns else blank
    sd_cells = frame["sd"] if "sd" in frame.columns else blank
    mean_cells = frame["mean"] if "mean" in frame.columns else blank

    n, bad_n = parse_whole(n_cells)
    bad_n = bad_n | (n < 0)
    if "n" in frame.columns:
        issues.add_mask(
            n_cells,
            survey & (bad_n | n.isna()),
            "n",
            N_("väntade ett helt antal svar, 0 eller fler, fanns %(found)s"),
        )
        issues.add_mask(n_cells, statistic & (n_cells != ""), "n", BLANK_FOR_STATISTIC)
    no_answers = survey & (n == 0)

    means, bad_mean = parse_numbers(mean_cells)
    if "mean" in frame.columns:
        out_of_scale = survey & ((means < 1) | (means > 6))
        issues.add_mask(
            mean_cells,
            survey & ~no_answers & (bad_mean | means.isna() | out_of_scale),
            "mean",
            N_("väntade ett medelbetyg från 1 till 6, fanns %(found)s"),
        )
        issues.add_mask(
            mean_cells,
            no_answers & (mean_cells != ""),
            "mean",
            N_("väntade en tom cell när n är 0, fanns %(found)s"),
        )
        issues.add_mask(
            mean_cells,
            statistic & (bad_mean | means.isna()),
            "mean",
            N_("väntade ett tal (statistikens värde), fanns %(found)s"),
        )

    sd, bad_sd = parse_numbers(sd_cells)
    if "sd" in frame.columns:
        issues.add_mask(
            sd_cells,
            survey & (bad_sd | (sd < 0)),
            "sd",
            N_("väntade en standardavvikelse på 0 eller mer, eller en tom cell, fanns %(found)s"),
        )
        issues.add_mask(
            sd_cells,
            survey & ~bad_sd & (n < 2) & sd.notna(),
            "sd",
            N_("väntade en tom cell när n är mindre än 2, fanns %(found)s"),
        )
        issues.add_mask(sd_cells, statistic & (sd_cells != ""), "sd", BLANK_FOR_STATISTIC)

    result["mean"] = means
    result["n"] = n
    result["sd"] = sd
    keys: tuple[str, ...] = ("kommunkod", "year", "factor")
    if "respondent_type" in result.columns:
        keys = (*keys, "respondent_type")
    _report_key_duplicates(
        result,
        keys,
        issues,
        "factor",
        N_(
            "väntade en rad per kommunkod, år, faktor och respondent_type, fanns kommunkod "
            "%(kommunkod)s, år %(year)s, faktor %(factor)s, respondent_type "
            "%(respondent_type)s på raderna %(rows)s"
        )
        if "respondent_type" in keys
        else N_(
            "väntade en rad per kommunkod, år och faktor, fanns kommunkod %(kommunkod)s, "
            "år %(year)s, faktor %(factor)s på raderna %(rows)s"
        ),
    )
    issues.raise_if_any()

    with_type = ["respondent_type"] if "respondent_type" in result.columns else []
    factor_values = result[survey.to_numpy()].rename(columns={"factor": "question"})
    factor_values = factor_values.assign(n=factor_values["n"].astype("int64"))
    statistics = result[statistic.to_numpy()].rename(
        columns={"factor": "statistic", "mean": "value"}
    )
    return FactorFile(
        _finish(factor_values, ["kommunkod", "year", "question", "mean", "n", "sd", *with_type]),
        _finish(statistics, ["kommunkod", "year", "statistic", "value"]),
    )


def read_factor_values(path: Source, *, filename: str | None = None) -> pd.DataFrame:
    """Read factor values for survey questions from a CSV or .xlsx file.

    Parameters
    ----------
    path : str, path-like or binary file
        See :func:`read_factor_file` for the columns.
    filename : str, optional
        Name to report in messages and to take the suffix from, for file objects.

    Returns
    -------
    pandas.DataFrame
        The canonical factor values frame: ``kommunkod``, ``year``, ``question``,
        ``mean``, ``n`` (int), ``sd`` and, when the file has it, ``respondent_type``.

    Raises
    ------
    ImportValidationError
        With every problem found. Rows with a statistic code are reported too: this
        function returns survey factor values only and would otherwise drop them.
        Read a file that mixes both with :func:`read_factor_file`.
    """
    return _read_factors(path, filename, allow_statistics=False).factor_values
