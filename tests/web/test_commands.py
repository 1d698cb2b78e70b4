from __future__ import annotations

import io
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError

from foretagsklimat.apps.ranking.models import RankingRun
from foretagsklimat.apps.survey.models import SurveyResponse
from foretagsklimat.cli import main
from foretagsklimat.engine.methodology import get_methodology

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_overview_lists_the_projects_commands(capsys: pytest.CaptureFixture[str]) -> None:
    main(["--help"])
    text = capsys.readouterr().out
    for command in (
        "setup",
        "serve",
        "rank",
        "movers",
        "import",
        "index",
        "uncertainty",
        "whatif",
        "levers",
    ):
        assert f"  {command}" in text


def test_setup_without_demo_is_idempotent() -> None:
    assert "290 kommuner" in run("setup")
    assert "290 kommuner" in run("setup")


def test_rank_json_has_the_documented_shape(stored_rankings: tuple[int, ...]) -> None:
    data = json.loads(run("rank", "--year", "2023", "--format", "json"))
    assert data["year"] == 2023
    assert data["synthetic"] is True
    methodology = data["methodology"]
    assert methodology["name"] == "sn-2020"
    weights = [i["weight"] for i in methodology["indicators"]]
    assert sum(weights) == pytest.approx(1.0)
    assert {i["direction"] for i in methodology["indicators"]} <= {1, -1}
    assert {"code", "weight", "direction", "group"} <= set(methodology["indicators"][0])
    units = data["municipalities"]
    assert len(units) == 290
    assert [u["rank"] for u in units] == list(range(1, 291))
    first = units[0]
    assert {"code", "name", "rank", "points", "indicators"} <= set(first)
    codes = {i["code"] for i in methodology["indicators"]}
    assert set(first["indicators"]) == codes
    overall = first["indicators"]["overall_grade"]
    assert {"value", "n", "rank", "points"} <= set(overall)
    assert overall["n"] == 40


def test_rank_points_in_json_are_the_weighted_sum_of_indicator_points(
    stored_rankings: tuple[int, ...],
) -> None:
    data = json.loads(run("rank", "--year", "2022", "--format", "json"))
    weights = {i["code"]: i["weight"] for i in data["methodology"]["indicators"]}
    for unit in data["municipalities"][:20]:
        total = sum(weights[c] * v["points"] for c, v in unit["indicators"].items())
        assert unit["points"] == pytest.approx(total)


def test_rank_uses_the_methodology_in_force_unless_one_is_named(
    stored_rankings: tuple[int, ...],
) -> None:
    named = json.loads(
        run("rank", "--year", "2023", "--methodology", "sn-2014", "--format", "json")
    )
    assert named["methodology"]["name"] == "sn-2014"
    assert len(named["methodology"]["indicators"]) == len(get_methodology("sn-2014").indicators)


def test_rank_writes_csv_and_excel_marked_synthetic(
    stored_rankings: tuple[int, ...], tmp_path: Path
) -> None:
    csv_text = run("rank", "--year", "2023", "--format", "csv")
    frame = pd.read_csv(io.StringIO(csv_text), dtype={"kommunkod": str})
    assert len(frame) == 290 and frame["synthetic"].all()
    target = tmp_path / "ranking.xlsx"
    run("rank", "--year", "2023", "--format", "xlsx", "--output", str(target))
    book = openpyxl.load_workbook(target)
    assert "SYNTETISKA" in str(book["Om"]["A3"].value)


def test_rank_table_names_the_synthetic_data(stored_rankings: tuple[int, ...]) -> None:
    text = run("rank", "--year", "2023", "--limit", "5")
    assert "SYNTETISKA DEMODATA" in text
    assert "Ranking 2023" in text


def test_rank_fails_clearly_for_a_year_without_data() -> None:
    with pytest.raises(CommandError, match="2031"):
        run("rank", "--year", "2031")


def test_rank_save_replaces_the_published_run(stored_rankings: tuple[int, ...]) -> None:
    run("rank", "--year", "2023", "--save", "--format", "csv")
    assert RankingRun.objects.filter(year=2023, is_current=True).count() == 1


def test_movers_lists_climbers_and_fallers(stored_rankings: tuple[int, ...]) -> None:
    data = json.loads(run("movers", "--year", "2023", "--format", "json"))
    climbers, fallers = data["climbers"], data["fallers"]
    assert climbers[0]["change"] >= climbers[-1]["change"] > 0
    assert fallers[0]["change"] < 0
    for mover in climbers + fallers:
        assert mover["change"] == mover["rank_previous"] - mover["rank"]
    assert len(data["biggest_climber_per_county"]) == 21


def test_movers_needs_two_ranked_years() -> None:
    with pytest.raises(CommandError, match="2022"):
        run("movers", "--year", "2023")


def test_import_of_a_bad_answers_file_stores_nothing_and_names_the_row(tmp_path: Path) -> None:
    path = tmp_path / "answers.csv"
    path.write_text(
        "respondent_id,kommunkod,year,respondent_type,overall_grade,service\n"
        "r1,2181,2023,company,4,5\n"
        "r2,2181,2023,company,7,5\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError) as error:
        run("import", "answers", str(path))
    message = str(error.value)
    assert "answers.csv" in message and "rad 3" in message and "overall_grade" in message
    assert SurveyResponse.objects.count() == 0


def test_import_of_answers_stores_every_row_and_can_rank(tmp_path: Path) -> None:
    path = tmp_path / "answers.csv"
    path.write_text(
        "respondent_id,kommunkod,year,respondent_type,overall_grade,service\n"
        "r1,2181,2023,company,4,5\n"
        "r2,2181,2023,company,vet ej,3\n"
        "r3,0114,2023,company,2,\n",
        encoding="utf-8",
    )
    assert "3 rader" in run("import", "answers", str(path))
    stored = dict(SurveyResponse.objects.values_list("respondent_id", "grades"))
    assert stored["r2"] == {"service": 3}
    with pytest.raises(CommandError, match="finns redan"):
        run("import", "answers", str(path))
    assert SurveyResponse.objects.count() == 3


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.slow
def test_setup_on_a_fresh_checkout_creates_the_sqlite_file_and_its_folder(
    tmp_path: Path,
) -> None:
    home = tmp_path / "fresh"
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["FORETAGSKLIMAT_HOME"] = str(home)
    done = subprocess.run(
        [sys.executable, "-m", "foretagsklimat.cli", "setup"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert (home / "var" / "foretagsklimat.sqlite3").exists()


@pytest.mark.slow
def test_serve_prints_its_url_and_serves_pages(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "FORETAGSKLIMAT_HOME": str(tmp_path),
    }
    cli = [sys.executable, "-m", "foretagsklimat.cli"]
    subprocess.run([*cli, "setup"], env=env, check=True, capture_output=True)
    port = _free_port()
    server = subprocess.Popen(
        [*cli, "serve", "--port", str(port), "--workers", "1"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert server.stdout is not None
        first_line = server.stdout.readline()
        assert f"http://127.0.0.1:{port}/" in first_line
        body = ""
        for _ in range(50):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as response:
                    body = response.read().decode()
                break
            except OSError:
                time.sleep(0.2)
        assert "Ingen ranking ännu" in body
        with urllib.request.urlopen(
            f"http://127.0.0.1:{port}/static/foretagsklimat/site.css", timeout=2
        ) as response:
            assert response.status == 200
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.mark.slow
def test_setup_demo_loads_synthetic_rankings_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FORETAGSKLIMAT_DEMO_PASSWORD", "demo-lösenord-2026")
    text = run("setup", "--demo", "--years", "2022-2023")
    assert "Syntetiska demodata laddade" in text
    assert "enkatoperator" in text and "FORETAGSKLIMAT_DEMO_PASSWORD" in text
    operator = User.objects.get(username="enkatoperator")
    assert operator.check_password("demo-lösenord-2026")
    runs = RankingRun.objects.filter(is_current=True)
    assert sorted(runs.values_list("year", flat=True)) == [2022, 2023]
    assert all(run.synthetic for run in runs)
    answers = SurveyResponse.objects.filter(round__year=2023, respondent_type="company").count()
    assert 25_000 < answers < 40_000
    monkeypatch.delenv("FORETAGSKLIMAT_DEMO_PASSWORD")
    again = run("setup", "--demo", "--years", "2022-2023")
    assert "finns redan" in again
    # Without the variable a new password is generated and printed.
    printed = again.split("lösenord: ")[1].split(")")[0]
    assert User.objects.get(username="enkatoperator").check_password(printed)
    assert RankingRun.objects.count() == 2
    sandviken = RankingRun.objects.get(year=2023).municipalities.get(municipality_id="2181")
    assert (sandviken.previous_rank, sandviken.rank) == (209, 128)
