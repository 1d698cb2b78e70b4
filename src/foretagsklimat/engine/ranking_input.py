"""The canonical ranking input: built from factor values and statistics, validated once.

The ranking input ("indicator values") is a long frame: ``kommunkod``, ``source`` (a
question or statistic code), ``value`` and optionally ``n``. :func:`indicator_values`
builds it for one year; :func:`validated_input` checks it at the boundary with
messages naming the municipality code and source; :func:`input_digest` fingerprints it
for the recorded configuration; :func:`source_matrix` is the lean parse the what-if
model repeats on every question.

Examples
--------
>>> import pandas as pd
>>> values = pd.DataFrame({"kommunkod": ["0115", "0114"], "source": "municipal_tax",
...                        "value": [20.0, 21.0]})
>>> validated_input(values, {"municipal_tax"})[["kommunkod", "value", "n"]]
  kommunkod  value   n
0      0114   21.0 NaN
1      0115   20.0 NaN
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np
import pandas as pd

from .methodology import Methodology, resolve_methodology
from .normalisers import FloatArray

__all__ = ["indicator_values", "input_digest", "source_matrix", "validated_input"]


def validated_input(values: pd.DataFrame, sources: set[str]) -> pd.DataFrame:
    """Check the boundary once; return only the rows of ``sources``, sorted.

    Returns
    -------
    DataFrame
        ``kommunkod``, ``source`` (str), ``value``, ``n`` (float64; NaN where absent),
        sorted by municipality code and source.

    Raises
    ------
    ValueError
        A missing column, a value that is not a number, two rows for one municipality
        and source, or a source with no value at all.
    """
    missing = [c for c in ("kommunkod", "source", "value") if c not in values.columns]
    if missing:
        raise ValueError(f"indicator values: missing column(s) {missing}")
    raw = values.loc[values["source"].isin(sources)]
    numeric = pd.to_numeric(raw["value"], errors="coerce").astype("float64")
    bad = numeric.isna().to_numpy() & raw["value"].notna().to_numpy()
    if bad.any():
        row = raw.loc[bad].iloc[0]
        raise ValueError(
            f"indicator values: value {row['value']!r} for {row['kommunkod']} / "
            f"{row['source']} is not a number"
        )
    frame = pd.DataFrame(
        {
            "kommunkod": raw["kommunkod"].astype(str).to_numpy(),
            "source": raw["source"].astype(str).to_numpy(),
            "value": numeric.to_numpy(),
            "n": (
                pd.to_numeric(raw["n"], errors="coerce").astype("float64").to_numpy()
                if "n" in raw.columns
                else np.full(len(raw), np.nan)
            ),
        }
    )
    duplicated = frame.duplicated(["kommunkod", "source"])
    if duplicated.any():
        row = frame.loc[duplicated].iloc[0]
        raise ValueError(
            f"indicator values: more than one row for kommunkod {row['kommunkod']!r}, "
            f"source {row['source']!r}"
        )
    absent = sorted(sources - set(frame.loc[frame["value"].notna(), "source"]))
    if absent:
        raise ValueError(f"indicator values: no values at all for source(s) {absent}")
    return frame.sort_values(["kommunkod", "source"], kind="stable").reset_index(drop=True)


def input_digest(frame: pd.DataFrame) -> str:
    """SHA-256 of a :func:`validated_input` frame, independent of the input's row order.

    Examples
    --------
    >>> frame = validated_input(pd.DataFrame({"kommunkod": ["0114"], "source": "service",
    ...                                       "value": [3.5]}), {"service"})
    >>> input_digest(frame).startswith("sha256:")
    True
    """
    digest = hashlib.sha256()
    digest.update("\x1f".join(frame["kommunkod"]).encode())
    digest.update(b"\x1e")
    digest.update("\x1f".join(frame["source"]).encode())
    for column in ("value", "n"):
        array = frame[column].to_numpy(dtype="float64")
        # One canonical NaN, so that NaNs with different payloads hash alike.
        digest.update(np.where(np.isnan(array), np.nan, array).tobytes())
    return "sha256:" + digest.hexdigest()


def source_matrix(values: pd.DataFrame, sources: Sequence[str]) -> tuple[np.ndarray, FloatArray]:
    """Municipality codes (sorted) and a units × ``sources`` matrix of values.

    A lean numpy version of :func:`validated_input` for callers that parse the same kind
    of frame on every request; whenever the input looks wrong it defers to
    :func:`validated_input`, so that the error messages are the same.

    Parameters
    ----------
    values : DataFrame
        Canonical indicator values.
    sources : sequence of str
        Sorted source codes: the matrix's columns.

    Examples
    --------
    >>> frame = pd.DataFrame({"kommunkod": ["0115", "0114", "0114"],
    ...                       "source": ["a", "a", "b"], "value": [1.0, 2.0, 3.0]})
    >>> codes, matrix = source_matrix(frame, ["a", "b"])
    >>> codes.tolist(), matrix.tolist()
    (['0114', '0115'], [[2.0, 3.0], [1.0, nan]])
    """
    if not {"kommunkod", "source", "value"} <= set(values.columns):
        validated_input(values, set(sources))
    source = values["source"].to_numpy()
    keep = np.isin(source, sources)
    try:
        value = values["value"].to_numpy()[keep].astype("float64")
    except (TypeError, ValueError):
        validated_input(values, set(sources))
        raise
    codes_in = values["kommunkod"].to_numpy()[keep].astype(str)
    codes, row = np.unique(codes_in, return_inverse=True)
    col = np.searchsorted(np.array(sources), source[keep].astype(str))
    flat = row * len(sources) + col
    present = np.zeros(len(codes) * len(sources), dtype=bool)
    if len(np.unique(flat)) != len(flat):
        validated_input(values, set(sources))
    matrix = np.full(len(codes) * len(sources), np.nan)
    matrix[flat] = value
    present[flat[~np.isnan(value)]] = True
    if not present.reshape(len(codes), len(sources)).any(axis=0).all():
        validated_input(values, set(sources))
    return codes.astype(object), matrix.reshape(len(codes), len(sources))


def indicator_values(
    factor_values: pd.DataFrame | None,
    statistics: pd.DataFrame | None,
    methodology: Methodology | str,
    year: int,
) -> pd.DataFrame:
    """Build one year's ranking input from the canonical factor values and statistics.

    Parameters
    ----------
    factor_values : DataFrame or None
        ``kommunkod``, ``year``, ``question``, ``mean``, ``n`` (and optionally
        ``respondent_type``, of which only ``"company"`` is used).
    statistics : DataFrame or None
        ``kommunkod``, ``year``, ``statistic``, ``value``.
    methodology : Methodology or str
    year : int

    Returns
    -------
    DataFrame
        ``kommunkod``, ``source``, ``value``, ``n`` (NaN for statistics), sorted.

    Examples
    --------
    >>> fv = pd.DataFrame({"kommunkod": ["0114"], "year": 2022, "question": "service",
    ...                    "mean": [3.9], "n": [40]})
    >>> st = pd.DataFrame({"kommunkod": ["0114"], "year": 2022,
    ...                    "statistic": "municipal_tax", "value": [20.5]})
    >>> indicator_values(fv, st, "sn-2020", 2022)
      kommunkod         source  value     n
    0      0114  municipal_tax   20.5   NaN
    1      0114        service    3.9  40.0
    """
    resolved = resolve_methodology(methodology, year)
    survey = {i.source for i in resolved.indicators if i.kind == "survey"}
    stats = {i.source for i in resolved.indicators if i.kind == "statistic"}
    parts = []
    if factor_values is not None and len(factor_values):
        fv = factor_values.loc[
            (factor_values["year"] == year) & factor_values["question"].isin(survey)
        ]
        if "respondent_type" in fv.columns:
            fv = fv.loc[fv["respondent_type"] == "company"]
        parts.append(
            pd.DataFrame(
                {
                    "kommunkod": fv["kommunkod"].astype(str).to_numpy(),
                    "source": fv["question"].astype(str).to_numpy(),
                    "value": fv["mean"].astype("float64").to_numpy(),
                    "n": fv["n"].astype("float64").to_numpy(),
                }
            )
        )
    if statistics is not None and len(statistics):
        st = statistics.loc[(statistics["year"] == year) & statistics["statistic"].isin(stats)]
        parts.append(
            pd.DataFrame(
                {
                    "kommunkod": st["kommunkod"].astype(str).to_numpy(),
                    "source": st["statistic"].astype(str).to_numpy(),
                    "value": st["value"].astype("float64").to_numpy(),
                    "n": np.full(len(st), np.nan),
                }
            )
        )
    if not parts:
        return pd.DataFrame(
            {
                c: pd.Series(dtype=t)
                for c, t in (
                    ("kommunkod", str),
                    ("source", str),
                    ("value", "float64"),
                    ("n", "float64"),
                )
            }
        )
    out = pd.concat(parts, ignore_index=True)
    return out.sort_values(["kommunkod", "source"], kind="stable").reset_index(drop=True)
