"""The audit log as sentences, in Swedish and English."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from foretagsklimat.apps.workspace import audit
from foretagsklimat.apps.workspace.models import (
    AuditEntry,
    Goal,
    GoalKind,
    Membership,
    Role,
    Visit,
)
from foretagsklimat.apps.workspace.services.audit_log import Readable, describe, lines
from foretagsklimat.apps.workspace.services.companies import erase_contact, save_contact
from foretagsklimat.apps.workspace.services.goals import delete_goal, save_goal
from foretagsklimat.apps.workspace.services.visits import plan_visit

from .conftest import Cast

pytestmark = pytest.mark.django_db


@pytest.fixture
def anna(cast: Cast) -> object:
    cast.sandviken_editor.first_name, cast.sandviken_editor.last_name = "Anna", "Berg"
    cast.sandviken_editor.save()
    return cast.sandviken_editor


def _both(entry: AuditEntry) -> tuple[str, str]:
    entry = AuditEntry.objects.select_related("user").get(pk=entry.pk)
    with translation.override("sv"):
        swedish = describe(entry)
    with translation.override("en"):
        english = describe(entry)
    return swedish, english


def test_a_contacts_update_names_the_actor_the_contact_its_company_and_the_fields(
    cast: Cast, anna: object
) -> None:
    cast.contact.phone = "070-174 06 99"
    save_contact(cast.contact, anna)
    entry = AuditEntry.objects.get(action="workspace.contact.updated")
    assert _both(entry) == (
        "Anna Berg ändrade kontakten Anna Testsson på Sandvikens Testverkstad AB: telefon",
        "Anna Berg changed the contact Anna Testsson at Sandvikens Testverkstad AB: phone",
    )


def test_a_company_created_and_a_visit_planned(cast: Cast, anna: object) -> None:
    entry = audit.record(
        cast.company.municipality, None, "workspace.company.created", cast.company, {}
    )
    assert _both(entry) == (
        "Systemet lade till företaget Sandvikens Testverkstad AB",
        "The system added the company Sandvikens Testverkstad AB",
    )
    visit = plan_visit(
        Visit(
            municipality_id="2181",
            company=cast.company,
            officer=cast.sandviken_editor,
            planned_for=dt.date(2026, 3, 3),
        ),
        anna,
    )
    entry = AuditEntry.objects.get(action="workspace.visit.planned", object_id=visit.pk)
    assert _both(entry) == (
        "Anna Berg planerade besöket hos Sandvikens Testverkstad AB 3 mars 2026",
        "Anna Berg planned the visit to Sandvikens Testverkstad AB 3 March 2026",
    )
    # The officer by name, not by id.
    changes = Readable([entry]).changes(entry)
    with translation.override("sv"):
        officer = next(c for c in Readable([entry]).changes(entry) if c.field == "handläggare")
    assert officer.after == "Anna Berg" and len(changes) == len(entry.changes)


def test_a_deleted_goal_is_named_from_what_the_entry_stored(cast: Cast, anna: object) -> None:
    goal = Goal(municipality_id="2181", year=2026, kind=GoalKind.VISITS, target=200)
    save_goal(goal, anna)
    goal.target = 250
    save_goal(goal, anna)
    delete_goal(goal, anna)
    assert not Goal.objects.exists()
    updated = AuditEntry.objects.get(action="workspace.goal.updated")
    deleted = AuditEntry.objects.get(action="workspace.goal.deleted")
    assert _both(updated) == (
        "Anna Berg ändrade målet Företagsbesök per år 2026: målvärde",
        "Anna Berg changed the goal Company visits per year 2026: target value",
    )
    assert _both(deleted) == (
        "Anna Berg tog bort målet Företagsbesök per år 2026",
        "Anna Berg removed the goal Company visits per year 2026",
    )


def test_a_member_whose_role_changed_and_an_unknown_action(cast: Cast) -> None:
    member = Membership.objects.get(user=cast.sandviken_viewer)
    entry = audit.record(
        member.municipality,
        cast.sandviken_admin,
        "workspace.member.role_changed",
        member,
        {"role": [Role.VIEWER, Role.POLITICIAN]},
    )
    assert _both(entry)[0] == "sv-admin ändrade rollen för medlemmen sv-viewer"
    [line] = lines([AuditEntry.objects.get(pk=entry.pk)])
    with translation.override("en"):
        [change] = Readable([entry]).changes(entry)
    assert (change.field, change.before, change.after) == ("role", "viewer", "politician")
    assert line.changes[0].after == "politiker"
    odd = audit.record(
        cast.company.municipality, None, "workspace.x.imagined", cast.company, {"name": [1, 2]}
    )
    removed = audit.record(
        cast.company.municipality, cast.sandviken_admin, "workspace.mention.removed", entry, {}
    )
    assert _both(removed)[0] == (
        "sv-admin tog bort ett omnämnande av en raderad person i en post i ändringsloggen"
    )
    assert _both(odd)[1] == (
        "The system: workspace.x.imagined – the company Sandvikens Testverkstad AB: name"
    )


def test_an_erased_person_is_not_named_in_any_sentence(cast: Cast, anna: object) -> None:
    cast.contact.role = "Ekonomichef"
    save_contact(cast.contact, anna)
    erase_contact(cast.contact, cast.sandviken_admin)
    sentences = [_both(e) for e in AuditEntry.objects.filter(object_type="contact").order_by("id")]
    assert sentences[-1] == (
        "sv-admin raderade personuppgifterna för en raderad kontaktperson på "
        "Sandvikens Testverkstad AB",
        "sv-admin erased the personal data of an erased contact at Sandvikens Testverkstad AB",
    )
    assert all("Anna Testsson" not in sv + en for sv, en in sentences)


def test_the_log_page_shows_sentences_newest_first_and_keeps_its_filters(
    cast: Cast, anna: object
) -> None:
    for n in range(55):
        audit.record(
            cast.company.municipality,
            anna if n % 2 else None,
            "workspace.company.updated",
            cast.company,
            {"employees": [n, n + 1]},
        )
    client = cast.client(cast.sandviken_admin)
    url = reverse("workspace:audit_log", args=["2181"])
    page = client.get(url).content.decode()
    assert "Anna Berg ändrade företaget Sandvikens Testverkstad AB: anställda" in page
    assert "54 → 55" in page.split("</tr>")[1]  # the newest first
    only_anna = client.get(url, {"vem": anna.pk, "typ": "company"})  # type: ignore[attr-defined]
    text = only_anna.content.decode()
    assert "Systemet" not in text.split('data-testid="audit-log"')[1]
    assert f"vem={anna.pk}&amp;typ=company&amp;format=xlsx" in text  # type: ignore[attr-defined]
    assert len(only_anna.context["page"]) == 27
    assert client.get(url, {"typ": "goal"}).context["page"].paginator.count == 0
