"""The read side of published rankings, shared by pages, downloads, the API and the
analyses: one read model of a run, :class:`YearResults`.

Stored runs never change (a recomputation creates a new run), so the frames built from a
run are cached in memory by run id: a request reads a few small rows, not thousands.
Survey aggregates from fewer answers than ``settings.MIN_ANSWERS`` are suppressed here,
once (by :func:`foretagsklimat.apps.survey.aggregates.publishable`), so no page or
endpoint can publish them by mistake; only :attr:`YearResults.inputs`, which the
analyses compute with and never show, keeps them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import pandas as pd
from django.db.models import Max

from foretagsklimat import reference
from foretagsklimat.apps.survey import aggregates
from foretagsklimat.engine.methodology import Methodology, get_methodology
from foretagsklimat.web.caching import page_cache

from .models import IndicatorResult, MunicipalityResult, RankingRun
from .services import current_run, ranked_years

__all__ = [
    "YearResults",
    "cached_until_published",
    "municipality_history",
    "publication_generation",
    "published_years",
    "run_results",
    "year_results",
]


@dataclass(frozen=True, eq=False)
class YearResults:
    """One published year.

    ``totals``: one row per municipality, sorted by rank: ``kommunkod``, ``kommun``,
    ``lanskod``, ``lansnamn``, ``kommungrupp_kod``, ``kommungrupp``, ``rank``, ``points``,
    ``county_rank``, ``group_rank``, ``previous_rank`` (float, NaN when unranked last year)
    and ``change`` (places gained, NaN when unknown).

    ``indicators``: long, one row per municipality and indicator: ``kommunkod``,
    ``indicator``, ``value``, ``n``, ``rank``, ``points``, ``value_low`` and
    ``value_high`` (the bootstrap interval of a survey mean, NaN when not computed),
    ``previous_rank`` (the same
    indicator's rank last year, NaN if it was not ranked), ``rank_change`` and
    ``suppressed`` (True where a survey value rests on fewer answers than the minimum:
    ``value`` and ``n`` are then NaN).

    ``inputs``: the values the run was ranked from, in the engine's indicator-values
    form (``kommunkod``, ``source``, ``value``, ``n``), suppressed cells included: for
    what-if, levers, peers and the methodological uncertainty to compute with, never to
    be shown.
    """

    run_id: int
    year: int
    methodology: Methodology
    synthetic: bool
    totals: pd.DataFrame
    indicators: pd.DataFrame
    inputs: pd.DataFrame = field(default_factory=pd.DataFrame)

    def indicator_means(self) -> pd.DataFrame:
        """Mean value per indicator nationally, per county and per SKR group.

        Columns: ``indicator``, ``scope`` (``national``, ``county``, ``group``), ``key``
        (``""``, länskod or group code) and ``mean``. Suppressed values are left out.
        """
        return _indicator_means(self)

    def municipality(self, kommunkod: str) -> pd.Series:
        rows = self.totals[self.totals["kommunkod"] == kommunkod]
        if rows.empty:
            raise KeyError(kommunkod)
        return rows.iloc[0]


def published_years() -> list[int]:
    """Years with a published ranking, ascending."""
    return ranked_years()


def year_results(year: int) -> YearResults | None:
    """The published results of a year, or None when that year has no ranking."""
    run = current_run(year)
    if run is None:
        return None
    return run_results(run)


def run_results(run: RankingRun) -> YearResults:
    """The results of one stored run (published or not)."""
    # The creation time is part of the key because SQLite may reuse the id of a
    # replaced run; a (id, created_at) pair never returns to different contents.
    return _results_for_run(run.pk, run.created_at.isoformat())


@lru_cache(maxsize=64)
def _results_for_run(run_id: int, created_at: str) -> YearResults:
    run = RankingRun.objects.get(pk=run_id)
    ref = reference.municipalities().rename(columns={"kommunnamn": "kommun"})[
        ["kommunkod", "kommun", "lanskod", "lansnamn", "kommungrupp_kod", "kommungrupp"]
    ]
    totals = pd.DataFrame.from_records(
        MunicipalityResult.objects.filter(run=run).values(
            "municipality_id", "rank", "points", "county_rank", "group_rank", "previous_rank"
        )
    ).rename(columns={"municipality_id": "kommunkod"})
    totals["previous_rank"] = totals["previous_rank"].astype("float64")
    totals["change"] = totals["previous_rank"] - totals["rank"]
    totals = ref.merge(totals, on="kommunkod").sort_values("rank").reset_index(drop=True)

    methodology = get_methodology(run.methodology)
    indicators = pd.DataFrame.from_records(
        IndicatorResult.objects.filter(run=run).values(
            "municipality_id",
            "indicator",
            "value",
            "n",
            "rank",
            "points",
            "value_low",
            "value_high",
        )
    ).rename(columns={"municipality_id": "kommunkod"})
    indicators = indicators.astype(
        {
            "value": "float64",
            "n": "float64",
            "rank": "float64",
            "value_low": "float64",
            "value_high": "float64",
        }
    )
    inputs = _engine_inputs(indicators, methodology)
    survey = {i.code for i in methodology.indicators if i.kind == "survey"}
    too_few = indicators["indicator"].isin(survey) & ~aggregates.publishable(indicators["n"])
    indicators["suppressed"] = too_few
    indicators.loc[too_few, ["value", "n", "value_low", "value_high"]] = np.nan

    previous = current_run(run.year - 1)
    if previous is not None:
        before = pd.DataFrame.from_records(
            IndicatorResult.objects.filter(run=previous).values(
                "municipality_id", "indicator", "rank"
            )
        ).rename(columns={"municipality_id": "kommunkod", "rank": "previous_rank"})
        indicators = indicators.merge(before, on=["kommunkod", "indicator"], how="left")
    else:
        indicators["previous_rank"] = np.nan
    indicators["previous_rank"] = indicators["previous_rank"].astype("float64")
    indicators["rank_change"] = indicators["previous_rank"] - indicators["rank"]
    return YearResults(run.pk, run.year, methodology, run.synthetic, totals, indicators, inputs)


def _engine_inputs(indicators: pd.DataFrame, methodology: Methodology) -> pd.DataFrame:
    """A run's stored indicator values as the engine's input (codes back to sources)."""
    sources = {i.code: i.source for i in methodology.indicators}
    frame = indicators[indicators["indicator"].isin(sources.keys())]
    inputs = pd.DataFrame(
        {
            "kommunkod": frame["kommunkod"].astype(str),
            "source": frame["indicator"].map(sources),
            "value": frame["value"].astype("float64"),
            "n": frame["n"].astype("float64"),
        }
    ).dropna(subset=["value"])
    return inputs.reset_index(drop=True)


@lru_cache(maxsize=64)
def _indicator_means(results: YearResults) -> pd.DataFrame:
    frame = results.indicators.merge(
        results.totals[["kommunkod", "lanskod", "kommungrupp_kod"]], on="kommunkod"
    )
    # With as_index=False each mean is a frame; [["value"]] (not ["value"]) types it so.
    national = frame.groupby("indicator", as_index=False)[["value"]].mean()
    national = national.assign(scope="national", key="")
    county = (
        frame.groupby(["indicator", "lanskod"], as_index=False)[["value"]]
        .mean()
        .rename(columns={"lanskod": "key"})
        .assign(scope="county")
    )
    group = (
        frame.groupby(["indicator", "kommungrupp_kod"], as_index=False)[["value"]]
        .mean()
        .rename(columns={"kommungrupp_kod": "key"})
        .assign(scope="group")
    )
    return pd.concat([national, county, group], ignore_index=True).rename(
        columns={"value": "mean"}
    )[["indicator", "scope", "key", "mean"]]


def municipality_history(kommunkod: str) -> pd.DataFrame:
    """A municipality's published total rank per year: ``year``, ``rank``, ``points``,
    ``change``, ``methodology``, ``synthetic``; ascending by year.

    One row of each year's published run, read directly: a page showing one
    municipality's history does not load every year's whole results.
    """
    runs = [run for year in published_years() if (run := current_run(year)) is not None]
    stored = {
        row["run_id"]: row
        for row in MunicipalityResult.objects.filter(
            run__in=runs, municipality_id=kommunkod
        ).values("run_id", "rank", "points", "previous_rank")
    }
    rows = []
    for run in runs:
        row = stored.get(run.pk)
        if row is None:
            continue
        previous = row["previous_rank"]
        rows.append(
            {
                "year": run.year,
                "rank": int(row["rank"]),
                "points": float(row["points"]),
                "change": None if previous is None else int(previous - row["rank"]),
                "methodology": run.methodology,
                "synthetic": run.synthetic,
            }
        )
    return pd.DataFrame(
        rows, columns=["year", "rank", "points", "change", "methodology", "synthetic"]
    )


def clear_cache() -> None:
    """Forget cached frames (tests that rewrite runs in place call this)."""
    _results_for_run.cache_clear()
    _indicator_means.cache_clear()


def publication_generation() -> str:
    """Changes whenever a ranking is saved or replaced (in any process: it is read from
    the database)."""
    latest = RankingRun.objects.aggregate(pk=Max("pk"), at=Max("created_at"))
    count = RankingRun.objects.filter(is_current=True).count()
    return f"{latest['pk']}-{latest['at']}-{count}"


#: Caches an anonymous page or API answer until the next ranking is published.
cached_until_published = page_cache(publication_generation)
