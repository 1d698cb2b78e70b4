"""The company register's search ignores case and å/ä/ö, on SQLite and PostgreSQL alike
(run with DATABASE_URL=postgres://… for the second): SQLite's LIKE folds only ASCII."""

from __future__ import annotations

import pytest
from django.urls import reverse

from foretagsklimat.apps.workspace.models import Company
from foretagsklimat.apps.workspace.services.importing import import_companies

from .conftest import Cast
from .test_import import GOOD, _file

pytestmark = pytest.mark.django_db

NAMES = {
    "5560360793": "Åre Älvbygg AB",
    "5565475489": "ÖSTERÅKERS ÄNGSGÅRD",
    "5566778899": "Café Élan",
}


@pytest.fixture
def companies(cast: Cast) -> None:
    Company.objects.filter(municipality_id="2181").delete()
    for orgnr, name in NAMES.items():
        Company.objects.create(municipality_id="2181", orgnr=orgnr, name=name)


def _found(cast: Cast, query: str) -> set[str]:
    response = cast.client(cast.sandviken_viewer).get(
        reverse("workspace:companies", args=["2181"]), {"q": query}
    )
    assert response.status_code == 200
    html = response.content.decode()
    return {name for name in NAMES.values() if name in html}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("ÅRE", {"Åre Älvbygg AB"}),
        ("åre", {"Åre Älvbygg AB"}),
        ("are", {"Åre Älvbygg AB"}),
        ("ÄLVBYGG", {"Åre Älvbygg AB"}),
        ("österåker", {"ÖSTERÅKERS ÄNGSGÅRD"}),
        ("ÖSTERÅKER", {"ÖSTERÅKERS ÄNGSGÅRD"}),
        ("angsgard", {"ÖSTERÅKERS ÄNGSGÅRD"}),
        ("cafe elan", {"Café Élan"}),
        ("CAFÉ", {"Café Élan"}),
        ("gård", {"ÖSTERÅKERS ÄNGSGÅRD"}),
        ("zzz", set()),
    ],
)
def test_the_register_search_ignores_case_and_swedish_letters(
    cast: Cast, companies: None, query: str, expected: set[str]
) -> None:
    assert _found(cast, query) == expected


def test_the_key_follows_a_renamed_company(cast: Cast, companies: None) -> None:
    company = Company.objects.get(orgnr="5566778899")
    company.name = "Ölbryggeriet"
    company.save(update_fields=["name"])
    assert Company.objects.get(pk=company.pk).search_name == "olbryggeriet"
    assert Company.objects.filter(search_name__contains="olbrygg").count() == 1


def test_imported_companies_are_searchable_by_their_key(cast: Cast) -> None:
    municipality = cast.company.municipality
    import_companies(municipality, _file(*GOOD), "reg.csv", None)
    assert Company.objects.get(orgnr="5590000005").search_name == "jarbo sagverk ab"
    renamed = GOOD[1].replace("Järbo Sågverk AB", "ÖRBY SÅG")
    import_companies(municipality, _file(GOOD[0], renamed), "reg2.csv", None)
    assert Company.objects.get(orgnr="5590000005").search_name == "orby sag"
