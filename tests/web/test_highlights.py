"""Highlight texts, tested on small hand-made YearResults (no database)."""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd
import pytest

from foretagsklimat.apps.ranking.highlights import (
    factor_changes,
    format_number,
    municipality_highlight,
)
from foretagsklimat.apps.ranking.queries import YearResults
from foretagsklimat.engine.methodology import get_methodology

METHODOLOGY = get_methodology("sn-2020")
LABEL = {i.code: i.label_sv for i in METHODOLOGY.indicators}
LABEL_EN = {i.code: i.label_en for i in METHODOLOGY.indicators}
SURVEY = [i.code for i in METHODOLOGY.indicators if i.kind == "survey"]

# Three municipalities in Gävleborg and one elsewhere; Sandviken is the subject.
PLACES = [
    ("2181", "Sandviken", "21", "Gävleborgs län"),
    ("2180", "Gävle", "21", "Gävleborgs län"),
    ("2104", "Hofors", "21", "Gävleborgs län"),
    ("0180", "Stockholm", "01", "Stockholms län"),
    ("0980", "Gotland", "09", "Gotlands län"),
]


def year_of(
    year: int,
    ranks: dict[str, int],
    changes: dict[str, float],
    values: dict[str, dict[str, float]],
    *,
    county_ranks: dict[str, int] | None = None,
    suppressed: set[tuple[str, str]] = frozenset(),  # type: ignore[assignment]
    synthetic: bool = False,
) -> YearResults:
    """A YearResults with the given total ranks/changes and indicator values."""
    totals = pd.DataFrame(
        [
            {
                "kommunkod": code,
                "kommun": name,
                "lanskod": lan,
                "lansnamn": lansnamn,
                "kommungrupp_kod": "B5",
                "kommungrupp": "Lågpendlingskommun nära större stad",
                "rank": ranks[code],
                "points": 100.0,
                "county_rank": (county_ranks or {}).get(code, 1),
                "group_rank": 1,
                "previous_rank": (
                    ranks[code] + changes[code] if not math.isnan(changes[code]) else np.nan
                ),
                "change": changes[code],
            }
            for code, name, lan, lansnamn in PLACES
        ]
    ).sort_values("rank")
    rows = []
    for code, by_indicator in values.items():
        for indicator, value in by_indicator.items():
            hidden = (code, indicator) in suppressed
            rows.append(
                {
                    "kommunkod": code,
                    "indicator": indicator,
                    "value": np.nan if hidden else value,
                    "n": np.nan if hidden else 40.0,
                    "rank": 1.0,
                    "points": 1.0,
                    "previous_rank": np.nan,
                    "rank_change": np.nan,
                    "suppressed": hidden,
                }
            )
    return YearResults(0, year, METHODOLOGY, synthetic, totals, pd.DataFrame(rows))


RANKS = {"2181": 128, "2180": 12, "2104": 40, "0180": 200, "0980": 5}
NO_CHANGE = {code: 0.0 for code in RANKS}


def sandviken_years(
    change: float = 81.0, *, synthetic: bool = False
) -> tuple[YearResults, YearResults]:
    before = {
        "overall_grade": 3.30,
        "service": 3.10,
        "dialogue": 3.00,
        "information": 3.50,
        "skills_access": 3.60,
        "procurement": 3.00,
    }
    after = {
        "overall_grade": 3.46,
        "service": 3.50,  # +0.4, the largest rise
        "dialogue": 3.30,  # +0.3
        "information": 3.60,  # +0.1
        "skills_access": 3.50,  # -0.1, the only fall
        "procurement": 3.00,  # unchanged
    }
    others = {"overall_grade": 3.46}
    previous = year_of(
        2022,
        RANKS,
        {c: np.nan for c in RANKS},
        {"2181": before, **{c: others for c in RANKS if c != "2181"}},
    )
    current = year_of(
        2023,
        RANKS,
        {**NO_CHANGE, "2181": change},
        {"2181": after, **{c: others for c in RANKS if c != "2181"}},
        county_ranks={"2181": 3, "2180": 1, "2104": 2},
        synthetic=synthetic,
    )
    return current, previous


def test_a_climber_is_described_like_the_news_item() -> None:
    current, previous = sandviken_years()
    text = municipality_highlight(current, previous, "2181", "sv")
    assert text.startswith(
        "Sandviken klättrar 81 placeringar till plats 128 i 2023 års ranking av företagsklimatet."
    )
    assert (
        f"Störst förbättring syns för {LABEL['service']} (+0,4) och {LABEL['dialogue']} (+0,3), "
        f"medan {LABEL['skills_access']} (−0,1) sjönk mest." in text
    )
    assert "Sandviken är nummer 3 av 3 kommuner i Gävleborgs län." in text
    # National mean of overall grade: 3.46 for everyone.
    assert text.endswith("Sammanfattande omdöme 3,46 mot rikets 3,46.")


def test_one_place_is_singular_and_many_are_plural() -> None:
    current, previous = sandviken_years(change=1)
    assert "klättrar 1 placering till plats 128" in municipality_highlight(
        current, previous, "2181", "sv"
    )
    current, previous = sandviken_years(change=-1)
    assert "tappar 1 placering till plats 128" in municipality_highlight(
        current, previous, "2181", "sv"
    )
    current, previous = sandviken_years(change=2)
    assert "klättrar 2 placeringar" in municipality_highlight(current, previous, "2181", "sv")
    assert "climbs 2 places" in municipality_highlight(current, previous, "2181", "en")
    current, previous = sandviken_years(change=1)
    assert "climbs 1 place to rank 128" in municipality_highlight(current, previous, "2181", "en")


def test_a_fall_says_how_many_places_were_lost() -> None:
    current, previous = sandviken_years(change=-20)
    text = municipality_highlight(current, previous, "2181", "sv")
    assert text.startswith("Sandviken tappar 20 placeringar till plats 128")
    assert "klättrar" not in text


def test_an_unchanged_rank_is_kept() -> None:
    current, previous = sandviken_years(change=0)
    text = municipality_highlight(current, previous, "2181", "sv")
    assert text.startswith("Sandviken behåller plats 128 i 2023 års ranking")
    assert "keeps rank 128" in municipality_highlight(current, previous, "2181", "en")


def test_without_a_previous_year_only_this_years_rank_is_given() -> None:
    current, _previous = sandviken_years()
    first = year_of(
        2023,
        RANKS,
        {c: np.nan for c in RANKS},
        {"2181": {"overall_grade": 3.46}, "2180": {"overall_grade": 3.46}},
    )
    text = municipality_highlight(first, None, "2181", "sv")
    assert text.startswith("Sandviken hamnar på plats 128 i 2023 års ranking")
    assert "Störst" not in text and "sjönk" not in text
    # A published change with no previous frame still gives the rank move, no factors.
    text = municipality_highlight(current, None, "2181", "sv")
    assert "klättrar 81 placeringar" in text and "Störst" not in text


def test_numbers_use_a_decimal_comma_in_swedish_and_a_point_in_english() -> None:
    assert format_number(3.456, 2, "sv") == "3,46"
    assert format_number(3.456, 2, "en") == "3.46"
    assert format_number(0.4, 1, "sv", sign=True) == "+0,4"
    assert format_number(-0.1, 1, "sv", sign=True) == "−0,1"
    assert format_number(0.01, 1, "sv", sign=True) == "0,0"


def test_the_english_text_says_the_same_in_english() -> None:
    current, previous = sandviken_years()
    text = municipality_highlight(current, previous, "2181", "en")
    assert text == (
        "Sandviken climbs 81 places to rank 128 in the 2023 business climate ranking. "
        f"The largest improvements are in {LABEL_EN['service']} (+0.4) and "
        f"{LABEL_EN['dialogue']} (+0.3), while {LABEL_EN['skills_access']} (−0.1) fell most. "
        "Sandviken is number 3 of 3 municipalities in Gävleborgs län. "
        "Overall grade 3.46 against 3.46 nationally."
    )


def test_synthetic_results_are_marked_in_both_languages() -> None:
    current, previous = sandviken_years(synthetic=True)
    assert municipality_highlight(current, previous, "2181", "sv").endswith("(syntetiska demodata)")
    assert municipality_highlight(current, previous, "2181", "en").endswith("(synthetic demo data)")
    current, previous = sandviken_years(synthetic=False)
    assert "syntetiska" not in municipality_highlight(current, previous, "2181", "sv")


def test_a_county_with_one_municipality_is_singular() -> None:
    current, previous = sandviken_years()
    assert "Gotland är nummer 1 av 1 kommun i Gotlands län." in municipality_highlight(
        current, previous, "0980", "sv"
    )
    assert "number 1 of 1 municipality in" in municipality_highlight(
        current, previous, "0980", "en"
    )


def test_suppressed_values_are_never_named_as_a_rise_or_fall() -> None:
    current, previous = sandviken_years()
    hidden = year_of(
        2023,
        RANKS,
        {**NO_CHANGE, "2181": 81.0},
        {
            "2181": current.indicators[current.indicators["kommunkod"] == "2181"]
            .set_index("indicator")["value"]
            .to_dict()
        },
        suppressed={("2181", "service")},
    )
    text = municipality_highlight(hidden, previous, "2181", "sv")
    assert LABEL["service"] not in text
    # The next two rises: dialogue +0.3 and the overall grade +0.16.
    assert f"{LABEL['dialogue']} (+0,3) och {LABEL['overall_grade']} (+0,2)" in text


def test_a_suppressed_overall_grade_is_not_compared() -> None:
    _current, previous = sandviken_years()
    hidden = year_of(
        2023,
        RANKS,
        {**NO_CHANGE, "2181": 81.0},
        {"2181": {"overall_grade": 3.1}, "2180": {"overall_grade": 3.5}},
        suppressed={("2181", "overall_grade")},
    )
    text = municipality_highlight(hidden, previous, "2181", "sv")
    assert "Sammanfattande omdöme redovisas inte: för få svar." in text
    assert "3,1" not in text


def test_statistics_and_changes_that_round_to_zero_are_not_named() -> None:
    previous = year_of(
        2022,
        RANKS,
        {c: np.nan for c in RANKS},
        {"2181": {"municipal_tax": 22.0, "service": 3.00, "dialogue": 3.00}},
    )
    current = year_of(
        2023,
        RANKS,
        {**NO_CHANGE, "2181": 5.0},
        {"2181": {"municipal_tax": 20.0, "service": 3.04, "dialogue": 2.96}},
    )
    text = municipality_highlight(current, previous, "2181", "sv")
    assert LABEL["municipal_tax"] not in text
    assert "Störst" not in text and "sjönk" not in text


@pytest.mark.parametrize("seed", range(20))
def test_the_named_factors_really_are_the_largest_rise_and_fall(seed: int) -> None:
    rng = np.random.default_rng(seed)
    before = dict(zip(SURVEY, rng.uniform(2, 5, len(SURVEY)).round(2), strict=True))
    after = dict(zip(SURVEY, rng.uniform(2, 5, len(SURVEY)).round(2), strict=True))
    previous = year_of(2022, RANKS, {c: np.nan for c in RANKS}, {"2181": before})
    current = year_of(2023, RANKS, {**NO_CHANGE, "2181": 3.0}, {"2181": after})
    text = municipality_highlight(current, previous, "2181", "sv")
    deltas = {code: after[code] - before[code] for code in SURVEY}
    ordered = sorted(deltas, key=lambda c: -deltas[c])
    match = re.search(r"Störst förbättring syns för (.+?) \(\+([\d,]+)\)", text)
    assert match is not None
    assert match.group(1) == LABEL[ordered[0]]
    assert match.group(2) == f"{deltas[ordered[0]]:.1f}".replace(".", ",")
    fall = re.search(r"medan (.+?) \(−([\d,]+)\) sjönk mest", text)
    assert fall is not None
    assert fall.group(1) == LABEL[ordered[-1]]
    assert fall.group(2) == f"{-deltas[ordered[-1]]:.1f}".replace(".", ",")
    # And factor_changes agrees with the text's ranking of all factors.
    assert [c.code for c in factor_changes(current, previous, "2181")] == ordered
