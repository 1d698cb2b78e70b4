"""Published results loaded by a municipality: stored per year, read back as the rank
history its dashboard and goals follow, and as the factor table of a year."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd
from django.db import transaction
from django.utils.translation import get_language

from foretagsklimat import reference
from foretagsklimat.apps.reference.models import Municipality
from foretagsklimat.engine.methodology import load_catalogue
from foretagsklimat.importers.published_results import TOTAL
from foretagsklimat.web.frames import records

from .. import audit
from ..models import PublishedResult

#: The survey factor behind the overall grade ("Sammanfattande omdöme").
OVERALL_GRADE = "overall_grade"


@dataclass(frozen=True)
class StoredResults:
    """What a load of published results did."""

    count: int
    years: list[int]
    #: Rows of other municipalities in the file, not loaded.
    elsewhere: int


def store_published_results(
    municipality: Municipality, frame: pd.DataFrame, filename: str, user: Any
) -> StoredResults:
    """Replace the municipality's published results of the file's years by the file's rows.

    ``frame`` is :func:`~foretagsklimat.importers.published_results.read_published_results`'s
    result for this municipality. All or nothing, in one transaction, with one audit entry.
    """
    years = sorted(int(year) for year in frame["year"].unique())
    rows = [
        PublishedResult(
            municipality=municipality,
            year=int(row["year"]),
            factor=str(row["factor"]),
            value=None if pd.isna(row["value"]) else float(row["value"]),
            rank=None if pd.isna(row["rank"]) else int(row["rank"]),
            source=filename,
        )
        for row in records(frame)
    ]
    with transaction.atomic():
        PublishedResult.objects.for_municipality(municipality).filter(year__in=years).delete()
        PublishedResult.objects.bulk_create(rows)
        audit.record(
            municipality,
            user,
            "workspace.published.imported",
            None,
            {
                "fil": [None, filename],
                "år": [None, ", ".join(map(str, years))],
                "rader": [None, len(rows)],
            },
        )
    return StoredResults(len(rows), years, int(frame.attrs.get("elsewhere", 0)))


def published_years(municipality: Municipality) -> list[dict[str, Any]]:
    """The years loaded, newest first: ``year``, ``count`` (figures), ``source``, ``loaded``."""
    years: dict[int, dict[str, Any]] = {}
    for row in PublishedResult.objects.for_municipality(municipality).order_by("-year", "id"):
        entry = years.setdefault(
            row.year, {"year": row.year, "count": 0, "source": row.source, "loaded": row.created_at}
        )
        entry["count"] += 1
    return list(years.values())


def published_ranking(kommunkod: str) -> pd.DataFrame:
    """The loaded years that have a total rank, in :func:`.goal_measures.ranking_history`'s
    columns, with ``source`` naming the file; ascending by year."""
    columns = [
        "year",
        "rank",
        "change",
        "points",
        "count",
        "overall_grade",
        "overall_grade_n",
        "overall_grade_suppressed",
        "synthetic",
        "source",
    ]
    rows = PublishedResult.objects.filter(
        municipality_id=kommunkod, factor__in=(TOTAL, OVERALL_GRADE)
    ).values("year", "factor", "value", "rank", "source")
    frame = pd.DataFrame(list(rows), columns=["year", "factor", "value", "rank", "source"])
    totals = frame[(frame["factor"] == TOTAL) & frame["rank"].notna()]
    if totals.empty:
        return pd.DataFrame(columns=columns)
    grades = frame[frame["factor"] == OVERALL_GRADE].set_index("year")["value"]
    result = pd.DataFrame(
        {
            "year": totals["year"].astype(int).to_numpy(),
            "rank": totals["rank"].astype(int).to_numpy(),
            "points": totals["value"].astype(float).to_numpy(),
            "source": totals["source"].to_numpy(),
        }
    )
    result["count"] = len(reference.municipality_codes())
    result["overall_grade"] = result["year"].map(grades).astype(float)
    result["overall_grade_n"] = float("nan")
    result["overall_grade_suppressed"] = False
    result["synthetic"] = False
    result["change"] = float("nan")
    return result.sort_values("year")[columns].reset_index(drop=True)


def with_published(history: pd.DataFrame, published: pd.DataFrame) -> pd.DataFrame:
    """The computed history with every published year in place of the computed one.

    A year the municipality loaded is what was published, so it wins; a change is
    recomputed wherever the year before is in the history.
    """
    if published.empty:
        return history.assign(source="")
    computed = history[~history["year"].isin(published["year"])].assign(source="")
    merged = pd.concat([computed, published[computed.columns]], ignore_index=True)
    merged = merged.sort_values("year").reset_index(drop=True)
    merged["year"] = merged["year"].astype(int)
    merged["rank"] = merged["rank"].astype(int)
    previous = merged.set_index("year")["rank"].astype(float)
    before = merged["year"].sub(1).map(previous)
    climbed = before - merged["rank"].astype(float)
    from_published = merged["source"] != ""
    merged["change"] = merged["change"].astype(float).where(~from_published, climbed)
    return merged


def published_factors(municipality: Municipality, year: int) -> list[dict[str, Any]]:
    """The year's loaded factors (not the total) for the dashboard's factor table."""
    catalogue = load_catalogue()
    labels = {
        code: entry
        for kind in ("questions", "statistics")
        for code, entry in catalogue[kind].items()
    }
    english = get_language() == "en"
    return [
        {
            "label": labels.get(row.factor, {}).get(
                "label_en" if english else "label_sv", row.factor
            ),
            "value": row.value,
            "rank": row.rank,
            "suppressed": False,
        }
        for row in PublishedResult.objects.for_municipality(municipality)
        .filter(year=year)
        .exclude(factor=TOTAL)
        .order_by("id")
    ]
