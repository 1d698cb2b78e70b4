"""Benchmark the uncertainty analyses: COINr-style rank statistics and the survey bootstrap.

Four timings, each the median of a few runs after one warm-up, with peak memory from a
separate, untimed run under :mod:`tracemalloc` (numpy and pandas report their buffers):

* ``uncertainty_analysis``: 290 units, 18 indicators in 6 groups, N = 1,000
  replications, ±25 % weight noise, min-max or z-score (the issue's reference case,
  which COINr's ``get_sensitivity`` takes about 120 s for);
* the same with arithmetic or geometric aggregation as well;
* ``sensitivity_indices``: weights, normalisation and aggregation uncertain, N = 1,000
  base samples (5,000 index evaluations);
* ``bootstrap_ranking``: 35,000 company answers (16 questions) for 290 municipalities,
  sn-2020, 1,000 replications; and ``parametric_bootstrap_ranking`` on their
  mean/n/sd.

Building the synthetic inputs is not timed. Run::

    .venv/bin/python benchmarks/bench_uncertainty.py
    .venv/bin/python benchmarks/bench_uncertainty.py --quick   # one repeat each
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_engine import YEAR, machine, synthetic_answers, synthetic_statistics

from foretagsklimat.engine import factor_values
from foretagsklimat.engine.coinr import CoinrIndex, read_coinr
from foretagsklimat.engine.sensitivity import (
    sensitivity_indices,
    uncertainty_analysis,
)
from foretagsklimat.engine.uncertainty import (
    bootstrap_ranking,
    parametric_bootstrap_ranking,
)

UNITS, INDICATORS, GROUPS = 290, 18, 6


def coinr_index(seed: int = 0) -> CoinrIndex:
    """290 units × 18 indicators in 6 groups of 3 under one index; mixed directions."""
    return read_coinr(*coinr_tables(seed))


def coinr_tables(seed: int = 0) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The data and metadata tables of :func:`coinr_index`, as COINr's CSVs hold them."""
    rng = np.random.default_rng(seed)
    names = [f"ind{j:02d}" for j in range(INDICATORS)]
    data = pd.DataFrame(rng.normal(50, 10, (UNITS, INDICATORS)), columns=names)
    data.insert(0, "uCode", [f"U{k:03d}" for k in range(UNITS)])
    groups = [f"grp{k}" for k in range(GROUPS)]
    meta = pd.DataFrame(
        {
            "iCode": [*names, *groups, "Index"],
            "Level": [1] * INDICATORS + [2] * GROUPS + [3],
            "Parent": [groups[j % GROUPS] for j in range(INDICATORS)] + ["Index"] * GROUPS + [None],
            "Direction": [1 if j % 4 else -1 for j in range(INDICATORS)] + [None] * (GROUPS + 1),
            "Weight": [1.0] * (INDICATORS + GROUPS) + [None],
            "Type": ["Indicator"] * INDICATORS + ["Aggregate"] * (GROUPS + 1),
        }
    )
    return data, meta


def measure(work: Callable[[], Any], repeats: int) -> tuple[float, float, float]:
    """Median and min seconds over ``repeats`` runs, and peak traced MB of one more."""
    work()
    times = []
    for _ in range(repeats):
        gc.collect()
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    gc.collect()
    tracemalloc.start()
    work()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return statistics.median(times), min(times), peak / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one repeat of each")
    args = parser.parse_args()
    repeats = 1 if args.quick else 5
    index = coinr_index()
    answers = synthetic_answers(35_000)
    stats = synthetic_statistics()
    factors = factor_values(answers)
    cases: list[tuple[str, str, str, Callable[[], Any]]] = [
        (
            "uncertainty_analysis: minmax or zscore",
            "1,000",
            "290 × 18",
            lambda: uncertainty_analysis(
                index,
                replications=1000,
                weight_noise=0.25,
                normalise=["minmax", "zscore"],
                random_state=0,
            ),
        ),
        (
            "uncertainty_analysis: minmax or zscore, arithmetic or geometric",
            "1,000",
            "290 × 18",
            lambda: uncertainty_analysis(
                index,
                replications=1000,
                weight_noise=0.25,
                normalise=["minmax", "zscore"],
                aggregate=["arithmetic", "geometric"],
                random_state=0,
            ),
        ),
        (
            "sensitivity_indices: 3 inputs",
            "1,000 × 5",
            "290 × 18",
            lambda: sensitivity_indices(index, base_samples=1000, random_state=0),
        ),
        (
            "bootstrap_ranking",
            "1,000",
            "35,000 answers",
            lambda: bootstrap_ranking(
                answers, stats, "sn-2020", YEAR, replications=1000, random_state=0
            ),
        ),
        (
            "parametric_bootstrap_ranking",
            "1,000",
            "290 × 12 means",
            lambda: parametric_bootstrap_ranking(
                factors, stats, "sn-2020", YEAR, replications=1000, random_state=0
            ),
        ),
    ]
    print(f"Machine: {machine()}\n")
    print("| analysis | replications | size | repeats | median (s) | min (s) | peak memory (MB) |")
    print("|---|---:|---|---:|---:|---:|---:|")
    for name, reps, size, work in cases:
        median, fastest, peak = measure(work, repeats)
        print(
            f"| {name} | {reps} | {size} | {repeats} | {median:.3f} | {fastest:.3f} | {peak:.0f} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
