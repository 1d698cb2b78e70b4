"""``index`` and ``uncertainty --data/--meta`` run without Django, as Django would run them.

The whole-process times are measured in ``benchmarks/bench_cli.py``; these tests check
what makes them short (Django and the apps are never imported) and that the command
behaves the same either way: help, output, errors and exit codes.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command, load_command_class

from foretagsklimat import cli
from foretagsklimat.terminal import index, uncertainty

from .test_analysis_commands import DATA, META

# Runs the command line and reports which of Django and the project's Django layers
# were imported, after the command's output.
PROBE = """
import sys
from foretagsklimat.cli import main
try:
    main(sys.argv[1:])
finally:
    loaded = sorted(
        m for m in sys.modules
        if m.split(".")[0] == "django"
        or m.startswith(("foretagsklimat.apps", "foretagsklimat.web"))
    )
    sys.stderr.write(f"\\nLOADED {loaded}\\n")
"""


@pytest.fixture
def tables(tmp_path: Path) -> tuple[Path, Path]:
    data, meta = tmp_path / "data.csv", tmp_path / "meta.csv"
    data.write_text(DATA, encoding="utf-8")
    meta.write_text(META, encoding="utf-8")
    return data, meta


def command_line(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """``foretagsklimat ARGS`` in ``cwd``, with no home or database set (as a new user)."""
    env = {k: v for k, v in os.environ.items() if k not in {"FORETAGSKLIMAT_HOME", "DATABASE_URL"}}
    env["COLUMNS"] = "100"
    cwd.mkdir(exist_ok=True)
    return subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def django_output(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def loaded(done: subprocess.CompletedProcess[str]) -> str:
    return done.stderr.rpartition("LOADED ")[2].strip()


def test_index_runs_without_django_and_prints_what_django_prints(
    tables: tuple[Path, Path], tmp_path: Path
) -> None:
    data, meta = tables
    cwd = tmp_path / "cwd"
    args = ["index", "--data", str(data), "--meta", str(meta), "--out", str(tmp_path / "out")]
    done = command_line(args, cwd)
    assert done.returncode == 0, done.stderr
    assert loaded(done) == "[]"
    assert done.stdout == django_output(*args)
    assert (tmp_path / "out" / "index.csv").is_file()
    assert list(cwd.iterdir()) == []


def test_uncertainty_on_tables_runs_without_django_and_prints_what_django_prints(
    tables: tuple[Path, Path], tmp_path: Path
) -> None:
    data, meta = tables
    cwd = tmp_path / "cwd"
    for extra in ([], ["--format", "json", "--normalise", "minmax,zscore", "--base-samples", "50"]):
        args = ["uncertainty", "--data", str(data), "--meta", str(meta), "--seed", "3", *extra]
        done = command_line([*args, "--replications", "200"], cwd)
        assert done.returncode == 0, done.stderr
        assert loaded(done) == "[]"
        assert done.stdout == django_output(*args, "--replications", "200")
    assert list(cwd.iterdir()) == []


def test_errors_and_exit_codes_without_django(tables: tuple[Path, Path], tmp_path: Path) -> None:
    data, meta = tables
    cwd = tmp_path / "cwd"
    done = command_line(["index", "--data", "nope.csv", "--meta", str(meta), "--out", "x"], cwd)
    assert done.returncode == 1
    assert done.stderr.startswith("CommandError: nope.csv: filen finns inte (datatabell).\n")
    assert loaded(done) == "[]"
    done = command_line(["uncertainty", "--data", str(data), "--replications", "0"], cwd)
    assert (done.returncode, done.stderr.split("\n")[0]) == (
        1,
        "CommandError: --replications måste vara minst 1.",
    )
    done = command_line(["index", "--data", str(data)], cwd)
    assert done.returncode == 2
    assert "foretagsklimat index: error: the following arguments are required: --meta, --out" in (
        done.stderr
    )
    done = command_line(["uncertainty", "--data", str(data), "--meta", str(meta), "--help"], cwd)
    assert done.returncode == 0 and done.stdout.startswith("usage: foretagsklimat uncertainty")
    assert loaded(done) == "[]"
    done = command_line(
        ["index", "--traceback", "--data", "nope", "--meta", "x", "--out", "x"], cwd
    )
    assert done.returncode == 1
    assert "Traceback" in done.stderr and "CommandError: nope: filen finns inte" in done.stderr
    assert list(cwd.iterdir()) == []


@pytest.mark.parametrize("name", ["index", "uncertainty"])
def test_help_is_the_management_commands_help(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    module = {"index": index, "uncertainty": uncertainty}[name]
    ours = module.Command().create_parser("foretagsklimat", name).format_help()
    django = load_command_class("foretagsklimat.apps.ranking", name)
    assert ours == django.create_parser("foretagsklimat", name).format_help()


def test_uncertainty_of_a_stored_year_is_handed_to_django(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    handed: list[list[str]] = []
    monkeypatch.setattr(
        "django.core.management.execute_from_command_line", lambda argv: handed.append(argv)
    )
    cli.main(["uncertainty", "--year", "2023", "--format", "json"])
    assert handed == [["foretagsklimat", "uncertainty", "--year", "2023", "--format", "json"]]
    cli.main(["rank", "--year", "2023"])
    assert handed[-1] == ["foretagsklimat", "rank", "--year", "2023"]


def test_progress_shows_as_lines_when_output_is_not_a_terminal() -> None:
    from foretagsklimat.terminal.console import LineProgress, progress_bar

    out = io.StringIO()
    with progress_bar(out) as bar:
        assert isinstance(bar, LineProgress)
        task = bar.add_task("Rankar", total=3)
        for done in (1, 2, 3):
            bar.update(task, completed=done, total=3, description="Rankar")
        step = bar.add_task("kalibrerar 2014", total=2)
        bar.update(step, completed=1, description="kalibrerar 2014")
        bar.update(step, completed=2, description="kontrollerar")
        saved = bar.add_task("Sparar enkätsvar", total=10_000)
        bar.advance(saved, 5000)
        bar.advance(saved, 5000)
    lines = [line.split(" (")[0] for line in out.getvalue().splitlines()]
    # The first update of a task, each new step and each task's end; nothing in between
    # (the rest comes at most every ten seconds).
    assert lines == [
        "Rankar: 1/3",
        "Rankar: 3/3",
        "kalibrerar 2014: 1/2",
        "kontrollerar: 2/2",
        "Sparar enkätsvar: 5000/10000",
        "Sparar enkätsvar: 10000/10000",
    ]


def test_commands_that_use_django_leave_no_folder_until_they_open_the_database(
    tmp_path: Path,
) -> None:
    cwd = tmp_path / "cwd"
    for args in (["rank", "--help"], ["account", "--help"], ["check"]):
        done = command_line(args, cwd)
        assert done.returncode == 0, done.stderr
        assert list(cwd.iterdir()) == [], args
    # A command that opens the database makes its folder (var/) and the file.
    done = command_line(["migrate", "-v", "0"], cwd)
    assert done.returncode == 0, done.stderr
    assert [p.name for p in cwd.iterdir()] == ["var"]
    assert (cwd / "var" / "foretagsklimat.sqlite3").is_file()
