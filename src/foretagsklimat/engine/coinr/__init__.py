"""Composite indicators in the style of COINr, the EU JRC's R package.

The EU JRC's COINr describes an index by ``iData`` (``uCode``, ``uName``, one column
per indicator) and ``iMeta`` (``iCode``, ``iName``, ``Level``, ``Parent``,
``Direction``, ``Weight``, ``Type``). Level 1 holds the indicators; each higher level
aggregates the level below; the one aggregate at the top level is the index. Weights
are rescaled to sum to 1 among siblings (children of one parent), so only their ratios
matter.

One pipeline, in three modules:

* :mod:`.tables` reads and validates an index description once — COINr's two tables
  (:func:`read_coinr`, :func:`read_coinr_csv`) or a generic long table with a flat
  metadata table (:func:`read_long`: indicators → groups → index);
* :mod:`.index` holds the result, a :class:`CoinrIndex` (values and aggregation tree),
  and builds one from a ranking year (:func:`index_from_methodology`);
* :mod:`.build` computes it: :func:`composite` normalises (by name from
  :data:`~foretagsklimat.engine.normalisers.NORMALISERS`), aggregates level by level
  (:data:`~foretagsklimat.engine.normalisers.AGGREGATORS`), ranks and keeps every stage
  and the configuration; :func:`build_index` is its result table, :func:`recompute`
  re-runs a configuration, :func:`compare_ranks` compares with SN's ranking.

The methodological uncertainty analysis of such an index is in
:mod:`foretagsklimat.engine.sensitivity`.

Conventions (checked against COINr's documentation, see docs/uncertainty.md):

* ``minmax``: best 100, worst 0 (COINr's ``n_minmax`` default ``l_u = c(0, 100)``);
  under geometric aggregation to [1, 100] instead, COINr's usual workaround for a
  geometric mean, which is undefined at 0.
* ``zscore``: mean 10, sd 2 with the sample sd (COINr's normalisation vignette; the bare
  ``n_zscore`` default is mean 0, sd 1, which a geometric mean cannot use).
* ``rank_points``: SN's N + 1 - rank (average ties); a unit without a value gets the
  neutral (mean) points, as in :func:`foretagsklimat.engine.ranking.rank`.
* Missing values otherwise: a unit is aggregated over the children it has (weights
  rescaled over those present), as COINr's ``a_amean``/``a_gmean``.
* ``Rank``: 1 = highest index; equal indexes share the best rank (R's ``ties = "min"``).

Examples
--------
>>> import pandas as pd
>>> data = pd.DataFrame({"uCode": ["A", "B", "C"], "uName": ["a", "b", "c"],
...                      "x": [1.0, 2.0, 3.0], "y": [30.0, 10.0, 20.0]})
>>> meta = pd.DataFrame({
...     "iCode": ["x", "y", "Index"], "iName": ["X", "Y", "Index"], "Level": [1, 1, 2],
...     "Parent": ["Index", "Index", None], "Direction": [1, -1, None],
...     "Weight": [1, 1, 1], "Type": ["Indicator", "Indicator", "Aggregate"]})
>>> build_index(read_coinr(data, meta))
  uCode  Index  Rank
0     B   75.0     1
1     C   75.0     1
2     A    0.0     3
"""

from __future__ import annotations

from .build import (
    AGGREGATES,
    COMPOSITE_STAGES,
    NORMALISATIONS,
    CompositeResult,
    build_index,
    compare_ranks,
    composite,
    normalisation_options,
    normalised_indicators,
    recompute,
    scores_below_index,
    write_index,
)
from .index import CoinrIndex, Level, from_methodology, index_from_methodology
from .tables import CoinrError, read_coinr, read_coinr_csv, read_long

__all__ = [
    "AGGREGATES",
    "COMPOSITE_STAGES",
    "NORMALISATIONS",
    "CoinrError",
    "CoinrIndex",
    "CompositeResult",
    "Level",
    "build_index",
    "compare_ranks",
    "composite",
    "from_methodology",
    "index_from_methodology",
    "normalisation_options",
    "normalised_indicators",
    "read_coinr",
    "read_coinr_csv",
    "read_long",
    "recompute",
    "scores_below_index",
    "write_index",
]
