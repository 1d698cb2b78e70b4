"""The question and statistic codes the importers accept, read from ``catalogue.toml``.

Kept private and small on purpose: the engine owns the public catalogue loader; the
importers only need the codes and the Statistik.xlsx row names.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib.resources import files


@dataclass(frozen=True)
class Catalogue:
    """Codes known to the importers, in catalogue order."""

    questions: tuple[str, ...]
    statistics: tuple[str, ...]
    #: (Faktor, Delserie or None, statistic code) for the rows of Statistik.xlsx.
    xlsx: tuple[tuple[str, str | None, str], ...]


@cache
def catalogue() -> Catalogue:
    """Read the packaged catalogue once."""
    path = files("foretagsklimat") / "methodologies" / "catalogue.toml"
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    statistics = data.get("statistics", [])
    return Catalogue(
        questions=tuple(q["code"] for q in data.get("questions", [])),
        statistics=tuple(s["code"] for s in statistics),
        xlsx=tuple(
            (entry["faktor"], entry.get("delserie"), s["code"])
            for s in statistics
            for entry in s.get("xlsx", [])
        ),
    )
