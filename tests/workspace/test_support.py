"""The support catalogue: offerings, referrals from both sides, export, audit, demo."""

from __future__ import annotations

import pytest

from foretagsklimat.apps.workspace.models import (
    AuditEntry,
    FollowUp,
    SupportOffering,
    SupportReferral,
)

from .conftest import Cast
from .support_cast import follow_up as a_follow_up
from .support_cast import offering, referral

pytestmark = pytest.mark.django_db


def test_an_editor_adds_an_offering_and_the_change_is_audited(cast: Cast) -> None:
    response = cast.client(cast.sandviken_editor).post(
        "/arbetsyta/2181/stod/nytt/",
        {
            "name": "Exportcheck",
            "kind": "export",
            "provider": "Business Sweden",
            "conditions": "",
            "contact": "",
            "active": "on",
        },
    )
    assert response.status_code == 302
    created = SupportOffering.objects.get(name="Exportcheck")
    assert created.municipality_id == "2181"
    entry = AuditEntry.objects.get(action="workspace.support.offering_created")
    assert entry.changes["kind"] == [None, "export"]


def test_a_referral_from_the_company_page_shows_on_the_offering_and_the_company(cast: Cast) -> None:
    advice = offering(cast.company)
    client = cast.client(cast.sandviken_editor)
    response = client.post(
        f"/arbetsyta/2181/foretag/{cast.company.pk}/stod/ny/",
        {
            "offering": advice.pk,
            "date": "2025-04-01",
            "referral_type": "referred",
            "outcome": "used",
            "note": "",
        },
    )
    assert response.status_code == 302
    assert SupportReferral.objects.get().company == cast.company
    assert cast.company.name in client.get(f"/arbetsyta/2181/stod/{advice.pk}/").content.decode()
    page = client.get(f"/arbetsyta/2181/foretag/{cast.company.pk}/").content.decode()
    assert advice.name in page
    assert AuditEntry.objects.filter(action="workspace.support.referral_created").count() == 1


def test_removing_an_offering_asks_first_and_takes_its_referrals_along(cast: Cast) -> None:
    advice = offering(cast.company)
    SupportReferral.objects.create(offering=advice, company=cast.company, note="Ring VD")
    client = cast.client(cast.sandviken_editor)
    url = f"/arbetsyta/2181/stod/{advice.pk}/ta-bort/"
    asked = client.post(url)
    assert asked.status_code == 200
    text = asked.content.decode()
    assert "Ta bort stödet ur katalogen?" in text and "1 hänvisning till stödet" in text
    assert SupportOffering.objects.filter(pk=advice.pk).exists()
    assert SupportReferral.objects.exists()
    assert client.post(url, {"confirmed": "1"}).status_code == 302
    assert not SupportOffering.objects.exists() and not SupportReferral.objects.exists()
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"workspace.support.offering_deleted", "workspace.support.referral_deleted"} <= actions


def test_removing_a_referral_and_a_follow_up_asks_first(cast: Cast) -> None:
    made = referral(cast.company)
    owed = a_follow_up(cast.company)
    client = cast.client(cast.sandviken_editor)
    for url, model, action in (
        (
            f"/arbetsyta/2181/stod/hanvisningar/{made.pk}/ta-bort/",
            SupportReferral,
            "workspace.support.referral_deleted",
        ),
        (f"/arbetsyta/2181/uppfoljning/{owed.pk}/ta-bort/", FollowUp, "workspace.followup.deleted"),
    ):
        asked = client.post(url, {"visa": "mina"})
        assert 'data-testid="confirmation"' in asked.content.decode()
        assert model.objects.exists()
        assert client.post(url, {"visa": "mina", "confirmed": "1"}).status_code == 302
        assert not model.objects.exists()
        assert AuditEntry.objects.filter(action=action).exists()
    back = client.post(
        f"/arbetsyta/2181/uppfoljning/{a_follow_up(cast.company).pk}/ta-bort/",
        {"visa": "mina", "confirmed": "1"},
    )
    assert back["Location"].endswith("?visa=mina")


def test_another_municipalitys_company_cannot_be_referred(cast: Cast) -> None:
    advice = offering(cast.company)
    response = cast.client(cast.sandviken_editor).post(
        f"/arbetsyta/2181/stod/{advice.pk}/hanvisa/",
        {
            "company": cast.gavle_company.orgnr,
            "date": "2025-04-01",
            "referral_type": "presented",
            "outcome": "pending",
        },
    )
    assert response.status_code == 200
    assert not SupportReferral.objects.exists()


def test_the_catalogue_and_the_referrals_download_as_excel(cast: Cast) -> None:
    advice = offering(cast.company)
    client = cast.client(cast.sandviken_viewer)
    for url in (
        "/arbetsyta/2181/stod/?format=xlsx",
        f"/arbetsyta/2181/stod/{advice.pk}/?format=xlsx",
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert "spreadsheetml" in response["Content-Type"]


def test_the_support_demo_is_idempotent_and_has_overdue_follow_ups() -> None:
    from datetime import date

    from django.db.models import F

    from foretagsklimat.apps.site.demo.workspace import ensure_workspace_demo
    from foretagsklimat.apps.site.demo.workspace_support import HISTORY_TITLES, ensure_support_demo
    from foretagsklimat.apps.workspace.models import (
        FollowUp,
        FollowUpStatus,
        ProcurementItem,
        Visit,
    )

    ensure_workspace_demo("demo-lösenord-123")
    ensure_support_demo()
    counts = (
        SupportOffering.objects.count(),
        SupportReferral.objects.count(),
        ProcurementItem.objects.count(),
        FollowUp.objects.count(),
    )
    ensure_support_demo()
    assert counts == (
        SupportOffering.objects.count(),
        SupportReferral.objects.count(),
        ProcurementItem.objects.count(),
        FollowUp.objects.count(),
    )
    assert SupportOffering.objects.filter(municipality_id="2181").count() == 8
    assert SupportOffering.objects.filter(municipality_id="2180").exists()
    assert any(f.is_overdue(date.today()) for f in FollowUp.objects.filter(municipality_id="2181"))
    from_visits = FollowUp.objects.filter(municipality_id="2181", visit__isnull=False)
    held = Visit.objects.filter(municipality_id="2181", held_on__lte=date.today()).count()
    # Three of today's plus the history: one for every fourth held visit.
    assert from_visits.count() == 3 + (held + 3) // 4
    for follow_up in from_visits.select_related("visit"):
        assert follow_up.visit is not None and follow_up.visit.is_held()
        assert follow_up.company_id == follow_up.visit.company_id
        assert follow_up.source.startswith("Besök ")
    # The history is closed where due, mostly in time, more so in later years.
    history = FollowUp.objects.filter(municipality_id="2181", title__in=HISTORY_TITLES)
    assert not history.filter(due_on__lt=date.today(), status=FollowUpStatus.OPEN).exists()
    shares = {}
    for year in (2022, 2025):
        due = history.filter(visit__held_on__year=year, status=FollowUpStatus.DONE)
        shares[year] = due.filter(done_on__lte=F("due_on")).count() / due.count()
    assert 0.5 < shares[2022] < shares[2025] < 0.95
