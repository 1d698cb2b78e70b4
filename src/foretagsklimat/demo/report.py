"""How well the demo data reproduces the published facts, measured by a fresh engine run."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from foretagsklimat.demo.facts import mean_facts, rank_facts
from foretagsklimat.engine import factor_values, indicator_values, methodology_for_year, rank


def engine_ranks(
    answers: pd.DataFrame, statistics: pd.DataFrame, years: object
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Rank every year with the methodology in force, straight from the answers.

    Returns
    -------
    (ranks, factors) : tuple of pandas.DataFrame
        ``ranks``: ``kommunkod``, ``year``, ``methodology``, ``points``, ``rank``;
        ``factors``: the engine's factor values of the firms' answers.
    """
    factors = factor_values(answers)
    parts = []
    for year in years:  # type: ignore[attr-defined]
        methodology = methodology_for_year(int(year))
        values = indicator_values(factors, statistics, methodology, int(year))
        result = rank(values, methodology, year=int(year)).municipalities
        parts.append(result.assign(year=int(year), methodology=methodology.name))
    ranks = pd.concat(parts, ignore_index=True)
    return ranks[["kommunkod", "year", "methodology", "points", "rank"]], factors


def compare_ranks(ranks: pd.DataFrame, years: object = None) -> pd.DataFrame:
    """Published total ranks next to the demo's, with the absolute error.

    Parameters
    ----------
    ranks : pandas.DataFrame
        ``kommunkod``, ``year``, ``rank`` (the demo's engine ranks).
    years : iterable of int, optional
        Facts of these years (default: the years in ``ranks``).
    """
    facts = rank_facts(sorted(ranks["year"].unique()) if years is None else years)
    merged = facts.merge(
        ranks[["kommunkod", "year", "rank"]].rename(columns={"rank": "demo_rank"}),
        on=["kommunkod", "year"],
        how="inner",
    )
    merged = merged.rename(columns={"rank": "published_rank"})
    merged["error"] = (merged["demo_rank"] - merged["published_rank"]).abs()
    return merged.sort_values(["year", "published_rank"], kind="stable").reset_index(drop=True)


def mean_absolute_rank_error(comparison: pd.DataFrame) -> tuple[float, int]:
    """MAE over the published ranks that are not exact targets, and how many there are."""
    other = comparison.loc[~comparison["exact"]]
    return (float(other["error"].mean()) if len(other) else float("nan")), len(other)


@dataclass
class CalibrationReport:
    """Published facts versus the demo, all from one fresh engine run over the final data.

    Attributes
    ----------
    ranks : pandas.DataFrame
        The demo's total ranks per year (``kommunkod``, ``year``, ``methodology``,
        ``points``, ``rank``).
    rank_facts : pandas.DataFrame
        Every published rank fact in the generated years with the demo's rank and error.
    exact_hit, exact_total : int
        Exact targets reproduced, of how many.
    mae, n_other : float, int
        Mean absolute rank error over the other published ranks, and their count.
    mean_facts : pandas.DataFrame
        Published municipality means next to the demo's.
    national : pandas.DataFrame
        Per year: questionnaires sent, company answers, response rate, politicians'
        answers, national mean overall grade (firms, politicians) and procurement grade.
    """

    ranks: pd.DataFrame
    rank_facts: pd.DataFrame
    exact_hit: int
    exact_total: int
    mae: float
    n_other: int
    mean_facts: pd.DataFrame
    national: pd.DataFrame

    @property
    def exact_ok(self) -> bool:
        """Whether every exact target is reproduced."""
        return self.exact_hit == self.exact_total

    def to_markdown(self) -> str:
        """The report as Markdown tables (the source of the figures in docs/demo-data.md)."""
        other = self.rank_facts.loc[~self.rank_facts["exact"]]
        by_kind = other.groupby("kind")["error"].agg(["count", "mean"]).reset_index()
        exact = self.rank_facts.loc[
            self.rank_facts["exact"], ["kommun", "year", "published_rank", "demo_rank"]
        ]
        means = self.mean_facts.assign(demo_mean=self.mean_facts["demo_mean"].round(2))
        lines = [
            f"Exact targets reproduced: {self.exact_hit} of {self.exact_total}.",
            "",
            _table(exact),
            "",
            f"Other published ranks: {self.n_other}; mean absolute rank error "
            f"{self.mae:.2f}; exactly hit {int((other['error'] == 0).sum())}, "
            f"within 2 places {int((other['error'] <= 2).sum())}, "
            f"largest error {int(other['error'].max()) if len(other) else 0}.",
            "",
            _table(by_kind.rename(columns={"count": "facts", "mean": "mae"}).round(2)),
            "",
            _table(self.national),
            "",
            _table(means),
        ]
        return "\n".join(lines)


def _table(frame: pd.DataFrame) -> str:
    """A plain Markdown table (no optional dependency)."""
    header = "| " + " | ".join(map(str, frame.columns)) + " |"
    rule = "|" + "|".join("---" for _ in frame.columns) + "|"
    rows = [
        "| " + " | ".join("" if pd.isna(v) else str(v) for v in row) + " |"
        for row in frame.itertuples(index=False)
    ]
    return "\n".join([header, rule, *rows])


def calibration_report(
    answers: pd.DataFrame, statistics: pd.DataFrame, questionnaires: pd.DataFrame, years: object
) -> CalibrationReport:
    """Rank the final data afresh with the engine and compare with the published facts."""
    years = [int(v) for v in years]  # type: ignore[attr-defined]
    ranks, factors = engine_ranks(answers, statistics, years)
    comparison = compare_ranks(ranks, years)
    exact = comparison.loc[comparison["exact"]]
    mae, n_other = mean_absolute_rank_error(comparison)

    means = mean_facts(years).merge(
        factors[["kommunkod", "year", "question", "mean", "n"]].rename(
            columns={"mean": "demo_mean"}
        ),
        on=["kommunkod", "year", "question"],
        how="left",
    )

    grouped = answers.groupby(["year", "respondent_type"])
    overall = grouped["overall_grade"].mean().unstack()
    procurement = grouped["procurement"].mean().unstack()
    sizes = questionnaires.groupby("year")[["sent", "answered"]].sum()
    counts = answers.groupby(["year", "respondent_type"]).size().unstack()
    national = pd.DataFrame(
        {
            "sent": sizes["sent"],
            "answered": sizes["answered"],
            "response_rate": (sizes["answered"] / sizes["sent"]).round(3),
            "politicians": counts.get("politician", pd.Series(0, index=counts.index))
            .fillna(0)
            .astype("int64"),
            "overall_firms": overall["company"].round(3),
            "overall_politicians": overall.get(
                "politician", pd.Series(np.nan, index=overall.index)
            ).round(3),
            "procurement_firms": procurement["company"].round(3),
        }
    )
    national.index.name = "year"
    return CalibrationReport(
        ranks=ranks,
        rank_facts=comparison,
        exact_hit=int((exact["error"] == 0).sum()),
        exact_total=len(exact),
        mae=mae,
        n_other=n_other,
        mean_facts=means,
        national=national.reset_index(),
    )
