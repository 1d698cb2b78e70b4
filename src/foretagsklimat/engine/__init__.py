"""The ranking and statistics engine: plain pandas/numpy/scipy, never Django.

Usable from a notebook; see docs/engine.md.

>>> from foretagsklimat import engine
>>> engine.methodology_for_year(2021).name
'sn-2020'
"""

from .composite import CompositeResult, compare_ranks, composite, from_methodology, recompute
from .factors import factor_values
from .methodology import (
    Indicator,
    Methodology,
    MethodologyError,
    builtin_methodologies,
    get_methodology,
    load_catalogue,
    load_methodology,
    methodology_for_year,
)
from .movers import biggest_climbers, biggest_fallers, movers
from .normalisers import AGGREGATORS, NORMALISERS
from .ranking import (
    ENGINE_VERSION,
    InputMismatchError,
    RankingResult,
    RankPointsRanker,
    indicator_values,
    rank,
    regenerate,
)
from .subrankings import subrankings

__all__ = [
    "AGGREGATORS",
    "ENGINE_VERSION",
    "NORMALISERS",
    "CompositeResult",
    "Indicator",
    "InputMismatchError",
    "Methodology",
    "MethodologyError",
    "RankPointsRanker",
    "RankingResult",
    "biggest_climbers",
    "biggest_fallers",
    "builtin_methodologies",
    "compare_ranks",
    "composite",
    "factor_values",
    "from_methodology",
    "get_methodology",
    "indicator_values",
    "load_catalogue",
    "load_methodology",
    "methodology_for_year",
    "movers",
    "rank",
    "recompute",
    "regenerate",
    "subrankings",
]
