"""Read survey answers: one row per answered questionnaire."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._catalogue import catalogue
from .checks import (
    Issues,
    canonical_columns,
    check_columns,
    check_required,
    parse_kommunkod,
    parse_whole,
    parse_year,
    report_duplicates,
)
from .errors import N_
from .tables import Source, read_table

ID_COLUMNS = ("respondent_id", "kommunkod", "year", "respondent_type")

#: Accepted spellings of the respondent type (compared ignoring case).
RESPONDENT_TYPES = {
    "company": "company",
    "företag": "company",
    "foretag": "company",
    "politician": "politician",
    "politiker": "politician",
}

GRADE_EXPECTED = N_("väntade ett betyg 1–6 eller ”vet ej”, fanns %(found)s")


def parse_respondent_type(frame: pd.DataFrame, issues: Issues) -> pd.Series:
    """Map ``respondent_type`` to ``company``/``politician``; reports other values."""
    cells = frame["respondent_type"]
    mapped = cells.str.casefold().map(RESPONDENT_TYPES)
    issues.add_mask(
        cells,
        mapped.isna(),
        "respondent_type",
        N_("väntade ”company” eller ”politician” (eller ”företag”, ”politiker”), fanns %(found)s"),
    )
    return mapped


def parse_grades(cells: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Grades 1–6 as float; "vet ej" and blank cells become NaN.

    Returns the grades and the mask of cells that are neither a grade nor "vet ej".
    """
    dont_know = cells.str.casefold().str.fullmatch(r"vet\s+ej")
    numbers, bad = parse_whole(cells.where(~dont_know, ""))
    bad = bad | (numbers < 1) | (numbers > 6)
    return numbers.where(~bad), bad


def read_answers(
    path: Source,
    *,
    filename: str | None = None,
    year: int | None = None,
    reserved_prefix: str | None = None,
) -> pd.DataFrame:
    """Read answered questionnaires from a CSV or .xlsx file.

    Parameters
    ----------
    path : str, path-like or binary file
        A ``.csv`` (UTF-8, comma or semicolon separated) or ``.xlsx`` file (first sheet).
    filename : str, optional
        Name to report in messages and to take the suffix from, for file objects.
    year : int, optional
        The only year the file may hold (a survey round's), checked with the rest.
    reserved_prefix : str, optional
        A prefix no ``respondent_id`` may start with (the ids of personal links).

    Returns
    -------
    pandas.DataFrame
        The canonical answers frame: ``respondent_id`` (str), ``kommunkod`` (str),
        ``year`` (int), ``respondent_type`` (``"company"``/``"politician"``), then one
        float column per catalogue question in catalogue order; NaN means "vet ej",
        blank, or a question the file has no column for.

    Raises
    ------
    ImportValidationError
        With every problem found; nothing is returned in part.

    Examples
    --------
    >>> answers = read_answers("enkat-2024.csv")  # doctest: +SKIP
    >>> answers.columns[:5].tolist()  # doctest: +SKIP
    ['respondent_id', 'kommunkod', 'year', 'respondent_type', 'overall_grade']
    """
    table = read_table(path, filename)
    issues = Issues(table.file)
    questions = catalogue().questions
    frame = canonical_columns(table.frame, (*ID_COLUMNS, *questions))
    check_columns(
        frame,
        issues,
        ID_COLUMNS,
        questions,
        unknown=N_(
            "väntade en frågekod ur katalogen (som ”overall_grade” eller ”service”) eller en "
            "av %(expected)s, fanns en okänd kolumn"
        ),
        listed=ID_COLUMNS,
    )
    present = [q for q in questions if q in frame.columns]
    if not present:
        issues.add(1, None, N_("väntade minst en frågekolumn (som ”overall_grade”), fanns ingen"))

    result = pd.DataFrame(index=frame.index)
    if "respondent_id" in frame.columns:
        check_required(
            frame, issues, "respondent_id", N_("väntade ett svarande-id, fanns %(found)s")
        )
        result["respondent_id"] = frame["respondent_id"]
        if reserved_prefix:
            issues.add_mask(
                frame["respondent_id"],
                frame["respondent_id"].str.startswith(reserved_prefix),
                "respondent_id",
                N_(
                    "väntade ett id som inte börjar med ”%(prefix)s” (reserverat för "
                    "personliga länkar), fanns %(found)s"
                ),
                prefix=reserved_prefix,
            )
    if "kommunkod" in frame.columns:
        result["kommunkod"] = parse_kommunkod(frame, issues)
    if "year" in frame.columns:
        result["year"] = parse_year(frame, issues)
        if year is not None:
            issues.add_mask(
                frame["year"],
                result["year"].notna() & (result["year"] != year),
                "year",
                N_("väntade %(year)d (den här omgången), fanns %(found)s"),
                year=year,
            )
    if "respondent_type" in frame.columns:
        result["respondent_type"] = parse_respondent_type(frame, issues)
    for question in questions:
        if question in frame.columns:
            grades, bad = parse_grades(frame[question])
            issues.add_mask(frame[question], bad, question, GRADE_EXPECTED)
            result[question] = grades
        else:
            result[question] = np.nan

    if {"respondent_id", "year"} <= set(result.columns):
        keyed = result[(result["respondent_id"] != "") & result["year"].notna()]
        report_duplicates(
            keyed.assign(year=keyed["year"].astype("int64")),
            ("respondent_id", "year"),
            issues,
            "respondent_id",
            N_(
                "väntade en rad per respondent_id och år, fanns svarande ”%(respondent_id)s” "
                "år %(year)s på raderna %(rows)s"
            ),
        )
    issues.raise_if_any()

    result = result.reset_index(drop=True)
    result["respondent_id"] = result["respondent_id"].astype(str)
    result["kommunkod"] = result["kommunkod"].astype(str)
    result["year"] = result["year"].astype("int64")
    result["respondent_type"] = result["respondent_type"].astype(str)
    result[list(questions)] = result[list(questions)].astype("float64")
    return result[[*ID_COLUMNS, *questions]]
