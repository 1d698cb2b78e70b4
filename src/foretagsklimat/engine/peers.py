"""Peers: structurally similar municipalities, and a factor-by-factor comparison with them.

:func:`peers` finds the ``k`` municipalities nearest to one municipality in structure:
its SKR municipality group, its population (log scale, so 10,000 vs 20,000 is as far
apart as 100,000 vs 200,000) and the official statistics of the latest year. Survey
grades are left out on purpose: peers should be places that *could* be compared, not
places that already get the same grades. :func:`compare_with_peers` then sets the
municipality's values beside the peers' mean, indicator by indicator.

Distance. Each feature is z-scored over all municipalities (sd with ddof = 0); a gap
in a statistic counts as the national mean (z = 0). With weights w (population
``population_weight``, each statistic 1)::

    d^2 = sum_f w_f (z_f - z'_f)^2 / sum_f w_f  +  group_weight * [other SKR group]

Two municipalities drawn at random differ by about 2 in the first term, so the default
``group_weight = 4`` puts any municipality of another SKR group behind nearly every one
of the same group: peers come from the own group unless it is too small for ``k``.
``group_weight = 0`` ignores the groups.

Examples
--------
Sandviken's nearest peers by population and SKR group alone (no statistics given):

>>> peers("2181", None, k=3)
  kommunkod  distance  same_group kommungrupp_kod
0      0583  0.125392        True              B5
1      0682  0.193546        True              B5
2      1293  0.305277        True              B5
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from foretagsklimat import reference as _reference

from .methodology import Methodology, builtin_methodologies, get_methodology

__all__ = ["compare_with_peers", "peers"]


def _zscore(matrix: np.ndarray) -> np.ndarray:
    mean = np.nanmean(matrix, axis=0)
    sd = np.nanstd(matrix, axis=0)
    z = (matrix - mean) / np.where(sd > 0, sd, 1.0)
    # A missing statistic counts as the national mean: it neither pulls nor pushes.
    return np.where(np.isnan(z), 0.0, z)


def peers(
    kommunkod: str,
    statistics: pd.DataFrame | None,
    reference: pd.DataFrame | None = None,
    *,
    k: int = 10,
    year: int | None = None,
    features: Iterable[str] | None = None,
    group_weight: float = 4.0,
    population_weight: float = 1.0,
) -> pd.DataFrame:
    """The ``k`` municipalities most similar in structure to ``kommunkod``.

    Parameters
    ----------
    kommunkod : str
    statistics : DataFrame or None
        Canonical long statistics: ``kommunkod``, ``year``, ``statistic``, ``value``.
        ``None``: population and SKR group only.
    reference : DataFrame, optional
        ``kommunkod``, ``kommungrupp_kod``, ``folkmangd_2024``; default
        :func:`foretagsklimat.reference.municipalities`. Its rows are the candidates.
    k : int, default 10
    year : int, optional
        Year of the statistics; default the latest in ``statistics``.
    features : iterable of str, optional
        Statistics to use; default all of that year. A statistic the municipality
        itself lacks is dropped, since it cannot tell anyone apart.
    group_weight : float, default 4.0
        Added to the squared distance for another SKR group (see the module notes).
    population_weight : float, default 1.0
        Weight of log population relative to one statistic.

    Returns
    -------
    DataFrame
        ``kommunkod``, ``distance``, ``same_group`` (bool), ``kommungrupp_kod``,
        nearest first (ties by code); never the municipality itself; at most ``k`` rows.

    Raises
    ------
    ValueError
        Unknown municipality code or ``k < 1``.
    """
    if k < 1:
        raise ValueError(f"k must be at least 1, not {k!r}")
    ref = _reference.municipalities() if reference is None else reference
    ref = ref.sort_values("kommunkod").reset_index(drop=True)
    codes = ref["kommunkod"].astype(str).to_numpy()
    hits = np.flatnonzero(codes == str(kommunkod))
    if not len(hits):
        raise ValueError(f"peers: municipality code {kommunkod!r} is not in the reference")
    me = int(hits[0])

    columns = [np.log(ref["folkmangd_2024"].to_numpy(dtype="float64"))]
    weights = [population_weight]
    if statistics is not None and len(statistics):
        chosen_year = statistics["year"].max() if year is None else year
        latest = statistics.loc[statistics["year"] == chosen_year]
        if features is not None:
            latest = latest.loc[latest["statistic"].isin(list(features))]
        wide = latest.pivot_table(
            index="kommunkod", columns="statistic", values="value", aggfunc="mean"
        ).reindex(codes)
        for name in sorted(wide.columns):
            column = wide[name].to_numpy(dtype="float64")
            if not np.isnan(column[me]):
                columns.append(column)
                weights.append(1.0)
    z = _zscore(np.column_stack(columns))
    w = np.array(weights)
    squared = ((z - z[me]) ** 2 * w).sum(axis=1) / w.sum()
    groups = ref["kommungrupp_kod"].astype(str).to_numpy()
    same = groups == groups[me]
    squared = squared + group_weight * (~same)
    table = pd.DataFrame(
        {
            "kommunkod": codes,
            "distance": np.sqrt(squared),
            "same_group": same,
            "kommungrupp_kod": groups,
        }
    ).drop(index=me)
    table = table.sort_values(["distance", "kommunkod"], kind="stable")
    return table.head(k).reset_index(drop=True)


def _directions(methodology: Methodology | None) -> dict[str, tuple[str, int]]:
    """``source -> (indicator code, direction)``; without a methodology, the built-ins'."""
    if methodology is not None:
        return {i.source: (i.code, i.direction) for i in methodology.indicators}
    out: dict[str, tuple[str, int]] = {}
    for m in builtin_methodologies().values():
        for i in m.indicators:
            out.setdefault(i.source, (i.source, i.direction))
    return out


def compare_with_peers(
    indicator_values: pd.DataFrame,
    kommunkod: str,
    peer_codes: Iterable[str],
    methodology: Methodology | str | None = None,
) -> pd.DataFrame:
    """A municipality's values beside its peers', indicator by indicator.

    Parameters
    ----------
    indicator_values : DataFrame
        Canonical ranking input of one year: ``kommunkod``, ``source``, ``value``.
    kommunkod : str
    peer_codes : iterable of str
        E.g. ``peers(...)["kommunkod"]``; the municipality itself is ignored if listed.
    methodology : Methodology or str, optional
        Names the indicators and their directions (and restricts to them); default
        every source in the input, direction as in the built-in methodologies (lower
        municipal tax is better).

    Returns
    -------
    DataFrame
        ``indicator``, ``value``, ``peer_mean``, ``difference`` (value - peer mean),
        ``advantage`` (difference in the improving direction: positive = better than
        the peers), ``rank_among_peers`` (1 = best among itself and the peers with a
        value, ties share the better place), ``n_peers`` (peers with a value).

    Examples
    --------
    >>> import pandas as pd
    >>> values = pd.DataFrame({"kommunkod": ["0114", "0115", "0117"] * 2,
    ...     "source": ["overall_grade"] * 3 + ["municipal_tax"] * 3,
    ...     "value": [3.5, 3.0, 4.0, 20.0, 21.0, 22.0]})
    >>> compare_with_peers(values, "0114", ["0115", "0117"])[
    ...     ["indicator", "peer_mean", "advantage", "rank_among_peers"]]
           indicator  peer_mean  advantage  rank_among_peers
    0  municipal_tax       21.5        1.5                 1
    1  overall_grade        3.5        0.0                 2
    """
    resolved = get_methodology(methodology) if isinstance(methodology, str) else methodology
    meta = _directions(resolved)
    others = [str(c) for c in dict.fromkeys(peer_codes) if str(c) != str(kommunkod)]
    values = indicator_values.assign(kommunkod=indicator_values["kommunkod"].astype(str))
    wide = values.pivot_table(index="kommunkod", columns="source", values="value", aggfunc="mean")
    if str(kommunkod) not in wide.index:
        raise ValueError(f"compare_with_peers: no values for municipality {kommunkod!r}")
    sources = (
        [i.source for i in resolved.indicators if i.source in wide.columns]
        if resolved is not None
        else list(wide.columns)
    )
    # A list selects a frame even for one label, so its first row is the row as a Series.
    mine = wide.loc[[str(kommunkod)]].iloc[0]
    theirs = wide.reindex(others)
    rows = []
    for source in sources:
        code, direction = meta.get(source, (source, 1))
        value = float(mine[source])
        peer_values = theirs[source].dropna().to_numpy(dtype="float64")
        peer_mean = float(peer_values.mean()) if len(peer_values) else np.nan
        ahead = int((peer_values * direction > value * direction).sum())
        rows.append(
            {
                "indicator": code,
                "value": value,
                "peer_mean": peer_mean,
                "difference": value - peer_mean,
                "advantage": direction * (value - peer_mean),
                "rank_among_peers": ahead + 1 if not np.isnan(value) else pd.NA,
                "n_peers": len(peer_values),
            }
        )
    out = pd.DataFrame(rows)
    if len(out):
        out["rank_among_peers"] = out["rank_among_peers"].astype("Int64")
    return out
