"""Benchmark the engine: one year's ranking from raw answers for 290 municipalities.

Times ``factor_values`` + ``indicator_values`` + ``rank`` (the engine's work for one
year) on synthetic answers: 35,000 answers (a real year), 350,000 and 3.5 million, to
show how it grows. Generating the synthetic data is not timed. Peak memory is measured
in a separate, untimed run with :mod:`tracemalloc` (numpy and pandas report their
buffers to it), because tracing slows the code down.

Run::

    .venv/bin/python benchmarks/bench_engine.py            # all sizes
    .venv/bin/python benchmarks/bench_engine.py --quick    # 35,000 only
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import statistics
import time
import tracemalloc

import numpy as np
import pandas as pd

from foretagsklimat import reference
from foretagsklimat.engine import factor_values, get_methodology, indicator_values, load_catalogue
from foretagsklimat.engine import rank as rank_engine

YEAR = 2022
SIZES = (35_000, 350_000, 3_500_000)


def synthetic_answers(n_answers: int, seed: int = 0) -> pd.DataFrame:
    """Canonical wide answers: grades 1-6 with 10 % "vet ej", spread over 290 codes."""
    rng = np.random.default_rng(seed)
    codes = np.array(sorted(reference.municipality_codes()), dtype=object)
    questions = list(load_catalogue()["questions"])
    # A municipality-level offset, so the ranking has something to find.
    level = rng.normal(0, 0.4, len(codes))
    which = rng.integers(0, len(codes), n_answers)
    frame = {
        "respondent_id": np.char.add("r", np.arange(n_answers).astype(str)).astype(object),
        "kommunkod": codes[which],
        "year": np.full(n_answers, YEAR),
        "respondent_type": np.full(n_answers, "company", dtype=object),
    }
    for question in questions:
        grades = np.clip(np.rint(3.4 + level[which] + rng.normal(0, 1.1, n_answers)), 1, 6)
        grades[rng.random(n_answers) < 0.1] = np.nan
        frame[question] = grades
    return pd.DataFrame(frame)


def synthetic_statistics(seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed + 1)
    codes = sorted(reference.municipality_codes())
    names = list(load_catalogue()["statistics"])
    return pd.DataFrame(
        {
            "kommunkod": np.repeat(codes, len(names)),
            "year": YEAR,
            "statistic": np.tile(names, len(codes)),
            "value": rng.uniform(5, 80, len(codes) * len(names)),
        }
    )


def engine_year(answers: pd.DataFrame, stats: pd.DataFrame) -> pd.DataFrame:
    """What the engine does for one year: answers -> factor values -> ranking."""
    methodology = get_methodology("sn-2020")
    values = indicator_values(factor_values(answers), stats, methodology, YEAR)
    return rank_engine(values, methodology, year=YEAR).municipalities


def measure(n_answers: int, repeats: int) -> dict[str, float]:
    answers = synthetic_answers(n_answers)
    stats = synthetic_statistics()
    engine_year(answers, stats)  # warm caches (catalogue, methodology files)
    times = []
    for _ in range(repeats):
        gc.collect()
        start = time.perf_counter()
        engine_year(answers, stats)
        times.append(time.perf_counter() - start)
    methodology = get_methodology("sn-2020")
    values = indicator_values(factor_values(answers), stats, methodology, YEAR)
    rank_times = []
    for _ in range(repeats):
        start = time.perf_counter()
        rank_engine(values, methodology, year=YEAR)
        rank_times.append(time.perf_counter() - start)
    gc.collect()
    tracemalloc.start()
    engine_year(answers, stats)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "answers": n_answers,
        "input_mb": answers.memory_usage(deep=True).sum() / 1e6,
        "repeats": repeats,
        "median_s": statistics.median(times),
        "min_s": min(times),
        "peak_mb": peak / 1e6,
        "rank_s": statistics.median(rank_times),
    }


def machine() -> str:
    return (
        f"{platform.platform()}, Python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs ({platform.processor() or platform.machine()}), "
        f"pandas {pd.__version__}, numpy {np.__version__}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="only the 35,000-answer size")
    args = parser.parse_args()
    sizes = SIZES[:1] if args.quick else SIZES
    print(f"Machine: {machine()}\n")
    print(
        "| answers | input (MB) | repeats | median (s) | min (s) "
        "| of which rank() (s) | peak extra memory (MB) |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for size in sizes:
        row = measure(size, repeats=7 if size <= 350_000 else 3)
        print(
            f"| {row['answers']:,} | {row['input_mb']:.0f} | {row['repeats']} "
            f"| {row['median_s']:.3f} | {row['min_s']:.3f} | {row['rank_s']:.3f} "
            f"| {row['peak_mb']:.0f} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
