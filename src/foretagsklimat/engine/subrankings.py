"""Ranks within each county and each SKR municipality group.

Examples
--------
>>> import pandas as pd
>>> ranks = pd.DataFrame({"kommunkod": ["0114", "0115", "0180", "1280"],
...                       "points": [4.0, 3.0, 2.0, 1.0], "rank": [1, 2, 3, 4]})
>>> subrankings(ranks)[["kommunkod", "lanskod", "county_rank"]]
  kommunkod lanskod  county_rank
0      0114      01            1
1      0115      01            2
2      0180      01            3
3      1280      12            1
"""

from __future__ import annotations

import pandas as pd

from foretagsklimat import reference as _reference

__all__ = ["subrankings"]


def subrankings(
    municipality_ranks: pd.DataFrame, reference: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Add the rank within the county and within the SKR municipality group.

    The order inside a county or group is the national order, so sub-ranks are strict
    1..n and never disagree with the national list.

    Parameters
    ----------
    municipality_ranks : DataFrame
        At least ``kommunkod`` and ``rank`` (e.g. ``RankingResult.municipalities``).
    reference : DataFrame, optional
        ``kommunkod``, ``kommungrupp_kod``, ``kommungrupp``; default
        :func:`foretagsklimat.reference.municipalities`.

    Returns
    -------
    DataFrame
        The input plus ``lanskod`` (first two digits of the code), ``kommungrupp_kod``,
        ``kommungrupp``, ``county_rank`` and ``group_rank`` (int), in the input's order.
    """
    ref = _reference.municipalities() if reference is None else reference
    groups = ref[["kommunkod", "kommungrupp_kod", "kommungrupp"]]
    out = municipality_ranks.drop(
        columns=[
            c
            for c in ("lanskod", "kommungrupp_kod", "kommungrupp", "county_rank", "group_rank")
            if c in municipality_ranks.columns
        ]
    )
    out = out.assign(lanskod=out["kommunkod"].astype(str).str[:2])
    out = out.merge(groups, on="kommunkod", how="left", validate="many_to_one")
    unknown = out["kommungrupp_kod"].isna()
    if unknown.any():
        raise ValueError(
            f"subrankings: municipality code {out.loc[unknown, 'kommunkod'].iloc[0]!r} "
            "is not in the reference"
        )
    # "first" breaks equal national ranks by row order; national ranks are strict anyway.
    out["county_rank"] = out.groupby("lanskod")["rank"].rank(method="first").astype("int64")
    out["group_rank"] = out.groupby("kommungrupp_kod")["rank"].rank(method="first").astype("int64")
    out.index = municipality_ranks.index
    return out
