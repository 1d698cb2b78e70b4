"""One example per endpoint, shown on the API's own page (/api/v1/) and checked by the
tests against real responses, so an example can never show a field the API lacks."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Example:
    path: str
    request: str
    about_sv: str
    response: Any


EXAMPLES: tuple[Example, ...] = (
    Example(
        "/municipalities",
        "/municipalities?county=21&limit=2",
        "Kommunerna med län och SKR-kommungrupp, sorterade på kommunkod. "
        "Filter: county, group. Sidindelning: limit (högst 290), offset.",
        {
            "items": [
                {
                    "code": "2101",
                    "name": "Ockelbo",
                    "official_name": "Ockelbo kommun",
                    "county_code": "21",
                    "county_name": "Gävleborgs län",
                    "group_code": "C8",
                    "group_name": "Landsbygdskommun",
                    "population": 5698,
                }
            ],
            "count": 10,
        },
    ),
    Example(
        "/municipalities/{code}",
        "/municipalities/2181",
        "En kommun och dess totala placering varje publicerat år.",
        {
            "code": "2181",
            "name": "Sandviken",
            "county_code": "21",
            "group_code": "B3",
            "synthetic": True,
            "results": [
                {
                    "year": 2023,
                    "rank": 42,
                    "points": 61.3,
                    "change": 5,
                    "methodology": "sn-2020",
                    "synthetic": True,
                }
            ],
        },
    ),
    Example(
        "/municipalities/{code}/results/{year}",
        "/municipalities/2181/results/2023",
        "En kommuns resultat på varje delfaktor ett år, med medelvärden för riket, "
        "länet och kommungruppen. Värden från för få svar är dolda (suppressed).",
        {
            "code": "2181",
            "year": 2023,
            "methodology": "sn-2020",
            "synthetic": True,
            "rank": 42,
            "indicators": [
                {
                    "code": "overall_grade",
                    "label_sv": "Sammanfattande omdöme",
                    "value": 3.61,
                    "n": 40,
                    "rank": 12.5,
                    "points": 9.1,
                    "rank_change": -3.0,
                    "suppressed": False,
                    "national_mean": 3.5,
                    "county_mean": 3.42,
                    "group_mean": 3.47,
                }
            ],
        },
    ),
    Example(
        "/methodologies",
        "/methodologies",
        "Alla rankningsmetoder: delfaktorer, vikter, riktning och vad som är härlett.",
        [{"name": "sn-2014", "first_year": 2014, "last_year": 2019, "indicators": []}],
    ),
    Example(
        "/methodologies/{name}",
        "/methodologies/sn-2020",
        "En metod med delfaktorer och antaganden (inferred_parts).",
        {
            "name": "sn-2020",
            "first_year": 2020,
            "tie_rule": "average",
            "indicators": [
                {
                    "code": "municipal_tax",
                    "kind": "statistic",
                    "weight": 0.0303,
                    "direction": -1,
                    "status": "documented",
                }
            ],
            "inferred_parts": [{"part": "attitude_public", "status": "inferred", "note": "…"}],
        },
    ),
    Example(
        "/rankings",
        "/rankings",
        "Publicerade år med metod och flaggan synthetic.",
        {
            "synthetic": True,
            "count": 2,
            "items": [{"year": 2023, "methodology": "sn-2020", "synthetic": True, "count": 290}],
        },
    ),
    Example(
        "/rankings/{year}",
        "/rankings/2023?group=B3&limit=1",
        "Totalrankingen ett år, sorterad på placering. Filter: county, group; "
        "sidindelning: limit, offset.",
        {
            "year": 2023,
            "methodology": "sn-2020",
            "synthetic": True,
            "count": 34,
            "limit": 1,
            "offset": 0,
            "items": [
                {
                    "code": "2181",
                    "name": "Sandviken",
                    "county_code": "21",
                    "group_code": "B3",
                    "rank": 42,
                    "points": 61.3,
                    "change": 5,
                    "county_rank": 2,
                    "group_rank": 7,
                }
            ],
        },
    ),
    Example(
        "/rankings/{year}/factors/{indicator}",
        "/rankings/2023/factors/overall_grade?county=21&limit=1",
        "Rankingen på en delfaktor, sorterad på delfaktorns placering.",
        {
            "year": 2023,
            "synthetic": True,
            "indicator": {"code": "overall_grade", "label_sv": "Sammanfattande omdöme"},
            "count": 10,
            "items": [
                {
                    "code": "2181",
                    "value": 3.61,
                    "n": 40,
                    "rank": 12.5,
                    "points": 9.1,
                    "rank_change": -3.0,
                    "suppressed": False,
                }
            ],
        },
    ),
    Example(
        "/movers/{year}",
        "/movers/2023?limit=1",
        "Största klättrare och fallare sedan året innan, och varje läns största klättrare.",
        {
            "year": 2023,
            "previous_year": 2022,
            "synthetic": True,
            "climbers": [
                {
                    "code": "2181",
                    "name": "Sandviken",
                    "previous_rank": 120,
                    "rank": 42,
                    "change": 78,
                }
            ],
            "fallers": [],
            "county_climbers": [],
        },
    ),
)
