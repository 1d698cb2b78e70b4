"""Companies: orgnr validation, audit entries with changed fields, search, filters, export."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pytest
import time_machine
from django.urls import reverse

from foretagsklimat.apps.workspace.models import AuditEntry, Company, SizeClass, Visit

from .conftest import Cast

pytestmark = pytest.mark.django_db

NEW_COMPANY = {
    "orgnr": "556703-7485",
    "name": "Nya Verkstaden AB",
    "sni": "28110",
    "employees": "55",
    "area": "Järbo",
}


def test_it_rejects_an_organisation_number_with_a_wrong_check_digit(cast: Cast) -> None:
    client = cast.client(cast.sandviken_editor)
    response = client.post(
        reverse("workspace:company_create", args=["2181"]), {**NEW_COMPANY, "orgnr": "556703-7486"}
    )
    assert response.status_code == 200
    assert "Ogiltigt organisationsnummer (fel kontrollsiffra)" in response.content.decode()
    assert not Company.objects.filter(name="Nya Verkstaden AB").exists()


def test_it_rejects_an_organisation_number_already_in_the_municipality(cast: Cast) -> None:
    client = cast.client(cast.sandviken_editor)
    response = client.post(
        reverse("workspace:company_create", args=["2181"]), {**NEW_COMPANY, "orgnr": "556036-0793"}
    )
    assert "Det finns redan ett företag" in response.content.decode()


def test_the_same_organisation_number_may_exist_in_another_municipality(cast: Cast) -> None:
    client = cast.client(cast.gavle_admin)
    response = client.post(
        reverse("workspace:company_create", args=["2180"]), {**NEW_COMPANY, "orgnr": "556036-0793"}
    )
    assert response.status_code == 302
    assert Company.objects.filter(orgnr="5560360793").count() == 2


def test_creating_a_company_stores_it_compact_with_its_size_class_and_audits_it(
    cast: Cast,
) -> None:
    client = cast.client(cast.sandviken_editor)
    response = client.post(reverse("workspace:company_create", args=["2181"]), NEW_COMPANY)
    company = Company.objects.get(name="Nya Verkstaden AB")
    assert response["Location"] == reverse("workspace:company", args=["2181", company.pk])
    assert (company.orgnr, company.size_class, company.municipality_id) == (
        "5567037485",
        SizeClass.MEDIUM,
        "2181",
    )
    entry = AuditEntry.objects.get(action="workspace.company.created")
    assert (entry.user, entry.object_id, entry.municipality_id) == (
        cast.sandviken_editor,
        company.pk,
        "2181",
    )
    assert entry.changes["name"] == [None, "Nya Verkstaden AB"]


def test_editing_a_company_audits_only_the_changed_fields(cast: Cast) -> None:
    client = cast.client(cast.sandviken_editor)
    data = {
        "orgnr": "5560360793",
        "name": "Sandvikens Testverkstad AB",
        "sni": "25110",
        "employees": "300",
        "postal_town": "Sandviken",
        "area": "Storvik",
    }
    client.post(reverse("workspace:company_edit", args=["2181", cast.company.pk]), data)
    entry = AuditEntry.objects.get(action="workspace.company.updated")
    assert entry.changes == {"employees": [12, 300]}
    cast.company.refresh_from_db()
    assert cast.company.size_class == SizeClass.LARGE


@pytest.mark.parametrize(
    ("employees", "size"),
    [
        (None, "0"),
        (0, "0"),
        (1, "1-9"),
        (9, "1-9"),
        (10, "10-49"),
        (249, "50-249"),
        (250, "250+"),
    ],
)
def test_the_size_class_follows_the_number_of_employees(employees: int | None, size: str) -> None:
    assert SizeClass.of(employees) == size


@pytest.fixture
def many(cast: Cast) -> Cast:
    for n, (name, sni, employees, area) in enumerate(
        [
            ("Bageriet i Storvik", "10710", 4, "Storvik"),
            ("Järbo Sågverk AB", "16100", 45, "Järbo"),
            ("Storviks Åkeri", "49410", 8, "Storvik"),
        ]
    ):
        orgnr = ("5562414945", "5590000005", "5590000013")[n]
        Company.objects.create(
            municipality_id="2181", orgnr=orgnr, name=name, sni=sni, employees=employees, area=area
        )
    return cast


def _names(cast: Cast, query: str) -> list[str]:
    response = cast.client(cast.sandviken_viewer).get(
        reverse("workspace:companies", args=["2181"]) + query
    )
    return [c.name for c in response.context["page"]]


def test_search_finds_by_name_or_organisation_number(many: Cast) -> None:
    assert _names(many, "?q=storvik") == ["Bageriet i Storvik", "Storviks Åkeri"]
    assert _names(many, "?q=559000-0005") == ["Järbo Sågverk AB"]
    assert _names(many, "?q=5560") == ["Sandvikens Testverkstad AB"]


def test_filters_by_industry_prefix_size_class_and_area(many: Cast) -> None:
    assert _names(many, "?sni=16") == ["Järbo Sågverk AB"]
    assert _names(many, "?storlek=1-9") == ["Bageriet i Storvik", "Storviks Åkeri"]
    assert _names(many, "?omrade=Storvik") == [
        "Bageriet i Storvik",
        "Sandvikens Testverkstad AB",
        "Storviks Åkeri",
    ]
    assert _names(many, "?omrade=Storvik&storlek=10-49") == ["Sandvikens Testverkstad AB"]


def _visit(company: Company, officer: object, planned: str, held: str | None) -> None:
    visit = Visit(
        municipality=company.municipality, company=company, officer=officer, planned_for=planned
    )
    if held:
        visit.mark_held(date.fromisoformat(held))
    visit.save()


@pytest.fixture
def visited(many: Cast) -> Cast:
    """Held this year (2026): the bakery and the test workshop; the sawmill only last year
    and planned this year; the haulier never. Gävle's company is visited this year."""
    by_name = {c.name: c for c in Company.objects.all()}
    editor = many.sandviken_editor
    _visit(by_name["Bageriet i Storvik"], editor, "2026-03-01", "2026-03-01")
    _visit(by_name["Järbo Sågverk AB"], editor, "2025-11-20", "2025-11-20")
    _visit(by_name["Järbo Sågverk AB"], editor, "2026-09-01", None)
    _visit(by_name["Sandvikens Testverkstad AB"], editor, "2026-06-15", "2026-06-15")
    _visit(by_name["Sandvikens Testverkstad AB"], editor, "2025-05-01", "2025-05-01")
    _visit(many.gavle_company, many.gavle_admin, "2026-02-01", "2026-02-01")
    return many


@time_machine.travel("2026-06-15 10:00 +02:00", tick=False)
def test_filters_by_visited_or_not_this_year(visited: Cast) -> None:
    assert _names(visited, "?besokt=ja") == ["Bageriet i Storvik", "Sandvikens Testverkstad AB"]
    assert _names(visited, "?besokt=nej") == ["Järbo Sågverk AB", "Storviks Åkeri"]
    assert _names(visited, "?besokt=nej&omrade=Storvik") == ["Storviks Åkeri"]
    assert len(_names(visited, "?besokt=")) == 4


@time_machine.travel("2027-01-01 00:30 +01:00", tick=False)
def test_this_year_is_the_swedish_calendar_year(visited: Cast) -> None:
    # 23:30 on New Year's Eve in UTC, already 2027 in Sandviken: nobody is visited yet.
    assert _names(visited, "?besokt=ja") == []
    assert len(_names(visited, "?besokt=nej")) == 4


@time_machine.travel("2026-06-15 10:00 +02:00", tick=False)
def test_the_visited_filter_is_in_the_form_and_the_excel_file(visited: Cast) -> None:
    client = visited.client(visited.sandviken_viewer)
    url = reverse("workspace:companies", args=["2181"])
    page = client.get(url + "?besokt=nej").content.decode()
    assert 'name="besokt"' in page and "besokt=nej&amp;format=xlsx" in page
    response = client.get(url + "?besokt=nej&format=xlsx")
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content))["foretag"].values)
    assert sorted(r[1] for r in rows[1:]) == ["Järbo Sågverk AB", "Storviks Åkeri"]


def test_the_list_never_shows_another_municipalitys_companies(many: Cast) -> None:
    assert "Gävle Testhamn AB" not in _names(many, "")


def test_the_filtered_list_downloads_as_excel(many: Cast) -> None:
    response = many.client(many.sandviken_viewer).get(
        reverse("workspace:companies", args=["2181"]) + "?omrade=Storvik&format=xlsx"
    )
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["foretag"]
    rows = list(sheet.values)
    assert rows[0][:2] == ("Organisationsnummer", "Namn")
    assert sorted(r[1] for r in rows[1:]) == [
        "Bageriet i Storvik",
        "Sandvikens Testverkstad AB",
        "Storviks Åkeri",
    ]


def test_the_list_pages_through_many_companies(cast: Cast) -> None:
    from stdnum import luhn

    for n in range(60):
        base = f"559{n:06d}"
        Company.objects.create(
            municipality_id="2181",
            orgnr=base + luhn.calc_check_digit(base),
            name=f"Företag {n:02d}",
        )
    client = cast.client(cast.sandviken_viewer)
    url = reverse("workspace:companies", args=["2181"])
    second = client.get(url + "?q=Företag&sida=2")
    assert len(second.context["page"]) == 10
    assert "q=F%C3%B6retag&amp;sida=1" in second.content.decode()
