"""The index itself: units × indicator values and the aggregation tree above them.

A :class:`CoinrIndex` is what every COINr computation works on. It is built by
:func:`~.tables.read_coinr` (COINr's tables), :func:`~.tables.read_long` (a generic
long table with a flat metadata table) or :func:`index_from_methodology` (a ranking
year), each of which validates its input once.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..methodology import Methodology
from ..normalisers import FloatArray
from ..ranking import rank
from ..scoring import ranked_columns

__all__ = ["CoinrIndex", "Level", "from_methodology", "index_from_methodology"]


@dataclass(frozen=True)
class Level:
    """One aggregation step: children (the level below) → parents (this level).

    Attributes
    ----------
    codes : tuple of str
        The parents: the aggregates of this level.
    children : tuple of str
        The level below (the indicators, for the first aggregation).
    matrix : ndarray, shape (children, parents)
        A child's weight within its parent; each column sums to 1 (weights rescaled
        among siblings), 0 where a child does not belong to the parent.
    """

    codes: tuple[str, ...]
    children: tuple[str, ...]
    matrix: FloatArray


@dataclass(frozen=True)
class CoinrIndex:
    """A validated index: unit × indicator values and the aggregation tree.

    Attributes
    ----------
    codes, names : ndarray of str
        ``uCode`` and ``uName`` per unit, in data-table order.
    indicators : tuple of str
        Level-1 ``iCode`` in metadata order; the columns of ``values``.
    values : ndarray, shape (units, indicators)
        Raw values, NaN = missing.
    directions : ndarray of int
        +1 higher is better, -1 lower is better, per indicator.
    levels : tuple of Level
        Aggregation steps from level 2 to the index; ``levels[-1]`` has one parent, the
        index, whose children are "the level just below the index".
    index_code : str
    tie_rule : str
        Tie rule of ``rank_points`` (default "average").

    Examples
    --------
    >>> index = CoinrIndex(codes=np.array(["A", "B"]), names=np.array(["a", "b"]),
    ...     indicators=("x", "y"), values=np.array([[1.0, 2.0], [3.0, 4.0]]),
    ...     directions=np.array([1, -1]),
    ...     levels=(Level(("Index",), ("x", "y"), np.array([[0.5], [0.5]])),),
    ...     index_code="Index")
    >>> index.top_children, index.top_weights.tolist()
    (('x', 'y'), [0.5, 0.5])
    """

    codes: np.ndarray
    names: np.ndarray
    indicators: tuple[str, ...]
    values: FloatArray
    directions: np.ndarray
    levels: tuple[Level, ...]
    index_code: str
    tie_rule: str = "average"

    @property
    def top_children(self) -> tuple[str, ...]:
        """Codes of the level just below the index (whose weights the noise perturbs)."""
        return self.levels[-1].children

    @property
    def top_weights(self) -> FloatArray:
        """Their weights, summing to 1."""
        return np.asarray(self.levels[-1].matrix[:, 0], dtype="float64")

    def tree(self) -> list[dict[str, Any]]:
        """The aggregation tree as JSON-serialisable levels (for a configuration)."""
        return [
            {
                "codes": list(level.codes),
                "children": list(level.children),
                "weights": level.matrix.tolist(),
            }
            for level in self.levels
        ]

    def digest(self) -> str:
        """SHA-256 of the units, values, directions and tree; row order is part of it."""
        digest = hashlib.sha256()
        for part in (self.codes, np.asarray(self.indicators), [self.index_code, self.tie_rule]):
            digest.update("\x1f".join(str(p) for p in part).encode() + b"\x1e")
        # One canonical NaN, so that NaNs with different payloads hash alike.
        digest.update(np.where(np.isnan(self.values), np.nan, self.values).tobytes())
        digest.update(np.asarray(self.directions, dtype="int64").tobytes())
        for level in self.levels:
            digest.update("\x1f".join((*level.codes, "|", *level.children)).encode())
            digest.update(np.ascontiguousarray(level.matrix, dtype="float64").tobytes())
        return "sha256:" + digest.hexdigest()


def index_from_methodology(indicator_values: pd.DataFrame, methodology: Methodology) -> CoinrIndex:
    """One ranking year as a :class:`CoinrIndex`: the ranked factors under one index.

    The indicators are the methodology's ranked columns (sub-question groups averaged
    as :func:`~foretagsklimat.engine.ranking.rank` does), weighted as the methodology
    says; ``tie_rule`` is the methodology's. With ``normalise="rank_points"`` and
    arithmetic aggregation, the index equals ``rank``'s total points (its final rank
    may differ only where the totals tie, since ``rank`` breaks ties).

    Examples
    --------
    >>> from foretagsklimat.engine.methodology import get_methodology
    >>> m = get_methodology("sn-2020")
    >>> sources = [i.source for i in m.indicators]
    >>> values = pd.DataFrame({"kommunkod": ["0114"] * 17 + ["0115"] * 17,
    ...                        "source": sources * 2, "value": [1.0] * 17 + [2.0] * 17})
    >>> idx = index_from_methodology(values, m)
    >>> len(idx.indicators), idx.index_code, round(float(idx.top_weights.sum()), 9)
    (17, 'Index', 1.0)
    """
    nominal = rank(indicator_values, methodology)
    wide = nominal.stages["values"]
    columns = ranked_columns(nominal.methodology)
    weights = np.array([c.weight for c in columns])
    return CoinrIndex(
        codes=wide.index.to_numpy(dtype=str),
        names=wide.index.to_numpy(dtype=str),
        indicators=tuple(c.code for c in columns),
        values=wide.to_numpy(dtype="float64"),
        directions=np.array([c.direction for c in columns], dtype="int64"),
        levels=(
            Level(("Index",), tuple(c.code for c in columns), (weights / weights.sum())[:, None]),
        ),
        index_code="Index",
        tie_rule=nominal.methodology.tie_rule,
    )


def from_methodology(
    indicator_values: pd.DataFrame, methodology: Methodology
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A methodology's ranking input as the long tables of :func:`~.tables.read_long`.

    Sub-questions become separate indicators in their methodology group, whatever the
    ``subquestions`` rule; :func:`index_from_methodology` instead keeps the ranked
    columns under one index.

    Returns
    -------
    indicators : DataFrame
        ``unit`` (municipality code), ``indicator`` (methodology code), ``value``.
    metadata : DataFrame
        ``indicator``, ``group``, ``weight``, ``direction``.

    Examples
    --------
    >>> from foretagsklimat.engine.methodology import get_methodology
    >>> values = pd.DataFrame({"kommunkod": ["0114"], "source": ["attitude_public"],
    ...                        "value": [3.5]})
    >>> indicators, metadata = from_methodology(values, get_methodology("sn-2014"))
    >>> indicators.values.tolist(), metadata.loc[5, ["indicator", "group"]].tolist()
    ([['0114', 'attitude_public', 3.5]], ['attitude_public', 'attitudes'])
    """
    by_source = {ind.source: ind.code for ind in methodology.indicators}
    rows = indicator_values.loc[indicator_values["source"].isin(by_source)]
    indicators = pd.DataFrame(
        {
            "unit": rows["kommunkod"].astype(str).to_numpy(),
            "indicator": rows["source"].map(by_source).to_numpy(),
            "value": rows["value"].astype("float64").to_numpy(),
        }
    )
    metadata = pd.DataFrame(
        [(i.code, i.group, i.weight, i.direction) for i in methodology.indicators],
        columns=["indicator", "group", "weight", "direction"],
    )
    return indicators, metadata
