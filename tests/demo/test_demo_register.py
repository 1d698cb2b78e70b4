"""The synthetic company register of the demo survey round."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from stdnum import luhn
from stdnum.se import orgnr

from foretagsklimat.demo.register import luhn_complete, synthetic_register
from foretagsklimat.sampling import REGISTER_COLUMNS, read_register, sampling_frame

GAVLEBORG = ["2101", "2104", "2121", "2132", "2161", "2180", "2181", "2182", "2183", "2184"]


@pytest.fixture(scope="module")
def register() -> pd.DataFrame:
    return synthetic_register(GAVLEBORG, seed=7, scale=0.5)


def test_the_vectorised_check_digit_agrees_with_stdnum() -> None:
    payloads = np.random.default_rng(1).integers(0, 10**9, 2000)
    expected = [f"{p:09d}" + luhn.calc_check_digit(f"{p:09d}") for p in payloads]
    assert luhn_complete(payloads).tolist() == expected


def test_every_organisation_number_is_valid_and_a_head_office_is_listed_once(
    register: pd.DataFrame,
) -> None:
    assert all(orgnr.is_valid(number) for number in register["orgnr"])
    heads = register[register["site_type"] == "head_office"]
    assert not heads["orgnr"].duplicated().any()
    assert not register.duplicated(["orgnr", "kommunkod", "site_type"]).any()


def test_it_has_the_register_columns_and_types(register: pd.DataFrame) -> None:
    assert register.columns.tolist() == list(REGISTER_COLUMNS)
    assert register["employees"].dtype == "int64"
    assert register["turnover_sek"].dtype == "int64"
    assert register["opt_out"].dtype == bool
    assert set(register["kommunkod"]) == set(GAVLEBORG)


def test_it_has_sole_traders_public_bodies_opt_outs_and_workplaces_elsewhere(
    register: pd.DataFrame,
) -> None:
    forms = register.loc[register["site_type"] == "head_office", "legal_form"].value_counts()
    assert set(forms.index) <= {"AB", "HB", "KB", "EF", "EK", "OFF"}
    assert 0.15 < forms["EF"] / forms.sum() < 0.3
    assert 0 < forms["OFF"] / forms.sum() < 0.03
    assert register["opt_out"].any()
    workplaces = register[register["site_type"] == "workplace"]
    head_office_of = register[register["site_type"] == "head_office"].set_index("orgnr")
    elsewhere = (
        workplaces["kommunkod"].to_numpy()
        != head_office_of.loc[workplaces["orgnr"], "kommunkod"].to_numpy()
    )
    assert elsewhere.sum() > 10
    _frame, exclusions = sampling_frame(register, 2025)
    assert {"public_body", "opted_out", "no_employees_low_turnover"} <= set(exclusions["reason"])


def test_names_and_addresses_are_clearly_synthetic(register: pd.DataFrame) -> None:
    assert register["name"].str.startswith("Demo").all()
    emails = register.loc[register["email"] != "", "email"]
    assert emails.str.endswith(".example.com").all()
    assert (register["email"] == "").any()


def test_the_same_seed_gives_the_same_register_and_another_seed_another() -> None:
    first = synthetic_register(["2181", "2180"], seed=3, scale=0.2)
    pd.testing.assert_frame_equal(first, synthetic_register(["2180", "2181"], seed=3, scale=0.2))
    other = synthetic_register(["2181", "2180"], seed=4, scale=0.2)
    assert first["orgnr"].tolist() != other["orgnr"].tolist()


def test_it_reads_back_unchanged_through_the_register_reader(
    register: pd.DataFrame, tmp_path: Path
) -> None:
    path = tmp_path / "demo-foretag.csv"
    register.to_csv(path, index=False)
    read = read_register(path)
    assert read["orgnr"].tolist() == register["orgnr"].tolist()
    assert read["name"].tolist() == register["name"].tolist()
    assert read["employees"].tolist() == register["employees"].tolist()
    assert read["opt_out"].tolist() == register["opt_out"].tolist()
    assert read["sni"].tolist() == register["sni"].tolist()


def test_it_rejects_an_unknown_municipality_code() -> None:
    with pytest.raises(ValueError, match="9999"):
        synthetic_register(["9999"])
