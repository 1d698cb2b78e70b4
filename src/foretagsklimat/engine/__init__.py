"""The ranking and statistics engine: plain pandas/numpy/scipy, never Django.

Usable from a notebook; see docs/engine.md.

>>> from foretagsklimat import engine
>>> engine.methodology_for_year(2021).name
'sn-2020'
"""

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

__all__ = [
    "AGGREGATORS",
    "ENGINE_VERSION",
    "NORMALISERS",
    "Indicator",
    "InputMismatchError",
    "Methodology",
    "MethodologyError",
    "RankPointsRanker",
    "RankingResult",
    "builtin_methodologies",
    "factor_values",
    "get_methodology",
    "indicator_values",
    "load_catalogue",
    "load_methodology",
    "methodology_for_year",
    "rank",
    "regenerate",
]
