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

The function takes the language as an argument (an API may ask for either) and writes
in it through gettext, so the English sentences live in the translation catalogue like
every other string of the interface.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

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
    current: YearResults, previous: YearResults | None, kommunkod: str
) -> list[FactorChange]:
    """Year-on-year change in value of each survey factor, where both years are published.

    Sorted from the largest rise to the largest fall. Suppressed or missing values, and
    factors not in both years' methodologies, are left out.
    """
    if previous is None:
        return []
    now = _values(current, kommunkod)
    before = _values(previous, kommunkod)
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
    current: YearResults, previous: YearResults | None, kommunkod: str, language: str
) -> str:
    """A short text on ``kommunkod``'s result in ``current``, in Swedish (``sv``) or English.

    ``previous`` is the year before (None when it has no published ranking). Raises
    KeyError when the municipality is not in ``current``.
    """
    with translation.override(language):
        return _highlight(current, previous, kommunkod, language)


def _highlight(
    current: YearResults, previous: YearResults | None, kommunkod: str, language: str
) -> str:
    row = current.municipality(kommunkod)
    name = str(row["kommun"])
    rank = int(row["rank"])
    sentences = [_rank_sentence(name, rank, row["change"], current.year)]

    changes = [c for c in factor_changes(current, previous, kommunkod) if round(c.change, 1) != 0]
    rises = [c for c in changes if c.change > 0][:2]
    falls = [c for c in changes if c.change < 0][-1:]
    factors = _factor_sentence(rises, falls, language)
    if factors:
        sentences.append(factors)

    county = current.totals[current.totals["lanskod"] == row["lanskod"]]
    sentences.append(
        _county_sentence(name, int(row["county_rank"]), len(county), str(row["lansnamn"]))
    )
    grade = _grade_sentence(current, kommunkod, language)
    if grade:
        sentences.append(grade)
    text = " ".join(sentences)
    if current.synthetic:
        text += " " + _("(syntetiska demodata)")
    return text


def _values(results: YearResults, kommunkod: str) -> dict[str, float]:
    frame = results.indicators
    rows = frame[(frame["kommunkod"] == kommunkod) & ~frame["suppressed"].astype(bool)]
    return {
        str(indicator): float(value)
        for indicator, value in zip(rows["indicator"], rows["value"], strict=True)
        if not pd.isna(value)
    }


def _places(count: int) -> str:
    return ngettext("%(count)s placering", "%(count)s placeringar", count) % {"count": count}


def _rank_sentence(name: str, rank: int, change: float, year: int) -> str:
    facts: dict[str, object] = {"name": name, "rank": rank, "year": year}
    if change is None or (isinstance(change, float) and math.isnan(change)):
        return (
            _("%(name)s hamnar på plats %(rank)s i %(year)s års ranking av företagsklimatet.")
            % facts
        )
    places = int(change)
    if places > 0:
        return _(
            "%(name)s klättrar %(places)s till plats %(rank)s i %(year)s års ranking av "
            "företagsklimatet."
        ) % {**facts, "places": _places(places)}
    if places < 0:
        return _(
            "%(name)s tappar %(places)s till plats %(rank)s i %(year)s års ranking av "
            "företagsklimatet."
        ) % {**facts, "places": _places(-places)}
    return _("%(name)s behåller plats %(rank)s i %(year)s års ranking av företagsklimatet.") % facts


def _named(change: FactorChange, language: str) -> str:
    # Factor labels are the methodology's own data, in both languages.
    label = change.label_en if language == "en" else change.label_sv
    return f"{label} ({format_number(change.change, 1, language, sign=True)})"


def _factor_sentence(rises: list[FactorChange], falls: list[FactorChange], language: str) -> str:
    named = [_named(c, language) for c in rises]
    rise_text = (
        _("%(first)s och %(second)s") % {"first": named[0], "second": named[1]}
        if len(named) == 2
        else "".join(named)
    )
    fall_text = _named(falls[0], language) if falls else ""
    if rises and falls:
        return _("Störst förbättring syns för %(rises)s, medan %(fall)s sjönk mest.") % {
            "rises": rise_text,
            "fall": fall_text,
        }
    if rises:
        return _("Störst förbättring syns för %(rises)s.") % {"rises": rise_text}
    if falls:
        return _("Ingen faktor förbättrades; %(fall)s sjönk mest.") % {"fall": fall_text}
    return ""


def _county_sentence(name: str, county_rank: int, count: int, county: str) -> str:
    return ngettext(
        "%(name)s är nummer %(rank)s av %(count)s kommun i %(county)s.",
        "%(name)s är nummer %(rank)s av %(count)s kommuner i %(county)s.",
        count,
    ) % {"name": name, "rank": county_rank, "count": count, "county": county}


def _grade_sentence(results: YearResults, kommunkod: str, language: str) -> str:
    if OVERALL_GRADE not in results.methodology.codes:
        return ""
    frame = results.indicators[results.indicators["indicator"] == OVERALL_GRADE]
    national = frame["value"].mean()  # suppressed values are NaN and left out
    own = frame[frame["kommunkod"] == kommunkod]["value"]
    if own.empty or pd.isna(national):
        return ""
    if pd.isna(own.iloc[0]):
        return _("Sammanfattande omdöme redovisas inte: för få svar.")
    return _("Sammanfattande omdöme %(own)s mot rikets %(national)s.") % {
        "own": format_number(float(own.iloc[0]), 2, language),
        "national": format_number(float(national), 2, language),
    }
