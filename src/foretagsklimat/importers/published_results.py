"""Read published results: a municipality's rank and means as Svenskt Näringsliv published
them, one row per municipality, year and factor.

Columns (headers matched ignoring case; English names accepted):

* ``kommunkod`` (4 digits) or ``kommun`` (the name, as in ``Sandviken`` or
  ``Sandvikens kommun``): one of them;
* ``år`` (``year``): the ranking year;
* ``faktor`` (``factor``): ``Totalt`` (or ``Ranking``, ``total``) for the total ranking,
  otherwise a question or statistic of the catalogue by its code (``overall_grade``) or its
  Swedish name, in full or short (``Sammanfattande omdöme om företagsklimatet i kommunen``
  or ``Sammanfattande omdöme``, ``Kommunens service och bemötande till företagen`` or
  ``Service och bemötande``);
* ``värde`` (``value``): the published value (a mean grade 1–6, a statistic), may be blank;
* ``placering`` (``rank``): the published rank, a whole number 1–290, may be blank.

A row needs a value or a rank. A file may hold every municipality (as a download of the
whole ranking does); :func:`read_published_results` keeps one municipality's rows and
counts the others.
"""

from __future__ import annotations

from functools import cache

import pandas as pd

from foretagsklimat.engine.methodology import load_catalogue
from foretagsklimat.reference import code_by_name, municipality_codes

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
from .errors import N_, ImportValidationError
from .tables import Source, read_table

#: The factor code of the total ranking.
TOTAL = "total"

COLUMNS = ("kommunkod", "kommun", "år", "faktor", "värde", "placering")
ALIASES = {
    "municipality": "kommun",
    "year": "år",
    "ar": "år",
    "factor": "faktor",
    "value": "värde",
    "varde": "värde",
    "rank": "placering",
    "plats": "placering",
    "rankning": "placering",
}


@cache
def factor_codes() -> dict[str, str]:
    """Factor names and codes as a file may write them (folded) -> the catalogue's code."""
    names = {name: TOTAL for name in ("totalt", "total", "ranking", "totalranking")}
    catalogue = load_catalogue()
    for kind in ("questions", "statistics"):
        for code, entry in catalogue[kind].items():
            names[code.casefold()] = code
            label = str(entry.get("label_sv", "")).casefold()
            if label:
                names[label] = code
                names[_short(label)] = code
    return names


def _short(label: str) -> str:
    """A question's name as rankings print it in short: "Kommunens service och bemötande
    till företagen" -> "service och bemötande", "Sammanfattande omdöme om
    företagsklimatet i kommunen" -> "sammanfattande omdöme"."""
    short = label.removeprefix("kommunens ")
    for ending in (" till företagen", " om företagsklimatet i kommunen"):
        short = short.removesuffix(ending)
    return short


def read_published_results(
    source: Source, filename: str | None = None, *, kommunkod: str | None = None
) -> pd.DataFrame:
    """Read published results from a CSV or .xlsx file.

    Parameters
    ----------
    source : path or binary file
    filename : str, optional
        The name to report and to take the suffix from.
    kommunkod : str, optional
        Keep only this municipality's rows (the others are counted in
        ``attrs["elsewhere"]``).

    Returns
    -------
    pandas.DataFrame
        ``kommunkod``, ``year`` (int), ``factor`` (a catalogue code or ``"total"``),
        ``value`` (float, NaN when blank), ``rank`` (float, NaN when blank), indexed by
        the spreadsheet's rows.

    Raises
    ------
    ImportValidationError
        With every problem found, by row and column.
    """
    table = read_table(source, filename, fallback_encoding="cp1252")
    frame = canonical_columns(table.frame, COLUMNS, ALIASES)
    # Messages name a column as the file writes it ("year"), not by its canonical name.
    written = dict(zip(frame.columns, table.frame.columns, strict=True))
    try:
        result = _read(frame, Issues(table.file))
    except ImportValidationError as error:
        raise error.with_columns_as_written(written) from None
    elsewhere = 0
    if kommunkod is not None:
        own = result["kommunkod"] == kommunkod
        elsewhere = int((~own).sum())
        result = result[own]
    result.attrs["elsewhere"] = elsewhere
    return result


def _read(frame: pd.DataFrame, issues: Issues) -> pd.DataFrame:
    required = ("år", "faktor")
    check_columns(frame, issues, required, ("kommunkod", "kommun", "värde", "placering"))
    if "kommunkod" not in frame.columns and "kommun" not in frame.columns:
        issues.add(
            1, None, N_("väntade en kolumn kommunkod eller kommun i rubrikraden, fanns ingen")
        )
    if "värde" not in frame.columns and "placering" not in frame.columns:
        issues.add(
            1, None, N_("väntade en kolumn värde eller placering i rubrikraden, fanns ingen")
        )
    issues.raise_if_any()

    result = pd.DataFrame(index=frame.index)
    if "kommunkod" in frame.columns:
        result["kommunkod"] = parse_kommunkod(frame, issues)
    else:
        names = frame["kommun"]
        by_name = {name.casefold(): code for name, code in code_by_name().items()}
        codes = names.str.casefold().map(by_name)
        issues.add_mask(
            names,
            codes.isna(),
            "kommun",
            N_("väntade ett kommunnamn som ”Sandviken” eller ”Sandvikens kommun”, fanns %(found)s"),
        )
        result["kommunkod"] = codes.fillna("")
    result["year"] = parse_year(frame, issues, "år")
    factors = frame["faktor"].str.strip().str.casefold().map(factor_codes())
    issues.add_mask(
        frame["faktor"],
        factors.isna(),
        "faktor",
        N_(
            "väntade ”Totalt” eller en faktor ur katalogen (som ”overall_grade” eller "
            "”Sammanfattande omdöme”), fanns %(found)s"
        ),
    )
    result["factor"] = factors.fillna("")
    blank = pd.Series("", index=frame.index)
    value_cells = frame["värde"] if "värde" in frame.columns else blank
    rank_cells = frame["placering"] if "placering" in frame.columns else blank
    values, bad_value = parse_numbers(value_cells)
    issues.add_mask(value_cells, bad_value, "värde", N_("väntade ett tal, fanns %(found)s"))
    ranks, bad_rank = parse_whole(rank_cells)
    count = len(municipality_codes())
    bad_rank = bad_rank | (ranks < 1) | (ranks > count)
    issues.add_mask(
        rank_cells,
        bad_rank,
        "placering",
        N_("väntade en placering från 1 till %(count)d, fanns %(found)s"),
        count=count,
    )
    neither = (value_cells == "") & (rank_cells == "")
    column = "värde" if "värde" in frame.columns else "placering"
    issues.add_mask(
        value_cells,
        neither,
        column,
        N_("väntade ett värde eller en placering på raden, fanns %(found)s"),
    )
    result["value"] = values
    result["rank"] = ranks.where(~bad_rank)
    keyed = result[(result["kommunkod"] != "") & result["year"].notna() & (result["factor"] != "")]
    report_duplicates(
        keyed.assign(year=keyed["year"].astype("int64")),
        ("kommunkod", "year", "factor"),
        issues,
        "faktor",
        N_(
            "väntade en rad per kommun, år och faktor, fanns kommun %(kommunkod)s, år "
            "%(year)s, faktor %(factor)s på raderna %(rows)s"
        ),
    )
    issues.raise_if_any()
    result = result.assign(year=result["year"].astype("int64"))
    return result[["kommunkod", "year", "factor", "value", "rank"]]
