"""Methodology files: the built-ins, every validation fault, year lookup, extra folders."""

from __future__ import annotations

import json
import math
from importlib.resources import files
from pathlib import Path

import pytest

from foretagsklimat.engine.methodology import (
    ENV_VAR,
    Methodology,
    MethodologyError,
    builtin_methodologies,
    get_methodology,
    load_catalogue,
    load_methodology,
    methodology_for_year,
)

BUILTIN_DIR = Path(str(files("foretagsklimat") / "methodologies"))
SN_2014 = (BUILTIN_DIR / "sn-2014.toml").read_text(encoding="utf-8")


def write(tmp_path: Path, text: str, name: str = "broken.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def broken(tmp_path: Path, old: str, new: str, count: int = 1) -> Path:
    """sn-2014.toml with one fault introduced (``old`` must occur in the file)."""
    assert old in SN_2014, old
    return write(tmp_path, SN_2014.replace(old, new, count))


def test_the_built_in_files_load() -> None:
    assert set(builtin_methodologies()) >= {"sn-2014", "sn-2020"}


@pytest.mark.parametrize("name", ["sn-2014", "sn-2020"])
def test_built_in_weights_sum_to_one(name: str) -> None:
    weights = [i.weight for i in get_methodology(name).indicators]
    assert math.isclose(math.fsum(weights), 1.0, abs_tol=1e-12)


def test_sn_2014_has_18_indicators_with_the_documented_weights() -> None:
    m = get_methodology("sn-2014")
    assert len(m.indicators) == 18
    assert m.indicator("overall_grade").weight == pytest.approx(6 / 18)
    assert m.indicator("attitude_media").weight == pytest.approx(1 / 90)
    assert m.indicator("telecom_it").weight == pytest.approx(1 / 36)
    assert m.indicator("municipal_tax").direction == -1
    survey = sum(i.weight for i in m.indicators if i.kind == "survey")
    assert survey == pytest.approx(2 / 3)
    attitudes = sum(i.weight for i in m.indicators if i.group == "attitudes")
    assert attitudes == pytest.approx(1 / 18)
    assert (m.first_year, m.last_year) == (2014, 2019)


def test_sn_2020_has_17_indicators_12_survey_and_5_statistics() -> None:
    m = get_methodology("sn-2020")
    assert len(m.indicators) == 17
    assert sum(i.kind == "survey" for i in m.indicators) == 12
    assert m.indicator("overall_grade").weight == pytest.approx(1 / 3)
    assert m.indicator("procurement").weight == pytest.approx(1 / 33)
    assert m.indicator("contracting_out").weight == pytest.approx(1 / 15)
    assert m.indicator("municipal_tax").direction == -1
    assert (m.first_year, m.last_year) == (2020, None)


def test_every_indicator_says_whether_it_is_documented_or_inferred() -> None:
    for m in builtin_methodologies().values():
        for ind in m.indicators:
            assert ind.status in ("documented", "inferred")
            assert ind.note.strip()


def test_inferred_parts_list_the_sub_question_split_and_the_tie_break_gap() -> None:
    parts = {p["part"] for p in get_methodology("sn-2014").inferred_parts()}
    assert {"attitude_public", "roads_rail_air", "municipal_competition", "tie_break"} <= parts
    assert "overall_grade" not in parts
    sn_2020 = {p["part"] for p in get_methodology("sn-2020").inferred_parts()}
    assert "overall_grade" not in sn_2020
    assert len(sn_2020 & set(get_methodology("sn-2020").codes)) == 16


@pytest.mark.parametrize(
    ("year", "name"), [(2014, "sn-2014"), (2019, "sn-2014"), (2020, "sn-2020"), (2031, "sn-2020")]
)
def test_methodology_for_year_returns_the_one_in_force(year: int, name: str) -> None:
    assert methodology_for_year(year).name == name


def test_methodology_for_a_year_with_none_is_a_clear_error() -> None:
    with pytest.raises(LookupError, match="no methodology is in force in 2010"):
        methodology_for_year(2010)


def test_an_unknown_methodology_name_lists_the_available_ones() -> None:
    with pytest.raises(KeyError, match="sn-2014"):
        get_methodology("sn-1999")


def test_to_dict_is_json_serialisable_and_round_trips() -> None:
    for m in builtin_methodologies().values():
        data = json.loads(json.dumps(m.to_dict()))
        assert Methodology.from_dict(data) == m


def test_the_catalogue_has_questions_and_statistics() -> None:
    catalogue = load_catalogue()
    assert "overall_grade" in catalogue["questions"]
    assert "municipal_tax" in catalogue["statistics"]


# -- every validation fault, each naming the file ---------------------------------------
FAULTS = [
    ('weight = "6/18"', 'weight = "5/18"', "weights sum to"),
    ('source = "service"', 'source = "servise"', "unknown question or statistic 'servise'"),
    ("direction = -1", "direction = 2", "invalid direction 2"),
    ('code = "rules_application"', 'code = "service"', "duplicate indicator code 'service'"),
    ('kind = "statistic"', 'kind = "survey"', "kind/source mismatch"),
    ('kind = "survey"', 'kind = "question"', "kind must be one of"),
    ('tie_rule = "average"', 'tie_rule = "random"', "tie_rule must be one of"),
    ('aggregation = "rank_points"', 'aggregation = "median"', "aggregation must be one of"),
    ('status = "documented"', 'status = "guessed"', "status must be one of"),
    ('weight = "1/18"', 'weight = "one"', "weight must be a number"),
    ('weight = "1/18"', 'weight = "1/0"', "divides by zero"),
    ('weight = "1/18"', "weight = -1", "weight must be positive"),
    ('attitudes = "separate"', 'attitudes = "median"', "subquestions: rule for 'attitudes'"),
    ('attitudes = "separate"', 'atitudes = "mean"', "no indicator has group 'atitudes'"),
    ('"overall_grade", "kommunkod"]', '"overall_grad", "kommunkod"]', "tie_break: 'overall_grad'"),
    ("last_year = 2019", "last_year = 2013", "last_year 2013 is before first_year 2014"),
    ("first_year = 2014", 'first_year = "2014"', "first_year must be an integer year"),
    ('missing = "neutral"', 'missing = "zero"', "missing must be one of"),
    ("first_year = 2014", "first_year = 2014\nfavourite = 1", "unknown field 'favourite'"),
    (
        'direction = 1\nstatus = "documented"\nnote = "1/18: SN metod 2018."',
        'direction = 1\nstaus = "documented"\nnote = "1/18: SN metod 2018."',
        "missing field 'status'",
    ),
]


@pytest.mark.parametrize(("old", "new", "message"), FAULTS, ids=[f[2][:30] for f in FAULTS])
def test_it_rejects_a_broken_file_naming_the_file_and_the_fault(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    path = broken(tmp_path, old, new)
    with pytest.raises(MethodologyError) as info:
        load_methodology(path)
    assert str(path) in str(info.value)
    assert message in info.value.fault


def test_it_rejects_weights_that_do_not_sum_to_one(tmp_path: Path) -> None:
    path = broken(tmp_path, 'weight = "6/18"', 'weight = "5/18"')
    with pytest.raises(MethodologyError, match=r"broken\.toml: weights sum to 0\.944"):
        load_methodology(path)


def test_it_accepts_weights_within_the_tolerance_and_rejects_beyond(tmp_path: Path) -> None:
    # 6/18 written as a decimal: exact to 1e-12 is accepted, off by 1e-6 is not.
    load_methodology(broken(tmp_path, 'weight = "6/18"', "weight = 0.333333333333333"))
    with pytest.raises(MethodologyError, match="weights sum to"):
        load_methodology(broken(tmp_path, 'weight = "6/18"', "weight = 0.333334"))


def test_it_rejects_an_unknown_statistic(tmp_path: Path) -> None:
    path = broken(tmp_path, 'source = "market_income"', 'source = "gdp"')
    with pytest.raises(MethodologyError, match="unknown question or statistic 'gdp'"):
        load_methodology(path)


def test_it_rejects_a_missing_direction(tmp_path: Path) -> None:
    path = broken(tmp_path, "direction = -1\n", "")
    with pytest.raises(MethodologyError, match="missing field 'direction'"):
        load_methodology(path)


def test_it_rejects_a_missing_top_level_field(tmp_path: Path) -> None:
    text = "\n".join(line for line in SN_2014.splitlines() if not line.startswith("title_en"))
    with pytest.raises(MethodologyError, match="missing field 'title_en'"):
        load_methodology(write(tmp_path, text))


def test_it_rejects_a_toml_syntax_error(tmp_path: Path) -> None:
    path = write(tmp_path, SN_2014 + "\nweight = = 1\n")
    with pytest.raises(MethodologyError, match=r"broken\.toml: TOML syntax error"):
        load_methodology(path)


def test_it_rejects_a_mean_group_that_mixes_directions(tmp_path: Path) -> None:
    text = SN_2014.replace('attitudes = "separate"', 'attitudes = "mean"').replace(
        'group = "attitudes"\ndirection = 1', 'group = "attitudes"\ndirection = -1', 1
    )
    with pytest.raises(MethodologyError, match="mixes kinds or directions"):
        load_methodology(write(tmp_path, text))


def test_it_rejects_overlapping_years_among_methodologies_in_force(tmp_path: Path) -> None:
    text = SN_2014.replace('name = "sn-2014"', 'name = "sn-2018"').replace(
        "first_year = 2014\nlast_year = 2019", "first_year = 2018\nlast_year = 2021"
    )
    path = write(tmp_path, text, "sn-2018.toml")
    with pytest.raises(MethodologyError, match="overlap") as info:
        builtin_methodologies([tmp_path])
    assert str(path) in str(info.value)


def test_it_rejects_two_files_with_the_same_name(tmp_path: Path) -> None:
    write(tmp_path, SN_2014, "copy.toml")
    with pytest.raises(MethodologyError, match="duplicate methodology name 'sn-2014'"):
        builtin_methodologies([tmp_path])


def test_it_rejects_an_extra_directory_that_does_not_exist(tmp_path: Path) -> None:
    with pytest.raises(MethodologyError, match="does not exist"):
        builtin_methodologies([tmp_path / "nowhere"])


def variant_text() -> str:
    return SN_2014.replace('name = "sn-2014"', 'name = "sn-2014-mean"\nvariant_of = "sn-2014"')


def test_an_analyst_adds_a_variant_through_the_environment_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, variant_text(), "sn-2014-mean.toml")
    monkeypatch.setenv(ENV_VAR, str(tmp_path))
    assert "sn-2014-mean" in builtin_methodologies()
    # A variant overlaps sn-2014's years but is never the one in force.
    assert methodology_for_year(2016).name == "sn-2014"


def test_an_analyst_adds_a_methodology_through_the_dirs_argument(tmp_path: Path) -> None:
    write(tmp_path, variant_text(), "sn-2014-mean.toml")
    assert get_methodology("sn-2014-mean", [tmp_path]).variant_of == "sn-2014"


def test_fractions_and_decimals_both_give_float_weights(tmp_path: Path) -> None:
    m = load_methodology(broken(tmp_path, 'weight = "6/18"', "weight = 0.3333333333333333"))
    assert m.indicator("overall_grade").weight == pytest.approx(1 / 3)


def test_replace_validates_the_changed_field() -> None:
    m = get_methodology("sn-2014")
    assert m.replace(tie_rule="min").tie_rule == "min"
    with pytest.raises(MethodologyError, match="tie_rule"):
        m.replace(tie_rule="coin-toss")
