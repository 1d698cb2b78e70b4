"""From answered questionnaires to factor values: mean grade, count and sd per question.

Examples
--------
>>> import numpy as np, pandas as pd
>>> answers = pd.DataFrame({
...     "respondent_id": ["a", "b", "c"], "kommunkod": ["0114"] * 3, "year": [2020] * 3,
...     "respondent_type": ["company"] * 3, "overall_grade": [4.0, 6.0, np.nan],
... })
>>> factor_values(answers)[["kommunkod", "question", "mean", "n", "sd"]]
  kommunkod       question  mean  n        sd
0      0114  overall_grade   5.0  2  1.414214
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .methodology import load_catalogue

__all__ = ["FACTOR_COLUMNS", "factor_values"]

#: Columns of the canonical factor-values frame, in order.
FACTOR_COLUMNS = ["kommunkod", "year", "question", "mean", "n", "sd", "respondent_type"]
_KEYS = ["kommunkod", "year", "respondent_type"]


def factor_values(answers: pd.DataFrame, respondent_type: str | None = "company") -> pd.DataFrame:
    """Mean, count and sample sd of the 1–6 grades per municipality, year and question.

    "Vet ej" and blanks are NaN in the answers frame and are excluded (SN's handling is
    a GAP; excluding them is the only reading under which a mean of grades exists).
    Answers are unweighted: no evidence that SN weights firms.

    Parameters
    ----------
    answers : DataFrame
        Canonical wide answers: ``respondent_id``, ``kommunkod``, ``year``,
        ``respondent_type`` and one float column per catalogue question code. Question
        columns absent from the frame are simply not reported.
    respondent_type : str or None, default "company"
        Keep only these respondents (SN ranks companies only). ``None`` keeps all and
        reports each respondent type separately.

    Returns
    -------
    DataFrame
        ``kommunkod``, ``year``, ``question``, ``mean``, ``n`` (int, grades given),
        ``sd`` (ddof=1, NaN when n < 2), ``respondent_type``; sorted by municipality,
        year, respondent type and question.
        Combinations where nobody gave a grade (question not asked that year) are left
        out.

    Raises
    ------
    ValueError
        When a required column is missing or a grade lies outside 1..6.
    """
    missing = [c for c in ("kommunkod", "year") if c not in answers.columns]
    if missing:
        raise ValueError(f"answers: missing column(s) {missing}")
    questions = [q for q in load_catalogue()["questions"] if q in answers.columns]
    frame = answers
    if "respondent_type" not in frame.columns:
        frame = frame.assign(respondent_type="company")
    if respondent_type is not None:
        frame = frame.loc[frame["respondent_type"] == respondent_type]
    if not questions or frame.empty:
        return _empty()

    grades = frame[questions].to_numpy(dtype="float64", na_value=np.nan)
    bad = ~np.isnan(grades) & ((grades < 1) | (grades > 6))
    if bad.any():
        row, col = np.argwhere(bad)[0]
        who = (
            f" (respondent {frame['respondent_id'].iloc[row]!r})"
            if "respondent_id" in frame.columns
            else ""
        )
        raise ValueError(
            f"answers: grade {float(grades[row, col])!r} in column {questions[col]!r}{who} "
            "is outside 1..6 (use NaN for 'vet ej')"
        )

    # groupby over the wide frame computes all questions in one cythonised pass; melting
    # first would multiply the rows by the number of questions.
    grouped = frame[_KEYS + questions].groupby(_KEYS, sort=True, observed=True)
    stats = {"mean": grouped.mean(), "n": grouped.count(), "sd": grouped.std(ddof=1)}
    long = pd.concat(
        {name: table.stack(future_stack=True) for name, table in stats.items()}, axis=1
    )
    long.index = long.index.set_names([*_KEYS, "question"])
    long = long.reset_index()
    long = long.loc[long["n"] > 0]
    result = pd.DataFrame(
        {
            "kommunkod": long["kommunkod"].astype(str).to_numpy(),
            "year": long["year"].astype("int64").to_numpy(),
            "respondent_type": long["respondent_type"].astype(str).to_numpy(),
            "question": long["question"].astype(str).to_numpy(),
            "mean": long["mean"].astype("float64").to_numpy(),
            "n": long["n"].astype("int64").to_numpy(),
            "sd": long["sd"].astype("float64").to_numpy(),
        }
    )
    order = ["kommunkod", "year", "respondent_type", "question"]
    return result.sort_values(order, kind="stable").reset_index(drop=True)[FACTOR_COLUMNS]


def _empty() -> pd.DataFrame:
    dtypes = {"year": "int64", "mean": "float64", "n": "int64", "sd": "float64"}
    return pd.DataFrame({c: pd.Series(dtype=dtypes.get(c, str)) for c in FACTOR_COLUMNS})
