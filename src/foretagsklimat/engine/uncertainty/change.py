"""Whether a change of rank between two years is larger than the noise, in words.

Examples
--------
>>> row = {"change": 81, "change_low": 52, "change_high": 104,
...        "verdict": "real_improvement", "confidence": 0.95}
>>> describe_change(row)
'+81 placeringar; 95 % intervall +52 till +104: en verklig förbättring'
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from .replicates import BootstrapResult, interval

__all__ = ["VERDICTS", "describe_change", "rank_change_interval"]

#: Verdicts of :func:`rank_change_interval`.
VERDICTS = ("real_improvement", "real_decline", "noise")


def rank_change_interval(
    previous: BootstrapResult, current: BootstrapResult, confidence: float = 0.95
) -> pd.DataFrame:
    """Interval for each municipality's change of rank between two bootstrapped years.

    The two years' answers are independent samples, so replication r of one year is
    paired with replication r of the other (the first min(R1, R2) of each) and the
    change ``rank_previous - rank_current`` taken per pair. The interval is the central
    ``confidence`` percentile interval, widened outwards to whole places.

    Parameters
    ----------
    previous, current : BootstrapResult
    confidence : float, default 0.95

    Returns
    -------
    DataFrame
        ``kommunkod``, ``change`` (nominal; positive = climbed), ``change_low``,
        ``change_high`` (int), ``verdict`` (``"real_improvement"`` when the whole
        interval is above 0, ``"real_decline"`` when below, else ``"noise"``),
        ``confidence``; municipalities present in both years, in code order.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> def fake(ranks, samples):
    ...     codes = np.array(["0114", "0115"])
    ...     units = pd.DataFrame({"kommunkod": codes, "rank": ranks})
    ...     return BootstrapResult(units, pd.DataFrame(), np.array(samples),
    ...                            np.zeros((len(samples), 2)), codes)
    >>> before = fake([2, 1], [[2, 1], [2, 1], [1, 2]])
    >>> after = fake([1, 2], [[1, 2], [1, 2], [1, 2]])
    >>> rank_change_interval(before, after)[["kommunkod", "change", "verdict"]]
      kommunkod  change verdict
    0      0114       1   noise
    1      0115      -1   noise
    """
    low, high = interval(confidence)
    common = np.intersect1d(previous.codes, current.codes)
    before = pd.Index(previous.codes).get_indexer(common)
    after = pd.Index(current.codes).get_indexer(common)
    pairs = min(len(previous.rank_samples), len(current.rank_samples))
    changes = previous.rank_samples[:pairs, before].astype("int64") - current.rank_samples[
        :pairs, after
    ].astype("int64")
    bounds = np.quantile(changes, [low, high], axis=0)
    change_low = np.floor(bounds[0]).astype("int64")
    change_high = np.ceil(bounds[1]).astype("int64")
    nominal_before = previous.units.set_index("kommunkod")["rank"].reindex(common)
    nominal_after = current.units.set_index("kommunkod")["rank"].reindex(common)
    verdict = np.where(
        change_low > 0, "real_improvement", np.where(change_high < 0, "real_decline", "noise")
    )
    return pd.DataFrame(
        {
            "kommunkod": common.astype(object),
            "change": (nominal_before.to_numpy() - nominal_after.to_numpy()).astype("int64"),
            "change_low": change_low,
            "change_high": change_high,
            "verdict": verdict.astype(object),
            "confidence": confidence,
        }
    )


_WORDS = {
    "sv": {
        "one": "placering",
        "many": "placeringar",
        "interval": "{pct} % intervall {low} till {high}",
        "real_improvement": "en verklig förbättring",
        "real_decline": "en verklig försämring",
        "noise": "inom slumpvariationen",
    },
    "en": {
        "one": "place",
        "many": "places",
        "interval": "{pct} % interval {low} to {high}",
        "real_improvement": "a real improvement",
        "real_decline": "a real decline",
        "noise": "within the noise",
    },
}


def _signed(number: int) -> str:
    # A true minus sign (U+2212) reads better on the page than a hyphen.
    if number > 0:
        return f"+{number}"
    if number < 0:
        return f"−{-number}"
    return "0"


def describe_change(
    row: Mapping[str, Any] | pd.Series,
    language: str = "sv",
    *,
    confidence: float | None = None,
) -> str:
    """One plain sentence on a change of rank and whether it exceeds the noise.

    Parameters
    ----------
    row : mapping or Series
        A row of :func:`rank_change_interval`: ``change``, ``change_low``,
        ``change_high``, ``verdict`` and (optionally) ``confidence``.
    language : {"sv", "en"}
    confidence : float, optional
        Overrides the row's ``confidence`` (default 0.95 when the row has none).

    Returns
    -------
    str

    Examples
    --------
    >>> describe_change({"change": -1, "change_low": -9, "change_high": 4,
    ...                  "verdict": "noise"}, "sv")
    '−1 placering; 95 % intervall −9 till +4: inom slumpvariationen'
    >>> describe_change({"change": 12, "change_low": 3, "change_high": 20,
    ...                  "verdict": "real_improvement", "confidence": 0.9}, "en")
    '+12 places; 90 % interval +3 to +20: a real improvement'
    """
    if language not in _WORDS:
        raise ValueError(f"language must be one of {sorted(_WORDS)}, not {language!r}")
    words = _WORDS[language]
    change = int(row["change"])
    level = confidence if confidence is not None else row.get("confidence", 0.95)
    pct = round(float(level) * 100)
    places = words["one"] if abs(change) == 1 else words["many"]
    interval = words["interval"].format(
        pct=pct, low=_signed(int(row["change_low"])), high=_signed(int(row["change_high"]))
    )
    return f"{_signed(change)} {places}; {interval}: {words[str(row['verdict'])]}"
