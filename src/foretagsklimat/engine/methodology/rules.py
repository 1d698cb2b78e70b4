"""The rules a methodology file is checked against, and the error that names a fault."""

from __future__ import annotations

import os

from ..normalisers import NORMALISERS, TIE_RULES

__all__ = [
    "AGGREGATIONS",
    "KINDS",
    "METHODOLOGY_STATUSES",
    "MISSING_RULES",
    "STATUSES",
    "SUBQUESTION_RULES",
    "TIE_RULES",
    "WEIGHT_TOLERANCE",
    "MethodologyError",
]

#: How indicator values become points: the normalisers of
#: :data:`~foretagsklimat.engine.normalisers.NORMALISERS`, SN's ``rank_points`` first.
AGGREGATIONS = ("rank_points", *(name for name in NORMALISERS if name != "rank_points"))
#: How a group of sub-questions is ranked (see ``subquestions`` in docs/methodology.md).
SUBQUESTION_RULES = ("separate", "mean")
#: What a municipality without a value for an indicator receives.
MISSING_RULES = ("neutral", "error")
STATUSES = ("documented", "inferred")
METHODOLOGY_STATUSES = ("documented", "partly_inferred", "inferred")
KINDS = ("survey", "statistic")
WEIGHT_TOLERANCE = 1e-9


class MethodologyError(ValueError):
    """A methodology file (or recorded configuration) is broken.

    The message names the file and the fault, e.g.
    ``sn-2014.toml: weights sum to 0.98, not 1``.

    Attributes
    ----------
    path : str
        The file (or ``"<dict>"`` for a configuration read back from JSON).
    fault : str
        What is wrong, in words an analyst can act on.
    """

    def __init__(self, path: str | os.PathLike[str], fault: str) -> None:
        self.path = str(path)
        self.fault = fault
        super().__init__(f"{self.path}: {fault}")
