"""The rows of a DataFrame as the apps read them.

pandas-stubs types the rows of ``DataFrame.to_dict("records")`` as keyed by ``Hashable``
(a column label may be any hashable), and the attributes of an ``itertuples()`` row as
the whole union of pandas scalars. Every frame the apps read row by row has string
column names, so ``records`` says so once; its values are whatever the columns hold,
typed ``Any`` and converted where they are used, as before.
"""

from __future__ import annotations

from typing import Any, cast

import pandas as pd


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows as dicts keyed by column name: ``frame.to_dict("records")``."""
    return cast("list[dict[str, Any]]", frame.to_dict("records"))
