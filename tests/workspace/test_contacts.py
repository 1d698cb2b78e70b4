"""Contacts: audit of changes, GDPR erasure (personal data gone, row and counts kept),
export of one person's data, member management."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from foretagsklimat.apps.workspace.models import AuditEntry, Contact, Membership, Role

from .conftest import Cast

pytestmark = pytest.mark.django_db


def test_adding_a_contact_is_audited_with_its_fields(cast: Cast) -> None:
    client = cast.client(cast.sandviken_editor)
    client.post(
        reverse("workspace:contact_create", args=["2181", cast.company.pk]),
        {"name": "Cilla Exempel", "email": "cilla@example.com"},
    )
    contact = Contact.objects.get(name="Cilla Exempel")
    entry = AuditEntry.objects.get(action="workspace.contact.created", object_id=contact.pk)
    assert entry.changes["email"] == [None, "cilla@example.com"]


def test_consent_needs_a_date(cast: Cast) -> None:
    client = cast.client(cast.sandviken_editor)
    response = client.post(
        reverse("workspace:contact_create", args=["2181", cast.company.pk]),
        {"name": "Cilla Exempel", "consent": "on"},
    )
    assert "Ange när samtycket lämnades." in response.content.decode()


def _edit_then_erase(cast: Cast) -> Contact:
    client = cast.client(cast.sandviken_editor)
    client.post(
        reverse("workspace:contact_edit", args=["2181", cast.contact.pk]),
        {
            "name": "Anna Testsson",
            "role": "VD",
            "phone": "070-174 06 06",
            "email": "anna@example.com",
            "consent": "on",
            "consent_date": "2025-03-01",
        },
    )
    response = client.post(
        reverse("workspace:contact_erase", args=["2181", cast.contact.pk]), {"confirmed": "1"}
    )
    assert response.status_code == 302
    cast.contact.refresh_from_db()
    return cast.contact


def test_erasure_blanks_the_personal_data_and_keeps_the_anonymous_row(cast: Cast) -> None:
    contact = _edit_then_erase(cast)
    assert (contact.name, contact.role, contact.phone, contact.email) == ("", "", "", "")
    assert contact.is_erased and contact.consent
    assert Contact.objects.filter(company=cast.company).count() == 1
    page = (
        cast.client(cast.sandviken_viewer)
        .get(reverse("workspace:company", args=["2181", cast.company.pk]))
        .content.decode()
    )
    assert "Anna Testsson" not in page
    assert "1 kontaktperson har raderats på begäran." in page


def test_erasure_removes_the_personal_data_from_the_audit_log_too(cast: Cast) -> None:
    contact = _edit_then_erase(cast)
    entries = AuditEntry.objects.filter(object_type="contact", object_id=contact.pk)
    logged = json.dumps([e.changes for e in entries], ensure_ascii=False)
    assert "070-174 06" not in logged and "Anna" not in logged and "anna@" not in logged
    erased = entries.get(action="workspace.contact.erased")
    assert set(erased.changes) == {"name", "role", "phone", "email"}
    assert erased.user == cast.sandviken_editor
    updated = entries.get(action="workspace.contact.updated")
    assert updated.changes == {"phone": ["[raderat]", "[raderat]"]}


def test_the_first_post_of_an_erasure_only_asks(cast: Cast) -> None:
    client = cast.client(cast.sandviken_editor)
    url = reverse("workspace:contact_erase", args=["2181", cast.contact.pk])
    asked = client.post(url)
    assert asked.status_code == 200
    assert 'data-testid="confirmation"' in asked.content.decode()
    cast.contact.refresh_from_db()
    assert cast.contact.name == "Anna Testsson" and not cast.contact.is_erased
    assert not AuditEntry.objects.filter(action="workspace.contact.erased").exists()


def test_an_erased_contact_cannot_be_edited(cast: Cast) -> None:
    _edit_then_erase(cast)
    client = cast.client(cast.sandviken_editor)
    response = client.post(
        reverse("workspace:contact_edit", args=["2181", cast.contact.pk]), {"name": "Tillbaka"}
    )
    assert response.status_code == 302
    cast.contact.refresh_from_db()
    assert cast.contact.name == ""


def test_the_admin_exports_one_persons_data_and_the_export_is_logged(cast: Cast) -> None:
    client = cast.client(cast.sandviken_admin)
    url = reverse("workspace:contact_export", args=["2181", cast.contact.pk])
    data = json.loads(client.get(url).content)
    assert data["kontaktperson"]["email"] == "anna@example.com"
    assert data["foretag"]["orgnr"] == "5560360793"
    assert "anna@example.com" in client.get(url + "?format=csv").content.decode()
    assert AuditEntry.objects.filter(action="workspace.contact.exported").count() == 2


def test_the_admin_adds_a_member_by_username_and_changes_the_role(cast: Cast) -> None:
    from django.contrib.auth.models import User

    newcomer = User.objects.create_user("newcomer", password="newcomer-pw-1234")
    client = cast.client(cast.sandviken_admin)
    client.post(
        reverse("workspace:members", args=["2181"]), {"username": "newcomer", "role": Role.EDITOR}
    )
    membership = Membership.objects.get(user=newcomer)
    assert membership.municipality_id == "2181" and membership.can_edit
    client.post(
        reverse("workspace:member_role", args=["2181", membership.pk]),
        {f"m{membership.pk}-role": Role.VIEWER},
    )
    membership.refresh_from_db()
    assert not membership.can_edit and membership.can_view
    url = reverse("workspace:member_remove", args=["2181", membership.pk])
    asked = client.post(url)
    assert asked.status_code == 200 and "Ta bort medlemmen?" in asked.content.decode()
    assert Membership.objects.filter(user=newcomer).exists()
    client.post(url, {"confirmed": "1"})
    assert not Membership.objects.filter(user=newcomer).exists()
    actions = list(
        AuditEntry.objects.filter(action__startswith="workspace.member.")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "workspace.member.added",
        "workspace.member.role_changed",
        "workspace.member.removed",
    ]


def test_the_last_admin_cannot_be_removed_or_demoted(cast: Cast) -> None:
    client = cast.client(cast.sandviken_admin)
    own = Membership.objects.get(user=cast.sandviken_admin)
    response = client.post(
        reverse("workspace:member_remove", args=["2181", own.pk]), {"confirmed": "1"}, follow=True
    )
    assert "minst en administratör" in response.content.decode()
    client.post(
        reverse("workspace:member_role", args=["2181", own.pk]), {f"m{own.pk}-role": Role.VIEWER}
    )
    own.refresh_from_db()
    assert own.can_manage_members


def test_roles_answer_the_permission_questions() -> None:
    viewer, editor, admin = (Membership(role=r) for r in (Role.VIEWER, Role.EDITOR, Role.ADMIN))
    assert (viewer.can_view, viewer.can_edit, viewer.can_manage_members) == (True, False, False)
    assert (editor.can_view, editor.can_edit, editor.can_manage_members) == (True, True, False)
    assert (admin.can_view, admin.can_edit, admin.can_manage_members) == (True, True, True)
