from __future__ import annotations

import pytest

from foretagsklimat import reference
from foretagsklimat.apps.reference.models import County, Municipality, MunicipalityGroup
from foretagsklimat.apps.reference.services import load_reference_data


def test_package_ships_290_unique_municipality_codes() -> None:
    frame = reference.municipalities()
    assert len(frame) == 290
    assert frame["kommunkod"].is_unique
    assert frame["kommunkod"].str.fullmatch(r"\d{4}").all()


def test_every_municipality_code_has_a_boundary_and_no_boundary_is_extra() -> None:
    features = reference.municipality_boundaries()["features"]
    codes = {f["properties"]["kommunkod"] for f in features}
    assert codes == set(reference.municipality_codes())
    assert all(f["geometry"]["type"] == "MultiPolygon" for f in features)


def test_every_county_has_a_boundary_and_the_first_two_digits_name_it() -> None:
    counties = set(reference.counties()["lanskod"])
    assert len(counties) == 21
    assert {
        f["properties"]["lanskod"] for f in reference.county_boundaries()["features"]
    } == counties
    frame = reference.municipalities()
    assert (frame["kommunkod"].str[:2] == frame["lanskod"]).all()


def test_population_sums_to_scb_total_for_2024() -> None:
    assert reference.municipalities()["folkmangd_2024"].sum() == 10_587_710


def test_provenance_ships_with_the_data() -> None:
    text = (reference.DATA / "PROVENANCE.md").read_text(encoding="utf-8")
    assert "SKR" in text and "SCB" in text


@pytest.mark.django_db
def test_migration_loads_all_municipalities_counties_and_groups() -> None:
    assert Municipality.objects.count() == 290
    assert County.objects.count() == 21
    assert MunicipalityGroup.objects.count() == 9
    sandviken = Municipality.objects.select_related("county", "group").get(code="2181")
    assert sandviken.name == "Sandviken"
    assert sandviken.county.code == "21"


@pytest.mark.django_db
def test_loading_reference_data_again_changes_nothing() -> None:
    Municipality.objects.filter(code="0114").update(population=1)
    assert load_reference_data() == 290
    assert load_reference_data() == 290
    assert Municipality.objects.get(code="0114").population == 50323
