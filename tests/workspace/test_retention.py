"""Retention (gallring): each rule erases exactly what is due, a dry run changes nothing,
erased contacts stay as anonymous rows, and each run is audited (time frozen)."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from stdnum import luhn

from foretagsklimat.apps.workspace import audit
from foretagsklimat.apps.workspace.models import (
    AuditEntry,
    Company,
    Contact,
    Evaluation,
    FollowUp,
    SupportOffering,
    SupportReferral,
    Visit,
)
from foretagsklimat.apps.workspace.services.retention import apply_retention, cutoff, months_before

from .conftest import Cast

pytestmark = pytest.mark.django_db

TODAY = "2026-06-15 12:00 +02:00"
#: Two years before TODAY (the consentless-contact rule, 24 months) is 2024-06-15.
OLD = "2024-01-10 12:00 +01:00"
RECENT = "2025-01-10 12:00 +01:00"
VERY_OLD = "2020-01-10 12:00 +01:00"


@pytest.fixture(autouse=True)
def rules(settings: object) -> None:
    settings.RETAIN_CONTACTS_WITHOUT_CONSENT_MONTHS = 24  # type: ignore[attr-defined]
    settings.RETAIN_CONTACTS_MONTHS = 60  # type: ignore[attr-defined]
    settings.RETAIN_EVALUATION_COMMENTS_MONTHS = 24  # type: ignore[attr-defined]
    settings.RETAIN_AUDIT_MONTHS = 36  # type: ignore[attr-defined]


def _company(n: int, code: str = "2181") -> Company:
    base = f"559{n:06d}"
    return Company.objects.create(
        municipality_id=code, orgnr=base + luhn.calc_check_digit(base), name=f"Företag {n}"
    )


def _contact(
    when: str,
    name: str,
    *,
    consent: bool = False,
    company: Company | None = None,
    n: int = 0,
    code: str = "2181",
) -> Contact:
    with time_machine.travel(when, tick=False):
        return Contact.objects.create(
            company=company or _company(n, code),
            name=name,
            phone="070-174 06 10",
            email=f"{name.lower()}@example.com",
            consent=consent,
            consent_date=dt.date(2019, 1, 1) if consent else None,
        )


@dataclass
class World:
    due_no_consent: Contact
    due_no_consent_at_midnight: Contact
    due_with_consent: Contact
    gavle_due: Contact
    kept: list[Contact]
    old_comment: Evaluation
    new_comment: Evaluation
    old_entry: AuditEntry
    new_entry: AuditEntry


def _world(cast: Cast) -> World:
    """Contacts, evaluations and audit entries on both sides of each rule's cut-off."""
    officer = cast.sandviken_editor
    due_no_consent = _contact(OLD, "Utan", n=1)
    with time_machine.travel(RECENT, tick=False):
        audit.record(
            cast.company.municipality,
            officer,
            "workspace.contact.updated",
            due_no_consent,
            {"phone": ["070-174 06 09", "070-174 06 10"]},
        )
    # 23:30 on 14 June 2024 is before the local midnight that starts the 24 months.
    due_at_midnight = _contact("2024-06-14 23:30 +02:00", "Kvall", n=2)
    just_kept = _contact("2024-06-15 00:30 +02:00", "Natt", n=3)
    recently_changed = _contact(RECENT, "Nyligen", n=4)
    consent_two_years = _contact(OLD, "Samtycke", consent=True, n=5)
    due_with_consent = _contact(VERY_OLD, "Gammal", consent=True, n=6)

    visited = _contact(OLD, "Besokt", n=7)
    visit = Visit(
        municipality_id="2181",
        company=visited.company,
        officer=officer,
        planned_for=dt.date(2025, 5, 1),
    )
    visit.mark_held(dt.date(2025, 5, 1))
    visit.save()
    planned = _contact(OLD, "Planerad", n=8)
    Visit.objects.create(
        municipality_id="2181",
        company=planned.company,
        officer=officer,
        planned_for=dt.date(2026, 9, 1),
    )
    open_follow_up = _contact(VERY_OLD, "Oppen", consent=True, n=9)
    with time_machine.travel(VERY_OLD, tick=False):
        FollowUp.objects.create(
            municipality_id="2181",
            company=open_follow_up.company,
            title="Utlovad",
            due_on=dt.date(2020, 2, 1),
        )
    referred = _contact(OLD, "Hanvisad", n=10)
    offering = SupportOffering.objects.create(municipality_id="2181", name="Mikrolån")
    SupportReferral.objects.create(
        offering=offering, company=referred.company, date=dt.date(2025, 2, 1)
    )
    gavle_due = _contact(OLD, "Gavle", n=11, code="2180")

    evaluated = Visit(
        municipality_id="2181",
        company=_company(12),
        officer=officer,
        planned_for=dt.date(2023, 1, 1),
    )
    evaluated.mark_held(dt.date(2023, 1, 1))
    evaluated.save()
    recent_visit = Visit(
        municipality_id="2181",
        company=evaluated.company,
        officer=officer,
        planned_for=dt.date(2025, 3, 1),
    )
    recent_visit.mark_held(dt.date(2025, 3, 1))
    recent_visit.save()
    grades = {"useful": 5, "understood": 4, "next_steps": 3}
    with time_machine.travel(OLD, tick=False):
        old_comment = Evaluation.objects.create(visit=evaluated, comment="Bra, Anna", **grades)
    with time_machine.travel(RECENT, tick=False):
        new_comment = Evaluation.objects.create(visit=recent_visit, comment="Nyare", **grades)

    with time_machine.travel("2023-06-14 12:00 +02:00", tick=False):
        old_entry = audit.record(
            cast.company.municipality,
            officer,
            "workspace.company.updated",
            cast.company,
            {"name": ["a", "b"]},
        )
        audit.record(
            cast.gavle_company.municipality,
            None,
            "workspace.company.updated",
            cast.gavle_company,
            {"name": ["c", "d"]},
        )
    with time_machine.travel("2023-06-15 12:00 +02:00", tick=False):
        new_entry = audit.record(
            cast.company.municipality,
            officer,
            "workspace.company.updated",
            cast.company,
            {"name": ["b", "c"]},
        )
    return World(
        due_no_consent=due_no_consent,
        due_no_consent_at_midnight=due_at_midnight,
        due_with_consent=due_with_consent,
        gavle_due=gavle_due,
        kept=[
            just_kept,
            recently_changed,
            consent_two_years,
            visited,
            planned,
            open_follow_up,
            referred,
        ],
        old_comment=old_comment,
        new_comment=new_comment,
        old_entry=old_entry,
        new_entry=new_entry,
    )


def _erased(contacts: list[Contact]) -> list[bool]:
    return [Contact.objects.get(pk=c.pk).is_erased for c in contacts]


def test_months_before_keeps_the_day_or_takes_the_months_last() -> None:
    assert months_before(dt.date(2026, 3, 31), 1) == dt.date(2026, 2, 28)
    assert months_before(dt.date(2026, 6, 15), 24) == dt.date(2024, 6, 15)
    assert months_before(dt.date(2026, 1, 15), 13) == dt.date(2024, 12, 15)
    assert str(cutoff(dt.datetime.fromisoformat("2026-06-15T00:30+02:00"), 24)) == (
        "2024-06-15 00:00:00+02:00"
    )


@time_machine.travel(TODAY, tick=False)
def test_each_rule_erases_exactly_what_is_due(cast: Cast) -> None:
    world = _world(cast)
    report = apply_retention()
    assert report.counts == {
        "2181": {
            "contacts_without_consent": 2,
            "contacts": 1,
            "evaluation_comments": 1,
            "audit_entries": 1,
        },
        "2180": {"contacts_without_consent": 1, "audit_entries": 1},
    }
    assert (
        _erased(
            [
                world.due_no_consent,
                world.due_no_consent_at_midnight,
                world.due_with_consent,
                world.gavle_due,
            ]
        )
        == [True] * 4
    )
    assert _erased(world.kept) == [False] * len(world.kept)
    assert _erased([cast.contact, cast.gavle_contact]) == [False, False]
    world.old_comment.refresh_from_db()
    world.new_comment.refresh_from_db()
    assert world.old_comment.comment == "" and world.old_comment.useful == 5
    assert world.new_comment.comment == "Nyare"
    assert not AuditEntry.objects.filter(pk=world.old_entry.pk).exists()
    assert AuditEntry.objects.filter(pk=world.new_entry.pk).exists()
    assert apply_retention().total == 0  # nothing left to do


@time_machine.travel(TODAY, tick=False)
def test_erasure_by_retention_keeps_the_anonymous_row_and_redacts_the_log(cast: Cast) -> None:
    world = _world(cast)
    apply_retention()
    contact = Contact.objects.get(pk=world.due_with_consent.pk)
    assert (contact.name, contact.role, contact.phone, contact.email) == ("", "", "", "")
    assert contact.consent  # the anonymous count of consents survives
    assert Contact.objects.filter(company=contact.company).count() == 1
    page = (
        cast.client(cast.sandviken_viewer)
        .get(reverse("workspace:company", args=["2181", contact.company_id]))
        .content.decode()
    )
    assert "Gammal" not in page and "1 kontaktperson har raderats" in page
    entries = AuditEntry.objects.filter(object_type="contact", object_id=world.due_no_consent.pk)
    assert entries.get(action="workspace.contact.updated").changes == {
        "phone": ["[raderat]", "[raderat]"]
    }
    erased = entries.get(action="workspace.contact.erased")
    assert erased.user is None and set(erased.changes) == {"name", "phone", "email"}


@time_machine.travel(TODAY, tick=False)
def test_each_run_is_audited_per_municipality_with_its_counts(cast: Cast) -> None:
    _world(cast)
    apply_retention()
    sandviken = AuditEntry.objects.get(action="workspace.retention.applied", municipality_id="2181")
    assert sandviken.user is None
    assert sandviken.changes == {
        "contacts_without_consent": [None, 2],
        "contacts": [None, 1],
        "evaluation_comments": [None, 1],
        "audit_entries": [None, 1],
    }
    gavle = AuditEntry.objects.get(action="workspace.retention.applied", municipality_id="2180")
    assert gavle.changes == {"contacts_without_consent": [None, 1], "audit_entries": [None, 1]}


@time_machine.travel(TODAY, tick=False)
def test_a_dry_run_reports_the_counts_and_changes_nothing(cast: Cast) -> None:
    world = _world(cast)
    entries = AuditEntry.objects.count()
    out = io.StringIO()
    call_command("workspace_retention", "--dry-run", stdout=out)
    text = out.getvalue()
    assert "2181 Sandviken: contacts_without_consent 2" in text
    assert "2180 Gävle: audit_entries 1" in text
    assert "Provkörning: 7 poster skulle gallras" in text
    assert not any(_erased([world.due_no_consent, world.due_with_consent, world.gavle_due]))
    world.old_comment.refresh_from_db()
    assert world.old_comment.comment == "Bra, Anna"
    assert AuditEntry.objects.count() == entries


@time_machine.travel(TODAY, tick=False)
def test_the_command_can_be_limited_to_one_municipality(cast: Cast) -> None:
    world = _world(cast)
    out = io.StringIO()
    call_command("workspace_retention", "--municipality", "2180", stdout=out)
    assert "2 poster gallrade." in out.getvalue()
    assert _erased([world.gavle_due, world.due_no_consent]) == [True, False]
    assert AuditEntry.objects.filter(pk=world.old_entry.pk).exists()


@time_machine.travel(TODAY, tick=False)
def test_a_rule_set_to_zero_keeps_its_data(cast: Cast, settings: object) -> None:
    settings.RETAIN_CONTACTS_WITHOUT_CONSENT_MONTHS = 0  # type: ignore[attr-defined]
    settings.RETAIN_AUDIT_MONTHS = 0  # type: ignore[attr-defined]
    world = _world(cast)
    report = apply_retention()
    assert report.counts["2181"] == {"contacts": 1, "evaluation_comments": 1}
    assert _erased([world.due_no_consent, world.due_with_consent]) == [False, True]
    assert AuditEntry.objects.filter(pk=world.old_entry.pk).exists()


def test_the_admin_sees_the_active_rules_on_the_members_page(cast: Cast, settings: object) -> None:
    settings.RETAIN_AUDIT_MONTHS = 0  # type: ignore[attr-defined]
    page = (
        cast.client(cast.sandviken_admin)
        .get(reverse("workspace:members", args=["2181"]))
        .content.decode()
    )
    assert 'data-testid="retention-rules"' in page
    assert "24 månader" in page and "60 månader" in page and "sparas" in page
