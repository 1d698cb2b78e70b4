"""Read the files people bring: survey answers, factor values and statistics.

Pure pandas, no Django: every reader returns a canonical frame (see
``docs/engine-contract.md``) or raises :class:`ImportValidationError` listing every
problem found, so that an import loads all or nothing. User documentation:
``docs/importing.md``.
"""

from .answers import read_answers
from .errors import ImportValidationError, Issue
from .statistics import FactorFile, read_factor_file, read_factor_values, read_statistics
from .statistik_xlsx import StatistikWorkbook, read_statistik_workbook, read_statistik_xlsx

__all__ = [
    "FactorFile",
    "ImportValidationError",
    "Issue",
    "StatistikWorkbook",
    "read_answers",
    "read_factor_file",
    "read_factor_values",
    "read_statistics",
    "read_statistik_workbook",
    "read_statistik_xlsx",
]
