"""The ranking and statistics engine: plain pandas/numpy/scipy, never Django.

Usable from a notebook; see docs/engine.md.

>>> from foretagsklimat import engine
>>> engine.methodology_for_year(2021).name
'sn-2020'
"""

from .coinr import (
    CoinrIndex,
    CompositeResult,
    compare_ranks,
    composite,
    from_methodology,
    read_coinr,
    read_long,
    recompute,
)
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
from .normalisers import AGGREGATORS, NORMALISERS, TIE_RULES
from .ranking import (
    ENGINE_VERSION,
    InputMismatchError,
    RankingResult,
    RankPointsRanker,
    indicator_values,
    rank,
    regenerate,
)
from .scoring import ScoringRule
from .subrankings import subrankings

__all__ = [
    "AGGREGATORS",
    "ENGINE_VERSION",
    "NORMALISERS",
    "TIE_RULES",
    "CoinrIndex",
    "CompositeResult",
    "Indicator",
    "InputMismatchError",
    "Methodology",
    "MethodologyError",
    "RankPointsRanker",
    "RankingResult",
    "ScoringRule",
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
    "read_coinr",
    "read_long",
    "recompute",
    "regenerate",
    "subrankings",
]
