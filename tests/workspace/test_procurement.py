"""The procurement dialogue: create with companies, filter, edit audited, export."""

from __future__ import annotations

import pytest

from foretagsklimat.apps.workspace.models import AuditEntry, ProcurementItem

from .conftest import Cast

pytestmark = pytest.mark.django_db


def _post(cast: Cast, **extra: object) -> ProcurementItem:
    data = {
        "kind": "question",
        "title": "Kan vi lämna anbud tillsammans?",
        "date": "2025-05-02",
        "text": "",
        "answer": "",
        "status": "open",
        "follow_up_on": "",
        "companies": [cast.company.pk],
        **extra,
    }
    response = cast.client(cast.sandviken_editor).post("/arbetsyta/2181/upphandling/ny/", data)
    assert response.status_code == 302
    return ProcurementItem.objects.latest("id")


def test_an_item_is_linked_to_companies_of_the_municipality_only(cast: Cast) -> None:
    item = _post(cast)
    assert list(item.companies.all()) == [cast.company]
    response = cast.client(cast.sandviken_editor).post(
        "/arbetsyta/2181/upphandling/ny/",
        {
            "kind": "question",
            "title": "x",
            "date": "2025-05-02",
            "status": "open",
            "companies": [cast.gavle_company.pk],
        },
    )
    assert response.status_code == 200
    assert ProcurementItem.objects.count() == 1


def test_the_list_filters_by_kind_and_status(cast: Cast) -> None:
    _post(cast)
    _post(cast, kind="meeting", title="Informationsmöte om anbud", status="done")
    client = cast.client(cast.sandviken_viewer)
    page = client.get("/arbetsyta/2181/upphandling/?typ=meeting&status=").content.decode()
    assert "Informationsmöte om anbud" in page
    assert "Kan vi lämna anbud tillsammans?" not in page
    response = client.get("/arbetsyta/2181/upphandling/?status=open&format=xlsx")
    assert "spreadsheetml" in response["Content-Type"]


def test_answering_a_question_is_audited_with_the_changed_fields(cast: Cast) -> None:
    item = _post(cast)
    cast.client(cast.sandviken_editor).post(
        f"/arbetsyta/2181/upphandling/{item.pk}/andra/",
        {
            "kind": "question",
            "title": item.title,
            "date": "2025-05-02",
            "text": "",
            "answer": "Ja, som konsortium.",
            "status": "answered",
            "follow_up_on": "",
            "companies": [cast.company.pk],
        },
    )
    entry = AuditEntry.objects.get(action="workspace.procurement.updated")
    assert set(entry.changes) == {"answer", "status"}
