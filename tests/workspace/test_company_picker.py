"""The company picker: how typed text resolves to a company (never another
municipality's), the JSON search behind the script, and the forms that use it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from foretagsklimat.apps.reference.models import Municipality
from foretagsklimat.apps.workspace.forms.widgets import SEARCH_LIMIT, CompanyField, Typed
from foretagsklimat.apps.workspace.models import Company, FollowUp, Visit

from .conftest import Cast

pytestmark = pytest.mark.django_db


def _field() -> CompanyField:
    return CompanyField(municipality=Municipality.objects.get(code="2181"))


def _add(name: str, orgnr: str) -> Company:
    return Company.objects.create(municipality_id="2181", orgnr=orgnr, name=name)


@pytest.mark.parametrize("typed", ["556036-0793", "5560360793", " 556036 0793 "])
def test_an_organisation_number_with_or_without_hyphen_finds_the_company(
    cast: Cast, typed: str
) -> None:
    assert _field().clean(Typed(typed)) == cast.company


def test_the_pickers_label_resolves_by_its_organisation_number(cast: Cast) -> None:
    assert _field().clean(Typed("Sandvikens Testverkstad AB (556036-0793)")) == cast.company


def test_a_unique_name_match_finds_the_company(cast: Cast) -> None:
    assert _field().clean(Typed("testverkstad")) == cast.company
    assert _field().clean(Typed("Sandvikens Testverkstad AB")) == cast.company


def test_an_ambiguous_name_offers_the_matches_and_a_choice_resolves(cast: Cast) -> None:
    other = _add("Sandvikens Testbageri AB", "5562414945")
    field = _field()
    with pytest.raises(Exception) as caught:
        field.clean(Typed("sandvikens test"))
    assert "2 företag matchar" in str(caught.value)
    assert field.widget.matches == [other, cast.company]  # type: ignore[attr-defined]
    assert _field().clean(Typed("sandvikens test", str(other.pk))) == other


def test_no_match_is_a_clear_error(cast: Cast) -> None:
    with pytest.raises(Exception, match="Inget företag i registret matchar"):
        _field().clean(Typed("Finns Inte AB"))
    with pytest.raises(Exception, match="organisationsnumret 556241-4945"):
        _field().clean(Typed("5562414945"))


def test_another_municipalitys_company_is_never_found(cast: Cast) -> None:
    gavle = cast.gavle_company
    for typed in (gavle.orgnr, gavle.formatted_orgnr, gavle.name, "Testhamn"):
        with pytest.raises(Exception, match="Inget företag"):
            _field().clean(Typed(typed))
    # Nor by its id, posted as a choice.
    with pytest.raises(Exception, match="Välj ett företag"):
        _field().clean(Typed("", str(gavle.pk)))


def test_the_search_returns_json_of_this_municipality_only(cast: Cast) -> None:
    for i in range(SEARCH_LIMIT + 5):
        _add(f"Sökbolaget {i:02d} AB", f"55900{i:05d}")
    client = cast.client(cast.sandviken_viewer)
    url = reverse("workspace:company_search", args=["2181"])
    data = client.get(url, {"q": "sökbolaget"}).json()
    assert len(data["results"]) == SEARCH_LIMIT
    assert data["results"][0]["label"] == "Sökbolaget 00 AB (559000-0000)"
    assert client.get(url, {"q": "556036-0"}).json()["results"][0]["id"] == cast.company.pk
    assert client.get(url, {"q": "Testhamn"}).json()["results"] == []
    assert client.get(url, {"q": "5565"}).json()["results"] == []
    assert client.get(url, {"q": ""}).json() == {"results": [], "status": ""}
    assert cast.client(cast.gavle_admin).get(url, {"q": "test"}).status_code == 404


def test_names_that_start_with_the_query_come_first(cast: Cast) -> None:
    _add("AB Testverkstan", "5562414945")
    _add("Test och Mätning AB", "5590000005")
    client = cast.client(cast.sandviken_viewer)
    url = reverse("workspace:company_search", args=["2181"])
    names = [r["name"] for r in client.get(url, {"q": "test"}).json()["results"]]
    assert names == ["Test och Mätning AB", "AB Testverkstan", "Sandvikens Testverkstad AB"]


def test_a_visit_is_planned_by_typing_the_name_without_javascript(cast: Cast) -> None:
    client = cast.client(cast.sandviken_editor)
    response = client.post(
        "/arbetsyta/2181/besok/nytt/",
        {
            "company": "testverkstad",
            "planned_for": "2026-04-10",
            "officer": cast.sandviken_editor.pk,
        },
    )
    assert response.status_code == 302
    assert Visit.objects.get().company == cast.company


def test_an_ambiguous_name_redisplays_the_form_with_the_matches(cast: Cast) -> None:
    other = _add("Sandvikens Testbageri AB", "5562414945")
    client = cast.client(cast.sandviken_editor)
    data = {"company": "Sandvikens", "title": "Ring", "owner": cast.sandviken_editor.pk}
    data["due_on"] = "2026-05-01"
    page = client.post("/arbetsyta/2181/uppfoljning/ny/", data)
    html = page.content.decode()
    assert page.status_code == 200 and 'data-testid="company-matches"' in html
    assert f'name="company_val" value="{other.pk}"' in html
    response = client.post("/arbetsyta/2181/uppfoljning/ny/", {**data, "company_val": other.pk})
    assert response.status_code == 302
    assert FollowUp.objects.get().company == other


def test_the_company_page_presets_the_company_in_the_forms(cast: Cast) -> None:
    client = cast.client(cast.sandviken_editor)
    for url in ("/arbetsyta/2181/besok/nytt/", "/arbetsyta/2181/uppfoljning/ny/"):
        html = client.get(url, {"foretag": cast.company.pk}).content.decode()
        assert 'value="Sandvikens Testverkstad AB (556036-0793)"' in html
        # Another municipality's id is ignored, as before.
        html = client.get(url, {"foretag": cast.gavle_company.pk}).content.decode()
        assert "Gävle Testhamn" not in html


def test_procurement_adds_a_company_by_name_and_keeps_the_ticked_ones(cast: Cast) -> None:
    other = _add("Storviks Bageri AB", "5562414945")
    client = cast.client(cast.sandviken_editor)
    data = {"kind": "question", "title": "Anbud?", "date": "2025-05-02", "status": "open"}
    response = client.post(
        "/arbetsyta/2181/upphandling/ny/",
        {**data, "companies": [cast.company.pk], "companies_add": "storviks"},
    )
    assert response.status_code == 302
    from foretagsklimat.apps.workspace.models import ProcurementItem

    item = ProcurementItem.objects.get()
    assert set(item.companies.all()) == {cast.company, other}
    page = client.get(f"/arbetsyta/2181/upphandling/{item.pk}/andra/").content.decode()
    assert f'name="companies" value="{other.pk}" checked' in page
