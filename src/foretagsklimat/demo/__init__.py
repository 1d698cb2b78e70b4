"""Synthetic demo data: survey answers, questionnaires and statistics, calibrated by the engine.

Everything produced here is synthetic, made up to look like the real survey and to
reproduce published ranking facts when ranked by :mod:`foretagsklimat.engine`. See
``docs/demo-data.md``.

>>> from foretagsklimat.demo import politician_year
>>> [y for y in range(2014, 2025) if politician_year(y)]
[2015, 2017, 2019, 2021, 2024]
"""

from foretagsklimat.demo.build import (
    DEFAULT_SEED,
    DEFAULT_YEARS,
    DemoData,
    generate,
    politician_year,
)
from foretagsklimat.demo.facts import EXACT_RANKS, mean_facts, rank_facts
from foretagsklimat.demo.report import (
    CalibrationReport,
    calibration_report,
    compare_ranks,
    engine_ranks,
    mean_absolute_rank_error,
)

__all__ = [
    "DEFAULT_SEED",
    "DEFAULT_YEARS",
    "EXACT_RANKS",
    "CalibrationReport",
    "DemoData",
    "calibration_report",
    "compare_ranks",
    "engine_ranks",
    "generate",
    "mean_absolute_rank_error",
    "mean_facts",
    "politician_year",
    "rank_facts",
]
