"""One shape for a ranking, used by the command line, downloads and pages.

Every export carries a ``synthetic`` column (and a note in Excel) when it rests on the
demo data, so a synthetic number can never pass for a real one.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from foretagsklimat.engine.methodology import Methodology
from foretagsklimat.spreadsheet import xlsx_bytes
from foretagsklimat.web.frames import records

from .models import RankingRun
from .queries import run_results
from .services import ComputedRanking, municipality_names

SYNTHETIC_NOTE_SV = "SYNTETISKA DEMODATA — påhittade siffror, inte Svenskt Näringslivs ranking."


@dataclass(frozen=True)
class RankingTable:
    """Totals (kommunkod, rank, points, …) and long indicator results for one year."""

    year: int
    methodology: Methodology
    totals: pd.DataFrame
    indicators: pd.DataFrame
    synthetic: bool

    @classmethod
    def from_computed(cls, computed: ComputedRanking) -> RankingTable:
        totals = computed.result.municipalities[["kommunkod", "rank", "points"]].copy()
        return cls(
            computed.year,
            computed.methodology,
            _with_names(totals),
            computed.result.indicators.copy(),
            computed.synthetic,
        )

    @classmethod
    def from_run(cls, run: RankingRun) -> RankingTable:
        """A stored run as published: through the one read model of a run, so values from
        too few answers are withheld here as on every page."""
        results = run_results(run)
        totals = results.totals[
            ["kommunkod", "kommun", "rank", "points", "county_rank", "group_rank", "previous_rank"]
        ]
        indicators = results.indicators[["kommunkod", "indicator", "value", "n", "rank", "points"]]
        return cls(run.year, results.methodology, totals, indicators, run.synthetic)

    def wide(self) -> pd.DataFrame:
        """One row per municipality; per indicator its value, n, rank and points."""
        pivot = self.indicators.pivot(
            index="kommunkod", columns="indicator", values=["value", "n", "rank", "points"]
        )
        order = [
            i.code
            for i in self.methodology.indicators
            if i.code in set(self.indicators["indicator"])
        ]
        columns = {}
        for code in order:
            for stage in ("value", "n", "rank", "points"):
                columns[f"{code}_{stage}"] = pivot[(stage, code)]
        frame = self.totals.merge(
            pd.DataFrame(columns).reset_index(), on="kommunkod", how="left"
        ).sort_values("rank")
        frame.insert(0, "year", self.year)
        frame.insert(1, "methodology", self.methodology.name)
        frame["synthetic"] = self.synthetic
        return frame.reset_index(drop=True)

    def to_json_object(self) -> dict[str, Any]:
        by_unit = {code: part for code, part in self.indicators.groupby("kommunkod", sort=False)}
        municipalities = []
        for row in records(self.totals.sort_values("rank")):
            part = by_unit.get(row["kommunkod"])
            indicators = {}
            if part is not None:
                for ind in records(part):
                    indicators[ind["indicator"]] = {
                        "value": _json_number(ind["value"]),
                        "n": None if _json_number(ind["n"]) is None else int(ind["n"]),
                        "rank": _json_number(ind["rank"]),
                        "points": _json_number(ind["points"]),
                    }
            municipalities.append(
                {
                    "code": row["kommunkod"],
                    "name": row["kommun"],
                    "rank": int(row["rank"]),
                    "points": float(row["points"]),
                    "indicators": indicators,
                }
            )
        return {
            "year": self.year,
            "synthetic": self.synthetic,
            "methodology": {
                "name": self.methodology.name,
                "indicators": [
                    {
                        "code": i.code,
                        "weight": i.weight,
                        "direction": i.direction,
                        "group": i.group,
                        "status": i.status,
                    }
                    for i in self.methodology.indicators
                ],
            },
            "municipalities": municipalities,
        }

    def to_json(self) -> str:
        return json.dumps(self.to_json_object(), ensure_ascii=False, indent=2)

    def to_csv(self) -> str:
        return str(self.wide().to_csv(index=False))

    def to_xlsx(self) -> bytes:
        about = pd.DataFrame(
            {
                "Om filen": [
                    f"Ranking {self.year}, metod {self.methodology.name}",
                    SYNTHETIC_NOTE_SV if self.synthetic else "Data enligt importerade källor.",
                    "Placering 1 = bäst. Poäng = N + 1 − placering per faktor, viktat.",
                ]
            }
        )
        return xlsx_bytes({f"Ranking {self.year}": self.wide(), "Om": about})


def _with_names(totals: pd.DataFrame) -> pd.DataFrame:
    names = municipality_names()
    totals.insert(1, "kommun", totals["kommunkod"].map(names))
    return totals


def _json_number(value: Any) -> float | None:
    if value is None:
        return None
    number = float(value)
    return None if np.isnan(number) else number
