"""Time the demo data generator: all 11 years including calibration and verification.

Run: ``.venv/bin/python benchmarks/bench_demo.py [--repeats N]``.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import time

from foretagsklimat.demo import generate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    times = []
    for _ in range(args.repeats):
        started = time.perf_counter()
        data = generate()
        times.append(time.perf_counter() - started)
    report = data.calibration
    print(f"{platform.platform()}, Python {platform.python_version()}")
    print(
        f"generate() 2014-2024: median {statistics.median(times):.1f} s, "
        f"min {min(times):.1f} s over {len(times)} runs; {len(data.answers):,} answer rows"
    )
    print(
        f"exact targets {report.exact_hit}/{report.exact_total}, "
        f"MAE {report.mae:.2f} over {report.n_other} other published ranks"
    )


if __name__ == "__main__":
    main()
