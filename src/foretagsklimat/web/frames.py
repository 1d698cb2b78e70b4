"""The rows of a DataFrame as the apps read them.

pandas-stubs types the rows of ``DataFrame.to_dict("records")`` as keyed by ``Hashable``
(a column label may be any hashable), and the attributes of an ``itertuples()`` row as
the whole union of pandas scalars. Every frame the apps read row by row has string
column names, so ``records`` says so once; its values are whatever the columns hold,
typed ``Any`` and converted where they are used, as before.

:func:`frame_to_json` and :func:`frame_from_json` keep a computed table in a JSON field
and give back the same frame, to the last bit of every float.
"""

from __future__ import annotations

import math
from typing import Any, cast

import numpy as np
import pandas as pd


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows as dicts keyed by column name: ``frame.to_dict("records")``."""
    return cast("list[dict[str, Any]]", frame.to_dict("records"))


def frame_to_json(frame: pd.DataFrame) -> dict[str, Any]:
    """A frame as plain JSON: its columns in order, each with its dtype and values.

    Floats are written as ``repr`` strings, so that a JSON column of any database
    (PostgreSQL's ``jsonb`` keeps numbers as decimals, and has neither ``-0.0`` nor NaN)
    gives back the very same bits; a missing value of any other column is ``null``.
    The index is not kept: :func:`frame_from_json` numbers the rows from 0.

    Examples
    --------
    >>> frame = pd.DataFrame({"q": ["a", "b"], "x": [0.1, np.nan],
    ...     "n": pd.array([3, None], dtype="Int64")})
    >>> frame_to_json(frame)["columns"][1]
    {'name': 'x', 'dtype': 'float64', 'values': ['0.1', 'nan']}
    >>> frame_from_json(frame_to_json(frame)).equals(frame)
    True
    """
    columns = []
    for name in frame.columns:
        column = frame[name]
        if pd.api.types.is_float_dtype(column.dtype):
            values: list[Any] = [repr(float(v)) for v in column.to_numpy(dtype="float64")]
        else:
            values = [_plain(v) for v in column.tolist()]
        columns.append({"name": str(name), "dtype": str(column.dtype), "values": values})
    return {"columns": columns}


def frame_from_json(data: dict[str, Any]) -> pd.DataFrame:
    """The frame :func:`frame_to_json` wrote, with its column order and dtypes."""
    columns: dict[str, pd.Series] = {}
    for column in data["columns"]:
        dtype = column["dtype"]
        values = column["values"]
        if pd.api.types.is_float_dtype(pd.api.types.pandas_dtype(dtype)):
            values = [float(v) for v in values]
        columns[column["name"]] = pd.Series(values, dtype=dtype)
    return pd.DataFrame(columns)


def _plain(value: Any) -> Any:
    """A cell as JSON takes it: numpy scalars as Python ones, a missing value as None."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, np.generic):
        return value.item()
    return value
