"""The question and statistic codes the importers accept, from the engine's catalogue.

A thin view over :func:`foretagsklimat.engine.methodology.load_catalogue` (which owns
reading ``catalogue.toml``) with just what the importers need: the codes in catalogue
order and the Statistik.xlsx row names.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from foretagsklimat.engine.methodology import load_catalogue


@dataclass(frozen=True)
class Catalogue:
    """Codes known to the importers, in catalogue order."""

    questions: tuple[str, ...]
    statistics: tuple[str, ...]
    #: (Faktor, Delserie or None, statistic code) for the rows of Statistik.xlsx.
    xlsx: tuple[tuple[str, str | None, str], ...]


@cache
def catalogue() -> Catalogue:
    """The catalogue's codes, read once."""
    data = load_catalogue()
    statistics = data["statistics"]
    return Catalogue(
        questions=tuple(data["questions"]),
        statistics=tuple(statistics),
        xlsx=tuple(
            (entry["faktor"], entry.get("delserie"), code)
            for code, statistic in statistics.items()
            for entry in statistic.get("xlsx", [])
        ),
    )
