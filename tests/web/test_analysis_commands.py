"""The analysis commands: index, uncertainty, whatif and levers."""

from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from foretagsklimat.apps.ranking import analysis, queries
from foretagsklimat.apps.ranking.models import MunicipalityResult, RankingRun
from foretagsklimat.engine.coinr import build_index, read_coinr_csv
from foretagsklimat.engine.whatif import describe_plan
from tests.snapshots import restored

pytestmark = pytest.mark.django_db

CODE = "2181"


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


# -- COINr tables ------------------------------------------------------------------------
DATA = """uCode,uName,gdp,jobs,tax,crime
A,Alfa,10,50,30,5
B,Beta,20,40,32,7
C,Gamma,15,65,28,2
D,Delta,30,55,35,9
E,Epsilon,25,45,31,4
F,Zeta,12,60,29,6
G,Eta,18,52,33,3
"""
META = """iCode,iName,Level,Parent,Direction,Weight,Type
gdp,GDP,1,Economy,1,1,Indicator
jobs,Jobs,1,Economy,1,1,Indicator
tax,Tax,1,Society,-1,1,Indicator
crime,Crime,1,Society,-1,2,Indicator
Economy,Economy,2,Index,,1,Aggregate
Society,Society,2,Index,,1,Aggregate
Index,Index,3,,,1,Aggregate
"""
ONE = """iCode,iName,Level,Parent,Direction,Weight,Type
gdp,GDP,1,Index,1,1,Indicator
Index,Index,2,,,1,Aggregate
"""


@pytest.fixture
def tables(tmp_path: Path) -> tuple[Path, Path]:
    data, meta = tmp_path / "data.csv", tmp_path / "meta.csv"
    data.write_text(DATA, encoding="utf-8")
    meta.write_text(META, encoding="utf-8")
    return data, meta


def test_index_writes_index_csv_with_the_engines_result(
    tables: tuple[Path, Path], tmp_path: Path
) -> None:
    data, meta = tables
    out = tmp_path / "out"
    text = run("index", "--data", str(data), "--meta", str(meta), "--out", str(out))
    assert "index.csv" in text
    written = pd.read_csv(out / "index.csv", dtype={"uCode": str})
    assert list(written.columns) == ["uCode", "Index", "Rank"]
    assert sorted(written["uCode"]) == list("ABCDEFG")
    assert written["Index"].between(0, 100).all()
    assert sorted(written["Rank"]) == list(range(1, 8))
    expected = build_index(read_coinr_csv(data, meta))
    pd.testing.assert_frame_equal(written, expected, check_dtype=False)


def test_index_minmax_spans_0_to_100(tables: tuple[Path, Path], tmp_path: Path) -> None:
    data, _ = tables
    meta = tmp_path / "one.csv"
    meta.write_text(ONE, encoding="utf-8")
    run("index", "--data", str(data), "--meta", str(meta), "--out", str(tmp_path))
    index = pd.read_csv(tmp_path / "index.csv")["Index"]
    assert index.min() == pytest.approx(0)
    assert index.max() == pytest.approx(100)


def test_index_zscore_has_mean_10_and_sample_sd_2(
    tables: tuple[Path, Path], tmp_path: Path
) -> None:
    data, _ = tables
    meta = tmp_path / "one.csv"
    meta.write_text(ONE, encoding="utf-8")
    run(
        "index",
        "--data",
        str(data),
        "--meta",
        str(meta),
        "--normalise",
        "zscore",
        "--out",
        str(tmp_path),
    )
    index = pd.read_csv(tmp_path / "index.csv")["Index"]
    assert index.mean() == pytest.approx(10)
    assert index.std(ddof=1) == pytest.approx(2)


def test_index_geometric_aggregation_ranks_every_unit(
    tables: tuple[Path, Path], tmp_path: Path
) -> None:
    data, meta = tables
    run(
        "index",
        "--data",
        str(data),
        "--meta",
        str(meta),
        "--aggregate",
        "geometric",
        "--out",
        str(tmp_path),
    )
    written = pd.read_csv(tmp_path / "index.csv")
    expected = build_index(read_coinr_csv(data, meta), "minmax", "geometric")
    assert written["Index"].to_numpy() == pytest.approx(expected["Index"].to_numpy())


def test_index_names_a_missing_file(tables: tuple[Path, Path], tmp_path: Path) -> None:
    _, meta = tables
    missing = tmp_path / "nope.csv"
    with pytest.raises(CommandError, match=r"nope\.csv: filen finns inte"):
        run("index", "--data", str(missing), "--meta", str(meta), "--out", str(tmp_path))


def test_index_names_file_row_and_column_of_a_bad_value(
    tables: tuple[Path, Path], tmp_path: Path
) -> None:
    data, meta = tables
    data.write_text(DATA.replace("B,Beta,20", "B,Beta,tjugo"), encoding="utf-8")
    with pytest.raises(CommandError) as error:
        run("index", "--data", str(data), "--meta", str(meta), "--out", str(tmp_path))
    message = str(error.value)
    assert "data.csv" in message and "row 3" in message and "gdp" in message
    assert not (tmp_path / "index.csv").exists()


def test_index_names_the_metadata_file_and_its_fault(
    tables: tuple[Path, Path], tmp_path: Path
) -> None:
    data, meta = tables
    meta.write_text(META.replace("tax,Tax,1,Society,-1", "tax,Tax,1,Society,2"), encoding="utf-8")
    with pytest.raises(CommandError) as error:
        run("index", "--data", str(data), "--meta", str(meta), "--out", str(tmp_path))
    message = str(error.value)
    assert "meta.csv" in message and "Direction" in message


def test_index_names_an_empty_file(tables: tuple[Path, Path], tmp_path: Path) -> None:
    _, meta = tables
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(CommandError, match=r"empty\.csv: filen är tom"):
        run("index", "--data", str(empty), "--meta", str(meta), "--out", str(tmp_path))


def test_index_with_a_missing_indicator_column_names_it(
    tables: tuple[Path, Path], tmp_path: Path
) -> None:
    data, meta = tables
    frame = pd.read_csv(data).drop(columns="crime")
    frame.to_csv(data, index=False)
    with pytest.raises(CommandError, match=r"data.csv.*crime"):
        run("index", "--data", str(data), "--meta", str(meta), "--out", str(tmp_path))


def uncertainty(data: Path, meta: Path, out: Path, *extra: str) -> str:
    return run(
        "uncertainty",
        "--data",
        str(data),
        "--meta",
        str(meta),
        "--replications",
        "300",
        "--seed",
        "1",
        "--out",
        str(out),
        *extra,
    )


def test_uncertainty_writes_rank_stats_with_coinrs_columns(
    tables: tuple[Path, Path], tmp_path: Path
) -> None:
    data, meta = tables
    out = tmp_path / "ua"
    uncertainty(data, meta, out, "--weight-noise", "0.25")
    stats = pd.read_csv(out / "rank_stats.csv", dtype={"uCode": str})
    assert list(stats.columns) == ["uCode", "Nominal", "Mean", "Median", "Q5", "Q95"]
    assert sorted(stats["uCode"]) == list("ABCDEFG")
    assert (stats["Q5"] <= stats["Median"]).all() and (stats["Median"] <= stats["Q95"]).all()
    nominal = build_index(read_coinr_csv(data, meta)).set_index("uCode")["Rank"]
    assert (stats.set_index("uCode")["Nominal"] == nominal.reindex(stats["uCode"])).all()
    # Only the weights vary: no sensitivity indices to speak of.
    assert not (out / "sensitivity.csv").exists()


def test_uncertainty_is_reproducible_with_a_seed(tables: tuple[Path, Path], tmp_path: Path) -> None:
    data, meta = tables
    uncertainty(data, meta, tmp_path / "one", "--normalise", "minmax,zscore")
    uncertainty(data, meta, tmp_path / "two", "--normalise", "minmax,zscore")
    first = (tmp_path / "one" / "rank_stats.csv").read_text()
    assert first == (tmp_path / "two" / "rank_stats.csv").read_text()


def test_uncertainty_writes_sensitivity_indices_when_several_choices_vary(
    tables: tuple[Path, Path], tmp_path: Path
) -> None:
    data, meta = tables
    out = tmp_path / "sa"
    text = uncertainty(
        data,
        meta,
        out,
        "--normalise",
        "minmax,zscore",
        "--aggregate",
        "arithmetic,geometric",
        "--base-samples",
        "100",
        "--format",
        "json",
    )
    body = json.loads(text)
    assert body["config"]["normalise"] == ["minmax", "zscore"]
    assert len(body["rank_stats"]) == 7
    indices = pd.read_csv(out / "sensitivity.csv")
    assert {"input", "first_order", "total"} <= set(indices.columns)
    assert list(indices["input"]) == ["weights", "normalisation", "aggregation"]
    assert (out / "rank_stats.csv").exists()


def test_uncertainty_rejects_an_unknown_normalisation(
    tables: tuple[Path, Path], tmp_path: Path
) -> None:
    data, meta = tables
    with pytest.raises(CommandError, match="--normalise: okänt val median"):
        uncertainty(data, meta, tmp_path, "--normalise", "minmax,median")


def test_uncertainty_needs_tables_or_a_year(tables: tuple[Path, Path]) -> None:
    data, _ = tables
    with pytest.raises(CommandError, match="--data och --meta"):
        run("uncertainty")
    with pytest.raises(CommandError, match="Både --data och --meta"):
        run("uncertainty", "--data", str(data))
    with pytest.raises(CommandError, match="--weight-noise"):
        run("uncertainty", "--year", "2023", "--weight-noise", "1.5")


def test_uncertainty_names_a_bad_data_file(tables: tuple[Path, Path], tmp_path: Path) -> None:
    data, meta = tables
    data.write_text(DATA.replace("C,Gamma", "B,Gamma"), encoding="utf-8")
    with pytest.raises(CommandError) as error:
        uncertainty(data, meta, tmp_path)
    assert "data.csv" in str(error.value) and "appears twice" in str(error.value)


# -- stored years ------------------------------------------------------------------------
@pytest.fixture
def with_uncertainty(stored_rankings: tuple[int, ...]) -> tuple[int, ...]:
    def build() -> tuple[int, ...]:
        for year in stored_rankings:
            analysis.store_uncertainty(
                RankingRun.objects.get(year=year, is_current=True), replications=200
            )
        return stored_rankings

    return restored("with_uncertainty", build)


def test_uncertainty_of_a_year_lists_intervals_and_verdicts(
    with_uncertainty: tuple[int, ...],
) -> None:
    body = json.loads(run("uncertainty", "--year", "2023", "--format", "json"))
    assert body["synthetic"] is True
    units = body["municipalities"]
    assert len(units) == 290
    assert [u["rank"] for u in units] == list(range(1, 291))
    first = units[0]
    assert {
        "kommunkod",
        "kommun",
        "rank",
        "rank_median",
        "rank_low",
        "rank_high",
        "change",
        "change_low",
        "change_high",
        "verdict",
        "sentence",
    } <= set(first)
    assert {u["verdict"] for u in units} <= {"real_improvement", "real_decline", "noise"}
    assert all(u["rank_low"] <= u["rank_median"] <= u["rank_high"] for u in units)
    stored = analysis.uncertainty_of(2023, CODE)
    mine = next(u for u in units if u["kommunkod"] == CODE)
    assert stored is not None
    assert mine["rank_low"] == stored["rank_low"]
    assert mine["verdict"] == stored["verdict"]


def test_uncertainty_of_a_year_filters_by_kommun(with_uncertainty: tuple[int, ...]) -> None:
    text = run("uncertainty", "--year", "2023", "--kommun", f"{CODE},0114", "--format", "csv")
    frame = pd.read_csv(io.StringIO(text), dtype={"kommunkod": str})
    assert sorted(frame["kommunkod"]) == ["0114", CODE]
    assert frame["synthetic"].all()
    table = run("uncertainty", "--year", "2023", "--kommun", CODE)
    assert "Sandviken" in table and "SYNTETISKA" in table
    with pytest.raises(CommandError, match="9999"):
        run("uncertainty", "--year", "2023", "--kommun", "9999")


def test_uncertainty_of_a_year_without_intervals_asks_for_compute(
    stored_rankings: tuple[int, ...],
) -> None:
    with pytest.raises(CommandError, match="--compute"):
        run("uncertainty", "--year", "2023")
    body = json.loads(
        run(
            "uncertainty",
            "--year",
            "2022",
            "--compute",
            "--replications",
            "100",
            "--format",
            "json",
        )
    )
    assert len(body["municipalities"]) == 290
    assert body["municipalities"][0]["verdict"] is None  # no 2021 to compare with
    assert not analysis.year_uncertainty(2022).empty


def test_uncertainty_of_a_year_with_a_municipality_unranked_the_year_before(
    with_uncertainty: tuple[int, ...],
) -> None:
    # One municipality without last year's rank, the others with theirs: its change is
    # missing. The command used to fail here (int(NaN)), in every format.
    MunicipalityResult.objects.filter(run__year=2023, municipality_id="0114").update(
        previous_rank=None
    )
    queries.clear_cache()
    body = json.loads(run("uncertainty", "--year", "2023", "--format", "json"))
    units = {u["kommunkod"]: u for u in body["municipalities"]}
    assert units["0114"]["change"] is None and units["0114"]["sentence"] is None
    assert isinstance(units[CODE]["change"], int) and units[CODE]["sentence"]
    table = run("uncertainty", "--year", "2023", "--kommun", f"0114,{CODE}")
    assert "Upplands Väsby" in table and "Sandviken" in table


def test_uncertainty_of_an_unranked_year_is_an_error(db: None) -> None:
    with pytest.raises(CommandError, match="Ingen ranking för 1999"):
        run("uncertainty", "--year", "1999")
    with pytest.raises(CommandError, match="1999"):
        run("uncertainty", "--year", "1999", "--methodological")


def test_methodological_uncertainty_of_a_year(
    stored_rankings: tuple[int, ...], tmp_path: Path
) -> None:
    text = run(
        "uncertainty",
        "--year",
        "2023",
        "--methodological",
        "--replications",
        "200",
        "--seed",
        "3",
        "--normalise",
        "rank_points,minmax",
        "--out",
        str(tmp_path),
        "--format",
        "csv",
    )
    stats = pd.read_csv(tmp_path / "rank_stats.csv", dtype={"uCode": str})
    assert list(stats.columns) == ["uCode", "Nominal", "Mean", "Median", "Q5", "Q95"]
    assert len(stats) == 290
    published = dict(
        RankingRun.objects.get(year=2023, is_current=True).municipalities.values_list(
            "municipality_id", "rank"
        )
    )
    # rank_points + arithmetic is the published method (ties aside).
    same = (stats["Nominal"] == stats["uCode"].map(published)).mean()
    assert same > 0.95
    assert (tmp_path / "sensitivity.csv").exists()
    shown = pd.read_csv(io.StringIO(text), dtype={"uCode": str})
    assert "uName" in shown.columns
    assert shown.loc[shown["uCode"] == CODE, "uName"].item() == "Sandviken"


# -- what-if -----------------------------------------------------------------------------
def test_whatif_prints_rank_and_points_before_and_after(
    stored_rankings: tuple[int, ...],
) -> None:
    args = ("--year", "2023", "--kommun", CODE, "--set", "service=4.2")
    result = analysis.what_if_for(2023, CODE, {"service": 4.2, "overall_grade": 3.8})
    text = run("whatif", *args, "--set", "overall_grade=3,8")
    assert f"Placering: {result.rank_before} → {result.rank}" in text
    assert "Poäng:" in text and "service" in text and "overall_grade" in text
    body = json.loads(run("whatif", *args, "--set", "overall_grade=3.8", "--format", "json"))
    assert body["rank"] == result.rank
    assert body["rank_before"] == result.rank_before
    assert body["points"] == pytest.approx(result.points)
    assert body["synthetic"] is True
    assert {i["indicator"] for i in body["indicators"]} == {"service", "overall_grade"}


def test_whatif_uses_the_latest_year_by_default(stored_rankings: tuple[int, ...]) -> None:
    body = json.loads(run("whatif", "--kommun", CODE, "--set", "service=4.2", "--format", "json"))
    assert body["year"] == 2023


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("service", "delfaktor=värde"),
        ("service=mycket", "inte ett tal"),
        ("unknown=3", "not an indicator"),
        ("service=7", "1..6"),
    ],
)
def test_whatif_explains_a_bad_setting(
    stored_rankings: tuple[int, ...], setting: str, message: str
) -> None:
    with pytest.raises(CommandError, match=message):
        run("whatif", "--year", "2023", "--kommun", CODE, "--set", setting)


def test_whatif_rejects_an_unknown_municipality_or_year(stored_rankings: tuple[int, ...]) -> None:
    with pytest.raises(CommandError, match="Okänd kommunkod"):
        run("whatif", "--year", "2023", "--kommun", "9999", "--set", "service=4")
    with pytest.raises(CommandError, match="Ingen ranking för 1999"):
        run("whatif", "--year", "1999", "--kommun", CODE, "--set", "service=4")


def test_whatif_without_any_ranking_is_an_error(db: None) -> None:
    with pytest.raises(CommandError, match="Ingen publicerad ranking"):
        run("whatif", "--kommun", CODE, "--set", "service=4")


# -- levers ------------------------------------------------------------------------------
def test_levers_prints_the_table_and_the_plan(stored_rankings: tuple[int, ...]) -> None:
    text = run("levers", "--kommun", CODE, "--target", "100", "--year", "2023")
    plan = analysis.plan_for(2023, CODE, 100)
    sentence = describe_plan(plan, "sv", name="Sandviken")
    assert " ".join(sentence.split()) in " ".join(text.split())
    assert "Hävstänger" in text and "Sammanfattande omdöme" in text


def test_levers_json_matches_the_service(stored_rankings: tuple[int, ...]) -> None:
    body = json.loads(
        run("levers", "--kommun", CODE, "--target", "50", "--format", "json", "--language", "en")
    )
    assert body["year"] == 2023
    table = analysis.levers_for(2023, CODE)
    assert [r["indicator"] for r in body["levers"]] == list(table["indicator"])
    assert [r["places_gained"] for r in body["levers"]] == list(table["places_gained"])
    plan = analysis.plan_for(2023, CODE, 50)
    assert body["plan"]["final_rank"] == plan.final_rank
    assert body["plan"]["sentence"] == describe_plan(plan, "en", name="Sandviken")
    assert body["plan"]["sentence"].startswith(("To reach", "Sandviken"))


def test_levers_without_target_has_no_plan(stored_rankings: tuple[int, ...]) -> None:
    body = json.loads(run("levers", "--kommun", CODE, "--format", "json"))
    assert body["plan"] is None
    assert len(body["levers"]) == 17
    assert all(np.isfinite(r["places_gained"]) for r in body["levers"])


def test_levers_rejects_an_impossible_target(stored_rankings: tuple[int, ...]) -> None:
    with pytest.raises(CommandError, match="target rank"):
        run("levers", "--kommun", CODE, "--target", "0")
    with pytest.raises(CommandError, match="Okänd kommunkod"):
        run("levers", "--kommun", "12", "--target", "10")
