"""Load benchmark of the public site and API: wrk on loopback, 20 concurrent clients.

For each database (SQLite and PostgreSQL) it loads the synthetic demo, starts
``foretagsklimat serve`` (gunicorn, 2 workers x 4 threads) on 127.0.0.1, warms each URL
once and runs wrk against it, reporting requests per second and latency percentiles
(p50, p95, p99) computed by wrk itself. Results go to stdout as a Markdown table;
``--write-docs`` replaces the "Web" section of docs/benchmarks.md.

Requires Debian's ``wrk`` (``apt-get install wrk``) and, for PostgreSQL, a server at
127.0.0.1:5432 that ``postgres`` may create databases on. Traffic goes to loopback only;
each run is bounded by ``--duration``.

Usage: .venv/bin/python benchmarks/bench_web.py [--databases sqlite,postgres]
       [--duration 15] [--connections 20] [--write-docs]
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from docs_section import write_section

ROOT = Path(__file__).resolve().parent.parent
PATHS = ("/ranking/2023/", "/kommun/2181/", "/api/v1/rankings/2023")
PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
PG_BENCH = "postgres://postgres@127.0.0.1:5432/foretagsklimat_bench"

# wrk reports latency in microseconds; this script prints the percentiles we need.
LUA = """
done = function(summary, latency, requests)
  io.write(string.format("RESULT requests=%d duration_us=%d errors=%d p50=%d p95=%d p99=%d\\n",
    summary.requests, summary.duration,
    summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.status + summary.errors.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def cli(env: dict[str, str], *args: str, **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "foretagsklimat.cli", *args],
        env=env,
        check=True,
        text=True,
        **kwargs,  # type: ignore[call-overload]
    )


def prepare_postgres() -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS foretagsklimat_bench")
        conn.execute("CREATE DATABASE foretagsklimat_bench")


def wait_until_up(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"server did not answer at {url}")


def run_wrk(url: str, duration: int, connections: int, script: Path) -> dict[str, float]:
    out = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{duration}s",
            "--timeout",
            "10s",
            "-s",
            str(script),
            url,
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    match = re.search(r"RESULT (.*)", out)
    if not match:
        raise RuntimeError(out)
    values = dict(pair.split("=") for pair in match.group(1).split())
    numbers = {k: float(v) for k, v in values.items()}
    return {
        "rps": numbers["requests"] / (numbers["duration_us"] / 1e6),
        "p50_ms": numbers["p50"] / 1000,
        "p95_ms": numbers["p95"] / 1000,
        "p99_ms": numbers["p99"] / 1000,
        "errors": numbers["errors"],
        "requests": numbers["requests"],
    }


def bench_database(
    name: str, duration: int, connections: int, workdir: Path
) -> list[dict[str, object]]:
    env = {**os.environ, "FORETAGSKLIMAT_HOME": str(workdir)}
    if name == "sqlite":
        env["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    else:
        prepare_postgres()
        env["DATABASE_URL"] = PG_BENCH
    started = time.perf_counter()
    cli(env, "setup", "--demo", stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    print(f"{name}: demo loaded in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "foretagsklimat.cli", "serve", "--port", str(port)],
        env={**env, "WEB_CONCURRENCY": "2"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    script = workdir / "percentiles.lua"
    script.write_text(LUA, encoding="utf-8")
    rows: list[dict[str, object]] = []
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until_up(base + "/halsa/")
        for path in PATHS:
            for _ in range(4):  # warm both workers' caches
                with urllib.request.urlopen(base + path, timeout=30) as response:
                    response.read()
            result = run_wrk(base + path, duration, connections, script)
            rows.append({"database": name, "path": path, **result})
            print(f"{name} {path}: {result}", file=sys.stderr)
    finally:
        server.terminate()
        server.wait(timeout=20)
    return rows


def table(rows: list[dict[str, object]], duration: int, connections: int) -> str:
    lines = [
        f"Machine: {platform.platform()}, Python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs; wrk 2 threads, {connections} connections, {duration} s per "
        "URL, on the same machine as the server (so the load tool takes CPU from it).",
        "",
        "| database | URL | requests/s | p50 (ms) | p95 (ms) | p99 (ms) | requests | errors |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r['database']} | `{r['path']}` | {r['rps']:.0f} | {r['p50_ms']:.1f} | "
            f"{r['p95_ms']:.1f} | {r['p99_ms']:.1f} | {r['requests']:.0f} | {r['errors']:.0f} |"
        )
    return "\n".join(lines)


def write_docs(text: str) -> None:
    write_section(
        "Web",
        (
            "What is measured: whole HTTP requests against `foretagsklimat serve` with "
            "the full synthetic demo (290 municipalities, 2014–2024), after one warm-up request "
            "per worker. Published results are computed once at setup and stored; pages are "
            "rendered from the stored run and cached until a new ranking is saved.\n\n"
            "Reproduce: `apt-get install wrk`, then `.venv/bin/python benchmarks/bench_web.py "
            "--write-docs` (about 5 minutes; it creates the PostgreSQL database "
            "`foretagsklimat_bench`).\n\n" + text + "\n"
        ),
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--duration", type=int, default=15)
    parser.add_argument("--connections", type=int, default=20)
    parser.add_argument("--write-docs", action="store_true")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed: apt-get install wrk")
    rows: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.databases.split(","):
            rows += bench_database(name, args.duration, args.connections, Path(tmp))
    text = table(rows, args.duration, args.connections)
    print(text)
    if args.write_docs:
        write_docs(text)


if __name__ == "__main__":
    main()
