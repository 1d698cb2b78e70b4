"""Time each ``foretagsklimat`` command as a whole process, as a user waits for it.

Each command runs under ``/usr/bin/time -v`` (wall-clock and CPU time, maximum resident
memory), with the time to its first byte of output beside it; ``serve`` is stopped after
its first line. Beside the commands: the import of the engine alone (``python -X
importtime -c "import foretagsklimat.engine"``, and the same as a timed process) and a
bare ``python -c pass``. The engine commands (``index``, ``uncertainty --data/--meta``)
read COINr tables of 290 units × 18 indicators in 6 groups (``bench_uncertainty.py``'s
case); the database commands read a small demo (2022–2023) set up first in a temporary
``FORETAGSKLIMAT_HOME`` (or ``--home`` with a demo already loaded).

Run::

    .venv/bin/python benchmarks/bench_cli.py [--repeats 3] [--home DIR] [--write-docs]

``--write-docs`` replaces the "Command line" section of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import datetime
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_engine import machine
from bench_uncertainty import coinr_tables
from docs_section import write_section

ROOT = Path(__file__).resolve().parents[1]
#: The issue's aims (seconds): engine commands as a whole process, others to first output.
AIM_ENGINE, AIM_UNCERTAINTY, AIM_OTHER = 1.0, 1.5, 2.0


def write_tables(directory: Path) -> tuple[Path, Path]:
    """``bench_uncertainty``'s 290 × 18 case as COINr's two CSV tables."""
    frame, metadata = coinr_tables()
    frame.insert(1, "uName", frame["uCode"])
    data, meta = directory / "data.csv", directory / "meta.csv"
    frame.to_csv(data, index=False)
    metadata.to_csv(meta, index=False)
    return data, meta


def run_once(
    argv: list[str], env: dict[str, str], cwd: Path, stop_after_line: bool
) -> dict[str, Any]:
    """One run: wall and CPU seconds, max RSS (MB), seconds to the first output byte."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        started = time.perf_counter()
        process = subprocess.Popen(
            ["/usr/bin/time", "-v", "-o", report.name, *argv],
            env=env,
            cwd=cwd,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            # Its own process group, so that stopping ``serve`` stops its workers too.
            start_new_session=True,
        )
        assert process.stdout is not None
        first = process.stdout.read(1)
        first_output = time.perf_counter() - started
        if stop_after_line:
            process.stdout.readline()
            first_output = time.perf_counter() - started
            os.killpg(process.pid, signal.SIGTERM)
            process.wait()
            return {"wall": None, "cpu": None, "rss_mb": None, "first": first_output}
        process.stdout.read()
        code = process.wait()
        text = Path(report.name).read_text()
    if code != 0:
        raise SystemExit(f"{' '.join(argv)} failed with exit code {code}")

    def field(name: str) -> str:
        found = re.search(rf"{re.escape(name)}: (.+)", text)
        return found.group(1).strip() if found else "0"

    wall = 0.0
    for part in field("Elapsed (wall clock) time (h:mm:ss or m:ss)").split(":"):
        wall = wall * 60 + float(part)
    return {
        "wall": wall,
        "cpu": float(field("User time (seconds)")) + float(field("System time (seconds)")),
        "rss_mb": int(field("Maximum resident set size (kbytes)")) / 1024,
        "first": first_output if first else wall,
    }


def measure(
    argv: list[str], env: dict[str, str], cwd: Path, repeats: int, serve: bool
) -> dict[str, Any]:
    runs = [run_once(argv, env, cwd, serve) for _ in range(repeats)]
    return {
        key: None if runs[0][key] is None else statistics.median(r[key] for r in runs)
        for key in ("wall", "cpu", "rss_mb", "first")
    }


def engine_import(env: dict[str, str], repeats: int) -> tuple[float, float, float]:
    """The engine's import (-X importtime, s), its whole process and a bare Python's (s)."""
    python = sys.executable
    imports, process, bare = [], [], []
    for _ in range(repeats):
        done = subprocess.run(
            [python, "-X", "importtime", "-c", "import foretagsklimat.engine"],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        line = next(
            row
            for row in done.stderr.splitlines()
            if row.rstrip().endswith("| foretagsklimat.engine")
        )
        imports.append(int(line.split("|")[1]) / 1e6)
        for target, code in ((process, "import foretagsklimat.engine"), (bare, "pass")):
            started = time.perf_counter()
            subprocess.run([python, "-c", code], env=env, check=True)
            target.append(time.perf_counter() - started)
    return statistics.median(imports), statistics.median(process), statistics.median(bare)


def commands(data: Path, meta: Path, out: Path) -> list[tuple[str, list[str], float, bool]]:
    """(label, arguments, aim in seconds, stopped after its first line)."""
    tables = ["--data", str(data), "--meta", str(meta)]
    return [
        ("overview (`--help`)", ["--help"], AIM_ENGINE, False),
        ("`index --help`", ["index", "--help"], AIM_ENGINE, False),
        ("`index` (290 × 18)", ["index", *tables, "--out", str(out)], AIM_ENGINE, False),
        (
            "`uncertainty --data/--meta`, N = 1,000, weights ±25 %",
            ["uncertainty", *tables, "--seed", "0", "--limit", "10"],
            AIM_UNCERTAINTY,
            False,
        ),
        (
            "`uncertainty --data/--meta`, N = 1,000, weights and minmax/zscore "
            "(+ sensitivity indices, 500 × 5)",
            [
                "uncertainty",
                *tables,
                "--seed",
                "0",
                "--limit",
                "10",
                "--normalise",
                "minmax,zscore",
            ],
            AIM_UNCERTAINTY,
            False,
        ),
        ("`rank --help`", ["rank", "--help"], AIM_OTHER, False),
        ("`setup` (database already set up)", ["setup"], AIM_OTHER, False),
        (
            "`rank --year 2023 --format csv`",
            ["rank", "--year", "2023", "--format", "csv"],
            AIM_OTHER,
            False,
        ),
        ("`movers --year 2023`", ["movers", "--year", "2023"], AIM_OTHER, False),
        (
            "`uncertainty --year 2023`",
            ["uncertainty", "--year", "2023", "--limit", "10"],
            AIM_OTHER,
            False,
        ),
        (
            "`whatif --kommun 2181 --set service=4.2`",
            ["whatif", "--kommun", "2181", "--set", "service=4.2"],
            AIM_OTHER,
            False,
        ),
        (
            "`levers --kommun 2181 --target 100`",
            ["levers", "--kommun", "2181", "--target", "100"],
            AIM_OTHER,
            False,
        ),
        ("`account list`", ["account", "list"], AIM_OTHER, False),
        (
            "`serve` (to its first line)",
            ["serve", "--port", "8765", "--workers", "1"],
            AIM_OTHER,
            True,
        ),
    ]


def table(rows: list[tuple[str, dict[str, Any], float]], engine: tuple[float, float, float]) -> str:
    imported, process, bare = engine
    lines = [
        "| command | first output (s) | whole process (s) | CPU (s) | max RSS (MB) | aim (s) |",
        "|---|---:|---:|---:|---:|---:|",
    ]

    def cell(value: float | None, digits: int) -> str:
        return "–" if value is None else f"{value:.{digits}f}"

    for label, m, aim in rows:
        lines.append(
            f"| {label} | {cell(m['first'], 2)} | {cell(m['wall'], 2)} | {cell(m['cpu'], 2)} | "
            f"{cell(m['rss_mb'], 0)} | {aim:g} |"
        )
    lines.append(
        f"\nBeside them: `import foretagsklimat.engine` takes {imported:.2f} s "
        f"(`python -X importtime`, cumulative), {process:.2f} s as a whole process "
        f'(`python -c "import foretagsklimat.engine"`); a bare `python -c pass` '
        f"{bare:.2f} s."
    )
    return "\n".join(lines)


def write_docs(text: str) -> None:
    write_section("Command line", text)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--home", type=Path, help="a FORETAGSKLIMAT_HOME with the demo loaded")
    parser.add_argument("--write-docs", action="store_true")
    args = parser.parse_args()
    if not Path("/usr/bin/time").exists():
        sys.exit("/usr/bin/time is not installed: apt-get install time")
    cli = shutil.which("foretagsklimat", path=str(Path(sys.executable).parent))
    if cli is None:
        sys.exit("foretagsklimat is not installed in this Python's environment")
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        home = args.home or work / "home"
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        env.update(FORETAGSKLIMAT_HOME=str(home), FORETAGSKLIMAT_DEMO_PASSWORD="bench-cli-demo")
        if args.home is None:
            print("Loading a demo for 2022–2023 …", flush=True)
            subprocess.run(
                [cli, "setup", "--demo", "--years", "2022-2023"],
                env=env,
                check=True,
                stdout=subprocess.DEVNULL,
            )
        data, meta = write_tables(work)
        cwd = work / "cwd"
        cwd.mkdir()
        rows: list[tuple[str, dict[str, Any], float]] = []
        for label, argv, aim, serve in commands(data, meta, work / "out"):
            result = measure([cli, *argv], env, cwd, args.repeats, serve)
            rows.append((label, result, aim))
            print(f"{label}: {result}", flush=True)
        engine = engine_import(env, args.repeats)
        left = sorted(p.name for p in cwd.iterdir())
    today = datetime.date.today().isoformat()
    text = (
        "What is measured: each command of `foretagsklimat` as a whole process, as a user "
        "waits for it — `/usr/bin/time -v` gives the wall-clock and CPU time and the "
        'maximum resident memory; "first output" is the time to the first byte on '
        "standard output (`serve`: to its first line, then it is stopped). Medians of "
        f"{args.repeats} runs. `index` and `uncertainty --data/--meta` read COINr tables "
        "of 290 units × 18 indicators in 6 groups (the case of the Uncertainty section) "
        "and run without Django; the other commands read "
        + ("a demo of 2022–2023" if args.home is None else "the demo of `--home`")
        + " in SQLite.\n\n"
        "Reproduce: `.venv/bin/python benchmarks/bench_cli.py --write-docs` (about two "
        "minutes, most of it loading the demo; `--home DIR` reuses a loaded one).\n\n"
        f"Machine: {machine()}; {today}; shared with other jobs, so wall-clock times "
        "include waiting for a processor (CPU time does not).\n\n"
        + table(rows, engine)
        + "\n\nAims (issue 13): the engine commands under 1 s as a whole process "
        "(`uncertainty --data` at N = 1,000 under 1.5 s), every other command under 2 s to "
        "its first output. Folders left in the working directory by all the runs: "
        f"{', '.join(left) if left else 'none'}."
    )
    print("\n" + text)
    if args.write_docs:
        write_docs(text)


if __name__ == "__main__":
    main()
