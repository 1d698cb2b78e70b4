"""The engine's numpy ``rankdata`` gives SciPy's ranks bit for bit, dtype included."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.stats
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from foretagsklimat.engine.ranks import METHODS, rankdata

# Few distinct values, some NaN, so that ties and gaps are common.
value = st.sampled_from([1.0, 2.5, 3.0, -4.0, 0.0, 7.25, np.nan])
arrays = hnp.arrays(
    np.float64, hnp.array_shapes(min_dims=1, max_dims=3, min_side=1, max_side=6), elements=value
)


def same(ours: np.ndarray, theirs: np.ndarray) -> None:
    assert ours.dtype == theirs.dtype
    assert ours.shape == theirs.shape
    np.testing.assert_array_equal(ours, theirs)


@settings(max_examples=300, deadline=None)
@given(arrays, st.sampled_from(METHODS), st.sampled_from(["omit", "propagate"]), st.data())
def test_rankdata_matches_scipy(
    values: np.ndarray, method: str, nan_policy: str, data: st.DataObject
) -> None:
    axis = data.draw(st.sampled_from([None, *range(-values.ndim, values.ndim)]))
    same(
        rankdata(values, method, axis=axis, nan_policy=nan_policy),
        scipy.stats.rankdata(values, method, axis=axis, nan_policy=nan_policy),
    )


@pytest.mark.parametrize("method", METHODS)
def test_rankdata_matches_scipy_on_integers_and_empty_input(method: str) -> None:
    values = np.array([[3, 1, 3, 2], [0, 0, 5, -1]])
    for axis in (None, 0, 1):
        same(rankdata(values, method, axis=axis), scipy.stats.rankdata(values, method, axis=axis))
    same(rankdata(np.array([]), method), scipy.stats.rankdata(np.array([]), method))


def test_rankdata_refuses_what_scipy_refuses() -> None:
    with pytest.raises(ValueError, match="unknown method"):
        rankdata([1.0], "median")
    with pytest.raises(ValueError, match="nan values"):
        rankdata([1.0, np.nan], nan_policy="raise")
