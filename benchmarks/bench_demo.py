"""Time the demo: the generator alone, and the whole ``setup --demo`` on a fresh home.

``generate()`` of all 11 years includes calibration and verification. ``--setup`` also
runs ``foretagsklimat setup --demo`` as a new user would (a fresh
``FORETAGSKLIMAT_HOME``, SQLite) under ``/usr/bin/time -v`` and reports its wall-clock
and CPU time, its peak memory and how long each of its steps took, from the progress
lines it prints when its output is not a terminal.

Run: ``.venv/bin/python benchmarks/bench_demo.py [--repeats N] [--setup]``.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from foretagsklimat.demo import generate


def time_generate(repeats: int) -> None:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        data = generate()
        times.append(time.perf_counter() - started)
    report = data.calibration
    print(
        f"generate() 2014-2024: median {statistics.median(times):.1f} s, "
        f"min {min(times):.1f} s over {len(times)} runs; {len(data.answers):,} answer rows"
    )
    print(
        f"exact targets {report.exact_hit}/{report.exact_total}, "
        f"MAE {report.mae:.2f} over {report.n_other} other published ranks"
    )


def time_setup() -> None:
    cli = shutil.which("foretagsklimat", path=str(Path(sys.executable).parent))
    if cli is None or not Path("/usr/bin/time").exists():
        sys.exit("needs foretagsklimat in this environment and /usr/bin/time")
    with tempfile.TemporaryDirectory() as home:
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        env.update(FORETAGSKLIMAT_HOME=home, FORETAGSKLIMAT_DEMO_PASSWORD="bench-demo")
        report = Path(home) / "time.txt"
        started = time.perf_counter()
        process = subprocess.Popen(
            ["/usr/bin/time", "-v", "-o", str(report), cli, "setup", "--demo"],
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert process.stdout is not None
        steps: dict[str, float] = {}
        for line in process.stdout:
            at = time.perf_counter() - started
            print(f"{at:6.1f} s  {line.rstrip()}", flush=True)
            step = re.match(r"(.+?): \d+/\d+ \(", line)
            if step:
                name = (
                    "generating"
                    if not step.group(1).startswith(("Sparar", "Rankar"))
                    else step.group(1)
                )
                steps.setdefault(name, at)
                steps[name + " (end)"] = at
        if process.wait() != 0:
            sys.exit("setup --demo failed")
        text = report.read_text()

    def field(name: str) -> str:
        found = re.search(rf"{re.escape(name)}: (.+)", text)
        return found.group(1).strip() if found else "0"

    wall = 0.0
    for part in field("Elapsed (wall clock) time (h:mm:ss or m:ss)").split(":"):
        wall = wall * 60 + float(part)
    cpu = float(field("User time (seconds)")) + float(field("System time (seconds)"))
    rss = int(field("Maximum resident set size (kbytes)")) / 1024
    print(f"\nsetup --demo on a fresh home: {wall:.0f} s wall clock, {cpu:.0f} s CPU, {rss:.0f} MB")
    previous = 0.0
    for name in ("generating", "Sparar enkätsvar", "Rankar"):
        if name + " (end)" in steps:
            print(f"  {name}: {steps[name + ' (end)'] - previous:.0f} s")
            previous = steps[name + " (end)"]
    print(f"  the demo round, accounts and workspaces: {wall - previous:.0f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--setup", action="store_true", help="also time setup --demo")
    args = parser.parse_args()
    print(f"{platform.platform()}, Python {platform.python_version()}, {os.cpu_count()} CPUs")
    time_generate(args.repeats)
    if args.setup:
        time_setup()


if __name__ == "__main__":
    main()
