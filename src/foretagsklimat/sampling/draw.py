"""Draw the sample: a seeded random draw per municipality with the sole-trader cap.

Every frame row gets a random key from one numpy Generator; within a municipality the
rows are taken in key order (a simple random sample without replacement), skipping sole
traders (legal form EF) once they make up 10 % of the municipality's sample size. Only
when too few other companies and workplaces exist to fill the sample are the skipped
sole traders taken after all, again in key order. Everything is vectorised with
group-wise cumulative counts; nothing loops over municipalities or rows.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from .register import SOLE_TRADER

#: Sole traders are at most this share of a municipality's sample (rounded down),
#: unless too few other units exist.
SOLE_TRADER_SHARE = 0.10

#: Why an eligible frame row was not drawn.
DRAW_REASONS = {
    "not_sampled": "in the frame but not drawn at random",
    "sole_trader_cap": (
        "a sole trader drawn at random but skipped because sole traders had reached 10 % "
        "of the municipality's sample"
    ),
}

RandomState = int | np.random.Generator | None


def draw_sample(
    frame: pd.DataFrame,
    sizes: pd.DataFrame | pd.Series | Mapping[str, int],
    random_state: RandomState = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Draw a stratified random sample from a sampling frame.

    Parameters
    ----------
    frame : pandas.DataFrame
        A frame from :func:`~foretagsklimat.sampling.sampling_frame` (at least
        ``orgnr``, ``kommunkod``, ``site_type`` and ``legal_form``).
    sizes : DataFrame, Series or mapping
        Sample size per ``kommunkod``: the result of
        :func:`~foretagsklimat.sampling.sample_sizes` (its ``sample_size`` column) or
        any mapping from code to size. A municipality missing from it gets none.
    random_state : int, numpy.random.Generator or None
        Seed for :func:`numpy.random.default_rng`; the same seed and frame give the
        same sample whatever the order of the frame's rows.

    Returns
    -------
    sample : pandas.DataFrame
        The drawn rows (the frame's columns), sorted by ``kommunkod``, ``orgnr``,
        ``site_type``.
    not_drawn : pandas.DataFrame
        ``orgnr``, ``kommunkod``, ``site_type`` and ``reason`` (a key of
        :data:`DRAW_REASONS`) for every other frame row.

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"orgnr": [f"{i:010d}" for i in range(10)],
    ...                       "kommunkod": "2181", "site_type": "head_office",
    ...                       "legal_form": ["EF"] * 5 + ["AB"] * 5})
    >>> sample, not_drawn = draw_sample(frame, {"2181": 5}, random_state=1)
    >>> len(sample), int((sample["legal_form"] == "EF").sum())
    (5, 0)
    """
    if isinstance(sizes, pd.DataFrame):
        sizes = sizes["sample_size"]
    order = ["kommunkod", "orgnr", "site_type"]
    units = frame.sort_values(order).reset_index(drop=True)
    rng = np.random.default_rng(random_state)
    units["_key"] = rng.random(len(units))
    units = units.sort_values(["kommunkod", "_key"], kind="stable")
    municipality = units["kommunkod"]
    wanted = municipality.map(pd.Series(sizes, dtype="float64")).fillna(0).astype("int64")
    cap = np.floor(wanted * SOLE_TRADER_SHARE + 1e-9).astype("int64")

    sole = units["legal_form"] == SOLE_TRADER
    position = units.groupby("kommunkod").cumcount()
    sole_seen = sole.astype("int64").groupby(municipality).cumsum()
    # First pass: key order, sole traders beyond the cap skipped.
    allowed = ~sole | (sole_seen <= cap)
    first_rank = allowed.astype("int64").groupby(municipality).cumsum()
    first = allowed & (first_rank <= wanted)
    # Fallback: too few others, so the skipped sole traders fill the rest in key order.
    missing = wanted - first.astype("int64").groupby(municipality).transform("sum")
    skipped = ~allowed
    second_rank = skipped.astype("int64").groupby(municipality).cumsum()
    second = skipped & (second_rank <= missing)
    drawn = first | second

    # A skipped sole trader is "capped" only if the draw reached it: its key comes
    # before the last unit taken in the first pass.
    last_taken = position.where(first).groupby(municipality).transform("max")
    capped = skipped & ~second & (position < last_taken)
    reason = np.where(capped, "sole_trader_cap", "not_sampled")

    units = units.drop(columns="_key")
    sample = units[drawn.to_numpy()].sort_values(order).reset_index(drop=True)
    not_drawn = (
        units.loc[~drawn, order]
        .assign(reason=reason[~drawn.to_numpy()])
        .sort_values(order)
        .reset_index(drop=True)
    )
    return sample, not_drawn
