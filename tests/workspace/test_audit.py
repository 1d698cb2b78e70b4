"""The audited save: the change and its entry in one transaction, the old values read from
the database, only what changed, nothing logged when the change fails."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import IntegrityError

from foretagsklimat.apps.workspace import audit
from foretagsklimat.apps.workspace.models import (
    AuditEntry,
    Company,
    Goal,
    GoalKind,
    Membership,
    ProcurementItem,
    Role,
    TargetKind,
    VisitTarget,
)

from .conftest import Cast

pytestmark = pytest.mark.django_db


def _entries() -> list[tuple[str, dict]]:
    return [(e.action, e.changes) for e in AuditEntry.objects.order_by("id")]


def test_a_new_object_logs_every_audited_field(cast: Cast) -> None:
    company = Company(municipality_id="2181", orgnr="556703-7485", name="Nya AB", employees=3)
    entry = audit.save(company, cast.sandviken_editor, "workspace.company.created")
    assert entry is not None
    assert (entry.object_type, entry.object_id, entry.user) == (
        "company",
        company.pk,
        cast.sandviken_editor,
    )
    assert entry.changes["orgnr"] == [None, "5567037485"]  # as saved (compacted)
    assert entry.changes["employees"] == [None, 3]
    assert "synthetic" not in entry.changes  # only the model's AUDITED_FIELDS


def test_an_update_logs_what_changed_against_the_database_without_a_copy(cast: Cast) -> None:
    company = cast.company
    company.employees = 300
    company.area = "Storvik"  # unchanged
    entry = audit.save(company, cast.sandviken_editor, "workspace.company.updated")
    assert entry is not None and entry.changes == {"employees": [12, 300]}


def test_an_update_that_changes_nothing_writes_no_entry_unless_asked(cast: Cast) -> None:
    assert audit.save(cast.company, cast.sandviken_editor, "workspace.company.updated") is None
    assert not AuditEntry.objects.exists()
    entry = audit.save(cast.company, None, "workspace.x.event", record_unchanged=True)
    assert entry is not None and entry.changes == {} and entry.user is None


def test_a_failing_save_writes_no_audit_entry(cast: Cast) -> None:
    clash = Company(municipality_id="2181", orgnr=cast.company.orgnr, name="Dubblett AB")
    with pytest.raises(IntegrityError):
        audit.save(clash, cast.sandviken_editor, "workspace.company.created")
    assert not AuditEntry.objects.exists()
    assert Company.objects.filter(municipality_id="2181").count() == 1


def test_a_failing_entry_undoes_the_change(cast: Cast, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the log is down")

    monkeypatch.setattr(audit, "record", broken)
    cast.company.name = "Bytt namn AB"
    with pytest.raises(RuntimeError):
        audit.save(cast.company, cast.sandviken_editor, "workspace.company.updated")
    cast.company.refresh_from_db()
    assert cast.company.name == "Sandvikens Testverkstad AB"


def test_a_role_change_saves_the_role_and_logs_old_and_new(cast: Cast) -> None:
    membership = Membership.objects.get(user=cast.sandviken_viewer)
    membership.role = Role.EDITOR
    entry = audit.save(
        membership, cast.sandviken_admin, "workspace.member.role_changed", update_fields=["role"]
    )
    assert entry is not None and entry.changes == {"role": ["viewer", "editor"]}
    assert Membership.objects.get(pk=membership.pk).role == Role.EDITOR


def test_a_membership_is_logged_by_the_accounts_name(cast: Cast) -> None:
    membership = Membership.objects.get(user=cast.sandviken_viewer)
    pk = membership.pk
    entry = audit.delete(membership, cast.sandviken_admin, "workspace.member.removed")
    assert entry.changes == {"user": ["sv-viewer", None], "role": ["viewer", None]}
    assert (entry.object_type, entry.object_id) == ("membership", pk)
    assert not Membership.objects.filter(pk=pk).exists()


def test_a_many_to_many_field_is_logged_as_sorted_ids(cast: Cast) -> None:
    item = ProcurementItem(municipality_id="2181", title="Anbud?", date=date(2026, 5, 1))
    created = audit.save(
        item, None, "workspace.procurement.created", many_to_many={"companies": [cast.company]}
    )
    assert created is not None and created.changes["companies"] == [None, [cast.company.pk]]
    other = Company.objects.create(municipality_id="2181", orgnr="5567037485", name="Två AB")
    updated = audit.save(
        item,
        None,
        "workspace.procurement.updated",
        many_to_many={"companies": [other, cast.company]},
    )
    assert updated is not None
    assert updated.changes == {
        "companies": [[cast.company.pk], sorted([cast.company.pk, other.pk])]
    }


def test_a_deletion_logs_the_last_values_with_or_without_blank_texts(cast: Cast) -> None:
    target = VisitTarget.objects.create(
        municipality_id="2181", year=2026, kind=TargetKind.VISITS_TOTAL, target=120
    )
    target_entry = audit.delete(target, None, "workspace.target.deleted")
    assert target_entry.changes["unit"] == ["", None]
    assert "officer" not in target_entry.changes  # None to None is no change
    goal = Goal.objects.create(municipality_id="2181", year=2026, kind=GoalKind.VISITS, target=9)
    goal_entry = audit.delete(goal, None, "workspace.goal.deleted", omit_blank=True)
    assert goal_entry.changes == {
        "year": [2026, None],
        "kind": ["visits", None],
        "target": [9, None],
    }
    assert not VisitTarget.objects.exists() and not Goal.objects.exists()
    assert [action for action, _changes in _entries()] == [
        "workspace.target.deleted",
        "workspace.goal.deleted",
    ]
