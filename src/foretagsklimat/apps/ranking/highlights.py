"""Short factual texts about one municipality's year, written from the published numbers.

Every sentence is a template filled from :class:`~.queries.YearResults` frames; nothing is
invented and nothing is read from the database here, so the texts can be tested on small
hand-made frames. The tone follows Svenskt Näringsliv's news items ("Sandviken klättrar 81
placeringar i årets ranking"), without their quotes.

Rules, so that a text is always true to the numbers:

* The rank sentence uses the published ``change`` (places gained since last year).
* Rises and falls of factors compare a survey factor's mean grade this year with the same
  factor last year, only where both values are published (not suppressed). Statistics are
  left out: their units differ (per cent, per 1,000 inhabitants) and cannot be compared
  with grades. A change that rounds to 0.0 is not called a rise or a fall.
* The two largest rises are named, and the single largest fall.

The function takes the language as an argument (an API may ask for either), so the two
languages are written out here rather than looked up through gettext.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from .queries import YearResults

__all__ = [
    "FactorChange",
    "factor_changes",
    "format_number",
    "municipality_highlight",
]

OVERALL_GRADE = "overall_grade"
MINUS = "\u2212"  # a typographic minus, as in print


@dataclass(frozen=True)
class FactorChange:
    code: str
    label_sv: str
    label_en: str
    change: float  # this year's value minus last year's; positive = better


def format_number(value: float, decimals: int, language: str, *, sign: bool = False) -> str:
    """``3,46`` in Swedish and ``3.46`` in English; ``sign`` adds ``+`` or a minus sign."""
    text = f"{abs(value):.{decimals}f}"
    if language != "en":
        text = text.replace(".", ",")
    if round(value, decimals) < 0:
        return MINUS + text
    if sign and round(value, decimals) > 0:
        return "+" + text
    return text


def factor_changes(
    current: YearResults, previous: YearResults | None, code: str
) -> list[FactorChange]:
    """Year-on-year change in value of each survey factor, where both years are published.

    Sorted from the largest rise to the largest fall. Suppressed or missing values, and
    factors not in both years' methodologies, are left out.
    """
    if previous is None:
        return []
    now = _values(current, code)
    before = _values(previous, code)
    changes = []
    for indicator in current.methodology.indicators:
        if indicator.kind != "survey":
            continue
        if indicator.code not in now or indicator.code not in before:
            continue
        delta = (now[indicator.code] - before[indicator.code]) * indicator.direction
        changes.append(FactorChange(indicator.code, indicator.label_sv, indicator.label_en, delta))
    return sorted(changes, key=lambda c: (-c.change, c.code))


def municipality_highlight(
    current: YearResults, previous: YearResults | None, code: str, language: str
) -> str:
    """A short text on ``code``'s result in ``current``, in Swedish (``sv``) or English.

    ``previous`` is the year before (None when it has no published ranking). Raises
    KeyError when the municipality is not in ``current``.
    """
    en = language == "en"
    row = current.municipality(code)
    name = str(row["kommun"])
    rank = int(row["rank"])
    sentences = [_rank_sentence(name, rank, row["change"], current.year, en)]

    changes = [c for c in factor_changes(current, previous, code) if round(c.change, 1) != 0]
    rises = [c for c in changes if c.change > 0][:2]
    falls = [c for c in changes if c.change < 0][-1:]
    factors = _factor_sentence(rises, falls, language)
    if factors:
        sentences.append(factors)

    county = current.totals[current.totals["lanskod"] == row["lanskod"]]
    sentences.append(
        _county_sentence(name, int(row["county_rank"]), len(county), str(row["lansnamn"]), en)
    )
    grade = _grade_sentence(current, code, language)
    if grade:
        sentences.append(grade)
    text = " ".join(sentences)
    if current.synthetic:
        text += " (synthetic demo data)" if en else " (syntetiska demodata)"
    return text


def _values(results: YearResults, code: str) -> dict[str, float]:
    frame = results.indicators
    rows = frame[(frame["kommunkod"] == code) & ~frame["suppressed"].astype(bool)]
    return {
        str(indicator): float(value)
        for indicator, value in zip(rows["indicator"], rows["value"], strict=True)
        if not pd.isna(value)
    }


def _places(count: int, en: bool) -> str:
    if en:
        return f"{count} place" if count == 1 else f"{count} places"
    return f"{count} placering" if count == 1 else f"{count} placeringar"


def _rank_sentence(name: str, rank: int, change: float, year: int, en: bool) -> str:
    if change is None or (isinstance(change, float) and math.isnan(change)):
        if en:
            return f"{name} is ranked {rank} in the {year} business climate ranking."
        return f"{name} hamnar på plats {rank} i {year} års ranking av företagsklimatet."
    places = int(change)
    if places > 0:
        if en:
            return (
                f"{name} climbs {_places(places, en)} to rank {rank} "
                f"in the {year} business climate ranking."
            )
        return (
            f"{name} klättrar {_places(places, en)} till plats {rank} "
            f"i {year} års ranking av företagsklimatet."
        )
    if places < 0:
        if en:
            return (
                f"{name} drops {_places(-places, en)} to rank {rank} "
                f"in the {year} business climate ranking."
            )
        return (
            f"{name} tappar {_places(-places, en)} till plats {rank} "
            f"i {year} års ranking av företagsklimatet."
        )
    if en:
        return f"{name} keeps rank {rank} in the {year} business climate ranking."
    return f"{name} behåller plats {rank} i {year} års ranking av företagsklimatet."


def _named(change: FactorChange, language: str) -> str:
    label = change.label_en if language == "en" else change.label_sv
    return f"{label} ({format_number(change.change, 1, language, sign=True)})"


def _factor_sentence(rises: list[FactorChange], falls: list[FactorChange], language: str) -> str:
    en = language == "en"
    rise_text = (" and " if en else " och ").join(_named(c, language) for c in rises)
    fall_text = _named(falls[0], language) if falls else ""
    if rises and falls:
        if en:
            return f"The largest improvements are in {rise_text}, while {fall_text} fell most."
        return f"Störst förbättring syns för {rise_text}, medan {fall_text} sjönk mest."
    if rises:
        if en:
            return f"The largest improvements are in {rise_text}."
        return f"Störst förbättring syns för {rise_text}."
    if falls:
        if en:
            return f"No factor improved; {fall_text} fell most."
        return f"Ingen faktor förbättrades; {fall_text} sjönk mest."
    return ""


def _county_sentence(name: str, county_rank: int, count: int, county: str, en: bool) -> str:
    if en:
        noun = "municipality" if count == 1 else "municipalities"
        return f"{name} is number {county_rank} of {count} {noun} in {county}."
    noun = "kommun" if count == 1 else "kommuner"
    return f"{name} är nummer {county_rank} av {count} {noun} i {county}."


def _grade_sentence(results: YearResults, code: str, language: str) -> str:
    if OVERALL_GRADE not in results.methodology.codes:
        return ""
    frame = results.indicators[results.indicators["indicator"] == OVERALL_GRADE]
    national = frame["value"].mean()  # suppressed values are NaN and left out
    own = frame[frame["kommunkod"] == code]["value"]
    if own.empty or pd.isna(national):
        return ""
    en = language == "en"
    if pd.isna(own.iloc[0]):
        if en:
            return "The overall grade is not published: too few answers."
        return "Sammanfattande omdöme redovisas inte: för få svar."
    mine = format_number(float(own.iloc[0]), 2, language)
    nation = format_number(float(national), 2, language)
    if en:
        return f"Overall grade {mine} against {nation} nationally."
    return f"Sammanfattande omdöme {mine} mot rikets {nation}."
