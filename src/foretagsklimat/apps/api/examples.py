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
    Example(
        "/municipalities/{code}/uncertainty/{year}",
        "/municipalities/2181/uncertainty/2023",
        "Hur säker placeringen är: intervall från en bootstrap av enkätsvaren (lagras när "
        "rankingen publiceras) och om förändringen sedan året innan är verklig eller "
        "ryms i slumpvariationen (verdict), med en mening på svenska och engelska.",
        {
            "code": "2181",
            "year": 2023,
            "synthetic": True,
            "rank": 42,
            "confidence": 0.9,
            "rank_median": 44.0,
            "rank_low": 31.0,
            "rank_high": 58.0,
            "change": 5,
            "change_confidence": 0.95,
            "change_low": -9,
            "change_high": 21,
            "verdict": "noise",
            "sentence_sv": "+5 placeringar; 95 % intervall −9 till +21: inom slumpvariationen",
            "sentence_en": "+5 places; 95 % interval −9 to +21: within the noise",
        },
    ),
    Example(
        "/municipalities/{code}/whatif/{year}",
        "/municipalities/2181/whatif/2023?service=4.2&overall_grade=3.9",
        "Tänk om: placering och poäng om några av kommunens värden vore andra. Varje "
        "parameter är en delfaktorkod med ett nytt värde (betyg 1–6); okänd delfaktor "
        "eller ogiltigt värde ger 422. Andra kommuners värden lämnas aldrig ut.",
        {
            "year": 2023,
            "code": "2181",
            "synthetic": True,
            "rank_before": 131,
            "rank": 104,
            "points_before": 148.2,
            "points": 154.9,
            "change": 27,
            "indicators": [
                {
                    "indicator": "service",
                    "value_before": 3.87,
                    "value_after": 4.2,
                    "factor_rank_before": 131.0,
                    "factor_rank_after": 64.5,
                }
            ],
        },
    ),
    Example(
        "/municipalities/{code}/levers/{year}",
        "/municipalities/2181/levers/2023?target=100",
        "Hävstänger: hur många placeringar ett steg (0,1 på ett betyg) på varje delfaktor "
        "ger; med target en liten uppsättning betygsförbättringar som når den placeringen.",
        {
            "code": "2181",
            "year": 2023,
            "synthetic": True,
            "rank": 131,
            "levers": [
                {
                    "indicator": "service",
                    "value": 3.87,
                    "step": 0.1,
                    "places_gained": 6,
                    "new_rank": 125,
                    "feasible": True,
                }
            ],
            "plan": {
                "target": 100,
                "reachable": True,
                "final_rank": 99,
                "steps": [
                    {"indicator": "service", "from_value": 3.87, "to_value": 4.27, "n_steps": 4}
                ],
                "sentence_sv": "För att nå plats 100 behöver Sandviken höja kommunens service "
                "och bemötande till företagen från 3,9 till 4,3 (från plats 131 till plats 99).",
            },
        },
    ),
    Example(
        "/municipalities/{code}/peers/{year}",
        "/municipalities/2181/peers/2023?k=2",
        "Jämförbara kommuner (samma SKR-grupp, folkmängd och statistik, inte betyg) och "
        "kommunens värden bredvid deras medelvärde. Dolda värden är null och ingår inte.",
        {
            "code": "2181",
            "year": 2023,
            "synthetic": True,
            "peers": [{"code": "2104", "name": "Hofors", "group_code": "B5", "distance": 0.13}],
            "comparison": [
                {
                    "indicator": "service",
                    "value": 3.87,
                    "peer_mean": 3.71,
                    "advantage": 0.16,
                    "rank_among_peers": 1,
                    "n_peers": 2,
                }
            ],
        },
    ),
    Example(
        "/drivers/{year}",
        "/drivers/2023?level=respondents",
        "Vilka frågor som förklarar det sammanfattande omdömet: standardiserade "
        "regressionskoefficienter med bootstrapintervall, över företagens svar "
        "(respondents) eller kommunernas medelbetyg (municipalities); group = SKR-grupp.",
        {
            "year": 2023,
            "synthetic": True,
            "level": "respondents",
            "r2": 0.48,
            "n": 3120,
            "items": [
                {
                    "question": "service",
                    "coefficient": 0.31,
                    "low": 0.27,
                    "high": 0.35,
                    "correlation": 0.62,
                }
            ],
        },
    ),
)
