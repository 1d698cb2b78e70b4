"""Change in rank between two years: places gained or lost, biggest climbers.

Examples
--------
>>> import pandas as pd
>>> before = pd.DataFrame({"kommunkod": ["0114", "0115", "1280"], "rank": [1, 2, 3]})
>>> after = pd.DataFrame({"kommunkod": ["0114", "0115", "1280"], "rank": [3, 1, 2]})
>>> movers(before, after)
  kommunkod  rank_previous  rank  change
0      0114              1     3      -2
1      0115              2     1       1
2      1280              3     2       1
>>> biggest_climbers(movers(before, after))["kommunkod"].tolist()
['0115']
"""

from __future__ import annotations

import pandas as pd

from foretagsklimat import reference as _reference

__all__ = ["biggest_climbers", "biggest_fallers", "movers"]


def movers(previous: pd.DataFrame, current: pd.DataFrame) -> pd.DataFrame:
    """Rank change per municipality between two rank frames.

    Parameters
    ----------
    previous, current : DataFrame
        Each with ``kommunkod`` and ``rank`` (e.g. ``RankingResult.municipalities``).

    Returns
    -------
    DataFrame
        ``kommunkod``, ``rank_previous``, ``rank``, ``change`` = previous - current
        (positive = climbed, i.e. places gained), for municipalities ranked in both
        years, sorted by code.
    """
    merged = previous[["kommunkod", "rank"]].merge(
        current[["kommunkod", "rank"]],
        on="kommunkod",
        how="inner",
        suffixes=("_previous", ""),
        validate="one_to_one",
    )
    merged["change"] = merged["rank_previous"] - merged["rank"]
    return merged.sort_values("kommunkod", kind="stable").reset_index(drop=True)


def _extremes(
    moves: pd.DataFrame, reference: pd.DataFrame | None, by: str | None, n: int, sign: int
) -> pd.DataFrame:
    frame = moves.copy()
    if by is not None:
        if by == "lanskod":
            frame["lanskod"] = frame["kommunkod"].astype(str).str[:2]
        else:
            ref = _reference.municipalities() if reference is None else reference
            if by not in ref.columns:
                raise ValueError(f"biggest_climbers: cannot group by {by!r}")
            frame = frame.merge(ref[["kommunkod", by]], on="kommunkod", how="left")
    # Equal change: the better current rank first, so the pick is deterministic.
    frame = frame.assign(_key=-sign * frame["change"]).sort_values(["_key", "rank"], kind="stable")
    frame = frame.drop(columns="_key")
    if by is None:
        return frame.head(n).reset_index(drop=True)
    top = frame.groupby(by, sort=False).head(n)
    return top.sort_values(by, kind="stable").reset_index(drop=True)


def biggest_climbers(
    moves: pd.DataFrame,
    reference: pd.DataFrame | None = None,
    by: str | None = None,
    n: int = 1,
) -> pd.DataFrame:
    """The ``n`` municipalities that gained most places, nationally or per group.

    Parameters
    ----------
    moves : DataFrame
        Output of :func:`movers`.
    reference : DataFrame, optional
        Municipality reference (default :func:`foretagsklimat.reference.municipalities`),
        needed when ``by`` is a reference column such as ``"kommungrupp_kod"``.
    by : None, "lanskod" or a reference column
        ``None`` = nationally; ``"lanskod"`` = per county (first two code digits).
    n : int, default 1

    Returns
    -------
    DataFrame
        Rows of ``moves`` (plus the ``by`` column), largest ``change`` first; ties go
        to the better current rank.
    """
    return _extremes(moves, reference, by, n, sign=1)


def biggest_fallers(
    moves: pd.DataFrame,
    reference: pd.DataFrame | None = None,
    by: str | None = None,
    n: int = 1,
) -> pd.DataFrame:
    """Like :func:`biggest_climbers` for the municipalities that lost most places.

    Examples
    --------
    >>> before = pd.DataFrame({"kommunkod": ["0114", "0115", "1280"], "rank": [1, 2, 3]})
    >>> after = pd.DataFrame({"kommunkod": ["0114", "0115", "1280"], "rank": [3, 1, 2]})
    >>> biggest_fallers(movers(before, after), by="lanskod")[["kommunkod", "change"]]
      kommunkod  change
    0      0114      -2
    1      1280       1
    """
    return _extremes(moves, reference, by, n, sign=-1)
