"""An erasure finds the person's name and e-mail in free text, and removes the mentions."""

from __future__ import annotations

import io
import json

import openpyxl
import pytest
from django.urls import reverse

from foretagsklimat.apps.workspace import audit
from foretagsklimat.apps.workspace.models import (
    AuditEntry,
    Contact,
    FollowUp,
    ProcurementItem,
    SupportReferral,
    Visit,
)
from foretagsklimat.apps.workspace.services import mentions
from foretagsklimat.apps.workspace.services.companies import contact_data
from foretagsklimat.apps.workspace.services.visits import plan_visit, update_visit

from .conftest import Cast
from .support_cast import offering

pytestmark = pytest.mark.django_db


@pytest.fixture
def asa(cast: Cast) -> Contact:
    """A contact whose name starts with Å, to be found written in other cases."""
    return Contact.objects.create(
        company=cast.company, name="Åsa Öberg", email="asa.oberg@example.com"
    )


def _visit(cast: Cast, notes: str, company=None) -> Visit:  # type: ignore[no-untyped-def]
    company = company or cast.company
    return plan_visit(
        Visit(
            municipality=company.municipality,
            company=company,
            officer=cast.sandviken_editor,
            planned_for="2026-03-03",
            participants_company="ÅSA ÖBERG, vd",
            notes=notes,
        ),
        cast.sandviken_editor,
    )


def test_hits_in_every_kind_of_place_ignoring_case_of_swedish_letters(
    cast: Cast, asa: Contact
) -> None:
    visit = _visit(cast, "Vi träffade åsa  öberg (asa.oberg@EXAMPLE.com) om lokaler.")
    FollowUp.objects.create(
        municipality_id="2181", company=cast.company, title="Ring Åsa Öberg", due_on="2026-04-01"
    )
    SupportReferral.objects.create(
        offering=offering(cast.company), company=cast.company, note="Mejla asa.oberg@example.com"
    )
    ProcurementItem.objects.create(
        municipality_id="2181", title="Fråga", text="Från ÅSA öberg: hur lämnar man anbud?"
    )
    found = mentions.find(asa)
    places = {(m.kind, m.field) for m in found}
    assert {
        ("visit", "participants_company"),
        ("visit", "notes"),
        ("followup", "title"),
        ("referral", "note"),
        ("procurement", "text"),
    } <= places
    # The visit's own audit entry holds the same texts.
    assert ("audit", "notes") in places
    notes = next(m for m in found if m.kind == "visit" and m.field == "notes")
    assert notes.object_id == visit.pk
    assert notes.match in {"åsa  öberg", "asa.oberg@EXAMPLE.com"}
    assert notes.match in notes.snippet and "lokaler" in notes.snippet + notes.after
    assert notes.field_label == "anteckningar"


def test_no_hits_from_another_municipality(cast: Cast, asa: Contact) -> None:
    _visit(cast, "Åsa Öberg var med.", company=cast.gavle_company)
    FollowUp.objects.create(
        municipality_id="2180",
        company=cast.gavle_company,
        title="Ring Åsa Öberg",
        due_on="2026-04-01",
    )
    assert mentions.find(asa) == []


def test_removing_a_mention_redacts_the_match_and_leaves_the_rest(cast: Cast, asa: Contact) -> None:
    visit = _visit(cast, "Åsa Öberg vill ha större lokaler. Ring åsa öberg igen i maj.")
    visit.notes += " Även om bygglov."
    update_visit(visit, cast.sandviken_editor)
    assert mentions.remove(asa, "visit", visit.pk, "notes", cast.sandviken_admin)
    visit.refresh_from_db()
    assert visit.notes == (
        "[raderat] vill ha större lokaler. Ring [raderat] igen i maj. Även om bygglov."
    )
    assert visit.participants_company == "ÅSA ÖBERG, vd"  # another field: its own mention
    logged = json.dumps(
        [
            e.changes["notes"]
            for e in AuditEntry.objects.filter(object_type="visit", object_id=visit.pk)
            if "notes" in e.changes
        ],
        ensure_ascii=False,
    ).lower()
    assert "öberg" not in logged and "bygglov" in logged
    removed = AuditEntry.objects.get(action=mentions.REMOVED)
    assert removed.changes == {"notes": [audit.ERASED, audit.ERASED]}
    assert removed.user == cast.sandviken_admin
    assert not any(m.field == "notes" for m in mentions.find(asa))


def test_erasing_with_all_mentions_leaves_no_trace_in_texts_or_the_log(
    cast: Cast, asa: Contact
) -> None:
    _visit(cast, "Åsa Öberg, asa.oberg@example.com")
    FollowUp.objects.create(
        municipality_id="2181", company=cast.company, title="Ring Åsa Öberg", due_on="2026-04-01"
    )
    client = cast.client(cast.sandviken_editor)
    url = reverse("workspace:contact_erase", args=["2181", asa.pk])
    page = client.get(url).content.decode()
    assert "<mark>Åsa Öberg</mark>" in page or "<mark>ÅSA ÖBERG</mark>" in page
    # An editor does not read the log: its hits are counted, not shown.
    assert "finns i ändringsloggen" in page
    asked = client.post(url, {"omnamnanden": "alla"})
    assert 'data-testid="confirmation"' in asked.content.decode()
    assert mentions.find(asa)
    client.post(url, {"omnamnanden": "alla", "confirmed": "1"})
    asa.refresh_from_db()
    assert asa.is_erased
    everything = json.dumps(
        [
            *Visit.objects.values("notes", "participants_company"),
            *FollowUp.objects.values("title"),
            *AuditEntry.objects.values("changes", "object_label"),
        ],
        ensure_ascii=False,
    ).lower()
    assert "öberg" not in everything and "asa.oberg" not in everything
    assert AuditEntry.objects.filter(action="workspace.contact.erased").exists()


def test_the_admin_sees_audit_hits_and_the_editor_may_not_remove_one(
    cast: Cast, asa: Contact
) -> None:
    _visit(cast, "Åsa Öberg")
    url = reverse("workspace:contact_erase", args=["2181", asa.pk])
    assert "ändringslogg:" in cast.client(cast.sandviken_admin).get(url).content.decode()
    entry = AuditEntry.objects.get(action="workspace.visit.planned")
    remove = reverse("workspace:contact_mention_remove", args=["2181", asa.pk])
    data = {"typ": "audit", "id": entry.pk, "falt": "notes", "confirmed": "1"}
    assert cast.client(cast.sandviken_editor).post(remove, data).status_code == 403
    admin = cast.client(cast.sandviken_admin)
    assert (
        'data-testid="confirmation"'
        in admin.post(remove, {**data, "confirmed": ""}).content.decode()
    )
    entry.refresh_from_db()
    assert entry.changes["notes"][1] == "Åsa Öberg"
    assert admin.post(remove, data).status_code == 302
    entry.refresh_from_db()
    assert entry.changes["notes"][1] == "[raderat]"


def test_the_data_subject_export_lists_the_mentions(cast: Cast, asa: Contact) -> None:
    _visit(cast, "Åsa Öberg vill ha lokaler.")
    data = contact_data(asa)
    assert any("[Åsa Öberg]" in m["utdrag"] for m in data["omnamnanden"])
    csv_text = (
        cast.client(cast.sandviken_admin)
        .get(reverse("workspace:contact_export", args=["2181", asa.pk]), {"format": "csv"})
        .content.decode()
    )
    assert "omnamnanden" in csv_text and "[Åsa Öberg] vill ha lokaler" in csv_text
    book = openpyxl.load_workbook(
        io.BytesIO(
            cast.client(cast.sandviken_admin)
            .get(reverse("workspace:contact_export", args=["2181", asa.pk]), {"format": "xlsx"})
            .content
        )
    )
    values = [row for row in book["omnamnanden"].iter_rows(values_only=True)]
    assert values[0][:3] == ("Objekt", "Fält", "Utdrag")
    assert any("[Åsa Öberg] vill ha lokaler" in str(row[2]) for row in values[1:])
    person = [row for row in book["kontaktperson"].iter_rows(values_only=True)]
    assert ("kontaktperson", "email", "asa.oberg@example.com") in [r[:3] for r in person]
