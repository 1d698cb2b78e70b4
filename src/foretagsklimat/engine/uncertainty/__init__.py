"""Sampling uncertainty of a ranking: bootstrap the survey answers, rank every replicate.

:func:`bootstrap_ranking` resamples the answering companies within each municipality
(the exact, multinomial bootstrap: each municipality's n respondents are replaced by n
drawn with replacement from the same municipality), recomputes every factor mean, the
points, totals and the final ranks, replication after replication — vectorised, with no
Python loop over replications, units or answers. Statistics (tax, unemployment, ...)
are registers, not samples: they stay fixed. :func:`parametric_bootstrap_ranking` does
the same when only ``mean``, ``n`` and ``sd`` per question are known.
:func:`rank_change_interval` pairs the replications of two years and says whether a move
is larger than the noise; :func:`describe_change` says it in a sentence. See
docs/uncertainty.md.

The package has three parts: :mod:`.bootstrap` (the two bootstraps),
:mod:`.replicates` (ranking and summarising blocks of replicates with the scoring
kernel) and :mod:`.change` (change intervals, verdicts and their sentences).

Examples
--------
>>> row = {"change": 81, "change_low": 52, "change_high": 104,
...        "verdict": "real_improvement", "confidence": 0.95}
>>> describe_change(row)
'+81 placeringar; 95 % intervall +52 till +104: en verklig förbättring'
"""

from __future__ import annotations

from .bootstrap import bootstrap_ranking, parametric_bootstrap_ranking
from .change import VERDICTS, describe_change, rank_change_interval
from .replicates import BootstrapResult

__all__ = [
    "VERDICTS",
    "BootstrapResult",
    "bootstrap_ranking",
    "describe_change",
    "parametric_bootstrap_ranking",
    "rank_change_interval",
]
