"""Reading an index description: COINr's two tables, or a generic long table.

Validation happens here, once: :func:`read_coinr` checks COINr's ``iData`` and ``iMeta``
tables, :func:`read_long` a long indicator table and a flat metadata table, and both
return a :class:`~.index.CoinrIndex` that the computations trust.
"""

from __future__ import annotations

import os

import numpy as np
import pandas as pd

from .index import CoinrIndex, Level

__all__ = ["CoinrError", "read_coinr", "read_coinr_csv", "read_long"]

_DATA_REQUIRED = ("uCode",)
_META_REQUIRED = ("iCode", "Level", "Parent", "Weight", "Type")


class CoinrError(ValueError):
    """The data or metadata table is not a valid COINr index description.

    The message names the table, the spreadsheet row (header = row 1) and the column.
    """


def _row(i: int) -> int:
    return int(i) + 2  # as a person sees it in a spreadsheet: header is row 1


def read_coinr(data: pd.DataFrame, meta: pd.DataFrame) -> CoinrIndex:
    """Validate COINr's ``iData`` and ``iMeta`` tables and build a :class:`CoinrIndex`.

    Rows of ``meta`` whose ``Type`` is neither ``Indicator`` nor ``Aggregate`` (COINr's
    ``Group``, ``Denominator``, ``Other``) are ignored, as are data columns they name.

    Parameters
    ----------
    data : DataFrame
        ``uCode`` (unique), optional ``uName``, one numeric column per indicator.
    meta : DataFrame
        ``iCode``, ``iName`` (optional), ``Level`` (1 = indicator), ``Parent`` (empty
        for the index only), ``Direction`` (1 or -1, indicators), ``Weight`` (>= 0,
        siblings not all 0), ``Type`` (``Indicator`` | ``Aggregate``).

    Returns
    -------
    CoinrIndex

    Raises
    ------
    CoinrError
        Naming the table, row and column of the first fault found.

    Examples
    --------
    >>> data = pd.DataFrame({"uCode": ["A", "B"], "x": [1.0, "two"]})
    >>> meta = pd.DataFrame({"iCode": ["x", "Index"], "Level": [1, 2],
    ...     "Parent": ["Index", None], "Direction": [1, None], "Weight": [1, 1],
    ...     "Type": ["Indicator", "Aggregate"]})
    >>> read_coinr(data, meta)
    Traceback (most recent call last):
    ...
    foretagsklimat.engine.coinr.tables.CoinrError: data row 3, column x: 'two' is not a number
    >>> read_coinr(data.assign(x=[1.0, 2.0]), meta).top_children
    ('x',)
    """
    missing = [c for c in _DATA_REQUIRED if c not in data.columns]
    if missing:
        raise CoinrError(f"data: missing column(s) {missing}")
    missing = [c for c in _META_REQUIRED if c not in meta.columns]
    if missing:
        raise CoinrError(f"meta: missing column(s) {missing}")
    if "Direction" not in meta.columns:
        raise CoinrError("meta: missing column(s) ['Direction']")

    rows = meta.reset_index(drop=True)
    kinds = rows["Type"].astype(str).str.strip()
    rows = rows.loc[kinds.isin(["Indicator", "Aggregate"])].copy()
    rows["Type"] = kinds[rows.index]
    rows["iCode"] = rows["iCode"].astype(str).str.strip()
    duplicated = rows["iCode"].duplicated()
    if duplicated.any():
        i = rows.index[duplicated][0]
        raise CoinrError(f"meta row {_row(i)}, column iCode: {rows.at[i, 'iCode']!r} appears twice")
    level = pd.to_numeric(rows["Level"], errors="coerce")
    for i in rows.index:
        lv = level[i]
        if not np.isfinite(lv) or lv < 1 or lv != int(lv):
            raise CoinrError(
                f"meta row {_row(i)}, column Level: {rows.at[i, 'Level']!r} is not a whole "
                "number >= 1"
            )
        expected = "Indicator" if lv == 1 else "Aggregate"
        if rows.at[i, "Type"] != expected:
            raise CoinrError(
                f"meta row {_row(i)}, column Type: level {int(lv)} must be {expected!r}, "
                f"not {rows.at[i, 'Type']!r}"
            )
    rows["Level"] = level.astype("int64")
    top_level = int(rows["Level"].max()) if len(rows) else 0
    if top_level < 2:
        raise CoinrError("meta: needs indicators (Level 1) and an index aggregate above them")
    tops = rows.loc[rows["Level"] == top_level]
    if len(tops) != 1:
        raise CoinrError(
            f"meta: exactly one aggregate (the index) must have the top level {top_level}; "
            f"found {sorted(tops['iCode'])}"
        )
    index_code = str(tops["iCode"].iloc[0])
    parent = rows["Parent"].where(rows["Parent"].notna(), None)
    by_code = rows.set_index("iCode")
    weight = pd.to_numeric(rows["Weight"], errors="coerce")
    for i in rows.index:
        code, lv = rows.at[i, "iCode"], int(level[i])
        if code == index_code:
            continue
        p = parent[i]
        if p is None or str(p).strip() == "" or str(p).strip() not in by_code.index:
            raise CoinrError(
                f"meta row {_row(i)}, column Parent: {p!r} is not an iCode of an aggregate"
            )
        if by_code.at[str(p).strip(), "Level"] != lv + 1:
            raise CoinrError(f"meta row {_row(i)}, column Parent: {p!r} must be at level {lv + 1}")
        if not np.isfinite(weight[i]) or weight[i] < 0:
            raise CoinrError(
                f"meta row {_row(i)}, column Weight: {rows.at[i, 'Weight']!r} is not a number >= 0"
            )
    rows["Parent"] = parent.map(lambda p: None if p is None else str(p).strip())
    rows["Weight"] = weight

    indicators = rows.loc[rows["Level"] == 1]
    direction = pd.to_numeric(indicators["Direction"], errors="coerce")
    bad = ~direction.isin([1, -1])
    if bad.any():
        i = indicators.index[bad][0]
        raise CoinrError(
            f"meta row {_row(i)}, column Direction: {rows.at[i, 'Direction']!r} must be 1 or -1"
        )

    levels: list[Level] = []
    children = list(indicators["iCode"])
    for lv in range(2, top_level + 1):
        parents = list(rows.loc[rows["Level"] == lv, "iCode"])
        matrix = np.zeros((len(children), len(parents)))
        child_rows = rows.set_index("iCode").loc[children]
        for j, p in enumerate(parents):
            mine = (child_rows["Parent"] == p).to_numpy()
            total = child_rows["Weight"].to_numpy()[mine].sum()
            if not mine.any() or total <= 0:
                raise CoinrError(f"meta: aggregate {p!r} has no children with a positive weight")
            matrix[mine, j] = child_rows["Weight"].to_numpy()[mine] / total
        levels.append(Level(tuple(parents), tuple(children), matrix))
        children = parents

    codes = data["uCode"]
    if codes.isna().any():
        i = int(np.flatnonzero(codes.isna().to_numpy())[0])
        raise CoinrError(f"data row {_row(i)}, column uCode: empty")
    codes = codes.astype(str)
    if codes.duplicated().any():
        i = int(np.flatnonzero(codes.duplicated().to_numpy())[0])
        raise CoinrError(f"data row {_row(i)}, column uCode: {codes.iloc[i]!r} appears twice")
    names = data["uName"].astype(str) if "uName" in data.columns else codes
    columns = list(indicators["iCode"])
    absent = [c for c in columns if c not in data.columns]
    if absent:
        raise CoinrError(f"data: no column for indicator(s) {absent} named in meta")
    values = np.empty((len(data), len(columns)))
    for j, column in enumerate(columns):
        raw = data[column]
        numeric = pd.to_numeric(raw, errors="coerce")
        bad_value = numeric.isna().to_numpy() & raw.notna().to_numpy()
        if bad_value.any():
            i = int(np.flatnonzero(bad_value)[0])
            raise CoinrError(
                f"data row {_row(i)}, column {column}: {raw.iloc[i]!r} is not a number"
            )
        values[:, j] = numeric.to_numpy(dtype="float64")
    return CoinrIndex(
        codes=codes.to_numpy(dtype=str),
        names=names.to_numpy(dtype=str),
        indicators=tuple(columns),
        values=values,
        directions=direction.to_numpy(dtype="int64"),
        levels=tuple(levels),
        index_code=index_code,
    )


def read_coinr_csv(data: str | os.PathLike[str], meta: str | os.PathLike[str]) -> CoinrIndex:
    """:func:`read_coinr` on two CSV files; ``uCode`` and ``iCode`` are read as text.

    Errors name the file as well as the row and column.

    Examples
    --------
    >>> import tempfile
    >>> folder = tempfile.mkdtemp()
    >>> pd.DataFrame({"uCode": ["0114", "0115"], "x": [1.0, 2.0]}).to_csv(
    ...     f"{folder}/data.csv", index=False)
    >>> pd.DataFrame({"iCode": ["x", "Index"], "Level": [1, 2], "Parent": ["Index", None],
    ...     "Direction": [1, None], "Weight": [0, 1], "Type": ["Indicator", "Aggregate"]}
    ...     ).to_csv(f"{folder}/meta.csv", index=False)
    >>> read_coinr_csv(f"{folder}/data.csv", f"{folder}/meta.csv")
    Traceback (most recent call last):
    ...
    foretagsklimat.engine.coinr.tables.CoinrError: /.../meta.csv: meta: aggregate 'Index' \
has no children with a positive weight
    """
    try:
        return read_coinr(
            pd.read_csv(data, dtype={"uCode": str, "uName": str}),
            pd.read_csv(meta, dtype={"iCode": str, "Parent": str}),
        )
    except CoinrError as error:
        message = str(error)
        file = data if message.startswith("data") else meta
        raise CoinrError(f"{os.fspath(file)}: {message}") from error


def _validated_metadata(metadata: pd.DataFrame) -> pd.DataFrame:
    missing = [c for c in ("indicator", "weight", "direction") if c not in metadata.columns]
    if missing:
        raise CoinrError(f"metadata: missing column(s) {missing}")
    meta = metadata.copy()
    if "group" not in meta.columns:
        meta["group"] = "index"
    meta["indicator"] = meta["indicator"].astype(str)
    meta["group"] = meta["group"].astype(str)
    duplicated = meta["indicator"].duplicated()
    if duplicated.any():
        raise CoinrError(
            f"metadata: indicator {meta.loc[duplicated, 'indicator'].iloc[0]!r} appears twice"
        )
    weights = pd.to_numeric(meta["weight"], errors="coerce")
    if weights.isna().any() or (weights <= 0).any():
        bad = meta.loc[weights.isna() | (weights <= 0), "indicator"].iloc[0]
        raise CoinrError(f"metadata: weight of {bad!r} must be a positive number")
    if not meta["direction"].isin([1, -1]).all():
        bad = meta.loc[~meta["direction"].isin([1, -1]), "indicator"].iloc[0]
        raise CoinrError(f"metadata: direction of {bad!r} must be 1 or -1")
    meta["weight"] = weights.astype("float64")
    meta["direction"] = meta["direction"].astype("int64")
    return meta[["indicator", "group", "weight", "direction"]].reset_index(drop=True)


def read_long(
    indicators: pd.DataFrame,
    metadata: pd.DataFrame,
    *,
    group_weights: dict[str, float] | None = None,
) -> CoinrIndex:
    """A generic long table and a flat metadata table as a two-level index.

    Indicators are aggregated within their group, and groups into the index. Weights
    are rescaled among siblings, so only their ratios within a group (and between
    groups) matter; a group weighs the sum of its members' weights unless
    ``group_weights`` says otherwise.

    Parameters
    ----------
    indicators : DataFrame
        Long: ``unit``, ``indicator``, ``value`` (NaN = missing). Indicators absent
        from ``metadata`` are ignored; units are sorted.
    metadata : DataFrame
        ``indicator``, ``group`` (optional; default one group), ``weight`` (> 0),
        ``direction`` (+1 higher is better, -1 lower is better).
    group_weights : dict, optional
        Weight of each group in the index.

    Returns
    -------
    CoinrIndex
        Index code ``"Index"``.

    Raises
    ------
    CoinrError
        A missing column, a duplicate, a weight that is not positive or a direction
        other than 1 or -1.

    Examples
    --------
    >>> values = pd.DataFrame({"unit": list("abab"), "indicator": list("xxyy"),
    ...                        "value": [1.0, 4.0, 2.0, 1.0]})
    >>> meta = pd.DataFrame({"indicator": ["x", "y"], "group": ["g", "h"],
    ...                      "weight": [1.0, 1.0], "direction": [1, -1]})
    >>> index = read_long(values, meta, group_weights={"g": 3, "h": 1})
    >>> index.codes.tolist(), index.top_children, index.top_weights.tolist()
    (['a', 'b'], ('g', 'h'), [0.75, 0.25])
    """
    meta = _validated_metadata(metadata)
    missing = [c for c in ("unit", "indicator", "value") if c not in indicators.columns]
    if missing:
        raise CoinrError(f"indicators: missing column(s) {missing}")
    frame = indicators.loc[indicators["indicator"].astype(str).isin(meta["indicator"])]
    frame = pd.DataFrame(
        {
            "unit": frame["unit"].astype(str).to_numpy(),
            "indicator": frame["indicator"].astype(str).to_numpy(),
            "value": pd.to_numeric(frame["value"], errors="coerce").astype("float64").to_numpy(),
        }
    )
    if frame.duplicated(["unit", "indicator"]).any():
        row = frame.loc[frame.duplicated(["unit", "indicator"])].iloc[0]
        raise CoinrError(
            f"indicators: more than one row for {row['unit']!r} / {row['indicator']!r}"
        )
    names = list(meta["indicator"])
    wide = frame.pivot(index="unit", columns="indicator", values="value").reindex(columns=names)
    groups = list(dict.fromkeys(meta["group"]))
    default_group_weights = meta.groupby("group", sort=False)["weight"].sum().to_dict()
    chosen = {g: float((group_weights or default_group_weights).get(g, np.nan)) for g in groups}
    if any(not np.isfinite(w) or w <= 0 for w in chosen.values()):
        raise CoinrError(f"group_weights must give every group a positive weight: {chosen}")
    weights = meta["weight"].to_numpy(dtype="float64")
    member = meta["group"].to_numpy()[:, None] == np.array(groups, dtype=object)[None, :]
    within = np.where(member, weights[:, None], 0.0)
    top = np.array([chosen[g] for g in groups])
    codes = wide.index.to_numpy(dtype=str)
    return CoinrIndex(
        codes=codes,
        names=codes,
        indicators=tuple(names),
        values=wide.to_numpy(dtype="float64"),
        directions=meta["direction"].to_numpy(dtype="int64"),
        levels=(
            Level(tuple(groups), tuple(names), within / within.sum(axis=0)),
            Level(("Index",), tuple(groups), (top / top.sum())[:, None]),
        ),
        index_code="Index",
    )
