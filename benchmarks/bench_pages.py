"""First and cached views of the public pages after a fresh server start.

For each database (SQLite and PostgreSQL) it builds the synthetic demo with
``foretagsklimat setup --demo`` in a temporary ``FORETAGSKLIMAT_HOME``, starts
``foretagsklimat serve`` (gunicorn, one worker with four threads, so that a second view
meets the first one's cache), waits for the health check and then asks each page twice
over loopback: the *first view* (nothing of it cached: the page renders from the stored
run) and the *cached view* (the page cache answers). The server's worker has read the
newest year and fitted its what-if model before it answered the health check (the time
until then is reported); whatever else a page needs is paid by its first view. Each time
is the whole HTTP request, response body read, by a client on the same machine. Results
go to stdout as a Markdown table; ``--write-docs`` replaces the "Pages" section of
docs/benchmarks.md.

Requires, for PostgreSQL, a server at 127.0.0.1:5432 on which ``postgres`` may create
databases (trust authentication); the benchmark drops and creates ``bench_pages``.

Usage: .venv/bin/python benchmarks/bench_pages.py [--databases sqlite,postgres]
       [--write-docs]
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from docs_section import write_section

ROOT = Path(__file__).resolve().parent.parent
PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
PG_BENCH = "postgres://postgres@127.0.0.1:5432/bench_pages"
YEAR = 2024
#: Twenty municipalities: the demo's calibrated ones, the largest cities, and the last
#: places of 2024, whose plan to reach the top 100 is the longest search of the year.
MUNICIPALITIES = (
    "2181",  # Sandviken
    "0184",  # Solna
    "1442",  # Vårgårda
    "0162",  # Danderyd
    "1480",  # Göteborg
    "2180",  # Gävle
    "2418",  # Malå
    "0180",  # Stockholm
    "1280",  # Malmö
    "0380",  # Uppsala
    "0583",  # Motala
    "2061",  # Smedjebacken
    "1863",  # Hällefors
    "1781",  # Kristinehamn
    "2085",  # Ludvika
    "0884",  # Vimmerby
    "1730",  # Eda
    "0682",  # Nässjö
    "2514",  # Kalix
    "2583",  # Haparanda
)
OTHER_PAGES = (
    ("drivers", f"/drivare/{YEAR}/"),
    ("drivers", f"/drivare/{YEAR}/?niva=municipalities"),
    ("drivers", f"/drivare/{YEAR}/?grupp=B5"),
    ("drivers", "/drivare/2019/"),
    ("comparison", f"/kommun/2181/jamforelse/{YEAR}/"),
    ("comparison", f"/kommun/0583/jamforelse/{YEAR}/"),
    ("comparison", "/kommun/2180/jamforelse/2021/"),
    ("municipality, own target", "/kommun/0583/?mal=50"),
    ("municipality, what-if", "/kommun/2181/?service=5.5&overall_grade=4.5"),
    ("home", "/"),
    ("ranking", f"/ranking/{YEAR}/"),
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def prepare_postgres() -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS bench_pages")
        conn.execute("CREATE DATABASE bench_pages")


def timed_get(url: str) -> tuple[float, int]:
    """Milliseconds for one whole request (body read) and its status."""
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=120) as response:
        response.read()
        status = response.status
    return (time.perf_counter() - started) * 1000, status


def wait_until_up(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"server did not answer at {url}")


def bench_database(name: str, workdir: Path) -> tuple[list[dict[str, object]], dict[str, float]]:
    home = workdir / name
    home.mkdir()
    env = {**os.environ, "FORETAGSKLIMAT_HOME": str(home)}
    if name == "sqlite":
        env["DATABASE_URL"] = f"sqlite:///{home / 'bench.sqlite3'}"
    else:
        prepare_postgres()
        env["DATABASE_URL"] = PG_BENCH
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "foretagsklimat.cli", "setup", "--demo"],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    setup_s = time.perf_counter() - started
    print(f"{name}: demo set up in {setup_s:.0f} s", file=sys.stderr)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    started = time.perf_counter()
    server = subprocess.Popen(
        [sys.executable, "-m", "foretagsklimat.cli", "serve", "--port", str(port)],
        env={**env, "WEB_CONCURRENCY": "1"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    rows: list[dict[str, object]] = []
    try:
        wait_until_up(base + "/halsa/")
        facts = {"setup_s": setup_s, "up_s": time.perf_counter() - started}
        pages = [("municipality", f"/kommun/{code}/") for code in MUNICIPALITIES]
        for kind, path in [*pages, *OTHER_PAGES]:
            first, status = timed_get(base + path)
            cached, _ = timed_get(base + path)
            rows.append(
                {"database": name, "kind": kind, "path": path, "status": status}
                | {"first_ms": first, "cached_ms": cached}
            )
            print(f"{name} {path}: {first:.0f} ms, then {cached:.1f} ms", file=sys.stderr)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return rows, facts


def _summary(rows: list[dict[str, object]], kind: str) -> str:
    firsts = [float(str(r["first_ms"])) for r in rows if r["kind"] == kind]
    cached = [float(str(r["cached_ms"])) for r in rows if r["kind"] == kind]
    return (
        f"{len(firsts)} {kind} pages: first view median {statistics.median(firsts):.0f} ms, "
        f"slowest {max(firsts):.0f} ms; cached view median {statistics.median(cached):.1f} ms"
    )


def table(rows: list[dict[str, object]], facts: dict[str, dict[str, float]], load: str) -> str:
    lines = [
        f"Measured {datetime.date.today().isoformat()} on {platform.platform()}, Python "
        f"{platform.python_version()}, {os.cpu_count()} CPUs, shared with other work "
        f"(load average {load}); client and server on the same machine.",
        "",
    ]
    for name, fact in facts.items():
        database_rows = [r for r in rows if r["database"] == name]
        lines.append(
            f"* {name}: `setup --demo` {fact['setup_s']:.0f} s; server answering "
            f"{fact['up_s']:.1f} s after start; "
            + "; ".join(_summary(database_rows, kind) for kind in ("municipality",))
            + "."
        )
    lines += [
        "",
        "| database | page | URL | first view (ms) | cached view (ms) |",
        "|---|---|---|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r['database']} | {r['kind']} | `{r['path']}` | {float(str(r['first_ms'])):.0f} "
            f"| {float(str(r['cached_ms'])):.1f} |"
        )
    return "\n".join(lines)


def write_docs(text: str) -> None:
    write_section(
        "Pages",
        (
            "`benchmarks/bench_pages.py`: the first and the cached view of 20 municipality "
            f"pages ({YEAR}), the drivers pages and the politicians' comparison pages, after a "
            "fresh start of `foretagsklimat serve` (one gunicorn worker, four threads) on the "
            "full synthetic demo (290 municipalities, 2014–2024, about 414,000 answers) built by "
            "`setup --demo` into a temporary `FORETAGSKLIMAT_HOME`. The first view renders "
            "from the stored run: the drivers and the comparison's means were computed when "
            "the ranking was published, and the year's what-if model is fitted once per "
            "process (each worker fits the newest year's before its first request); the "
            "plan to reach the next target (top 100, 50, 10, first place) is searched per "
            "page, longest for the last places (Motala, Smedjebacken, rank 290 and 289). The "
            "cached view is the page cache's answer. Times are whole HTTP requests over "
            "loopback, one run.\n\n"
            "Reproduce: `.venv/bin/python benchmarks/bench_pages.py --write-docs` (about 10 "
            "minutes; it creates the PostgreSQL database `bench_pages`).\n\n" + text + "\n"
        ),
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--write-docs", action="store_true")
    args = parser.parse_args()
    rows: list[dict[str, object]] = []
    facts: dict[str, dict[str, float]] = {}
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.databases.split(","):
            found, facts[name] = bench_database(name, Path(tmp))
            rows += found
    load = f"{load_before:.1f} at the start, {os.getloadavg()[0]:.1f} at the end"
    text = table(rows, facts, load)
    print(text)
    if args.write_docs:
        write_docs(text)


if __name__ == "__main__":
    main()
