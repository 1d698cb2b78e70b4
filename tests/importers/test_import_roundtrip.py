"""Property: a valid canonical frame written to CSV reads back unchanged."""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from foretagsklimat.importers import read_answers, read_statistics
from foretagsklimat.importers._catalogue import catalogue
from foretagsklimat.reference import municipality_codes

CODES = sorted(municipality_codes())
QUESTIONS = list(catalogue().questions)
STATISTICS = list(catalogue().statistics)

grade = st.one_of(st.none(), st.integers(1, 6))
answer_row = st.tuples(
    st.sampled_from(CODES),
    st.integers(2002, 2025),
    st.sampled_from(["company", "politician"]),
    st.lists(grade, min_size=len(QUESTIONS), max_size=len(QUESTIONS)),
)
csv_style = st.sampled_from([(",", "."), (";", ",")])


@st.composite
def answers_frames(draw: st.DrawFn) -> pd.DataFrame:
    rows = draw(st.lists(answer_row, min_size=1, max_size=20))
    records = [
        {
            "respondent_id": f"R{i}",
            "kommunkod": code,
            "year": year,
            "respondent_type": kind,
            **{
                q: np.nan if g is None else float(g) for q, g in zip(QUESTIONS, grades, strict=True)
            },
        }
        for i, (code, year, kind, grades) in enumerate(rows)
    ]
    frame = pd.DataFrame.from_records(records)
    frame["year"] = frame["year"].astype("int64")
    return frame


@st.composite
def statistics_frames(draw: st.DrawFn) -> pd.DataFrame:
    keys = draw(
        st.lists(
            st.tuples(st.sampled_from(CODES), st.integers(1990, 2025), st.sampled_from(STATISTICS)),
            min_size=1,
            max_size=20,
            unique=True,
        )
    )
    values = draw(
        st.lists(
            st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False),
            min_size=len(keys),
            max_size=len(keys),
        )
    )
    frame = pd.DataFrame(keys, columns=["kommunkod", "year", "statistic"])
    frame["year"] = frame["year"].astype("int64")
    frame["value"] = values
    return frame


def roundtrip(frame: pd.DataFrame, reader, sep: str, decimal: str) -> pd.DataFrame:
    # Hypothesis reruns the test body; a fresh directory per example keeps them apart.
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "roundtrip.csv"
        frame.to_csv(path, index=False, sep=sep, decimal=decimal)
        return reader(path)


@settings(max_examples=40, deadline=None)
@given(answers_frames(), csv_style)
def test_answers_written_to_csv_read_back_unchanged(frame, style):
    back = roundtrip(frame, read_answers, *style)
    pd.testing.assert_frame_equal(back, frame, check_dtype=False)
    assert back["year"].dtype == "int64"


@settings(max_examples=40, deadline=None)
@given(statistics_frames(), csv_style)
def test_statistics_written_to_csv_read_back_unchanged(frame, style):
    written = frame.rename(columns={"statistic": "indicator"})
    back = roundtrip(written, read_statistics, *style)
    pd.testing.assert_frame_equal(back, frame, check_dtype=False)
