"""``foretagsklimat survey sample`` end to end."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from foretagsklimat.cli import main

from .sampling_helpers import companies, company, write_csv


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("survey", "sample", *args, stdout=out)
    return out.getvalue()


def register_file(tmp_path: Path) -> Path:
    rows = (
        companies("2181", 300)
        + companies("2181", 50, 10_000, legal_form="EF")
        + companies("0114", 40, 20_000)
        + [
            company(30_000, legal_form="OFF"),
            company(30_001, opt_out=True),
            company(1, site_type="workplace", kommunkod="0114", employees=10),
        ]
    )
    return write_csv(tmp_path / "foretag.csv", rows)


def test_it_writes_the_sample_and_every_exclusion_with_a_reason(tmp_path: Path) -> None:
    path = register_file(tmp_path)
    output = run(
        "--register", str(path), "--year", "2025", "--seed", "7", "--out", str(tmp_path / "ut")
    )
    sample = pd.read_csv(tmp_path / "ut" / "sample.csv", dtype=str)
    exclusions = pd.read_csv(tmp_path / "ut" / "exclusions.csv", dtype=str)
    assert sample.columns.tolist() == ["orgnr", "kommunkod", "site_type"]
    assert exclusions.columns.tolist() == ["orgnr", "kommunkod", "reason"]
    assert sample.groupby("kommunkod").size().to_dict() == {"0114": 40, "2181": 200}
    assert len(sample) + len(exclusions) == 393
    assert {"public_body", "opted_out", "workplace_25_or_fewer", "not_sampled"} <= set(
        exclusions["reason"]
    )
    assert "Sandviken" in output
    assert "totalundersökning" in output


def test_the_same_seed_writes_the_same_files(tmp_path: Path) -> None:
    path = register_file(tmp_path)
    for out in ("a", "b"):
        run("--register", str(path), "--year", "2025", "--seed", "7", "--out", str(tmp_path / out))
    for name in ("sample.csv", "exclusions.csv"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_an_invalid_register_fails_with_row_numbered_messages(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "foretag.csv", [company(1), company(2, orgnr="556036-0794", kommunkod="0180")]
    )
    with pytest.raises(CommandError) as error:
        run("--register", str(path), "--year", "2025", "--seed", "7", "--out", str(tmp_path / "ut"))
    assert "foretag.csv, rad 3, kolumn ”orgnr”" in str(error.value)
    assert "fel kontrollsiffra" in str(error.value)
    assert not (tmp_path / "ut").exists()


def test_the_command_line_exits_with_status_1_on_an_invalid_register(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_csv(tmp_path / "foretag.csv", [company(1, legal_form="XY")])
    with pytest.raises(SystemExit) as exit_info:
        main(
            [
                "survey",
                "sample",
                "--register",
                str(path),
                "--year",
                "2025",
                "--seed",
                "1",
                "--out",
                str(tmp_path / "ut"),
            ]
        )
    assert exit_info.value.code == 1
    assert "rad 2" in capsys.readouterr().err
