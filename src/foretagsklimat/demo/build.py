"""Generate the synthetic demo data set: answers, questionnaires and statistics."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from foretagsklimat.demo.calibrate import YearProblem, calibrate_year, exact_rows
from foretagsklimat.demo.facts import (
    EXACT_RANKS,
    NATIONAL_OVERALL,
    NATIONAL_PROCUREMENT,
    mean_facts,
    rank_facts,
)
from foretagsklimat.demo.frame import Frame, build_frame
from foretagsklimat.demo.grades import assign_grades, cell_means, grade_counts, mu_for_mean
from foretagsklimat.demo.model import QUESTION_SPEC, SurveyModel, survey_model, target_ranks
from foretagsklimat.demo.report import CalibrationReport, calibration_report
from foretagsklimat.engine import load_catalogue
from foretagsklimat.reference import municipalities

DEFAULT_SEED = 20230920
DEFAULT_YEARS = range(2014, 2025)

#: Progress callback: (step description, steps done, steps in all).
Progress = Callable[[str, int, int], None]

# How strongly a firm's grades agree across questions (share of a common firm factor).
_FIRM_FACTOR = 0.7


def politician_year(year: int) -> bool:
    """Whether council members are surveyed in ``year``.

    Every other year, as SN states: the odd years 2015-2021 (2015, 2017 and 2021 are
    confirmed) and then 2024 (confirmed), continuing with the even years after it. The
    2020 politicians' mean quoted in one article is for the national-climate question
    and is not taken as a survey year.
    """
    return (year % 2 == 1) if year <= 2021 else (year >= 2024 and year % 2 == 0)


@dataclass
class DemoData:
    """A complete synthetic data set. Every number in it is made up.

    Attributes
    ----------
    answers : pandas.DataFrame
        Canonical wide answers (companies, and council members in politician years).
    questionnaires : pandas.DataFrame
        ``kommunkod``, ``year``, ``sent``, ``answered`` for the firms.
    statistics : pandas.DataFrame
        Canonical long statistics, every catalogue statistic for every municipality-year.
    seed : int
        The seed everything was drawn from.
    calibration : CalibrationReport
        Published facts next to the demo's ranks, from a fresh engine run.
    synthetic : bool
        Always True.
    """

    answers: pd.DataFrame
    questionnaires: pd.DataFrame
    statistics: pd.DataFrame
    seed: int
    calibration: CalibrationReport
    politician_years: list[int] = field(default_factory=list)
    seconds: float = 0.0
    synthetic: bool = True


def _national_targets(questions: list[str], years: np.ndarray) -> np.ndarray:
    spec = np.array([QUESTION_SPEC[q][0] for q in questions])
    out = spec[None, :] + 0.015 * (years - 2019)[:, None]
    k_overall, k_proc = questions.index("overall_grade"), questions.index("procurement")
    for j, year in enumerate(years):
        out[j, k_overall] = NATIONAL_OVERALL.get(int(year), out[j, k_overall])
        out[j, k_proc] = NATIONAL_PROCUREMENT.get(int(year), 2.66)
    return out


def _pinned_means(codes: np.ndarray, years: np.ndarray, questions: list[str]) -> np.ndarray:
    pinned = np.full((len(codes), len(years), len(questions)), np.nan)
    row = {c: i for i, c in enumerate(codes)}
    col = {int(y): j for j, y in enumerate(years)}
    facts = mean_facts(years)
    for code, year, question, mean in zip(
        facts["kommunkod"],
        facts["year"].to_numpy(dtype="int64"),
        facts["question"].astype(str),
        facts["mean"].to_numpy(dtype="float64"),
        strict=True,
    ):
        pinned[row[code], col[int(year)], questions.index(question)] = mean
    return pinned


@dataclass
class _Respondents:
    cell: np.ndarray  # municipality-year cell (i * Y + j) of each respondent
    mask: np.ndarray  # (R, Q) True where a grade was given
    firm: np.ndarray  # (R,) the firm's general disposition


def _respondents(counts: np.ndarray, vet_ej: np.ndarray, rng: np.random.Generator) -> _Respondents:
    cell = np.repeat(np.arange(counts.size), counts.ravel())
    r = len(cell)
    # Some people answer "vet ej" much more than others: scale the question's share by a
    # per-respondent factor with mean one.
    propensity = np.exp(0.6 * rng.standard_normal(r) - 0.18)
    share = np.clip(vet_ej[None, :] * propensity[:, None], 0.0, 0.95)
    # One percent of items are simply left blank.
    mask = rng.random((r, len(vet_ej))) >= share + 0.01
    return _Respondents(cell=cell, mask=mask, firm=rng.standard_normal(r))


def _cell_n(resp: _Respondents, cells: int) -> np.ndarray:
    q = resp.mask.shape[1]
    out = np.empty((cells, q), dtype="int64")
    for k in range(q):  # loop over questions only
        out[:, k] = np.bincount(resp.cell[resp.mask[:, k]], minlength=cells)
    return out


def _grades(
    resp: _Respondents, mu: np.ndarray, n: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """(R, Q) grades with NaN for "vet ej"/blank; mu and n are (cells, Q)."""
    grades = np.full(resp.mask.shape, np.nan)
    own = np.sqrt(1 - _FIRM_FACTOR**2)
    for k in range(mu.shape[1]):  # loop over questions only
        rows = np.flatnonzero(resp.mask[:, k])
        key = _FIRM_FACTOR * resp.firm[rows] + own * rng.standard_normal(len(rows))
        counts = grade_counts(mu[:, k], n[:, k])
        grades[rows, k] = assign_grades(resp.cell[rows], counts, key)
    return grades


def _frame_answers(
    resp: _Respondents,
    grades: np.ndarray,
    codes: np.ndarray,
    years: np.ndarray,
    questions: list[str],
    kind: str,
) -> pd.DataFrame:
    y = len(years)
    muni = codes[resp.cell // y]
    year = years[resp.cell % y].astype("int64")
    starts = np.searchsorted(resp.cell, resp.cell)  # cells are sorted
    seq = np.arange(len(resp.cell)) - starts + 1
    prefix = "F" if kind == "company" else "P"
    ids = (
        pd.Series(year).astype(str).radd(prefix)
        + "-"
        + pd.Series(muni)
        + "-"
        + pd.Series(seq).astype(str).str.zfill(4)
    )
    frame = pd.DataFrame(
        {
            "respondent_id": ids.to_numpy(dtype=object),
            "kommunkod": muni,
            "year": year,
            "respondent_type": kind,
        }
    )
    wide = pd.DataFrame(grades, columns=questions)
    return pd.concat([frame, wide], axis=1)


def generate(
    years: Iterable[int] = DEFAULT_YEARS, seed: int = DEFAULT_SEED, progress: Progress | None = None
) -> DemoData:
    """Generate the calibrated synthetic demo data set.

    Parameters
    ----------
    years : iterable of int, default 2014-2024
        Survey years to generate. Targets and calibration use only facts in these years.
    seed : int
        Seed of the single :class:`numpy.random.Generator` all randomness comes from; the
        same seed and years give identical output.
    progress : callable, optional
        Called as ``progress(step_description, done, total)`` after each step.

    Returns
    -------
    DemoData
        Answers for every catalogue question in every year (the questionnaire is a
        superset of both methodologies), firms' questionnaires, statistics and the
        calibration report from a fresh engine run over the final answers.
    """
    started = time.perf_counter()
    years_arr = np.array(sorted({int(y) for y in years}), dtype="int64")
    if not len(years_arr):
        raise ValueError("generate: no years given")
    total_steps = len(years_arr) + 4
    done = 0

    def step(description: str) -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(description, done, total_steps)

    rng = np.random.default_rng(seed)
    reference = municipalities().sort_values("kommunkod").reset_index(drop=True)
    codes = reference["kommunkod"].to_numpy()
    groups = reference["kommungrupp_kod"].to_numpy()
    questions = list(load_catalogue()["questions"])
    m, y, q = len(codes), len(years_arr), len(questions)

    targets = target_ranks(codes, groups, years_arr, rank_facts(years_arr), rng)
    pol_years = np.array([politician_year(int(v)) for v in years_arr])
    frame = build_frame(reference, years_arr, targets.quality, pol_years, rng)
    model = survey_model(codes, groups, years_arr, questions, rng)
    vet_ej = np.array([QUESTION_SPEC[c][3] for c in questions])
    firms = _respondents(frame.answered, vet_ej, rng)
    n = _cell_n(firms, m * y).reshape(m, y, q)
    statistics = frame.statistics_frame()
    step("synthetic frame, statistics and respondents")

    national = _national_targets(questions, years_arr)
    pinned = _pinned_means(codes, years_arr, questions)
    score = model_score(targets.rank)
    mu = np.empty((m, y, q))
    for j, year in enumerate(years_arr):
        problem = YearProblem(
            year=int(year),
            j=j,
            codes=codes,
            questions=questions,
            n=n[:, j, :],
            pinned=pinned[:, j, :],
            national=national[j],
            target=targets.rank[:, j],
            exact=exact_rows(codes, EXACT_RANKS, int(year)),
            statistics=statistics[statistics["year"] == year],
        )
        score[:, j], mu[:, j, :], _ = calibrate_year(model, problem, score[:, j])
        step(f"calibrated {year}")

    answers = [
        _frame_answers(
            firms,
            _grades(firms, mu.reshape(m * y, q), n.reshape(m * y, q), rng),
            codes,
            years_arr,
            questions,
            "company",
        )
    ]
    step("company answers")
    if pol_years.any():
        answers.append(_politicians(frame, model, mu, n, vet_ej, codes, years_arr, questions, rng))
    all_answers = pd.concat(answers, ignore_index=True)
    all_answers = all_answers.sort_values(
        ["year", "kommunkod", "respondent_type"], kind="stable"
    ).reset_index(drop=True)
    step("politicians' answers")
    questionnaires = frame.questionnaires_frame()
    report = calibration_report(all_answers, statistics, questionnaires, years_arr)
    step("verified with the engine")
    return DemoData(
        answers=all_answers,
        questionnaires=questionnaires,
        statistics=statistics,
        seed=seed,
        calibration=report,
        politician_years=[int(v) for v in years_arr[pol_years]],
        seconds=time.perf_counter() - started,
    )


def model_score(ranks: np.ndarray) -> np.ndarray:
    """Starting latent scores (M, Y) from target ranks."""
    from foretagsklimat.demo.model import rank_score

    return rank_score(ranks, ranks.shape[0])


def _politicians(
    frame: Frame,
    model: SurveyModel,
    mu: np.ndarray,
    n: np.ndarray,
    vet_ej: np.ndarray,
    codes: np.ndarray,
    years: np.ndarray,
    questions: list[str],
    rng: np.random.Generator,
) -> pd.DataFrame:
    """Council members grade around the firms' cell means, clearly higher on average."""
    m, y, q = mu.shape
    company = cell_means(mu, n)
    company = np.where(np.isnan(company), model.level[None, :, :], company)
    lift = np.array([QUESTION_SPEC[c][4] for c in questions])
    own = 0.15 * rng.standard_normal((m, 1, q))  # each council's persistent view
    wanted = np.clip(company + lift + own + 0.05 * rng.standard_normal((m, y, q)), 1.5, 5.6)
    pols = _respondents(frame.politicians, vet_ej / 2, rng)
    pn = _cell_n(pols, m * y)
    pmu = mu_for_mean(wanted.reshape(m * y, q))
    grades = _grades(pols, pmu, pn, rng)
    return _frame_answers(pols, grades, codes, years, questions, "politician")
